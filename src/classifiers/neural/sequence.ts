/**
 * Common base of the sequence classifiers (CNN, LSTM): per-feature standardisation and
 * pad/crop to a fixed number of frames.
 * @internal
 * @packageDocumentation
 */
import { MirkitError } from '../../errors.js';
import { MAX_MATRIX_VALUES } from '../../limits.js';
import type { FeatureTable, Label, SequenceTable } from '../types.js';
import { bad, NeuralBase, type NeuralTrainOptions, posInt, type PreparedData, resolveTrain, type ResolvedTrain } from './base.js';
import { type Seq, stateVector, toSequences } from './util.js';

export type { SequenceTable } from '../types.js';

/** Options shared by {@link CNNClassifier} and {@link LSTMClassifier} for their input. */
export interface SequenceInputOptions {
  /** Frames per sample after padding (zeros after standardisation) or cropping (first frames kept). Default: the median length seen in `fit`. */
  sequenceLength?: number;
  /** Which axis of each input `Matrix` is time: `'rows'` (frames x features, default) or `'cols'` (librosa's features x frames). */
  timeAxis?: 'rows' | 'cols';
}

/** @internal */
export abstract class SequenceBase extends NeuralBase {
  /** @internal */
  protected seqLen = 0;
  /** @internal */
  protected nFeat = 0;
  /** @internal */
  protected mean: Float32Array | undefined;
  /** @internal */
  protected scale: Float32Array | undefined;
  /** @internal */
  protected readonly input: Required<Omit<SequenceInputOptions, 'sequenceLength'>> & { sequenceLength?: number };

  /** @internal */
  protected readonly train_: ResolvedTrain;

  /** Checks and keeps the input and training options (`trainDefaults`: the model's own training defaults). @internal */
  protected constructor(options: SequenceInputOptions & NeuralTrainOptions, trainDefaults: Partial<ResolvedTrain>) {
    super();
    this.checkInputOptions(options);
    this.input = { timeAxis: options.timeAxis ?? 'rows', sequenceLength: options.sequenceLength };
    this.train_ = resolveTrain(options, trainDefaults);
  }

  /**
   * Trains from scratch on sequences `X` (one frames x features `Matrix` per sample) and labels `y`.
   * @throws MirkitError `BAD_SHAPE`, `EMPTY_INPUT`, `NON_FINITE`, `BAD_LABELS`; `BAD_OPTION` when the network
   * would pass `MAX_NETWORK_WEIGHTS` or `MAX_ACTIVATION_VALUES`, or the padded sequences `MAX_MATRIX_VALUES`
   * (checked before anything is allocated; the previous model, if any, is kept)
   */
  async fit(X: SequenceTable | FeatureTable, y: Label[]): Promise<this> {
    const { prep, commit } = this.fitPrepare(X);
    await this.train(prep, y, this.train_, commit);
    return this;
  }

  /**
   * Trains `epochs` more epochs from where the last `fit` (or `continueFit`) stopped, on the same
   * training sequences `X` and labels `y`: the weights, the optimizer's state (adam's moments and step
   * count), the shuffling and the dropout masks carry on, so `fit` with `epochs: a` followed by
   * `continueFit(X, y, b)` gives the same model as `fit` with `epochs: a + b`. The scaling and
   * sequence length learned by `fit` are kept. `history` grows by the new epochs. This is what a
   * resumable search (e.g. `asha` given the model as a trial's `state`) needs.
   * @param epochs - further epochs (a positive integer)
   * @throws MirkitError `NOT_FITTED` without a training to continue (never fitted, disposed, or restored
   * by `fromJSON`), `BAD_OPTION` for a model fitted with `earlyStopping` or a bad `epochs`, `BAD_SHAPE`
   * when `X`/`y` are not the fit's samples and classes
   */
  async continueFit(X: SequenceTable | FeatureTable, y: Label[], epochs: number): Promise<this> {
    posInt('epochs', epochs);
    await this.continueTrain(this.predictPrepare(X), y, epochs);
    return this;
  }

  /** @internal */
  protected checkInputOptions(o: SequenceInputOptions): void {
    if (o.sequenceLength !== undefined) posInt('sequenceLength', o.sequenceLength);
    if (o.timeAxis !== undefined && o.timeAxis !== 'rows' && o.timeAxis !== 'cols') bad('timeAxis', o.timeAxis, "'rows' or 'cols'");
  }

