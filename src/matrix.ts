import { MirkitError } from './errors.js';
import { MAX_MATRIX_VALUES } from './limits.js';
import { shown } from './util/shown.js';

/**
 * A dense row-major 2-D array: `data[r * cols + c]`.
 *
 * For spectrogram-like features rows are bins or coefficients and columns are frames,
 * exactly librosa's `(n_bins, n_frames)` orientation.
 */
export interface Matrix {
  /** Number of rows (bins, coefficients, classes...). */
  readonly rows: number;
  /** Number of columns (frames, samples...). */
  readonly cols: number;
  /** Row-major values, length `rows * cols`. */
  readonly data: Float32Array | Float64Array;
}

/**
 * Allocates a zero-filled {@link Matrix} backed by a `Float32Array` (default) or `Float64Array`.
 *
 * @throws MirkitError `BAD_OPTION` for `rows` or `cols` that is not a whole non-negative number, an
 *   unknown `type`, or (before allocating) a matrix of more than `MAX_MATRIX_VALUES` (2^28) values.
 */
export function createMatrix(rows: number, cols: number, type: 'float32' | 'float64' = 'float32'): Matrix {
  checkDimension(rows, 'rows', 'BAD_OPTION');
  checkDimension(cols, 'cols', 'BAD_OPTION');
  if (type !== 'float32' && type !== 'float64')
    throw new MirkitError('BAD_OPTION', `type must be 'float32' or 'float64', got ${shown(type)}`, { option: 'type' });
  const n = checkWorkSize(rows, cols, 'result');
  return { rows, cols, data: type === 'float64' ? new Float64Array(n) : new Float32Array(n) };
}

/**
 * Wraps existing row-major data as a {@link Matrix}, checking that the length fits.
 *
 * @throws MirkitError `BAD_SHAPE` for `rows` or `cols` that is not a whole non-negative number, `data`
 *   that is not a `Float32Array` / `Float64Array`, or a length other than `rows * cols`.
 */
export function matrixFrom(rows: number, cols: number, data: Float32Array | Float64Array): Matrix {
  checkDimension(rows, 'rows', 'BAD_SHAPE');
  checkDimension(cols, 'cols', 'BAD_SHAPE');
  if (!(data instanceof Float32Array || data instanceof Float64Array)) throw new MirkitError('BAD_SHAPE', 'matrix data must be a Float32Array or Float64Array');
  if (data.length !== rows * cols) {
    throw new MirkitError('BAD_SHAPE', `matrix data has ${data.length} values, expected ${rows} x ${cols} = ${rows * cols}`);
  }
  return { rows, cols, data };
}

/** True when `x` has the shape of a {@link Matrix}: whole non-negative `rows` and `cols`, and `rows x cols` float values. */
export function isMatrix(x: unknown): x is Matrix {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Partial<Matrix>;
  return (
    Number.isSafeInteger(m.rows) &&
    Number.isSafeInteger(m.cols) &&
    (m.rows as number) >= 0 &&
    (m.cols as number) >= 0 &&
    (m.data instanceof Float32Array || m.data instanceof Float64Array) &&
    m.data.length === (m.rows as number) * (m.cols as number)
  );
}

/**
 * Builds a {@link Matrix} (Float64) from nested arrays `[rows][cols]`.
 *
 * @throws MirkitError `BAD_SHAPE` when `rows` is not an array of arrays (or typed arrays) of one length;
 *   `BAD_OPTION` for more than `MAX_MATRIX_VALUES` (2^28) values.
 */
export function matrixFromRows(rows: ArrayLike<number>[]): Matrix {
  if (!Array.isArray(rows)) throw new MirkitError('BAD_SHAPE', 'matrixFromRows expects an array of rows (arrays of numbers)');
  const r = rows.length;
  for (let i = 0; i < r; i++) {
    if (!Array.isArray(rows[i]) && !(ArrayBuffer.isView(rows[i]) && !(rows[i] instanceof DataView))) {
      throw new MirkitError('BAD_SHAPE', `row ${i} must be an array of numbers, got ${shown(rows[i])}`, { row: i });
    }
  }
  const c = r === 0 ? 0 : rows[0].length;
  const data = new Float64Array(checkWorkSize(r, c, 'matrix'));
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) throw new MirkitError('BAD_SHAPE', `row ${i} has ${rows[i].length} values, expected ${c}`);
    for (let j = 0; j < c; j++) data[i * c + j] = rows[i][j];
  }
  return { rows: r, cols: c, data };
}

