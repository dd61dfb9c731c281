import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkNumber, checkPositiveInt, checkBoundedMatrix } from '../validate.js';
import { melFilterbank, resolveMelOptions, sparseFilterbank, type MelNorm, type SparseFilterbank } from '../dsp/filters.js';
import type { DctNorm, DctType } from '../dsp/dct.js';
import { cepstraKernel, type CepstraKernel } from './cepstra.js';
import { spectralFrames, type SpectralFrames, type SpectralInputOptions } from './frames.js';
import { powerToDbUnclipped } from './db.js';
import type { Signal } from '../validate.js';
import { BoundedCache } from '../util/cache.js';
import { readOptions } from '../options.js';
import { MEL_SPECTROGRAM_OPTIONS, MFCC_OPTIONS } from '../option-keys.js';
import { transposeInto } from '../dsp/transpose.js';
import { resolveFft, type FftOption } from '../dsp/fft.js';
import { SpareBuffer, type Float32ArrayProvider } from '../util/spare-buffer.js';

/** Options of {@link melSpectrogram}: STFT options, the exponent, and the mel filterbank options. */
export interface MelSpectrogramOptions extends SpectralInputOptions {
  /** Exponent of the STFT magnitude: 2 = power (default), 1 = magnitude. Ignored when `S` is given. */
  power?: number;
  /** Number of mel bands. Default 128. */
  nMels?: number;
  /** Lowest band edge in Hz. Default 0. */
  fmin?: number;
  /** Highest band edge in Hz. Default `sr / 2`. */
  fmax?: number;
  /** HTK mel scale. Default false (Slaney). */
  htk?: boolean;
  /** Filter normalisation, default `'slaney'`; see {@link melFilterbank}. */
  norm?: MelNorm;
}

const fbCache = new BoundedCache<string, SparseFilterbank>(16);
/** {@link cepstraKernel}s of `mfcc` by their settings. */
const cepstraCache = new BoundedCache<string, CepstraKernel>(8);

/** Sparse mel filterbank for these options, cached (a handful of configurations in practice). */
export function cachedFilterbank(sr: number, nFft: number, o: MelSpectrogramOptions): SparseFilterbank {
  const p = resolveMelOptions({ sr, nFft, nMels: o.nMels, fmin: o.fmin, fmax: o.fmax, htk: o.htk, norm: o.norm });
  const key = `${p.sr}|${p.nFft}|${p.nMels}|${p.fmin}|${p.fmax}|${p.htk}|${p.norm}`;
  return fbCache.get(key, () => sparseFilterbank(melFilterbank(p)));
}

/**
 * Mel-scaled spectrogram, equal to `librosa.feature.melspectrogram(y=y, sr=sr, ...)`:
 * `melFilterbank(...) @ |stft(y)| ** power`, or the filterbank applied to a precomputed `S`
 * (then `nFft` is the given one, which must match `S.rows` (an odd `nFft` included), else
 * `2 * (S.rows - 1)`; `power` is ignored, as in librosa).
 *
 * Defaults: sr 22050, nFft 2048, hopLength 512, hann window, center with zero padding,
 * power 2, 128 Slaney-normalised Slaney-scale bands from 0 Hz to sr/2.
 *
 * Shape: rows = `nMels` bands, cols = frames (`1 + floor(len / hopLength)` when centred).
 * Units: power (or magnitude ** power) per band; Float32 values.
 *
 * Synchronous; `fft` picks the FFT for this call: `'auto'` (default) PFFFT-wasm SIMD where it
 * runs, `'js'` fft.js in float64 (2-5x slower); results equal within float32 rounding.
 *
 * @param y - mono signal (ignored when `opts.S` is given; may then be `null`)
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION` (e.g. `nMels > 1 + nFft/2`,
 *   `fmax > sr/2`), `BAD_SHAPE` (an `S` whose rows do not match `nFft`), `TOO_SHORT` (center=false, signal shorter than nFft).
 * @example
 * ```ts
 * const M = melSpectrogram(y, { sr: 22050 });        // 128 x frames
 * const M2 = melSpectrogram(null, { S: power, sr });  // from a power spectrogram
 * ```
 */
