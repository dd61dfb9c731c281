import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkMatrix } from '../validate.js';

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
    if (typeof r !== 'number' || !Number.isFinite(r)) throw new MirkitError('BAD_OPTION', `ref function returned ${String(r)}; it must return a finite number`, { option: 'ref' });
    return Math.abs(r);
  }
  if (typeof ref !== 'number' || !Number.isFinite(ref)) throw new MirkitError('BAD_OPTION', `ref must be a finite number, 'max' or a function, got ${String(ref)}`, { option: 'ref' });
  return Math.abs(ref);
}

function checkDbOptions(amin: number, topDb: number | null): void {
  if (typeof amin !== 'number' || !(amin > 0) || !Number.isFinite(amin)) throw new MirkitError('BAD_OPTION', `amin must be a positive number, got ${String(amin)}`, { option: 'amin' });
  if (topDb !== null && (typeof topDb !== 'number' || !(topDb >= 0) || !Number.isFinite(topDb))) {
    throw new MirkitError('BAD_OPTION', `topDb must be a non-negative number or null, got ${String(topDb)}`, { option: 'topDb' });
  }
}

/** 10 log10 with floor and top-dB clipping, on power values. Shared core. */
function dbCore(values: Float32Array | Float64Array, refValue: number, amin: number, topDb: number | null, out: Float32Array): void {
  const offset = 10 * Math.log10(Math.max(amin, refValue));
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const db = 10 * Math.log10(v > amin ? v : amin) - offset;
    out[i] = db;
    if (db > max) max = db;
  }
  if (topDb !== null) {
    const floor = max - topDb;
    for (let i = 0; i < out.length; i++) if (out[i] < floor) out[i] = floor;
  }
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
  checkMatrix(S, 'S');
  const amin = opts.amin ?? 1e-10;
  const topDb = opts.topDb === undefined ? 80 : opts.topDb;
  checkDbOptions(amin, topDb);
  const refValue = resolveRef(opts.ref ?? 1, S.data);
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
  checkMatrix(S, 'S');
  const amin = opts.amin ?? 1e-5;
  const topDb = opts.topDb === undefined ? 80 : opts.topDb;
  checkDbOptions(amin, topDb);
  const mag = new Float64Array(S.data.length);
  for (let i = 0; i < mag.length; i++) mag[i] = Math.abs(S.data[i]);
  const refValue = resolveRef(opts.ref ?? 1, mag);
  for (let i = 0; i < mag.length; i++) mag[i] *= mag[i];
  const out = new Float32Array(mag.length);
  dbCore(mag, refValue * refValue, amin * amin, topDb, out);
  return { rows: S.rows, cols: S.cols, data: out };
}
