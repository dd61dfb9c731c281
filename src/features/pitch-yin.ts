/**
 * YIN fundamental-frequency estimation (de Cheveigné & Kawahara 2002) as `librosa.yin`, and the
 * cumulative mean normalised difference function it shares with {@link pyin}.
 */
import { FftJsClass } from '../dsp/fft-js-class.js';
import { createRealFft, resolveFft, splitRealPair, type FftOption } from '../dsp/fft.js';
import { padSignal, type PadMode } from '../dsp/stft.js';
import { MirkitError } from '../errors.js';
import { checkNumber, checkPositiveInt, checkSampleRate, checkSignal, type Signal } from '../validate.js';
import { F64_TINY } from '../util/numeric.js';
import { readOptions } from '../options.js';

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
    throw new MirkitError('BAD_OPTION', `padMode must be 'constant', 'reflect' or 'edge', got '${String(padMode)}'`, { option: 'padMode' });
  }
  const minPeriod = Math.floor(sr / fmax);
  const maxPeriod = Math.min(Math.ceil(sr / fmin), frameLength - 1);
  return { sr, fmin, fmax, frameLength, hop, center: opts.center ?? true, padMode, minPeriod, maxPeriod, fft: opts.fft };
}

/**
 * @internal Autocorrelation (lags 0 .. at least maxPeriod) of the N-sample frame starting at
 * `sig[s]`, one FFT pair per frame: the frame zero-padded to a power of two >= 2N - 1, its power
 * spectrum, the inverse transform. The returned array is reused by the next call.
 */
export function frameAutocorrelation(N: number, fft?: FftOption): (sig: ArrayLike<number>, s: number) => Float64Array {
  let M = 1;
  while (M < 2 * N - 1) M *= 2;
  const plan = createRealFft(M, fft);
  const bins = (M >> 1) + 1;
  const frame = new Float64Array(M);
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  const acf = new Float64Array(M);
  return (sig, s) => {
    for (let i = 0; i < N; i++) frame[i] = sig[s + i];
    plan.forward(frame, re, im);
    for (let k = 0; k < bins; k++) {
      re[k] = re[k] * re[k] + im[k] * im[k];
      im[k] = 0;
    }
    plan.inverse(re, im, acf);
    return acf;
  };
}

/**
 * The same autocorrelations when the frame is `K = N / hop` whole hops and every lag is shorter
 * than a hop: the frame's lag-k products split over its hop-long blocks b, each pairing with
 * itself and the next block, `r(k) = sum_{b<K-1} (A_b x (A_b + A_{b+1})) + A_{K-1} x A_{K-1}` with
 * `x` the cross-correlation. In the frequency domain (size M >= 2 hop, block b+1 shifted by hop =
 * a factor (-1)^j when M = 2 hop) that is a sum of spectra: one M-point FFT per block (each block
 * serves K frames) and one inverse per frame, instead of a (2N)-point pair per frame.
 */
