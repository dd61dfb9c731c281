import { MirkitError } from '../errors.js';
import { isMatrix, type Matrix } from '../matrix.js';
import { allFinite, checkMatrix, firstNonFinite } from '../validate.js';
import { centralMoments, sortedMedian } from '../util/numeric.js';

/** Per-row summary statistics of a {@link Matrix}, each a Float64Array of length `rows`. */
export interface RowSummary {
  /** Mean (`np.mean(axis=1)`). */
  mean: Float64Array;
  /** Population standard deviation, ddof 0 (`np.std(axis=1)`). */
  std: Float64Array;
  /** Biased skewness `m3 / m2^1.5` (`scipy.stats.skew`); 0 for a constant row (scipy: NaN). */
  skew: Float64Array;
  /** Biased excess kurtosis `m4 / m2² - 3` (`scipy.stats.kurtosis`, Fisher); 0 for a constant row (scipy: NaN). */
  kurtosis: Float64Array;
  /** Median (`np.median(axis=1)`: mean of the two middle values for an even count). */
  median: Float64Array;
  /** Minimum. */
  min: Float64Array;
  /** Maximum. */
  max: Float64Array;
}

/**
 * Seven statistics per row of a matrix (per feature coefficient over frames), exactly FMA's
 * `feature_stats()`: `np.mean`, `np.std` (ddof 0), `scipy.stats.skew` (biased),
 * `scipy.stats.kurtosis` (Fisher, biased), `np.median`, `np.min`, `np.max` along axis 1.
 * Computed in Float64 with a two-pass (centred) moment algorithm.
 *
 * Constant rows: scipy returns NaN skew and kurtosis; mirkit never returns NaN and gives 0 for
 * both. A row counts as constant by scipy's own test, central second moment
 * `m2 <= (resolution * mean)²` with `resolution` 1e-6 for Float32 data and 1e-15 for Float64
 * (`np.finfo(dtype).resolution`), or when all its values are equal.
 *
 * @param m - a Matrix (rows = coefficients, cols = frames); finite values, at least one column
 * @returns {@link RowSummary}
 * @throws MirkitError `BAD_SHAPE`, `EMPTY_INPUT`, `NON_FINITE`, `BAD_DATA` (a mean or median beyond float64)
 * @example
 * ```ts
 * const s = summarize(mfcc(y, { sr })); // s.mean[0], s.kurtosis[3], ...
 * ```
 */
export function summarize(m: Matrix): RowSummary {
  checkMatrix(m, 'm');
  const { rows, cols, data } = m;
  const out: RowSummary = {
    mean: new Float64Array(rows),
    std: new Float64Array(rows),
    skew: new Float64Array(rows),
    kurtosis: new Float64Array(rows),
    median: new Float64Array(rows),
    min: new Float64Array(rows),
    max: new Float64Array(rows),
  };
  const sorted = new Float64Array(cols);
  // scipy's test for a constant row: m2 <= (finfo(dtype).resolution * mean)²
  const resolution = data instanceof Float32Array ? 1e-6 : 1e-15;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let s = 0,
      lo = Infinity,
      hi = -Infinity;
    for (let c = 0; c < cols; c++) {
      const v = data[base + c];
      s += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    let mu = s / cols;
    let [m2, m3, m4] = centralMoments(data, base, cols, mu);
    let unscale = 0;
    if (!Number.isFinite(mu) || !Number.isFinite(m4) || (lo !== hi && m2 < TINY_VARIANCE)) {
      // float64 values beyond ~1e77, or a spread so small that m2^1.5 and m2^2 underflow to 0: the
      // moments of the row scaled by a power of two (exactly) to a largest magnitude in (1/2, 1]
      const k = scaleExponent(data, base, cols);
      for (let c = 0; c < cols; c++) sorted[c] = ldexp(data[base + c], -k);
      mu = 0;
      for (let c = 0; c < cols; c++) mu += sorted[c];
      mu /= cols;
      [m2, m3, m4] = centralMoments(sorted, 0, cols, mu);
      unscale = k;
    }
    out.mean[r] = ldexp(mu, unscale);
    out.std[r] = ldexp(Math.sqrt(m2), unscale);
    out.min[r] = lo;
    out.max[r] = hi;
    const constant = lo === hi || m2 <= (resolution * mu) ** 2;
    out.skew[r] = constant ? 0 : m3 / m2 ** 1.5;
    out.kurtosis[r] = constant ? 0 : m4 / (m2 * m2) - 3;
    for (let c = 0; c < cols; c++) sorted[c] = data[base + c];
    sorted.sort();
    out.median[r] = sortedMedian(sorted);
    if (!Number.isFinite(out.mean[r]) || !Number.isFinite(out.std[r]) || !Number.isFinite(out.median[r])) throw overflow(r);
  }
  return out;
}

/** A variance below which a row's skew and kurtosis are computed scaled (2^-400: m2^2 stays a normal float64 above it). */
const TINY_VARIANCE = 2 ** -400;

