import { MirkitError } from './errors.js';
import { isMatrix, type Matrix } from './matrix.js';

/** Any 1-D numeric signal accepted by mirkit's functions. */
export type Signal = Float32Array | Float64Array | number[];

/**
 * Checks a mono signal: non-empty and finite. Returns it as a typed array (a `number[]` is copied
 * into a `Float32Array`). Throws `EMPTY_INPUT` or `NON_FINITE`.
 */
export function checkSignal(y: unknown, name = 'y'): Float32Array | Float64Array {
  let arr: Float32Array | Float64Array;
  if (y instanceof Float32Array || y instanceof Float64Array) arr = y;
  else if (Array.isArray(y)) arr = Float32Array.from(y as number[]);
  else throw new MirkitError('BAD_DATA', `${name} must be a Float32Array, Float64Array or number[] of samples`);
  if (arr.length === 0) throw new MirkitError('EMPTY_INPUT', `${name} is empty: pass at least one sample`);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (!Number.isFinite(v)) {
      throw new MirkitError('NON_FINITE', `${name}[${i}] is ${v}: audio must be finite; clean the signal (e.g. replace NaN by 0) first`, { index: i });
    }
  }
  return arr;
}

/** Checks a sample rate: a positive finite number. Throws `BAD_SAMPLE_RATE`. */
export function checkSampleRate(sr: unknown, name = 'sr'): number {
  if (typeof sr !== 'number' || !Number.isFinite(sr) || sr <= 0) {
    throw new MirkitError('BAD_SAMPLE_RATE', `${name} must be a positive finite number of Hz, got ${String(sr)}`);
  }
  return sr;
}

/** Checks a positive integer option. Throws `BAD_OPTION`. */
export function checkPositiveInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new MirkitError('BAD_OPTION', `${name} must be a positive integer, got ${String(value)}`, { option: name });
  }
  return value;
}

/** Checks a finite number option, optionally within [min, max]. Throws `BAD_OPTION`. */
export function checkNumber(value: unknown, name: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new MirkitError('BAD_OPTION', `${name} must be a finite number in [${min}, ${max}], got ${String(value)}`, { option: name });
  }
  return value;
}

/** Checks a {@link Matrix} (and optionally its row count) and that all values are finite. */
export function checkMatrix(m: unknown, name: string, rows?: number): Matrix {
  if (!isMatrix(m)) throw new MirkitError('BAD_SHAPE', `${name} must be a Matrix { rows, cols, data } with data.length = rows * cols`);
  if (rows !== undefined && m.rows !== rows) {
    throw new MirkitError('BAD_SHAPE', `${name} has ${m.rows} rows, expected ${rows}`, { rows: m.rows, expected: rows });
  }
  if (m.cols === 0 || m.rows === 0) throw new MirkitError('EMPTY_INPUT', `${name} is empty (${m.rows} x ${m.cols})`);
  const d = m.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) throw new MirkitError('NON_FINITE', `${name} holds a non-finite value at index ${i}`);
  }
  return m;
}
