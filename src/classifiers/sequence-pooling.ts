/**
 * Sequence pooling: turns variable-length frame sequences (one `Matrix` of frames x features per
 * sample) into fixed-length feature vectors, so that any vector model (logistic regression, SVC,
 * forests, an MLP) can sit after it in a {@link Pipeline} and one saved model takes sequences.
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { checkWorkSize } from '../matrix.js';
import { checkModelJSON, checkState, modelJSON, ParamsEstimator } from './base.js';
import { toSequences, type Seq } from './neural/util.js';
import type { FeatureTable, Label, ModelJSON, SequenceTable, Transformer } from './types.js';
import { readConstructorOptions } from '../options.js';
import { SEQUENCE_POOLING_OPTIONS } from '../constructor-option-keys.js';
import { centralMoments, sortedMedian } from '../util/numeric.js';
import { shown } from '../util/shown.js';

/**
 * A pooling statistic over the frames of each feature: `'mean'`, `'std'` (ddof 0), `'min'`, `'max'`,
 * `'median'`, `'skew'` (biased, 0 for a constant feature), `'kurtosis'` (biased excess, 0 for a constant
 * feature) — the seven statistics of `summarize` — `'flatten'`: the frames themselves, row after row,
 * padded with zeros or cropped to the length learned in `fit` — or second-order pooling: `'cov'`, the
 * covariance of each pair of features over the frames (ddof 0; the upper triangle with the diagonal, F(F+1)/2
 * values), and `'sqrtCov'`, the same with each value v replaced by sign(v)·sqrt(|v|) (power normalisation, as
 * in Fisher-vector and bilinear pooling, which evens out the few large covariances and the many small ones).
 */
export type PoolingStat = 'mean' | 'std' | 'min' | 'max' | 'median' | 'skew' | 'kurtosis' | 'flatten' | 'cov' | 'sqrtCov';

const STATS: readonly PoolingStat[] = ['mean', 'std', 'min', 'max', 'median', 'skew', 'kurtosis', 'flatten', 'cov', 'sqrtCov'];
/** Whether `s` gives one value per pair of features (second-order pooling). */
const isPairwise = (s: PoolingStat): s is 'cov' | 'sqrtCov' => s === 'cov' || s === 'sqrtCov';

/** Options of {@link SequencePooling}. */
export interface SequencePoolingOptions {
  /** Statistics to concatenate, in this order, each giving one value per feature (`'flatten'`: frames x features; `'cov'`, `'sqrtCov'`: one per pair of features, F(F+1)/2). Default `['mean', 'std']`. */
  stats?: PoolingStat[];
  /** Which axis of each input `Matrix` is time: `'rows'` (frames x features, default) or `'cols'` (librosa's features x frames). */
  timeAxis?: 'rows' | 'cols';
  /** Frames kept by `'flatten'` (zero-padded or cropped). Default: the longest sequence seen in `fit`. */
  sequenceLength?: number;
}

/**
 * Pools each sequence's frames into one vector: for each statistic in `stats`, one value per feature
 * (mean, standard deviation, ...), concatenated; `'flatten'` instead lays the frames end to end (the
 * study's flattened 31 x 128 input to logistic regression). Stateless except for the number of features
 * and, with `'flatten'`, the sequence length, both learned in `fit`.
 *
 * Output columns: `stats[0]` for features 0..F-1, then `stats[1]` for features 0..F-1, and so on
 * (for `'flatten'`: frame 0's F values, frame 1's, ...; for `'cov'` and `'sqrtCov'`: the pairs (i, j) with
 * i <= j, row by row: (0, 0), (0, 1), ..., (0, F-1), (1, 1), ...).
 *
 * @example
 * ```ts
 * const model = new Pipeline([new SequencePooling({ stats: ['mean', 'std'] }), new StandardScaler(), new LogisticRegression({ C: 0.01 })]);
 * model.fit(sequences, labels); // sequences: Matrix[] of frames x 128
 * ```
 */