/** The smallest `k` with `max |x[off .. off+n)| * 2^-k <= 1` (negative for small values; 0 for zeros). */
function scaleExponent(x: ArrayLike<number>, off: number, n: number): number {
  let big = 0;
  for (let i = off; i < off + n; i++) big = Math.max(big, Math.abs(x[i]));
  return big === 0 ? 0 : Math.ceil(Math.log2(big));
}

/** `BAD_DATA`: a statistic of `row` (or of all values) exceeds float64. */
function overflow(row?: number): MirkitError {
  const what = row === undefined ? 'the values' : `row ${row}`;
  return new MirkitError('BAD_DATA', `a statistic of ${what} exceeds float64 (values near 1e308, or a variance beyond it): scale the data down first`, {
    row,
  });
}

/**
 * Mean of every row (`np.mean(m, axis=1)`), in Float64.
 * @example
 * ```ts
 * rowMeans(mfcc(y))[0]; // mean of the first coefficient over frames
 * ```
 */
export function rowMeans(m: Matrix): Float64Array {
  checkMatrix(m, 'm');
  const out = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    let s = 0;
    for (let c = 0, i = r * m.cols; c < m.cols; c++, i++) s += m.data[i];
    out[r] = Number.isFinite(s) ? s / m.cols : scaledMean(m.data, r * m.cols, m.cols);
  }
  return out;
}

/** Mean of `x[off .. off+n)` whose plain sum overflows: summed divided by a power of two, then scaled back. */
function scaledMean(x: ArrayLike<number>, off: number, n: number): number {
  const k = scaleExponent(x, off, n);
  let s = 0;
  for (let i = off; i < off + n; i++) s += x[i] * 2 ** -k;
  return ldexp(s / n, k);
}

/** `x * 2^k` for `k` in [-1074, 1074] (2^1024 itself overflows, 2^-1075 underflows: two factors). */
function ldexp(x: number, k: number): number {
  return x * 2 ** (k >> 1) * 2 ** (k - (k >> 1));
}

/**
 * Population variance (ddof 0) of every row (`np.var(m, axis=1)`), two-pass, in Float64.
 * @example
 * ```ts
 * rowVariances(mfcc(y))[0];
 * ```
 */
export function rowVariances(m: Matrix): Float64Array {
  const mu = rowMeans(m);
  const out = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    let s = 0;
    for (let c = 0, i = r * m.cols; c < m.cols; c++, i++) {
      const d = m.data[i] - mu[r];
      s += d * d;
    }
    out[r] = s / m.cols;
    if (!Number.isFinite(out[r])) throw overflow(r);
  }
  return out;
}

/** The values of a Matrix or array, checked: `BAD_DATA` (not numbers), `NON_FINITE`; empty passes (the callers say `EMPTY_INPUT`). */
function values(x: Matrix | ArrayLike<number>): ArrayLike<number> {
  if (isMatrix(x)) x = x.data;
  else if (!(x instanceof Float32Array || x instanceof Float64Array || Array.isArray(x))) {
    throw new MirkitError('BAD_DATA', 'expected a Matrix, a Float32Array, a Float64Array or a number[]');
  }
  // (Number.isFinite is false for what is not a number, so firstNonFinite finds strings and null too)
  if (Array.isArray(x) ? firstNonFinite(x) < 0 : allFinite(x as Float32Array | Float64Array)) return x;
  const i = firstNonFinite(x);
  if (typeof x[i] !== 'number') throw new MirkitError('BAD_DATA', `value ${i} is a ${typeof x[i]}, not a number`, { index: i });
  throw new MirkitError('NON_FINITE', `value ${i} is ${x[i]}: the values must be finite`, { index: i });
}

/**
 * Mean over all values of a matrix or array (`np.mean(x)`), in Float64. Throws `EMPTY_INPUT` for
 * an empty input (numpy would return NaN), `NON_FINITE` / `BAD_DATA` for a value that is not a finite number.
 * @example
 * ```ts
 * mean(chromaStft(y)); // the Kaggle table's chroma_stft_mean
 * ```
 */
export function mean(x: Matrix | ArrayLike<number>): number {
  const v = values(x);
  if (v.length === 0) throw new MirkitError('EMPTY_INPUT', 'mean of an empty input');
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return Number.isFinite(s) ? s / v.length : scaledMean(v, 0, v.length);
}

/**
 * Population variance (ddof 0) over all values of a matrix or array (`np.var(x)`), two-pass, in
 * Float64. Throws `EMPTY_INPUT` for an empty input, `NON_FINITE` / `BAD_DATA` like {@link mean}, `BAD_DATA`
 * when the variance exceeds float64 (values beyond about 1e154).
 * @example
 * ```ts
 * variance(rms(y)); // the Kaggle table's rms_var
 * ```
 */
export function variance(x: Matrix | ArrayLike<number>): number {
  const v = values(x);
  const mu = mean(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const d = v[i] - mu;
    s += d * d;
  }
  if (!Number.isFinite(s / v.length)) throw overflow();
  return s / v.length;
}
