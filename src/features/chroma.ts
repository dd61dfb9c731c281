/**
 * Chroma features: `librosa.filters.chroma`, `librosa.feature.chroma_stft`,
 * `librosa.feature.chroma_cqt` and `librosa.feature.chroma_cens`.
 */
import { MirkitError } from '../errors.js';
import { isMatrix, type Matrix } from '../matrix.js';
import { checkMatrix, checkNumber, checkPositiveInt, checkSampleRate, checkSignal, type Signal } from '../validate.js';
import type { PadMode } from '../dsp/stft.js';
import type { FftOption } from '../dsp/fft.js';
import { getWindow, type WindowName, type WindowSpec } from '../dsp/windows.js';
import { C1_HZ, chromaIndexMap, cqtMagnitudeOfChecked, type CqtOptions } from './cqt.js';
import { estimateTuningOfChecked, matrixView, PeakAccumulator, spectrogramFrames, tuningFromSpectrogram, type SpecView } from './tuning.js';
import { readOptions } from '../options.js';

/** float32's smallest normal number: librosa's `util.tiny` threshold for normalisation. */
const TINY32 = 1.1754943508222875e-38;

/**
 * Normalises each column (frame) of `m` in place as `librosa.util.normalize(S, norm, axis=0)`:
 * columns whose norm is below the float32 `tiny` threshold are left unscaled (so silence stays
 * zero, never NaN). `norm`: Infinity (max), -Infinity (min), 0 (count of non-zeros), p > 0, or
 * null for none.
 * @internal
 */
export function normalizeColumns(data: Float32Array | Float64Array, rows: number, cols: number, norm: number | null): void {
  if (norm === null) return;
  const len = new Float64Array(cols);
  if (norm === -Infinity) len.fill(Infinity);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let t = 0; t < cols; t++) {
      const a = Math.abs(data[off + t]);
      if (norm === Infinity) {
        if (a > len[t]) len[t] = a;
      } else if (norm === -Infinity) {
        if (a < len[t]) len[t] = a;
      } else if (norm === 0) {
        if (a > 0) len[t]++;
      } else if (norm === 1) len[t] += a;
      else if (norm === 2) len[t] += a * a;
      else len[t] += Math.pow(a, norm);
    }
  }
  for (let t = 0; t < cols; t++) {
    let l = len[t];
    if (norm === 2) l = Math.sqrt(l);
    else if (norm !== Infinity && norm !== -Infinity && norm !== 0 && norm !== 1) l = Math.pow(l, 1 / norm);
    len[t] = l < TINY32 ? 1 : 1 / l;
  }
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let t = 0; t < cols; t++) data[off + t] *= len[t];
  }
}

/** Validates a `librosa.util.normalize` norm. @internal */
export function checkNorm(norm: unknown, name = 'norm'): number | null {
  if (norm === null) return null;
  if (typeof norm !== 'number' || Number.isNaN(norm) || (norm < 0 && norm !== -Infinity)) {
    throw new MirkitError('BAD_OPTION', `${name} must be a positive number, 0, +-Infinity or null, got ${String(norm)}`, { option: name });
  }
  return norm;
}

/** Options of {@link chromaFilterbank} (librosa.filters.chroma's names and defaults). */
export interface ChromaFilterbankOptions {
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** FFT size; the filterbank has `1 + nFft/2` columns. Default 2048. */
  nFft?: number;
  /** Number of chroma bins. Default 12. */
  nChroma?: number;
  /** Tuning deviation from A440 in fractions of a chroma bin. Default 0. */
  tuning?: number;
  /** Centre of the Gaussian octave weighting, in octaves above A0 = 27.5 Hz. Default 5. */
  ctroct?: number;
  /** Half-width of the octave weighting in octaves; `null` for flat weighting. Default 2. */
  octwidth?: number | null;
  /** Norm of each column (FFT bin) before the octave weighting. Default 2. */
  norm?: number | null;
  /** Start at C (default true) instead of A. */
  baseC?: boolean;
}

