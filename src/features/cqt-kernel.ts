/**
 * Constant-Q filter design: the CQT's centre frequencies (`librosa.cqt_frequencies`), relative
 * bandwidths and filter lengths (`librosa.filters.wavelet_lengths`), and the sparse FFT-domain
 * kernel of one octave of filters (librosa's `__vqt_filter_fft`).
 */
import { FftJsClass } from '../dsp/fft-js-class.js';
import { MirkitError } from '../errors.js';
import { checkNumber, checkPositiveInt, checkSampleRate } from '../validate.js';
import { getWindow, type WindowName } from '../dsp/windows.js';
import { BoundedCache } from '../util/cache.js';
import { F32_TINY } from '../util/numeric.js';
import { checkStepBound } from '../matrix.js';
import { MAX_BANDS, MAX_CQT_KERNEL_WORK } from '../limits.js';
import { readOptions } from '../options.js';
import { CQT_FREQUENCIES_OPTIONS } from '../option-keys.js';

const FFT = FftJsClass;

/** Frequency of C1 in Hz (`librosa.note_to_hz('C1')`), the default `fmin` of the CQT. */
export const C1_HZ = 32.70319566257483;

/** @internal Equivalent noise bandwidths (in FFT bins) of the windows librosa tabulates. */
export const WINDOW_BANDWIDTH: Record<string, number> = {
  hann: 1.50018310546875,
  hamming: 1.3629455320350348,
  blackman: 1.7269681554262326,
  boxcar: 1.0,
  ones: 1.0,
  rectangular: 1.0,
};

/** Options of {@link cqtFrequencies}. */
export interface CqtFrequencyOptions {
  /** Lowest frequency in Hz (default C1 = 32.703 Hz). */
  fmin?: number;
  /** Bins per octave (default 12). */
  binsPerOctave?: number;
  /** Tuning offset in fractions of a bin (default 0): frequencies are scaled by `2 ** (tuning / binsPerOctave)`. */
  tuning?: number;
}

/**
 * Centre frequencies of a constant-Q transform, as `librosa.cqt_frequencies`:
 * `fmin * 2 ** (tuning / binsPerOctave) * 2 ** (k / binsPerOctave)` for `k = 0..nBins-1`.
 *
 * @param nBins - number of bins
 * @param opts - {@link CqtFrequencyOptions}: `fmin` C1, `binsPerOctave` 12, `tuning` 0
 * @returns Float64Array of `nBins` frequencies in Hz
 * @example
 * ```ts
 * cqtFrequencies(84)[45]; // 440 (A4)
 * ```
 */
export function cqtFrequencies(nBins: number, opts: CqtFrequencyOptions = {}): Float64Array {
  opts = readOptions('cqtFrequencies', opts, CQT_FREQUENCIES_OPTIONS);
  checkNumber(checkPositiveInt(nBins, 'nBins'), 'nBins', 1, MAX_BANDS); // the CQT's own bound on nBins
  const bpo = checkPositiveInt(opts.binsPerOctave ?? 12, 'binsPerOctave');
  const fmin = checkNumber(opts.fmin ?? C1_HZ, 'fmin', Number.MIN_VALUE);
  const tuning = checkNumber(opts.tuning ?? 0, 'tuning');
  const f0 = fmin * 2 ** (tuning / bpo);
  const out = new Float64Array(nBins);
  for (let k = 0; k < nBins; k++) out[k] = f0 * 2 ** (k / bpo);
  return out;
}

/** @internal Relative bandwidths `alpha` of a filterbank at `freqs` (librosa's `filters._relative_bandwidth`). */
export function relativeBandwidth(freqs: Float64Array, bpo: number): Float64Array {
  const n = freqs.length;
  const alpha = new Float64Array(n);
  const rel = (b: number): number => (2 ** (2 / b) - 1) / (2 ** (2 / b) + 1);
  if (n === 1) {
    alpha[0] = rel(bpo);
    return alpha;
  }
  const logf = Array.from(freqs, (f) => Math.log2(f));
  for (let k = 0; k < n; k++) {
    let b: number;
    if (k === 0) b = 1 / (logf[1] - logf[0]);
    else if (k === n - 1) b = 1 / (logf[n - 1] - logf[n - 2]);
    else b = 2 / (logf[k + 1] - logf[k - 1]);
    alpha[k] = rel(b);
  }
  return alpha;
}

