import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkMatrix, checkNumber, checkPositiveInt, checkSampleRate } from '../validate.js';
import { MAX_MATRIX_VALUES, MAX_N_FFT, MAX_SAMPLE_RATE } from '../limits.js';
import { readOptions } from '../options.js';
import { MEL_FILTERBANK_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

// Slaney (Auditory Toolbox) mel scale constants, as librosa's hz_to_mel / mel_to_hz.
const F_SP = 200 / 3; // Hz per mel in the linear region
const MIN_LOG_HZ = 1000; // start of the log region
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP; // = 15
const LOGSTEP = Math.log(6.4) / 27; // mels per log-Hz step above 1 kHz

/**
 * Converts a frequency in Hz to mels, as `librosa.hz_to_mel`.
 *
 * Slaney scale (default): linear below 1 kHz (`f / (200/3)`), logarithmic above
 * (`15 + ln(f / 1000) / (ln(6.4) / 27)`). HTK scale: `2595 * log10(1 + f / 700)`.
 *
 * @param hz - frequency in Hz, a finite number >= 0
 * @param htk - use the HTK formula instead of Slaney's (default false)
 * @returns the frequency in mels
 * @throws MirkitError `BAD_OPTION` for an `hz` that is not a finite number >= 0 (NaN, Infinity, a
 *   string) or an `htk` that is not a boolean.
 * @example
 * ```ts
 * hzToMel(1000); // 15
 * hzToMel(1000, true); // 999.98...
 * ```
 */
export function hzToMel(hz: number, htk = false): number {
  checkNumber(hz, 'hz', 0);
  checkHtk(htk);
  return hzToMelUnchecked(hz, htk);
}

/** `BAD_OPTION` unless `htk` is a boolean. */
function checkHtk(htk: unknown): void {
  if (typeof htk !== 'boolean') throw new MirkitError('BAD_OPTION', 'htk must be true or false', { option: 'htk' });
}

/** {@link hzToMel} without its checks. */
function hzToMelUnchecked(hz: number, htk: boolean): number {
  if (htk) return 2595 * Math.log10(1 + hz / 700);
  if (hz >= MIN_LOG_HZ) return MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP;
  return hz / F_SP;
}

/**
 * Converts mels to Hz, the inverse of {@link hzToMel}; `librosa.mel_to_hz`.
 *
 * @param mel - value in mels, a finite number >= 0
 * @param htk - use the HTK formula instead of Slaney's (default false)
 * @returns the frequency in Hz
 * @throws MirkitError `BAD_OPTION` for a `mel` that is not a finite number >= 0 or whose frequency
 *   overflows (above about 10340 Slaney mels, 796000 HTK mels), or an `htk` that is not a boolean.
 * @example
 * ```ts
 * melToHz(15); // 1000
 * ```
 */
export function melToHz(mel: number, htk = false): number {
  checkNumber(mel, 'mel', 0);
  checkHtk(htk);
  const hz = melToHzUnchecked(mel, htk);
  if (hz === Infinity) throw new MirkitError('BAD_OPTION', `mel ${mel} is too large`, { option: 'mel' });
  return hz;
}

/** {@link melToHz} without its checks. */
function melToHzUnchecked(mel: number, htk: boolean): number {
  if (htk) return 700 * (10 ** (mel / 2595) - 1);
  if (mel >= MIN_LOG_MEL) return MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL));
  return F_SP * mel;
}

/**
 * `nMels` frequencies (Hz) evenly spaced on the mel scale from `fmin` to `fmax` inclusive,
 * as `librosa.mel_frequencies(n_mels, fmin=fmin, fmax=fmax, htk=htk)` (np.linspace in mels,
 * then {@link melToHz}).
 *
 * @param nMels - number of frequencies (default 128), a whole number up to `MAX_N_FFT` (2^20)
 * @param fmin - lowest frequency in Hz (default 0), in [0, `MAX_SAMPLE_RATE` / 2]
 * @param fmax - highest frequency in Hz (default 11025), in [0, `MAX_SAMPLE_RATE` / 2]
 * @param htk - HTK mel scale (default false: Slaney)
 * @returns Float64Array of length `nMels`, in Hz
 * @throws MirkitError `BAD_OPTION` for any other argument.
 * @example
 * ```ts
 * const edges = melFrequencies(130, 0, 11025); // band edges of a 128-band filterbank
 * ```
 */