/** nFft of a chromagram: at least 2 (one FFT bin holds only DC, which has no pitch class). Throws `BAD_OPTION`. */
function checkChromaNfft(nFft: unknown): number {
  const n = checkPositiveInt(nFft, 'nFft');
  if (n < 2) throw new MirkitError('BAD_OPTION', `nFft must be at least 2 for a chromagram (nFft = 1 has only the DC bin), got ${n}`, { option: 'nFft' });
  return n;
}

/**
 * The chroma filterbank mapping STFT bins to pitch classes, as `librosa.filters.chroma`
 * (Ellis' chromagram): every FFT bin spreads a Gaussian bump (width one chroma bin or the bin's
 * own width) over the chroma bins around its pitch; columns are normalised (L2) and weighted
 * by a Gaussian over octaves centred on `ctroct` (octave 5 above A0, ~880 Hz) with half-width
 * `octwidth`.
 *
 * @param opts - {@link ChromaFilterbankOptions}: `sr` 22050, `nFft` 2048, `nChroma` 12, `tuning` 0,
 *   `ctroct` 5, `octwidth` 2, `norm` 2, `baseC` true
 * @returns Float32 {@link Matrix} `nChroma x (1 + nFft/2)`
 * @example
 * ```ts
 * const fb = chromaFilterbank({ sr: 22050, nFft: 2048 });
 * ```
 */