/**
 * Returns the rows of a {@link Matrix} as plain number arrays (for JSON, printing, tests).
 *
 * @throws MirkitError `BAD_SHAPE` when `m` is not a {@link Matrix}.
 */
export function matrixToRows(m: Matrix): number[][] {
  checkShape(m, 'm');
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/**
 * One row of a matrix as a view (no copy).
 *
 * @throws MirkitError `BAD_SHAPE` when `m` is not a {@link Matrix}; `BAD_OPTION` when `r` is not a row
 *   index (a whole number in `[0, rows)`).
 */
export function matrixRow(m: Matrix, r: number): Float32Array | Float64Array {
  checkShape(m, 'm');
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r >= m.rows) {
    throw new MirkitError('BAD_OPTION', `row index must be a whole number in [0, ${m.rows}), got ${shown(r)}`, { option: 'r', rows: m.rows });
  }
  return m.data.subarray(r * m.cols, (r + 1) * m.cols);
}

/**
 * Transpose into a new matrix of the same element type (values copied as they are).
 *
 * @throws MirkitError `BAD_SHAPE` when `m` is not a {@link Matrix} (whole non-negative `rows` and `cols`,
 *   `rows x cols` float values); `BAD_OPTION` for more than `MAX_MATRIX_VALUES` (2^28) values.
 */
export function transpose(m: Matrix): Matrix {
  checkShape(m, 'm');
  checkWorkSize(m.rows, m.cols, 'transposed matrix');
  const out = m.data instanceof Float64Array ? new Float64Array(m.data.length) : new Float32Array(m.data.length);
  const { rows, cols, data } = m;
  const B = 32;
  for (let r0 = 0; r0 < rows; r0 += B) {
    const r1 = Math.min(rows, r0 + B);
    for (let c0 = 0; c0 < cols; c0 += B) {
      const c1 = Math.min(cols, c0 + B);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[c * rows + r] = data[r * cols + c];
    }
  }
  return { rows: cols, cols: rows, data: out };
}

/** `BAD_SHAPE` unless `m` is a {@link Matrix} (see {@link isMatrix}). */
function checkShape(m: unknown, name: string): asserts m is Matrix {
  if (!isMatrix(m)) throw new MirkitError('BAD_SHAPE', `${name} must be a Matrix { rows, cols, data } with whole rows and cols and data.length = rows * cols`);
}

/** `code` unless `v` is a whole non-negative number (a matrix dimension). */
function checkDimension(v: unknown, name: string, code: 'BAD_OPTION' | 'BAD_SHAPE'): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new MirkitError(code, `${name} must be a whole non-negative number, got ${shown(v)}`, { option: name });
}

/**
 * Throws `BAD_OPTION` when `steps`, the work a call is about to do, is above `bound` (one of the
 * work bounds of `src/limits.ts`), before any of it is done: the message is `work` (what the
 * steps are, with their numbers), the bound and `advice`; `details` names the `option` to change
 * and gets the `bound`. The step-count sibling of {@link checkWorkSize}, which bounds values held.
 */
export function checkStepBound(steps: number, bound: number, work: string, advice: string, details: { option: string } & Record<string, unknown>): void {
  if (steps > bound) throw new MirkitError('BAD_OPTION', `${work}, above the bound of 2^${Math.log2(bound)}: ${advice}`, { ...details, bound });
}

/**
 * Returns `rows * cols` when a matrix of that shape is within `MAX_MATRIX_VALUES` (2^28 values,
 * 1 GiB of float32); throws `BAD_OPTION` otherwise, so callers check before they allocate.
 */
export function checkWorkSize(rows: number, cols: number, what: string): number {
  const n = rows * cols;
  if (!(n <= MAX_MATRIX_VALUES)) {
    throw new MirkitError('BAD_OPTION', `the ${what} would hold ${rows} x ${cols} values, above 2^28: use a shorter signal, a larger hop or fewer bins`, {
      rows,
      cols,
      bound: MAX_MATRIX_VALUES,
    });
  }
  return n;
}
