/**
 * Frame-level training with clip-level aggregation: a vector classifier learns from every frame of
 * every sequence (each frame labelled with its sequence's label) and a sequence's probabilities are the
 * average of its frames' probabilities, the way patch-based taggers (musicnn, Essentia's VGGish and
 * EffNet models) turn patch predictions into one per track.
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { FRAME_LEVEL_CLASSIFIER_OPTIONS } from '../constructor-option-keys.js';
import { checkWorkSize, matrixFrom, type Matrix } from '../matrix.js';
import { readConstructorOptions } from '../options.js';
import { createRng, type Rng } from './random.js';
import { argmax, checkModelJSON, checkState, cloneModel, encodeLabels, modelJSON } from './base.js';
import { toSequences, type Seq } from './neural/util.js';
import type { Classifier, FeatureTable, Label, ModelJSON, SequenceTable } from './types.js';
import { shown } from '../util/shown.js';

/** How {@link FrameLevelClassifier} turns frame probabilities into one row per sequence. */
export type FrameAggregation = 'mean' | 'logMean';

/** Options of {@link FrameLevelClassifier}. */
export interface FrameLevelOptions {
  /**
   * Neighbouring frames concatenated on each side of a frame (default 0: the frame alone). With `context: c`
   * each row holds frames `t-c .. t+c` (frames past either end repeat the first or last frame), so the
   * wrapped classifier sees `(2c + 1) * features` values per row.
   */
  context?: number;
  /** Training uses every `stride`-th frame of each sequence (from frame 0); prediction always uses all frames. Default 1. */
  stride?: number;
  /**
   * `'mean'` (default): a sequence's probabilities are the mean of its frames' probabilities. `'logMean'`: the
   * mean of their logarithms (floored at 1e-12), exponentiated and normalised to sum to 1 (a normalised geometric mean).
   */
  aggregation?: FrameAggregation;
  /** Which axis of each input `Matrix` is time: `'rows'` (frames x features, default) or `'cols'` (features x frames). */
  timeAxis?: 'rows' | 'cols';
  /**
   * Training-time augmentation: Gaussian noise added to every training row, its standard deviation `noise` times
   * each column's standard deviation over the training rows (so `noise` is scale-free). Drawn anew by every `fit`
   * and `continueFit` call (a network trained epoch by epoch sees new noise each epoch); prediction never adds
   * noise. Default 0 (none); at most 1e6.
   */
  noise?: number;
  /** Seed of the noise draws (every `fit` restarts the stream). Default 0. */
  noiseSeed?: number;
}

const AGGREGATIONS: readonly FrameAggregation[] = ['mean', 'logMean'];
/** Frames per call of the wrapped classifier's `predictProba` (bounds the memory of one batch). */
const PREDICT_BATCH_FRAMES = 32768;

/**
 * Trains a vector classifier on the frames of sequences and predicts a sequence by averaging its frames'
 * class probabilities. `fit(X, y)` takes sequences (`Matrix[]`, frames x features each) and one label per
 * sequence; every frame (every `stride`-th, with `context` neighbours on each side concatenated) becomes a
 * training row carrying its sequence's label, and the wrapped classifier (any {@link Classifier}: a
 * `LogisticRegression`, an `MLPClassifier`, a {@link Pipeline} starting with a `StandardScaler`) is fitted on
 * those rows. `predictProba` asks it for every frame of each sequence and averages (`aggregation`);
 * `predict` is the argmax. Saved and restored by `fromJSON` / `fromJSONAsync` with the wrapped model inside.
 *
 * @example
 * ```ts
 * const model = new FrameLevelClassifier(new Pipeline([new StandardScaler(), new LogisticRegression({ C: 0.1 })]), { stride: 2 });
 * await model.fit(trainSequences, trainLabels); // Matrix[] of 31 x 128 VGGish frames
 * model.predict(testSequences);
 * ```
 */
