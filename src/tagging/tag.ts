/**
 * `tag` and `embed`: pretrained music tagging and embeddings with the bundled musicnn models.
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { loadAudio, type AudioInput } from '../audio/load.js';
import { resample } from '../audio/resample.js';
import type { Matrix } from '../matrix.js';
import { checkSampleRate, checkSignal } from '../validate.js';
import { MUSICNN_SR, musicnnPatches } from './frontend.js';
import { layersOf, type MusicnnLayer, type MusicnnModelName } from './models.js';
import { resolveMusicnnModel, type MusicnnModel } from './model.js';
import { runPatches } from './run.js';
import { readOptions } from '../options.js';
import { EMBED_OPTIONS, TAG_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

/** A decoded signal with its sample rate. */
export interface SignalInput {
  /** Mono samples. */
  y: Float32Array | Float64Array | number[];
  /** Sample rate in Hz (resampled to 16 kHz when different). */
  sr: number;
}

/** The audio inputs of {@link tag} and {@link embed}: as for `classify`. */
export type TagInput = AudioInput | SignalInput;

/** One entry of {@link TagResult.top}. */
export interface TagScore {
  /** The tag. */
  tag: string;
  /** Its mean probability over the patches. */
  probability: number;
}

/** Options shared by {@link tag} and {@link embed}. */
export interface MusicnnOptions {
  /** A bundled model name (default `'MSD_musicnn'`) or a model from {@link loadMusicnnModel}. */
  model?: MusicnnModelName | MusicnnModel;
  /** The weight file's bytes, for a model given by name where the package files cannot be read (browsers). */
  weights?: Uint8Array | ArrayBuffer;
  /** Patches per network pass (default 8; bounds the memory on long tracks). */
  batchSize?: number;
}

/** Options of {@link tag}. */
export interface TagOptions extends MusicnnOptions {
  /** How many tags `top` lists (default 10; 0-50). */
  top?: number;
}

/** Result of {@link tag}. */
export interface TagResult {
  /** The model's name. */
  model: MusicnnModelName;
  /** The model's 50 tags in output order (the taggram's columns). */
  tags: string[];
  /** Sigmoid probabilities, rows = patches (3 s each: 187 frames of 16 ms), cols = tags. */
  taggram: Matrix;
  /** Mean probability over the patches, per tag. */
  probabilities: Record<string, number>;
  /** The `top` tags by mean probability, most probable first. */
  top: TagScore[];
}

/** Options of {@link embed}. */
export interface EmbedOptions extends MusicnnOptions {
  /**
   * The layer: `'penultimate'` (default, 200-d), `'max_pool'` or `'mean_pool'` (753-d) for the musicnn
   * models; `'pool5'` (default for vgg) for the vgg models.
   */
  layer?: MusicnnLayer;
}

/** Result of {@link embed}. */
export interface EmbedResult {
  /** One row per patch (3 s), one column per dimension. */
  frames: Matrix;
  /**
   * The mean over the patches; for `'pool5'` over the patches and its 2 time steps (128-d, the
   * reference's `pool5_mean`).
   */
  mean: Float32Array;
}

/** The input as a mono 16 kHz signal (mirkit's soxr_hq-equivalent resampler). */
async function signal16k(input: TagInput): Promise<Float32Array | Float64Array> {
  if (typeof input === 'object' && input !== null && 'y' in input && 'sr' in input) {
    const sr = checkSampleRate(input.sr);
    const y = checkSignal(input.y);
    return sr === MUSICNN_SR ? y : resample(y, sr, MUSICNN_SR);
  }
  const { y } = await loadAudio(input as AudioInput, { sr: MUSICNN_SR });
  return checkSignal(y);
}

function checkBatch(batchSize: number | undefined): number {
  const b = batchSize ?? 8;
  if (!Number.isInteger(b) || b < 1)
    throw new MirkitError('BAD_OPTION', `batchSize must be a positive integer, got ${shown(batchSize)}`, { option: 'batchSize' });
  return b;
}

/**
 * Tags a music clip with a pretrained musicnn model (Pons & Serra, ISMIR 2019; ISC-licensed weights
 * bundled, float16): 50 tags of genre, mood, instrumentation, vocals and era.
 *
 * The clip is brought to 16 kHz mono by mirkit's resampler (soxr_hq-equivalent), cut into 3 s
 * log-mel patches without overlap (the tail that does not fill a patch is ignored) and run through
 * the network (TensorFlow.js, wasm backend where it initialises). The taggram holds sigmoid
 * probabilities for the vgg models too (their Keras files end in logits). Equal to the float64
 * reference pass of the Keras models within 1e-4 on mean probabilities from the same 16 kHz signal.
 *
 * In Node the weights are read from the package on each call unless `model` is a loaded
 * {@link MusicnnModel}; in browsers pass `weights` or a loaded model.
 *
 * @param input - a file path (Node), encoded bytes, an AudioBuffer-like object, or `{ y, sr }`
 * @throws MirkitError `TOO_SHORT` for under 2.976 s at 16 kHz (no whole patch), `BAD_OPTION` (a `model`
 *   object that is not a loaded model included), `BAD_MODEL` for weights that are not the model's or
 *   hold NaN / infinite values, plus the errors of `loadAudio`
 * @example
 * ```ts
 * const { top } = await tag('song.mp3');                    // MSD_musicnn, top 10
 * const r = await tag({ y, sr: 44100 }, { model: 'MTT_musicnn', top: 5 });
 * ```
 */
