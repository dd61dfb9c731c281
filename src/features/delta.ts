import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkFeatureMatrix, checkPositiveInt } from '../validate.js';
import { storeFrame, type ColumnKernel } from './frame-ring.js';
import type { FftOption } from '../dsp/fft.js';
import { readOptions } from '../options.js';
import { DELTA_OPTIONS } from '../option-keys.js';
import { MAX_MATRIX_VALUES } from '../limits.js';
import { shown } from '../util/shown.js';

/** Options of {@link delta} (librosa.feature.delta's names and defaults). */
export interface DeltaOptions {
  /** Number of frames over which the derivative is fitted: odd, at least 3. Default 9. */
  width?: number;
  /** Order of the difference (1 = delta, 2 = delta-delta, ...). Default 1. */
  order?: number;
  /**
   * Edge handling: `'interp'` (librosa's default, the only mode here): the first and last
   * `(width - 1) / 2` frames take the derivative of the polynomial fitted to the first / last
   * `width` frames.
   */
  mode?: 'interp';
  /** Accepted for the uniform option set; delta uses no FFT. */
  fft?: FftOption;
}

interface ResolvedDelta {
  width: number;
  order: number;
  /** Half width h = (width - 1) / 2. */
  half: number;
  /** Tap weights: `y[t] = sum_z taps[z + h] x[t + z]`, z = -h..h. */
  taps: Float64Array;
}

function checkInteger(v: unknown, name: string, min: number, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new MirkitError('BAD_OPTION', `${name} must be ${what}, got ${shown(v)}`, { option: name });
  }
  return v;
}

/**
 * Savitzky-Golay weights of the `order`-th derivative at the centre of a `width`-point window
 * with a polynomial of degree `order` (scipy's `savgol_coeffs(width, order, deriv=order)`, read
 * as a correlation): `order!` times the last row of the least-squares solution
 * `(V^T V)^-1 V^T`, `V[z][j] = z^j` over z = -h..h, in float64.
 */
function savgolTaps(width: number, order: number): Float64Array {
  const h = (width - 1) >> 1;
  const p = order + 1;
  // Gram matrix G = V^T V (Hankel of power sums) augmented with V^T (p x width): [G | V^T]
  const cols = p + width;
  const a = new Float64Array(p * cols);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let z = -h; z <= h; z++) s += Math.pow(z, i + j);
      a[i * cols + j] = s;
    }
    for (let z = -h; z <= h; z++) a[i * cols + p + z + h] = Math.pow(z, i);
  }
  // Gauss-Jordan with partial pivoting: [G | V^T] -> [I | G^-1 V^T]
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r * cols + c]) > Math.abs(a[piv * cols + c])) piv = r;
    if (piv !== c) {
      for (let k = 0; k < cols; k++) {
        const x = a[c * cols + k];
        a[c * cols + k] = a[piv * cols + k];
        a[piv * cols + k] = x;
      }
    }
    const d = a[c * cols + c];
    for (let k = 0; k < cols; k++) a[c * cols + k] /= d;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r * cols + c];
      if (f === 0) continue;
      for (let k = 0; k < cols; k++) a[r * cols + k] -= f * a[c * cols + k];
    }
  }
  let fact = 1;
  for (let i = 2; i <= order; i++) fact *= i;
  const taps = new Float64Array(width);
  for (let z = 0; z < width; z++) taps[z] = fact * a[order * cols + p + z];
  return taps;
}

function resolveDelta(opts: DeltaOptions): ResolvedDelta {
  const width = checkInteger(opts.width ?? 9, 'width', 3, 'an odd integer >= 3');
  if (width % 2 !== 1) throw new MirkitError('BAD_OPTION', `width must be an odd integer >= 3, got ${width}`, { option: 'width' });
  const order = checkInteger(opts.order ?? 1, 'order', 1, 'a positive integer');
  if (order >= width) throw new MirkitError('BAD_OPTION', `order (${order}) must be less than width (${width})`, { option: 'order' });
  const mode = opts.mode ?? 'interp';
  if (mode !== 'interp') throw new MirkitError('BAD_OPTION', `mode must be 'interp', got ${shown(mode)}`, { option: 'mode' });
  return { width, order, half: (width - 1) >> 1, taps: savgolTaps(width, order) };
}

