/**
 * Band-limited resampling with zero-phase Kaiser-windowed sinc filters, designed to the
 * specification of libsoxr's HQ/VHQ presets (what librosa 0.11 uses by default).
 *
 * - integer decimation (44100 -> 22050, 22050 -> 11025, ...): one sharp filter by FFT
 *   overlap-save convolution (two real blocks per complex FFT; for power-of-two steps the
 *   spectrum is folded so that only the kept samples are inverse-transformed); on the
 *   PFFFT-wasm backend the 2:1 stage of float32 signals uses a real FFT per block and a real
 *   inverse of half the size;
 * - other rational downsampling (48000 -> 22050, 22050 -> 16000): a short polyphase filter to
 *   twice the target rate, then the sharp 2:1 FFT stage;
 * - rational upsampling: the sharp filter as an FFT 1:2 interpolator, then a short polyphase
 *   filter to the target rate;
 * - any other ratio: one stage with the kernel tabulated finely and linearly interpolated.
 */
import { MirkitError } from '../errors.js';
import { allBelowPowerOfTwo, checkSignal } from '../validate.js';
import { runsOnPffft, type FftOption } from '../dsp/fft.js';
import { designKernel, gcd, mainKernel, QUALITY, type QualitySpec, rationalRatio } from './resample-kernel.js';
import type { Out, Samples, Seg } from './resample-segment.js';
import { filterStep, WASM_BLOCK } from './resample-fft.js';
import { interpolated, polyphase, tooManyPhases } from './resample-polyphase.js';
import { readOptions } from '../options.js';
import { RESAMPLE_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

/** Resampling quality, named after librosa's `res_type` values. */
export type ResampleType = 'soxr_hq' | 'soxr_vhq';

/** Options of {@link resample}. */
export interface ResampleOptions {
  /**
   * Filter quality, librosa's `res_type`. `'soxr_hq'` (default, librosa's default): passband to
   * 0.914 of the lower Nyquist, stopband from the lower Nyquist, 126 dB rejection.
   * `'soxr_vhq'`: passband to 0.911, 175 dB rejection, about 40 % longer filter.
   */
  resType?: ResampleType;
  /**
   * librosa's `fix` (default `true`): the output has exactly `ceil(len * toSr / fromSr)` samples
   * (soxr yields `round(len * toSr / fromSr)`; librosa pads its last sample with a zero when the
   * two differ, and so does this). With `false` the raw `round(...)` length is returned.
   */
  fix?: boolean;
  /**
   * librosa's `scale` (default `false`): divide the output by `sqrt(toSr / fromSr)` so that the
   * total energy is kept (librosa's CQT uses this for its octave decimation).
   */
  scale?: boolean;
  /**
   * FFT implementation for this call: `'auto'` (default) runs the 2:1 stage of a Float32Array
   * signal in PFFFT-wasm (float32 FFTs) where it runs; `'js'` keeps the float64 fft.js path.
   */
  fft?: FftOption;
}

/**
 * The conversion of the first `count` output samples (output n at input time n * fromSr / toSr).
 *
 * - integer decimation by M: one sharp filter, FFT convolution taking every M-th sample;
 * - other rational downsampling: a short polyphase filter to twice the target rate (it only has to
 *   keep 0 .. 0.457 toSr and reject what would fold below toSr/2), then the sharp 2:1 FFT stage;
 * - rational upsampling: the sharp filter as an FFT 1:2 interpolator (zero-stuffing), then a short
 *   polyphase filter from twice the source rate to the target;
 * - anything else: one interpolated-kernel stage.
 */
function convert(x: Samples, fromSr: number, toSr: number, spec: QualitySpec, count: number, gain: number, out: Out, wasm: boolean): void {
  const seg: Seg = { x, offset: 0 };
  const rat = rationalRatio(fromSr, toSr);
  const ratio = toSr / fromSr;
  if (!rat) {
    interpolated(seg, fromSr / toSr, mainKernel(spec, Math.min(1, ratio)), count, gain, out);
    return;
  }
  const { L, M } = rat;
  if (L === 1) {
    filterStep(seg, mainKernel(spec, 1 / M), 0, M, count, gain, out, wasm);
    return;
  }
  const sharp = mainKernel(spec, 0.5);
  if (M === 1 && L === 2) {
    const up = new Float64Array(2 * x.length);
    for (let i = 0; i < x.length; i++) up[2 * i] = x[i];
    filterStep({ x: up, offset: 0 }, sharp, 0, 1, count, 2 * gain, out);
    return;
  }
  const P = (sharp.nTaps - 1) / 2;
  if (ratio < 1) {
    // fromSr -> 2 toSr (= L2/M2 of fromSr), then 2:1.
    const g = gcd(2 * L, M);
    const L2 = (2 * L) / g,
      M2 = M / g;
    const loose = designKernel(spec.passbandEnd * ratio, 3 * ratio, spec.att);
    if (tooManyPhases(L2, loose)) return interpolated(seg, fromSr / toSr, mainKernel(spec, ratio), count, gain, out);
    const n2 = 2 * (count - 1) + 2 * P + 1;
    const mid = new Float64Array(n2);
    polyphase(seg, L2, M2, loose, -P, n2, 1, mid);
    filterStep({ x: mid, offset: -P }, sharp, 0, 2, count, gain, out, wasm);
    return;
  }
  // 1:2 to 2 fromSr, then 2 fromSr -> toSr (= L2/M2 of 2 fromSr).
  const g = gcd(L, 2 * M);
  const L2 = L / g,
    M2 = (2 * M) / g;
  const loose = designKernel(spec.passbandEnd * 0.5, 1.5, spec.att);
  if (tooManyPhases(L2, loose)) return interpolated(seg, fromSr / toSr, mainKernel(spec, 1), count, gain, out);
  const K2 = Math.ceil(loose.half);
  const lo = -K2;
  const hi = Math.floor(((count - 1) * M2) / L2) + K2 + 1;
  const up = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) up[2 * i] = x[i];
  const mid = new Float64Array(hi - lo + 1);
  filterStep({ x: up, offset: 0 }, sharp, lo, 1, mid.length, 2, mid);
  polyphase({ x: mid, offset: lo }, L2, M2, loose, 0, count, gain, out);
}

