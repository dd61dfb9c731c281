import { MirkitError } from '../errors.js';
import { readOptions } from '../options.js';
import { TEMPOGRAM_OPTIONS } from '../option-keys.js';
import { checkWorkSize, type Matrix } from '../matrix.js';
import { checkPositiveInt, checkSampleRate, type Signal } from '../validate.js';
import { createRealFft, resolveFft, type FftOption, type RealFft } from '../dsp/fft.js';
import { pffftSupports } from '../dsp/fft-wasm.js';
import { getWindow, type WindowSpec } from '../dsp/windows.js';
import { BLOCK, scatterBlock } from '../dsp/stft-blocks.js';
import { autocorrelationKernel } from '../dsp/rhythm-kernel.js';
import type { OnsetStrengthOptions } from './onset.js';
import { envelopeFrom } from './onset-envelope.js';
import { F64_TINY } from '../util/numeric.js';
import { shown } from '../util/shown.js';

/** Options of {@link tempogram} (librosa.feature.tempogram's names and defaults). */
export interface TempogramOptions extends Omit<OnsetStrengthOptions, 'center' | 'window'> {
  /** Precomputed onset strength envelope (e.g. {@link onsetStrength}); replaces `y`. */
  onsetEnvelope?: Float32Array | Float64Array | number[];
  /** Autocorrelation window length in onset frames. Default 384 (~8.9 s at 22050 Hz / hop 512). */
  winLength?: number;
  /** Centre the windows (linear-ramp padding of the envelope to 0). Default true. */
  center?: boolean;
  /** Window applied before the autocorrelation. Default `'hann'`. */
  window?: WindowSpec;
  /** Normalisation of each frame over lags: `Infinity` (max, default), a positive p-norm, or `null` (none). */
  norm?: number | null;
}

/**
 * Windowed autocorrelation of every frame of an onset envelope, each frame normalised; the core
 * of {@link tempogram}. Calls `visit(t, ac)` with a scratch array of `winLength` lags.
 @internal
 */
export function forEachAutocorrelation(
  env: Float32Array | Float64Array,
  winLength: number,
  center: boolean,
  window: WindowSpec,
  norm: number | null,
  visit: (t: number, ac: Float64Array) => void,
  fftOpt?: FftOption,
): number {
  const { padded, nFrames } = autocorrelationFrames(env, winLength, center);
  const win = getWindow(window, winLength);
  const kernel = norm === Infinity || norm === null ? autocorrelationKernel(autocorrelationSize(winLength, fftOpt), winLength, fftOpt) : undefined;
  if (kernel) {
    kernel.eachFrame(padded, win, nFrames, norm === Infinity, visit);
    return nFrames;
  }
  const ac = new Float64Array(winLength);
  const lagsOf = frameAutocorrelation(padded, win, winLength, ac, norm === Infinity, fftOpt);
  for (let t = 0; t < nFrames; t++) {
    lagsOf(t);
    if (norm !== null && norm !== Infinity) {
      let len = 0;
      for (let j = 0; j < winLength; j++) len += Math.pow(Math.abs(ac[j]), norm);
      len = Math.pow(len, 1 / norm);
      if (len >= F64_TINY) for (let j = 0; j < winLength; j++) ac[j] /= len;
    }
    visit(t, ac);
  }
  return nFrames;
}

/** The envelope as the autocorrelation windows read it (ramp-padded when centred) and their count. */
function autocorrelationFrames(env: Float32Array | Float64Array, winLength: number, center: boolean): { padded: Float64Array; nFrames: number } {
  const n = env.length;
  if (center) return { padded: padCentered(env, winLength, 0), nFrames: n };
  if (n < winLength) {
    throw new MirkitError('TOO_SHORT', `onset envelope of ${n} frames is shorter than winLength (${winLength}) with center=false`);
  }
  return { padded: Float64Array.from(env), nFrames: n - winLength + 1 };
}

/**
 * `lagsOf(t)` writes into `ac` the autocorrelation (lags 0 .. winLength - 1) of frame t of
 * `padded` times `win`, max-normalised when `maxNorm` (see {@link copyLags}), through two FFTs of size N (the autocorrelation plan's). On a plan with
 * packed transforms (wasm) the frame goes in and the lags come out natively as float32 (the values
 * the backend reads anyway): forward, |X|^2 written into the packed layout (its imaginary slots
 * stay zero), packed inverse. Otherwise through float64 planes: |X|^2 is real and even, so its
 * inverse transform equals its forward transform / N.
 */
