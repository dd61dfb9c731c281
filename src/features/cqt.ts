/**
 * Constant-Q transform by librosa's recursive sub-sampling algorithm (`librosa.cqt`, i.e.
 * `librosa.vqt` with `gamma = 0`), its frequencies, filter lengths, FFT-domain kernels, and the
 * CQT-to-chroma folding matrix (`librosa.filters.cq_to_chroma`).
 */
import FFTJS from 'fft.js';
import { createRealFft, pffftSupports, resolveFft, splitRealPair, type FftOption } from '../dsp/fft.js';
import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkNumber, checkPositiveInt, checkSampleRate, checkSignal, type Signal } from '../validate.js';
import { padSignal, type ComplexMatrix, type PadMode } from '../dsp/stft.js';
import { getWindow, type WindowName } from '../dsp/windows.js';
import { resample } from '../audio/resample.js';
import { readOptions } from '../options.js';

interface FftJs {
  size: number;
  realTransform(out: Float64Array, data: ArrayLike<number>): void;
  transform(out: Float64Array, data: ArrayLike<number>): void;
  createComplexArray(): Float64Array;
}
const FFT = FFTJS as unknown as new (size: number) => FftJs;

/** Frequency of C1 in Hz (`librosa.note_to_hz('C1')`), the default `fmin` of the CQT. */
export const C1_HZ = 32.70319566257483;

/** Equivalent noise bandwidths (in FFT bins) of the windows librosa tabulates. */
const WINDOW_BANDWIDTH: Record<string, number> = {
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
  opts = readOptions('cqtFrequencies', opts);
  checkPositiveInt(nBins, 'nBins');
  const bpo = checkPositiveInt(opts.binsPerOctave ?? 12, 'binsPerOctave');
  const fmin = checkNumber(opts.fmin ?? C1_HZ, 'fmin', Number.MIN_VALUE);
  const tuning = checkNumber(opts.tuning ?? 0, 'tuning');
  const f0 = fmin * 2 ** (tuning / bpo);
  const out = new Float64Array(nBins);
  for (let k = 0; k < nBins; k++) out[k] = f0 * 2 ** (k / bpo);
  return out;
}

