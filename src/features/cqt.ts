/**
 * Constant-Q transform by librosa's recursive sub-sampling algorithm (`librosa.cqt`, i.e.
 * `librosa.vqt` with `gamma = 0`): option resolution, early downsampling and the octave
 * recursion. Filter design lives in `cqt-kernel.ts`, the per-octave frame engines in
 * `cqt-octave.ts`, the chroma folding in `cq-to-chroma.ts` (all re-exported here).
 */
import { pffftSupports, resolveFft, type FftOption } from '../dsp/fft.js';
import { FftJsClass, type FftJsInstance as FftJs } from '../dsp/fft-js-class.js';
import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkBoundedMatrix, checkNumber, checkPositiveInt, checkSampleRate, checkSignal, type Signal } from '../validate.js';
import type { ComplexMatrix, PadMode } from '../dsp/stft.js';
import type { WindowName } from '../dsp/windows.js';
import { decimateChecked } from '../audio/resample.js';
import { C1_HZ, octaveKernel, relativeBandwidth, waveletLengths, WINDOW_BANDWIDTH, type CqtKernel } from './cqt-kernel.js';
import {
  denseKernel,
  octaveBatchFft,
  octaveJsFft,
  octaveSliding,
  padForFrames,
  SLIDE_MAX_HOP,
  SLIDE_MAX_HOP_WASM,
  type CqtSink,
  type OctaveJob,
} from './cqt-octave.js';
import { readOptions } from '../options.js';
import { CQT_OPTIONS } from '../option-keys.js';
import { SpareBuffer, spareFloat32 } from '../util/spare-buffer.js';
import { shown } from '../util/shown.js';

/**
 * The CQT's working memory between calls, as spares (src/util/spare-buffer.ts: the same values, pages
 * already written instead of fresh ones, each a 15-20 us fault on this project's machine): the octaves'
 * decimated float32 signals, one after another (about the input's length in all), and the zero-padded
 * float32 copy the batch FFT reads. Calls on float64 signals, or longer than a spare keeps, use fresh memory.
 * Exported for the tests. @internal
 */
export const spareOctaves = new SpareBuffer();
/** See {@link spareOctaves}. @internal */
export const sparePadded = new SpareBuffer();

export { C1_HZ, cqtFilterLengths, cqtFrequencies, cqtKernel, type CqtFrequencyOptions, type CqtKernel } from './cqt-kernel.js';
export { chromaIndexMap, cqToChroma, type CqToChromaOptions } from './cq-to-chroma.js';