/**
 * Local estimate of the derivative of a feature along time, equal to `librosa.feature.delta`
 * (`scipy.signal.savgol_filter(data, width, polyorder=order, deriv=order, mode='interp')`): each
 * frame gets the `order`-th derivative of the degree-`order` polynomial least-squares fitted to
 * the `width` frames around it. In `'interp'` mode the first and last `(width - 1) / 2` frames
 * take the derivative of the polynomial fitted to the first / last `width` frames; as the fit's
 * degree equals the derivative's order that derivative is a constant, so they repeat the value
 * of frame `(width - 1) / 2` (resp. `n - 1 - (width - 1) / 2`).
 *
 * Shape: same as `data` (rows = coefficients, cols = frames), Float32 values (librosa keeps
 * float32 input as float32). For streaming use {@link createDeltaKernel}.
 *
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): normalised max error 9.2e-7 on librosa's own MFCC, 7.5e-7 end to end (orders 1 and 2).
 *
 * @param data - feature matrix, e.g. {@link mfcc}'s output; needs at least `width` frames
 * @throws MirkitError `BAD_OPTION` (width not odd >= 3, order not a positive integer < width),
 *   `TOO_SHORT` (fewer than `width` frames), `BAD_SHAPE`, `NON_FINITE`
 * @example
 * ```ts
 * const m = mfcc(y, { sr });
 * const d1 = delta(m);              // width 9
 * const d2 = delta(m, { order: 2 });
 * ```
 */
export function delta(data: Matrix, opts: DeltaOptions = {}): Matrix {
  opts = readOptions('delta', opts, DELTA_OPTIONS);
  const M = checkFeatureMatrix(data, 'data');
  const r = resolveDelta(opts);
  const { rows, cols } = M;
  if (cols < r.width) {
    throw new MirkitError('TOO_SHORT', `delta with mode 'interp' needs at least width = ${r.width} frames, got ${cols}`);
  }
  const out = new Float32Array(rows * cols);
  const h = r.half;
  const taps = r.taps;
  // symmetric (even order) or antisymmetric (odd order) taps: half the multiplications
  const side = new Float64Array(h);
  for (let z = 1; z <= h; z++) side[z - 1] = taps[h + z];
  const odd = r.order % 2 === 1;
  for (let i = 0; i < rows; i++) {
    if (h === 4) deltaRow9(M.data, out, i * cols, cols, taps[h], side, odd);
    else deltaRow(M.data, out, i * cols, cols, h, taps[h], side, odd);
  }
  return { rows, cols, data: out };
}

/**
 * One row (`cols` values from `o`) of {@link delta} with the default width 9: the window's nine values
 * carried in locals (each value read once), the same sums in the same order as {@link deltaRow}. A
 * function of its own so that V8 optimises it whole (a loop compiled on the fly inside `delta` kept
 * being thrown away at the code after it, and most calls then ran unoptimised).
 */
function deltaRow9(x: Float32Array | Float64Array, out: Float32Array, o: number, cols: number, c0: number, side: Float64Array, odd: boolean): void {
  const s1 = side[0],
    s2 = side[1],
    s3 = side[2],
    s4 = side[3];
  // odd orders take differences x[t + z] - x[t - z]: the frames behind the centre are carried negated
  // (x + (-y) is exactly x - y, so the general loop's terms), even orders sums
  const sign = odd ? -1 : 1;
  // biome-ignore format: the window, one line
  let m4 = sign * x[o], m3 = sign * x[o + 1], m2 = sign * x[o + 2], m1 = sign * x[o + 3], z0 = x[o + 4], p1 = x[o + 5], p2 = x[o + 6], p3 = x[o + 7];
  for (let t = o + 4, end = o + cols - 4; t < end; t++) {
    const p4 = x[t + 4];
    out[t] = c0 * z0 + s1 * (p1 + m1) + s2 * (p2 + m2) + s3 * (p3 + m3) + s4 * (p4 + m4);
    m4 = m3;
    m3 = m2;
    m2 = m1;
    m1 = sign * z0;
    z0 = p1;
    p1 = p2;
    p2 = p3;
    p3 = p4;
  }
  fillEdges(out, o, cols, 4);
}

/** One row of {@link delta} for any half width `h`: the centre tap `c0`, then `side[z - 1]` times the sum (even order) or difference (odd) of x[t + z] and x[t - z]. */
function deltaRow(x: Float32Array | Float64Array, out: Float32Array, o: number, cols: number, h: number, c0: number, side: Float64Array, odd: boolean): void {
  for (let t = o + h, end = o + cols - h; t < end; t++) {
    let s = c0 * x[t];
    if (odd) for (let z = 1; z <= h; z++) s += side[z - 1] * (x[t + z] - x[t - z]);
    else for (let z = 1; z <= h; z++) s += side[z - 1] * (x[t + z] + x[t - z]);
    out[t] = s;
  }
  fillEdges(out, o, cols, h);
}

