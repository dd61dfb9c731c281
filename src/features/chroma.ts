/**
 * Chroma features: `librosa.filters.chroma`, `librosa.feature.chroma_stft`,
 * `librosa.feature.chroma_cqt` and `librosa.feature.chroma_cens`.
 */
import { MirkitError } from '../errors.js';
import { isMatrix, type Matrix } from '../matrix.js';
import { checkNumber, checkPositiveInt, checkSampleRate, checkSignal, checkBoundedMatrix, type Signal } from '../validate.js';
import type { StftOptions } from '../dsp/stft.js';
import { matrixView, PeakAccumulator, spectrogramFrames, tuningFromSpectrogram, type SpecView } from './tuning.js';
import { checkNorm, normalizeColumns } from './normalize-columns.js';
import { cachedFilterbank, checkChromaNfft, chromaFilterbank, projectFrames } from './chroma-filterbank.js';
import { readOptions } from '../options.js';
import { CHROMA_STFT_OPTIONS } from '../option-keys.js';
import { nFftOfRows } from './frames.js';
export { checkNorm, normalizeColumns } from './normalize-columns.js';
export { cachedFilterbank, chromaFilterbank, projectChromaFrames, projectFrames, type ChromaFilterbankOptions } from './chroma-filterbank.js';
export { chromaCens, chromaCqt, type ChromaCensOptions, type ChromaCqtOptions } from './chroma-cqt.js';

/** Options of {@link chromaStft} (librosa.feature.chroma_stft's names and defaults). */
export interface ChromaStftOptions extends Omit<StftOptions, 'hopLength'> {
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** Precomputed power spectrogram (rows `1 + nFft/2`); then `y` may be null. */
  S?: Matrix;
  /** Per-frame normalisation of the chromagram. Default Infinity (max = 1); null for none. */
  norm?: number | null;
  /** Hop in samples. Default 512 (whatever `nFft`, as librosa's chroma_stft). */
  hopLength?: number;
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
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`, `BAD_DATA` (an `S` value beyond +-2^100)
 * @example
 * ```ts
 * const chroma = chromaStft(y, { sr: 22050 });
 * ```
 */
export function chromaStft(y: Signal | null, opts: ChromaStftOptions = {}): Matrix {
  opts = readOptions('chromaStft', opts, CHROMA_STFT_OPTIONS);
  const sr = checkSampleRate(opts.sr ?? 22050);
  const nChroma = checkPositiveInt(opts.nChroma ?? 12, 'nChroma');
  const norm = checkNorm(opts.norm === undefined ? Infinity : opts.norm);
  let S: SpecView;
  let nFft: number;
  let tuning: number;
  if (opts.S !== undefined) {
    if (!isMatrix(opts.S)) throw new MirkitError('BAD_SHAPE', 'S must be a Matrix { rows, cols, data } (a power spectrogram, rows = 1 + nFft/2)');
    const m = checkBoundedMatrix(opts.S, 'S');
    if (m.rows < 2) throw new MirkitError('BAD_SHAPE', `S must have at least 2 frequency bins, got ${m.rows}`);
    S = matrixView(m);
    nFft = nFftOfRows(m.rows, opts.nFft);
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
  if (S.kStride === 1 && S.data instanceof Float32Array)
    projectFrames(fb.data as Float32Array, nChroma, S.data, S.bins, S.frames, S.tStride, out, S.frames, 0, opts.fft ?? 'auto');
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