function blockAutocorrelation(sig: ArrayLike<number>, N: number, hop: number, fft?: FftOption): (t: number) => Float64Array {
  const K = N / hop;
  let M = 1;
  while (M < 2 * hop) M *= 2;
  const plan = createRealFft(M, fft);
  const bins = (M >> 1) + 1;
  const len = sig.length;
  // per block b (ring of K): Q_b = |A_b|^2 and, once block b+1 is known, P_b = conj(A_b) (A_b + shifted A_{b+1})
  const ringQ = Array.from({ length: K + 1 }, () => new Float64Array(bins));
  const ringPr = Array.from({ length: K + 1 }, () => new Float64Array(bins));
  const ringPi = Array.from({ length: K + 1 }, () => new Float64Array(bins));
  // phase of a shift by hop samples: e^{-2 pi i j hop / M}
  const { shRe, shIm } = shiftPhases(bins, hop, M);
  const block = new Float64Array(M);
  const aRe = [new Float64Array(bins), new Float64Array(bins)];
  const aIm = [new Float64Array(bins), new Float64Array(bins)];
  const sRe = new Float64Array(bins);
  const sIm = new Float64Array(bins);
  const acf = new Float64Array(M);
  let next = 0; // next block index to transform
  const transform = (b: number): void => {
    const s = b * hop;
    for (let i = 0; i < hop; i++) {
      const j = s + i;
      block[i] = j < len ? sig[j] : 0;
    }
    const cr = aRe[b & 1];
    const ci = aIm[b & 1];
    plan.forward(block, cr, ci);
    const q = ringQ[b % (K + 1)];
    for (let j = 0; j < bins; j++) q[j] = cr[j] * cr[j] + ci[j] * ci[j];
    if (b > 0) {
      const pr = aRe[(b - 1) & 1];
      const pi = aIm[(b - 1) & 1];
      const Pr = ringPr[(b - 1) % (K + 1)];
      const Pi = ringPi[(b - 1) % (K + 1)];
      const Q = ringQ[(b - 1) % (K + 1)];
      for (let j = 0; j < bins; j++) {
        const nr = cr[j] * shRe[j] - ci[j] * shIm[j];
        const ni = cr[j] * shIm[j] + ci[j] * shRe[j];
        const ar = pr[j];
        const ai = pi[j];
        Pr[j] = Q[j] + ar * nr + ai * ni;
        Pi[j] = ar * ni - ai * nr;
      }
    }
  };
  return (t) => {
    while (next < t + K) transform(next++);
    sRe.set(ringQ[(t + K - 1) % (K + 1)]);
    sIm.fill(0);
    for (let b = t; b < t + K - 1; b++) {
      const Pr = ringPr[b % (K + 1)];
      const Pi = ringPi[b % (K + 1)];
      for (let j = 0; j < bins; j++) {
        sRe[j] += Pr[j];
        sIm[j] += Pi[j];
      }
    }
    plan.inverse(sRe, sIm, acf);
    return acf;
  };
}

const FFT = FftJsClass;

/**
 * {@link blockAutocorrelation} on fft.js with half the transforms: blocks b and b+1 share one
 * complex FFT (real and imaginary parts, separated by Hermitian symmetry), and frames t and t+1
 * one complex inverse (`S_t + i S_{t+1}`: both autocorrelations are real); lags up to `maxLag` are returned.
 */
