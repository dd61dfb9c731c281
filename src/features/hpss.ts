import { MirkitError } from '../errors.js';
import { isMatrix, type Matrix } from '../matrix.js';
import { checkBoundedMatrix, checkNumber, checkPositiveInt, checkSampleRate, checkSignal, type Signal } from '../validate.js';
import { medianDownColumns, medianFilterUnchecked, medianLines } from '../dsp/median.js';
import {
  frameCount,
  magnitude,
  maskedOverlapAdd,
  resolveStftOptions,
  stftFrameMajor,
  type ComplexMatrix,
  type FrameMajorStft,
  type ResolvedStft,
  type StftOptions,
} from '../dsp/stft.js';
import { getWindow, padCenter } from '../dsp/windows.js';
import { transposeInto } from '../dsp/transpose.js';
import { F32_TINY } from '../util/numeric.js';
import { readOptions } from '../options.js';
import { HPSS_AUDIO_OPTIONS, HPSS_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

/** Options of {@link hpss} (librosa.decompose.hpss's names and defaults). */
export interface HpssOptions {
  /**
   * Median filter length(s) in bins/frames: one number for both, or `[harmonic, percussive]`
   * (harmonic = along time, percussive = along frequency). Default 31.
   */
  kernelSize?: number | [number, number];
  /** Exponent of the soft mask (`Infinity` gives a hard mask). Default 2. */
  power?: number;
  /** Return the masks instead of the masked spectrograms. Default false. */
  mask?: boolean;
  /** Margin(s) >= 1: one number or `[harmonic, percussive]`. Default 1. */
  margin?: number | [number, number];
}

/** Result of {@link hpss}: matrices for a real input, complex matrices for a complex STFT input. */
export interface HpssResult<T> {
  /** Harmonic component (or mask). */
  harmonic: T;
  /** Percussive component (or mask). */
  percussive: T;
}

function isComplexMatrix(x: unknown): x is ComplexMatrix {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as Partial<ComplexMatrix>;
  return (
    typeof c.rows === 'number' &&
    typeof c.cols === 'number' &&
    c.re instanceof Float32Array &&
    c.im instanceof Float32Array &&
    c.re.length === c.rows * c.cols &&
    c.im.length === c.re.length
  );
}

function pair(v: number | [number, number] | undefined, def: number, name: string): [number, number] {
  const p: [number, number] = Array.isArray(v) ? [v[0], v[1]] : [v ?? def, v ?? def];
  if (Array.isArray(v) && v.length !== 2) throw new MirkitError('BAD_OPTION', `${name} must be a number or a pair [harmonic, percussive]`);
  return p;
}

/** Resolved {@link HpssOptions} (internal). */
export interface ResolvedHpss {
  winHarm: number;
  winPerc: number;
  power: number;
  marginHarm: number;
  marginPerc: number;
  mask: boolean;
}

function resolveHpss(opts: HpssOptions): ResolvedHpss {
  const [kh, kp] = pair(opts.kernelSize, 31, 'kernelSize');
  const winHarm = checkPositiveInt(kh, 'kernelSize[0]');
  const winPerc = checkPositiveInt(kp, 'kernelSize[1]');
  const power = opts.power ?? 2;
  if (typeof power !== 'number' || Number.isNaN(power) || power <= 0) {
    throw new MirkitError('BAD_OPTION', `power must be a positive number or Infinity, got ${shown(power)}`, { option: 'power' });
  }
  const [mh, mp] = pair(opts.margin, 1, 'margin');
  const marginHarm = checkNumber(mh, 'margin[0]');
  const marginPerc = checkNumber(mp, 'margin[1]');
  if (marginHarm < 1 || marginPerc < 1) {
    throw new MirkitError('BAD_OPTION', 'margins must be >= 1 (a typical range is 1 to 10)', { option: 'margin' });
  }
  return { winHarm, winPerc, power, marginHarm, marginPerc, mask: opts.mask ?? false };
}

/**
 * The two soft masks of librosa's hpss (`util.softmask(harm, perc * marginHarm)` and
 * `util.softmask(perc, harm * marginPerc)`), written into `mh`, `mp`. `split_zeros` is on when both
 * margins are 1, as in librosa: where both references vanish the masks are 0.5 (else 0).
 */
function softMasks(harm: Float32Array | Float64Array, perc: Float32Array | Float64Array, p: ResolvedHpss, mh: Float32Array, mp: Float32Array): void {
  const split = p.marginHarm === 1 && p.marginPerc === 1;
  const zeroVal = split ? 0.5 : 0;
  const { power, marginHarm, marginPerc } = p;
  const n = harm.length;
  if (power === 2 && split) {
    // fast path of the defaults: both masks share one denominator
    for (let i = 0; i < n; i++) {
      const h = harm[i];
      const q = perc[i];
      const z = h > q ? h : q;
      if (z < F32_TINY) {
        mh[i] = 0.5;
        mp[i] = 0.5;
      } else {
        // the larger of h, q over itself is exactly 1: one division fewer, the same values
        const a = h > q ? 1 : h / z;
        const b = h > q ? q / z : 1;
        const a2 = a * a;
        const b2 = b * b;
        const d = a2 + b2;
        mh[i] = a2 / d;
        mp[i] = b2 / d;
      }
    }
    return;
  }
  const one = (x: number, xr: number): number => {
    if (power === Infinity) return x > xr ? 1 : 0; // librosa's hard mask: X > X_ref, no zero splitting
    const z = x > xr ? x : xr;
    if (z < F32_TINY) return zeroVal;
    const am = Math.pow(x / z, power);
    const bm = Math.pow(xr / z, power);
    return am / (am + bm);
  };
  for (let i = 0; i < n; i++) {
    const h = harm[i];
    const q = perc[i];
    mh[i] = one(h, Math.fround(q * marginHarm));
    mp[i] = one(q, Math.fround(h * marginPerc));
  }
}

/** Median-filter a magnitude matrix both ways and build the soft masks. */
function hpssMasks(mag: Matrix, p: ResolvedHpss): { mh: Float32Array; mp: Float32Array } {
  const harm = medianFilterUnchecked(mag, p.winHarm, 'cols');
  const perc = medianFilterUnchecked(mag, p.winPerc, 'rows');
  const n = mag.data.length;
  const mh = new Float32Array(n);
  const mp = new Float32Array(n);
  softMasks(harm.data, perc.data, p, mh, mp);
  return { mh, mp };
}

/**
 * Median-filtering harmonic/percussive source separation, equal to `librosa.decompose.hpss`
 * (Fitzgerald 2010, with Driedger et al. 2014 margins).
 *
 * The harmonic part is the median along time (`kernelSize` frames), the percussive part the median
 * along frequency (`kernelSize` bins), both with scipy's `'reflect'` boundary; the soft masks are
 * `librosa.util.softmask` with `power` (split zeros when both margins are 1), and the outputs are
 * `S * maskHarmonic`, `S * maskPercussive`.
 *
 * @param S - a magnitude (or power) spectrogram {@link Matrix} (rows = bins, cols = frames), or a
 *   complex STFT ({@link ComplexMatrix}): then the masks are computed on `|S|` and applied to the
 *   complex values, and complex matrices are returned.
 * @param opts - see {@link HpssOptions}; `mask: true` returns the masks (as matrices) instead.
 * @returns `{ harmonic, percussive }` of the input's shape
 *
 * @example
 * ```ts
 * const S = spectrogram(y);              // |stft(y)|
 * const { harmonic, percussive } = hpss(S);
 * ```
 */
export function hpss(S: Matrix, opts?: HpssOptions): HpssResult<Matrix>;
export function hpss(S: ComplexMatrix, opts?: HpssOptions): HpssResult<ComplexMatrix> | HpssResult<Matrix>;
export function hpss(S: Matrix | ComplexMatrix, opts: HpssOptions = {}): HpssResult<Matrix> | HpssResult<ComplexMatrix> {
  opts = readOptions('hpss', opts, HPSS_OPTIONS);
  const p = resolveHpss(opts);
  if (isComplexMatrix(S)) {
    checkBoundedMatrix({ rows: S.rows, cols: S.cols, data: S.re }, 'S (real part)');
    checkBoundedMatrix({ rows: S.rows, cols: S.cols, data: S.im }, 'S (imaginary part)');
    return hpssComplex(S, p);
  }
  if (!isMatrix(S)) throw new MirkitError('BAD_SHAPE', 'hpss expects a magnitude spectrogram Matrix or a complex STFT { rows, cols, re, im }');
  checkBoundedMatrix(S, 'S');
  const d = S.data;
  for (let i = 0; i < d.length; i++) {
    if (d[i] < 0) throw new MirkitError('BAD_DATA', `hpss: S must be non-negative (a magnitude spectrogram); S.data[${i}] = ${d[i]}`);
  }
  const { mh, mp } = hpssMasks(S, p);
  if (p.mask) return { harmonic: { rows: S.rows, cols: S.cols, data: mh }, percussive: { rows: S.rows, cols: S.cols, data: mp } };
  const H = d instanceof Float64Array ? new Float64Array(d.length) : new Float32Array(d.length);
  const P = d instanceof Float64Array ? new Float64Array(d.length) : new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) {
    H[i] = d[i] * mh[i];
    P[i] = d[i] * mp[i];
  }
  return { harmonic: { rows: S.rows, cols: S.cols, data: H }, percussive: { rows: S.rows, cols: S.cols, data: P } };
}

