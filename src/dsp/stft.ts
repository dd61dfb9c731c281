import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkPositiveInt, checkSignal, checkMatrix } from '../validate.js';
import { createRealFft, forwardFrames } from './fft.js';
import { getWindow, padCenter, type WindowSpec } from './windows.js';

/** Padding modes for centred frames, as numpy's `np.pad` modes that librosa accepts. */
export type PadMode = 'constant' | 'reflect' | 'edge';

/** A complex matrix stored as two row-major planes (rows = frequency bins, cols = frames). */
export interface ComplexMatrix {
  /** Number of frequency bins, `1 + nFft / 2`. */
  readonly rows: number;
  /** Number of frames. */
  readonly cols: number;
  /** Real parts, row-major. */
  readonly re: Float32Array;
  /** Imaginary parts, row-major. */
  readonly im: Float32Array;
}

/** Options of {@link stft} (librosa's names and defaults). */
export interface StftOptions {
  /** FFT size in samples. Default 2048. */
  nFft?: number;
  /** Hop between frames in samples. Default `winLength / 4`. */
  hopLength?: number;
  /** Window length (zero-padded to nFft). Default `nFft`. */
  winLength?: number;
  /** Window name or values. Default `'hann'` (periodic). */
  window?: WindowSpec;
  /** Centre frames on `t * hopLength` by padding `nFft / 2` on both sides. Default true. */
  center?: boolean;
  /** Padding used when `center` (librosa 0.11 default `'constant'`; `'reflect'` before 0.10). */
  padMode?: PadMode;
}

/** Resolved STFT parameters. */
export interface ResolvedStft {
  /** FFT length in samples. */
  nFft: number;
  /** Hop between frames in samples. */
  hopLength: number;
  /** Window length in samples (<= `nFft`, zero-padded to it). */
  winLength: number;
  /** The analysis window. */
  window: WindowSpec;
  /** Whether frames are centred (signal padded by `nFft / 2`). */
  center: boolean;
  /** Padding mode used when `center` is true. */
  padMode: PadMode;
}

/** Fills in librosa's defaults for {@link StftOptions} and validates them. */
export function resolveStftOptions(opts: StftOptions = {}): ResolvedStft {
  const nFft = checkPositiveInt(opts.nFft ?? 2048, 'nFft');
  const winLength = checkPositiveInt(opts.winLength ?? nFft, 'winLength');
  if (winLength > nFft) throw new MirkitError('BAD_OPTION', `winLength (${winLength}) must be <= nFft (${nFft})`);
  const hopLength = checkPositiveInt(opts.hopLength ?? Math.floor(winLength / 4), 'hopLength');
  const padMode = opts.padMode ?? 'constant';
  if (padMode !== 'constant' && padMode !== 'reflect' && padMode !== 'edge') {
    throw new MirkitError('BAD_OPTION', `padMode must be 'constant', 'reflect' or 'edge', got '${String(padMode)}'`);
  }
  return { nFft, hopLength, winLength, window: opts.window ?? 'hann', center: opts.center ?? true, padMode };
}

/** Index into a signal of length n under numpy's pad mode, for i possibly outside [0, n). */
function padIndex(i: number, n: number, mode: PadMode): number {
  if (i >= 0 && i < n) return i;
  if (mode === 'constant') return -1;
  if (mode === 'edge' || n === 1) return i < 0 ? 0 : n - 1;
  // reflect without repeating the edge sample; numpy repeats the reflection for long pads
  const period = 2 * (n - 1);
  let j = i % period;
  if (j < 0) j += period;
  return j < n ? j : period - j;
}

/**
 * Pads `y` by `left` and `right` samples as `np.pad(y, (left, right), mode)`.
 */
export function padSignal(y: ArrayLike<number>, left: number, right: number, mode: PadMode = 'constant'): Float32Array {
  const n = y.length;
  const out = new Float32Array(n + left + right);
  // the signal itself is one block copy; only the pads go through padIndex
  if (y instanceof Float32Array || y instanceof Float64Array) out.set(y, left);
  else for (let i = 0; i < n; i++) out[left + i] = y[i];
  if (mode === 'constant') return out;
  for (let i = 0; i < left; i++) {
    const j = padIndex(i - left, n, mode);
    out[i] = j < 0 ? 0 : y[j];
  }
  for (let i = left + n; i < out.length; i++) {
    const j = padIndex(i - left, n, mode);
    out[i] = j < 0 ? 0 : y[j];
  }
  return out;
}

