/**
 * YIN fundamental-frequency estimation (de Cheveigné & Kawahara 2002) as `librosa.yin`, and the
 * cumulative mean normalised difference function it shares with {@link pyin}.
 */
import type { FftOption } from '../dsp/fft.js';
import { padSignal, type PadMode } from '../dsp/stft.js';
import { MirkitError } from '../errors.js';
import { checkNumber, checkPositiveInt, checkSampleRate, checkSignal, type Signal } from '../validate.js';
import { F64_TINY } from '../util/numeric.js';
import { checkStepBound } from '../matrix.js';
import { MAX_YIN_WORK } from '../limits.js';
import { readOptions } from '../options.js';
import { YIN_OPTIONS } from '../option-keys.js';
import { yinAutocorrelation } from './yin-autocorrelation.js';
import { shown } from '../util/shown.js';

/** Options shared by {@link yin} and {@link pyin} (librosa's names and defaults). */
export interface YinBaseOptions {
  /** Lowest frequency in Hz (required; librosa recommends `note_to_hz('C2')` = 65.41 Hz). */
  fmin: number;
  /** Highest frequency in Hz (required; librosa recommends `note_to_hz('C7')` = 2093 Hz). */
  fmax: number;
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** Frame length in samples. Default 2048. */
  frameLength?: number;
  /** Hop between frames in samples. Default `frameLength / 4` (512). */
  hopLength?: number;
  /** Centre frame t on sample `t * hopLength` by padding `frameLength / 2` each side. Default true. */
  center?: boolean;
  /** Padding when centring. Default 'constant' (zeros), librosa 0.11's default. */
  padMode?: PadMode;
  /** FFT implementation of the autocorrelations. Default 'auto'. */
  fft?: FftOption;
}

/** Options of {@link yin}. */
export interface YinOptions extends YinBaseOptions {
  /** Absolute threshold of the normalised difference for a trough to count. Default 0.1. */
  troughThreshold?: number;
}

/** @internal The framed normalised difference function of a signal. */
export interface YinFrames {
  /** Number of frames. */
  nFrames: number;
  /** Lags per frame: `maxPeriod - minPeriod + 1`. */
  nLags: number;
  /** Smallest lag (samples), `floor(sr / fmax)`. */
  minPeriod: number;
  /**
   * The CMND of frame t, `[lag - minPeriod]` for `minPeriod <= lag <= maxPeriod`. Frames must be
   * requested in ascending order; the returned array is reused by the next call.
   */
  frame(t: number): Float64Array;
}

/** @internal Resolved parameters common to yin and pyin. */
export interface YinParams {
  sr: number;
  fmin: number;
  fmax: number;
  frameLength: number;
  hop: number;
  center: boolean;
  padMode: PadMode;
  minPeriod: number;
  maxPeriod: number;
  fft?: FftOption;
}

/** @internal Validates the options of yin / pyin as librosa's `_check_yin_params`. */
export function resolveYinParams(opts: YinBaseOptions): YinParams {
  if (!opts || opts.fmin === undefined || opts.fmax === undefined) {
    throw new MirkitError('BAD_OPTION', 'both fmin and fmax must be provided', { option: 'fmin' });
  }
  const sr = checkSampleRate(opts.sr ?? 22050);
  const fmin = checkNumber(opts.fmin, 'fmin', Number.MIN_VALUE);
  const fmax = checkNumber(opts.fmax, 'fmax', Number.MIN_VALUE);
  const frameLength = checkPositiveInt(opts.frameLength ?? 2048, 'frameLength');
  const hop = checkPositiveInt(opts.hopLength ?? Math.floor(frameLength / 4), 'hopLength');
  if (fmax > sr / 2) throw new MirkitError('BAD_OPTION', `fmax=${fmax} cannot exceed the Nyquist frequency ${sr / 2}`, { option: 'fmax' });
  if (fmin >= fmax) throw new MirkitError('BAD_OPTION', `fmin=${fmin} must be less than fmax=${fmax}`, { option: 'fmin' });
  if (sr / fmin >= frameLength - 1) {
    throw new MirkitError(
      'BAD_OPTION',
      `fmin=${fmin} is too small for frameLength=${frameLength} and sr=${sr}: use fmin >= ${sr / (frameLength - 1)} or a longer frame`,
      { option: 'fmin' },
    );
  }
  const padMode = opts.padMode ?? 'constant';
  if (padMode !== 'constant' && padMode !== 'reflect' && padMode !== 'edge') {
    throw new MirkitError('BAD_OPTION', `padMode must be 'constant', 'reflect' or 'edge', got '${shown(padMode)}'`, { option: 'padMode' });
  }
  const minPeriod = Math.floor(sr / fmax);
  const maxPeriod = Math.min(Math.ceil(sr / fmin), frameLength - 1);
  return { sr, fmin, fmax, frameLength, hop, center: opts.center ?? true, padMode, minPeriod, maxPeriod, fft: opts.fft };
}