function hpssComplex(S: ComplexMatrix, p: ResolvedHpss): HpssResult<ComplexMatrix> | HpssResult<Matrix> {
  const { mh, mp } = hpssMasks(magnitude(S), p);
  if (p.mask) return { harmonic: { rows: S.rows, cols: S.cols, data: mh }, percussive: { rows: S.rows, cols: S.cols, data: mp } };
  const [hr, hi] = maskedParts(S.re, S.im, mh);
  const [pr, pi] = maskedParts(S.re, S.im, mp);
  return {
    harmonic: { rows: S.rows, cols: S.cols, re: hr, im: hi },
    percussive: { rows: S.rows, cols: S.cols, re: pr, im: pi },
  };
}

/**
 * The real and imaginary parts of `(re + i im) * mask` per element (float32). A function of its own:
 * inside hpssComplex, each call entered the loop unoptimised and bailed out of the optimised code after
 * it (no type feedback yet for what follows).
 */
function maskedParts(re: Float32Array, im: Float32Array, mask: Float32Array): [Float32Array, Float32Array] {
  const outRe = new Float32Array(re.length);
  const outIm = new Float32Array(re.length);
  for (let i = 0; i < re.length; i++) {
    outRe[i] = re[i] * mask[i];
    outIm[i] = im[i] * mask[i];
  }
  return [outRe, outIm];
}