export function melSpectrogram(y: Signal | null, opts: MelSpectrogramOptions = {}): Matrix {
  opts = readOptions('melSpectrogram', opts, MEL_SPECTROGRAM_OPTIONS);
  const { fr, fb } = melSource(y, opts);
  // written bin-major straight from the frame-major blocks (no frame-major copy to transpose)
  const data = applyFilterbank(fr, fb, 1, fr.nFrames);
  return { rows: fb.rows, cols: fr.nFrames, data };
}

/** A mel spectrogram stored frame-major: band m of frame t at `data[t * bands + m]`. @internal */
export interface FrameMajorMel {
  /** Number of mel bands. */
  readonly bands: number;
  /** Number of frames. */
  readonly frames: number;
  /** Frame-major float32 values. */
  readonly data: Float32Array;
}

/**
 * The frame-major mel bands that `mfcc`, `onsetStrength` and `melSpectrogram` (on the wasm
 * backend) drop once used: kept for the next call (fresh memory costs a page fault per 4 KiB, see
 * src/util/spare-buffer.ts; the same values).
 */
const spareMelBands = new SpareBuffer();

/** `n` values on the spare mel bands' buffer (every one to be written), or undefined. @internal */
export function takeSpareMelBands(n: number): Float32Array | undefined {
  const b = spareMelBands.take(4 * n);
  return b && new Float32Array(b, 0, n);
}

/** Gives `data`'s buffer back as the spare mel bands, once nothing reads it any more. @internal */
export function keepSpareMelBands(data: Float32Array): void {
  spareMelBands.keep(data.buffer);
}

/**
 * {@link melSpectrogram} frame-major (the layout the FFT engine produces), for internal
 * pipelines (mfcc, onset strength) that go on frame by frame; same values. `into` may provide
 * the array (e.g. {@link takeSpareMelBands}). @internal
 */
export function melFrameMajor(y: Signal | null, opts: MelSpectrogramOptions = {}, into?: Float32ArrayProvider): FrameMajorMel {
  const { fr, fb } = melSource(y, opts);
  return { bands: fb.rows, frames: fr.nFrames, data: applyFilterbank(fr, fb, fb.rows, 1, into) };
}

/** The validated spectrogram source and the cached sparse filterbank of a mel spectrogram. */
function melSource(y: Signal | null, opts: MelSpectrogramOptions): { fr: SpectralFrames; fb: SparseFilterbank } {
  const power = opts.power ?? 2;
  checkNumber(power, 'power', Number.MIN_VALUE);
  const fr = spectralFrames(y, opts, power);
  return { fr, fb: cachedFilterbank(fr.sr, fr.nFft, opts) };
}

/**
 * The sparse filterbank applied to every frame of `fr` (float64 sums rounded to float32): band m
 * of frame t at `t * tStride + m * mStride` (frame-major: `rows, 1`; bin-major: `1, nFrames`).
 * Frame-major, `into` may provide the array.
 */
// biome-ignore format: one line
function applyFilterbank(fr: SpectralFrames, fb: SparseFilterbank, tStride: number, mStride: number, into?: Float32ArrayProvider): Float32Array {
  // the FFT backend's own projection where it has one (the wasm kernels: the power never leaves wasm memory)
  const fm = fr.bands?.(fb, mStride === 1 ? into : takeSpareMelBands);
  if (fm) {
    if (mStride === 1) return fm;
    const binMajor = new Float32Array(fm.length);
    transposeInto(fm, fr.nFrames, fb.rows, binMajor);
    keepSpareMelBands(fm);
    return binMajor;
  }
  const bins = fr.bins;
  const n = fr.nFrames * fb.rows;
  const out = (mStride === 1 ? into?.(n) : undefined) ?? new Float32Array(n);
  fr.blocks((t0, count, block) => filterBlock(fb, block, bins, count, out, t0 * tStride, tStride, mStride));
  return out;
}

/**
 * Mel bands of `count` frame-major spectra in `block` into `out` (see {@link applyFilterbank}).
 * Eight frames per pass share each weight load (eight independent sums: the same per-frame order
 * of additions as one frame at a time, so the same values); the rest one at a time. Eight took
 * 1.25-1.28 ms for a 30 s clip's 1296 frames of 128 bands, four 1.49-1.50.
 */