export class FrameLevelClassifier implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  /** The wrapped frame classifier. */
  readonly estimator: Classifier;
  /** Options with defaults filled. */
  readonly params: Required<FrameLevelOptions>;
  private nFeatures = 0;
  private rng: Rng | undefined;
  private columnStd: Float64Array | undefined;

  /**
   * @param estimator - the classifier fitted on frames (refitted by `fit`)
   * @param options - see {@link FrameLevelOptions}
   */
  constructor(estimator: Classifier, options: FrameLevelOptions = {}) {
    options = readConstructorOptions('FrameLevelClassifier', options, FRAME_LEVEL_CLASSIFIER_OPTIONS);
    if (typeof estimator?.predictProba !== 'function' || typeof estimator.fit !== 'function')
      throw new MirkitError('BAD_OPTION', 'FrameLevelClassifier needs a classifier (fit, predictProba) to fit on frames', { option: 'estimator' });
    const { context = 0, stride = 1, aggregation = 'mean', timeAxis = 'rows', noise = 0, noiseSeed = 0 } = options;
    // (at most 1e6 column standard deviations: beyond, noisy training rows of finite features overflowed)
    if (typeof noise !== 'number' || !(noise >= 0 && noise <= 1e6))
      throw new MirkitError('BAD_OPTION', `noise must be a number in [0, 1e6], got ${shown(noise)}`, { option: 'noise' });
    if (!Number.isInteger(noiseSeed)) throw new MirkitError('BAD_OPTION', `noiseSeed must be an integer, got ${shown(noiseSeed)}`, { option: 'noiseSeed' });
    if (!Number.isInteger(context) || context < 0)
      throw new MirkitError('BAD_OPTION', `context must be an integer >= 0, got ${shown(context)}`, { option: 'context' });
    if (!Number.isInteger(stride) || stride < 1)
      throw new MirkitError('BAD_OPTION', `stride must be a positive integer, got ${shown(stride)}`, { option: 'stride' });
    if (!AGGREGATIONS.includes(aggregation))
      throw new MirkitError('BAD_OPTION', `aggregation must be 'mean' or 'logMean', got ${JSON.stringify(aggregation)}`, { option: 'aggregation' });
    if (timeAxis !== 'rows' && timeAxis !== 'cols')
      throw new MirkitError('BAD_OPTION', `timeAxis must be 'rows' or 'cols', got ${shown(timeAxis)}`, { option: 'timeAxis' });
    this.estimator = estimator;
    this.params = { context, stride, aggregation, timeAxis, noise, noiseSeed };
  }

  /** The classes of the wrapped classifier. Throws `NOT_FITTED` before `fit`. */
  get classes(): Label[] {
    this.assertFitted();
    return this.estimator.classes;
  }

  private assertFitted(): void {
    if (this.nFeatures === 0) throw new MirkitError('NOT_FITTED', 'FrameLevelClassifier is not fitted: call fit(X, y) first');
  }

  /** Training rows (or all frames with `stride` 1): one row per kept frame, its context frames concatenated. */
  private frameRows(seqs: Seq[], stride: number): Matrix {
    const F = seqs[0].features,
      c = this.params.context,
      width = (2 * c + 1) * F;
    let n = 0;
    for (const s of seqs) n += Math.ceil(s.frames / stride);
    const data = new Float32Array(checkWorkSize(n, width, 'frame table (frames x (2 context + 1) features)'));
    let o = 0;
    for (const s of seqs) {
      for (let t = 0; t < s.frames; t += stride) {
        for (let k = -c; k <= c; k++) {
          const u = Math.min(Math.max(t + k, 0), s.frames - 1);
          data.set(s.data.subarray(u * F, (u + 1) * F), o);
          o += F;
        }
      }
    }
    return matrixFrom(n, width, data);
  }

  /** Each sequence's frames expanded into training rows (every `stride`-th) and their labels. */
  private trainingRows(X: SequenceTable | FeatureTable, y: Label[], nFeatures?: number): { rows: Matrix; labels: Label[]; features: number } {
    const seqs = toSequences(X, this.params.timeAxis, nFeatures);
    encodeLabels(y, seqs.length);
    const labels: Label[] = [];
    seqs.forEach((s, i) => {
      for (let t = 0; t < s.frames; t += this.params.stride) labels.push(y[i]);
    });
    const rows = this.frameRows(seqs, this.params.stride);
    if (this.params.noise > 0) this.addNoise(rows, nFeatures === undefined);
    return { rows, labels, features: seqs[0].features };
  }

  /** Adds the training noise to `rows` in place; `restart`: a new fit (column scales learned, the stream restarted). */
  private addNoise(rows: Matrix, restart: boolean): void {
    const { rows: n, cols: d, data } = rows;
    if (restart || !this.columnStd || !this.rng) {
      const mean = new Float64Array(d),
        sq = new Float64Array(d);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j] / n;
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sq[j] += (data[i * d + j] - mean[j]) ** 2 / n;
      this.columnStd = sq.map(Math.sqrt);
      this.rng = createRng(this.params.noiseSeed);
    }
    const sd = this.columnStd.map((v) => v * this.params.noise),
      rng = this.rng;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] += sd[j] * rng.normal();
  }

  /**
   * Fits the wrapped classifier from scratch on the frames of `X` (one `Matrix` of frames x features per
   * sequence), each labelled `y[i]` of its sequence. Throws `EMPTY_INPUT`, `BAD_SHAPE` (ragged frames, one
   * label per sequence expected), `NON_FINITE`, `BAD_LABELS`.
   */
  async fit(X: SequenceTable | FeatureTable, y: Label[]): Promise<this> {
    this.nFeatures = 0;
    const { rows, labels, features } = this.trainingRows(X, y);
    await this.estimator.fit(rows, labels);
    this.nFeatures = features;
    return this;
  }

  /**
   * Trains the wrapped classifier `epochs` more epochs on the frames of the same sequences and labels, through
   * its own `continueFit` (the neural classifiers': `fit` with `epochs: a` then `continueFit(X, y, b)` gives the
   * model of `fit` with `epochs: a + b`). Throws `NOT_FITTED` before `fit`, `BAD_OPTION` when the wrapped
   * classifier has no `continueFit`, and what that `continueFit` throws.
   */
  async continueFit(X: SequenceTable | FeatureTable, y: Label[], epochs: number): Promise<this> {
    this.assertFitted();
    const est = this.estimator as Classifier & { continueFit?: (X: FeatureTable, y: Label[], epochs: number) => unknown };
    if (typeof est.continueFit !== 'function')
      throw new MirkitError('BAD_OPTION', 'the wrapped classifier has no continueFit (the neural classifiers have)', { option: 'estimator' });
    const { rows, labels } = this.trainingRows(X, y, this.nFeatures);
    await est.continueFit(rows, labels, epochs);
    return this;
  }

  /**
   * The wrapped classifier's probabilities for every frame of every sequence (all frames, whatever `stride`),
   * one array of frames x classes per sequence, columns in the order of {@link FrameLevelClassifier.classes}.
   */
  predictFrameProba(X: SequenceTable | FeatureTable): number[][][] {
    this.assertFitted();
    const seqs = toSequences(X, this.params.timeAxis, this.nFeatures);
    const out: number[][][] = [];
    for (let i = 0; i < seqs.length; ) {
      let j = i,
        frames = 0;
      while (j < seqs.length && (j === i || frames + seqs[j].frames <= PREDICT_BATCH_FRAMES)) frames += seqs[j++].frames;
      const P = this.estimator.predictProba(this.frameRows(seqs.slice(i, j), 1));
      let r = 0;
      for (let k = i; k < j; k++) {
        out.push(P.slice(r, r + seqs[k].frames));
        r += seqs[k].frames;
      }
      i = j;
    }
    return out;
  }

  /** Class probabilities per sequence: its frames' probabilities averaged (`aggregation`); rows sum to 1. */
  predictProba(X: SequenceTable | FeatureTable): number[][] {
    const logMean = this.params.aggregation === 'logMean';
    return this.predictFrameProba(X).map((P) => {
      const K = P[0].length,
        row = new Array<number>(K).fill(0);
      for (const p of P) for (let k = 0; k < K; k++) row[k] += logMean ? Math.log(Math.max(p[k], 1e-12)) : p[k];
      if (!logMean) return row.map((v) => v / P.length);
      let m = -Infinity;
      for (const v of row) m = Math.max(m, v / P.length);
      const e = row.map((v) => Math.exp(v / P.length - m));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / sum);
    });
  }

  /** The class of highest aggregated probability per sequence (the first of `classes` on ties). */
  predict(X: SequenceTable | FeatureTable): Label[] {
    const classes = this.classes;
    return this.predictProba(X).map((r) => classes[argmax(r)]);
  }

  /** Frees resources held by the wrapped classifier, if it has `dispose()`. */
  dispose(): void {
    (this.estimator as { dispose?: () => void }).dispose?.();
  }

  /** The params (scikit-learn's `get_params`): the wrapped classifier as unfitted model JSON and the options, plain JSON. */
  getParams(): Required<FrameLevelOptions> & {
    /** The wrapped classifier's unfitted model JSON. */
    estimator: ModelJSON;
  } {
    return { estimator: cloneModel(this.estimator, 'estimator').toJSON(), ...this.params };
  }

  /** An unfitted copy: the wrapped classifier cloned, same options (scikit-learn's `clone`). */
  clone(): FrameLevelClassifier {
    return new FrameLevelClassifier(cloneModel(this.estimator, 'estimator'), { ...this.params });
  }

  /** One JSON holding the options and the wrapped classifier's JSON. */
  toJSON(): ModelJSON {
    const state = { fitted: this.nFeatures > 0, nFeatures: this.nFeatures, estimator: this.estimator.toJSON() };
    return modelJSON('FrameLevelClassifier', FrameLevelClassifier.VERSION, this.params, state);
  }

  /**
   * Restores a model saved by {@link FrameLevelClassifier.toJSON}; `readEstimator` restores the wrapped
   * classifier (the generic `fromJSON` passes itself). Throws `BAD_MODEL`.
   */
  static fromJSON(json: unknown, readEstimator: (j: ModelJSON) => Classifier): FrameLevelClassifier {
    const j = checkModelJSON(json, 'FrameLevelClassifier', FrameLevelClassifier.VERSION);
    const st = j.state as { fitted?: unknown; nFeatures?: unknown; estimator?: unknown } | undefined;
    checkState(st && typeof st.estimator === 'object' && st.estimator !== null, 'FrameLevelClassifier', 'state.estimator must be a model JSON');
    let m: FrameLevelClassifier;
    try {
      m = new FrameLevelClassifier(readEstimator(st!.estimator as ModelJSON), j.params as FrameLevelOptions);
    } catch (e) {
      if (e instanceof MirkitError && (e.code === 'BAD_MODEL' || e.code === 'NOT_READY')) throw e;
      throw new MirkitError('BAD_MODEL', `FrameLevelClassifier model JSON is malformed: ${(e as Error).message}`);
    }
    if (st!.fitted === true) {
      checkState(Number.isInteger(st!.nFeatures) && (st!.nFeatures as number) > 0, 'FrameLevelClassifier', 'state.nFeatures must be a positive integer');
      m.nFeatures = st!.nFeatures as number;
    }
    return m;
  }
}
