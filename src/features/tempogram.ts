import { MirkitError } from '../errors.js';
import { readOptions } from '../options.js';
import { FOURIER_TEMPOGRAM_OPTIONS, TEMPOGRAM_OPTIONS } from '../option-keys.js';
import type { Matrix } from '../matrix.js';
import { checkPositiveInt, checkSampleRate, checkSignal, type Signal } from '../validate.js';
import { createRealFft, resolveFft, type FftOption, type RealFft } from '../dsp/fft.js';
import { pffftSupports } from '../dsp/fft-wasm.js';
import { getWindow, type WindowSpec } from '../dsp/windows.js';
import { BLOCK, scatterBlock } from '../dsp/stft-blocks.js';
import { onsetStrength, type OnsetStrengthOptions } from './onset.js';
import { F64_TINY } from '../util/numeric.js';

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

/** The onset envelope given in `opts` or computed from y. @internal */
export function envelopeFrom(
  y: Signal | null,
  opts: { onsetEnvelope?: Float32Array | Float64Array | number[] } & OnsetStrengthOptions,
): Float32Array | Float64Array {
  if (opts.onsetEnvelope !== undefined && opts.onsetEnvelope !== null) return checkSignal(opts.onsetEnvelope, 'onsetEnvelope');
  if (y === null || y === undefined) throw new MirkitError('EMPTY_INPUT', 'pass a signal y or a precomputed onsetEnvelope');
  const { onsetEnvelope: _e, ...o } = opts as Record<string, unknown>;
  return onsetStrength(y, o as OnsetStrengthOptions);
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
  const n = env.length;
  const win = getWindow(window, winLength);
  let padded: Float64Array;
  let nFrames: number;
  if (center) {
    padded = padCentered(env, winLength, 0);
    nFrames = n;
  } else {
    padded = Float64Array.from(env);
    if (n < winLength) {
      throw new MirkitError('TOO_SHORT', `onset envelope of ${n} frames is shorter than winLength (${winLength}) with center=false`);
    }
    nFrames = n - winLength + 1;
  }
  const ac = new Float64Array(winLength);
  const lagsOf = frameAutocorrelation(padded, win, winLength, ac, fftOpt);
  for (let t = 0; t < nFrames; t++) {
    const largest = lagsOf(t);
    if (norm !== null) {
      let len = largest;
      if (norm !== Infinity) {
        len = 0;
        for (let j = 0; j < winLength; j++) len += Math.pow(Math.abs(ac[j]), norm);
        len = Math.pow(len, 1 / norm);
      }
      if (len >= F64_TINY) for (let j = 0; j < winLength; j++) ac[j] /= len;
    }
    visit(t, ac);
  }
  return nFrames;
}

/**
 * `lagsOf(t)` writes into `ac` the autocorrelation (lags 0 .. winLength - 1) of frame t of
 * `padded` times `win` and returns the largest `|ac[j]|` (the max norm's length), through two FFTs of size N (the autocorrelation plan's). On a plan with
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
  fftOpt: FftOption | undefined,
): (t: number) => number {
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
      return copyLags(lags, N, winLength, ac);
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
    return copyLags(re, N, winLength, ac);
  };
}

/** `ac[j] = lags[j] / N` for j < winLength; returns the largest `|ac[j]|` (0 for none). */
function copyLags(lags: Float32Array | Float64Array, N: number, winLength: number, ac: Float64Array): number {
  let largest = 0;
  for (let j = 0; j < winLength; j++) {
    const v = lags[j] / N;
    ac[j] = v;
    const a = Math.abs(v);
    if (a > largest) largest = a;
  }
  return largest;
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
    throw new MirkitError('BAD_OPTION', `norm must be Infinity, a positive number or null, got ${String(norm)}`, { option: 'norm' });
  return norm;
}

/**
 * Autocorrelation tempogram, equal to `librosa.feature.tempogram`: the onset envelope (linear-ramp
 * padded by `winLength / 2` when centred) is cut into `winLength`-frame windows (hop 1), each
 * multiplied by a hann window, autocorrelated and normalised over lags (max norm by default).
 *
 * Shape: rows = `winLength` lags (row `k` = lag `k` onset frames, see {@link tempoFrequencies}),
 * cols = onset frames. Float32 values.
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
    opts.window ?? 'hann',
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

/** Options of {@link fourierTempogram} (librosa.feature.fourier_tempogram's names and defaults). */
export interface FourierTempogramOptions extends Omit<OnsetStrengthOptions, 'center' | 'window'> {
  /** Precomputed onset strength envelope (e.g. {@link onsetStrength}); replaces `y`. */
  onsetEnvelope?: Float32Array | Float64Array | number[];
  /** Window length in onset frames (the FFT size). Default 384. */
  winLength?: number;
  /** Centre the windows (zero padding of `winLength / 2` on both sides). Default true. */
  center?: boolean;
  /** Window. Default `'hann'` (periodic); the sliding-DFT fast path serves it, others take one FFT per frame. */
  window?: WindowSpec;
}