/** librosa's `'interp'` edges of a row: the first and last `h` values repeat the first and last full-window values (the fitted polynomial's derivative of its own order is constant). */
function fillEdges(out: Float32Array, o: number, cols: number, h: number): void {
  const first = out[o + h],
    last = out[o + cols - 1 - h];
  for (let z = 0; z < h; z++) {
    out[o + z] = first;
    out[o + cols - 1 - z] = last;
  }
}

/**
 * A per-frame {@link delta}: feed columns one at a time, get derivative columns back. Its
 * `latency` is `(width - 1) / 2` frames (4 with the defaults); `push` returns 0 or 1 columns, or the
 * first `(width + 1) / 2` together when frame `width - 1` arrives; `flush` returns the last
 * `(width - 1) / 2` columns (repeats of the last full-window value, librosa's `'interp'` edge) and
 * throws `TOO_SHORT` when fewer than `width` frames came in.
 */
export interface DeltaKernel extends ColumnKernel<Float32Array> {}

/**
 * A streaming {@link delta} (`librosa.feature.delta`): the same Savitzky-Golay weights applied to
 * a ring of the last `width` frames, so its outputs equal the batch function's for the same input.
 * It reports frame t when frame `t + (width - 1) / 2` arrives ({@link DeltaKernel.latency}).
 *
 * @param rows - values per frame (e.g. 20 MFCCs), a positive integer; its ring of `width` frames may
 *   hold at most `MAX_MATRIX_VALUES` (2^28) values, as a batch input of `width` frames may
 * @throws MirkitError `BAD_OPTION` for a bad `rows` (also above that bound, before allocating) or option.
 * @example
 * ```ts
 * const k = createDeltaKernel(20);
 * for (const col of mfccColumns) for (const d of k.push(col)) use(d);
 * for (const d of k.flush()) use(d);
 * ```
 */
export function createDeltaKernel(rows: number, opts: DeltaOptions = {}): DeltaKernel {
  opts = readOptions('createDeltaKernel', opts, DELTA_OPTIONS);
  checkPositiveInt(rows, 'rows');
  const r = resolveDelta(opts);
  const { width, half, taps } = r;
  if (rows * width > MAX_MATRIX_VALUES) {
    throw new MirkitError(
      'BAD_OPTION',
      `createDeltaKernel: a ring of ${width} frames of ${rows} rows would hold ${rows * width} values, above the bound of 2^28: use fewer rows`,
      {
        option: 'rows',
        bound: MAX_MATRIX_VALUES,
      },
    );
  }
  const ring: Float64Array[] = Array.from({ length: width }, () => new Float64Array(rows));
  let count = 0;
  let last: Float32Array | null = null;
  const c0 = taps[half];
  const odd = r.order % 2 === 1;
  const centre = (): Float32Array => {
    // the same sum, in the same order, as the batch delta: equal outputs
    const out = new Float32Array(rows);
    const at = (z: number): Float64Array => ring[(count - 1 - half + z) % width]; // frame (count - 1 - half) + z
    const mid = at(0);
    for (let i = 0; i < rows; i++) {
      let s = c0 * mid[i];
      if (odd) for (let z = 1; z <= half; z++) s += taps[half + z] * (at(z)[i] - at(-z)[i]);
      else for (let z = 1; z <= half; z++) s += taps[half + z] * (at(z)[i] + at(-z)[i]);
      out[i] = s;
    }
    return out;
  };
  return {
    latency: half,
    push(column: ArrayLike<number>): Float32Array[] {
      storeFrame(ring, rows, count, column);
      count++;
      if (count < width) return [];
      // the caller owns the returned columns (it may change or transfer them): `last` stays private for flush
      last = centre();
      const l = last;
      return Array.from({ length: count === width ? half + 1 : 1 }, () => l.slice());
    },
    flush(): Float32Array[] {
      if (count < width || last === null) throw new MirkitError('TOO_SHORT', `delta with mode 'interp' needs at least width = ${width} frames, got ${count}`);
      const l = last;
      return Array.from({ length: half }, () => l.slice());
    },
  };
}