/** Relative bandwidths `alpha` of a filterbank at `freqs` (librosa's `filters._relative_bandwidth`). */
function relativeBandwidth(freqs: Float64Array, bpo: number): Float64Array {
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
 * Filter lengths (samples, fractional) and the cut-off frequency of the highest filter
 * (`filters.wavelet_lengths`): `Q sr / (f + gamma / alpha)`, with the bandwidth offset `gamma` in
 * Hz (0 for the CQT; null for librosa's `gamma=None`, the ERB-based `alpha * 24.7 / 0.108`).
 */
function waveletLengths(freqs: Float64Array, alpha: Float64Array, sr: number, filterScale: number, window: string, gamma: number | null = 0): { lengths: Float64Array; cutoff: number } {
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
  const freqs = cqtFrequencies(nBins, opts);
  const bpo = opts.binsPerOctave ?? 12;
  const sr = checkSampleRate(opts.sr ?? 22050);
  const window = opts.window ?? 'hann';
  if (!(window in WINDOW_BANDWIDTH)) throw new MirkitError('BAD_OPTION', `window must be one of ${Object.keys(WINDOW_BANDWIDTH).join(', ')}`, { option: 'window' });
  return waveletLengths(freqs, relativeBandwidth(freqs, bpo), sr, checkNumber(opts.filterScale ?? 1, 'filterScale', Number.MIN_VALUE), window).lengths;
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

const kernelCache = new Map<string, CqtKernel>();

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
 */
export function cqtKernel(
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
  const hit = kernelCache.get(key);
  if (hit) return hit;
  const n = freqs.length;
  const { lengths } = waveletLengths(freqs, alpha, sr, opts.filterScale, opts.window, opts.gamma);
  let maxLen = 0;
  for (const l of lengths) maxLen = Math.max(maxLen, l);
  const nFft = 2 ** Math.ceil(Math.log2(maxLen));
  const fft = new FFT(nFft);
  const buf = fft.createComplexArray();
  const spec = fft.createComplexArray();
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
    if (!(nrm >= 1.1754943508222875e-38)) nrm = 1;
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
  const kernel: CqtKernel = {
    nFft,
    nFilters: n,
    rowStart,
    bins: Int32Array.from(binsL),
    re: Float64Array.from(reL),
    im: Float64Array.from(imL),
    lengths,
  };
  if (kernelCache.size > 64) kernelCache.clear();
  kernelCache.set(key, kernel);
  return kernel;
}

/** Options of {@link cqt} (librosa.cqt's names and defaults). */
export interface CqtOptions {
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** Hop between frames in samples. Default 512. */
  hopLength?: number;
  /** Lowest frequency in Hz. Default C1 (32.703 Hz). */
  fmin?: number;
  /** Number of bins. Default 84. */
  nBins?: number;
  /** Bins per octave. Default 12. */
  binsPerOctave?: number;
  /**
   * Tuning offset in fractions of a bin; `fmin` becomes `fmin * 2 ** (tuning / binsPerOctave)`.
   * Default 0, librosa.cqt's default. (librosa's `tuning=None`, estimating it from the signal,
   * is `tuning: estimateTuning(y, { sr, binsPerOctave })`; {@link chromaCqt} does that itself.)
   */
  tuning?: number;
  /** Filter length scale (smaller = shorter filters). Default 1. */
  filterScale?: number;
  /** Norm of each time-domain filter: 1 (default), 2, Infinity, ... or null for none. */
  norm?: number | null;
  /** Fraction of each kernel row's magnitude that may be dropped. Default 0.01. */
  sparsity?: number;
  /** Window of the filters. Default 'hann'. */
  window?: WindowName;
  /** Divide each bin by the square root of its filter length (librosa's `scale`). Default true. */
  scale?: boolean;
  /** Padding of the centred frames. Default 'constant'. */
  padMode?: PadMode;
  /**
   * Called with librosa's warnings (`n_fft=... is too large for input signal of length=...`,
   * issued when the lowest octave's decimated signal is shorter than its frame; the transform
   * proceeds, as librosa's). Default: `console.warn`.
   */
  onWarning?: (message: string) => void;
  /** FFT implementation for this call (`'auto'` default, `'js'`, `'wasm'`; see `FftOption`). */
  fft?: FftOption;
}

interface ResolvedCqt {
  sr: number;
  hop: number;
  fmin: number;
  nBins: number;
  bpo: number;
  tuning: number;
  filterScale: number;
  norm: number | null;
  sparsity: number;
  window: string;
  scale: boolean;
  padMode: PadMode;
  warn: (m: string) => void;
  /** Bandwidth offset of the filters in Hz (0 = CQT; null = ERB-based, librosa vqt's `gamma=None`). */
  gamma: number | null;
  fft: FftOption;
}

function resolveCqt(opts: CqtOptions, gamma: number | null = 0): ResolvedCqt {
  const sr = checkSampleRate(opts.sr ?? 22050);
  const hop = checkPositiveInt(opts.hopLength ?? 512, 'hopLength');
  const fmin = checkNumber(opts.fmin ?? C1_HZ, 'fmin', Number.MIN_VALUE);
  const nBins = checkPositiveInt(opts.nBins ?? 84, 'nBins');
  const bpo = checkPositiveInt(opts.binsPerOctave ?? 12, 'binsPerOctave');
  const tuning = checkNumber(opts.tuning ?? 0, 'tuning');
  const filterScale = checkNumber(opts.filterScale ?? 1, 'filterScale', Number.MIN_VALUE);
  const norm = opts.norm === undefined ? 1 : opts.norm;
  if (norm !== null && (typeof norm !== 'number' || Number.isNaN(norm) || (norm < 0 && norm !== -Infinity))) {
    throw new MirkitError('BAD_OPTION', `norm must be a positive number, 0, +-Infinity or null, got ${String(norm)}`, { option: 'norm' });
  }
  const sparsity = checkNumber(opts.sparsity ?? 0.01, 'sparsity', 0);
  if (sparsity >= 1) throw new MirkitError('BAD_OPTION', `sparsity must be in [0, 1), got ${sparsity}`, { option: 'sparsity' });
  const window = opts.window ?? 'hann';
  if (!(window in WINDOW_BANDWIDTH)) throw new MirkitError('BAD_OPTION', `window must be one of ${Object.keys(WINDOW_BANDWIDTH).join(', ')}, got ${String(window)}`, { option: 'window' });
  const padMode = opts.padMode ?? 'constant';
  if (padMode !== 'constant' && padMode !== 'reflect' && padMode !== 'edge') {
    throw new MirkitError('BAD_OPTION', `padMode must be 'constant', 'reflect' or 'edge', got '${String(padMode)}'`, { option: 'padMode' });
  }
  const warn = opts.onWarning ?? ((m: string) => console.warn(`mirkit: ${m}`));
  return { sr, hop, fmin, nBins, bpo, tuning, filterScale, norm, sparsity, window, scale: opts.scale ?? true, padMode, warn, gamma, fft: opts.fft ?? 'auto' };
}

function numTwoFactors(x: number): number {
  if (x <= 0) return 0;
  let n = 0;
  while (x % 2 === 0) {
    n++;
    x /= 2;
  }
  return n;
}

/** Octaves with a hop up to this many samples update their spectra by a sliding DFT (js backend). */
const SLIDE_MAX_HOP = 32;
/**
 * On the wasm backend a PFFFT per frame (about 3 us for 1024 points, copies included) is cheaper
 * than the sliding DFT from hop 16 up (measured on the 252-bin, 36-per-octave CQT): the sliding
 * DFT is kept for hops up to this.
 */
const SLIDE_MAX_HOP_WASM = 8;
/** Frames between exact FFTs in the sliding DFT (bounds the accumulated rounding error). */
const SLIDE_RESYNC = 128;

/**
 * A {@link CqtKernel} in the layout of the projection loop: the contiguous bin range
 * `binLo .. binLo + nb` the kernel reads, and each row as one contiguous run of bins (gaps left by
 * the sparsification are zero coefficients, which add exact zeros) with its coefficients
 * interleaved `(re, im)`.
 */
interface DenseKernel {
  /** First FFT bin read by any row. */
  binLo: number;
  /** Number of bins from `binLo` to the last bin read, inclusive. */
  nb: number;
  /** First bin of each row, relative to `binLo`. */
  rowFirst: Int32Array;
  /** Number of bins of each row. */
  rowLen: Int32Array;
  /** Offset of each row's coefficients in `coef` (in floats: 2 per bin). */
  rowOff: Int32Array;
  /** Interleaved (re, im) coefficients of all rows. */
  coef: Float64Array;
}

const denseCache = new WeakMap<CqtKernel, DenseKernel>();
/** The dense-row form of a kernel (cached per kernel object; kernels are immutable). */
function denseKernel(k: CqtKernel): DenseKernel {
  const hit = denseCache.get(k);
  if (hit) return hit;
  const n = k.nFilters;
  let binLo = Infinity;
  let binHi = -1;
  for (let q = 0; q < k.bins.length; q++) {
    binLo = Math.min(binLo, k.bins[q]);
    binHi = Math.max(binHi, k.bins[q]);
  }
  if (binHi < 0) binLo = binHi = 0;
  const rowFirst = new Int32Array(n);
  const rowLen = new Int32Array(n);
  const rowOff = new Int32Array(n);
  let total = 0;
  for (let j = 0; j < n; j++) {
    const q0 = k.rowStart[j];
    const q1 = k.rowStart[j + 1];
    if (q1 > q0) {
      // bins of a row are ascending (they are collected in bin order)
      rowFirst[j] = k.bins[q0] - binLo;
      rowLen[j] = k.bins[q1 - 1] - k.bins[q0] + 1;
    }
    rowOff[j] = 2 * total;
    total += rowLen[j];
  }
  const coef = new Float64Array(2 * total);
  for (let j = 0; j < n; j++) {
    for (let q = k.rowStart[j]; q < k.rowStart[j + 1]; q++) {
      const o = rowOff[j] + 2 * (k.bins[q] - binLo - rowFirst[j]);
      coef[o] = k.re[q];
      coef[o + 1] = k.im[q];
    }
  }
  const dk: DenseKernel = { binLo, nb: binHi - binLo + 1, rowFirst, rowLen, rowOff, coef };
  denseCache.set(k, dk);
  return dk;
}

/**
 * The kernel rows times one frame's spectrum: `resp[2j], resp[2j+1]` = row j's complex response.
 * The spectrum's bin `binLo + i` is `(sRe[sOff + i], sIm[sOff + i])`.
 */
function projectFrame(dk: DenseKernel, sRe: Float64Array, sIm: Float64Array, sOff: number, resp: Float64Array): void {
  const { rowFirst, rowLen, rowOff, coef } = dk;
  const n = rowFirst.length;
  for (let j = 0; j < n; j++) {
    let ar = 0;
    let ai = 0;
    let c = rowOff[j];
    const b0 = sOff + rowFirst[j];
    const b1 = b0 + rowLen[j];
    for (let b = b0; b < b1; b++, c += 2) {
      const dr = sRe[b];
      const di = sIm[b];
      const br = coef[c];
      const bi = coef[c + 1];
      ar += br * dr - bi * di;
      ai += br * di + bi * dr;
    }
    resp[2 * j] = ar;
    resp[2 * j + 1] = ai;
  }
}

/** Output sink of the CQT engine: complex planes, or magnitudes only. */
interface CqtSink {
  re?: Float32Array;
  im?: Float32Array;
  mag?: Float32Array;
}

/** Writes one frame's scaled responses of `nOct` rows (from `row0`) into column `t` of the sink. */
function storeFrame(sink: CqtSink, cols: number, row0: number, t: number, resp: Float64Array, scales: Float64Array): void {
  const n = scales.length;
  const mag = sink.mag;
  if (mag) {
    for (let j = 0, o = row0 * cols + t; j < n; j++, o += cols) {
      const ar = resp[2 * j];
      const ai = resp[2 * j + 1];
      mag[o] = Math.sqrt(ar * ar + ai * ai) * scales[j];
    }
  } else {
    const re = sink.re!;
    const im = sink.im!;
    for (let j = 0, o = row0 * cols + t; j < n; j++, o += cols) {
      re[o] = resp[2 * j] * scales[j];
      im[o] = resp[2 * j + 1] * scales[j];
    }
  }
}

/** Writes `src[start .. start + n)` (zeros outside `src`) into the real (part 0) or imaginary (part 1) lane of `dst`. */
function fillFrame(dst: Float64Array, part: number, src: Float32Array | Float64Array, start: number, n: number): void {
  const len = src.length;
  if (start >= 0 && start + n <= len) {
    for (let i = 0; i < n; i++) dst[2 * i + part] = src[start + i];
    return;
  }
  for (let i = 0; i < n; i++) {
    const j = start + i;
    dst[2 * i + part] = j >= 0 && j < len ? src[j] : 0;
  }
}

/** Zero-padded (or reflect/edge-padded) copy of `y` as Float64, `half` samples each side. */
function padForFrames(y: Float32Array | Float64Array, half: number, mode: PadMode): Float64Array {
  if (mode !== 'constant') return Float64Array.from(padSignal(y, half, half, mode));
  const out = new Float64Array(y.length + 2 * half);
  out.set(y, half);
  return out;
}

/** Everything one octave's pass needs. */
interface OctaveJob {
  /** The octave's signal: padded (offset 0) or, with constant padding, the signal itself (offset -nFft/2). */
  src: Float32Array | Float64Array;
  offset: number;
  hop: number;
  nFft: number;
  nFrames: number;
  dk: DenseKernel;
  sink: CqtSink;
  cols: number;
  row0: number;
  scales: Float64Array;
  /** FFT implementation of the call. */
  fft: FftOption;
}

/** Frames of one octave through fft.js: two real frames per complex FFT, only the kernel's bins unpacked. */
function octaveJsFft(job: OctaveJob, fft: FftJs, buf: Float64Array, out: Float64Array): void {
  const { src, offset, hop, nFft, nFrames, dk, sink, cols, row0, scales } = job;
  const { binLo, nb } = dk;
  const aRe = new Float64Array(nb);
  const aIm = new Float64Array(nb);
  const bRe = new Float64Array(nb);
  const bIm = new Float64Array(nb);
  const resp = new Float64Array(2 * scales.length);
  for (let t = 0; t < nFrames; t += 2) {
    const two = t + 1 < nFrames;
    const sa = t * hop + offset;
    fillFrame(buf, 0, src, sa, nFft);
    if (two) fillFrame(buf, 1, src, sa + hop, nFft);
    else for (let n = 0; n < nFft; n++) buf[2 * n + 1] = 0;
    fft.transform(out, buf);
    splitRealPair(out, nFft, binLo, nb, aRe, aIm, bRe, bIm);
    projectFrame(dk, aRe, aIm, 0, resp);
    storeFrame(sink, cols, row0, t, resp, scales);
    if (two) {
      projectFrame(dk, bRe, bIm, 0, resp);
      storeFrame(sink, cols, row0, t + 1, resp, scales);
    }
  }
}

/**
 * Frames of one octave through the active backend's FFT plan (PFFFT-wasm), rectangular window:
 * each frame is a float32 view of the zero-padded signal, which the plan copies natively.
 */
function octaveBatchFft(job: OctaveJob, padded: Float32Array): void {
  const { hop, nFft, nFrames, dk, sink, cols, row0, scales } = job;
  const resp = new Float64Array(2 * scales.length);
  const fft = createRealFft(nFft, job.fft);
  const bins = (nFft >> 1) + 1;
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  const binLo = dk.binLo;
  for (let t = 0, s = 0; t < nFrames; t++, s += hop) {
    fft.forward(padded.subarray(s, s + nFft), re, im);
    projectFrame(dk, re, im, binLo, resp);
    storeFrame(sink, cols, row0, t, resp, scales);
  }
}

/**
 * Frames of one octave by a sliding DFT on the kernel's bins (rectangular window):
 * `X_{t+1}[k] = e^{2 pi i k h / N} (X_t[k] + sum_{m<h} (x[s+N+m] - x[s+m]) e^{-2 pi i k m / N})`,
 * re-synchronised with an exact FFT every {@link SLIDE_RESYNC} frames.
 */
function octaveSliding(job: OctaveJob): void {
  const { src, offset, hop: h, nFft, nFrames, dk, sink, cols, row0, scales } = job;
  const { binLo, nb } = dk;
  // twiddles e^{-2 pi i k m / N}, interleaved per bin; rotations e^{2 pi i k h / N}
  const tw = new Float64Array(2 * nb * h);
  const rot = new Float64Array(2 * nb);
  for (let i = 0; i < nb; i++) {
    const k = binLo + i;
    for (let m = 0; m < h; m++) {
      const ph = (-2 * Math.PI * ((k * m) % nFft)) / nFft;
      tw[2 * (i * h + m)] = Math.cos(ph);
      tw[2 * (i * h + m) + 1] = Math.sin(ph);
    }
    const ph = (2 * Math.PI * ((k * h) % nFft)) / nFft;
    rot[2 * i] = Math.cos(ph);
    rot[2 * i + 1] = Math.sin(ph);
  }
  const exact = createRealFft(nFft, job.fft);
  const frame = new Float64Array(nFft);
  const fRe = new Float64Array((nFft >> 1) + 1);
  const fIm = new Float64Array((nFft >> 1) + 1);
  const aRe = new Float64Array(nb);
  const aIm = new Float64Array(nb);
  const diff = new Float64Array(h);
  const resp = new Float64Array(2 * scales.length);
  const len = src.length;
  for (let t = 0; t < nFrames; t++) {
    if (t % SLIDE_RESYNC === 0) {
      const s = t * h + offset;
      for (let i = 0; i < nFft; i++) {
        const j = s + i;
        frame[i] = j >= 0 && j < len ? src[j] : 0;
      }
      exact.forward(frame, fRe, fIm);
      for (let i = 0; i < nb; i++) {
        aRe[i] = fRe[binLo + i];
        aIm[i] = fIm[binLo + i];
      }
    } else {
      const s0 = (t - 1) * h + offset;
      if (s0 >= 0 && s0 + nFft + h <= len) {
        for (let m = 0; m < h; m++) diff[m] = src[s0 + nFft + m] - src[s0 + m];
      } else {
        for (let m = 0; m < h; m++) {
          const jNew = s0 + nFft + m;
          const jOld = s0 + m;
          diff[m] = (jNew >= 0 && jNew < len ? src[jNew] : 0) - (jOld >= 0 && jOld < len ? src[jOld] : 0);
        }
      }
      for (let i = 0, c = 0; i < nb; i++) {
        // two partial sums per component (even and odd m) halve the dependency chains
        let xr = aRe[i];
        let xi = aIm[i];
        let yr = 0;
        let yi = 0;
        let m = 0;
        for (; m + 1 < h; m += 2, c += 4) {
          const d0 = diff[m];
          const d1 = diff[m + 1];
          xr += d0 * tw[c];
          xi += d0 * tw[c + 1];
          yr += d1 * tw[c + 2];
          yi += d1 * tw[c + 3];
        }
        if (m < h) {
          const d = diff[m];
          xr += d * tw[c];
          xi += d * tw[c + 1];
          c += 2;
        }
        xr += yr;
        xi += yi;
        const cr = rot[2 * i];
        const ci = rot[2 * i + 1];
        aRe[i] = xr * cr - xi * ci;
        aIm[i] = xr * ci + xi * cr;
      }
    }
    projectFrame(dk, aRe, aIm, 0, resp);
    storeFrame(sink, cols, row0, t, resp, scales);
  }
}

/**
 * The CQT engine (librosa's vqt with gamma 0). Writes scaled responses into `sink`, allocated
 * here once the output shape is known. Returns the output shape.
 */
function runCqt(y: Float32Array | Float64Array, p: ResolvedCqt, wantComplex: boolean): { rows: number; cols: number; sink: CqtSink } {
  const { bpo, nBins } = p;
  const nOctaves = Math.ceil(nBins / bpo);
  const nFilters = Math.min(bpo, nBins);
  const fmin = p.fmin * 2 ** (p.tuning / bpo);
  const freqs = new Float64Array(nBins);
  for (let k = 0; k < nBins; k++) freqs[k] = fmin * 2 ** (k / bpo);
  const alpha = relativeBandwidth(freqs, bpo);
  let sr = p.sr;
  const { cutoff } = waveletLengths(freqs, alpha, sr, p.filterScale, p.window, p.gamma);
  const nyquist = sr / 2;
  if (cutoff > nyquist) {
    throw new MirkitError(
      'BAD_OPTION',
      `wavelet basis with max frequency=${freqs[nBins - 1]} would exceed the Nyquist frequency=${nyquist}; reduce nBins or fmin`,
      { option: 'nBins' },
    );
  }
  // early downsampling (librosa's __early_downsample)
  let hop = p.hop;
  let sig: Float32Array | Float64Array = y;
  const count1 = Math.max(0, Math.ceil(Math.log2(nyquist / cutoff)) - 1 - 1);
  const count2 = Math.max(0, numTwoFactors(hop) - nOctaves + 1);
  const dsCount = Math.min(count1, count2);
  if (dsCount > 0) {
    const factor = 2 ** dsCount;
    hop = Math.floor(hop / factor);
    if (sig.length < factor) {
      throw new MirkitError('TOO_SHORT', `input signal length=${sig.length} is too short for ${nOctaves}-octave CQT`);
    }
    sig = resample(sig, factor, 1, { scale: true, fft: p.fft });
    if (!p.scale) {
      const g = Math.sqrt(factor);
      const s2 = new Float32Array(sig.length);
      for (let i = 0; i < sig.length; i++) s2[i] = sig[i] * g;
      sig = s2;
    }
    sr = sr / factor;
  }
  // output shape: frames per octave are 1 + floor(len_i / hop_i); trimmed to the minimum
  let cols = Infinity;
  {
    let len = sig.length;
    let h = hop;
    for (let i = 0; i < nOctaves; i++) {
      cols = Math.min(cols, 1 + Math.floor(len / h));
      if (h % 2 === 0) {
        h /= 2;
        len = Math.ceil(len / 2);
      }
    }
  }
  const sink: CqtSink = wantComplex
    ? { re: new Float32Array(nBins * cols), im: new Float32Array(nBins * cols) }
    : { mag: new Float32Array(nBins * cols) };
  // final per-bin scale: 1 / sqrt(length at the (possibly early-downsampled) rate)
  const binScale = new Float64Array(nBins).fill(1);
  if (p.scale) {
    const { lengths } = waveletLengths(freqs, alpha, sr, p.filterScale, p.window, p.gamma);
    for (let k = 0; k < nBins; k++) binScale[k] = 1 / Math.sqrt(lengths[k]);
  }
  const onWasm = resolveFft(p.fft) !== 'js';
  let mySr = sr;
  let myHop = hop;
  let myY: Float32Array | Float64Array = sig;
  let end = nBins;
  const fftCache = new Map<number, { fft: FftJs; buf: Float64Array; out: Float64Array }>();
  let padBuf: Float32Array | undefined; // zero-padded float32 copies for the batch FFT, reused across octaves
  for (let i = 0; i < nOctaves; i++) {
    const lo = Math.max(0, nBins - nFilters * (i + 1));
    const hi = nBins - nFilters * i;
    const kernel = cqtKernel(mySr, freqs.subarray(lo, hi), alpha.subarray(lo, hi), p);
    const nFft = kernel.nFft;
    const gain = Math.sqrt(sr / mySr);
    const nOct = hi - lo;
    // rows of this octave in the output (librosa's __trim_stack: top octave at the end)
    const row0 = end - nOct;
    end -= nOct;
    if (nFft > myY.length) p.warn(`n_fft=${nFft} is too large for input signal of length=${myY.length}`);
    const half = nFft >> 1;
    // constant padding is read in place (zeros outside the signal); other modes use a padded copy
    const constant = p.padMode === 'constant';
    const src: Float32Array | Float64Array = constant ? myY : padForFrames(myY, half, p.padMode);
    const scales = new Float64Array(nOct);
    for (let j = 0; j < nOct; j++) scales[j] = gain * binScale[lo + j];
    const job: OctaveJob = {
      src,
      offset: constant ? -half : 0,
      hop: myHop,
      nFft,
      nFrames: Math.min(cols, 1 + Math.floor(myY.length / myHop)),
      dk: denseKernel(kernel),
      sink,
      cols,
      row0,
      scales,
      fft: p.fft,
    };
    const batch = onWasm && pffftSupports(nFft);
    if (myHop <= (batch ? SLIDE_MAX_HOP_WASM : SLIDE_MAX_HOP) && job.nFrames > 2) {
      octaveSliding(job);
    } else if (batch) {
      // PFFFT-wasm: one real FFT per frame through the shared batch path, from a float32
      // zero-padded copy (PFFFT reads float32 anyway)
      const need = myY.length + 2 * half;
      if (!padBuf || padBuf.length < need) padBuf = new Float32Array(need);
      const padded = padBuf.subarray(0, need);
      if (constant) {
        padded.fill(0, 0, half);
        padded.set(myY, half);
        padded.fill(0, half + myY.length);
      } else padded.set(src);
      octaveBatchFft(job, padded);
    } else {
      let plan = fftCache.get(nFft);
      if (!plan) {
        const fft = new FFT(nFft);
        plan = { fft, buf: fft.createComplexArray(), out: fft.createComplexArray() };
        fftCache.set(nFft, plan);
      }
      octaveJsFft(job, plan.fft, plan.buf, plan.out);
    }
    if (myHop % 2 === 0 && i < nOctaves - 1) {
      myHop /= 2;
      mySr /= 2;
      myY = resample(myY, 2, 1, { scale: true, fft: p.fft });
    }
  }
  return { rows: nBins, cols, sink };
}

/**
 * Constant-Q transform of a signal, equal to `librosa.cqt` (librosa 0.11: `vqt` with
 * `gamma = 0`), by the recursive sub-sampling method of Schörkhuber and Klapuri (2010):
 * optional early downsampling, then octave by octave (top octave first) a centred STFT with a
 * rectangular window and a sparse FFT-domain kernel of that octave's filters, followed by a
 * 2:1 decimation (soxr-HQ-like band-limited resampling, energy-preserving) for the next octave
 * down. Octave responses are trimmed to a common frame count and stacked; with `scale` each
 * bin is divided by `sqrt(filter length)`.
 *
 * Synchronous; `fft` picks the FFT for this call: `'auto'` (default) PFFFT-wasm SIMD where it
 * runs, `'js'` fft.js in float64 (2-5x slower); results equal within float32 rounding.
 *
 * @param y - mono signal
 * @param opts - {@link CqtOptions}: `sr` 22050, `hopLength` 512, `fmin` C1, `nBins` 84,
 *   `binsPerOctave` 12, `tuning` 0, `filterScale` 1, `norm` 1, `sparsity` 0.01, `window` 'hann',
 *   `scale` true, `padMode` 'constant'
 * @returns complex {@link ComplexMatrix} `{ rows: nBins, cols: frames, re, im }` (Float32),
 *   frames = `1 + floor(len / hopLength)` (or fewer when a decimated octave runs short)
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION` (e.g. the top
 *   filter above Nyquist), `TOO_SHORT`
 * @example
 * ```ts
 * const C = cqt(y, { sr: 22050, nBins: 84 });
 * const mag = cqtMagnitude(C); // Matrix of |C|
 * ```
 */
export function cqt(y: Signal, opts: CqtOptions = {}): ComplexMatrix {
  opts = readOptions('cqt', opts);
  const sig = checkSignal(y);
  const p = resolveCqt(opts);
  const { rows, cols, sink } = runCqt(sig, p, true);
  return { rows, cols, re: sink.re!, im: sink.im! };
}

/**
 * Magnitude of a constant-Q transform, `np.abs(librosa.cqt(y, ...))`: either of a
 * {@link ComplexMatrix} returned by {@link cqt}, or computed directly from a signal (without
 * keeping the complex values).
 *
 * Synchronous; `fft` picks the FFT for this call: `'auto'` (default) PFFFT-wasm SIMD where it
 * runs, `'js'` fft.js in float64 (2-5x slower); results equal within float32 rounding.
 *
 * @param input - a {@link ComplexMatrix} from {@link cqt}, or a mono signal
 * @param opts - {@link CqtOptions} when `input` is a signal
 * @returns Float32 {@link Matrix} `nBins x frames`
 * @example
 * ```ts
 * const C = cqtMagnitude(y, { nBins: 252, binsPerOctave: 36 });
 * ```
 */
export function cqtMagnitude(input: ComplexMatrix | Signal, opts: CqtOptions = {}): Matrix {
  opts = readOptions('cqtMagnitude', opts);
  if (input && typeof input === 'object' && 're' in input && 'im' in input) {
    const X = input as ComplexMatrix;
    if (!(X.re instanceof Float32Array) || X.re.length !== X.rows * X.cols || X.im.length !== X.re.length) {
      throw new MirkitError('BAD_SHAPE', 'expected a ComplexMatrix { rows, cols, re, im } as returned by cqt');
    }
    const data = new Float32Array(X.re.length);
    for (let i = 0; i < data.length; i++) data[i] = Math.hypot(X.re[i], X.im[i]);
    return { rows: X.rows, cols: X.cols, data };
  }
  return cqtMagnitudeOfChecked(checkSignal(input), opts);
}

/** @internal {@link cqtMagnitude} of a signal already through `checkSignal` (chroma_cqt's path). */
export function cqtMagnitudeOfChecked(sig: Float32Array | Float64Array, opts: CqtOptions = {}): Matrix {
  const p = resolveCqt(opts);
  const { rows, cols, sink } = runCqt(sig, p, false);
  return { rows, cols, data: sink.mag! };
}

/**
 * @internal The variable-Q transform engine (librosa's `vqt`): {@link cqt}'s recursive
 * sub-sampling with filters of bandwidth offset `gamma` Hz (null = ERB-based), for `vqt.ts`.
 */
export function vqtOfChecked(sig: Float32Array | Float64Array, opts: CqtOptions, gamma: number | null, wantComplex: boolean): { rows: number; cols: number; sink: { re?: Float32Array; im?: Float32Array; mag?: Float32Array } } {
  return runCqt(sig, resolveCqt(opts, gamma), wantComplex);
}

/** Options of {@link cqToChroma} (librosa.filters.cq_to_chroma's names and defaults). */
export interface CqToChromaOptions {
  /** Bins per octave of the CQT (default 12); must be a multiple of `nChroma`. */
  binsPerOctave?: number;
  /** Number of chroma bins (default 12). */
  nChroma?: number;
  /** Centre frequency of the first CQT bin (default C1); decides the rotation. */
  fmin?: number;
  /** Start the chroma at C (default true) instead of A. */
  baseC?: boolean;
}

/**
 * The `nChroma x nInput` matrix folding CQT bins onto pitch classes, as
 * `librosa.filters.cq_to_chroma`: every CQT bin contributes with weight 1 to one chroma bin
 * (the `binsPerOctave / nChroma` bins around each semitone are merged), rotated so that row 0
 * is C (or A with `baseC: false`) given the CQT's `fmin`.
 *
 * @param nInput - number of CQT bins
 * @param opts - {@link CqToChromaOptions}: `binsPerOctave` 12, `nChroma` 12, `fmin` C1, `baseC` true
 * @returns Float32 {@link Matrix} `nChroma x nInput`
 * @example
 * ```ts
 * const M = cqToChroma(252, { binsPerOctave: 36 });
 * ```
 */
export function cqToChroma(nInput: number, opts: CqToChromaOptions = {}): Matrix {
  opts = readOptions('cqToChroma', opts);
  checkPositiveInt(nInput, 'nInput');
  const bpo = checkPositiveInt(opts.binsPerOctave ?? 12, 'binsPerOctave');
  const nChroma = checkPositiveInt(opts.nChroma ?? 12, 'nChroma');
  const fmin = checkNumber(opts.fmin ?? C1_HZ, 'fmin', Number.MIN_VALUE);
  const nMerge = bpo / nChroma;
  if (!Number.isInteger(nMerge)) {
    throw new MirkitError('BAD_OPTION', `incompatible CQ merge: binsPerOctave (${bpo}) must be an integer multiple of nChroma (${nChroma})`, { option: 'binsPerOctave' });
  }
  const map = chromaIndexMap(nInput, bpo, nChroma, fmin, opts.baseC ?? true);
  const data = new Float32Array(nChroma * nInput);
  for (let j = 0; j < nInput; j++) data[map[j] * nInput + j] = 1;
  return { rows: nChroma, cols: nInput, data };
}

/** numpy's round-half-to-even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** @internal The chroma row each CQT bin folds onto (the single 1 in each column of cq_to_chroma). */
export function chromaIndexMap(nInput: number, bpo: number, nChroma: number, fmin: number, baseC: boolean): Int32Array {
  const nMerge = bpo / nChroma;
  const shift = Math.floor(nMerge / 2);
  const midi = 12 * (Math.log2(fmin) - Math.log2(440)) + 69;
  let midi0 = midi % 12;
  if (midi0 < 0) midi0 += 12;
  const roll = roundHalfEven((baseC ? midi0 : midi0 - 9) * (nChroma / 12));
  const out = new Int32Array(nInput);
  for (let j = 0; j < nInput; j++) {
    const jj = ((j % bpo) + shift) % bpo;
    const row = Math.floor(jj / nMerge);
    out[j] = (((row + roll) % nChroma) + nChroma) % nChroma;
  }
  return out;
}
