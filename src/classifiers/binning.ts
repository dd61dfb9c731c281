/**
 * Quantile binning of features for the histogram-based boosters ({@link GradientBoosting},
 * {@link ObliviousBoosting}). Internal module.
 */

/** Binned training data: per feature, sorted cut points and each sample's bin. */
export interface Binned {
  n: number;
  d: number;
  /** `cuts[f]`: increasing thresholds; bin b holds values in (cuts[b-1], cuts[b]]; the last bin is unbounded. */
  cuts: Float64Array[];
  /** Number of bins per feature (`cuts[f].length + 1`). */
  nBins: Int32Array;
  /** Column-major bin indices: `bins[f * n + i]`. */
  bins: Uint8Array;
}

/**
 * Bins every feature into at most `maxBins` (<= 256) quantile bins. Where a feature has at most
 * `maxBins` distinct values every value gets its own bin (cuts halfway between neighbours), so the
 * splits found are exactly the exact-greedy ones.
 */
export function binFeatures(data: Float64Array, n: number, d: number, maxBins = 256): Binned {
  const cuts: Float64Array[] = [];
  const nBins = new Int32Array(d);
  const bins = new Uint8Array(n * d);
  const col = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) col[i] = data[i * d + f];
    const sorted = col.slice().sort();
    const uniq: number[] = [];
    for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) uniq.push(sorted[i]);
    const c: number[] = [];
    if (uniq.length <= maxBins) {
      for (let u = 0; u + 1 < uniq.length; u++) c.push(uniq[u] / 2 + uniq[u + 1] / 2);
    } else {
      // quantiles of the sample distribution, snapped to midpoints between distinct values
      let last = -Infinity;
      for (let b = 1; b < maxBins; b++) {
        const pos = Math.floor((b * n) / maxBins);
        const v = sorted[Math.min(n - 1, pos)];
        // cut just below v: between the previous distinct value and v
        let lo = pos - 1;
        while (lo >= 0 && sorted[lo] === v) lo--;
        if (lo < 0) continue;
        const cut = sorted[lo] / 2 + v / 2;
        if (cut > last) {
          c.push(cut);
          last = cut;
        }
      }
    }
    const cf = Float64Array.from(c);
    cuts.push(cf);
    nBins[f] = cf.length + 1;
    for (let i = 0; i < n; i++) bins[f * n + i] = binOf(cf, col[i]);
  }
  return { n, d, cuts, nBins, bins };
}

/** Bin of value `x`: the number of cuts strictly below x (so `x <= cuts[b]` means bin <= b). */
export function binOf(cuts: Float64Array, x: number): number {
  let lo = 0,
    hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
