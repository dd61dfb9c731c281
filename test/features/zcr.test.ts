import { describe, expect, it } from 'vitest';
import { zeroCrossingRate } from '../../src/features/zcr.js';
import { CLIPS, describeShared, fixtureAudio } from '../helpers/shared.js';
import { compareFeature, errorCode, sine } from './spectral-helpers.js';

describeShared('zeroCrossingRate vs librosa.feature.zero_crossing_rate (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      compareFeature(clip, 'zero_crossing_rate', zeroCrossingRate(fixtureAudio(clip)));
    });
  }
});

describe('zeroCrossingRate', () => {
  it('an alternating signal crosses at every sample but the first of each frame', () => {
    const y = new Float32Array(8192);
    for (let i = 0; i < y.length; i++) y[i] = i % 2 ? -1 : 1;
    const z = zeroCrossingRate(y, { center: false });
    for (const v of z.data) expect(v).toBeCloseTo(2047 / 2048, 12);
    const p = zeroCrossingRate(y, { center: false, pad: true });
    for (const v of p.data) expect(v).toBe(1);
  });

  it('values within the threshold count as zero; zeroPos decides whether zero is positive', () => {
    // 1, 0, 1, 0, ...: no crossing with zeroPos, a crossing at every sample with np.sign
    const y = new Float32Array(4096);
    for (let i = 0; i < y.length; i += 2) y[i] = 1;
    expect(zeroCrossingRate(y, { center: false }).data[0]).toBe(0);
    expect(zeroCrossingRate(y, { center: false, zeroPos: false }).data[0]).toBeCloseTo(2047 / 2048, 12);
    // tiny negative values below the threshold are zeros (positive)
    const w = new Float32Array(4096);
    for (let i = 0; i < w.length; i++) w[i] = i % 2 ? -1e-12 : 0.5;
    expect(zeroCrossingRate(w, { center: false }).data[0]).toBe(0);
    expect(zeroCrossingRate(w, { center: false, threshold: 0 }).data[0]).toBeCloseTo(2047 / 2048, 12);
    // refMagnitude scales the threshold
    const v = new Float32Array(4096);
    for (let i = 0; i < v.length; i++) v[i] = i % 2 ? -0.01 : 1;
    expect(zeroCrossingRate(v, { center: false, threshold: 0.02, refMagnitude: (a) => Math.max(...a) }).data[0]).toBe(0);
    expect(zeroCrossingRate(v, { center: false, threshold: 0.02, refMagnitude: 0.1 }).data[0]).toBeGreaterThan(0.9);
  });

  it('a sine crosses twice per period', () => {
    const z = zeroCrossingRate(sine(441, 22050, 1));
    expect(z.data[10]).toBeCloseTo((2 * 441) / 22050, 2);
    expect(z.cols).toBe(1 + Math.floor(22050 / 512));
  });

  it('rejects bad input with MirkitError codes', () => {
    expect(errorCode(() => zeroCrossingRate(new Float32Array(0)))).toBe('EMPTY_INPUT');
    expect(errorCode(() => zeroCrossingRate(Float32Array.of(1, NaN)))).toBe('NON_FINITE');
    expect(errorCode(() => zeroCrossingRate(new Float32Array(100), { center: false }))).toBe('TOO_SHORT');
    expect(errorCode(() => zeroCrossingRate(sine(440), { hopLength: 0 }))).toBe('BAD_OPTION');
    expect(errorCode(() => zeroCrossingRate(sine(440), { threshold: -1 }))).toBe('BAD_OPTION');
  });
});
