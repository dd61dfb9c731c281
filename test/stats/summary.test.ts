import { describe, expect, it } from 'vitest';
import { mean, rowMeans, rowVariances, summarize, variance } from '../../src/stats/summary.js';
import { MirkitError } from '../../src/errors.js';
import { CLIPS, describeShared, fixtureFeature, fixtureJson } from '../helpers/shared.js';

const KEYS = ['mean', 'std', 'skew', 'kurtosis', 'median', 'min', 'max'] as const;

describe('summarize', () => {
  it('matches hand-computed (scipy) values; constant rows give 0 skew and kurtosis, never NaN', () => {
    const m = { rows: 3, cols: 5, data: Float64Array.from([1, 2, 3, 4, 10, 5, 5, 5, 5, 5, -1, 0.5, 0.5, 2, -3]) };
    const s = summarize(m);
    // scipy.stats.skew / kurtosis (bias=True), np.std, np.median on the same rows
    const ref = {
      mean: [4, 5, -0.2],
      std: [3.1622776601683795, 0, 1.6911534525287764],
      skew: [1.1384199576606167, 0, -0.46023125645863516],
      kurtosis: [-0.21199999999999974, 0, -0.9025624724925434],
      median: [3, 5, 0.5],
      min: [1, 5, -3],
      max: [10, 5, 2],
    };
    for (const k of KEYS) for (let r = 0; r < 3; r++) expect(s[k][r]).toBeCloseTo(ref[k][r], 12);
    for (const k of KEYS) for (const v of s[k]) expect(Number.isNaN(v)).toBe(false);
  });

  it('a row of tiny spread (values near 1e-160) has the skew and kurtosis of the same row scaled up (was NaN)', () => {
    const row = [1, -1, 0, 2, 0.5];
    const ref = summarize({ rows: 1, cols: 5, data: Float64Array.from(row) });
    for (const scale of [1e-160, 1e-300, 5e-324 * 2 ** 10]) {
      const tiny = summarize({ rows: 1, cols: 5, data: Float64Array.from(row, (v) => v * scale) });
      expect(tiny.skew[0]).toBeCloseTo(ref.skew[0], 12);
      expect(tiny.kurtosis[0]).toBeCloseTo(ref.kurtosis[0], 12);
      expect(tiny.std[0] / scale).toBeCloseTo(ref.std[0], 12);
      expect(tiny.mean[0] / scale).toBeCloseTo(ref.mean[0], 12);
    }
  });
  it('even and odd medians, a single column, Float32 data', () => {
    expect(summarize({ rows: 1, cols: 4, data: Float32Array.of(4, 1, 3, 2) }).median[0]).toBe(2.5);
    const one = summarize({ rows: 2, cols: 1, data: Float32Array.of(7, -1) });
    expect(Array.from(one.mean)).toEqual([7, -1]);
    expect(Array.from(one.std)).toEqual([0, 0]);
    expect(Array.from(one.skew)).toEqual([0, 0]);
    expect(Array.from(one.kurtosis)).toEqual([0, 0]);
  });

  it('rowMeans, rowVariances, mean and variance (np.mean / np.var, ddof 0)', () => {
    const m = { rows: 2, cols: 3, data: Float64Array.from([1, 2, 3, 4, 4, 7]) };
    expect(Array.from(rowMeans(m))).toEqual([2, 5]);
    expect(rowVariances(m)[0]).toBeCloseTo(2 / 3, 14);
    expect(rowVariances(m)[1]).toBeCloseTo(2, 14);
    expect(mean(m)).toBeCloseTo(3.5, 14);
    expect(variance(m)).toBeCloseTo(np_var([1, 2, 3, 4, 4, 7]), 14);
    expect(variance([2, 2, 2])).toBe(0);
  });

  it('rejects empty and non-finite input', () => {
    expect(() => summarize({ rows: 0, cols: 0, data: new Float64Array(0) })).toThrow(MirkitError);
    expect(() => summarize({ rows: 1, cols: 2, data: Float64Array.of(1, NaN) })).toThrow(MirkitError);
    expect(() => mean([])).toThrow(MirkitError);
  });
});

function np_var(x: number[]): number {
  const mu = x.reduce((a, b) => a + b, 0) / x.length;
  return x.reduce((a, b) => a + (b - mu) ** 2, 0) / x.length;
}

describeShared("summarize on librosa's own matrices equals the fixture stats (FMA feature_stats)", () => {
  // The fixture matrices are rounded to 7 significant digits and the fixture stats were
  // accumulated in float32, so a statistic close to zero relative to its row's spread (a mean
  // or skew near 0) cannot meet 1e-5 relative: compare with rtol 1e-5 plus atol = 1e-5 times
  // the row's scale (max |value|, or 1 for the dimensionless skew/kurtosis).
  // scipy computed skew/kurtosis moments in float32 on these float32 arrays: for the chroma and
  // tonnetz rows (values in [0, 1], strongly skewed) that leaves ~3e-5 relative error in the
  // reference, so those two statistics get rtol 1e-4 outside MFCC; MFCC is held to 1e-5 throughout.
  const RTOL = 1e-5;
  for (const clip of CLIPS) {
    it(clip, () => {
      const stats = fixtureJson(clip).stats as Record<string, Record<string, (number | null)[]>>;
      let worst = 0;
      for (const feature of Object.keys(stats)) {
        const m = fixtureFeature(clip, feature);
        const s = summarize(m);
        for (let r = 0; r < m.rows; r++) {
          let scale = 0;
          for (let c = 0; c < m.cols; c++) scale = Math.max(scale, Math.abs(m.data[r * m.cols + c]));
          for (const k of KEYS) {
            const ref = stats[feature][k][r];
            if (ref === null) continue; // scipy NaN for a constant row (none occur)
            const shape = k === 'skew' || k === 'kurtosis';
            const rtol = shape && feature !== 'mfcc' ? 1e-4 : RTOL;
            const atol = rtol * (shape ? 1 : scale);
            const err = Math.abs(s[k][r] - ref);
            const tol = rtol * Math.abs(ref) + atol;
            worst = Math.max(worst, err / tol);
            if (err > tol) expect.fail(`${clip} ${feature}.${k}[${r}]: ${s[k][r]} vs ${ref} (|diff| ${err.toExponential(2)} > ${tol.toExponential(2)})`);
          }
        }
      }
      console.log(`[librosa-compat] summarize vs fixture stats ${clip}: worst |diff| / (rtol*|ref| + atol) = ${worst.toFixed(3)}`);
    });
  }
});
