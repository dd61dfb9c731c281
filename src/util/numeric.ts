/**
 * Numeric helpers shared across the library: numpy's rounding, the smallest normal numbers
 * librosa's `util.tiny` returns for float32 and float64 data, an unrolled dot product, and the
 * moments and median of a run of values.
 */

/** Smallest positive normal float32 (`np.finfo(np.float32).tiny`), librosa's `tiny` for float32 data. */
export const F32_TINY = 1.1754943508222875e-38;

/** Smallest positive normal float64 (`np.finfo(np.float64).tiny`), librosa's `tiny` for float64 data. */
export const F64_TINY = 2.2250738585072014e-308;

/**
 * numpy's `np.round` for 0 decimals: round half to even (`roundHalfEven(2.5) === 2`,
 * `roundHalfEven(3.5) === 4`).
 *
 * @param x - any finite number
 * @returns the nearest integer, ties to the even one
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `sum_{j<W} a[ia + j] * b[ib + j]` with four independent accumulators (the same order on every call). */
export function dot(a: Float64Array, ia: number, b: Float64Array, ib: number, W: number): number {
  // biome-ignore format: accumulators, one line
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let j = 0;
  for (; j + 3 < W; j += 4) {
    s0 += a[ia + j] * b[ib + j];
    s1 += a[ia + j + 1] * b[ib + j + 1];
    s2 += a[ia + j + 2] * b[ib + j + 2];
    s3 += a[ia + j + 3] * b[ib + j + 3];
  }
  for (; j < W; j++) s0 += a[ia + j] * b[ib + j];
  return s0 + s1 + (s2 + s3);
}

/**
 * The population central moments `[m2, m3, m4]` of `x[off .. off + n)` about `mean` (sums of
 * `(x - mean)^k` over n), accumulated in float64 in index order.
 */
export function centralMoments(x: ArrayLike<number>, off: number, n: number, mean: number): [number, number, number] {
  let m2 = 0,
    m3 = 0,
    m4 = 0;
  for (let i = off; i < off + n; i++) {
    const d = x[i] - mean,
      d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return [m2 / n, m3 / n, m4 / n];
}

/** The median of values sorted ascending: the middle one, or the mean of the two middle ones for an even count. */
export function sortedMedian(s: ArrayLike<number>): number {
  const n = s.length;
  if (n % 2 === 1) return s[(n - 1) >> 1];
  const m = 0.5 * (s[n / 2 - 1] + s[n / 2]);
  return Number.isFinite(m) ? m : 0.5 * s[n / 2 - 1] + 0.5 * s[n / 2]; // a sum beyond float64: halves first
}
