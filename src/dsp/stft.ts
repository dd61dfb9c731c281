import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { allFinite, checkMatrix, checkPositiveInt, checkSignal, firstNonFinite } from '../validate.js';
import { checkComplexShape } from './complex.js';
import type { FftOption } from './fft.js';
import type { WindowSpec } from './windows.js';
import type { PadMode } from './padding.js';
import { countFrames } from './frames.js';
import { BLOCK, forEachPowerBlock, scatterBlock, spectrumRange, spectrumSetup } from './stft-blocks.js';
import { readOptions } from '../options.js';
import { SPECTROGRAM_OPTIONS, STFT_OPTIONS } from '../option-keys.js';
import { MAX_N_FFT, MAX_SPECTROGRAM_POWER } from '../limits.js';
import { shown } from '../util/shown.js';
export { padSignal, type PadMode } from './padding.js';
export { frameCount, frameSignal } from './frames.js';
export { forEachPowerBlock, forEachSpectrumBlock, forEachSpectrumFrame, scatterBlock, stftFrameMajor, type FrameMajorStft } from './stft-blocks.js';
export { istft, maskedOverlapAdd, overlapAdd, type IstftOptions } from './istft.js';

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
    throw new MirkitError('BAD_OPTION', `padMode must be 'constant', 'reflect' or 'edge', got '${shown(padMode)}'`);
  }
  return { nFft, hopLength, winLength, window: opts.window ?? 'hann', center: opts.center ?? true, padMode, fft: opts.fft ?? 'auto' };
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
  opts = readOptions('stft', opts, STFT_OPTIONS);
  const sig = checkSignal(y);
  const p = resolveStftOptions(opts);
  const bins = Math.floor(p.nFft / 2) + 1;
  const setup = spectrumSetup(sig, p);
  const { nFrames } = setup;
  const re = new Float32Array(bins * nFrames);
  const im = new Float32Array(bins * nFrames);
  const bRe = new Float32Array(Math.min(BLOCK, nFrames) * bins);
  const bIm = new Float32Array(bRe.length);
  for (let t0 = 0; t0 < nFrames; t0 += BLOCK) {
    const count = Math.min(BLOCK, nFrames - t0);
    spectrumRange(setup, t0, t0 + count, bRe, bIm, bins);
    scatterBlock(bRe, bins, count, re, nFrames, t0);
    scatterBlock(bIm, bins, count, im, nFrames, t0);
  }
  return { rows: bins, cols: nFrames, re, im };
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
  opts = readOptions('spectrogram', opts, SPECTROGRAM_OPTIONS);
  const sig = checkSignal(y);
  const p = resolveStftOptions(opts);
  const power = opts.power ?? 1;
  if (!(power > 0) || !Number.isFinite(power)) throw new MirkitError('BAD_OPTION', `power must be a positive number, got ${power}`);
  const bins = Math.floor(p.nFft / 2) + 1;
  const nFrames = countFrames(sig.length, p.nFft, p.hopLength, p.center);
  const data = new Float32Array(bins * nFrames);
  forEachPowerBlock(sig, p, power, (t0, count, block) => scatterBlock(block, bins, count, data, nFrames, t0));
  return { rows: bins, cols: nFrames, data };
}

/**
 * Magnitude of a complex matrix, raised to `power` (1 = magnitude, 2 = power): `|X| ** power` as a
 * float32 {@link Matrix} of the same shape.
 *
 * @param X - a {@link ComplexMatrix} (as {@link stft} returns) of finite values
 * @param power - exponent in (0, 3] (`MAX_SPECTROGRAM_POWER`), default 1
 * @throws MirkitError `BAD_SHAPE` when `X` is not a {@link ComplexMatrix} (`re` and `im` float32 planes of
 *   `rows x cols` values); `NON_FINITE` for a NaN or infinite value; `BAD_OPTION` for a `power` outside
 *   (0, 3]; `BAD_DATA` when a value raised to `power` overflows float32 (naming its index).
 */
export function magnitude(X: ComplexMatrix, power = 1): Matrix {
  checkComplexShape(X, 'magnitude expects a ComplexMatrix { rows, cols, re, im } (float32 planes of rows x cols values) as returned by stft');
  if (typeof power !== 'number' || !(power > 0 && power <= MAX_SPECTROGRAM_POWER)) {
    throw new MirkitError('BAD_OPTION', `power must be a number in (0, ${MAX_SPECTROGRAM_POWER}], got ${shown(power)}`, { option: 'power' });
  }
  if (!allFinite(X.re)) checkMatrix({ rows: X.rows, cols: X.cols, data: X.re }, 'X (real part)');
  if (!allFinite(X.im)) checkMatrix({ rows: X.rows, cols: X.cols, data: X.im }, 'X (imaginary part)');
  const data = new Float32Array(X.re.length);
  for (let i = 0; i < data.length; i++) {
    const pw = X.re[i] * X.re[i] + X.im[i] * X.im[i];
    data[i] = power === 2 ? pw : power === 1 ? Math.sqrt(pw) : Math.pow(pw, power / 2);
  }
  if (!allFinite(data)) {
    const i = firstNonFinite(data);
    throw new MirkitError('BAD_DATA', `|X| ** ${power} overflows float32 at index ${i}: scale X down or use a lower power`, { index: i });
  }
  return { rows: X.rows, cols: X.cols, data };
}
