import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { transposeInto } from './transpose.js';
import { checkMatrix, checkNumber, checkPositiveInt } from '../validate.js';
import { MAX_KERNEL_SIZE } from '../limits.js';
import { SimdMedian } from './median-simd.js';
import { simdMedianDownColumns, simdMedianLines } from './median-columns.js';
import { reflectIndex } from './reflect.js';
import { selectInPlace } from './select.js';

export { selectInPlace } from './select.js';
export { reflectIndex } from './reflect.js';
import { readOptions } from '../options.js';
import { MEDIAN_FILTER_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

/**
 * Sliding median over `ext` (the reflect-padded line, length `n + k - 1`) into `line[0..n)`.
 * `win` (length k + 2) holds the sorted window between sentinels (-Infinity, +Infinity). Each step
 * finds the outgoing value by binary search (any slot holding an equal value will do) and moves
 * that slot to the incoming value with one short shift: no bookkeeping of which sample sits where.
 */
function slide(ext: Float64Array, n: number, k: number, win: Float64Array, line: Float64Array): void {
  const rank = (k >> 1) + 1;
  win[0] = -Infinity;
  win[k + 1] = Infinity;
  for (let j = 0; j < k; j++) {
    const v = ext[j];
    let p = j + 1;
    while (win[p - 1] > v) {
      win[p] = win[p - 1];
      p--;
    }
    win[p] = v;
  }
  line[0] = win[rank];
  for (let i = 1; i < n; i++) {
    const old = ext[i - 1];
    const nv = ext[i + k - 1];
    if (nv !== old) {
      // lower bound of `old` in win[1..k]
      let lo = 1;
      let hi = k;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (win[mid] < old) lo = mid + 1;
        else hi = mid;
      }
      let j = lo;
      if (nv > old) {
        let w = win[j + 1];
        while (w < nv) {
          win[j] = w;
          j++;
          w = win[j + 1];
        }
      } else {
        let w = win[j - 1];
        while (w > nv) {
          win[j] = w;
          j--;
          w = win[j - 1];
        }
      }
      win[j] = nv;
    }
    line[i] = win[rank];
  }
}

/**
 * A reusable 1-D sliding-window median (rank) filter with scipy.ndimage.median_filter semantics:
 * window `[i - floor(size/2), i - floor(size/2) + size - 1]`, boundary mode `'reflect'`, and for an
 * even `size` the element of sorted rank `floor(size/2)` (scipy picks an element, it never averages).
 *
 * The window is kept sorted; each step finds the outgoing value by binary search and moves its
 * slot to the incoming value with one short shift.
 */
export class SlidingMedian {
  /** Window size. */
  readonly size: number;
  private readonly win: Float64Array;
  private ext: Float64Array;
  private line: Float64Array;

  /**
   * @param size - window length in samples (a positive integer up to `MAX_KERNEL_SIZE` = 1025)
   * @throws MirkitError `BAD_OPTION` for any other `size`.
   */
  constructor(size: number) {
    this.size = checkMedianSize(size);
    this.win = new Float64Array(size + 2);
    this.ext = new Float64Array(0);
    this.line = new Float64Array(0);
  }

  /**
   * Filters the `n` values `src[offset .. offset + n)` into `dst[dOffset .. dOffset + n)`. The values
   * must not be NaN (they are not scanned).
   *
   * @throws MirkitError `BAD_DATA` when `src` or `dst` is not a Float32Array / Float64Array; `BAD_OPTION`
   *   when `offset`, `n` or `dOffset` is not a whole number >= 0 or a range reaches past its array.
   */
  run(src: Float32Array | Float64Array, offset: number, n: number, dst: Float32Array | Float64Array, dOffset: number): void {
    if (!(src instanceof Float32Array || src instanceof Float64Array) || !(dst instanceof Float32Array || dst instanceof Float64Array)) {
      throw new MirkitError('BAD_DATA', 'SlidingMedian.run: src and dst must be Float32Array or Float64Array');
    }
    checkRunIndex(offset, 'offset');
    checkRunIndex(n, 'n');
    checkRunIndex(dOffset, 'dOffset');
    if (offset + n > src.length || dOffset + n > dst.length) {
      throw new MirkitError(
        'BAD_OPTION',
        `SlidingMedian.run: ${n} values from ${offset} (src) / ${dOffset} (dst) reach past src (${src.length}) or dst (${dst.length})`,
        {
          option: 'n',
        },
      );
    }
    if (n === 0) return;
    const k = this.size;
    const left = k >> 1;
    const len = n + k - 1;
    if (this.ext.length < len) this.ext = new Float64Array(len);
    if (this.line.length < n) this.line = new Float64Array(n);
    const ext = this.ext;
    const line = this.line;
    for (let j = 0; j < left && j < len; j++) ext[j] = src[offset + reflectIndex(j - left, n)];
    for (let i = 0; i < n; i++) ext[left + i] = src[offset + i];
    for (let j = left + n; j < len; j++) ext[j] = src[offset + reflectIndex(j - left, n)];
    slide(ext, n, k, this.win, line);
    for (let i = 0; i < n; i++) dst[dOffset + i] = line[i];
  }
}

