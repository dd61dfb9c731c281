import { describe, expect, it } from 'vitest';
import { tempogram } from '../../src/features/tempogram.js';
import { fourierTempoFrequencies, fourierTempogram, fourierTempogramMagnitude } from '../../src/features/fourier-tempogram.js';
import { onsetStrength } from '../../src/features/onset.js';
import { MirkitError } from '../../src/errors.js';
import { CLIPS, describeShared, fixtureAudio, normalisedMaxError } from '../helpers/shared.js';
import { firstColumns, moreMatrix } from '../helpers/more-fixture.js';
import { thrownCode } from '../helpers/errors.js';

describeShared('tempogram and fourierTempogram vs librosa.feature (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const env = onsetStrength(fixtureAudio(clip), { sr: 22050 });
      const refT = moreMatrix(clip, 'feature.tempogram');
      const tg = tempogram(null, { onsetEnvelope: env, sr: 22050 });
      expect([tg.rows, tg.cols]).toEqual([refT.rows, refT.fullCols]);
      const eT = normalisedMaxError(firstColumns(tg, refT.cols), refT.data);
      const refF = moreMatrix(clip, 'feature.fourier_tempogram');
      const F = fourierTempogramMagnitude(null, { onsetEnvelope: env, sr: 22050 });
      expect([F.rows, F.cols]).toEqual([refF.rows, refF.fullCols]);
      const eF = normalisedMaxError(firstColumns(F, refF.cols), refF.data);
      console.log(`${clip}: tempogram ${eT.toExponential(2)}, fourier_tempogram ${eF.toExponential(2)}`);
      expect(eT).toBeLessThanOrEqual(1e-4);
      expect(eF).toBeLessThanOrEqual(1e-4);
    });
  }
});

/** Direct DFT of hann-windowed, zero-padded frames (hop 1), float64. */
function bruteFourier(env: Float32Array, N: number): { re: Float64Array; im: Float64Array; T: number } {
  const p = N >> 1;
  const x = (i: number): number => (i >= p && i < p + env.length ? env[i - p] : 0);
  const T = env.length + 2 * p - N + 1,
    bins = p + 1;
  const re = new Float64Array(bins * T),
    im = new Float64Array(bins * T);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < bins; k++) {
      let a = 0,
        b = 0;
      for (let j = 0; j < N; j++) {
        const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * j) / N);
        a += w * x(t + j) * Math.cos((2 * Math.PI * j * k) / N);
        b -= w * x(t + j) * Math.sin((2 * Math.PI * j * k) / N);
      }
      re[k * T + t] = a;
      im[k * T + t] = b;
    }
  }
  return { re, im, T };
}

describe('fourierTempogram', () => {
  it('equals a direct windowed DFT (sliding DFT, even and odd window lengths, past a resync)', () => {
    const env = new Float32Array(1100);
    for (let i = 0; i < env.length; i++) env[i] = Math.fround(Math.abs(Math.sin(i * 0.7)) * (i % 9 === 0 ? 3 : 0.2));
    for (const N of [32, 33]) {
      const F = fourierTempogram(null, { onsetEnvelope: env, winLength: N });
      const B = bruteFourier(env, N);
      expect(F.cols).toBe(B.T);
      expect(normalisedMaxError(F.re, B.re)).toBeLessThan(1e-6);
      expect(normalisedMaxError(F.im, B.im)).toBeLessThan(1e-6);
      const G = fourierTempogram(null, { onsetEnvelope: env, winLength: N, window: 'hamming' });
      expect(G.rows).toBe((N >> 1) + 1);
    }
  });
  it('gives the BPM of each row and rejects bad input', () => {
    const f = fourierTempoFrequencies({ sr: 22050, hopLength: 512, winLength: 384 });
    expect(f.length).toBe(193);
    expect(f[1]).toBeCloseTo((22050 * 60) / 512 / 384, 10);
    expect(() => fourierTempogram(null)).toThrow(MirkitError);
    expect(() => fourierTempogram(null, { onsetEnvelope: new Float32Array(10), winLength: 0 })).toThrow(MirkitError);
    expect(() => fourierTempogram(null, { onsetEnvelope: new Float32Array(10), center: false })).toThrow(MirkitError);
  });
  it('tempograms of more than 2^28 values are refused (BAD_OPTION), before allocating', () => {
    const env = new Float32Array(20000).fill(1);
    const big = { onsetEnvelope: env, winLength: 2 ** 20 };
    expect(thrownCode(() => tempogram(null, big))).toBe('BAD_OPTION');
    expect(thrownCode(() => tempogram(null, { ...big, norm: null }))).toBe('BAD_OPTION');
    expect(thrownCode(() => fourierTempogram(null, big))).toBe('BAD_OPTION');
    expect(thrownCode(() => fourierTempogramMagnitude(null, big))).toBe('BAD_OPTION');
  });
});