  /**
   * Learns length and scaler from training sequences: the prepared tensor data, and `commit`, which
   * installs them in the model (once it is trained). @internal
   */
  protected fitPrepare(X: unknown): { prep: PreparedData; commit: () => void } {
    const seqs = toSequences(X, this.input.timeAxis);
    const F = seqs[0].features;
    const lens = seqs.map((s) => s.frames).sort((a, b) => a - b);
    const T = this.input.sequenceLength ?? lens[Math.floor((lens.length - 1) / 2)];
    // two classes: the labels are read by train, which checks again with their number
    this.checkNetwork([T, F], 2, Math.min(this.train_.batchSize, seqs.length), true, 'BAD_OPTION');
    const values = seqs.length * T * F;
    if (values > MAX_MATRIX_VALUES) {
      throw new MirkitError(
        'BAD_OPTION',
        `${this.typeName}: the training sequences padded to ${T} frames would hold ${seqs.length} x ${T} x ${F} = ${values} values, above the bound of 2^28 (MAX_MATRIX_VALUES): shorten sequenceLength or train on fewer sequences`,
        { option: 'sequenceLength', bound: MAX_MATRIX_VALUES, values },
      );
    }
    const mean = new Float64Array(F),
      sq = new Float64Array(F);
    let count = 0;
    for (const s of seqs) {
      for (let t = 0; t < s.frames; t++) for (let f = 0; f < F; f++) mean[f] += s.data[t * F + f];
      count += s.frames;
    }
    for (let f = 0; f < F; f++) mean[f] /= count;
    for (const s of seqs) for (let t = 0; t < s.frames; t++) for (let f = 0; f < F; f++) sq[f] += (s.data[t * F + f] - mean[f]) ** 2;
    const m = Float32Array.from(mean);
    const sc = Float32Array.from(sq, (v) => (v > 0 ? Math.sqrt(v / count) : 1));
    const commit = (): void => {
      this.seqLen = T;
      this.nFeat = F;
      this.mean = m;
      this.scale = sc;
    };
    return { prep: pack(seqs, T, F, m, sc), commit };
  }

  /** Prepared data of all of `X` with the fitted length and scaler (`continueFit`). @internal */
  protected predictPrepare(X: unknown): PreparedData {
    this.assertFitted();
    return pack(toSequences(X, this.input.timeAxis, this.nFeat), this.seqLen, this.nFeat, this.mean!, this.scale!);
  }

  /** Class probabilities per sequence (columns in the order of `classes`). */
  predictProba(X: SequenceTable | FeatureTable): number[][] {
    this.assertFitted();
    const seqs = toSequences(X, this.input.timeAxis, this.nFeat);
    // padded in groups of at most MAX_MATRIX_VALUES values: the padding never takes gigabytes
    const group = Math.max(1, Math.floor(MAX_MATRIX_VALUES / (this.seqLen * this.nFeat)));
    const rows: number[][] = [];
    for (let s = 0; s < seqs.length; s += group) {
      const part = this.probaPrepared(pack(seqs.slice(s, s + group), this.seqLen, this.nFeat, this.mean!, this.scale!));
      for (const r of part) rows.push(r);
    }
    return rows;
  }

  /** The most probable class per sequence. */
  predict(X: SequenceTable | FeatureTable): Label[] {
    return this.argmaxLabels(this.predictProba(X));
  }

  /** @internal */
  protected fittedSampleShape(): number[] {
    return [this.seqLen, this.nFeat];
  }
  /** @internal */
  protected extraState(): Record<string, unknown> {
    return { mean: Array.from(this.mean!), scale: Array.from(this.scale!) };
  }
  /** @internal */
  protected loadExtraState(s: Record<string, unknown>): void {
    const shape = s.sampleShape as number[];
    if (shape.length !== 2) throw new MirkitError('BAD_MODEL', `${this.typeName} JSON state needs sampleShape [frames, features]`);
    this.mean = stateVector(this.typeName, 'mean', s.mean, shape[1], false);
    this.scale = stateVector(this.typeName, 'scale', s.scale, shape[1], true);
    this.seqLen = shape[0];
    this.nFeat = shape[1];
  }
}

/** Sequences padded (zeros after standardisation) or cropped to `T` frames of `F` standardised features, flat. */
function pack(seqs: Seq[], T: number, F: number, mean: Float32Array, scale: Float32Array): PreparedData {
  const data = new Float32Array(seqs.length * T * F);
  seqs.forEach((s, i) => {
    const m = Math.min(T, s.frames);
    const base = i * T * F;
    for (let t = 0; t < m; t++) for (let f = 0; f < F; f++) data[base + t * F + f] = (s.data[t * F + f] - mean[f]) / scale[f];
  });
  return { n: seqs.length, sampleShape: [T, F], data };
}