/**
 * `np.median` of `values[0..n)` (reordered in place): the middle value for odd n, the mean of the
 * two middle values for even n, computed as numpy does for the array's dtype: in float64, or
 * with `float32: true` as `float32(float32(a + b) / 2)` (np.median of a float32 array). Values
 * must not be NaN. Uses {@link selectInPlace}, no sort.
 *
 * @example
 * ```ts
 * medianInPlace(Float64Array.of(4, 1, 3, 2), 4); // 2.5
 * ```
 */
export function medianInPlace(values: Float64Array | Float32Array, n: number, float32 = false): number {
  const h = n >> 1;
  const upper = selectInPlace(values, n, h);
  if (n % 2 === 1) return upper;
  let lower = values[0];
  for (let i = 1; i < h; i++) if (values[i] > lower) lower = values[i];
  return float32 ? Math.fround(Math.fround(lower + upper) / 2) : (lower + upper) / 2;
}

/** Options of {@link medianFilter}. */
export interface MedianFilterOptions {
  /** Window length (odd sizes centre the window; even sizes follow scipy's origin 0). Default 31. */
  size?: number;
  /**
   * Direction of the filter: `'cols'` (= axis -1: along each row, across columns, i.e. along time
   * for a spectrogram; scipy `size=(1, size)`) or `'rows'` (= axis -2: down each column, i.e. along
   * frequency; scipy `size=(size, 1)`). Default `'cols'`.
   */
  axis?: 'cols' | 'rows';
}

/** `BAD_OPTION` unless `v` is a whole number >= 0 (an offset or count of {@link SlidingMedian.run}). */
function checkRunIndex(v: unknown, name: string): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new MirkitError('BAD_OPTION', `SlidingMedian.run: ${name} must be a whole number >= 0, got ${shown(v)}`, { option: name });
  }
}

/** `size` when it is a median-filter length: a positive integer up to {@link MAX_KERNEL_SIZE} (`BAD_OPTION` otherwise). */
function checkMedianSize(size: unknown): number {
  return checkNumber(checkPositiveInt(size, 'size'), 'size', 1, MAX_KERNEL_SIZE);
}

/**
 * 1-D sliding-window median of a signal, equal to `scipy.ndimage.median_filter(x, size, mode='reflect')`.
 *
 * @param x - input samples (finite)
 * @param size - window length (default 31), a positive integer up to `MAX_KERNEL_SIZE` (1025)
 * @returns a new Float32Array (Float64Array for Float64Array input) of the same length
 * @throws MirkitError `BAD_DATA` (`x` not a Float32Array, Float64Array or number[]), `EMPTY_INPUT`,
 *   `NON_FINITE` (naming the first bad sample), `BAD_OPTION` for a bad `size`.
 */
export function medianFilter1d(x: Float32Array | Float64Array | number[], size = 31): Float32Array | Float64Array {
  if (!(x instanceof Float32Array || x instanceof Float64Array || Array.isArray(x))) {
    throw new MirkitError('BAD_DATA', 'medianFilter1d: x must be a Float32Array, Float64Array or number[] of samples');
  }
  const n = x.length;
  if (n === 0) throw new MirkitError('EMPTY_INPUT', 'medianFilter1d: input is empty');
  for (let i = 0; i < n; i++) {
    if (typeof x[i] !== 'number' || !Number.isFinite(x[i])) throw new MirkitError('NON_FINITE', `medianFilter1d: x[${i}] is ${shown(x[i])}`, { index: i });
  }
  const filter = new SlidingMedian(size);
  const out = x instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
  const src = Array.isArray(x) ? Float64Array.from(x) : x;
  filter.run(src, 0, n, out, 0);
  return out;
}

