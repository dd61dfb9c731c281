import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkPositiveInt, checkSignal, checkMatrix } from '../validate.js';
import { createRealFft, forwardFrames, forwardPowerFrames, forwardSpectrumFrames, type FftOption, type RealFft } from './fft.js';
import { getWindow, padCenter, type WindowSpec } from './windows.js';
import { transposeInto } from './transpose.js';
import { readOptions } from '../options.js';
import { MAX_N_FFT } from '../limits.js';
import { checkWorkSize } from '../matrix.js';

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
  /** FFT implementation for this call (see {@link FftOption}). Default `'auto'`: PFFFT-wasm where it runs, else fft.js. */
  fft?: FftOption;
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
  /** FFT implementation (absent = `'auto'`). */
  fft?: FftOption;
}

/** Fills in librosa's defaults for {@link StftOptions} and validates them. */
export function resolveStftOptions(opts: StftOptions = {}): ResolvedStft {
  const nFft = checkPositiveInt(opts.nFft ?? 2048, 'nFft');
  if (nFft > MAX_N_FFT) throw new MirkitError('BAD_OPTION', `nFft must be at most ${MAX_N_FFT} (the documented bound), got ${nFft}`, { option: 'nFft' });
  const winLength = checkPositiveInt(opts.winLength ?? nFft, 'winLength');
  if (winLength > nFft) throw new MirkitError('BAD_OPTION', `winLength (${winLength}) must be <= nFft (${nFft})`);
  const hopLength = checkPositiveInt(opts.hopLength ?? Math.floor(winLength / 4), 'hopLength');
  const padMode = opts.padMode ?? 'constant';
  if (padMode !== 'constant' && padMode !== 'reflect' && padMode !== 'edge') {
    throw new MirkitError('BAD_OPTION', `padMode must be 'constant', 'reflect' or 'edge', got '${String(padMode)}'`);
  }
  return { nFft, hopLength, winLength, window: opts.window ?? 'hann', center: opts.center ?? true, padMode, fft: opts.fft ?? 'auto' };
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
 * Synchronous. `fft` picks the FFT for this call only: `'auto'` (default) PFFFT-wasm SIMD in
 * float32 where it runs, `'js'` fft.js in float64; results agree within float32 rounding
 * (librosa computes in complex64 too).
 *
 * @example
 * ```ts
 * const X = stft(y, { nFft: 2048, hopLength: 512 });
 * const mag = Math.hypot(X.re[k * X.cols + t], X.im[k * X.cols + t]);
 * ```
 */
export function stft(y: Float32Array | Float64Array | number[], opts: StftOptions = {}): ComplexMatrix {
  opts = readOptions('stft', opts);
  const sig = checkSignal(y);
  const p = resolveStftOptions(opts);
  const bins = Math.floor(p.nFft / 2) + 1;
  const { runs, nFrames, window, fft, hann } = spectrumSetup(sig, p);
  const re = new Float32Array(bins * nFrames);
  const im = new Float32Array(bins * nFrames);
  const bRe = new Float32Array(Math.min(BLOCK, nFrames) * bins);
  const bIm = new Float32Array(bRe.length);
  for (let t0 = 0; t0 < nFrames; t0 += BLOCK) {
    const count = Math.min(BLOCK, nFrames - t0);
    spectrumRange(fft, runs, p.hopLength, t0, t0 + count, window, hann, bRe, bIm, bins);
    scatterBlock(bRe, bins, count, re, nFrames, t0);
    scatterBlock(bIm, bins, count, im, nFrames, t0);
  }
  return { rows: bins, cols: nFrames, re, im };
}

/**
 * A run of consecutive frames read from one array: frame t (`t0 <= t < t1`) is
 * `signal[start + (t - t0) * hop ..][0 .. nFft)`.
 */
interface FrameRun {
  signal: Float32Array | Float64Array;
  start: number;
  t0: number;
  t1: number;
}

/** `padSignal(y, left, ...)[a .. b)` without building the whole padded signal. */
function paddedSlice(y: Float32Array | Float64Array, left: number, a: number, b: number, mode: PadMode): Float32Array {
  const out = new Float32Array(b - a);
  const n = y.length;
  for (let i = a; i < b; i++) {
    const j = padIndex(i - left, n, mode);
    out[i - a] = j < 0 ? 0 : y[j];
  }
  return out;
}

/**
 * The frames of librosa's framing of `y` as runs: centred float32 signals are read in place
 * for every frame that lies inside the signal, and only the few edge frames that reach into the
 * padding come from small padded copies (no copy of the whole signal). Other inputs (float64
 * signals, which librosa's float32 padding rounds first) use {@link frameSignal}'s padded copy.
 * Same frame values as {@link frameSignal} either way.
 */
function frameRuns(y: Float32Array | Float64Array, p: ResolvedStft): { runs: FrameRun[]; nFrames: number } {
  const n = p.nFft;
  const hop = p.hopLength;
  const len = y.length;
  if (p.center && y instanceof Float32Array) {
    const half = Math.floor(n / 2);
    const nFrames = frameCount(len, n, hop, true);
    // interior frames: t * hop - half >= 0 and t * hop - half + n <= len
    const tA = Math.min(nFrames, Math.ceil(half / hop));
    const tB = Math.max(tA, Math.min(nFrames, Math.floor((len + half - n) / hop) + 1));
    const runs: FrameRun[] = [];
    if (tA > 0) runs.push({ signal: paddedSlice(y, half, 0, (tA - 1) * hop + n, p.padMode), start: 0, t0: 0, t1: tA });
    if (tB > tA) runs.push({ signal: y, start: tA * hop - half, t0: tA, t1: tB });
    if (nFrames > tB) runs.push({ signal: paddedSlice(y, half, tB * hop, (nFrames - 1) * hop + n, p.padMode), start: 0, t0: tB, t1: nFrames });
    return { runs, nFrames };
  }
  const { padded, nFrames } = frameSignal(y, n, hop, p.center, p.padMode);
  return { runs: [{ signal: padded, start: 0, t0: 0, t1: nFrames }], nFrames };
}

/** The frame runs, frame count, analysis window (padded to nFft) and FFT plan of an STFT. */
function spectrumSetup(
  y: Float32Array | Float64Array,
  p: ResolvedStft,
): { runs: FrameRun[]; nFrames: number; window: Float64Array; fft: RealFft; hann: boolean } {
  const window = padCenter(getWindow(p.window, p.winLength), p.nFft);
  const { runs, nFrames } = frameRuns(y, p);
  checkWorkSize(Math.floor(p.nFft / 2) + 1, nFrames, 'spectrogram');
  // librosa's default window: backends may apply it in the frequency domain
  const hann = p.window === 'hann' && p.winLength === p.nFft;
  return { runs, nFrames, window, fft: createRealFft(p.nFft, p.fft), hann };
}

/** Calls `f(signal, start, t, count)` for the parts of frames `a .. b` that lie in each run. */
function eachRunPart(runs: FrameRun[], hop: number, a: number, b: number, f: (signal: Float32Array | Float64Array, start: number, t: number, count: number) => void): void {
  for (const r of runs) {
    const lo = Math.max(a, r.t0);
    const hi = Math.min(b, r.t1);
    if (hi > lo) f(r.signal, r.start + (lo - r.t0) * hop, lo, hi - lo);
  }
}

/** Power spectra of frames `a .. b` into `out` (frame-major, frame a at offset 0). */
function powerRange(
  fft: RealFft,
  runs: FrameRun[],
  hop: number,
  a: number,
  b: number,
  window: Float64Array,
  hann: boolean,
  power: number,
  out: Float32Array,
  bins: number,
): void {
  eachRunPart(runs, hop, a, b, (signal, start, t, count) => forwardPowerFrames(fft, signal, start, hop, count, window, power, out, (t - a) * bins, hann));
}

/** Complex spectra of frames `a .. b` into `re`/`im` (frame-major, frame a at offset 0). */
function spectrumRange(
  fft: RealFft,
  runs: FrameRun[],
  hop: number,
  a: number,
  b: number,
  window: Float64Array,
  hann: boolean,
  re: Float32Array,
  im: Float32Array,
  bins: number,
): void {
  eachRunPart(runs, hop, a, b, (signal, start, t, count) => forwardSpectrumFrames(fft, signal, start, hop, count, window, re, im, (t - a) * bins, hann));
}

/**
 * The engine of the spectrogram features: `|stft(y)| ** power` in frame-major float32 blocks of
 * up to 16 frames, `visit(t0, count, block, nFrames)` with `block[j * bins + k]` = bin k of frame
 * `t0 + j` (a scratch array reused between calls, valid during the call). The FFT backend writes
 * the power straight into the block (no per-frame callbacks, no float64 copies); values equal
 * `Math.fround(re² + im²)` (power 2) of {@link forEachSpectrumFrame}'s spectra. Returns the
 * number of frames.
 *
 * @example
 * ```ts
 * forEachPowerBlock(y, resolveStftOptions({ hopLength: 512 }), 2, (t0, count, block) => { ... });
 * ```
 */
export function forEachPowerBlock(
  y: Float32Array | Float64Array,
  p: ResolvedStft,
  power: number,
  visit: (t0: number, count: number, block: Float32Array, nFrames: number) => void,
): number {
  const bins = Math.floor(p.nFft / 2) + 1;
  const { runs, nFrames, window, fft, hann } = spectrumSetup(y, p);
  const block = new Float32Array(Math.min(BLOCK, nFrames) * bins);
  for (let t0 = 0; t0 < nFrames; t0 += BLOCK) {
    const count = Math.min(BLOCK, nFrames - t0);
    powerRange(fft, runs, p.hopLength, t0, t0 + count, window, hann, power, block, bins);
    visit(t0, count, block, nFrames);
  }
  return nFrames;
}

/** Frames per block of {@link forEachSpectrumBlock}: 16 float32 outputs = one 64-byte cache line per bin row. */
const BLOCK = 16;

/**
 * Writes a frame-major block (`count` frames x `bins`, as filled by {@link forEachSpectrumBlock})
 * into columns `t0 .. t0 + count` of the bin-major matrix `dst` (`bins` rows x `cols`).
 */
export function scatterBlock(block: Float32Array | Float64Array, bins: number, count: number, dst: Float32Array, cols: number, t0: number): void {
  for (let k = 0; k < bins; k++) {
    const o = k * cols + t0;
    for (let j = 0; j < count; j++) dst[o + j] = block[j * bins + k];
  }
}

/**
 * {@link forEachSpectrumFrame} in blocks of up to 16 frames: `visit(t0, count, re, im, nFrames)`
 * receives frames `t0 .. t0 + count` frame-major (`re[j * bins + k]`, float64 scratch valid
 * during the call), so that callers writing a bin-major matrix touch whole cache lines
 * ({@link scatterBlock}) instead of one float per line per frame.
 */
export function forEachSpectrumBlock(
  y: Float32Array | Float64Array,
  p: ResolvedStft,
  visit: (t0: number, count: number, re: Float64Array, im: Float64Array, nFrames: number) => void,
): number {
  const bins = Math.floor(p.nFft / 2) + 1;
  const bRe = new Float64Array(BLOCK * bins);
  const bIm = new Float64Array(BLOCK * bins);
  let filled = 0;
  let t0 = 0;
  return forEachSpectrumFrame(y, p, (t, fr, fi, nFrames) => {
    const o = filled * bins;
    for (let k = 0; k < bins; k++) {
      bRe[o + k] = fr[k];
      bIm[o + k] = fi[k];
    }
    filled++;
    if (filled === BLOCK || t === nFrames - 1) {
      visit(t0, filled, bRe, bIm, nFrames);
      t0 += filled;
      filled = 0;
    }
  });
}

/** A complex STFT stored frame-major: frame t's bins at `re[t * bins .. (t + 1) * bins)`. */
export interface FrameMajorStft {
  /** Bins per frame, `1 + nFft / 2`. */
  readonly bins: number;
  /** Number of frames. */
  readonly frames: number;
  /** Real parts, frame-major. */
  readonly re: Float32Array;
  /** Imaginary parts, frame-major. */
  readonly im: Float32Array;
}

/**
 * The STFT of `y` frame-major (contiguous writes, the layout the FFT produces), for internal
 * pipelines that work frame by frame (HPSS, the feature sets). Same values as {@link stft}.
 */
export function stftFrameMajor(y: Float32Array | Float64Array, p: ResolvedStft): FrameMajorStft {
  const bins = Math.floor(p.nFft / 2) + 1;
  const { runs, nFrames, window, fft, hann } = spectrumSetup(y, p);
  const re = new Float32Array(bins * nFrames);
  const im = new Float32Array(bins * nFrames);
  // whole runs at once: the backend writes the float32 planes directly
  spectrumRange(fft, runs, p.hopLength, 0, nFrames, window, hann, re, im, bins);
  return { bins, frames: nFrames, re, im };
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
  const { hopLength } = p;
  const { runs, nFrames, window, fft } = spectrumSetup(y, p);
  // one call per run (the signal in place, small padded copies at the edges): the wasm backend
  // windows straight into its float32 buffer
  for (const r of runs) {
    const t0 = r.t0;
    forwardFrames(fft, r.signal, r.start, hopLength, r.t1 - t0, window, (t, re, im) => visit(t0 + t, re, im, nFrames));
  }
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
 *
 * Synchronous. `fft` picks the FFT for this call only: `'auto'` (default) PFFFT-wasm SIMD in
 * float32 where it runs, `'js'` fft.js in float64; results agree within float32 rounding
 * (librosa computes in complex64 too).
 */
export function spectrogram(y: Float32Array | Float64Array | number[], opts: SpectrogramOptions = {}): Matrix {
  opts = readOptions('spectrogram', opts);
  const sig = checkSignal(y);
  const p = resolveStftOptions(opts);
  const power = opts.power ?? 1;
  if (!(power > 0) || !Number.isFinite(power)) throw new MirkitError('BAD_OPTION', `power must be a positive number, got ${power}`);
  const bins = Math.floor(p.nFft / 2) + 1;
  const nFrames = frameCount(sig.length, p.nFft, p.hopLength, p.center);
  const data = new Float32Array(bins * nFrames);
  forEachPowerBlock(sig, p, power, (t0, count, block) => scatterBlock(block, bins, count, data, nFrames, t0));
  return { rows: bins, cols: nFrames, data };
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
  /** FFT implementation for this call (see {@link FftOption}). Default `'auto'`. */
  fft?: FftOption;
}

/**
 * Inverse STFT by weighted overlap-add, equal to `librosa.istft`: each frame's inverse FFT is
 * multiplied by the window, overlap-added and divided by the summed squared window where that
 * sum is non-negligible. With `length` the output has exactly that many samples.
 */
export function istft(X: ComplexMatrix, opts: IstftOptions = {}): Float32Array {
  opts = readOptions('istft', opts);
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
  const fm = new Float32Array(nFrames * X.rows);
  const fi = new Float32Array(nFrames * X.rows);
  // bin-major -> frame-major (blocked), so each frame's inverse FFT reads contiguous bins
  if (nFrames === X.cols) {
    transposeInto(X.re, X.rows, X.cols, fm);
    transposeInto(X.im, X.rows, X.cols, fi);
  } else {
    for (let k = 0; k < X.rows; k++) {
      for (let t = 0; t < nFrames; t++) {
        fm[t * X.rows + k] = X.re[k * X.cols + t];
        fi[t * X.rows + k] = X.im[k * X.cols + t];
      }
    }
  }
  const rows = X.rows;
  return overlapAdd(nFft, hop, win, nFrames, center, opts.length, 1, (t, _part, re, im) => {
    const o = t * rows;
    for (let k = 0; k < rows; k++) {
      re[k] = fm[o + k];
      im[k] = fi[o + k];
    }
  }, opts.fft)[0];
}

/**
 * The weighted overlap-add of librosa's istft for `parts` signals at once (sharing the window
 * sum-square): for each frame t and part, `fill(t, part, re, im)` writes the frame's bins
 * (float64 scratch), which are inverse-transformed (on the FFT `fft`), windowed and overlap-added. Returns the
 * `parts` outputs trimmed as {@link istft} does (centre cut, `length` pad/cut).
 */
export function overlapAdd(
  nFft: number,
  hop: number,
  win: Float32Array | Float64Array,
  nFrames: number,
  center: boolean,
  length: number | undefined,
  parts: number,
  fill: (frame: number, part: number, re: Float64Array, im: Float64Array) => void,
  fft: FftOption = 'auto',
): Float32Array[] {
  const bins = Math.floor(nFft / 2) + 1;
  const total = nFrames > 0 ? nFft + hop * (nFrames - 1) : 0;
  const ys: Float64Array[] = [];
  for (let q = 0; q < parts; q++) ys.push(new Float64Array(total));
  const wss = new Float64Array(total);
  const plan = createRealFft(nFft, fft);
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  const frame = new Float64Array(nFft);
  const win2 = new Float64Array(nFft);
  for (let i = 0; i < nFft; i++) win2[i] = win[i] * win[i];
  for (let t = 0; t < nFrames; t++) {
    const off = t * hop;
    for (let q = 0; q < parts; q++) {
      fill(t, q, re, im);
      plan.inverse(re, im, frame);
      const y = ys[q];
      for (let i = 0; i < nFft; i++) y[off + i] += frame[i] * win[i];
    }
    for (let i = 0; i < nFft; i++) wss[off + i] += win2[i];
  }
  const tiny = 1.1754943508222875e-38;
  const start = center ? Math.floor(nFft / 2) : 0;
  const outLen = length !== undefined ? length : Math.max(0, total - (center ? 2 * Math.floor(nFft / 2) : 0));
  const avail = Math.max(0, Math.min(outLen, total - start));
  return ys.map((y) => {
    const out = new Float32Array(outLen);
    for (let i = 0; i < avail; i++) {
      const w = wss[start + i];
      out[i] = w > tiny ? y[start + i] / w : y[start + i];
    }
    return out;
  });
}