/** Number of frames librosa produces for a signal of `length` samples. */
export function frameCount(length: number, frameLength: number, hopLength: number, center: boolean): number {
  const padded = center ? length + 2 * Math.floor(frameLength / 2) : length;
  if (padded < frameLength) return 0;
  return 1 + Math.floor((padded - frameLength) / hopLength);
}

/**
 * The frames of a signal as librosa's framing: centred (padded by `frameLength / 2`) or not.
 * Calls `visit(frameIndex, start)` where `start` indexes into the returned padded signal.
 */
export function frameSignal(
  y: Float32Array | Float64Array,
  frameLength: number,
  hopLength: number,
  center: boolean,
  padMode: PadMode,
): {
  /** The signal as framed: padded by `frameLength / 2` on each side when centred, else the input. */
  padded: Float32Array | Float64Array;
  /** Number of frames (librosa's `1 + (len - frameLength) // hopLength` on the padded signal). */
  nFrames: number;
} {
  if (!center && y.length < frameLength) {
    throw new MirkitError('TOO_SHORT', `signal of ${y.length} samples is shorter than one frame (${frameLength}) with center=false; use center=true or a shorter frame`, {
      length: y.length,
      frameLength,
    });
  }
  const half = Math.floor(frameLength / 2);
  const padded = center ? padSignal(y, half, half, padMode) : y;
  return { padded, nFrames: frameCount(y.length, frameLength, hopLength, center) };
}

/**
 * Short-time Fourier transform, equal to `librosa.stft` (periodic hann window, centred frames
 * with zero padding by default). Returns a complex matrix of `1 + nFft/2` rows (bins) by
 * `1 + floor(len / hopLength)` columns (frames, when centred).
 *
 * @example
 * ```ts
 * const X = stft(y, { nFft: 2048, hopLength: 512 });
 * const mag = Math.hypot(X.re[k * X.cols + t], X.im[k * X.cols + t]);
 * ```
 */
export function stft(y: Float32Array | Float64Array | number[], opts: StftOptions = {}): ComplexMatrix {
  const sig = checkSignal(y);
  const p = resolveStftOptions(opts);
  const bins = Math.floor(p.nFft / 2) + 1;
  let re!: Float32Array, im!: Float32Array, cols = 0;
  forEachSpectrumFrame(sig, p, (t, fr, fi, nFrames) => {
    if (t === 0) {
      cols = nFrames;
      re = new Float32Array(bins * nFrames);
      im = new Float32Array(bins * nFrames);
    }
    for (let k = 0; k < bins; k++) {
      re[k * nFrames + t] = fr[k];
      im[k * nFrames + t] = fi[k];
    }
  });
  return { rows: bins, cols, re, im };
}

/**
 * Runs the windowed FFT of every frame and hands each spectrum to `visit` (scratch buffers,
 * valid only during the call). The shared engine of {@link stft} and {@link spectrogram}.
 */
export function forEachSpectrumFrame(
  y: Float32Array | Float64Array,
  p: ResolvedStft,
  visit: (frame: number, re: Float64Array, im: Float64Array, nFrames: number) => void,
): number {
  const { nFft, hopLength } = p;
  const win = padCenter(getWindow(p.window, p.winLength), nFft);
  const { padded, nFrames } = frameSignal(y, nFft, hopLength, p.center, p.padMode);
  // one call for all frames: the wasm backend windows straight into its float32 buffer
  forwardFrames(createRealFft(nFft), padded, 0, hopLength, nFrames, win, (t, re, im) => visit(t, re, im, nFrames));
  return nFrames;
}

/** Options of {@link spectrogram}: STFT options plus the exponent. */
export interface SpectrogramOptions extends StftOptions {
  /** Exponent of the magnitude: 1 for magnitude, 2 for power (default 1). */
  power?: number;
}

/**
 * `|stft(y)| ** power` as a {@link Matrix} (rows = `1 + nFft/2` bins, cols = frames), computed
 * without keeping the complex spectrum. librosa's `np.abs(librosa.stft(y)) ** power`.
 */
export function spectrogram(y: Float32Array | Float64Array | number[], opts: SpectrogramOptions = {}): Matrix {
  const sig = checkSignal(y);
  const p = resolveStftOptions(opts);
  const power = opts.power ?? 1;
  if (!(power > 0) || !Number.isFinite(power)) throw new MirkitError('BAD_OPTION', `power must be a positive number, got ${power}`);
  const bins = Math.floor(p.nFft / 2) + 1;
  let data!: Float32Array;
  forEachSpectrumFrame(sig, p, (t, re, im, nFrames) => {
    if (t === 0) data = new Float32Array(bins * nFrames);
    for (let k = 0; k < bins; k++) {
      const pw = re[k] * re[k] + im[k] * im[k];
      data[k * nFrames + t] = power === 2 ? pw : power === 1 ? Math.sqrt(pw) : Math.pow(pw, power / 2);
    }
  });
  return { rows: bins, cols: data.length / bins, data };
}