/**
 * Resamples a mono signal from `fromSr` to `toSr` Hz with a high-quality band-limited
 * (windowed-sinc) filter. Equivalent of `librosa.resample(y, orig_sr=fromSr, target_sr=toSr)`
 * with librosa 0.11's default `res_type='soxr_hq'`: the filter follows soxr's HQ
 * specification (passband flat to 0.914 of the lower Nyquist frequency, stopband from the
 * lower Nyquist with 126 dB rejection), is linear-phase and delay-compensated (output sample
 * `n` lies at input time `n * fromSr / toSr`, exactly as soxr's output), and the signal is
 * zero outside its ends. Against librosa's own output the difference is about -107 dB (SNR)
 * for 44100 -> 22050.
 *
 * Integer decimation (44100 -> 22050, 22050 -> 11025) runs by FFT convolution: for 30 s of
 * 44.1 kHz audio about 6 ms of CPU by default (`fft: 'auto'`), where the 2:1 stage of a
 * Float32Array signal runs in PFFFT-wasm (float32 FFTs, within ~2e-7 of the float64 result), and
 * about 20 ms with `fft: 'js'` (float64 fft.js; Float64Array signals always take the float64
 * path, so their output does not depend on `fft`). Other rational ratios add a short
 * polyphase stage (48000 -> 22050: about 60-90 ms); irrational-looking ratios (rates that are not
 * multiples of 10^-6 Hz) use one interpolated-kernel stage (slower, ~1 s per 30 s).
 *
 * @param y - mono signal (any sample values, must be finite and non-empty)
 * @param fromSr - sample rate of `y` in Hz (> 0)
 * @param toSr - target sample rate in Hz (> 0)
 * @param opts - {@link ResampleOptions}: `resType` ('soxr_hq'), `fix` (true), `scale` (false), `fft` ('auto')
 * @returns a new array of the input's element type (`Float64Array` stays `Float64Array`,
 *   anything else becomes `Float32Array`) of length `ceil(y.length * toSr / fromSr)`;
 *   when `fromSr === toSr` a copy of `y`
 * @throws MirkitError `BAD_SAMPLE_RATE` (a rate not a positive finite number, or a ratio outside
 *   1/256 .. 256), `EMPTY_INPUT`, `NON_FINITE`, `BAD_DATA` (not an array), `BAD_OPTION` (unknown
 *   `resType`), `TOO_SHORT` (`fix: false` and no output sample)
 *
 * @example
 * ```ts
 * const y22 = resample(y44, 44100, 22050); // y22.length === Math.ceil(y44.length / 2)
 * ```
 */
export function resample(y: Float64Array, fromSr: number, toSr: number, opts?: ResampleOptions): Float64Array;
export function resample(y: Float32Array | number[], fromSr: number, toSr: number, opts?: ResampleOptions): Float32Array;
export function resample(y: Float32Array | Float64Array | number[], fromSr: number, toSr: number, opts?: ResampleOptions): Float32Array | Float64Array;
export function resample(y: Float32Array | Float64Array | number[], fromSr: number, toSr: number, opts: ResampleOptions = {}): Float32Array | Float64Array {
  opts = readOptions('resample', opts, RESAMPLE_OPTIONS);
  return resampleSamples(checkResampleInput(y), 1, fromSr, toSr, opts);
}

