import { MirkitError } from './errors.js';
import { MAX_MATRIX_VALUES } from './limits.js';

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
 * Refuses (`BAD_OPTION`, before allocating) a matrix of more than `MAX_MATRIX_VALUES` (2^28) values.
 */
export function createMatrix(rows: number, cols: number, type: 'float32' | 'float64' = 'float32'): Matrix {
  const n = checkWorkSize(rows, cols, 'result');
  return { rows, cols, data: type === 'float64' ? new Float64Array(n) : new Float32Array(n) };
}

/** Wraps existing row-major data as a {@link Matrix}, checking that the length fits. */
export function matrixFrom(rows: number, cols: number, data: Float32Array | Float64Array): Matrix {
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

/** Builds a {@link Matrix} (Float64) from nested arrays `[rows][cols]`. */
export function matrixFromRows(rows: ArrayLike<number>[]): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) throw new MirkitError('BAD_SHAPE', `row ${i} has ${rows[i].length} values, expected ${c}`);
    for (let j = 0; j < c; j++) data[i * c + j] = rows[i][j];
  }
  return { rows: r, cols: c, data };
}

/** Returns the rows of a {@link Matrix} as plain number arrays (for JSON, printing, tests). */
export function matrixToRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** One row of a matrix as a view (no copy). */
export function matrixRow(m: Matrix, r: number): Float32Array | Float64Array {
  return m.data.subarray(r * m.cols, (r + 1) * m.cols);
}

/** Transpose into a new matrix of the same element type. */
export function transpose(m: Matrix): Matrix {
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
    throw new MirkitError(
      'BAD_OPTION',
      `the ${what} would hold ${rows} x ${cols} = ${n} values, above the bound of 2^28 (1 GiB of float32): use a shorter signal, a larger hop or fewer bins`,
      {
        rows,
        cols,
        bound: MAX_MATRIX_VALUES,
      },
    );
  }
  return n;
}
