import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkBoundedMatrix } from '../validate.js';
import { readOptions } from '../options.js';
import { TO_DB_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

/**
 * Reference of a dB conversion: a number (the value that maps to 0 dB; its absolute value is
 * used), `'max'` (the largest value of the input, librosa's `ref=np.max`), or a function of the
 * input's values (absolute values for {@link amplitudeToDb}) returning the reference.
 */
export type DbRef = number | 'max' | ((values: Float32Array | Float64Array) => number);

/** Options of {@link powerToDb} and {@link amplitudeToDb} (librosa's names). */
export interface DbOptions {
  /** Reference value (0 dB). Default 1. */
  ref?: DbRef;
  /** Floor applied to the input before the log. Default 1e-10 (power) / 1e-5 (amplitude). */
  amin?: number;
  /** Clip the output to `max - topDb` dB; `null` disables. Default 80. */
  topDb?: number | null;
}

function resolveRef(ref: DbRef, values: Float32Array | Float64Array): number {
  if (ref === 'max') {
    let m = -Infinity;
    for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
    return m;
  }
  if (typeof ref === 'function') {
    const r = ref(values);
    if (typeof r !== 'number' || !Number.isFinite(r))
      throw new MirkitError('BAD_OPTION', `ref function returned ${shown(r)}; it must return a finite number`, { option: 'ref' });
    return Math.abs(r);
  }
  if (typeof ref !== 'number' || !Number.isFinite(ref))
    throw new MirkitError('BAD_OPTION', `ref must be a finite number, 'max' or a function, got ${shown(ref)}`, { option: 'ref' });
  return Math.abs(ref);
}

function checkDbOptions(amin: number, topDb: number | null): void {
  if (typeof amin !== 'number' || !(amin > 0) || !Number.isFinite(amin))
    throw new MirkitError('BAD_OPTION', `amin must be a positive number, got ${shown(amin)}`, { option: 'amin' });
  if (topDb !== null && (typeof topDb !== 'number' || !(topDb >= 0) || !Number.isFinite(topDb))) {
    throw new MirkitError('BAD_OPTION', `topDb must be a non-negative number or null, got ${shown(topDb)}`, { option: 'topDb' });
  }
}

/**
 * Reads `fn`'s options (defaults: ref 1, `amin` = `aminDefault`, topDb 80) after checking `S`;
 * throws `BAD_OPTION` for a bad amin or topDb.
 */
function dbSettings(fn: 'powerToDb' | 'amplitudeToDb', S: Matrix, opts: DbOptions, aminDefault: number): { ref: DbRef; amin: number; topDb: number | null } {
  opts = readOptions(fn, opts, TO_DB_OPTIONS);
  checkBoundedMatrix(S, 'S');
  const amin = opts.amin ?? aminDefault;
  const topDb = opts.topDb === undefined ? 80 : opts.topDb;
  checkDbOptions(amin, topDb);
  return { ref: opts.ref ?? 1, amin, topDb };
}

/** Bits of the log table index: the top 8 mantissa bits. */
const LOG_BITS = 8;
const LOG_SIZE = 1 << LOG_BITS;
/** The pairs `[ln(c_i), 1 / c_i]` (at `2i`, `2i + 1`) for the table points `c_i = 1 + i / 256` of [1, 2). */
const DB_TABLE = new Float64Array(2 * LOG_SIZE);
for (let i = 0; i < LOG_SIZE; i++) {
  const c = 1 + i / LOG_SIZE;
  DB_TABLE[2 * i] = Math.log(c);
  DB_TABLE[2 * i + 1] = 1 / c;
}

/**
 * A kernel computing {@link dbFloat32}'s table path bit for bit on float32 `values` into `out`:
 * `table` holds its 256 pairs `[ln c_i, 1 / c_i]`, `low` the bits of the largest float32 at
 * most `amin` (at least 2^-126), `aminDb` the value of anything at most `amin`; returns the largest
 * value before rounding, or `null` to leave the work to the JavaScript loop. `wasmDecibels` of
 * src/dsp/onset-kernels.ts bound to an FFT option is one. @internal
 */
export type DecibelKernel = (values: Float32Array, out: Float32Array, table: Float64Array, low: number, aminDb: number, offset: number) => number | null;

/** The smallest normal float32, 2^-126: an `amin` at least this leaves no subnormal above it. */
const SMALLEST_NORMAL_FLOAT32 = 1.1754943508222875e-38;

/**
 * `10 log10(max(v, amin)) - offset` of every float32 value, reading the bits through an Int32
 * view (no float/int punning stores): `v = 2^e (c + f)` with `c = 1 + i/256` from the top 8
 * mantissa bits and `f` the low 15 bits (exact), `ln v = e ln 2 + ln c + ln(1 + f / c)`. Equal
 * to `Math.log10` to ~1e-12 absolute (the series of ln(1 + r), r < 2^-8, stops at r^4: the rest is below
 * r^5 / 5 < 2e-13); returns the maximum.
 *
 * One range test on the bits picks the table path: positive float32 values order as their bit
 * patterns, so `v > amin` for a normal finite `v` is `bits > bits(a)`, `a` the largest float32
 * at most `amin`. Everything else (at most `amin`, subnormal, infinite, NaN) takes the plain path.
 */
function dbFloat32(values: Float32Array, amin: number, offset: number, out: Float32Array, kernel?: DecibelKernel): number {
  const aminDb = 10 * Math.log10(amin) - offset;
  // table path for bits in (low, 0x7f800000): above amin's float32, normal and finite
  const low = Math.max(largestFloat32Bits(amin), 0x007fffff);
  if (kernel && amin >= SMALLEST_NORMAL_FLOAT32) {
    const max = kernel(values, out, DB_TABLE, low, aminDb, offset);
    if (max !== null) return max;
  }
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
  const span = 0x7f800000 - low - 1;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const b = bits[i];
    let db: number;
    if ((b - low - 1) >>> 0 < span) {
      const j = (b >>> 14) & 0x1fe; // 2 x the top 8 mantissa bits: the table pair's index
      const r = (b & 0x7fff) * 1.1920928955078125e-7 * DB_TABLE[j + 1]; // 2^-23 f / c
      const r2 = r * r;
      const p = r - r2 * (0.5 - r * (0.3333333333333333 - r * 0.25));
      db = 4.3429448190325175 * (((b >>> 23) - 127) * 0.6931471805599453 + DB_TABLE[j] + p) - offset; // 10 log10(e), ln 2
    } else {
      const v = values[i];
      db = v > amin ? 10 * Math.log10(v) - offset : aminDb; // subnormal / infinite / at most amin / NaN
    }
    out[i] = db;
    max = db > max ? db : max;
  }
  return max;
}