export function filterBlock(
  fb: SparseFilterbank,
  block: Float32Array | Float64Array,
  bins: number,
  count: number,
  out: Float32Array,
  o0: number,
  tStride: number,
  mStride: number,
): void {
  const { rows, start, length, offset, weights } = fb;
  const b2 = 2 * bins;
  const b3 = 3 * bins;
  const b4 = 4 * bins;
  let j = 0;
  for (; j + 8 <= count; j += 8) {
    const b = j * bins;
    const ob = o0 + j * tStride;
    for (let m = 0; m < rows; m++) {
      const s = b + start[m];
      const n = length[m];
      const o = offset[m];
      let a0 = 0,
        a1 = 0,
        a2 = 0,
        a3 = 0,
        a4 = 0,
        a5 = 0,
        a6 = 0,
        a7 = 0;
      for (let i = 0; i < n; i++) {
        const w = weights[o + i];
        const k = s + i;
        a0 += w * block[k];
        a1 += w * block[k + bins];
        a2 += w * block[k + b2];
        a3 += w * block[k + b3];
        a4 += w * block[k + b4];
        a5 += w * block[k + b4 + bins];
        a6 += w * block[k + b4 + b2];
        a7 += w * block[k + b4 + b3];
      }
      const om = ob + m * mStride;
      out[om] = a0;
      out[om + tStride] = a1;
      out[om + 2 * tStride] = a2;
      out[om + 3 * tStride] = a3;
      out[om + 4 * tStride] = a4;
      out[om + 5 * tStride] = a5;
      out[om + 6 * tStride] = a6;
      out[om + 7 * tStride] = a7;
    }
  }
  for (; j < count; j++) filterOneFrame(fb, block, j * bins, out, o0 + j * tStride, mStride);
}

/**
 * Mel bands of the one spectrum at `block[b ..]` into `out[ob + m * mStride]`: the frames left one at a
 * time (a stream's frame per push), four terms per loop step, added in the same order as eight frames at once.
 */
function filterOneFrame(fb: SparseFilterbank, block: Float32Array | Float64Array, b: number, out: Float32Array, ob: number, mStride: number): void {
  const { rows, start, length, offset, weights } = fb;
  for (let m = 0; m < rows; m++) {
    const s = b + start[m],
      n = length[m],
      o = offset[m];
    let acc = 0,
      i = 0;
    for (; i + 4 <= n; i += 4) {
      acc += weights[o + i] * block[s + i];
      acc += weights[o + i + 1] * block[s + i + 1];
      acc += weights[o + i + 2] * block[s + i + 2];
      acc += weights[o + i + 3] * block[s + i + 3];
    }
    for (; i < n; i++) acc += weights[o + i] * block[s + i];
    out[ob + m * mStride] = acc;
  }
}

/** Options of {@link mfcc}: mel spectrogram options plus the DCT settings. */
export interface MfccOptions extends Omit<MelSpectrogramOptions, 'S' | 'norm'> {
  /**
   * Precomputed log-power mel spectrogram (rows = mel bands, cols = frames), librosa's `S`
   * (e.g. `powerToDb(melSpectrogram(y))`). Replaces `y` and the mel options.
   */
  S?: Matrix;
  /** Number of coefficients kept. Default 20. */
  nMfcc?: number;
  /** DCT type (1, 2 or 3). Default 2. */
  dctType?: DctType;
  /** DCT normalisation, `'ortho'` (default) or `null` (librosa's `norm` of `mfcc`). */
  norm?: DctNorm;
  /** Mel filterbank normalisation passed to {@link melSpectrogram} (default `'slaney'`; librosa cannot pass it through `mfcc`). */
  melNorm?: MelNorm;
  /** Cepstral liftering `1 + (lifter/2) sin(π (k+1) / lifter)`; 0 (default) disables. */
  lifter?: number;
}

/**
 * Mel-frequency cepstral coefficients, equal to `librosa.feature.mfcc(y=y, sr=sr, n_mfcc=nMfcc, ...)`:
 * the orthonormal DCT-II over the mel axis of `powerToDb(melSpectrogram(y, ...))`
 * (ref 1, amin 1e-10, topDb 80), keeping the first `nMfcc` coefficients, optionally liftered.
 *
 * As in librosa, `norm` is the DCT normalisation; the mel filterbank's normalisation is `melNorm`.
 *
 * Shape: rows = `nMfcc` coefficients, cols = frames. Float32 values (dB-scaled cepstra).
 *
 * Synchronous; `fft` picks the FFT for this call: `'auto'` (default) PFFFT-wasm SIMD where it
 * runs, `'js'` fft.js in float64 (2-5x slower); results equal within float32 rounding.
 *
 * @param y - mono signal (ignored when `opts.S` is given; may then be `null`)
 * @throws MirkitError as {@link melSpectrogram}, plus `BAD_OPTION` for `nMfcc` > number of mel bands or `lifter < 0`, `BAD_DATA` for an `S` value beyond +-2^100.
 * @example
 * ```ts
 * const C = mfcc(y, { sr: 22050, nMfcc: 20 }); // 20 x frames
 * ```
 */
