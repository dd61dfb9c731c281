import { MirkitError } from '../errors.js';
import { loadAudio, type AudioInput } from '../audio/load.js';
import { resample } from '../audio/resample.js';
import { checkSampleRate, checkSignal } from '../validate.js';
import type { Classifier } from '../classifiers/types.js';
import type { FftOption } from '../dsp/fft.js';
import { extractFeatures } from './features.js';
import { bundledGenreModel, loadModel, prepareGenreModel, type GenreModel } from './model.js';
import { loadNeuralBackend } from '../classifiers/neural/backend.js';
import { containsNeuralModel } from '../classifiers/neural/registry.js';
import { readOptions } from '../options.js';
import { CLASSIFY_OPTIONS } from '../option-keys.js';
import { loadWindows } from './window-load.js';
import { readFileBytes } from '../audio/read-file.js';
import { shown } from '../util/shown.js';

/** The sample rate the genre models were trained at. */
export const GENRE_SR = 22050;

/** One analysis window of {@link classify}. */
export interface ClassifyWindow {
  /** Start in seconds from the beginning of the input. */
  start: number;
  /** End in seconds. */
  end: number;
  /** The model's probabilities for this window alone. */
  probabilities: Record<string, number>;
}

/** Result of {@link classify}. */
export interface ClassifyResult {
  /** The most probable genre. */
  genre: string;
  /** Probability per genre (averaged over the windows); sums to 1. */
  probabilities: Record<string, number>;
  /** The model's name. */
  model: string;
  /** The windows that were judged. */
  windows: ClassifyWindow[];
}

/** Options of {@link classify}. */
export interface ClassifyOptions {
  /**
   * The model: a {@link GenreModel} from `loadModel`, model JSON, or a fitted classifier over
   * `gtzan57` vectors. Default: the bundled model.
   */
  model?: GenreModel | Classifier | object;
  /** Length of one analysis window in seconds (default 30, as the training clips). */
  windowSeconds?: number;
  /** At most this many windows for a long track (default 3), spread over the track. */
  maxWindows?: number;
  /** FFT implementation of the loading and feature extraction (`'auto'` default, `'js'`, `'wasm'`; see `FftOption`). */
  fft?: FftOption;
}

function isClassifier(x: unknown): x is Classifier {
  return typeof x === 'object' && x !== null && typeof (x as Classifier).predictProba === 'function';
}

function isGenreModel(x: unknown): x is GenreModel {
  return typeof x === 'object' && x !== null && 'classifier' in x && 'meta' in x;
}

/**
 * The bundled model as `classify` uses it: restored once (about 6 ms of decoding) and reused, since
 * prediction reads the fitted model and never changes it (`bundledGenreModel` still gives callers
 * their own copy).
 */
let bundled: GenreModel | undefined;

function resolveModel(model: ClassifyOptions['model']): GenreModel {
  if (model === undefined) {
    if (bundled === undefined) bundled = bundledGenreModel();
    return bundled;
  }
  if (isGenreModel(model)) return model;
  if (isClassifier(model)) return { classifier: model, meta: { name: 'custom', featureSet: 'gtzan57' } };
  return loadModel(model);
}

/**
 * `model` if it is a genre model `classify` can run: a classifier with `predictProba` and a
 * `classes` array of two or more labels, and `meta` naming a feature set of ours and a name; else
 * `BAD_MODEL` (the JSON of a transformer, a hand-made object).
 */
function checkGenreModel(model: GenreModel): GenreModel {
  const { classifier, meta } = model;
  if (!isClassifier(classifier) || !Array.isArray(classifier.classes) || classifier.classes.length < 2)
    throw new MirkitError('BAD_MODEL', 'the model is not a fitted classifier (predictProba, and classes of two or more labels)');
  if (typeof meta !== 'object' || meta === null || (meta.featureSet !== 'gtzan57' && meta.featureSet !== 'seed') || typeof meta.name !== 'string')
    throw new MirkitError('BAD_MODEL', `the model's meta must name a feature set ('gtzan57' or 'seed') and a name (a string), got ${shown(meta)}`);
  return model;
}

/**
 * The analysis windows `[start, end]` (seconds) for a track of `duration` seconds. A clip shorter
 * than two windows is judged whole, as the training clips were (GTZAN clips run 30-31 s). A longer
 * track gets `min(maxWindows, floor(duration / win))` windows of `win` seconds: on a track long
 * enough to hold them twice over, centred in equal parts of the track (away from intro and outro),
 * otherwise spread evenly from the start to the end.
 */
export function analysisWindows(duration: number, win: number, maxWindows: number): Array<[number, number]> {
  if (duration < 2 * win) return [[0, duration]];
  const k = Math.min(maxWindows, Math.floor(duration / win));
  let starts: number[];
  if (k === 1) starts = [(duration - win) / 2];
  else if (duration >= 2 * win * k) starts = Array.from({ length: k }, (_, i) => ((i + 0.5) * duration) / k - win / 2);
  else starts = Array.from({ length: k }, (_, i) => (i * (duration - win)) / (k - 1));
  return starts.map((s) => [s, s + win]);
}