export function melFrequencies(nMels = 128, fmin = 0, fmax = 11025, htk = false): Float64Array {
  if (typeof nMels !== 'number' || !Number.isInteger(nMels) || nMels < 0 || nMels > MAX_N_FFT) {
    throw new MirkitError('BAD_OPTION', 'nMels must be an integer in [0, 2^20]', { option: 'nMels' });
  }
  checkNumber(fmin, 'fmin', 0, MAX_SAMPLE_RATE / 2);
  checkNumber(fmax, 'fmax', 0, MAX_SAMPLE_RATE / 2);
  checkHtk(htk);
  const lo = hzToMelUnchecked(fmin, htk);
  const hi = hzToMelUnchecked(fmax, htk);
  const out = new Float64Array(nMels);
  if (nMels === 0) return out;
  if (nMels === 1) {
    out[0] = melToHzUnchecked(lo, htk);
    return out;
  }
  // np.linspace: start + i * step, last value exactly the stop
  const step = (hi - lo) / (nMels - 1);
  for (let i = 0; i < nMels; i++) out[i] = melToHzUnchecked(i === nMels - 1 ? hi : lo + i * step, htk);
  return out;
}

/**
 * Centre frequencies (Hz) of the `1 + nFft/2` bins of a real FFT, `k * sr / nFft`;
 * `librosa.fft_frequencies(sr=sr, n_fft=nFft)` (numpy `rfftfreq`).
 *
 * @param sr - sample rate in Hz (default 22050)
 * @param nFft - FFT size in samples (default 2048), a positive integer up to `MAX_MATRIX_VALUES` (2^28:
 *   a precomputed spectrogram may have more rows than `MAX_N_FFT` gives)
 * @returns Float64Array of length `1 + floor(nFft / 2)`
 * @throws MirkitError `BAD_SAMPLE_RATE` for a bad `sr`, `BAD_OPTION` for a bad `nFft`.
 * @example
 * ```ts
 * fftFrequencies(22050, 2048)[1]; // 10.7666015625
 * ```
 */
export function fftFrequencies(sr = 22050, nFft = 2048): Float64Array {
  checkSampleRate(sr);
  checkPositiveInt(nFft, 'nFft');
  if (nFft > MAX_MATRIX_VALUES) throw new MirkitError('BAD_OPTION', `nFft must be at most 2^28, got ${nFft}`, { option: 'nFft' });
  const bins = Math.floor(nFft / 2) + 1;
  const out = new Float64Array(bins);
  const val = 1 / (nFft * (1 / sr)); // numpy: 1 / (n * d) with d = 1 / sr
  for (let k = 0; k < bins; k++) out[k] = k * val;
  return out;
}

/** Filter normalisation of {@link melFilterbank}: Slaney area normalisation, an Lp norm per filter, or none. */
export type MelNorm = 'slaney' | number | null;

/** Options of {@link melFilterbank} (librosa.filters.mel's names and defaults). */
export interface MelFilterbankOptions {
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** FFT size; the filterbank has `1 + nFft/2` columns. Default 2048. */
  nFft?: number;
  /** Number of mel bands (rows). Default 128. */
  nMels?: number;
  /** Lowest band edge in Hz. Default 0. */
  fmin?: number;
  /** Highest band edge in Hz. Default `sr / 2`. Must not exceed `sr / 2`. */
  fmax?: number;
  /** HTK mel scale instead of Slaney's. Default false. */
  htk?: boolean;
  /**
   * `'slaney'` (default): divide each triangle by its width in Hz, `2 / (f[m+2] - f[m])`
   * (constant energy per band); a number p: scale each filter to unit Lp norm
   * (`Infinity` = max norm); `null`: leave the triangles with peak 1.
   */
  norm?: MelNorm;
}