/**
 * Tempo (BPM) of each row of a {@link fourierTempogram}, equal to
 * `librosa.fourier_tempo_frequencies(sr, win_length, hop_length)`: `k * 60 sr / (hopLength * winLength)`,
 * k = 0 .. winLength / 2.
 */
export function fourierTempoFrequencies(opts: { sr?: number; hopLength?: number; winLength?: number } = {}): Float64Array {
  const sr = checkSampleRate(opts.sr ?? 22050);
  const hop = checkPositiveInt(opts.hopLength ?? 512, 'hopLength');
  const win = checkPositiveInt(opts.winLength ?? 384, 'winLength');
  const bins = (win >> 1) + 1;
  const out = new Float64Array(bins);
  const rate = (sr * 60) / hop; // librosa: fft_frequencies(sr=sr * 60 / hop_length, n_fft=win_length)
  for (let k = 0; k < bins; k++) out[k] = (k * rate) / win;
  return out;
}

/** A complex matrix as two row-major planes (rows = tempo bins, cols = frames). */
export interface ComplexTempogram {
  /** Number of tempo bins, `winLength / 2 + 1`. */
  readonly rows: number;
  /** Number of frames. */
  readonly cols: number;
  /** Real parts, row-major. */
  readonly re: Float32Array;
  /** Imaginary parts, row-major. */
  readonly im: Float32Array;
}

/**
 * Fourier tempogram, equal to `librosa.feature.fourier_tempogram`: the short-time Fourier
 * transform of the onset strength envelope with an FFT of `winLength` frames, hop 1, centred with
 * zero padding (`stft(onset_envelope, n_fft=win_length, hop_length=1, center=True, window='hann')`).
 *
 * Shape: rows = `winLength / 2 + 1` tempo bins ({@link fourierTempoFrequencies}), cols =
 * envelope length + 1 (centred). Complex values as float32 planes; {@link fourierTempogramMagnitude}
 * gives `|.|` as a {@link Matrix}.
 *
 * With the default hann window every frame comes from a sliding DFT in float64 (an O(winLength)
 * update per frame instead of an FFT, resynchronised from an exact DFT every 1024 frames), with
 * the window applied as librosa's periodic hann is: a 3-tap combination of neighbouring bins. Other
 * windows take one FFT per frame.
 *
 * @param y - mono signal (may be `null` when `opts.onsetEnvelope` is given)
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `TOO_SHORT`
 *   (center false and an envelope shorter than winLength)
 * @example
 * ```ts
 * const F = fourierTempogram(y, { sr: 22050 });
 * const bpm = fourierTempoFrequencies({ sr: 22050 });   // BPM of each row
 * ```
 */
export function fourierTempogram(y: Signal | null, opts: FourierTempogramOptions = {}): ComplexTempogram {
  opts = readOptions('fourierTempogram', opts, FOURIER_TEMPOGRAM_OPTIONS);
  checkSampleRate(opts.sr ?? 22050);
  const N = checkPositiveInt(opts.winLength ?? 384, 'winLength');
  const { winLength: _w, center: _c, window: _win, ...rest } = opts;
  const env = envelopeFrom(y, rest);
  const center = opts.center ?? true;
  const n = env.length;
  const p = center ? N >> 1 : 0;
  const total = n + 2 * p;
  if (total < N) throw new MirkitError('TOO_SHORT', `onset envelope of ${n} frames is shorter than winLength (${N}) with center=false`);
  const T = 1 + (total - N);
  const padded = new Float64Array(total + 1); // one guard zero: the last update reads padded[T - 1 + N]
  for (let i = 0; i < n; i++) padded[p + i] = env[i];
  const bins = (N >> 1) + 1;
  const re = new Float32Array(bins * T);
  const im = new Float32Array(bins * T);
  const window = opts.window ?? 'hann';
  if (window === 'hann' && N >= 4) slidingHannStft(padded, N, T, re, im);
  else frameStft(padded, N, T, getWindow(window, N), re, im, opts.fft);
  return { rows: bins, cols: T, re, im };
}

/** `|fourierTempogram(y, opts)|` as a float32 {@link Matrix} (what librosa's users plot). */
export function fourierTempogramMagnitude(y: Signal | null, opts: FourierTempogramOptions = {}): Matrix {
  opts = readOptions('fourierTempogramMagnitude', opts, FOURIER_TEMPOGRAM_OPTIONS);
  const F = fourierTempogram(y, opts);
  const out = new Float32Array(F.re.length);
  const { re, im } = F;
  // float32 parts: their squares cannot overflow a double (Math.hypot is several times slower)
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(re[i] * re[i] + im[i] * im[i]);
  return { rows: F.rows, cols: F.cols, data: out };
}

/** Frames between exact resynchronisations of the sliding DFT. */
const SLIDING_RESYNC = 1024;