/**
 * The windows of the input at {@link GENRE_SR}: a long encoded track (two windows or more) of a
 * format whose length is read without decoding it has only its windows decoded, each resampled
 * on its own ({@link loadWindows}); anything else is loaded (or resampled) whole and sliced.
 */
async function loadInput(
  input: AudioInput | { y: Float32Array | Float64Array | number[]; sr: number },
  win: number,
  maxWindows: number,
  fft: FftOption | undefined,
): Promise<Array<{ start: number; y: Float32Array | Float64Array }>> {
  let y: Float32Array | Float64Array;
  if (typeof input === 'object' && input !== null && 'y' in input && 'sr' in input) {
    const sr = checkSampleRate(input.sr);
    y = checkSignal(input.y);
    if (sr !== GENRE_SR) y = resample(y, sr, GENRE_SR, { fft });
  } else {
    // a path is read once, for the windows' decoding and, where that does not apply, the whole load
    const source = typeof input === 'string' ? await readFileBytes(input) : (input as AudioInput);
    const parts = await loadWindows(
      source,
      GENRE_SR,
      (d) => analysisWindows(d, win, maxWindows),
      (d) => d >= 2 * win,
      fft,
    );
    if (parts) return parts;
    y = (await loadAudio(source, { sr: GENRE_SR, fft })).y;
    checkSignal(y);
  }
  const whole = y;
  return analysisWindows(whole.length / GENRE_SR, win, maxWindows).map(([start, end]) => {
    const s0 = Math.round(start * GENRE_SR);
    return { start: s0, y: whole.subarray(s0, Math.min(whole.length, Math.round(end * GENRE_SR))) };
  });
}

/**
 * Names the genre of a music clip with the bundled pretrained model (or your own, via `model`).
 *
 * The clip is brought to 22050 Hz mono, judged in windows of 30 s like the training data (a
 * track of a minute or more in up to three windows spread over it, whose probabilities are averaged;
 * a shorter one whole), through `extractFeatures(..., { set: 'gtzan57' })` and the model.
 * A long track given as a path or bytes of stereo MPEG-1 MP3 or plain Ogg/Vorbis has only its
 * windows decoded (its length is read from the file), each resampled on its own: the same
 * windows, probabilities within about 1e-8 of classifying the whole load (`{ y, sr }`).
 *
 * @param input - a file path (Node), encoded bytes, an AudioBuffer-like object, or `{ y, sr }`
 * @example
 * ```ts
 * const { genre, probabilities } = await classify('song.mp3');
 * ```
 */
export async function classify(
  input: AudioInput | { y: Float32Array | Float64Array | number[]; sr: number },
  opts: ClassifyOptions = {},
): Promise<ClassifyResult> {
  opts = readOptions('classify', opts, CLASSIFY_OPTIONS);
  // model JSON holding a neural net (e.g. from `mirkit train --model mlp`) needs TensorFlow.js loaded first
  if (opts.model !== undefined && !isClassifier(opts.model) && !isGenreModel(opts.model) && containsNeuralModel(opts.model)) await loadNeuralBackend();
  const model = checkGenreModel(await prepareGenreModel(resolveModel(opts.model)));
  const win = opts.windowSeconds ?? 30;
  const maxWindows = opts.maxWindows ?? 3;
  if (!(win > 0) || !Number.isFinite(win)) throw new MirkitError('BAD_OPTION', `windowSeconds must be a positive number, got ${win}`);
  if (!Number.isInteger(maxWindows) || maxWindows < 1) throw new MirkitError('BAD_OPTION', `maxWindows must be a positive integer, got ${maxWindows}`);

  const classes = model.classifier.classes.map(String);
  const windows: ClassifyWindow[] = [];
  const sum = new Float64Array(classes.length);
  for (const { start: s0, y: seg } of await loadInput(input, win, maxWindows, opts.fft)) {
    const { values } = extractFeatures(seg, { sr: GENRE_SR, set: model.meta.featureSet, fft: opts.fft });
    const p = model.classifier.predictProba([Array.from(values)])[0];
    // a custom model's output: one finite, non-negative probability per class, not all zero
    if (!Array.isArray(p) || p.length !== classes.length || !p.every((v) => v >= 0 && v <= Number.MAX_VALUE) || !p.some((v) => v > 0))
      throw new MirkitError(
        'BAD_MODEL',
        `the model's probabilities for the window at ${(s0 / GENRE_SR).toFixed(1)} s are not ${classes.length} finite non-negative numbers, not all 0: ${shown(p)}`,
      );
    const probs: Record<string, number> = {};
    classes.forEach((c, i) => {
      probs[c] = p[i];
      sum[i] += p[i];
    });
    windows.push({ start: s0 / GENRE_SR, end: (s0 + seg.length) / GENRE_SR, probabilities: probs });
  }
  let total = 0;
  for (const v of sum) total += v;
  const probabilities: Record<string, number> = {};
  let best = 0;
  classes.forEach((c, i) => {
    probabilities[c] = sum[i] / total;
    if (sum[i] > sum[best]) best = i;
  });
  return { genre: classes[best], probabilities, model: model.meta.name, windows };
}