/**
 * Sliding-window median of every row (`axis: 'cols'`) or every column (`axis: 'rows'`) of a
 * {@link Matrix}, equal to `scipy.ndimage.median_filter(M, size=(1, size) | (size, 1), mode='reflect')`
 * as librosa's `decompose.hpss` calls it.
 *
 * @returns a new matrix of the same shape and element type
 */
export function medianFilter(m: Matrix, opts: MedianFilterOptions = {}): Matrix {
  opts = readOptions('medianFilter', opts, MEDIAN_FILTER_OPTIONS);
  checkMatrix(m, 'm');
  const size = checkPositiveInt(opts.size ?? 31, 'size');
  const axis = opts.axis ?? 'cols';
  if (axis !== 'cols' && axis !== 'rows') throw new MirkitError('BAD_OPTION', `axis must be 'cols' or 'rows', got '${shown(axis)}'`);
  return medianFilterUnchecked(m, size, axis);
}

/** {@link medianFilter} without input validation (internal fast path). */
export function medianFilterUnchecked(m: Matrix, size: number, axis: 'cols' | 'rows'): Matrix {
  const { rows, cols, data } = m;
  const out = data instanceof Float64Array ? new Float64Array(data.length) : new Float32Array(data.length);
  if (axis === 'cols') {
    medianLines(data, cols, rows, size, out);
    return { rows, cols, data: out };
  }
  medianDownColumns(data, rows, cols, size, out);
  return { rows, cols, data: out };
}

/**
 * Sliding medians (window `size`, reflect boundary) down every column of the row-major
 * `rows x cols` matrix `src` (each column a line) into `dst`, the same layout and element type; `dst`
 * may be `src`. Float32 data go through the WebAssembly SIMD kernel of `./median-columns.ts` on the
 * matrix as it is, eight columns at a time, where it is available; else the columns are transposed
 * (blocked) into contiguous lines for {@link medianLines} and back. The same values either way (an
 * element of each window; only the sign of a zero median may differ when a window holds both -0 and +0).
 * @internal
 */
export function medianDownColumns<T extends Float32Array | Float64Array>(src: T, rows: number, cols: number, size: number, dst: T): void {
  if (src instanceof Float32Array && simdMedianDownColumns(src, rows, cols, size, dst as Float32Array)) return;
  const lines = src instanceof Float64Array ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
  transposeInto(src, rows, cols, lines);
  medianLines(lines, rows, cols, size, lines); // in place is safe (each line is read before it is written)
  transposeInto(lines, cols, rows, dst);
}

/**
 * Sliding medians (window `size`, reflect boundary) of the `count` contiguous lines of `n` values
 * of `src` (line l at `l * n`) into the same places of `dst`; `dst` may be `src`. Float32 data go
 * through WebAssembly SIMD kernels where they are available: eight lines or more side by side in the
 * lanes of the kernel down the columns (`./median-columns.ts`, the lines copied in transposed), fewer
 * two lines at a time (`./median-simd.ts`); same values: the median is an element of its window; only
 * the sign of a zero median may differ when a window holds both -0 and +0. Other data go through
 * {@link SlidingMedian}.
 * @internal
 */
export function medianLines(src: Float32Array | Float64Array, n: number, count: number, size: number, dst: Float32Array | Float64Array): void {
  // eight lines or more: side by side in the lanes of the kernel down the columns (./median-columns.ts)
  if (src instanceof Float32Array && count >= 8 && simdMedianLines(src, n, count, size, dst)) return;
  const simd = src instanceof Float32Array && count > 1 ? SimdMedian.create(size) : null;
  if (simd) {
    simd.runLines(src as Float32Array, 0, n, count, n, dst, 0, n);
    return;
  }
  const f = new SlidingMedian(size);
  for (let l = 0; l < count; l++) f.run(src, l * n, n, dst, l * n); // run() filters via its own buffer
}
