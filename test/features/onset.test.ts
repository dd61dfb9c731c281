import { describe, expect, it } from 'vitest';
import { maxFilterBands, onsetStrength } from '../../src/features/onset.js';
import { reflectIndex } from '../../src/dsp/reflect.js';
import { melSpectrogram } from '../../src/features/mel.js';
import { powerToDb } from '../../src/features/db.js';
import { CLIPS, describeShared, fixtureAudio, fixtureFeature, normalisedMaxError, withWasmFft } from '../helpers/shared.js';
import { thrownCode } from '../helpers/errors.js';

describeShared('onsetStrength vs librosa.onset.onset_strength (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const ref = fixtureFeature(clip, 'onset_strength');
      const ours = onsetStrength(fixtureAudio(clip), { sr: 22050 });
      expect(ours).toBeInstanceOf(Float32Array);
      expect(ours.length).toBe(ref.cols);
      const err = normalisedMaxError(ours, ref.data);
      console.log(`onset_strength ${clip}: normalised max error ${err.toExponential(2)}`);
      expect(err).toBeLessThanOrEqual(1e-3);
    });
  }
});

describeShared('onsetStrength on the PFFFT-wasm FFT backend (float32 FFTs)', () => {
  it('matches librosa on two clips; median aggregation equals a sorted median', async () => {
    await withWasmFft(async (fft) => {
      for (const clip of ['gtzan-country-00000', 'librosa-choice']) {
        const ref = fixtureFeature(clip, 'onset_strength');
        const y = fixtureAudio(clip);
        const ours = onsetStrength(y, { sr: 22050 });
        expect(ours.length).toBe(ref.cols);
        expect(normalisedMaxError(ours, ref.data)).toBeLessThanOrEqual(1e-3);
        const med = onsetStrength(y, { sr: 22050, aggregate: 'median' });
        const sorted = onsetStrength(y, {
          sr: 22050,
          aggregate: (v) => {
            const c = Float64Array.from(v).sort();
            const h = c.length >> 1;
            return c.length % 2 === 1 ? c[h] : Math.fround(Math.fround(c[h - 1] + c[h]) / 2);
          },
        });
        expect(Array.from(med)).toEqual(Array.from(sorted));
      }
    });
  });
});

function clicks(sr: number, seconds: number, everySec: number): Float32Array {
  const y = new Float32Array(Math.round(sr * seconds));
  for (let t = 0.25; t < seconds; t += everySec) {
    const i0 = Math.round(t * sr);
    for (let j = 0; j < 200 && i0 + j < y.length; j++) y[i0 + j] = Math.exp(-j / 40) * Math.sin(j * 0.9);
  }
  return y;
}

describe('onsetStrength', () => {
  const sr = 22050;
  const y = clicks(sr, 3, 0.5);

  it('peaks at the clicks (centred frames)', () => {
    const env = onsetStrength(y, { sr });
    expect(env.length).toBe(1 + Math.floor(y.length / 512));
    for (let t = 0.25; t < 3; t += 0.5) {
      const f = Math.round((t * sr) / 512);
      let best = f - 3;
      for (let g = f - 3; g <= f + 3; g++) if (env[g] > env[best]) best = g;
      expect(Math.abs(best - f)).toBeLessThanOrEqual(1);
    }
    for (const v of env) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('accepts a precomputed log-power S and gives the same envelope', () => {
    const S = powerToDb(melSpectrogram(y, { sr }));
    const a = onsetStrength(y, { sr });
    const b = onsetStrength(null, { S, sr });
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('maxFilterBands equals the window-by-window maximum (scipy maximum_filter1d, reflect) for any size', () => {
    let seed = 3;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296) * 80 - 40;
    for (const rows of [1, 2, 3, 7, 40, 128]) {
      const cols = 5;
      const S = { rows, cols, data: Float64Array.from({ length: rows * cols }, rand) };
      for (const size of [1, 2, 3, 4, 5, 8, 9, rows - 1, rows, rows + 1, 2 * rows - 1, 2 * rows, 2 * rows + 3, 1025].filter((v) => v >= 1)) {
        const got = maxFilterBands(S, size);
        for (let r = 0; r < rows; r++)
          for (let c = 0; c < cols; c++) {
            let m = -Infinity;
            for (let j = 0; j < size; j++) m = Math.max(m, S.data[reflectIndex(r - (size >> 1) + j, rows) * cols + c]);
            expect(got[r * cols + c], `rows ${rows} size ${size} (${r}, ${c})`).toBe(m);
          }
      }
    }
  });

  it('lag, maxSize, median / custom aggregation, detrend and center=false', () => {
    const S = powerToDb(melSpectrogram(y, { sr }));
    const T = S.cols;
    // manual lag-2 flux with mean aggregation, padded by 2 + 2048 / 1024 = 4 zeros
    const lag2 = onsetStrength(null, { S, lag: 2 });
    expect(lag2.length).toBe(T);
    for (let i = 0; i < 4; i++) expect(lag2[i]).toBe(0);
    let s = 0;
    for (let b = 0; b < S.rows; b++) s += Math.max(0, S.data[b * T + 12] - S.data[b * T + 10]);
    expect(lag2[14]).toBeCloseTo(s / S.rows, 4);
    const med = onsetStrength(null, { S, aggregate: 'median' });
    const fn = onsetStrength(null, {
      S,
      aggregate: (v) => {
        const c = Float64Array.from(v).sort();
        return 0.5 * (c[63] + c[64]);
      },
    });
    expect(Array.from(fn)).toEqual(Array.from(med));
    const mx = onsetStrength(null, { S, maxSize: 3 });
    const base = onsetStrength(null, { S });
    for (let i = 0; i < T; i++) expect(mx[i]).toBeLessThanOrEqual(base[i] + 1e-6);
    const nc = onsetStrength(null, { S, center: false });
    expect(nc.length).toBe(T);
    expect(nc[1]).toBeCloseTo(base[3], 5);
    const dt = onsetStrength(null, { S, detrend: true });
    expect(dt.some((v) => v < 0)).toBe(true);
  });

  it('is all zeros on silence, never NaN', () => {
    const env = onsetStrength(new Float32Array(22050), { sr });
    expect(env.every((v) => v === 0)).toBe(true);
  });

  it('rejects bad input with MirkitError', () => {
    expect(thrownCode(() => onsetStrength(new Float32Array(0)))).toBe('EMPTY_INPUT');
    expect(thrownCode(() => onsetStrength(Float32Array.from([0, NaN])))).toBe('NON_FINITE');
    expect(thrownCode(() => onsetStrength(y, { sr: -1 }))).toBe('BAD_SAMPLE_RATE');
    expect(thrownCode(() => onsetStrength(y, { lag: 0 }))).toBe('BAD_OPTION');
    expect(thrownCode(() => onsetStrength(y, { aggregate: 'max' as 'mean' }))).toBe('BAD_OPTION');
    expect(thrownCode(() => onsetStrength(null))).toBe('EMPTY_INPUT');
  });
});