/** Options of {@link hpssAudio}: STFT options (librosa.effects.hpss) plus the {@link HpssOptions} (without `mask`). */
export interface HpssAudioOptions extends StftOptions, Omit<HpssOptions, 'mask'> {
  /** Sample rate (accepted for symmetry with other functions; HPSS does not depend on it). */
  sr?: number;
  /**
   * Reproduce librosa < 0.10: `fix_length(istft(H), len(y))` — the inverse STFT without `length`,
   * so the samples past the last full frame are zeros. Default false (librosa 0.11:
   * `istft(H, length=len(y))`). Combine with `padMode: 'reflect'` for the pre-0.10 defaults.
   */
  legacyIstft?: boolean;
  /**
   * A precomputed `stft(y, sameStftOptions)` to separate instead of computing it again (when the
   * caller already has it for other features). Must have `1 + nFft / 2` rows and the frame count
   * of `y`; the STFT options must be the ones it was computed with.
   */
  stft?: ComplexMatrix;
}

/**
 * Harmonic/percussive separation of a signal, equal to `librosa.effects.hpss`: STFT (librosa's
 * defaults: nFft 2048, hop 512, hann, centred with zero padding), {@link hpss} on the complex STFT,
 * inverse STFT of each part with `length = y.length`.
 *
 * Internally frame-major: the percussive median (along frequency) runs on contiguous frames, the
 * harmonic one (along time) on a blocked transpose, the masks overwrite the filtered magnitudes,
 * and both inverse STFTs share one pass without materialising the masked spectra. Its STFT and
 * inverse STFT run on the FFT `fft` names (`'auto'` default: PFFFT-wasm where it runs; `'js'`).
 *
 * @param y - mono signal
 * @returns `{ harmonic, percussive }` Float32Arrays of `y.length` samples
 *
 * @example
 * ```ts
 * const { harmonic, percussive } = hpssAudio(y, { sr: 22050 });
 * ```
 */