export function chromaFilterbank(opts: ChromaFilterbankOptions = {}): Matrix {
  opts = readOptions('chromaFilterbank', opts);
  const sr = checkSampleRate(opts.sr ?? 22050);
  const nFft = checkChromaNfft(opts.nFft ?? 2048);
  const nChroma = checkPositiveInt(opts.nChroma ?? 12, 'nChroma');
  const tuning = checkNumber(opts.tuning ?? 0, 'tuning');
  const ctroct = checkNumber(opts.ctroct ?? 5, 'ctroct');
  const octwidth = opts.octwidth === undefined ? 2 : opts.octwidth;
  if (octwidth !== null) checkNumber(octwidth, 'octwidth', Number.MIN_VALUE);
  const norm = checkNorm(opts.norm === undefined ? 2 : opts.norm);
  const baseC = opts.baseC ?? true;
  const a440 = 440 * 2 ** (tuning / nChroma);
  // frqbins: chroma position of every FFT bin (bin 0 made up 1.5 octaves below bin 1)
  const frq = new Float64Array(nFft);
  const step = sr / nFft;
  for (let k = 1; k < nFft; k++) frq[k] = nChroma * Math.log2((k * step) / (a440 / 16));
  frq[0] = frq[1] - 1.5 * nChroma;
  const width = new Float64Array(nFft);
  for (let k = 0; k < nFft - 1; k++) width[k] = Math.max(frq[k + 1] - frq[k], 1);
  width[nFft - 1] = 1;
  const nChroma2 = roundHalfEven(nChroma / 2); // np.round
  const cols = Math.floor(1 + nFft / 2);
  const wts = new Float64Array(nChroma * nFft);
  for (let k = 0; k < nFft; k++) {
    for (let c = 0; c < nChroma; c++) {
      const d0 = frq[k] - c + nChroma2 + 10 * nChroma;
      const d = (((d0 % nChroma) + nChroma) % nChroma) - nChroma2;
      const z = (2 * d) / width[k];
      wts[c * nFft + k] = Math.exp(-0.5 * z * z);
    }
  }
  // normalise each column, then the octave weighting
  if (norm !== null) {
    for (let k = 0; k < nFft; k++) {
      let l = 0;
      for (let c = 0; c < nChroma; c++) {
        const a = Math.abs(wts[c * nFft + k]);
        if (norm === Infinity) l = Math.max(l, a);
        else if (norm === 1) l += a;
        else if (norm === 2) l += a * a;
        else if (norm === 0) l += a > 0 ? 1 : 0;
        else l += Math.pow(a, norm);
      }
      if (norm === 2) l = Math.sqrt(l);
      else if (norm !== Infinity && norm !== 1 && norm !== 0) l = Math.pow(l, 1 / norm);
      if (l < 2.2250738585072014e-308) l = 1; // float64 tiny
      for (let c = 0; c < nChroma; c++) wts[c * nFft + k] /= l;
    }
  }
  if (octwidth !== null) {
    for (let k = 0; k < nFft; k++) {
      const z = (frq[k] / nChroma - ctroct) / octwidth;
      const g = Math.exp(-0.5 * z * z);
      for (let c = 0; c < nChroma; c++) wts[c * nFft + k] *= g;
    }
  }
  const rollBy = baseC ? 3 * Math.floor(nChroma / 12) : 0; // np.roll(wts, -3, axis=0)
  const data = new Float32Array(nChroma * cols);
  for (let c = 0; c < nChroma; c++) {
    const src = (((c + rollBy) % nChroma) + nChroma) % nChroma;
    for (let k = 0; k < cols; k++) data[c * cols + k] = wts[src * nFft + k];
  }
  return { rows: nChroma, cols, data };
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const fbCache = new Map<string, Matrix>();
/** {@link chromaFilterbank}, cached per option set (the matrices are immutable; a few dozen at most). @internal */
export function cachedFilterbank(o: ChromaFilterbankOptions): Matrix {
  const key = `${o.sr}|${o.nFft}|${o.nChroma}|${o.tuning}|${o.ctroct}|${o.octwidth}|${o.norm}|${o.baseC}`;
  let fb = fbCache.get(key);
  if (!fb) {
    fb = chromaFilterbank(o);
    if (fbCache.size >= 32) fbCache.delete(fbCache.keys().next().value!);
    fbCache.set(key, fb);
  }
  return fb;
}

/**
 * `out[c * outCols + t0 + t] = sum_k fb[c * bins + k] * S[t * ts + k]` for frame-major float32 `S`
 * (`frames` frames): six chroma rows per pass over a frame (each frame value loaded once for six
 * products), each row summed in bin order as the one-row loop would.
 */
export function projectFrames(
  fb: Float32Array,
  nChroma: number,
  S: Float32Array,
  bins: number,
  frames: number,
  ts: number,
  out: Float32Array,
  outCols: number,
  t0: number,
): void {
  for (let t = 0; t < frames; t++) {
    const base = t * ts;
    const ot = t0 + t;
    let c = 0;
    for (; c + 6 <= nChroma; c += 6) {
      const w0 = c * bins;
      const w1 = w0 + bins;
      const w2 = w1 + bins;
      const w3 = w2 + bins;
      const w4 = w3 + bins;
      const w5 = w4 + bins;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
      for (let k = 0; k < bins; k++) {
        const x = S[base + k];
        a0 += fb[w0 + k] * x;
        a1 += fb[w1 + k] * x;
        a2 += fb[w2 + k] * x;
        a3 += fb[w3 + k] * x;
        a4 += fb[w4 + k] * x;
        a5 += fb[w5 + k] * x;
      }
      out[c * outCols + ot] = a0;
      out[(c + 1) * outCols + ot] = a1;
      out[(c + 2) * outCols + ot] = a2;
      out[(c + 3) * outCols + ot] = a3;
      out[(c + 4) * outCols + ot] = a4;
      out[(c + 5) * outCols + ot] = a5;
    }
    for (; c < nChroma; c++) {
      const w0 = c * bins;
      let a = 0;
      for (let k = 0; k < bins; k++) a += fb[w0 + k] * S[base + k];
      out[c * outCols + ot] = a;
    }
  }
}

/**
 * The un-normalised 12-bin chroma_stft (librosa's default filterbank for `sr`, `nFft`, `tuning`)
 * of `count` frame-major float32 power frames `P[t * bins + k]`, written into columns
 * `t0 .. t0 + count` of the bin-major `12 x cols` array `out`. Normalising the whole `out` with
 * {@link normalizeColumns} (Infinity) afterwards gives `chromaStft(null, { S, sr, tuning })` of the
 * same power spectrogram, value for value (chunked callers: the feature sets). @internal
 */
export function projectChromaFrames(P: Float32Array, bins: number, count: number, sr: number, nFft: number, tuning: number, out: Float32Array, cols: number, t0: number): void {
  const fb = cachedFilterbank({ sr, nFft, nChroma: 12, tuning, ctroct: undefined, octwidth: undefined, norm: undefined, baseC: undefined });
  projectFrames(fb.data as Float32Array, 12, P, bins, count, bins, out, cols, t0);
}

/** Options of {@link chromaStft} (librosa.feature.chroma_stft's names and defaults). */
export interface ChromaStftOptions {
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** Precomputed power spectrogram (rows `1 + nFft/2`); then `y` may be null. */
  S?: Matrix;
  /** Per-frame normalisation of the chromagram. Default Infinity (max = 1); null for none. */
  norm?: number | null;
  /** FFT size. Default 2048. */
  nFft?: number;
  /** Hop in samples. Default 512. */
  hopLength?: number;
  /** Window length. Default nFft. */
  winLength?: number;
  /** Window. Default 'hann'. */
  window?: WindowSpec;
  /** Centre the frames. Default true. */
  center?: boolean;
  /** Padding for centred frames. Default 'constant'. */
  padMode?: PadMode;
  /** Tuning in fractions of a chroma bin; estimated from the power spectrogram when omitted. */
  tuning?: number;
  /** Number of chroma bins. Default 12. */
  nChroma?: number;
  /** Centre of the filterbank's octave weighting, octaves above A0 (librosa.filters.chroma `ctroct`). Default 5. */
  ctroct?: number;
  /** Half-width of the octave weighting in octaves; null for flat (`octwidth`). Default 2. */
  octwidth?: number | null;
  /** Norm of each filterbank column (librosa.filters.chroma's `norm`, renamed to keep `norm` for the output). Default 2. */
  filterNorm?: number | null;
  /** Start the chroma at C (default true) instead of A. */
  baseC?: boolean;
  /** FFT implementation for this call (`'auto'` default, `'js'`, `'wasm'`; see `FftOption`). */
  fft?: FftOption;
}

/**
 * Chromagram from a power spectrogram, as `librosa.feature.chroma_stft`: `|STFT|^2`
 * (n_fft 2048, hop 512, hann, centred with zero padding), the tuning estimated on that power
 * spectrogram when not given, the {@link chromaFilterbank} applied, and each frame normalised
 * (max = 1 by default; silent frames stay 0).
 *
 * Synchronous; `fft` picks the FFT for this call: `'auto'` (default) PFFFT-wasm SIMD where it
 * runs, `'js'` fft.js in float64 (2-5x slower); results equal within float32 rounding.
 *
 * @param y - mono signal, or null when `opts.S` is given
 * @param opts - {@link ChromaStftOptions}
 * @returns Float32 {@link Matrix} `nChroma x frames` (row 0 = C)
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`
 * @example
 * ```ts
 * const chroma = chromaStft(y, { sr: 22050 });
 * ```
 */
export function chromaStft(y: Signal | null, opts: ChromaStftOptions = {}): Matrix {
  opts = readOptions('chromaStft', opts);
  const sr = checkSampleRate(opts.sr ?? 22050);
  const nChroma = checkPositiveInt(opts.nChroma ?? 12, 'nChroma');
  const norm = checkNorm(opts.norm === undefined ? Infinity : opts.norm);
  let S: SpecView;
  let nFft: number;
  let tuning: number;
  if (opts.S !== undefined) {
    if (!isMatrix(opts.S)) throw new MirkitError('BAD_SHAPE', 'S must be a Matrix { rows, cols, data } (a power spectrogram, rows = 1 + nFft/2)');
    const m = checkMatrix(opts.S, 'S');
    if (m.rows < 2) throw new MirkitError('BAD_SHAPE', `S must have at least 2 frequency bins, got ${m.rows}`);
    S = matrixView(m);
    nFft = 2 * (m.rows - 1);
    tuning = opts.tuning !== undefined ? checkNumber(opts.tuning, 'tuning') : tuningFromSpectrogram(S, nFft, sr, { binsPerOctave: nChroma });
  } else {
    if (y === null || y === undefined) throw new MirkitError('EMPTY_INPUT', 'pass a signal y or a precomputed power spectrogram in opts.S');
    const sig = checkSignal(y);
    nFft = checkChromaNfft(opts.nFft ?? 2048);
    const given = opts.tuning !== undefined ? checkNumber(opts.tuning, 'tuning') : undefined;
    // the tuning's piptrack peaks are gathered frame by frame while the power spectrogram is built
    const acc = given === undefined ? new PeakAccumulator() : undefined;
    S = spectrogramFrames(
      sig,
      { nFft, hopLength: opts.hopLength ?? 512, winLength: opts.winLength, window: opts.window, center: opts.center, padMode: opts.padMode, fft: opts.fft },
      2,
      acc ? { acc, sr } : undefined,
    );
    tuning = given ?? acc!.tuning({ binsPerOctave: nChroma });
  }
  const fb = cachedFilterbank({
    sr,
    nFft,
    nChroma,
    tuning,
    ctroct: opts.ctroct,
    octwidth: opts.octwidth,
    norm: opts.filterNorm,
    baseC: opts.baseC,
  });
  const out = new Float32Array(nChroma * S.frames);
  if (S.kStride === 1 && S.data instanceof Float32Array) projectFrames(fb.data as Float32Array, nChroma, S.data, S.bins, S.frames, S.tStride, out, S.frames, 0);
  else {
    const { bins, frames: cols, data, kStride: ks, tStride: ts } = S;
    const fbd = fb.data;
    for (let t = 0; t < cols; t++) {
      const base = t * ts;
      for (let c = 0; c < nChroma; c++) {
        const w0 = c * bins;
        let acc = 0;
        for (let k = 0; k < bins; k++) acc += fbd[w0 + k] * data[base + k * ks];
        out[c * cols + t] = acc;
      }
    }
  }
  const cols = S.frames;
  normalizeColumns(out, nChroma, cols, norm);
  return { rows: nChroma, cols, data: out };
}

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
    throw new MirkitError('UNSUPPORTED', `cqtMode '${String(opts.cqtMode)}' is not implemented; use 'full' (librosa's default)`, { option: 'cqtMode' });
  }
  const fmin = checkNumber(opts.fmin ?? C1_HZ, 'fmin', Number.MIN_VALUE);
  return { sr, nChroma, bpo, fmin };
}