function frameAutocorrelation(
  padded: Float64Array,
  win: Float64Array,
  winLength: number,
  ac: Float64Array,
  maxNorm: boolean,
  fftOpt: FftOption | undefined,
): (t: number) => void {
  const { N, fft, buf, re, im } = autocorrelationPlan(winLength, fftOpt);
  const half = N >> 1;
  if (fft.forwardPacked && fft.inversePacked) {
    const forwardPacked = fft.forwardPacked.bind(fft);
    const inversePacked = fft.inversePacked.bind(fft);
    const frame = new Float32Array(N); // zeros past winLength stay zero
    const spec = new Float32Array(N);
    const power = new Float32Array(N); // packed |X|^2: the imaginary slots stay zero
    const lags = new Float32Array(N);
    return (t) => {
      for (let j = 0; j < winLength; j++) frame[j] = padded[t + j] * win[j];
      forwardPacked(frame, spec); // [X0, X(N/2), re1, im1, ...]
      power[0] = spec[0] * spec[0];
      power[1] = spec[1] * spec[1];
      for (let k = 2; k < N; k += 2) power[k] = spec[k] * spec[k] + spec[k + 1] * spec[k + 1];
      inversePacked(power, lags); // N times the autocorrelation
      copyLags(lags, N, winLength, ac, maxNorm);
    };
  }
  const pw = new Float64Array(N);
  return (t) => {
    for (let j = 0; j < winLength; j++) buf[j] = padded[t + j] * win[j];
    for (let j = winLength; j < N; j++) buf[j] = 0;
    fft.forward(buf, re, im);
    for (let k = 0; k <= half; k++) pw[k] = re[k] * re[k] + im[k] * im[k];
    for (let k = half + 1; k < N; k++) pw[k] = pw[N - k];
    fft.forward(pw, re, im);
    copyLags(re, N, winLength, ac, maxNorm);
  };
}

/**
 * `ac[j] = lags[j] s` for j < winLength, the lags being N times the autocorrelation: s = 1 / max |lags[j]|
 * with `maxNorm` where max |lags[j]| / N is at least the smallest normal float64 (the max norm, (lags / N) /
 * (max / N) = lags / max), else s = 1 / N. One product per lag, as the wasm kernel makes them (its `lags`).
 */
function copyLags(lags: Float32Array | Float64Array, N: number, winLength: number, ac: Float64Array, maxNorm: boolean): void {
  let largest = 0;
  if (maxNorm) for (let j = 0; j < winLength; j++) largest = Math.max(largest, Math.abs(lags[j]));
  const s = maxNorm && largest / N >= F64_TINY ? 1 / largest : 1 / N;
  for (let j = 0; j < winLength; j++) ac[j] = lags[j] * s;
}

/** The envelope, linear-ramp padded by `floor(winLength / 2)` on each side (librosa's centring), plus `extra` zeros. @internal */
export function padCentered(env: Float32Array | Float64Array, winLength: number, extra: number): Float64Array {
  const n = env.length;
  const p = winLength >> 1;
  const padded = new Float64Array(n + 2 * p + extra);
  const first = env[0],
    last = env[n - 1];
  // np.pad(mode='linear_ramp', end_values=0) in the envelope's dtype (float32 for a Float32Array)
  const f32 = !(env instanceof Float64Array);
  for (let j = 0; j < p; j++) {
    const a = (first * j) / p;
    const b = (last * (p - 1 - j)) / p;
    padded[j] = f32 ? Math.fround(a) : a;
    padded[p + n + j] = f32 ? Math.fround(b) : b;
  }
  for (let i = 0; i < n; i++) padded[p + i] = env[i];
  return padded;
}

function resolveNorm(norm: number | null | undefined): number | null {
  if (norm === undefined) return Infinity;
  if (norm === null) return null;
  if (typeof norm !== 'number' || !(norm > 0))
    throw new MirkitError('BAD_OPTION', `norm must be Infinity, a positive number or null, got ${shown(norm)}`, { option: 'norm' });
  return norm;
}

