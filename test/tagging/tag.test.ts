import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { embed, loadMusicnnModel, tag, type MusicnnModel } from '../../src/tagging/index.js';
import { musicnnPatches } from '../../src/tagging/frontend.js';
import { runPatches } from '../../src/tagging/run.js';
import { MUSICNN_MODELS, type MusicnnModelName } from '../../src/tagging/models.js';
import { isMirkitError } from '../../src/errors.js';
import { FIXTURES_DIR, describeShared, normalisedMaxError } from '../helpers/shared.js';
import { TAG_CLIPS, expectTaggram, reference16k, referenceJson } from './reference.js';

const models = new Map<MusicnnModelName, MusicnnModel>();
beforeAll(async () => {
  for (const name of MUSICNN_MODELS) models.set(name, await loadMusicnnModel(name));
});

function meanOverRows(data: Float32Array, cols: number): Float64Array {
  const rows = data.length / cols;
  const m = new Float64Array(cols);
  for (let i = 0; i < data.length; i++) m[i % cols] += data[i] / rows;
  return m;
}

describeShared('musicnn against the Keras reference pass, from the reference 16 kHz signals', () => {
  for (const clip of TAG_CLIPS) {
    for (const name of MUSICNN_MODELS) {
      it(`${clip} ${name}: taggram, mean probabilities, top 10 and embeddings`, async () => {
        const ref = referenceJson(clip, name);
        const model = models.get(name)!;
        const vgg = name.endsWith('_vgg');
        const patches = musicnnPatches(reference16k(clip));
        expect(patches.starts).toEqual(ref.frontend.patch_starts);
        // one pass for all outputs (tag() itself is checked from the wavs below)
        const outputs = await runPatches(model, patches, vgg ? ['logits', 'pool5'] : ['logits', 'penultimate', 'max_pool', 'mean_pool']);
        const probs = Float32Array.from(outputs[0], (z) => 1 / (1 + Math.exp(-z)));
        const mean = meanOverRows(probs, 50);
        const top10 = [...model.tags]
          .map((t, j) => ({ t, p: mean[j] }))
          .sort((a, b) => b.p - a.p)
          .slice(0, 10)
          .map((r) => r.t);
        expectTaggram({ taggram: { rows: patches.count, cols: 50, data: probs }, mean, top10 }, ref, 1e-4, 2e-3);
        if (vgg) {
          expect(normalisedMaxError(outputs[1], ref.embeddings.pool5.flat())).toBeLessThanOrEqual(1e-3);
        } else {
          expect(normalisedMaxError(outputs[1], ref.embeddings.penultimate.flat())).toBeLessThanOrEqual(1e-3);
          expect(normalisedMaxError(meanOverRows(outputs[1], 200), ref.embeddings.penultimate_mean)).toBeLessThanOrEqual(1e-3);
          expect(normalisedMaxError(meanOverRows(outputs[2], 753), ref.embeddings.max_pool_mean)).toBeLessThanOrEqual(1e-3);
          expect(normalisedMaxError(meanOverRows(outputs[3], 753), ref.embeddings.mean_pool_mean)).toBeLessThanOrEqual(1e-3);
        }
      });
    }
  }

  it('embed(): pool5 frames and their mean over patches and time steps (MSD_vgg, brahms)', async () => {
    const ref = referenceJson('librosa-brahms', 'MSD_vgg');
    const { frames, mean } = await embed({ y: reference16k('librosa-brahms'), sr: 16000 }, { model: models.get('MSD_vgg') });
    expect([frames.rows, frames.cols, mean.length]).toEqual([ref.n_patches, 256, 128]);
    expect(normalisedMaxError(frames.data, ref.embeddings.pool5.flat())).toBeLessThanOrEqual(1e-3);
    expect(normalisedMaxError(mean, ref.embeddings.pool5_mean)).toBeLessThanOrEqual(1e-3);
  });
});

describeShared('tag() from the fixture wavs (mirkit loadAudio + soxr_hq resampler to 16 kHz)', () => {
  for (const clip of TAG_CLIPS) {
    for (const name of MUSICNN_MODELS) {
      it(`${clip} ${name}`, async () => {
        const ref = referenceJson(clip, name);
        const r = await tag(join(FIXTURES_DIR, `${clip}.wav`), { model: models.get(name), top: 10 });
        expect(r.model).toBe(name);
        expect(r.tags).toEqual(ref.tags);
        const mean = r.tags.map((t) => r.probabilities[t]);
        expectTaggram({ taggram: r.taggram, mean, top10: r.top.map((x) => x.tag) }, ref, 1e-3, 2e-3);
        expect(r.top.map((x) => x.probability)).toEqual([...mean].sort((a, b) => b - a).slice(0, 10));
      });
    }
  }
});

