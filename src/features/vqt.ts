/**
 * Variable-Q transform (`librosa.vqt`) and its chromagram (`librosa.feature.chroma_vqt`): the CQT
 * engine of `cqt.ts` with filters widened by a bandwidth offset `gamma`.
 */
import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import type { ComplexMatrix } from '../dsp/stft.js';
import { checkBoundedMatrix, checkNumber, checkPositiveInt, checkSignal, type Signal } from '../validate.js';
import { C1_HZ, chromaIndexMap, vqtOfChecked, type CqtOptions } from './cqt.js';
import { normalizeColumns } from './chroma.js';
import { readOptions } from '../options.js';
import { CHROMA_VQT_OPTIONS, VQT_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

/** Options of {@link vqt}: {@link CqtOptions} plus librosa's `gamma` and `intervals`. */
export interface VqtOptions extends CqtOptions {
  /**
   * Bandwidth offset in Hz: filter lengths become `Q sr / (f + gamma / alpha)`, shorter at low
   * frequencies. `null` (the default, librosa's `gamma=None`) is the ERB-based offset
   * `alpha * 24.7 / 0.108`; 0 gives the constant-Q transform.
   */
  gamma?: number | null;
  /** Spacing of the bins: only 'equal' (equal temperament, librosa's default) is supported. */
  intervals?: 'equal';
}

function resolveGamma(gamma: number | null | undefined, dflt: number | null): number | null {
  const g = gamma === undefined ? dflt : gamma;
  if (g !== null) checkNumber(g, 'gamma', 0);
  return g;
}

function checkIntervals(intervals: unknown): void {
  if (intervals !== undefined && intervals !== 'equal') {
    throw new MirkitError('UNSUPPORTED', `intervals='${shown(intervals)}' is not supported; only 'equal'`, { option: 'intervals' });
  }
}

/**
 * Variable-Q transform of a signal, equal to `librosa.vqt` (intervals 'equal'): the recursive
 * sub-sampling constant-Q algorithm of {@link cqt} with each filter's length
 * `Q sr / (f + gamma / alpha)` instead of `Q sr / f`, so that low bins get a bandwidth of at least
 * about `gamma` Hz (by default the equivalent rectangular bandwidth of the ear, Glasberg & Moore
 * 1990: `gamma = alpha * 24.7 / 0.108`). With `gamma: 0` it is the CQT.
 *
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): normalised max error of the magnitude 9.1e-6 (both FFT options).
 *
 * @param y - mono signal
 * @param opts - {@link VqtOptions}: {@link cqt}'s (`sr` 22050, `hopLength` 512, `fmin` C1, `nBins` 84,
 *   `binsPerOctave` 12, `tuning` 0, `filterScale` 1, `norm` 1, `sparsity` 0.01, `window` 'hann',
 *   `scale` true, `padMode` 'constant') and `gamma` null (ERB-based), `intervals` 'equal'
 * @returns complex {@link ComplexMatrix} `{ rows: nBins, cols: frames, re, im }` (Float32);
 *   `cqtMagnitude(V)` gives `np.abs(librosa.vqt(...))`
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION` (also an octave kernel of more than 2^26 filter-FFT points), `TOO_SHORT`, `UNSUPPORTED`
 * @example
 * ```ts
 * const V = vqt(y, { sr: 22050 });
 * const mag = cqtMagnitude(V);
 * ```
 */
export function vqt(y: Signal, opts: VqtOptions = {}): ComplexMatrix {
  opts = readOptions('vqt', opts, VQT_OPTIONS);
  const sig = checkSignal(y);
  checkIntervals(opts.intervals);
  const { rows, cols, sink } = vqtOfChecked(sig, opts, resolveGamma(opts.gamma, null), true);
  return { rows, cols, re: sink.re!, im: sink.im! };
}

/**
 * Magnitude of the variable-Q transform, `np.abs(librosa.vqt(y, ...))`, computed without keeping
 * the complex values.
 *
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): normalised max error 9.1e-6 (both FFT options).
 *
 * @param y - mono signal
 * @param opts - {@link VqtOptions} (defaults as {@link vqt})
 * @returns Float32 {@link Matrix} `nBins x frames`
 * @throws MirkitError as {@link vqt}
 * @example
 * ```ts
 * const V = vqtMagnitude(y, { sr: 22050, nBins: 84 });
 * ```
 */
export function vqtMagnitude(y: Signal, opts: VqtOptions = {}): Matrix {
  opts = readOptions('vqtMagnitude', opts, VQT_OPTIONS);
  const sig = checkSignal(y);
  checkIntervals(opts.intervals);
  const { rows, cols, sink } = vqtOfChecked(sig, opts, resolveGamma(opts.gamma, null), false);
  return { rows, cols, data: sink.mag! };
}

/** Options of {@link chromaVqt} (librosa.feature.chroma_vqt's names and defaults). */
export interface ChromaVqtOptions extends Omit<VqtOptions, 'nBins'> {
  /** Precomputed VQT magnitude (`nOctaves * binsPerOctave` rows); `y` may then be null. */
  V?: Matrix;
  /** Number of octaves. Default 7. */
  nOctaves?: number;
  /** Per-frame normalisation norm: Infinity (default), 1, 2, ... or null for none. */
  norm?: number | null;
  /** Values below this are set to 0 before normalising. Default 0. */
  threshold?: number;
}

/**
 * Variable-Q chromagram, equal to `librosa.feature.chroma_vqt(y=y, sr=sr, intervals='equal')`:
 * the magnitude of a `nOctaves`-octave VQT from `fmin` (default C1, tuning 0, and — chroma_vqt's
 * own default — `gamma: 0`, i.e. constant-Q filters), folded onto `binsPerOctave` pitch classes
 * (`filters.cq_to_chroma`), thresholded, and normalised per frame.
 *
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): normalised max error 8.8e-5 with `fft: 'js'`, 1.7e-4 on the wasm FFT.
 *
 * @param y - mono signal, or null when `opts.V` is given
 * @param opts - {@link ChromaVqtOptions}: `sr` 22050, `hopLength` 512, `fmin` C1, `nOctaves` 7,
 *   `binsPerOctave` 12, `gamma` 0, `norm` Infinity, `threshold` 0
 * @returns Float32 {@link Matrix} `binsPerOctave x frames` (row 0 = C when fmin is a C)
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`, `UNSUPPORTED`
 * @example
 * ```ts
 * const chroma = chromaVqt(y, { sr: 22050 });
 * ```
 */
export function chromaVqt(y: Signal | null, opts: ChromaVqtOptions = {}): Matrix {
  opts = readOptions('chromaVqt', opts, CHROMA_VQT_OPTIONS);
  checkIntervals(opts.intervals);
  const bpo = checkPositiveInt(opts.binsPerOctave ?? 12, 'binsPerOctave');
  const nOctaves = checkPositiveInt(opts.nOctaves ?? 7, 'nOctaves');
  const fmin = checkNumber(opts.fmin ?? C1_HZ, 'fmin', Number.MIN_VALUE);
  const norm = opts.norm === undefined ? Infinity : opts.norm;
  if (norm !== null && (typeof norm !== 'number' || Number.isNaN(norm) || norm < 0)) {
    throw new MirkitError('BAD_OPTION', `norm must be a positive number, Infinity or null, got ${shown(norm)}`, { option: 'norm' });
  }
  const threshold = checkNumber(opts.threshold ?? 0, 'threshold');
  let V: Matrix;
  if (opts.V !== undefined) {
    V = checkBoundedMatrix(opts.V, 'V');
  } else {
    if (y === null || y === undefined) throw new MirkitError('BAD_OPTION', 'either y or opts.V must be given', { option: 'V' });
    const sig = checkSignal(y);
    const { V: _v, nOctaves: _n, norm: _norm, threshold: _t, ...rest } = opts;
    const r = vqtOfChecked(sig, { ...rest, fmin, nBins: nOctaves * bpo, binsPerOctave: bpo }, resolveGamma(opts.gamma, 0), false);
    V = { rows: r.rows, cols: r.cols, data: r.sink.mag! };
  }
  // cq_to_chroma(n_input, bins_per_octave=bpo, n_chroma=bpo, fmin=fmin): one VQT bin per class
  const map = chromaIndexMap(V.rows, bpo, bpo, fmin, true);
  const cols = V.cols;
  const acc = new Float64Array(bpo * cols);
  for (let b = 0; b < V.rows; b++) {
    const off = map[b] * cols;
    const src = b * cols;
    for (let t = 0; t < cols; t++) acc[off + t] += V.data[src + t];
  }
  const out = new Float32Array(acc);
  for (let i = 0; i < out.length; i++) if (out[i] < threshold) out[i] = 0;
  normalizeColumns(out, bpo, cols, norm);
  return { rows: bpo, cols, data: out };
}