/** The un-normalised chroma of chroma_cqt (CQT magnitude folded onto pitch classes, thresholded). */
function rawChromaCqt(y: Signal | null, opts: ChromaCqtOptions, r: ResolvedChromaCqt): Matrix {
  let C: Matrix;
  if (opts.C !== undefined) {
    if (!isMatrix(opts.C)) throw new MirkitError('BAD_SHAPE', 'C must be a Matrix { rows, cols, data } of CQT magnitudes');
    C = checkMatrix(opts.C, 'C');
  } else {
    if (y === null || y === undefined) throw new MirkitError('EMPTY_INPUT', 'pass a signal y or a precomputed CQT magnitude in opts.C');
    const sig = checkSignal(y);
    const nOctaves = checkPositiveInt(opts.nOctaves ?? 7, 'nOctaves');
    const tuning = opts.tuning !== undefined ? checkNumber(opts.tuning, 'tuning') : estimateTuningOfChecked(sig, { sr: r.sr, binsPerOctave: r.bpo, fft: opts.fft });
    C = cqtMagnitudeOfChecked(sig, {
      sr: r.sr,
      hopLength: opts.hopLength ?? 512,
      fmin: r.fmin,
      nBins: nOctaves * r.bpo,
      binsPerOctave: r.bpo,
      tuning,
      onWarning: opts.onWarning,
      fft: opts.fft,
    });
  }
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
  opts = readOptions('chromaCqt', opts);
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
  opts = readOptions('chromaCens', opts);
  const win = opts.winLenSmooth === undefined ? 41 : opts.winLenSmooth;
  if (win !== null && (typeof win !== 'number' || !Number.isInteger(win) || win <= 0)) {
    throw new MirkitError('BAD_OPTION', `winLenSmooth=${String(win)} must be a positive integer or null`, { option: 'winLenSmooth' });
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