/** Resolved, validated mel filterbank options. */
interface ResolvedMel {
  sr: number;
  nFft: number;
  nMels: number;
  fmin: number;
  fmax: number;
  htk: boolean;
  norm: MelNorm;
}

/** Validates and fills in the defaults of {@link MelFilterbankOptions}. @internal */
export function resolveMelOptions(opts: MelFilterbankOptions = {}): ResolvedMel {
  const sr = checkSampleRate(opts.sr ?? 22050);
  const nFft = checkPositiveInt(opts.nFft ?? 2048, 'nFft');
  const nMels = checkPositiveInt(opts.nMels ?? 128, 'nMels');
  const bins = Math.floor(nFft / 2) + 1;
  if (nMels > bins) {
    throw new MirkitError('BAD_OPTION', `nMels (${nMels}) must be <= 1 + nFft/2 (${bins})`, { option: 'nMels' });
  }
  const fmin = checkNumber(opts.fmin ?? 0, 'fmin', 0);
  const fmax = opts.fmax ?? sr / 2;
  if (typeof fmax !== 'number' || !Number.isFinite(fmax) || fmax > sr / 2 || fmax <= fmin) {
    throw new MirkitError('BAD_OPTION', `fmax must be a number in (fmin, sr/2] = (${fmin}, ${sr / 2}], got ${shown(fmax)}`, { option: 'fmax' });
  }
  const htk = opts.htk ?? false;
  const norm = opts.norm === undefined ? 'slaney' : opts.norm;
  if (!(norm === null || norm === 'slaney' || (typeof norm === 'number' && norm > 0))) {
    throw new MirkitError('BAD_OPTION', `norm must be 'slaney', a positive number (Lp norm) or null, got ${shown(norm)}`, { option: 'norm' });
  }
  return { sr, nFft, nMels, fmin, fmax, htk, norm };
}

/**
 * A mel filterbank in sparse row form: filter `m` is non-zero only on bins
 * `start[m] .. start[m] + length[m] - 1`, with weights `weights[offset[m] + j]`.
 * Each triangle spans few FFT bins, so applying the filterbank this way costs about
 * two multiply-adds per bin instead of `nMels` per bin.
 */
export interface SparseFilterbank {
  /** Number of filters (rows). */
  readonly rows: number;
  /** Number of FFT bins (columns of the dense matrix). */
  readonly cols: number;
  /** First non-zero bin of each filter. */
  readonly start: Int32Array;
  /** Number of bins from `start` of each filter (0 for an empty filter). */
  readonly length: Int32Array;
  /** Offset of each filter's first weight in `weights`. */
  readonly offset: Int32Array;
  /** Concatenated weights. */
  readonly weights: Float64Array;
}

/**
 * Converts a dense filterbank Matrix (rows = filters, cols = bins) to {@link SparseFilterbank}
 * form, dropping the exact zeros before and after each filter's support.
 *
 * @throws MirkitError `BAD_SHAPE` when `fb` is not a {@link Matrix}, `EMPTY_INPUT` for an empty one,
 *   `NON_FINITE` for a NaN or infinite weight.
 * @example
 * ```ts
 * const sp = sparseFilterbank(melFilterbank({ sr: 22050, nFft: 2048 }));
 * // band m of a power spectrum p: Σ_j sp.weights[sp.offset[m] + j] * p[sp.start[m] + j], j < sp.length[m]
 * ```
 */
export function sparseFilterbank(fb: Matrix): SparseFilterbank {
  const { rows, cols, data } = checkMatrix(fb, 'fb');
  const start = new Int32Array(rows),
    length = new Int32Array(rows),
    offset = new Int32Array(rows);
  const parts: number[] = [];
  for (let m = 0; m < rows; m++) {
    let a = 0,
      b = cols - 1;
    while (a < cols && data[m * cols + a] === 0) a++;
    while (b >= a && data[m * cols + b] === 0) b--;
    start[m] = a < cols ? a : 0;
    length[m] = a < cols ? b - a + 1 : 0;
    offset[m] = parts.length;
    for (let k = a; k <= b; k++) parts.push(data[m * cols + k]);
  }
  return { rows, cols, start, length, offset, weights: Float64Array.from(parts) };
}