/**
 * @internal The cumulative mean normalised difference function (YIN's eq. 8) of every frame, as
 * librosa's `_cumulative_mean_normalized_difference`: the autocorrelation `r(k)` of the whole frame
 * by FFT, the difference `d(k) = 2 (r(0) - r(k)) - sum_{m<k} x_m^2` (stored in float32, as librosa
 * stores it in its float32 frame array), and `d(k) / (mean_{1<=j<=k} d(j) + tiny)` for
 * `minPeriod <= k <= maxPeriod`.
 */
export function yinFrames(y: Float32Array | Float64Array, p: YinParams): YinFrames {
  const { frameLength: N, hop, minPeriod, maxPeriod } = p;
  const sig: ArrayLike<number> = p.center ? padSignal(y, N >> 1, N >> 1, p.padMode) : y;
  if (sig.length < N) throw new MirkitError('TOO_SHORT', `input of ${y.length} samples is too short for frameLength=${N}`);
  const nFrames = 1 + Math.floor((sig.length - N) / hop);
  // every frame costs about N operations (its autocorrelation and difference function): a frame per
  // sample of a long frame (frameLength 2^20, hopLength 1) would run for hours
  checkStepBound(
    nFrames * N,
    MAX_YIN_WORK,
    `${nFrames} frames of frameLength=${N} would take ${nFrames} x ${N} = ${nFrames * N} steps`,
    'use a larger hopLength, a shorter frameLength or a shorter signal',
    { option: 'hopLength' },
  );
  const nLags = maxPeriod - minPeriod + 1;
  const acfOf = yinAutocorrelation(N, hop, maxPeriod, p.fft, sig);
  const diff = new Float64Array(maxPeriod + 1);
  const cmnd = new Float64Array(nLags);
  const frame = (t: number): Float64Array => cmndOfFrame(sig, t * hop, acfOf(t, sig, t * hop), minPeriod, maxPeriod, diff, cmnd);
  return { nFrames, nLags, minPeriod, frame };
}

/**
 * @internal The CMND of the frame starting at `sig[s]` from its autocorrelation `acf` (see
 * {@link yinFrames}): energy prefix sums and the difference function in float32, as librosa's
 * float32 frames, into `diff` (maxPeriod + 1) and `cmnd` (`[lag - minPeriod]`), which it returns.
 */
export function cmndOfFrame(
  sig: ArrayLike<number>,
  s: number,
  acf: Float64Array,
  minPeriod: number,
  maxPeriod: number,
  diff: Float64Array,
  cmnd: Float64Array,
): Float64Array {
  let energy = 0;
  const r0 = acf[0];
  diff[0] = 0;
  for (let k = 1; k <= maxPeriod; k++) {
    const x = sig[s + k - 1];
    energy = Math.fround(energy + Math.fround(x * x));
    diff[k] = Math.fround(2 * (r0 - acf[k]) - energy);
  }
  let cum = 0;
  for (let k = 1; k <= maxPeriod; k++) {
    cum = Math.fround(cum + diff[k]);
    if (k >= minPeriod) cmnd[k - minPeriod] = diff[k] / (cum / k + F64_TINY);
  }
  return cmnd;
}

