import { MirkitError } from './errors.js';
import { isMatrix, type Matrix } from './matrix.js';
import { MAX_SAMPLE_MAGNITUDE, MAX_SAMPLE_RATE, MAX_SPECTROGRAM_VALUE, MIN_SAMPLE_RATE } from './limits.js';
import { wasmExponentsBelow } from './dsp/heap-kernels.js';
import { shown } from './util/shown.js';

/** {@link MAX_SAMPLE_MAGNITUDE} = 2^24: the exponent {@link checkSignal}'s scan bounds samples below. */
const MAX_SAMPLE_LOG2 = 24;

/** Any 1-D numeric signal accepted by mirkit's functions. */
export type Signal = Float32Array | Float64Array | number[];

/**
 * Checks a mono signal: non-empty, finite and within +-{@link MAX_SAMPLE_MAGNITUDE} (2^24). Returns
 * it as a typed array (a `number[]` is copied into a `Float32Array`). Throws `EMPTY_INPUT`,
 * `NON_FINITE` or `BAD_DATA` (a finite sample beyond the bound). With `bounded = false` (linear
 * operations such as resampling, which cannot overflow) only finiteness is checked.
 */
export function checkSignal(y: unknown, name = 'y', bounded = true): Float32Array | Float64Array {
  const arr = signalArray(y, name);
  if (bounded ? allBelowPowerOfTwo(arr, MAX_SAMPLE_LOG2) : allFinite(arr)) return arr;
  const i = firstNonFinite(arr);
  if (i >= 0) {
    throw new MirkitError('NON_FINITE', `${name}[${i}] is ${arr[i]}: audio must be finite`, { index: i });
  }
  let j = 0;
  while (Math.abs(arr[j]) < MAX_SAMPLE_MAGNITUDE) j++;
  throw new MirkitError('BAD_DATA', `${name}[${j}] is ${arr[j]}: samples must lie within +-2^24 (audio in [-1, 1] is expected); scale it down`, {
    index: j,
    bound: MAX_SAMPLE_MAGNITUDE,
  });
}

/**
 * The first half of {@link checkSignal}: the signal as a non-empty typed array (a `number[]` copied
 * into a `Float32Array`), its values not yet scanned. For a function that reads every sample anyway
 * and calls {@link checkSignal} itself where what it computed shows a sample may be non-finite or
 * too large. Throws `BAD_DATA`, `EMPTY_INPUT`. @internal
 */
export function signalArray(y: unknown, name = 'y'): Float32Array | Float64Array {
  let arr: Float32Array | Float64Array;
  if (y instanceof Float32Array || y instanceof Float64Array) arr = y;
  else if (Array.isArray(y)) arr = Float32Array.from(y as number[]);
  else throw new MirkitError('BAD_DATA', `${name} must be a Float32Array, Float64Array or number[] of samples`);
  if (arr.length === 0) throw new MirkitError('EMPTY_INPUT', `${name} is empty: pass at least one sample`);
  return arr;
}

/**
 * Checks a sample rate: a finite number of Hz in [{@link MIN_SAMPLE_RATE}, {@link MAX_SAMPLE_RATE}]
 * (100 Hz .. 768 kHz). Throws `BAD_SAMPLE_RATE`.
 */
export function checkSampleRate(sr: unknown, name = 'sr'): number {
  if (typeof sr !== 'number' || !Number.isFinite(sr) || sr < MIN_SAMPLE_RATE || sr > MAX_SAMPLE_RATE) {
    throw new MirkitError('BAD_SAMPLE_RATE', `${name} must be a positive finite number of Hz in [${MIN_SAMPLE_RATE}, ${MAX_SAMPLE_RATE}], got ${shown(sr)}`);
  }
  return sr;
}

/** Checks a positive integer option. Throws `BAD_OPTION`. */
export function checkPositiveInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new MirkitError('BAD_OPTION', `${name} must be a positive integer, got ${shown(value)}`, { option: name });
  }
  return value;
}

/** Checks a finite number option, optionally within [min, max]. Throws `BAD_OPTION`. */
export function checkNumber(value: unknown, name: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new MirkitError('BAD_OPTION', `${name} must be a finite number in [${min}, ${max}], got ${shown(value)}`, { option: name });
  }
  return value;
}

/** Float32 signals from this length are scanned by the wasm kernel where it runs. */
const WASM_SCAN_MIN = 1 << 15;

/**
 * True when every value of `x` is finite and `|x| < 2^e` (`e` an integer in [1, 127]): the
 * exponent scan of {@link allFinite} with its threshold at 2^e.
 */