/** Magnitude of a complex matrix, raised to `power` (1 = magnitude, 2 = power). */
export function magnitude(X: ComplexMatrix, power = 1): Matrix {
  const data = new Float32Array(X.re.length);
  for (let i = 0; i < data.length; i++) {
    const pw = X.re[i] * X.re[i] + X.im[i] * X.im[i];
    data[i] = power === 2 ? pw : power === 1 ? Math.sqrt(pw) : Math.pow(pw, power / 2);
  }
  return { rows: X.rows, cols: X.cols, data };
}

/** Options of {@link istft}. */
export interface IstftOptions {
  /** Hop in samples. Default `winLength / 4`. */
  hopLength?: number;
  /** Window length. Default `nFft` (= `2 * (rows - 1)`). */
  winLength?: number;
  /** Default `nFft` = `2 * (rows - 1)`. */
  nFft?: number;
  /** Window. Default `'hann'`. */
  window?: WindowSpec;
  /** Whether the STFT was centred. Default true. */
  center?: boolean;
  /** Exact output length (zero-padded or cut), as librosa's `length`. */
  length?: number;
}

/**
 * Inverse STFT by weighted overlap-add, equal to `librosa.istft`: each frame's inverse FFT is
 * multiplied by the window, overlap-added and divided by the summed squared window where that
 * sum is non-negligible. With `length` the output has exactly that many samples.
 */
export function istft(X: ComplexMatrix, opts: IstftOptions = {}): Float32Array {
  if (!X || !(X.re instanceof Float32Array) || X.re.length !== X.rows * X.cols || X.im.length !== X.re.length) {
    throw new MirkitError('BAD_SHAPE', 'istft expects a ComplexMatrix { rows, cols, re, im } as returned by stft');
  }
  checkMatrix({ rows: X.rows, cols: X.cols, data: X.re }, 'stft real part');
  checkMatrix({ rows: X.rows, cols: X.cols, data: X.im }, 'stft imaginary part');
  const nFft = checkPositiveInt(opts.nFft ?? 2 * (X.rows - 1), 'nFft');
  if (Math.floor(nFft / 2) + 1 !== X.rows) throw new MirkitError('BAD_SHAPE', `nFft ${nFft} does not match ${X.rows} frequency bins`);
  const winLength = checkPositiveInt(opts.winLength ?? nFft, 'winLength');
  const hop = checkPositiveInt(opts.hopLength ?? Math.floor(winLength / 4), 'hopLength');
  const center = opts.center ?? true;
  const win = padCenter(getWindow(opts.window ?? 'hann', winLength), nFft);
  let nFrames = X.cols;
  if (opts.length !== undefined) {
    const length = opts.length;
    if (!Number.isInteger(length) || length < 0) throw new MirkitError('BAD_OPTION', `length must be a non-negative integer, got ${length}`);
    const paddedLength = center ? length + 2 * Math.floor(nFft / 2) : length;
    nFrames = Math.min(X.cols, Math.ceil(paddedLength / hop));
  }
  const total = nFft + hop * (nFrames - 1);
  const y = new Float64Array(Math.max(total, 0));
  const wss = new Float64Array(y.length);
  const fft = createRealFft(nFft);
  const re = new Float64Array(X.rows);
  const im = new Float64Array(X.rows);
  const frame = new Float64Array(nFft);
  const cols = X.cols;
  for (let t = 0; t < nFrames; t++) {
    for (let k = 0; k < X.rows; k++) {
      re[k] = X.re[k * cols + t];
      im[k] = X.im[k * cols + t];
    }
    fft.inverse(re, im, frame);
    const off = t * hop;
    for (let i = 0; i < nFft; i++) {
      y[off + i] += frame[i] * win[i];
      wss[off + i] += win[i] * win[i];
    }
  }
  const tiny = 1.1754943508222875e-38;
  for (let i = 0; i < y.length; i++) if (wss[i] > tiny) y[i] /= wss[i];
  const start = center ? Math.floor(nFft / 2) : 0;
  let outLen: number;
  if (opts.length !== undefined) outLen = opts.length;
  else outLen = Math.max(0, y.length - (center ? 2 * Math.floor(nFft / 2) : 0));
  const out = new Float32Array(outLen);
  const avail = Math.max(0, Math.min(outLen, y.length - start));
  for (let i = 0; i < avail; i++) out[i] = y[start + i];
  return out;
}