/**
 * Frames t = 0..T-1 of `padded` (hop 1, N samples each) through a rectangular sliding DFT
 * `R_t[k] = sum_j x[t + j] e^{-2 pi i j k / N}`, `R_{t+1} = e^{2 pi i k / N} (R_t - x[t] + x[t + N])`,
 * and the periodic hann window as `X = R[k] / 2 - (R[k - 1] + R[k + 1]) / 4` (R[-1] = conj R[1],
 * R[N - m] = conj R[m]). Bins 0..N/2 into row-major float32 planes.
 */
function slidingHannStft(padded: Float64Array, N: number, T: number, re: Float32Array, im: Float32Array): void {
  const bins = (N >> 1) + 1;
  const K = bins + 1; // one guard bin above (conjugate mirror)
  const Rr = new Float64Array(K),
    Ri = new Float64Array(K);
  const cr = new Float64Array(K),
    ci = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    cr[k] = Math.cos((2 * Math.PI * k) / N);
    ci[k] = Math.sin((2 * Math.PI * k) / N);
  }
  const cosT = new Float64Array(N),
    sinT = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    cosT[i] = Math.cos((2 * Math.PI * i) / N);
    sinT[i] = Math.sin((2 * Math.PI * i) / N);
  }
  const exactFast = (t: number): void => {
    Rr.fill(0);
    Ri.fill(0);
    for (let j = 0; j < N; j++) {
      const v = padded[t + j];
      if (v === 0) continue;
      for (let k = 0, idx = 0; k < K; k++, idx += j) {
        if (idx >= N) idx -= N;
        Rr[k] += v * cosT[idx];
        Ri[k] -= v * sinT[idx];
      }
    }
  };
  // frames go frame-major into a block, then transposed into the bin-major planes in tiles
  const B = 64;
  const bre = new Float32Array(B * bins),
    bim = new Float32Array(B * bins);
  for (let t0 = 0; t0 < T; t0 += B) {
    const nb = Math.min(B, T - t0);
    for (let b = 0; b < nb; b++) {
      const t = t0 + b;
      if (t % SLIDING_RESYNC === 0) exactFast(t);
      // guard bin `bins` = conj(R[N - bins])
      const g = N - bins;
      Rr[bins] = Rr[g];
      Ri[bins] = -Ri[g];
      // hann combination; bin 0 with R[-1] = conj R[1]
      const o = b * bins;
      bre[o] = 0.5 * Rr[0] - 0.5 * Rr[1];
      bim[o] = 0.5 * Ri[0];
      for (let k = 1; k < bins; k++) {
        bre[o + k] = 0.5 * Rr[k] - 0.25 * (Rr[k - 1] + Rr[k + 1]);
        bim[o + k] = 0.5 * Ri[k] - 0.25 * (Ri[k - 1] + Ri[k + 1]);
      }
      if (t + 1 < T) {
        // slide: R <- e^{2 pi i k / N} (R - x[t] + x[t + N])
        const d = padded[t + N] - padded[t];
        for (let k = 0; k < bins; k++) {
          const a = Rr[k] + d,
            c = Ri[k];
          Rr[k] = a * cr[k] - c * ci[k];
          Ri[k] = a * ci[k] + c * cr[k];
        }
      }
    }
    for (let k0 = 0; k0 < bins; k0 += 32) {
      const k1 = Math.min(bins, k0 + 32);
      for (let k = k0; k < k1; k++) {
        const row = k * T + t0;
        for (let b = 0; b < nb; b++) {
          re[row + b] = bre[b * bins + k];
          im[row + b] = bim[b * bins + k];
        }
      }
    }
  }
}

/** Frames through one FFT each (windows other than hann). */
function frameStft(padded: Float64Array, N: number, T: number, win: Float64Array, re: Float32Array, im: Float32Array, fft?: FftOption): void {
  const plan = createRealFft(N, fft);
  const bins = (N >> 1) + 1;
  const buf = new Float64Array(N);
  const fr = new Float64Array(bins),
    fi = new Float64Array(bins);
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < N; j++) buf[j] = padded[t + j] * win[j];
    plan.forward(buf, fr, fi);
    for (let k = 0; k < bins; k++) {
      re[k * T + t] = fr[k];
      im[k * T + t] = fi[k];
    }
  }
}

/**
 * @internal The FFT plan of a windowed autocorrelation of `winLength` lags: size N >= 2 winLength - 1
 * (no circular wrap; see `autocorrelationLength`), with its frame buffer and spectrum scratch.
 */
export function autocorrelationPlan(winLength: number, fft?: FftOption): { N: number; fft: RealFft; buf: Float64Array; re: Float64Array; im: Float64Array } {
  const N = autocorrelationLength(2 * winLength - 1, resolveFft(fft) !== 'js');
  const bins = (N >> 1) + 1;
  return { N, fft: createRealFft(N, fft), buf: new Float64Array(N), re: new Float64Array(bins), im: new Float64Array(bins) };
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