const FFT = FftJsClass;

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
    throw new MirkitError('BAD_OPTION', `norm must be a positive number, 0, +-Infinity or null, got ${shown(norm)}`, { option: 'norm' });
  }
  const sparsity = checkNumber(opts.sparsity ?? 0.01, 'sparsity', 0);
  if (sparsity >= 1) throw new MirkitError('BAD_OPTION', `sparsity must be in [0, 1), got ${sparsity}`, { option: 'sparsity' });
  const window = opts.window ?? 'hann';
  if (!(window in WINDOW_BANDWIDTH))
    throw new MirkitError('BAD_OPTION', `window must be one of ${Object.keys(WINDOW_BANDWIDTH).join(', ')}, got ${shown(window)}`, { option: 'window' });
  const padMode = opts.padMode ?? 'constant';
  if (padMode !== 'constant' && padMode !== 'reflect' && padMode !== 'edge') {
    throw new MirkitError('BAD_OPTION', `padMode must be 'constant', 'reflect' or 'edge', got '${shown(padMode)}'`, { option: 'padMode' });
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

/**
 * The kernels of every octave of a CQT/VQT, designed (lowest octave first) before any sample is resampled or transformed,
 * so that a kernel beyond `MAX_CQT_KERNEL_WORK` (or filters that cannot be designed) is refused
 * at once: the octaves' rates follow the recursion (halved after each octave while the hop is even;
 * with an odd hop the low octaves stay at the full rate and their filters grow twofold per octave).
 */
function octaveKernels(freqs: Float64Array, alpha: Float64Array, p: ResolvedCqt, sr: number, hop: number, nOctaves: number, nFilters: number): CqtKernel[] {
  const rates: number[] = [];
  for (let i = 0; i < nOctaves; i++) {
    rates.push(sr);
    if (hop % 2 === 0) {
      hop /= 2;
      sr /= 2;
    }
  }
  // the lowest octave first: its filters are the longest, so a kernel beyond the bound is met before the costly ones
  const kernels: CqtKernel[] = [];
  for (let i = nOctaves - 1; i >= 0; i--) {
    const lo = Math.max(0, freqs.length - nFilters * (i + 1));
    const hi = freqs.length - nFilters * i;
    kernels[i] = octaveKernel(rates[i], freqs.subarray(lo, hi), alpha.subarray(lo, hi), p);
  }
  return kernels;
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
    throw new MirkitError('BAD_OPTION', `the top bin (${freqs[nBins - 1]} Hz) is above Nyquist (${nyquist} Hz): reduce nBins or fmin`, { option: 'nBins' });
  }
  // early downsampling (librosa's __early_downsample)
  let hop = p.hop;
  let sig: Float32Array | Float64Array = y;
  const count1 = Math.max(0, Math.ceil(Math.log2(nyquist / cutoff)) - 1 - 1);
  const count2 = Math.max(0, numTwoFactors(hop) - nOctaves + 1);
  const dsCount = Math.min(count1, count2);
  // every octave's kernel designed (its bounds checked) before any sample is resampled
  const kernels = octaveKernels(freqs, alpha, p, dsCount > 0 ? sr / 2 ** dsCount : sr, dsCount > 0 ? Math.floor(hop / 2 ** dsCount) : hop, nOctaves, nFilters);
  if (dsCount > 0) {
    const factor = 2 ** dsCount;
    hop = Math.floor(hop / factor);
    if (sig.length < factor) {
      throw new MirkitError('TOO_SHORT', `input signal length=${sig.length} is too short for ${nOctaves}-octave CQT`);
    }
    sig = decimateChecked(sig, factor, p.fft);
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
  const sink: CqtSink = wantComplex ? { re: new Float32Array(nBins * cols), im: new Float32Array(nBins * cols) } : { mag: new Float32Array(nBins * cols) };
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
  // the decimated signals of the octaves below, one after another (float32 input only)
  const octaves = sig instanceof Float32Array ? spareFloat32(spareOctaves, sig.length + nOctaves) : undefined;
  let octaveAt = 0;
  for (let i = 0; i < nOctaves; i++) {
    const lo = Math.max(0, nBins - nFilters * (i + 1));
    const hi = nBins - nFilters * i;
    const kernel = kernels[i];
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
      if (!padBuf || padBuf.length < need) {
        if (padBuf) sparePadded.keep(padBuf.buffer);
        padBuf = spareFloat32(sparePadded, need);
      }
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
        plan = { fft, buf: new Float64Array(2 * fft.size), out: new Float64Array(2 * fft.size) };
        fftCache.set(nFft, plan);
      }
      octaveJsFft(job, plan.fft, plan.buf, plan.out);
    }
    if (myHop % 2 === 0 && i < nOctaves - 1) {
      myHop /= 2;
      mySr /= 2;
      myY = decimateChecked(myY, 2, p.fft, octaves?.subarray(octaveAt));
      if (octaves && myY.buffer === octaves.buffer) octaveAt += myY.length;
    }
  }
  if (octaves) spareOctaves.keep(octaves.buffer);
  if (padBuf) sparePadded.keep(padBuf.buffer);
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
 *   filter above Nyquist, or an octave kernel of more than 2^26 filter-FFT points), `TOO_SHORT`
 * @example
 * ```ts
 * const C = cqt(y, { sr: 22050, nBins: 84 });
 * const mag = cqtMagnitude(C); // Matrix of |C|
 * ```
 */
export function cqt(y: Signal, opts: CqtOptions = {}): ComplexMatrix {
  opts = readOptions('cqt', opts, CQT_OPTIONS);
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
  opts = readOptions('cqtMagnitude', opts, CQT_OPTIONS);
  if (input && typeof input === 'object' && 're' in input && 'im' in input) {
    const X = input as ComplexMatrix;
    if (!(X.re instanceof Float32Array) || X.re.length !== X.rows * X.cols || X.im.length !== X.re.length) {
      throw new MirkitError('BAD_SHAPE', 'expected a ComplexMatrix { rows, cols, re, im } as returned by cqt');
    }
    checkBoundedMatrix({ rows: X.rows, cols: X.cols, data: X.re }, 'C (real part)');
    checkBoundedMatrix({ rows: X.rows, cols: X.cols, data: X.im }, 'C (imaginary part)');
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
export function vqtOfChecked(
  sig: Float32Array | Float64Array,
  opts: CqtOptions,
  gamma: number | null,
  wantComplex: boolean,
): { rows: number; cols: number; sink: { re?: Float32Array; im?: Float32Array; mag?: Float32Array } } {
  return runCqt(sig, resolveCqt(opts, gamma), wantComplex);
}