export function allBelowPowerOfTwo(x: Float32Array | Float64Array, e: number): boolean {
  const bound = 2 ** e;
  if (x.length < 64 || !littleEndianHost) {
    for (let i = 0; i < x.length; i++) if (!(Math.abs(x[i]) < bound)) return false;
    return true;
  }
  // a signal's scan (checkSignal): the wasm kernel where it runs, 5x faster copies included
  if (x instanceof Float32Array) return float32ExponentsBelow(x, (256 - (127 + e)) << 23, WASM_SCAN_MIN);
  return exponentsBelow64(new Int32Array(x.buffer, x.byteOffset, 2 * x.length), (2048 - (1023 + e)) << 20);
}

/**
 * The exponent scan of float32 values (`exponentsBelow32` with `add`), through the wasm kernel
 * where it runs for `wasmFrom` values or more. Only the signal and feature checks reach it: the
 * classifiers' checks ({@link allFinite}) stay without the FFT module in their bundles.
 */
function float32ExponentsBelow(x: Float32Array, add: number, wasmFrom: number): boolean {
  const words = new Int32Array(x.buffer, x.byteOffset, x.length);
  return (x.length >= wasmFrom ? wasmExponentsBelow(words, add) : null) ?? exponentsBelow32(words, add);
}

/** A finite number strictly greater than 0 (`BAD_OPTION` otherwise), e.g. a tempo in BPM. */
export function checkPositiveNumber(value: unknown, name: string): number {
  checkNumber(value, name);
  if ((value as number) <= 0) throw new MirkitError('BAD_OPTION', `${name} must be strictly positive, got ${shown(value)}`, { option: name });
  return value as number;
}

/** Checks a {@link Matrix} (and optionally its row count) and that all values are finite. */
export function checkMatrix(m: unknown, name: string, rows?: number): Matrix {
  const M = checkMatrixShape(m, name, rows);
  if (!allFinite(M.data)) throw nonFinite(M, name);
  return M;
}

/**
 * `BAD_DATA` unless every value of `data` (already checked finite) lies within
 * +-{@link MAX_SPECTROGRAM_VALUE} (2^100), the bound of precomputed spectrogram-like inputs; the
 * message names `name`, the first value beyond it and the bound. Returns `data`. @internal
 */
export function checkSpectrogramValues<T extends Float32Array | Float64Array>(data: T, name: string): T {
  if (allBelowPowerOfTwo(data, MAX_SPECTROGRAM_LOG2)) return data;
  let i = 0;
  while (Math.abs(data[i]) < MAX_SPECTROGRAM_VALUE) i++;
  throw new MirkitError('BAD_DATA', `${name}[${i}] is ${data[i]}, beyond +-2^100: no spectrogram of audio reaches it; check its scale`, {
    index: i,
    bound: MAX_SPECTROGRAM_VALUE,
  });
}

/** {@link checkMatrix} plus {@link checkSpectrogramValues}: a precomputed spectrogram-like matrix. @internal */
export function checkBoundedMatrix(m: unknown, name: string, rows?: number): Matrix {
  const M = checkMatrix(m, name, rows);
  checkSpectrogramValues(M.data, name);
  return M;
}

/** {@link MAX_SPECTROGRAM_VALUE} = 2^100: the exponent {@link checkSpectrogramValues} scans below. */
const MAX_SPECTROGRAM_LOG2 = 100;

/** Float32 matrices from this many values are scanned by the wasm kernel in {@link checkFeatureMatrix}. */
const WASM_MATRIX_SCAN_MIN = 1 << 12;

/**
 * {@link checkMatrix} for the feature functions (not the classifiers, whose bundles stay without the
 * FFT module): a float32 matrix of {@link WASM_MATRIX_SCAN_MIN} values or more is scanned for
 * non-finite values by the wasm kernel where it runs (3-4x faster, copy included), with the same
 * outcome and error. @internal
 */
export function checkFeatureMatrix(m: unknown, name: string, rows?: number): Matrix {
  const M = checkMatrixShape(m, name, rows);
  const x = M.data;
  // exponents below 255 (add 2^23): finite, as allFinite decides
  const finite = x instanceof Float32Array && littleEndianHost ? float32ExponentsBelow(x, 0x00800000, WASM_MATRIX_SCAN_MIN) : allFinite(x);
  if (!finite) throw nonFinite(M, name);
  return M;
}