/**
 * Samples `resample` can filter without overflow: finite and below 2^100 in magnitude (the filter's
 * sums stay far inside float32's range). Not the 2^24 bound of the feature functions, since the CQT's
 * octave steps feed it scaled-up int24 audio. Throws `NON_FINITE`, `BAD_DATA`.
 */
function checkResampleInput(y: Float32Array | Float64Array | number[]): Float32Array | Float64Array {
  // one integer scan when all is well (finite and below 2^100); the loops below find the culprit
  if ((y instanceof Float32Array || y instanceof Float64Array) && y.length > 0 && allBelowPowerOfTwo(y, 100)) return y;
  const x = checkSignal(y, 'y', false);
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]) >= RESAMPLE_MAGNITUDE_BOUND) {
      throw new MirkitError(
        'BAD_DATA',
        `y[${i}] is ${x[i]}: resample takes samples below 2^100 in magnitude (audio is expected in [-1, 1]); scale the signal down first`,
        { index: i },
      );
    }
  }
  return x;
}

const RESAMPLE_MAGNITUDE_BOUND = 2 ** 100;

/**
 * {@link resample} of integer samples standing for `x[i] * scale`, for `loadAudio`'s 16-bit WAV
 * path (`scale` 2^-15 for one channel as libsndfile reads it, 2^-16 for the sum of two channels,
 * which is their float32 mean exactly). The integers must have at most 24 significant bits and
 * `scale` must be a power of two: then the values equal `resample(Float32Array.from(x, (v) => v * scale), ...)`
 * bit for bit, and where the PFFFT-wasm 2:1 stage runs (44.1 -> 22.05 kHz unless `fft: 'js'`)
 * the integers go straight into the FFT (converted natively, the scale folded into the filter
 * gain), sparing the float32 copy of the whole signal. Other conversions build that copy and
 * proceed as {@link resample}. Throws as {@link resample}.
 */
export function resampleInts(x: Int16Array | Int32Array, scale: number, fromSr: number, toSr: number, opts: ResampleOptions = {}): Float32Array {
  if (x.length === 0) checkSignal(new Float32Array(0)); // EMPTY_INPUT, as resample
  return resampleSamples(x, scale, fromSr, toSr, opts) as Float32Array;
}

/**
 * {@link resample} of a signal the caller has checked already (non-empty, finite and below 2^100 in
 * magnitude, as any signal that passed `checkSignal` or derives from one) with options that need no
 * reading: `loadAudio`'s decoded mix and the CQT's octave signals, spared a second scan of the whole
 * signal. Same values as {@link resample}; throws as it does for bad rates and `resType`. @internal
 */
export function resampleChecked(y: Float32Array, fromSr: number, toSr: number, opts?: ResampleOptions): Float32Array;
export function resampleChecked(y: Float32Array | Float64Array, fromSr: number, toSr: number, opts?: ResampleOptions): Float32Array | Float64Array;
export function resampleChecked(y: Float32Array | Float64Array, fromSr: number, toSr: number, opts: ResampleOptions = {}): Float32Array | Float64Array {
  return resampleSamples(y, 1, fromSr, toSr, opts);
}

/** `x[i] * scale` as float32 (one monomorphic loop per integer type). */
function scaledFloat32(x: Int16Array | Int32Array, scale: number): Float32Array {
  return x instanceof Int16Array ? scaled16(x, scale) : scaled32(x, scale);
}

function scaled16(x: Int16Array, scale: number): Float32Array {
  const f = new Float32Array(x.length);
  for (let i = 0; i < f.length; i++) f[i] = x[i] * scale;
  return f;
}

function scaled32(x: Int32Array, scale: number): Float32Array {
  const f = new Float32Array(x.length);
  for (let i = 0; i < f.length; i++) f[i] = x[i] * scale;
  return f;
}

/** A positive finite rate (resample reads only the ratio of the two). Throws `BAD_SAMPLE_RATE`. */
function checkRate(sr: unknown, name: string): void {
  if (typeof sr !== 'number' || !Number.isFinite(sr) || sr <= 0) {
    throw new MirkitError('BAD_SAMPLE_RATE', `${name} must be a positive finite number of Hz, got ${shown(sr)}`);
  }
}

/**
 * The output length (`nOut`) and the samples soxr computes (`nValid`, the rest zeros), in
 * librosa's and soxr's own float arithmetic: librosa pads/cuts to ceil(len * (toSr / fromSr)); soxr
 * emits floor(len / (fromSr / toSr) + 0.5) samples. Throws `BAD_SAMPLE_RATE` for a ratio outside
 * 1/256 .. 256 or more than 2^30 samples, `TOO_SHORT` for none.
 */