export function hpssAudio(y: Signal, opts: HpssAudioOptions = {}): HpssResult<Float32Array> {
  opts = readOptions('hpssAudio', opts, HPSS_AUDIO_OPTIONS);
  const sig = checkSignal(y);
  if (opts.sr !== undefined) checkSampleRate(opts.sr);
  const st = resolveStftOptions(opts);
  const p = resolveHpss({ ...opts, mask: false });
  let X: FrameMajorStft;
  if (opts.stft !== undefined) {
    const S = opts.stft;
    if (!isComplexMatrix(S)) throw new MirkitError('BAD_SHAPE', 'hpssAudio: stft must be a ComplexMatrix { rows, cols, re, im } as returned by stft');
    const bins = Math.floor(st.nFft / 2) + 1;
    const frames = frameCount(sig.length, st.nFft, st.hopLength, st.center);
    if (S.rows !== bins || S.cols !== frames) {
      throw new MirkitError('BAD_SHAPE', `hpssAudio: stft is ${S.rows} x ${S.cols}, expected ${bins} x ${frames} for this signal and nFft`);
    }
    const re = new Float32Array(S.re.length);
    const im = new Float32Array(S.im.length);
    transposeInto(S.re, S.rows, S.cols, re);
    transposeInto(S.im, S.rows, S.cols, im);
    X = { bins, frames, re, im };
  } else {
    X = stftFrameMajor(sig, st);
  }
  return hpssAudioFrames(X, st, p, sig.length, opts.legacyIstft ?? false);
}

/** Resolved defaults of {@link hpssAudio}'s HPSS options (internal, for the feature sets). */
export function resolveHpssAudio(opts: Omit<HpssOptions, 'mask'> = {}): ResolvedHpss {
  return resolveHpss({ ...opts, mask: false });
}

/**
 * The two soft masks of a frame-major STFT, frame-major: {@link magnitudeMasks} of `|X|`.
 */
export function frameMajorMasks(
  X: FrameMajorStft,
  p: ResolvedHpss,
  scratch?: { harm: Float32Array; perc: Float32Array },
): { harm: Float32Array; perc: Float32Array } {
  const { bins, frames, re, im } = X;
  const n = bins * frames;
  // `scratch` (each of at least n floats) lets a chunked caller reuse its buffers
  const harm = scratch ? scratch.harm.subarray(0, n) : new Float32Array(n);
  for (let i = 0; i < n; i++) harm[i] = Math.sqrt(re[i] * re[i] + im[i] * im[i]);
  return magnitudeMasks(harm, bins, frames, p, scratch);
}

/**
 * The two soft masks of a frame-major magnitude spectrogram `mag` (`frames` frames of `bins`),
 * frame-major. The percussive reference (median along frequency) runs on the contiguous frames
 * (`medianLines`), the harmonic one (along time) down the columns of `mag` itself
 * (`medianDownColumns`: each bin a line, eight at a time, no transpose). The masks then overwrite the
 * references in place: the harmonic mask is returned in `mag` itself (overwritten), the percussive
 * one in `scratch.perc` (or a new array). Internal (the feature sets' streaming pass).
 */
export function magnitudeMasks(
  mag: Float32Array,
  bins: number,
  frames: number,
  p: ResolvedHpss,
  scratch?: { perc: Float32Array },
): { harm: Float32Array; perc: Float32Array } {
  const n = bins * frames;
  const harm = mag.subarray(0, n);
  const perc = scratch ? scratch.perc.subarray(0, n) : new Float32Array(n);
  medianLines(harm, bins, frames, p.winPerc, perc);
  medianDownColumns(harm, frames, bins, p.winHarm, harm);
  softMasks(harm, perc, p, harm, perc); // reads index i before writing it
  return { harm, perc };
}

/**
 * The engine of {@link hpssAudio} on a frame-major STFT `X` of a signal of `length` samples
 * (internal; the feature sets pass the STFT they already computed). `X` is left unchanged.
 */
export function hpssAudioFrames(X: FrameMajorStft, st: ResolvedStft, p: ResolvedHpss, length: number, legacy: boolean): HpssResult<Float32Array> {
  const { frames, re, im } = X;
  const { harm, perc } = frameMajorMasks(X, p);
  const win = padCenter(getWindow(st.window, st.winLength), st.nFft);
  let nFrames = frames;
  if (!legacy) {
    const paddedLength = st.center ? length + 2 * Math.floor(st.nFft / 2) : length;
    nFrames = Math.min(frames, Math.ceil(paddedLength / st.hopLength));
  }
  const [h, q] = maskedOverlapAdd(st.nFft, st.hopLength, win, nFrames, st.center, legacy ? undefined : length, re, im, [harm, perc], st.fft);
  const fix = (x: Float32Array): Float32Array => {
    if (x.length === length) return x;
    const out = new Float32Array(length);
    out.set(x.subarray(0, Math.min(x.length, length)));
    return out;
  };
  return { harmonic: fix(h), percussive: fix(q) };
}