/** Bits of the largest float32 at most `x` (`x > 0`; float32's largest finite value where `x` is beyond it). */
function largestFloat32Bits(x: number): number {
  const f = new Float32Array([x]);
  const b = new Int32Array(f.buffer);
  if (f[0] > x) b[0]--; // rounded up: the float32 below
  return b[0];
}

/** 10 log10 with floor and top-dB clipping, on power values. Shared core. */
function dbCore(values: Float32Array | Float64Array, refValue: number, amin: number, topDb: number | null, out: Float32Array): void {
  const max = dbUnclipped(values, refValue, amin, out);
  if (topDb !== null) clipBelow(out, max - topDb);
}

/** `10 log10(max(amin, v)) - 10 log10(max(amin, refValue))` of every value into `out`; returns the largest (before rounding). */
function dbUnclipped(values: Float32Array | Float64Array, refValue: number, amin: number, out: Float32Array, kernel?: DecibelKernel): number {
  const offset = 10 * Math.log10(Math.max(amin, refValue));
  if (values instanceof Float32Array) return dbFloat32(values, amin, offset, out, kernel);
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const db = 10 * Math.log10(v > amin ? v : amin) - offset;
    out[i] = db;
    if (db > max) max = db;
  }
  return max;
}

/** Raises every value below `floor` to it (the top-dB clipping; with {@link powerToDbUnclipped}'s level, the values of {@link powerToDbInto}). @internal */
export function clipBelow(out: Float32Array, floor: number): void {
  // branch-free (Math.max compiles to a float max): clipped values are scattered
  for (let i = 0; i < out.length; i++) out[i] = Math.max(out[i], floor);
}

