/**
 * The Fourier tempogram (`librosa.feature.fourier_tempogram`): the short-time Fourier transform of the
 * onset strength envelope, hop 1, and the tempo of each of its rows.
 */
import { MirkitError } from '../errors.js';
import { readOptions } from '../options.js';
import { FOURIER_TEMPOGRAM_OPTIONS } from '../option-keys.js';
import { checkWorkSize, type Matrix } from '../matrix.js';
import { checkPositiveInt, checkSampleRate, type Signal } from '../validate.js';
import { createRealFft, type FftOption } from '../dsp/fft.js';
import { getWindow, type WindowSpec } from '../dsp/windows.js';
import type { OnsetStrengthOptions } from './onset.js';
import { envelopeFrom } from './onset-envelope.js';
import { slidingHannKernel } from '../dsp/rhythm-kernel.js';
import { transposeInto } from '../dsp/transpose.js';

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
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): normalised max error of the magnitude 4.3e-7.
 *
 * @param y - mono signal (may be `null` when `opts.onsetEnvelope` is given)
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION` (also a result of
 *   more than 2^28 values), `TOO_SHORT`
 *   (center false and an envelope shorter than winLength)
 * @example
 * ```ts
 * const F = fourierTempogram(y, { sr: 22050 });
 * const bpm = fourierTempoFrequencies({ sr: 22050 });   // BPM of each row
 * ```
 */
export function fourierTempogram(y: Signal | null, opts: FourierTempogramOptions = {}): ComplexTempogram {
  opts = readOptions('fourierTempogram', opts, FOURIER_TEMPOGRAM_OPTIONS);
  const { N, T, padded } = slidingFrames(y, opts);
  const bins = (N >> 1) + 1;
  const re = new Float32Array(bins * T);
  const im = new Float32Array(bins * T);
  const window = opts.window ?? 'hann';
  const kernel = window === 'hann' && N >= 4 ? slidingHannKernel(opts.fft) : undefined;
  if (kernel) kernel.binMajor(padded, N, T, SLIDING_RESYNC, re, im);
  else if (window === 'hann' && N >= 4) slidingHannStft(padded, N, T, re, im);
  else frameStft(padded, N, T, getWindow(window, N), re, im, opts.fft);
  return { rows: bins, cols: T, re, im };
}

/**
 * {@link fourierTempogram} with its planes frame-major (`re[t * rows + k]`, the layout per-frame readers
 * such as {@link plp} want) and the magnitudes too (`mag` = float32 |re + i im| of the float32 parts, as
 * {@link fourierTempogramMagnitude}): straight from the wasm kernel (hann window), else transposed. @internal
 */
export function fourierTempogramFrames(y: Signal | null, opts: FourierTempogramOptions = {}): ComplexTempogram & { readonly mag: Float32Array } {
  const kernel = (opts.window ?? 'hann') === 'hann' && (opts.winLength ?? 384) >= 4 ? slidingHannKernel(opts.fft) : undefined;
  if (kernel) {
    const { N, T, padded } = slidingFrames(y, opts);
    const bins = (N >> 1) + 1;
    const re = new Float32Array(bins * T);
    const im = new Float32Array(bins * T);
    const mag = new Float32Array(bins * T);
    kernel.frameMajor(padded, N, T, SLIDING_RESYNC, re, im, mag);
    return { rows: bins, cols: T, re, im, mag };
  }
  if ((opts.window ?? 'hann') === 'hann' && (opts.winLength ?? 384) >= 4) {
    const { N, T, padded } = slidingFrames(y, opts);
    const bins = (N >> 1) + 1;
    const re = new Float32Array(bins * T);
    const im = new Float32Array(bins * T);
    const mag = new Float32Array(bins * T);
    slidingHannStft(padded, N, T, re, im, mag);
    return { rows: bins, cols: T, re, im, mag };
  }
  const F = fourierTempogram(y, opts);
  const { rows: bins, cols: T } = F;
  const re = new Float32Array(bins * T);
  const im = new Float32Array(bins * T);
  const mag = new Float32Array(bins * T);
  transposeInto(F.re, bins, T, re);
  transposeInto(F.im, bins, T, im);
  for (let i = 0; i < mag.length; i++) mag[i] = Math.sqrt(re[i] * re[i] + im[i] * im[i]);
  return { rows: bins, cols: T, re, im, mag };
}

/** The window length N, the frame count T and the centred (zero-padded) envelope, plus one guard zero. */
function slidingFrames(y: Signal | null, opts: FourierTempogramOptions): { N: number; T: number; padded: Float64Array } {
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
  checkWorkSize((N >> 1) + 1, T, 'Fourier tempogram (winLength / 2 + 1 tempo bins x frames)');
  const padded = new Float64Array(total + 1); // one guard zero: the last update reads padded[T - 1 + N]
  for (let i = 0; i < n; i++) padded[p + i] = env[i];
  return { N, T, padded };
}

/**
 * `|fourierTempogram(y, opts)|` as a float32 {@link Matrix} (what librosa's users plot).
 *
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): normalised max error 4.3e-7.
 */
export function fourierTempogramMagnitude(y: Signal | null, opts: FourierTempogramOptions = {}): Matrix {
  opts = readOptions('fourierTempogramMagnitude', opts, FOURIER_TEMPOGRAM_OPTIONS);
  const kernel = (opts.window ?? 'hann') === 'hann' && (opts.winLength ?? 384) >= 4 ? slidingHannKernel(opts.fft) : undefined;
  if (kernel) {
    // the wasm kernel writes the magnitudes directly (the same values: |.| of the float32 parts in float64)
    const { N, T, padded } = slidingFrames(y, opts);
    const out = new Float32Array(((N >> 1) + 1) * T);
    kernel.binMajor(padded, N, T, SLIDING_RESYNC, out, null);
    return { rows: (N >> 1) + 1, cols: T, data: out };
  }
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
 * R[N - m] = conj R[m]). Bins 0..N/2 into row-major float32 planes, or, with `mag`, into frame-major planes
 * (`re[t * (N/2 + 1) + k]`) with the magnitudes of their float32 parts in `mag`.
 */
function slidingHannStft(padded: Float64Array, N: number, T: number, re: Float32Array, im: Float32Array, mag?: Float32Array): void {
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
  const exact = exactDft(padded, N);
  const exactFast = (t: number): void => exact(t, Rr, Ri);
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
    if (mag) {
      // frame-major planes and the magnitudes of their float32 parts
      const o = t0 * bins;
      for (let i = 0; i < nb * bins; i++) {
        const a = bre[i],
          b = bim[i];
        re[o + i] = a;
        im[o + i] = b;
        mag[o + i] = Math.sqrt(a * a + b * b);
      }
      continue;
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

/**
 * `exact(t, Rr, Ri)` writes the rectangular DFT of frame t of `padded` (N samples), bins 0 .. N/2 + 1, in
 * float64: the sliding DFT's restart point.
 */
function exactDft(padded: Float64Array, N: number): (t: number, Rr: Float64Array, Ri: Float64Array) => void {
  const K = (N >> 1) + 2;
  const cosT = new Float64Array(N),
    sinT = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    cosT[i] = Math.cos((2 * Math.PI * i) / N);
    sinT[i] = Math.sin((2 * Math.PI * i) / N);
  }
  return (t, Rr, Ri) => {
    Rr.fill(0, 0, K);
    Ri.fill(0, 0, K);
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
