/**
 * The precomputed-spectrogram path (`S`) of the spectral features: its FFT size is the given
 * `nFft` where it matches the rows, as librosa's `_spectrogram` takes it. An odd `nFft` (2047: 1024
 * bins, like 2046) was replaced by `2 * (rows - 1)`, so `f(y)` and `f(null, { S })` differed by the
 * 2047/2046 frequency scale.
 */
import { describe, expect, it } from 'vitest';
import { chromaStft, estimateTuning, melSpectrogram, spectralCentroid, spectralRolloff, spectrogram } from '../../src/index.js';
import { nFftOfRows } from '../../src/features/frames.js';
import { MirkitError } from '../../src/errors.js';
import { normalisedMaxError } from '../helpers/shared.js';

const SR = 22050;
/** Two tones and noise, 2 s. */
function signal(): Float32Array {
  const y = new Float32Array(2 * SR);
  let s = 7;
  for (let i = 0; i < y.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    y[i] = 0.4 * Math.sin((2 * Math.PI * 443 * i) / SR) + 0.2 * Math.sin((2 * Math.PI * 1330 * i) / SR) + 0.01 * (s / 4294967296 - 0.5);
  }
  return y;
}

describe('features from a precomputed S take its nFft as given', () => {
  const y = signal();
  for (const nFft of [2047, 2048, 1001]) {
    it(`nFft ${nFft}: f(y) equals f(null, { S, nFft })`, () => {
      const opts = { sr: SR, nFft, hopLength: 512 };
      const mag = spectrogram(y, { nFft, hopLength: 512, power: 1 });
      const pow = spectrogram(y, { nFft, hopLength: 512, power: 2 });
      expect(normalisedMaxError(spectralCentroid(null, { ...opts, S: mag }).data, spectralCentroid(y, opts).data)).toBeLessThan(1e-6);
      expect(normalisedMaxError(spectralRolloff(null, { ...opts, S: mag }).data, spectralRolloff(y, opts).data)).toBeLessThan(1e-6);
      expect(normalisedMaxError(melSpectrogram(null, { ...opts, S: pow }).data, melSpectrogram(y, opts).data)).toBeLessThan(1e-6);
      expect(normalisedMaxError(chromaStft(null, { ...opts, S: pow, tuning: 0 }).data, chromaStft(y, { ...opts, tuning: 0 }).data)).toBeLessThan(1e-6);
      expect(estimateTuning(null, { ...opts, S: mag })).toBeCloseTo(estimateTuning(y, opts), 6);
    });
  }
  it('nFftOfRows: the given nFft where it matches, 2 (rows - 1) when none is given, BAD_SHAPE otherwise', () => {
    expect(nFftOfRows(1024, 2047)).toBe(2047);
    expect(nFftOfRows(1024, 2046)).toBe(2046);
    expect(nFftOfRows(1024, undefined)).toBe(2046);
    expect(() => nFftOfRows(1024, 2048)).toThrow(MirkitError);
  });
});