/**
 * @internal Filter lengths (samples, fractional) and the cut-off frequency of the highest filter
 * (`filters.wavelet_lengths`): `Q sr / (f + gamma / alpha)`, with the bandwidth offset `gamma` in
 * Hz (0 for the CQT; null for librosa's `gamma=None`, the ERB-based `alpha * 24.7 / 0.108`).
 */
export function waveletLengths(
  freqs: Float64Array,
  alpha: Float64Array,
  sr: number,
  filterScale: number,
  window: string,
  gamma: number | null = 0,
): { lengths: Float64Array; cutoff: number } {
  const bw = WINDOW_BANDWIDTH[window];
  const lengths = new Float64Array(freqs.length);
  let cutoff = 0;
  for (let k = 0; k < freqs.length; k++) {
    const Q = filterScale / alpha[k];
    const g = gamma === null ? (alpha[k] * 24.7) / 0.108 : gamma;
    cutoff = Math.max(cutoff, freqs[k] * (1 + (0.5 * bw) / Q) + 0.5 * g);
    lengths[k] = (Q * sr) / (freqs[k] + g / alpha[k]);
  }
  return { lengths, cutoff };
}

/**
 * Lengths in samples of the constant-Q filters at sample rate `sr`, as
 * `librosa.filters.wavelet_lengths(freqs=cqt_frequencies(...), sr=sr)`:
 * `Q * sr / f` with `Q = filterScale / alpha` and `alpha` the relative bandwidth of the bins.
 *
 * @param nBins - number of bins
 * @param opts - `sr` (22050), `filterScale` (1), `window` ('hann') and {@link CqtFrequencyOptions}
 * @returns Float64Array of `nBins` fractional lengths
 * @example
 * ```ts
 * cqtFilterLengths(84, { sr: 22050 })[0]; // ~11700 samples for C1
 * ```
 */
export function cqtFilterLengths(nBins: number, opts: CqtFrequencyOptions & { sr?: number; filterScale?: number; window?: WindowName } = {}): Float64Array {
  if (opts !== null && opts !== undefined && typeof opts === 'object' && !Array.isArray(opts)) {
    for (const key of Object.keys(opts)) {
      if (!(FILTER_LENGTHS_OPTIONS as readonly string[]).includes(key)) {
        throw new MirkitError('UNKNOWN_OPTION', `cqtFilterLengths has no option '${key}'; accepted options: ${FILTER_LENGTHS_OPTIONS.join(', ')}`, {
          option: key,
        });
      }
    }
  }
  const o = opts ?? {};
  // cqtFrequencies reads only its own keys (sr, filterScale and window are this function's)
  const freqs = cqtFrequencies(nBins, { fmin: o.fmin, binsPerOctave: o.binsPerOctave, tuning: o.tuning });
  const bpo = o.binsPerOctave ?? 12;
  const sr = checkSampleRate(o.sr ?? 22050);
  const window = o.window ?? 'hann';
  if (!(window in WINDOW_BANDWIDTH))
    throw new MirkitError('BAD_OPTION', `window must be one of ${Object.keys(WINDOW_BANDWIDTH).join(', ')}`, { option: 'window' });
  const { lengths } = waveletLengths(freqs, relativeBandwidth(freqs, bpo), sr, checkNumber(o.filterScale ?? 1, 'filterScale', Number.MIN_VALUE), window);
  checkFilterLengths(lengths);
  return lengths;
}

/** The options {@link cqtFilterLengths} accepts. */
const FILTER_LENGTHS_OPTIONS = ['fmin', 'binsPerOctave', 'tuning', 'sr', 'filterScale', 'window'] as const;

/**
 * @internal `BAD_OPTION` unless every filter length is finite and positive: a denormal `fmin`
 * (5e-324) makes neighbouring frequencies equal, their relative bandwidth 0 and the lengths
 * Infinity or NaN; an `fmin` so low that `Q sr / f` overflows gives Infinity.
 */
export function checkFilterLengths(lengths: Float64Array): void {
  for (let k = 0; k < lengths.length; k++) {
    const l = lengths[k];
    if (!(l > 0 && l < Infinity)) throw new MirkitError('BAD_OPTION', `bin ${k}'s filter length is ${l}: raise fmin`, { option: 'fmin', bin: k, length: l });
  }
}