export class SequencePooling
  extends ParamsEstimator<Required<Pick<SequencePoolingOptions, 'stats' | 'timeAxis'>> & Pick<SequencePoolingOptions, 'sequenceLength'>>
  implements Transformer
{
  /** JSON format version. */
  static readonly VERSION = 1;
  /** Options with defaults filled (`sequenceLength` once learned or given). */
  declare readonly params: {
    /** Statistics concatenated, in order. */
    stats: PoolingStat[];
    /** Which axis of each input `Matrix` is time. */
    timeAxis: 'rows' | 'cols';
    /** Frames kept by `'flatten'` when given. */
    sequenceLength?: number;
  };
  private nFeatures = 0;
  private length = 0;

  /** @param options - see {@link SequencePoolingOptions} */
  constructor(options: SequencePoolingOptions = {}) {
    options = readConstructorOptions('SequencePooling', options, SEQUENCE_POOLING_OPTIONS);
    const stats = options.stats ?? ['mean', 'std'];
    if (!Array.isArray(stats) || stats.length === 0)
      throw new MirkitError('BAD_OPTION', 'stats must be a non-empty array of pooling statistics', { option: 'stats' });
    for (const s of stats) {
      if (!STATS.includes(s))
        throw new MirkitError('BAD_OPTION', `stats: unknown statistic ${JSON.stringify(s)} (known: ${STATS.join(', ')})`, { option: 'stats' });
    }
    const timeAxis = options.timeAxis ?? 'rows';
    if (timeAxis !== 'rows' && timeAxis !== 'cols')
      throw new MirkitError('BAD_OPTION', `timeAxis must be 'rows' or 'cols', got ${shown(timeAxis)}`, { option: 'timeAxis' });
    const L = options.sequenceLength;
    if (L !== undefined && (!Number.isInteger(L) || L < 1))
      throw new MirkitError('BAD_OPTION', `sequenceLength must be a positive integer, got ${shown(L)}`, { option: 'sequenceLength' });
    super({ stats: stats.slice(), timeAxis, sequenceLength: L });
  }

  /** Length of each output vector (0 before `fit`). */
  get nOutputs(): number {
    let k = 0;
    const F = this.nFeatures;
    for (const s of this.params.stats) k += s === 'flatten' ? this.length * F : isPairwise(s) ? (F * (F + 1)) / 2 : F;
    return k;
  }

  /**
   * Learns the number of features (and, for `'flatten'`, the sequence length) from the training sequences.
   * Throws `BAD_OPTION` when the pooled table would exceed 2^28 values (a huge `sequenceLength`).
   */
  fit(X: SequenceTable | FeatureTable, _y?: Label[]): this {
    const seqs = toSequences(X, this.params.timeAxis);
    this.nFeatures = seqs[0].features;
    this.length = this.params.sequenceLength ?? seqs.reduce((m, s) => Math.max(m, s.frames), 0);
    checkWorkSize(seqs.length, this.nOutputs, 'pooled table');
    return this;
  }

  /**
   * Pools every sequence into one row. Throws `NOT_FITTED`, `BAD_SHAPE`, `EMPTY_INPUT`, `NON_FINITE`,
   * `BAD_OPTION` when the table would exceed 2^28 values (a huge `sequenceLength` with `'flatten'`).
   */
  transform(X: SequenceTable | FeatureTable): number[][] {
    if (this.nFeatures === 0) throw new MirkitError('NOT_FITTED', 'SequencePooling is not fitted: call fit(X) first');
    const seqs = toSequences(X, this.params.timeAxis, this.nFeatures);
    checkWorkSize(seqs.length, this.nOutputs, 'pooled table');
    return seqs.map((s) => Array.from(this.poolOne(s)));
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: SequenceTable | FeatureTable): number[][] {
    return this.fit(X).transform(X);
  }

  private poolOne(s: Seq): Float64Array {
    const F = this.nFeatures,
      T = s.frames,
      x = s.data;
    const out = new Float64Array(this.nOutputs);
    const col = new Float64Array(T);
    let o = 0;
    for (const stat of this.params.stats) {
      if (stat === 'flatten') {
        const n = Math.min(T, this.length) * F;
        for (let i = 0; i < n; i++) out[o + i] = x[i];
        o += this.length * F;
        continue;
      }
      if (isPairwise(stat)) {
        o = poolCovariance(x, T, F, stat === 'sqrtCov', out, o);
        continue;
      }
      for (let f = 0; f < F; f++) {
        for (let t = 0; t < T; t++) col[t] = x[t * F + f];
        out[o + f] = poolStat(stat, col);
      }
      o += F;
    }
    return out;
  }

  /** Plain-JSON snapshot (`type: 'SequencePooling'`). */
  toJSON(): ModelJSON {
    const state = this.nFeatures ? { nFeatures: this.nFeatures, length: this.length } : undefined;
    return modelJSON('SequencePooling', SequencePooling.VERSION, this.params as unknown as Record<string, unknown>, state);
  }

  /** Restores a transformer saved by {@link SequencePooling.toJSON}. Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): SequencePooling {
    const j = checkModelJSON(json, 'SequencePooling', SequencePooling.VERSION);
    let p: SequencePooling;
    try {
      p = new SequencePooling(j.params as SequencePoolingOptions);
    } catch (e) {
      throw new MirkitError('BAD_MODEL', `SequencePooling model JSON params are invalid: ${(e as Error).message}`);
    }
    if (j.state !== undefined) {
      const st = j.state as { nFeatures?: unknown; length?: unknown };
      checkState(typeof st === 'object' && st !== null, 'SequencePooling', 'state must be an object');
      checkState(Number.isInteger(st.nFeatures) && (st.nFeatures as number) > 0, 'SequencePooling', 'state.nFeatures must be a positive integer');
      checkState(Number.isInteger(st.length) && (st.length as number) > 0, 'SequencePooling', 'state.length must be a positive integer');
      p.nFeatures = st.nFeatures as number;
      p.length = st.length as number;
    }
    return p;
  }
}

/**
 * Writes the covariance over the T frames of each pair (i, j), i <= j, of the F features of `x` (frames x
 * features, row-major; ddof 0, two-pass) into `out` from `o`, signed-square-rooted with `sqrt`.
 *
 * @returns the offset after the F(F+1)/2 values
 */
function poolCovariance(x: ArrayLike<number>, T: number, F: number, sqrt: boolean, out: Float64Array, o: number): number {
  const centred = new Float64Array(T * F);
  for (let f = 0; f < F; f++) {
    let mean = 0;
    for (let t = 0; t < T; t++) mean += x[t * F + f];
    mean /= T;
    for (let t = 0; t < T; t++) centred[t * F + f] = x[t * F + f] - mean;
  }
  const start = o;
  for (let i = 0; i < F; i++) {
    for (let t = 0; t < T; t++) {
      const a = centred[t * F + i];
      if (a === 0) continue;
      for (let j = i, k = o; j < F; j++, k++) out[k] += a * centred[t * F + j];
    }
    o += F - i;
  }
  for (let k = start; k < o; k++) {
    const c = out[k] / T;
    out[k] = sqrt ? Math.sign(c) * Math.sqrt(Math.abs(c)) : c;
  }
  return o;
}

/** One statistic of the values in `v` (float64, two-pass moments). */
function poolStat(stat: Exclude<PoolingStat, 'flatten' | 'cov' | 'sqrtCov'>, v: Float64Array): number {
  const n = v.length;
  if (stat === 'min' || stat === 'max') {
    let m = v[0];
    for (let i = 1; i < n; i++) m = stat === 'min' ? Math.min(m, v[i]) : Math.max(m, v[i]);
    return m;
  }
  if (stat === 'median') {
    return sortedMedian(Float64Array.from(v).sort());
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i];
  mean /= n;
  if (stat === 'mean') return mean;
  const [m2, m3, m4] = centralMoments(v, 0, n, mean);
  if (stat === 'std') return Math.sqrt(m2);
  // constant feature (scipy: NaN); same test as summarize's, for float32 input
  if (m2 <= (1e-6 * mean) ** 2 || m2 === 0) return 0;
  return stat === 'skew' ? m3 / m2 ** 1.5 : m4 / (m2 * m2) - 3;
}