function blockAutocorrelationJs(sig: ArrayLike<number>, N: number, hop: number, maxLag: number): (t: number) => Float64Array {
  const K = N / hop;
  let M = 1;
  while (M < 2 * hop) M *= 2;
  const plan = new FFT(M);
  const bins = (M >> 1) + 1;
  const len = sig.length;
  const R = K + 2; // ring slots: blocks t .. t + K (+1 for the pair transform)
  const specRe = Array.from({ length: R }, () => new Float64Array(bins));
  const specIm = Array.from({ length: R }, () => new Float64Array(bins));
  const ringQ = Array.from({ length: R }, () => new Float64Array(bins));
  const ringPr = Array.from({ length: R }, () => new Float64Array(bins));
  const ringPi = Array.from({ length: R }, () => new Float64Array(bins));
  const { shRe, shIm } = shiftPhases(bins, hop, M);
  const buf = new Float64Array(2 * M);
  const out = new Float64Array(2 * M);
  const acf = [new Float64Array(M), new Float64Array(M)];
  let transformed = 0; // blocks < transformed have spectra (and Q)
  let withP = 0; // blocks < withP have P
  let ready = -2; // frames ready: ready and ready + 1
  const transformPair = (b: number): void => {
    buf.fill(0);
    for (let part = 0; part < 2; part++) {
      const s = (b + part) * hop;
      for (let i = 0; i < hop; i++) {
        const j = s + i;
        buf[2 * i + part] = j < len ? sig[j] : 0;
      }
    }
    plan.transform(out, buf);
    splitRealPair(out, M, 0, bins, specRe[b % R], specIm[b % R], specRe[(b + 1) % R], specIm[(b + 1) % R]);
    for (let q = b; q < b + 2; q++) {
      const cr = specRe[q % R];
      const ci = specIm[q % R];
      const Q = ringQ[q % R];
      for (let j = 0; j < bins; j++) Q[j] = cr[j] * cr[j] + ci[j] * ci[j];
    }
  };
  const makeP = (b: number): void => {
    const ar = specRe[b % R];
    const ai = specIm[b % R];
    const cr = specRe[(b + 1) % R];
    const ci = specIm[(b + 1) % R];
    const Q = ringQ[b % R];
    const Pr = ringPr[b % R];
    const Pi = ringPi[b % R];
    for (let j = 0; j < bins; j++) {
      const nr = cr[j] * shRe[j] - ci[j] * shIm[j];
      const ni = cr[j] * shIm[j] + ci[j] * shRe[j];
      Pr[j] = Q[j] + ar[j] * nr + ai[j] * ni;
      Pi[j] = ar[j] * ni - ai[j] * nr;
    }
  };
  const cRe = new Float64Array(bins);
  const cIm = new Float64Array(bins);
  return (t) => {
    if (t !== ready && t !== ready + 1) {
      // frames t and t + 1 need blocks up to t + K, and P of blocks up to t + K - 1
      while (transformed < t + K + 1) {
        transformPair(transformed);
        transformed += 2;
      }
      while (withP < t + K) makeP(withP++);
      // S_t = P_t + C + Q_{t+K-1}, S_{t+1} = C + P_{t+K-1} + Q_{t+K}, C = sum of the shared P_{t+1 .. t+K-2}
      cRe.fill(0);
      cIm.fill(0);
      for (let b = t + 1; b < t + K - 1; b++) {
        const Pr = ringPr[b % R];
        const Pi = ringPi[b % R];
        for (let j = 0; j < bins; j++) {
          cRe[j] += Pr[j];
          cIm[j] += Pi[j];
        }
      }
      const p0r = ringPr[t % R];
      const p0i = ringPi[t % R];
      const p1r = ringPr[(t + K - 1) % R];
      const p1i = ringPi[(t + K - 1) % R];
      const q0 = ringQ[(t + K - 1) % R];
      const q1 = ringQ[(t + K) % R];
      // Z = S_t + i S_{t+1}, each Hermitian-completed (imaginary parts at 0 and M/2 are 0)
      const half = M >> 1;
      for (let k = 0; k <= half; k++) {
        const aR = p0r[k] + cRe[k] + q0[k];
        const bR = cRe[k] + p1r[k] + q1[k];
        const edge = k === 0 || k === half;
        const aI = edge ? 0 : p0i[k] + cIm[k];
        const bI = edge ? 0 : cIm[k] + p1i[k];
        buf[2 * k] = aR - bI;
        buf[2 * k + 1] = aI + bR;
        if (!edge) {
          const m = 2 * (M - k);
          buf[m] = aR + bI;
          buf[m + 1] = -aI + bR;
        }
      }
      plan.inverseTransform(out, buf);
      const [x, y] = acf;
      for (let i = 0; i <= maxLag; i++) {
        x[i] = out[2 * i];
        y[i] = out[2 * i + 1];
      }
      ready = t;
    }
    return acf[t - ready];
  };
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
  const nLags = maxPeriod - minPeriod + 1;
  const blocks = N % hop === 0 && maxPeriod < hop;
  // the js backend transforms two real blocks per complex FFT and inverts two frames per complex FFT
  const pairs = blocks && resolveFft(p.fft) === 'js';
  const perFrame = pairs || blocks ? null : frameAutocorrelation(N, p.fft);
  const acfOf = pairs
    ? blockAutocorrelationJs(sig, N, hop, maxPeriod)
    : blocks
      ? blockAutocorrelation(sig, N, hop, p.fft)
      : (t: number) => perFrame!(sig, t * hop);
  const diff = new Float64Array(maxPeriod + 1);
  const cmnd = new Float64Array(nLags);
  const frame = (t: number): Float64Array => cmndOfFrame(sig, t * hop, acfOf(t), minPeriod, maxPeriod, diff, cmnd);
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
  opts = readOptions('yin', opts);
  const sig = checkSignal(y);
  const p = resolveYinParams(opts);
  const threshold = checkNumber(opts.troughThreshold ?? 0.1, 'troughThreshold');
  const frames = yinFrames(sig, p);
  const { nFrames, nLags, minPeriod } = frames;
  const f0 = new Float64Array(nFrames);
  for (let t = 0; t < nFrames; t++) f0[t] = f0OfCmnd(frames.frame(t), nLags, minPeriod, p.sr, threshold);
  return f0;
}

/** The phases `e^{-2 pi i j hop / M}` (j < bins) of a shift by `hop` samples in an M-point DFT. */
function shiftPhases(bins: number, hop: number, M: number): { shRe: Float64Array; shIm: Float64Array } {
  const shRe = new Float64Array(bins);
  const shIm = new Float64Array(bins);
  for (let j = 0; j < bins; j++) {
    const ph = (-2 * Math.PI * ((j * hop) % M)) / M;
    shRe[j] = Math.cos(ph);
    shIm[j] = Math.sin(ph);
  }
  return { shRe, shIm };
}
