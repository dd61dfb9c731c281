/**
 * Peeters' (2004) spectral shape statistics: the magnitude spectrum read as a distribution over
 * frequency, `p[k] = a[k] / Σ a`, and its centroid and central moments in Hz. Shared by
 * {@link spectralSpread}, {@link spectralSkewness} and {@link spectralKurtosis}. @internal
 */
import { freqKey, sharedKernel, type DescriptorKernel, type KernelContext, type SharedStage } from './descriptor.js';

/**
 * Centroid `mu` (Hz) and central moments `m2`, `m3`, `m4` (Hz^n) of one column; `sum` = Σ a and
 * `weighted` = Σ f a (the first pass, also what `spectralSlope` reads). `pending` is the column
 * whose central moments are still to be computed by {@link centralMoments} (null when done).
 */
export interface ShapeMoments {
  sum: number;
  weighted: number;
  mu: number;
  m2: number;
  m3: number;
  m4: number;
  pending: ArrayLike<number> | null;
}

/**
 * The first pass of {@link shapeMoments}: `sum`, `weighted` and `mu` of `column` over `freq`
 * into `m`, the column left `pending` for {@link centralMoments}. @internal
 */
export function firstMoments(column: ArrayLike<number>, freq: Float64Array, m: ShapeMoments): ShapeMoments {
  const n = freq.length;
  let sum = 0;
  let w = 0;
  for (let k = 0; k < n; k++) {
    sum += column[k];
    w += freq[k] * column[k];
  }
  m.sum = sum;
  m.weighted = w;
  m.mu = sum > 0 ? w / sum : 0;
  m.pending = column;
  return m;
}

/**
 * The second pass of {@link shapeMoments}: the central moments of the `pending` column (all 0 for
 * a silent frame), once; a no-op when they are already computed. @internal
 */
export function centralMoments(m: ShapeMoments, freq: Float64Array): ShapeMoments {
  const column = m.pending;
  if (column === null) return m;
  m.pending = null;
  const sum = m.sum;
  if (!(sum > 0)) {
    m.mu = m.m2 = m.m3 = m.m4 = 0;
    return m;
  }
  const n = freq.length;
  const mu = m.mu;
  let m2 = 0,
    m3 = 0,
    m4 = 0;
  for (let k = 0; k < n; k++) {
    const d = freq[k] - mu;
    const d2 = d * d * column[k];
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d * d;
  }
  m.m2 = m2 / sum;
  m.m3 = m3 / sum;
  m.m4 = m4 / sum;
  return m;
}

/** Computes {@link ShapeMoments} of `column` over `freq` into `m` (all 0 for a silent frame). @internal */
export function shapeMoments(column: ArrayLike<number>, freq: Float64Array, m: ShapeMoments): ShapeMoments {
  return centralMoments(firstMoments(column, freq, m), freq);
}

/** A fresh {@link ShapeMoments} scratch. @internal */
export function newMoments(): ShapeMoments {
  return { sum: 0, weighted: 0, mu: 0, m2: 0, m3: 0, m4: 0, pending: null };
}

/**
 * The shape moments as a {@link SharedStage}: spread, skewness, kurtosis and slope of a frame
 * share one fill. The fill is the first pass only; the kernels that need the central moments
 * complete them in their `finish` ({@link centralMoments}, once per fill), reading the column
 * given to `fill`, so a caller calls `finish` before it changes that column (every caller does:
 * `compute`, and the analyzer within one frame). @internal
 */
export function shapeMomentsStage(freq: Float64Array): SharedStage<ShapeMoments> {
  return { key: `shape-moments:${freqKey(freq)}`, create: newMoments, fill: (column, m) => firstMoments(column, freq, m) };
}

/**
 * A one-row {@link DescriptorKernel} writing `statistic(moments)` of each magnitude column: the
 * kernel of spread, skewness and kurtosis (split form: the moments are a shared stage). @internal
 */
export function shapeStatisticKernel(ctx: KernelContext, statistic: (m: ShapeMoments) => number): DescriptorKernel {
  const freq = ctx.freq;
  return sharedKernel(1, shapeMomentsStage(freq), (m, out) => {
    out[0] = statistic(centralMoments(m, freq));
  });
}