/** The FFT-domain sparse kernel of one octave: rows = filters, only the retained bins are stored. */
export interface CqtKernel {
  /** FFT size (power of two) of the octave's frames. */
  nFft: number;
  /** Number of filters (rows). */
  nFilters: number;
  /** Row pointers into `bins`, `re`, `im` (length nFilters + 1), CSR layout. */
  rowStart: Int32Array;
  /** FFT bin (0..nFft/2) of each retained coefficient. */
  bins: Int32Array;
  /** Real parts of the retained coefficients. */
  re: Float64Array;
  /** Imaginary parts of the retained coefficients. */
  im: Float64Array;
  /** Fractional filter lengths at the octave's sample rate. */
  lengths: Float64Array;
}

function lpNorm(absVals: Float64Array, norm: number | null): number {
  if (norm === null) return 1;
  let s = 0;
  if (norm === Infinity) {
    for (const v of absVals) s = Math.max(s, v);
    return s;
  }
  if (norm === -Infinity) {
    s = Infinity;
    for (const v of absVals) s = Math.min(s, v);
    return s;
  }
  if (norm === 0) {
    for (const v of absVals) if (v > 0) s++;
    return s;
  }
  for (const v of absVals) s += norm === 1 ? v : norm === 2 ? v * v : Math.pow(v, norm);
  return norm === 1 ? s : norm === 2 ? Math.sqrt(s) : Math.pow(s, 1 / norm);
}

/** Octave kernels by design (a handful per CQT configuration). */
const kernelCache = new BoundedCache<string, CqtKernel>(64);

/**
 * Builds the sparse FFT-domain kernel of one octave of CQT filters, as librosa's
 * `__vqt_filter_fft` with `filters.wavelet`: each filter is a windowed complex exponential of
 * length `ceil(Q sr / f)`, normalised (L1 by default), centred in a power-of-two frame,
 * scaled by `length / nFft`, transformed, and sparsified (`util.sparsify_rows`: the smallest
 * coefficients carrying a `sparsity` fraction of each row's magnitude are dropped).
 *
 * @param sr - sample rate of the octave in Hz
 * @param freqs - centre frequencies of the octave's filters (ascending)
 * @param alpha - relative bandwidth of each filter
 * @param opts - `filterScale`, `norm`, `sparsity`, `window`
 * @returns the octave's {@link CqtKernel} (cached per parameter set and normalised frequencies `f / sr`)
 * @throws MirkitError `BAD_SAMPLE_RATE`, `BAD_DATA` for frequencies or bandwidths that are not finite
 *   positive Float64Arrays of one length (at most 4096), or `opts` not an object
 */
export function cqtKernel(
  sr: number,
  freqs: Float64Array,
  alpha: Float64Array,
  opts: { filterScale: number; norm: number | null; sparsity: number; window: string; gamma?: number | null },
): CqtKernel {
  checkKernelArguments(sr, freqs, alpha, opts);
  return octaveKernel(sr, freqs, alpha, opts);
}

/** {@link cqtKernel} without its argument checks, for the CQT engine's own (checked) octaves. @internal */
export function octaveKernel(
  sr: number,
  freqs: Float64Array,
  alpha: Float64Array,
  opts: { filterScale: number; norm: number | null; sparsity: number; window: string; gamma?: number | null },
): CqtKernel {
  // Octaves of a CQT share one kernel: it depends on the frequencies only through f / sr
  // (identical for every full octave up to rounding), so the key is taken at 12 digits.
  let key = `${opts.filterScale}|${opts.norm}|${opts.sparsity}|${opts.window}`;
  // a bandwidth offset gamma (Hz) makes the lengths depend on sr itself (vqt)
  if (opts.gamma !== undefined && opts.gamma !== 0) key += `|g${opts.gamma}|${sr}`;
  for (let j = 0; j < freqs.length; j++) key += `|${(freqs[j] / sr).toPrecision(12)},${alpha[j].toPrecision(12)}`;
  return kernelCache.get(key, () => designKernel(sr, freqs, alpha, opts));
}

/** {@link cqtKernel}'s arguments: a sample rate (an octave's own, possibly below 100 Hz), as many finite positive frequencies as bandwidths, an options object. */
function checkKernelArguments(sr: unknown, freqs: unknown, alpha: unknown, opts: unknown): void {
  const positive = (a: unknown): boolean => a instanceof Float64Array && a.length > 0 && a.length <= MAX_BANDS && a.every((v) => v > 0 && v < Infinity);
  if (!(typeof sr === 'number' && sr > 0 && sr < Infinity)) throw new MirkitError('BAD_SAMPLE_RATE', 'cqtKernel: bad sr');
  if (!positive(freqs) || !(alpha instanceof Float64Array) || alpha.length !== (freqs as Float64Array).length || typeof opts !== 'object' || !opts) {
    throw new MirkitError('BAD_DATA', 'cqtKernel: bad freqs, alpha or opts');
  }
}