export function mfcc(y: Signal | null, opts: MfccOptions = {}): Matrix {
  opts = readOptions('mfcc', opts, MFCC_OPTIONS);
  const nMfcc = checkPositiveInt(opts.nMfcc ?? 20, 'nMfcc');
  const lifter = opts.lifter ?? 0;
  checkNumber(lifter, 'lifter', 0);
  const dct = { type: opts.dctType ?? 2, norm: opts.norm === undefined ? 'ortho' : opts.norm } as const;
  if (opts.S !== undefined && opts.S !== null) {
    const S = checkBoundedMatrix(opts.S, 'S');
    checkMfccCount(nMfcc, S.rows);
    if (S.data instanceof Float32Array && dct.type === 2 && S.cols >= 8 && resolveFft(opts.fft) !== 'js') {
      // frame-major for the wasm kernel (the same values: the DCT reads them, whatever the layout)
      const frameMajor = new Float32Array(S.data.length);
      transposeInto(S.data, S.rows, S.cols, frameMajor);
      return cepstra(frameMajor, S.rows, S.cols, S.rows, 1, nMfcc, dct.type, dct.norm, lifter, opts.fft ?? 'auto');
    }
    // bin-major S: band j of frame t at j * T + t
    return cepstra(S.data, S.rows, S.cols, 1, S.cols, nMfcc, dct.type, dct.norm, lifter);
  }
  const { S: _s, norm: _n, melNorm, nMfcc: _k, dctType: _d, lifter: _l, ...melOpts } = opts;
  const mel = melFrameMajor(y, { ...melOpts, norm: melNorm }, takeSpareMelBands);
  checkMfccCount(nMfcc, mel.bands);
  // powerToDb elementwise on the frame-major mel: the same values as powerToDb(melSpectrogram(y))
  const db = mel.data;
  // elementwise, in place; the top-dB clip applied as the DCT reads the values
  const clipLevel = powerToDbUnclipped(db, db);
  const out = cepstra(db, mel.bands, mel.frames, mel.bands, 1, nMfcc, dct.type, dct.norm, lifter, opts.fft ?? 'auto', Math.fround(clipLevel));
  keepSpareMelBands(db);
  return out;
}

function checkMfccCount(nMfcc: number, bands: number): void {
  if (nMfcc > bands) throw new MirkitError('BAD_OPTION', `nMfcc (${nMfcc}) must be <= the number of mel bands (${bands})`, { option: 'nMfcc' });
}

/**
 * The first `nMfcc` DCT coefficients of every frame of a log-mel spectrogram `src` (`n` bands,
 * `T` frames, band j of frame t at `t * tStride + j * bStride`, so either layout), liftered, as a
 * bin-major `nMfcc x T` matrix. The one place MFCCs are computed from a log-mel spectrogram:
 * {@link mfcc} runs it over a whole matrix, the streaming analyzer frame by frame (T = 1).
 */
function cepstra(
  src: Float32Array | Float64Array,
  n: number,
  T: number,
  tStride: number,
  bStride: number,
  nMfcc: number,
  type: DctType,
  norm: DctNorm,
  lifter: number,
  fft?: FftOption,
  floor?: number,
): Matrix {
  const out = new Float32Array(nMfcc * T);
  // the kernel's DCT rows depend only on these (its scratch is used within one call)
  const kernel = cepstraCache.get(`${n} ${nMfcc} ${type} ${norm} ${lifter}`, () => cepstraKernel(n, nMfcc, type, norm, lifter));
  kernel(src, T, tStride, bStride, out, fft, floor);
  return { rows: nMfcc, cols: T, data: out };
}

export { cepstraKernel, type CepstraKernel } from './cepstra.js';