export async function tag(input: TagInput, opts: TagOptions = {}): Promise<TagResult> {
  opts = readOptions('tag', opts, TAG_OPTIONS);
  const top = opts.top ?? 10;
  if (!Number.isInteger(top) || top < 0 || top > 50)
    throw new MirkitError('BAD_OPTION', `top must be an integer from 0 to 50, got ${shown(top)}`, { option: 'top' });
  const batchSize = checkBatch(opts.batchSize);
  const model = await resolveMusicnnModel(opts.model, opts.weights);
  const patches = musicnnPatches(await signal16k(input));
  const [logits] = await runPatches(model, patches, ['logits'], batchSize);
  const tags = [...model.tags];
  const nTags = tags.length;
  const taggram = new Float32Array(logits.length);
  const sums = new Float64Array(nTags);
  for (let i = 0; i < logits.length; i++) {
    const p = 1 / (1 + Math.exp(-logits[i]));
    taggram[i] = p;
    sums[i % nTags] += p;
  }
  const probabilities: Record<string, number> = {};
  const mean = Array.from(sums, (s) => s / patches.count);
  tags.forEach((t, j) => (probabilities[t] = mean[j]));
  const order = tags.map((_, j) => j).sort((a, b) => mean[b] - mean[a] || a - b);
  return {
    model: model.name,
    tags,
    taggram: { rows: patches.count, cols: nTags, data: taggram },
    probabilities,
    top: order.slice(0, top).map((j) => ({ tag: tags[j], probability: mean[j] })),
  };
}

/**
 * Embeddings of a music clip from a pretrained musicnn model: one vector per 3 s patch and their
 * mean, for downstream classifiers (see the README's GTZAN experiment).
 *
 * Layers as the musicnn extractor names them: `'penultimate'` (200-d: Dense(200)+ReLU then
 * BatchNorm; the default for the musicnn models), `'max_pool'` / `'mean_pool'` (753-d: max / mean over
 * the patch's 187 frames of the front end and the residual mid-end, layout
 * `[0:204] timbral 7x38 | [204:408] 7x67 | [408:561] temporal 128/64/32 | [561:753] mid-end 1-3`), and
 * `'pool5'` for the vgg models (256 per patch = 2 time steps x 128; `mean` is 128-d, over patches
 * and time steps). Front end and input handling as {@link tag}.
 *
 * @param input - a file path (Node), encoded bytes, an AudioBuffer-like object, or `{ y, sr }`
 * @throws MirkitError `TOO_SHORT` for under 2.976 s at 16 kHz, `BAD_OPTION` for a layer the model lacks,
 *   the other errors of {@link tag}
 * @example
 * ```ts
 * const { mean } = await embed('song.wav');                                  // 200-d
 * const { frames } = await embed({ y, sr }, { model: 'MSD_vgg' });            // patches x 256
 * ```
 */
export async function embed(input: TagInput, opts: EmbedOptions = {}): Promise<EmbedResult> {
  opts = readOptions('embed', opts, EMBED_OPTIONS);
  const batchSize = checkBatch(opts.batchSize);
  const model = await resolveMusicnnModel(opts.model, opts.weights);
  const allowed = layersOf(model.architecture);
  const layer = opts.layer ?? allowed[0];
  if (!allowed.includes(layer)) {
    throw new MirkitError('BAD_OPTION', `${model.name} has no layer '${shown(layer)}'; use ${allowed.map((l) => `'${l}'`).join(', ')}`, { option: 'layer' });
  }
  const patches = musicnnPatches(await signal16k(input));
  const [data] = await runPatches(model, patches, [layer], batchSize);
  const cols = data.length / patches.count;
  const dims = layer === 'pool5' ? cols / 2 : cols;
  const sums = new Float64Array(dims);
  for (let i = 0; i < data.length; i++) sums[i % dims] += data[i];
  const steps = (patches.count * cols) / dims;
  const mean = Float32Array.from(sums, (s) => s / steps);
  return { frames: { rows: patches.count, cols, data }, mean };
}
