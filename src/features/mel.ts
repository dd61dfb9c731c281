import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkMatrix, checkNumber, checkPositiveInt } from '../validate.js';
import { melFilterbank, resolveMelOptions, sparseFilterbank, type MelNorm, type SparseFilterbank } from '../dsp/filters.js';
import { dctMatrix, type DctNorm, type DctType } from '../dsp/dct.js';
import { spectralFrames, type SpectralInputOptions } from './frames.js';
import { powerToDb } from './db.js';
import type { Signal } from '../validate.js';

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

const fbCache = new Map<string, SparseFilterbank>();

/** Sparse mel filterbank for these options, cached (a handful of configurations in practice). */
function cachedFilterbank(sr: number, nFft: number, o: MelSpectrogramOptions): SparseFilterbank {
  const p = resolveMelOptions({ sr, nFft, nMels: o.nMels, fmin: o.fmin, fmax: o.fmax, htk: o.htk, norm: o.norm });
  const key = `${p.sr}|${p.nFft}|${p.nMels}|${p.fmin}|${p.fmax}|${p.htk}|${p.norm}`;
  let fb = fbCache.get(key);
  if (!fb) {
    fb = sparseFilterbank(melFilterbank(p));
    if (fbCache.size >= 16) fbCache.delete(fbCache.keys().next().value as string);
    fbCache.set(key, fb);
  }
  return fb;
}

/**
 * Mel-scaled spectrogram, equal to `librosa.feature.melspectrogram(y=y, sr=sr, ...)`:
 * `melFilterbank(...) @ |stft(y)| ** power`, or the filterbank applied to a precomputed `S`
 * (then `nFft = 2 * (S.rows - 1)`, and `power` is ignored, as in librosa).
 *
 * Defaults: sr 22050, nFft 2048, hopLength 512, hann window, center with zero padding,
 * power 2, 128 Slaney-normalised Slaney-scale bands from 0 Hz to sr/2.
 *
 * Shape: rows = `nMels` bands, cols = frames (`1 + floor(len / hopLength)` when centred).
 * Units: power (or magnitude ** power) per band; Float32 values.
 *
 * Synchronous, on the active FFT backend (`fftBackend()`): `await useWasmFft()` once makes it
 * 2-5x faster (PFFFT-wasm SIMD; results equal within float32 rounding).
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
  const power = opts.power ?? 2;
  checkNumber(power, 'power', Number.MIN_VALUE);
  const fr = spectralFrames(y, opts, power);
  const fb = cachedFilterbank(fr.sr, fr.nFft, opts);
  const { rows, start, length, offset, weights } = fb;
  const T = fr.nFrames;
  const out = new Float32Array(rows * T);
  fr.run((t, col) => {
    for (let m = 0; m < rows; m++) {
      const s = start[m], n = length[m], o = offset[m];
      let acc = 0;
      for (let j = 0; j < n; j++) acc += weights[o + j] * col[s + j];
      out[m * T + t] = acc;
    }
  });
  return { rows, cols: T, data: out };
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
 * Synchronous, on the active FFT backend (`fftBackend()`): `await useWasmFft()` once makes it
 * 2-5x faster (PFFFT-wasm SIMD; results equal within float32 rounding).
 *
 * @param y - mono signal (ignored when `opts.S` is given; may then be `null`)
 * @throws MirkitError as {@link melSpectrogram}, plus `BAD_OPTION` for `nMfcc` > number of mel bands or `lifter < 0`.
 * @example
 * ```ts
 * const C = mfcc(y, { sr: 22050, nMfcc: 20 }); // 20 x frames
 * ```
 */
export function mfcc(y: Signal | null, opts: MfccOptions = {}): Matrix {
  const nMfcc = checkPositiveInt(opts.nMfcc ?? 20, 'nMfcc');
  const lifter = opts.lifter ?? 0;
  checkNumber(lifter, 'lifter', 0);
  let S: Matrix;
  if (opts.S !== undefined && opts.S !== null) S = checkMatrix(opts.S, 'S');
  else {
    const { S: _s, norm: _n, melNorm, nMfcc: _k, dctType: _d, lifter: _l, ...melOpts } = opts;
    S = powerToDb(melSpectrogram(y, { ...melOpts, norm: melNorm }));
  }
  const n = S.rows, T = S.cols;
  if (nMfcc > n) throw new MirkitError('BAD_OPTION', `nMfcc (${nMfcc}) must be <= the number of mel bands (${n})`, { option: 'nMfcc' });
  const D = dctMatrix(n, { type: opts.dctType ?? 2, norm: opts.norm === undefined ? 'ortho' : opts.norm, nOut: nMfcc }).data;
  const acc = new Float64Array(T);
  const out = new Float32Array(nMfcc * T);
  const src = S.data;
  for (let k = 0; k < nMfcc; k++) {
    acc.fill(0);
    for (let j = 0; j < n; j++) {
      const w = D[k * n + j];
      const base = j * T;
      for (let t = 0; t < T; t++) acc[t] += w * src[base + t];
    }
    const li = lifter > 0 ? 1 + (lifter / 2) * Math.sin((Math.PI * (k + 1)) / lifter) : 1;
    for (let t = 0; t < T; t++) out[k * T + t] = acc[t] * li;
  }
  return { rows: nMfcc, cols: T, data: out };
}