/** The shape checks of {@link checkMatrix}: a Matrix (`BAD_SHAPE`), `rows` rows if given, not empty (`EMPTY_INPUT`). */
function checkMatrixShape(m: unknown, name: string, rows?: number): Matrix {
  if (!isMatrix(m)) throw new MirkitError('BAD_SHAPE', `${name} must be a Matrix { rows, cols, data } with data.length = rows * cols`);
  if (rows !== undefined && m.rows !== rows) {
    throw new MirkitError('BAD_SHAPE', `${name} has ${m.rows} rows, expected ${rows}`, { rows: m.rows, expected: rows });
  }
  if (m.cols === 0 || m.rows === 0) throw new MirkitError('EMPTY_INPUT', `${name} is empty (${m.rows} x ${m.cols})`);
  return m;
}

/** The `NON_FINITE` error of a matrix, naming its first non-finite value. */
function nonFinite(m: Matrix, name: string): MirkitError {
  return new MirkitError('NON_FINITE', `${name} holds a non-finite value at index ${firstNonFinite(m.data)}`);
}

/**
 * The input of a feature computed from a signal or given precomputed: `given` checked as a
 * {@link Matrix} when defined (`BAD_SHAPE`: "`name` must be a Matrix { rows, cols, data } `shapeNote`"),
 * else `compute(y)` (`EMPTY_INPUT`: "pass a signal y or a precomputed `noun` in opts.`name`" when `y` is missing).
 * @internal
 */
export function givenOrComputed(
  given: unknown,
  name: string,
  shapeNote: string,
  noun: string,
  y: Signal | null | undefined,
  compute: (y: Signal) => Matrix,
): Matrix {
  if (given !== undefined) {
    if (!isMatrix(given)) throw new MirkitError('BAD_SHAPE', `${name} must be a Matrix { rows, cols, data } ${shapeNote}`);
    return checkMatrix(given, name);
  }
  if (y === null || y === undefined) throw new MirkitError('EMPTY_INPUT', `pass a signal y or a precomputed ${noun} in opts.${name}`);
  return compute(y);
}

/**
 * True when every value of `x` is finite (true for an empty array). Reads the IEEE-754 bits
 * through an `Int32Array` view and ORs `(bits & exponentMask) + exponentLsb` over the data:
 * that sum carries into the sign bit exactly when the exponent is all ones (NaN or
 * +-Infinity), so the whole scan is integer and branch-free (about half the time of a
 * `Number.isFinite` loop). Use {@link firstNonFinite} for the index once this says false.
 */
export function allFinite(x: Float32Array | Float64Array): boolean {
  if (x.length < 64 || !littleEndianHost) return firstNonFinite(x) < 0;
  return x instanceof Float32Array
    ? exponentsBelowMax32(new Int32Array(x.buffer, x.byteOffset, x.length))
    : exponentsBelowMax64(new Int32Array(x.buffer, x.byteOffset, 2 * x.length));
}

/** Index of the first value of `x` that is NaN or +-Infinity, or -1 when there is none. */
export function firstNonFinite(x: ArrayLike<number>): number {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return i;
  return -1;
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * True unless some word `w[i]` has all the bits of `mask` set: `(w & mask) + lsb` (lsb the
 * lowest bit of mask) reaches the int32 sign bit only then. Float32 data: every word.
 */
function exponentsBelowMax32(w: Int32Array): boolean {
  return exponentsBelow32(w, 0x00800000);
}

/** {@link exponentsBelowMax32} with the threshold exponent given as `add = (256 - e) << 23`. */
function exponentsBelow32(w: Int32Array, add: number): boolean {
  const n = w.length;
  // four words per step into two accumulators (an or of ors: the same result, fewer loop steps)
  let acc = 0,
    acc2 = 0,
    i = 0;
  for (; i + 3 < n; i += 4) {
    acc |= ((w[i] & 0x7f800000) + add) | ((w[i + 1] & 0x7f800000) + add);
    acc2 |= ((w[i + 2] & 0x7f800000) + add) | ((w[i + 3] & 0x7f800000) + add);
  }
  for (; i < n; i++) acc |= (w[i] & 0x7f800000) + add;
  return (acc | acc2) >= 0;
}

/** {@link exponentsBelowMax32} for float64 data: the high (odd, little-endian) words. */
function exponentsBelowMax64(w: Int32Array): boolean {
  return exponentsBelow64(w, 0x00100000);
}

/** {@link exponentsBelowMax64} with the threshold exponent given as `add = (2048 - e) << 20`. */
function exponentsBelow64(w: Int32Array, add: number): boolean {
  const n = w.length;
  let acc = 0;
  for (let i = 1; i < n; i += 2) acc |= (w[i] & 0x7ff00000) + add;
  return acc >= 0;
}