/**
 * Autocorrelation tempogram, equal to `librosa.feature.tempogram`: the onset envelope (linear-ramp
 * padded by `winLength / 2` when centred) is cut into `winLength`-frame windows (hop 1), each
 * multiplied by a hann window, autocorrelated and normalised over lags (max norm by default).
 *
 * Shape: rows = `winLength` lags (row `k` = lag `k` onset frames, see {@link tempoFrequencies}),
 * cols = onset frames. Float32 values. More than 2^28 values in all is refused (`BAD_OPTION`).
 *
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): normalised max error 1.3e-7.
 *
 * @param y - mono signal (may be `null` when `opts.onsetEnvelope` is given)
 * @example
 * ```ts
 * const tg = tempogram(null, { onsetEnvelope: onsetStrength(y, { sr }), sr });
 * ```
 */
export function tempogram(y: Signal | null, opts: TempogramOptions = {}): Matrix {
  opts = readOptions('tempogram', opts, TEMPOGRAM_OPTIONS);
  checkSampleRate(opts.sr ?? 22050);
  const winLength = checkPositiveInt(opts.winLength ?? 384, 'winLength');
  const norm = resolveNorm(opts.norm);
  const { winLength: _w, center: _c, window: _win, norm: _n, ...rest } = opts;
  const env = envelopeFrom(y, rest);
  const center = opts.center ?? true;
  checkWorkSize(winLength, center ? env.length : Math.max(0, env.length - winLength + 1), 'tempogram (winLength lags x onset frames)');
  const window = opts.window ?? 'hann';
  const kernel = norm === Infinity || norm === null ? autocorrelationKernel(autocorrelationSize(winLength, opts.fft), winLength, opts.fft) : undefined;
  if (kernel) {
    // the wasm kernel: float32 lags written lag-major in wasm memory, copied out row by row
    const { padded, nFrames } = autocorrelationFrames(env, winLength, center);
    const out = new Float32Array(winLength * nFrames);
    kernel.lagMajor(padded, getWindow(window, winLength), nFrames, norm === Infinity, out);
    return { rows: winLength, cols: nFrames, data: out };
  }
  const nFrames = center ? env.length : Math.max(0, env.length - winLength + 1);
  const out = new Float32Array(winLength * nFrames);
  // frames gathered BLOCK at a time and written row by row (whole cache lines, not one float per row)
  const block = new Float64Array(BLOCK * winLength);
  let t0 = 0;
  let filled = 0;
  forEachAutocorrelation(
    env,
    winLength,
    center,
    window,
    norm,
    (_t, ac) => {
      block.set(ac, filled * winLength);
      if (++filled === BLOCK) {
        scatterBlock(block, winLength, filled, out, nFrames, t0);
        t0 += filled;
        filled = 0;
      }
    },
    opts.fft,
  );
  if (filled > 0) scatterBlock(block, winLength, filled, out, nFrames, t0);
  return { rows: winLength, cols: nFrames, data: out };
}

/**
 * @internal The FFT plan of a windowed autocorrelation of `winLength` lags: size N >= 2 winLength - 1
 * (no circular wrap; see `autocorrelationLength`), with its frame buffer and spectrum scratch.
 */
export function autocorrelationPlan(winLength: number, fft?: FftOption): { N: number; fft: RealFft; buf: Float64Array; re: Float64Array; im: Float64Array } {
  const N = autocorrelationSize(winLength, fft);
  const bins = (N >> 1) + 1;
  return { N, fft: createRealFft(N, fft), buf: new Float64Array(N), re: new Float64Array(bins), im: new Float64Array(bins) };
}

/** The transform size of the autocorrelations of `winLength` lags on the implementation `fft` resolves to. */
function autocorrelationSize(winLength: number, fft?: FftOption): number {
  return autocorrelationLength(2 * winLength - 1, resolveFft(fft) !== 'js');
}

/**
 * The transform length of a linear autocorrelation of `needed` = 2 winLength - 1 points: the
 * smallest size PFFFT handles (2^a 3^b 5^c, a multiple of 32, as scipy's `next_fast_len` picks
 * for librosa) on the wasm path, the next power of two on fft.js.
 */
function autocorrelationLength(needed: number, pffft: boolean): number {
  if (pffft) for (let n = Math.max(32, Math.ceil(needed / 32) * 32); ; n += 32) if (pffftSupports(n)) return n;
  let n = 1;
  while (n < needed) n <<= 1;
  return n;
}
