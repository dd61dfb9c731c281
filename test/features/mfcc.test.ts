import { describe, expect, it } from 'vitest';
import { melSpectrogram, mfcc } from '../../src/features/mel.js';
import { powerToDb } from '../../src/features/db.js';
import { summarize } from '../../src/stats/summary.js';
import { CLIPS, describeShared, fixtureAudio, fixtureJson, withWasmFft } from '../helpers/shared.js';
import { TOL, compareFeature, errorCode, sine } from './spectral-helpers.js';

describeShared('mfcc vs librosa.feature.mfcc (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const ours = mfcc(fixtureAudio(clip), { sr: 22050, nMfcc: 20 });
      compareFeature(clip, 'mfcc', ours);
      // FMA-style summary of mirkit's MFCC against the fixture stats (computed on librosa's MFCC)
      const s = summarize(ours);
      const ref = fixtureJson(clip).stats.mfcc;
      let worst = 0;
      for (const key of ['mean', 'std', 'skew', 'kurtosis', 'median', 'min', 'max'] as const) {
        let scale = 0;
        for (const v of ref[key] as number[]) scale = Math.max(scale, Math.abs(v));
        for (let r = 0; r < 20; r++) worst = Math.max(worst, Math.abs(s[key][r] - ref[key][r]) / scale);
      }
      console.log(`[librosa-compat] summarize(mirkit mfcc) ${clip}: normalised max error of the 7 stats ${worst.toExponential(2)}`);
      expect(worst).toBeLessThanOrEqual(TOL);
    });
  }
});

describeShared('mfcc on the PFFFT-wasm FFT backend (float32 FFTs)', () => {
  it('matches librosa on two clips, and equals the DCT of its own log-mel', async () => {
    await withWasmFft(async (fft) => {
      for (const clip of ['gtzan-country-00000', 'librosa-choice']) {
        const y = fixtureAudio(clip);
        const ours = mfcc(y, { sr: 22050, nMfcc: 20 });
        compareFeature(clip, 'mfcc', ours);
        const viaS = mfcc(null, { S: powerToDb(melSpectrogram(y, { sr: 22050 })), nMfcc: 20 });
        expect(Array.from(viaS.data)).toEqual(Array.from(ours.data));
      }
    });
  });
});

describe('mfcc', () => {
  it('equals the DCT of a precomputed log-mel S, and liftering scales each row', () => {
    const y = sine(440, 22050, 0.5);
    const S = powerToDb(melSpectrogram(y));
    const a = mfcc(y, { nMfcc: 13 });
    const b = mfcc(null, { S, nMfcc: 13 });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const L = mfcc(null, { S, nMfcc: 13, lifter: 22 });
    for (let k = 0; k < 13; k++) {
      const li = 1 + 11 * Math.sin((Math.PI * (k + 1)) / 22);
      const t = 3;
      expect(L.data[k * L.cols + t]).toBeCloseTo(a.data[k * a.cols + t] * li, 3);
    }
  });

  it('coefficient 0 of a constant log-mel is sqrt(nMels) times the level', () => {
    const S = { rows: 128, cols: 4, data: new Float32Array(512).fill(-20) };
    const C = mfcc(null, { S });
    expect(C.data[0]).toBeCloseTo(-20 * Math.sqrt(128), 3);
    for (let k = 1; k < 20; k++) expect(Math.abs(C.data[k * 4])).toBeLessThan(1e-4);
  });

  it('rejects bad input with MirkitError codes', () => {
    expect(errorCode(() => mfcc(new Float32Array(0)))).toBe('EMPTY_INPUT');
    expect(errorCode(() => mfcc(Float32Array.of(1, NaN)))).toBe('NON_FINITE');
    expect(errorCode(() => mfcc(sine(440), { sr: 0 }))).toBe('BAD_SAMPLE_RATE');
    expect(errorCode(() => mfcc(sine(440), { nMfcc: 200 }))).toBe('BAD_OPTION');
    expect(errorCode(() => mfcc(sine(440), { lifter: -1 }))).toBe('BAD_OPTION');
    expect(errorCode(() => mfcc(new Float32Array(100), { center: false }))).toBe('TOO_SHORT');
  });
});
