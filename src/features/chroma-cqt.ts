/**
 * Chroma from the constant-Q transform (`librosa.feature.chroma_cqt`) and its energy-normalised
 * variant CENS (`librosa.feature.chroma_cens`).
 */
import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkNumber, checkPositiveInt, checkSampleRate, checkSignal, checkSpectrogramValues, givenOrComputed, type Signal } from '../validate.js';
import type { FftOption } from '../dsp/fft.js';
import { getWindow, type WindowName } from '../dsp/windows.js';
import { C1_HZ, chromaIndexMap, cqtMagnitudeOfChecked, type CqtOptions } from './cqt.js';
import { estimateTuningOfChecked } from './tuning.js';
import { checkNorm, normalizeColumns } from './normalize-columns.js';
import { readOptions } from '../options.js';
import { CHROMA_CENS_OPTIONS, CHROMA_CQT_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

/** Options of {@link chromaCqt} (librosa.feature.chroma_cqt's names and defaults). */
export interface ChromaCqtOptions {
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** Precomputed CQT magnitude (rows = CQT bins); then `y` may be null. */
  C?: Matrix;
  /** Hop in samples. Default 512. */
  hopLength?: number;
  /** Lowest CQT frequency. Default C1 (32.703 Hz). */
  fmin?: number;
  /** Per-frame normalisation. Default Infinity (max = 1); null for none. */
  norm?: number | null;
  /** Chroma values below this are set to 0 before normalising. Default 0. */
  threshold?: number;
  /** Tuning in fractions of a CQT bin; estimated (at `binsPerOctave`) when omitted. */
  tuning?: number;
  /** Number of chroma bins. Default 12. */
  nChroma?: number;
  /** Number of octaves of the CQT. Default 7. */
  nOctaves?: number;
  /** CQT bins per octave (a multiple of nChroma). Default 36. */
  binsPerOctave?: number;
  /** CQT mode: only `'full'` (librosa's default) is implemented. */
  cqtMode?: 'full';
  /** Receives librosa's CQT warnings (default console.warn). */
  onWarning?: CqtOptions['onWarning'];
  /** FFT implementation for this call (`'auto'` default, `'js'`, `'wasm'`; see `FftOption`). */
  fft?: FftOption;
}

interface ResolvedChromaCqt {
  sr: number;
  nChroma: number;
  bpo: number;
  fmin: number;
}

function resolveChromaCqt(opts: ChromaCqtOptions): ResolvedChromaCqt {
  const sr = checkSampleRate(opts.sr ?? 22050);
  const nChroma = checkPositiveInt(opts.nChroma ?? 12, 'nChroma');
  const bpo = checkPositiveInt(opts.binsPerOctave ?? 36, 'binsPerOctave');
  if (bpo % nChroma !== 0) {
    throw new MirkitError('BAD_OPTION', `binsPerOctave=${bpo} must be an integer multiple of nChroma=${nChroma}`, { option: 'binsPerOctave' });
  }
  if (opts.cqtMode !== undefined && opts.cqtMode !== 'full') {
    throw new MirkitError('UNSUPPORTED', `cqtMode '${shown(opts.cqtMode)}' is not implemented; use 'full'`, { option: 'cqtMode' });
  }
  const fmin = checkNumber(opts.fmin ?? C1_HZ, 'fmin', Number.MIN_VALUE);
  return { sr, nChroma, bpo, fmin };
}

/** The un-normalised chroma of chroma_cqt (CQT magnitude folded onto pitch classes, thresholded). */
function rawChromaCqt(y: Signal | null, opts: ChromaCqtOptions, r: ResolvedChromaCqt): Matrix {
  const C = givenOrComputed(opts.C, 'C', 'of CQT magnitudes', 'CQT magnitude', y, (signal) => {
    const sig = checkSignal(signal);
    const nOctaves = checkPositiveInt(opts.nOctaves ?? 7, 'nOctaves');
    const tuning =
      opts.tuning !== undefined ? checkNumber(opts.tuning, 'tuning') : estimateTuningOfChecked(sig, { sr: r.sr, binsPerOctave: r.bpo, fft: opts.fft });
    return cqtMagnitudeOfChecked(sig, {
      sr: r.sr,
      hopLength: opts.hopLength ?? 512,
      fmin: r.fmin,
      nBins: nOctaves * r.bpo,
      binsPerOctave: r.bpo,
      tuning,
      onWarning: opts.onWarning,
      fft: opts.fft,
    });
  });
  if (opts.C !== undefined) checkSpectrogramValues(C.data, 'C');
  const map = chromaIndexMap(C.rows, r.bpo, r.nChroma, r.fmin, true);
  const cols = C.cols;
  const acc = new Float64Array(r.nChroma * cols);
  const d = C.data;
  for (let b = 0; b < C.rows; b++) {
    const off = map[b] * cols;
    const src = b * cols;
    for (let t = 0; t < cols; t++) acc[off + t] += d[src + t];
  }
  const out = new Float32Array(acc);
  const threshold = checkNumber(opts.threshold ?? 0, 'threshold');
  for (let i = 0; i < out.length; i++) if (out[i] < threshold) out[i] = 0;
  return { rows: r.nChroma, cols, data: out };
}

/**
 * Constant-Q chromagram, as `librosa.feature.chroma_cqt`: the magnitude of a 7-octave,
 * 36-bins-per-octave CQT from C1 (tuning estimated at 36 bins per octave unless given), folded
 * onto 12 pitch classes by {@link cqToChroma}, thresholded, and normalised per frame
 * (max = 1; silent frames stay 0).
 *
 * Synchronous; `fft` picks the FFT for this call: `'auto'` (default) PFFFT-wasm SIMD where it
 * runs, `'js'` fft.js in float64 (2-5x slower); results equal within float32 rounding.
 *
 * @param y - mono signal, or null when `opts.C` is given
 * @param opts - {@link ChromaCqtOptions}: `sr` 22050, `hopLength` 512, `fmin` C1, `norm` Infinity,
 *   `threshold` 0, `nChroma` 12, `nOctaves` 7, `binsPerOctave` 36
 * @returns Float32 {@link Matrix} `nChroma x frames` (row 0 = C)
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`, `UNSUPPORTED`
 * @example
 * ```ts
 * const chroma = chromaCqt(y, { sr: 22050 });
 * ```
 */
export function chromaCqt(y: Signal | null, opts: ChromaCqtOptions = {}): Matrix {
  opts = readOptions('chromaCqt', opts, CHROMA_CQT_OPTIONS);
  const r = resolveChromaCqt(opts);
  const norm = checkNorm(opts.norm === undefined ? Infinity : opts.norm);
  const chroma = rawChromaCqt(y, opts, r);
  normalizeColumns(chroma.data, chroma.rows, chroma.cols, norm);
  return chroma;
}

/** Options of {@link chromaCens}: chroma_cqt's plus the smoothing. */
export interface ChromaCensOptions extends Omit<ChromaCqtOptions, 'threshold'> {
  /** Final per-frame normalisation. Default 2 (L2); null for none. */
  norm?: number | null;
  /** Length of the temporal smoothing window in frames; null disables smoothing. Default 41. */
  winLenSmooth?: number | null;
  /** Window of the smoothing. Default 'hann'. */
  smoothingWindow?: WindowName;
}

/**
 * Chroma Energy Normalized Statistics (CENS, Müller & Ewert 2011), as
 * `librosa.feature.chroma_cens`: {@link chromaCqt} without normalisation, L1-normalised per
 * frame, quantised (thresholds 0.4, 0.2, 0.1, 0.05, each adding 0.25), smoothed over time with
 * a sum-normalised symmetric hann window of `winLenSmooth + 2` points (zero-padded
 * convolution, `scipy.ndimage.convolve(mode='constant')`), and L2-normalised per frame.
 *
 * @param y - mono signal, or null when `opts.C` is given
 * @param opts - {@link ChromaCensOptions}: chroma_cqt's options, `winLenSmooth` 41, `norm` 2
 * @returns Float32 {@link Matrix} `nChroma x frames`
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`
 * @example
 * ```ts
 * const cens = chromaCens(y, { sr: 22050 });
 * ```
 */
export function chromaCens(y: Signal | null, opts: ChromaCensOptions = {}): Matrix {
  opts = readOptions('chromaCens', opts, CHROMA_CENS_OPTIONS);
  const win = opts.winLenSmooth === undefined ? 41 : opts.winLenSmooth;
  if (win !== null && (typeof win !== 'number' || !Number.isInteger(win) || win <= 0)) {
    throw new MirkitError('BAD_OPTION', `winLenSmooth=${shown(win)} must be a positive integer or null`, { option: 'winLenSmooth' });
  }
  const norm = checkNorm(opts.norm === undefined ? 2 : opts.norm);
  const r = resolveChromaCqt(opts);
  const chroma = rawChromaCqt(y, { ...opts, threshold: 0 }, r);
  const { rows, cols, data } = chroma;
  normalizeColumns(data, rows, cols, 1);
  // quantise (float32 comparisons, as numpy's on float32 chroma)
  const steps = [0.4, 0.2, 0.1, 0.05].map(Math.fround);
  const quant = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    let q = 0;
    for (const s of steps) if (v > s) q += 0.25;
    quant[i] = q;
  }
  const out = new Float32Array(data.length);
  if (win === null) {
    out.set(quant);
  } else {
    const n = win + 2;
    const w = getWindow(opts.smoothingWindow ?? 'hann', n, false);
    let sum = 0;
    for (const v of w) sum += v;
    for (let i = 0; i < n; i++) w[i] /= sum;
    // scipy.ndimage.convolve, mode 'constant' (zeros), origin 0: out[t] = sum_j w[j] x[t + c - j]
    const c = Math.floor(n / 2);
    for (let ch = 0; ch < rows; ch++) {
      const off = ch * cols;
      for (let t = 0; t < cols; t++) {
        let acc = 0;
        const j0 = Math.max(0, t + c - (cols - 1));
        const j1 = Math.min(n - 1, t + c);
        for (let j = j0; j <= j1; j++) acc += w[j] * quant[off + t + c - j];
        out[off + t] = acc;
      }
    }
  }
  normalizeColumns(out, rows, cols, norm);
  return { rows, cols, data: out };
}
