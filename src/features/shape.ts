/**
 * Peeters' (2004) spectral shape statistics: the magnitude spectrum read as a distribution over
 * frequency, `p[k] = a[k] / Σ a`, and its centroid and central moments in Hz. Shared by
 * {@link spectralSpread}, {@link spectralSkewness} and {@link spectralKurtosis}. @internal
 */
import { freqKey, sharedKernel, type DescriptorKernel, type KernelContext, type SharedStage } from './descriptor.js';

/** Centroid `mu` (Hz) and central moments `m2`, `m3`, `m4` (Hz^n) of one column; `sum` = Σ a. */
export interface ShapeMoments {
  sum: number;
  mu: number;
  m2: number;
  m3: number;
  m4: number;
}

/** Computes {@link ShapeMoments} of `column` over `freq` into `m` (all 0 for a silent frame). @internal */
export function shapeMoments(column: ArrayLike<number>, freq: Float64Array, m: ShapeMoments): ShapeMoments {
  const n = freq.length;
  let sum = 0,
    w = 0;
  for (let k = 0; k < n; k++) {
    sum += column[k];
    w += freq[k] * column[k];
  }
  m.sum = sum;
  if (!(sum > 0)) {
    m.mu = m.m2 = m.m3 = m.m4 = 0;
    return m;
  }
  const mu = w / sum;
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
  m.mu = mu;
  m.m2 = m2 / sum;
  m.m3 = m3 / sum;
  m.m4 = m4 / sum;
  return m;
}

/** A fresh {@link ShapeMoments} scratch. @internal */
export function newMoments(): ShapeMoments {
  return { sum: 0, mu: 0, m2: 0, m3: 0, m4: 0 };
}

/** The shape moments as a {@link SharedStage}: spread, skewness and kurtosis of a frame share one fill. @internal */
export function shapeMomentsStage(freq: Float64Array): SharedStage<ShapeMoments> {
  return { key: `shape-moments:${freqKey(freq)}`, create: newMoments, fill: (column, m) => shapeMoments(column, freq, m) };
}

/**
 * A one-row {@link DescriptorKernel} writing `statistic(moments)` of each magnitude column: the
 * kernel of spread, skewness and kurtosis (split form: the moments are a shared stage). @internal
 */
export function shapeStatisticKernel(ctx: KernelContext, statistic: (m: ShapeMoments) => number): DescriptorKernel {
  return sharedKernel(1, shapeMomentsStage(ctx.freq), (m, out) => {
    out[0] = statistic(m);
  });
}
