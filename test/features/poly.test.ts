import { describe, expect, it } from 'vitest';
import { polyFeatures, polyProjector } from '../../src/features/poly.js';
import { fftFrequencies } from '../../src/dsp/filters.js';
import { CLIPS, describeShared, fixtureAudio, withWasmFft } from '../helpers/shared.js';
import { compareMore } from './descriptor-helpers.js';
import { errorCode, sine } from './spectral-helpers.js';

describeShared('polyFeatures vs librosa (6 clips, orders 1 and 2)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const y = fixtureAudio(clip);
      compareMore(clip, polyFeatures(y, { order: 1 }), 'feature.poly_features', 'order1');
      compareMore(clip, polyFeatures(y, { order: 2 }), 'feature.poly_features', 'order2');
    });
  }
});

describeShared('poly on the PFFFT-wasm FFT backend (float32 FFTs)', () => {
  it('matches librosa on two clips', async () => {
    await withWasmFft(() => {
      for (const clip of ['gtzan-country-00000', 'librosa-choice'])
        compareMore(clip, polyFeatures(fixtureAudio(clip), { order: 2 }), 'feature.poly_features', 'order2');
    });
  });
});

describe('polyFeatures', () => {
  it('the projector recovers an exact quadratic of the frequencies', () => {
    const f = fftFrequencies(22050, 2048);
    const P = polyProjector(f, 2);
    const col = f.map((x) => 3e-8 * x * x - 2e-4 * x + 0.5);
    const n = f.length;
    const coef = [0, 1, 2].map((i) => col.reduce((s, v, k) => s + P[i * n + k] * v, 0));
    expect(coef[0]).toBeCloseTo(3e-8, 18);
    expect(coef[1]).toBeCloseTo(-2e-4, 13);
    expect(coef[2]).toBeCloseTo(0.5, 9);
  });

  it('order 0 is the mean magnitude; rows = order + 1', () => {
    const y = sine(500, 22050, 0.3);
    const p0 = polyFeatures(y, { order: 0 });
    expect(p0.rows).toBe(1);
    expect(polyFeatures(y, { order: 3 }).rows).toBe(4);
  });

  it('rejects a bad order', () => {
    expect(errorCode(() => polyFeatures(sine(440), { order: -1 }))).toBe('BAD_OPTION');
    expect(errorCode(() => polyFeatures(sine(440), { order: 1.5 }))).toBe('BAD_OPTION');
  });
});