function outputLengths(len: number, fromSr: number, toSr: number, fix: boolean): { nOut: number; nValid: number } {
  const ratio = toSr / fromSr;
  let nOut = Math.ceil(len * ratio);
  const nValid = Math.min(Math.floor(len / (fromSr / toSr) + 0.5), nOut);
  if (!fix) nOut = nValid;
  if (!(ratio >= 1 / 256 && ratio <= 256) || nOut > 2 ** 30) {
    throw new MirkitError('BAD_SAMPLE_RATE', `cannot resample ${fromSr} -> ${toSr} Hz: the ratio must lie in 1/256..256, the output within 2^30 samples`, {
      fromSr,
      toSr,
    });
  }
  if (nOut < 1) {
    throw new MirkitError('TOO_SHORT', `${len} samples at ${fromSr} Hz give none at ${toSr} Hz`, { fromSr, toSr });
  }
  return { nOut, nValid };
}

/**
 * {@link resampleChecked}`(y, factor, 1, { scale: true, fft })` for an integer `factor` (the CQT's
 * octave decimation, librosa's `resample(y, orig_sr=factor, target_sr=1, scale=True)`): the same
 * values, through the one filtering stage a 1:factor ratio takes, so that code decimating by
 * powers of two does not carry the resampler's other stages. With `into` (the same element type,
 * long enough) the output is its start, written whole, instead of a new array. @internal
 */
export function decimateChecked(
  y: Float32Array | Float64Array,
  factor: number,
  fft?: FftOption,
  into?: Float32Array | Float64Array,
): Float32Array | Float64Array {
  const { nOut, nValid } = outputLengths(y.length, factor, 1, true);
  const reuse = into !== undefined && into.length >= nOut && into instanceof Float64Array === y instanceof Float64Array;
  const out: Out = reuse ? into.subarray(0, nOut) : y instanceof Float64Array ? new Float64Array(nOut) : new Float32Array(nOut);
  // the samples past those soxr computes are zeros (a fresh array's own, a reused one's written)
  if (reuse) out.fill(0, Math.max(0, nValid));
  if (nValid <= 0) return out;
  const wasm = !(y instanceof Float64Array) && runsOnPffft(WASM_BLOCK, fft);
  filterStep({ x: y, offset: 0 }, mainKernel(QUALITY.soxr_hq, 1 / factor), 0, factor, nValid, 1 / Math.sqrt(1 / factor), out, wasm);
  return out;
}

/** {@link resample} of checked samples that stand for `x[i] * scale` (scale a power of two). */
function resampleSamples(x: Samples, scale: number, fromSr: number, toSr: number, opts: ResampleOptions): Float32Array | Float64Array {
  // only the ratio matters here (resample(y, 2, 1) halves the rate): positive and finite is enough
  checkRate(fromSr, 'fromSr');
  checkRate(toSr, 'toSr');
  const resType = opts.resType ?? 'soxr_hq';
  const spec = Object.prototype.hasOwnProperty.call(QUALITY, resType) ? QUALITY[resType] : undefined;
  if (!spec) {
    throw new MirkitError('BAD_OPTION', `resType must be 'soxr_hq' or 'soxr_vhq', got ${shown(resType)}`, { option: 'resType' });
  }
  const fix = opts.fix ?? true;
  const isF64 = x instanceof Float64Array;
  const len = x.length;
  const ratio = toSr / fromSr;
  const gain = opts.scale ? 1 / Math.sqrt(ratio) : 1;

  if (fromSr === toSr) {
    const copy = isF64 ? new Float64Array(x) : new Float32Array(x);
    const g = gain * scale;
    if (g !== 1) for (let i = 0; i < copy.length; i++) copy[i] *= g;
    return copy;
  }

  const rat = rationalRatio(fromSr, toSr);
  const { nOut, nValid } = outputLengths(len, fromSr, toSr, fix);
  const out: Out = isF64 ? new Float64Array(nOut) : new Float32Array(nOut);
  if (nValid <= 0) return out;

  // float32 signals take the PFFFT-wasm 2:1 stage unless `fft: 'js'` (float32 FFTs, as every
  // spectral stage then); float64 signals always keep the float64 fft.js path.
  const wasm = !isF64 && runsOnPffft(WASM_BLOCK, opts.fft);
  if ((x instanceof Int16Array || x instanceof Int32Array) && !(wasm && rat?.L === 1 && rat.M === 2)) {
    // integers only feed the PFFFT 2:1 stage directly; elsewhere the float32 signal, exactly scaled
    convert(scaledFloat32(x, scale), fromSr, toSr, spec, nValid, gain, out, wasm);
  } else convert(x, fromSr, toSr, spec, nValid, gain * scale, out, wasm);
  return out;
}