/**
 * The mel filterbank, equal to `librosa.filters.mel(sr=sr, n_fft=nFft, n_mels=nMels, fmin=fmin,
 * fmax=fmax, htk=htk, norm=norm)`: `nMels` overlapping triangular filters on the FFT bin
 * frequencies, with band edges from {@link melFrequencies}`(nMels + 2, fmin, fmax, htk)` and
 * (default) Slaney area normalisation.
 *
 * Shape: rows = `nMels` mel bands, cols = `1 + nFft/2` FFT bins. Values are stored as
 * Float32 (librosa's default dtype). Multiply a power spectrogram (bins x frames) on the left
 * by this matrix to get a mel spectrogram.
 *
 * @throws MirkitError `BAD_SAMPLE_RATE` for `sr <= 0`; `BAD_OPTION` for `nMels > 1 + nFft/2`,
 *   `fmax > sr/2`, `fmax <= fmin` or an unknown `norm`.
 * @example
 * ```ts
 * const fb = melFilterbank({ sr: 22050, nFft: 2048 }); // 128 x 1025
 * ```
 */
export function melFilterbank(opts: MelFilterbankOptions = {}): Matrix {
  opts = readOptions('melFilterbank', opts, MEL_FILTERBANK_OPTIONS);
  const p = resolveMelOptions(opts);
  const bins = Math.floor(p.nFft / 2) + 1;
  const fftf = fftFrequencies(p.sr, p.nFft);
  const melf = melFrequencies(p.nMels + 2, p.fmin, p.fmax, p.htk);
  const out = new Float32Array(p.nMels * bins);
  const w = new Float64Array(bins); // one band's weights before rounding to float32
  let first = 0; // the first bin above the band's lower edge (the edges rise from band to band)
  for (let i = 0; i < p.nMels; i++) {
    const f0 = melf[i],
      f1 = melf[i + 1],
      f2 = melf[i + 2];
    const d0 = f1 - f0,
      d1 = f2 - f1;
    // edges that coincide (fmax within rounding of fmin) would make every weight of the band NaN
    const scale = p.norm === 'slaney' ? 2 / (melf[i + 2] - melf[i]) : 1;
    if (!(d0 > 0 && d1 > 0 && Number.isFinite(scale))) {
      throw new MirkitError('BAD_OPTION', `fmin and fmax too close for ${p.nMels} mel bands`, {
        option: 'fmax',
      });
    }
    // A triangle is zero outside (f0, f2): only the bins inside are computed (the same values, and
    // the same norms, since zeros add nothing)
    while (first < bins && fftf[first] <= f0) first++;
    const a = first;
    let b = a;
    while (b < bins && fftf[b] < f2) b++;
    for (let k = a; k < b; k++) {
      const lower = -(f0 - fftf[k]) / d0; // -ramps[i] / fdiff[i]
      const upper = (f2 - fftf[k]) / d1; // ramps[i + 2] / fdiff[i + 1]
      w[k] = Math.max(0, Math.min(lower, upper));
    }
    // librosa builds the weights in a float32 array: round the triangles first, then normalise
    for (let k = a; k < b; k++) w[k] = Math.fround(w[k]) * scale;
    if (typeof p.norm === 'number') {
      let n = 0;
      if (p.norm === Infinity) for (let k = a; k < b; k++) n = Math.max(n, Math.abs(w[k]));
      else {
        for (let k = a; k < b; k++) n += Math.abs(w[k]) ** p.norm;
        n = n ** (1 / p.norm);
      }
      if (n > 0) for (let k = a; k < b; k++) w[k] /= n;
    }
    out.set(w.subarray(a, b), i * bins + a);
  }
  return { rows: p.nMels, cols: bins, data: out };
}