/**
 * @internal YIN's f0 of one frame from its CMND (`nLags` values from lag `minPeriod`): the first
 * trough below `threshold` (else the global minimum), refined by parabolic interpolation.
 */
export function f0OfCmnd(cmnd: Float64Array, nLags: number, minPeriod: number, sr: number, threshold: number): number {
  let pick = -1;
  for (let i = 0; i < nLags; i++) {
    if (cmnd[i] < threshold && isTrough(cmnd, 0, nLags, i)) {
      pick = i;
      break;
    }
  }
  if (pick < 0) {
    pick = 0;
    for (let i = 1; i < nLags; i++) if (cmnd[i] < cmnd[pick]) pick = i;
  }
  return sr / (minPeriod + pick + parabolicShift(cmnd, 0, nLags, pick));
}

/**
 * @internal librosa's parabolic-interpolation shift at lag index i of a frame's CMND
 * `x[o .. o + n)`: `-b / a` with `a = x[i+1] + x[i-1] - 2 x[i]`, `b = (x[i+1] - x[i-1]) / 2`;
 * 0 where `|b| >= |a|` and at both ends.
 */
export function parabolicShift(x: Float64Array, o: number, n: number, i: number): number {
  if (i <= 0 || i >= n - 1) return 0;
  const x0 = x[o + i - 1];
  const x1 = x[o + i];
  const x2 = x[o + i + 1];
  const a = x2 + x0 - 2 * x1;
  const b = (x2 - x0) / 2;
  return Math.abs(b) >= Math.abs(a) ? 0 : -b / a;
}

/** @internal True where lag index i of a frame's CMND `x[o .. o + n)` is a trough (librosa's localmin, first lag by `x[0] < x[1]`). */
export function isTrough(x: Float64Array, o: number, n: number, i: number): boolean {
  if (n < 2) return false;
  if (i === 0) return x[o] < x[o + 1];
  if (i === n - 1) return x[o + i] < x[o + i - 1];
  const v = x[o + i];
  return v < x[o + i - 1] && v <= x[o + i + 1];
}

/**
 * Fundamental frequency per frame by YIN, equal to `librosa.yin`: the cumulative mean normalised
 * difference function of each (centred, zero-padded) frame over lags `floor(sr / fmax)` ..
 * `min(ceil(sr / fmin), frameLength - 1)`, the first trough below `troughThreshold` (else the
 * global minimum), refined by parabolic interpolation; `f0 = sr / period`.
 *
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): f0 within 1 cent of librosa's on every frame (C2..C7; worst 0.075 cent).
 *
 * @param y - mono signal
 * @param opts - {@link YinOptions}: `fmin`, `fmax` (required), `sr` 22050, `frameLength` 2048,
 *   `hopLength` frameLength/4, `troughThreshold` 0.1, `center` true, `padMode` 'constant'
 * @returns Float64Array of f0 in Hz, one per frame (`1 + floor(len / hopLength)` frames when centred)
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION` (fmax above
 *   Nyquist, fmin >= fmax, fmin too low for the frame), `TOO_SHORT`
 * @example
 * ```ts
 * const f0 = yin(y, { fmin: 65.41, fmax: 2093, sr: 22050 });
 * ```
 */
export function yin(y: Signal, opts: YinOptions): Float64Array {
  opts = readOptions('yin', opts, YIN_OPTIONS);
  const sig = checkSignal(y);
  const p = resolveYinParams(opts);
  const threshold = checkNumber(opts.troughThreshold ?? 0.1, 'troughThreshold');
  const frames = yinFrames(sig, p);
  const { nFrames, nLags, minPeriod } = frames;
  const f0 = new Float64Array(nFrames);
  for (let t = 0; t < nFrames; t++) f0[t] = f0OfCmnd(frames.frame(t), nLags, minPeriod, p.sr, threshold);
  return f0;
}