describe('tag() and embed() reject bad input with typed errors', () => {
  const code = async (p: Promise<unknown>): Promise<string | undefined> => {
    try {
      await p;
    } catch (e) {
      return isMirkitError(e) ? e.code : `not a MirkitError: ${String(e)}`;
    }
    return undefined;
  };
  it('a clip shorter than one patch (2.976 s at 16 kHz) is TOO_SHORT', async () => {
    expect(await code(tag({ y: new Float32Array(47615), sr: 16000 }))).toBe('TOO_SHORT');
    expect(await code(embed({ y: new Float32Array(2 * 22050), sr: 22050 }))).toBe('TOO_SHORT');
  });
  it('bad options are BAD_OPTION', async () => {
    const y = new Float32Array(48000);
    expect(await code(tag({ y, sr: 16000 }, { top: 51 }))).toBe('BAD_OPTION');
    expect(await code(tag({ y, sr: 16000 }, { model: 'nope' as MusicnnModelName }))).toBe('BAD_OPTION');
    expect(await code(embed({ y, sr: 16000 }, { model: models.get('MSD_vgg'), layer: 'penultimate' }))).toBe('BAD_OPTION');
    expect(await code(embed({ y, sr: 16000 }, { batchSize: 0 }))).toBe('BAD_OPTION');
  });
  it('non-finite samples are NON_FINITE', async () => {
    const y = new Float32Array(48000);
    y[100] = NaN;
    expect(await code(tag({ y, sr: 16000 }))).toBe('NON_FINITE');
  });
  it('a model object that is not a loaded model is BAD_OPTION; one with bad weights is BAD_MODEL', async () => {
    const y = new Float32Array(48000);
    const good = models.get('MSD_musicnn')!;
    /** `good` with one tensor replaced. */
    const withTensor = (name: string, values: Float32Array, shape = good.weights.tensors.get(name)!.shape): MusicnnModel => {
      const tensors = new Map(good.weights.tensors);
      tensors.set(name, { shape, values });
      return { ...good, weights: { ...good.weights, tensors } };
    };
    const asModel = (m: unknown) => m as MusicnnModel;
    expect(await code(tag({ y, sr: 16000 }, { model: asModel({ weights: {}, architecture: 'musicnn' }) }))).toBe('BAD_OPTION');
    expect(await code(tag({ y, sr: 16000 }, { model: asModel({ ...good, architecture: 'vgg' }) }))).toBe('BAD_OPTION');
    expect(await code(tag({ y, sr: 16000 }, { model: asModel({ ...good, tags: ['rock'] }) }))).toBe('BAD_OPTION');
    expect(await code(embed({ y, sr: 16000 }, { model: asModel({ ...good, weights: {} }) }))).toBe('BAD_MODEL');
    expect(await code(tag({ y, sr: 16000 }, { model: asModel({ ...good, weights: { ...good.weights, model: 'MTT_musicnn' } }) }))).toBe('BAD_MODEL');
    const nan = new Float32Array(200).fill(NaN);
    expect(await code(tag({ y, sr: 16000 }, { model: withTensor('dense/bias', nan) }))).toBe('BAD_MODEL');
    expect(await code(tag({ y, sr: 16000 }, { model: withTensor('dense/bias', new Float32Array(3)) }))).toBe('BAD_MODEL');
    expect(await code(tag({ y, sr: 16000 }, { model: withTensor('dense/bias', new Float32Array(200), 'x' as unknown as number[]) }))).toBe('BAD_MODEL');
    expect(await code(tag({ y, sr: 16000 }, { model: good }))).toBeUndefined();
  });
  it('weight bytes with a NaN value are BAD_MODEL (no NaN probabilities)', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../models/musicnn/MSD_musicnn.bin', import.meta.url)));
    bytes.set([0x00, 0xc0, 0x7f], 8 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true));
    expect(await code(tag({ y: new Float32Array(48000), sr: 16000 }, { weights: bytes }))).toBe('BAD_MODEL');
  });
  it('finite weights too large for float32 give BAD_MODEL, not non-finite outputs', async () => {
    const good = models.get('MSD_musicnn')!;
    const tensors = new Map(good.weights.tensors);
    // after the ReLU x >= 0, so (x - (-1)) * 3e38 overflows in every unit of bn_dense
    tensors.set('bn_dense/moving_mean', { shape: [200], values: new Float32Array(200).fill(-1) });
    tensors.set('bn_dense/gamma', { shape: [200], values: new Float32Array(200).fill(3e38) });
    const model = { ...good, weights: { ...good.weights, tensors } };
    const y = new Float32Array(48000).map((_, i) => Math.sin(i / 7));
    expect(await code(embed({ y, sr: 16000 }, { model }))).toBe('BAD_MODEL');
  });
});

describe('loud input within +-2^24 gives finite tags and embeddings', () => {
  const y = new Float32Array(48000).map((_, i) => (Math.floor(i / 36) % 2 ? 16 : -16));
  it('embed max_pool and penultimate (MSD_musicnn), pool5 (MSD_vgg), tag', async () => {
    const maxPool = await embed({ y, sr: 16000 }, { layer: 'max_pool', model: models.get('MSD_musicnn') });
    expect(maxPool.mean.every(Number.isFinite) && maxPool.frames.data.every(Number.isFinite)).toBe(true);
    const penultimate = await embed({ y, sr: 16000 }, { model: models.get('MSD_musicnn') });
    expect(penultimate.frames.data.every(Number.isFinite)).toBe(true);
    const pool5 = await embed({ y, sr: 16000 }, { model: models.get('MSD_vgg') });
    expect(pool5.frames.data.every(Number.isFinite)).toBe(true);
    const r = await tag({ y, sr: 16000 }, { model: models.get('MSD_musicnn') });
    expect(r.taggram.data.every(Number.isFinite) && Object.values(r.probabilities).every(Number.isFinite)).toBe(true);
  });
});