/**
 * {@link powerToDbInto} with ref 1, amin 1e-10 and top dB 80 split in two: the decibels go into
 * `out` unclipped and the returned clip level (the maximum less 80 dB) is for the caller to apply,
 * raising every value below it to it (as {@link clipBelow} does), e.g. as it reads them. A
 * `kernel` computes float32 values' decibels where it can (the same values). @internal
 */
export function powerToDbUnclipped(values: Float32Array | Float64Array, out: Float32Array, kernel?: DecibelKernel): number {
  return dbUnclipped(values, 1, 1e-10, out, kernel) - 80;
}

/**
 * `powerToDb` of a power array in any layout into `out` (float32), with `ref` as a number, for
 * internal pipelines (mfcc, onset) that keep their mel spectrogram frame-major. Elementwise, so
 * the values equal {@link powerToDb} of the same matrix in any layout. @internal
 */
export function powerToDbInto(values: Float32Array | Float64Array, out: Float32Array, ref = 1, amin = 1e-10, topDb: number | null = 80): void {
  checkDbOptions(amin, topDb);
  dbCore(values, Math.abs(ref), amin, topDb, out);
}

/**
 * Converts a power spectrogram to decibels, equal to `librosa.power_to_db(S, ref=ref,
 * amin=amin, top_db=topDb)`: `10 log10(max(amin, S)) - 10 log10(max(amin, ref))`, then
 * (unless `topDb` is null) clipped from below at `max - topDb` over the whole matrix.
 *
 * Shape: same as `S` (rows = bins, cols = frames); values in dB, stored as Float32.
 *
 * @param S - power values (e.g. {@link melSpectrogram}'s output), all finite
 * @param opts.ref - reference for 0 dB: number (default 1), `'max'` or a function of `S`'s values
 * @param opts.amin - floor, default 1e-10
 * @param opts.topDb - dynamic range kept below the maximum, default 80; `null` disables clipping
 * @throws MirkitError `EMPTY_INPUT` / `NON_FINITE` / `BAD_SHAPE` for a bad matrix, `BAD_OPTION` for `amin <= 0` or `topDb < 0`.
 * @example
 * ```ts
 * const logMel = powerToDb(melSpectrogram(y, { sr }), { ref: 'max' });
 * ```
 */
export function powerToDb(S: Matrix, opts: DbOptions = {}): Matrix {
  const { ref, amin, topDb } = dbSettings('powerToDb', S, opts, 1e-10);
  const refValue = resolveRef(ref, S.data);
  const out = new Float32Array(S.data.length);
  dbCore(S.data, refValue, amin, topDb, out);
  return { rows: S.rows, cols: S.cols, data: out };
}

/**
 * Converts an amplitude (magnitude) spectrogram to decibels, equal to
 * `librosa.amplitude_to_db(S, ref=ref, amin=amin, top_db=topDb)`: `20 log10(max(amin, |S|))
 * - 20 log10(max(amin, ref))`, clipped at `max - topDb`. Computed as librosa does, as
 * {@link powerToDb} of `|S|²` with `ref²` and `amin²`.
 *
 * Shape: same as `S`; values in dB, stored as Float32.
 *
 * @param S - amplitude values (negative values are taken in absolute value)
 * @param opts.ref - reference amplitude: number (default 1), `'max'` or a function of `|S|`
 * @param opts.amin - floor, default 1e-5
 * @param opts.topDb - default 80; `null` disables clipping
 * @example
 * ```ts
 * const db = amplitudeToDb(spectrogram(y), { ref: 'max' });
 * ```
 */
export function amplitudeToDb(S: Matrix, opts: DbOptions = {}): Matrix {
  const { ref, amin, topDb } = dbSettings('amplitudeToDb', S, opts, 1e-5);
  const mag = new Float64Array(S.data.length);
  for (let i = 0; i < mag.length; i++) mag[i] = Math.abs(S.data[i]);
  const refValue = resolveRef(ref, mag);
  for (let i = 0; i < mag.length; i++) mag[i] *= mag[i];
  const out = new Float32Array(mag.length);
  dbCore(mag, refValue * refValue, amin * amin, topDb, out);
  return { rows: S.rows, cols: S.cols, data: out };
}