/** The uncached {@link cqtKernel}. */
function designKernel(
  sr: number,
  freqs: Float64Array,
  alpha: Float64Array,
  opts: { filterScale: number; norm: number | null; sparsity: number; window: string; gamma?: number | null },
): CqtKernel {
  const n = freqs.length;
  const { lengths } = waveletLengths(freqs, alpha, sr, opts.filterScale, opts.window, opts.gamma);
  let maxLen = 0;
  for (const l of lengths) maxLen = Math.max(maxLen, l);
  checkFilterLengths(lengths);
  const nFft = 2 ** Math.ceil(Math.log2(maxLen));
  if (!(nFft >= 2))
    throw new MirkitError('BAD_OPTION', `filters of ${maxLen} samples: lower gamma or raise filterScale`, {
      option: opts.gamma ? 'gamma' : 'filterScale',
    });
  // one FFT of nFft per filter: bounded before any is made (4096 bins per octave took a minute)
  checkStepBound(
    n * nFft,
    MAX_CQT_KERNEL_WORK,
    `the CQT kernel would need ${n} filter FFTs of ${nFft} points (filters per octave x FFT length)`,
    'use fewer binsPerOctave, a higher fmin or a smaller filterScale',
    { option: 'binsPerOctave', filters: n, nFft },
  );
  const fft = new FFT(nFft);
  const buf = new Float64Array(2 * fft.size);
  const spec = new Float64Array(2 * fft.size);
  const half = nFft / 2;
  const rowStart = new Int32Array(n + 1);
  const binsL: number[] = [];
  const reL: number[] = [];
  const imL: number[] = [];
  const mags = new Float64Array(half + 1);
  const cre = new Float64Array(half + 1);
  const cim = new Float64Array(half + 1);
  for (let j = 0; j < n; j++) {
    const ilen = lengths[j];
    const start = Math.floor(-ilen / 2);
    const stop = Math.floor(ilen / 2);
    const len = Math.ceil(stop - start);
    const win = getWindow(opts.window as WindowName, len);
    const w = (2 * Math.PI * freqs[j]) / sr;
    const absV = new Float64Array(len);
    const sre = new Float64Array(len);
    const sim = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      const ph = (start + i) * w;
      sre[i] = Math.cos(ph) * win[i];
      sim[i] = Math.sin(ph) * win[i];
      absV[i] = Math.abs(win[i]);
    }
    let nrm = lpNorm(absV, opts.norm);
    if (!(nrm >= F32_TINY)) nrm = 1;
    const scale = ilen / nFft;
    buf.fill(0);
    const lpad = Math.floor((nFft - len) / 2);
    for (let i = 0; i < len; i++) {
      // complex64 storage of the normalised filter, then scaled by length / nFft
      buf[2 * (lpad + i)] = Math.fround(Math.fround(sre[i] / nrm) * scale);
      buf[2 * (lpad + i) + 1] = Math.fround(Math.fround(sim[i] / nrm) * scale);
    }
    fft.transform(spec, buf);
    let total = 0;
    for (let k = 0; k <= half; k++) {
      cre[k] = spec[2 * k];
      cim[k] = spec[2 * k + 1];
      mags[k] = Math.hypot(cre[k], cim[k]);
      total += mags[k];
    }
    // sparsify_rows: drop the smallest coefficients whose cumulative share stays below `sparsity`
    let thr = 0;
    if (opts.sparsity > 0 && total > 0) {
      const sorted = Float64Array.from(mags).sort();
      let cum = 0;
      let idx = 0;
      for (; idx < sorted.length; idx++) {
        cum += sorted[idx] / total;
        if (!(cum < opts.sparsity)) break;
      }
      if (idx >= sorted.length) idx = 0; // argmin of an all-True mask
      thr = sorted[idx];
    }
    for (let k = 0; k <= half; k++) {
      if (mags[k] >= thr) {
        binsL.push(k);
        reL.push(Math.fround(cre[k]));
        imL.push(Math.fround(cim[k]));
      }
    }
    rowStart[j + 1] = binsL.length;
  }
  return {
    nFft,
    nFilters: n,
    rowStart,
    bins: Int32Array.from(binsL),
    re: Float64Array.from(reL),
    im: Float64Array.from(imL),
    lengths,
  };
}
