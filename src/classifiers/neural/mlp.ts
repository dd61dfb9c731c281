import type * as tfl from '@tensorflow/tfjs-layers';
import { MirkitError } from '../../errors.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from '../types.js';
import {
  bad,
  denseSize,
  type LayerSize,
  NeuralBase,
  type NeuralTrainOptions,
  posInt,
  type PreparedData,
  rate,
  resolveTrain,
  type ResolvedTrain,
  type NetworkNode,
  type NeuralModules,
} from './base.js';
import { loadNeuralBackend } from './backend.js';
import type { Tf } from './tf.js';
import { nextSeed, stateVector, tableToFlat } from './util.js';
import { readConstructorOptions } from '../../options.js';
import { MLP_CLASSIFIER_OPTIONS } from '../../constructor-option-keys.js';

/** Options of {@link MLPClassifier}: scikit-learn's `MLPClassifier` names in camelCase, plus `dropout`. */
export interface MLPOptions extends NeuralTrainOptions {
  /** Units of each hidden layer. Default `[100]` (scikit-learn); the GTZAN study used `[30]`. */
  hiddenLayerSizes?: number[];
  /** Hidden activation: `'relu'` (default), `'tanh'`, `'logistic'` or `'identity'`. */
  activation?: 'relu' | 'tanh' | 'logistic' | 'identity';
  /** Dropout rate after every hidden layer (0 = none, the default; the study used 0.5). */
  dropout?: number;
  /** Alias of `epochs` (scikit-learn's `max_iter`); giving both with different values is `BAD_OPTION`. */
  maxIter?: number;
  /** Standardise the features (z-score learned in `fit`) inside the model. Default false (use a Pipeline/StandardScaler). */
  standardize?: boolean;
}

const ACT: Record<string, string> = { relu: 'relu', tanh: 'tanh', logistic: 'sigmoid', identity: 'linear' };

/** The rows of `t` standardised with `mean` and `scale` (as they are without them), ready for the network. */
function standardised(t: { n: number; d: number; data: Float32Array }, mean: Float32Array | undefined, scale: Float32Array | undefined): PreparedData {
  let data = t.data;
  if (mean && scale) {
    data = new Float32Array(t.data.length);
    for (let i = 0; i < t.n; i++) for (let j = 0; j < t.d; j++) data[i * t.d + j] = (t.data[i * t.d + j] - mean[j]) / scale[j];
  }
  return { n: t.n, sampleShape: [t.d], data };
}

/**
 * A multi-layer perceptron on fixed-length feature vectors, trained with TensorFlow.js
 * (scikit-learn's `MLPClassifier`: dense hidden layers, softmax output, cross-entropy loss), with
 * optional dropout after every hidden layer. Seeded runs are reproducible on one backend.
 *
 * Defaults follow scikit-learn: `hiddenLayerSizes: [100]`, `activation: 'relu'`, `optimizer: 'adam'`,
 * `learningRate: 0.001`, `batchSize: 200`, `epochs: 200`, `alpha: 1e-4`. The reference GTZAN configuration
 * is `{ hiddenLayerSizes: [30], dropout: 0.5, optimizer: 'sgd', learningRate: 0.005 }`.
 *
 * `fit` is async (returns a Promise); `predict`/`predictProba` are synchronous. Call {@link MLPClassifier.dispose}
 * to free the TensorFlow.js tensors when done.
 *
 * @example
 * ```ts
 * const mlp = new MLPClassifier({ hiddenLayerSizes: [30], dropout: 0.5, seed: 1 });
 * await mlp.fit(Xtrain, ytrain);
 * const labels = mlp.predict(Xtest);
 * mlp.dispose();
 * ```
 */
export class MLPClassifier extends NeuralBase implements Classifier {
  /** @internal */
  protected readonly typeName = 'MLPClassifier';
  /** The options as given. */
  readonly options: MLPOptions;
  private readonly train_: ResolvedTrain;
  private readonly hidden: number[];
  private readonly act: string;
  private readonly drop: number;
  private nFeatures = 0;
  private mean: Float32Array | undefined;
  private scale: Float32Array | undefined;

  /** @param options - see {@link MLPOptions} */
  constructor(options: MLPOptions = {}) {
    super();
    options = readConstructorOptions('MLPClassifier', options, MLP_CLASSIFIER_OPTIONS);
    this.options = { ...options };
    if (options.epochs != null && options.maxIter != null && options.epochs !== options.maxIter) {
      bad('maxIter', options.maxIter, `equal to epochs (${options.epochs}): maxIter is its alias; give one of them`);
    }
    const epochs = options.epochs ?? options.maxIter;
    this.train_ = resolveTrain({ ...options, epochs }, { optimizer: 'adam', learningRate: 0.001, batchSize: 200, epochs: 200, alpha: 1e-4 });
    this.hidden = options.hiddenLayerSizes ?? [100];
    if (!Array.isArray(this.hidden)) bad('hiddenLayerSizes', this.hidden, 'an array of positive integers');
    this.hidden.forEach((h, i) => posInt(`hiddenLayerSizes[${i}]`, h));
    const a = options.activation ?? 'relu';
    if (!(a in ACT)) bad('activation', a, "'relu', 'tanh', 'logistic' or 'identity'");
    this.act = ACT[a];
    this.drop = options.dropout ?? 0;
    rate('dropout', this.drop);
    if (options.standardize !== undefined && typeof options.standardize !== 'boolean') bad('standardize', options.standardize, 'a boolean');
    // the smallest network these options make (one feature, two classes) must fit the size bounds
    this.checkNetwork([1], 2, 1, true, 'BAD_OPTION');
  }

  /**
   * Trains from scratch on `X` (samples x features) and labels `y`.
   * @throws MirkitError `BAD_SHAPE`, `EMPTY_INPUT`, `NON_FINITE`, `BAD_LABELS`; `BAD_OPTION` when the network
   * would pass `MAX_NETWORK_WEIGHTS` or `MAX_ACTIVATION_VALUES` (checked before anything is allocated;
   * the previous model, if any, is kept)
   */
  async fit(X: FeatureTable, y: Label[]): Promise<this> {
    const t = tableToFlat(X);
    let mean: Float32Array | undefined, scale: Float32Array | undefined;
    if (this.options.standardize) {
      const m = new Float32Array(t.d),
        sq = new Float64Array(t.d);
      for (let i = 0; i < t.n; i++) for (let j = 0; j < t.d; j++) m[j] += t.data[i * t.d + j] / t.n;
      for (let i = 0; i < t.n; i++) for (let j = 0; j < t.d; j++) sq[j] += (t.data[i * t.d + j] - m[j]) ** 2 / t.n;
      mean = m;
      scale = Float32Array.from(sq, (v) => (v > 0 ? Math.sqrt(v) : 1));
    }
    await this.train(standardised(t, mean, scale), y, this.train_, () => {
      this.nFeatures = t.d;
      this.mean = mean;
      this.scale = scale;
    });
    return this;
  }

  /**
   * Trains `epochs` more epochs from where the last `fit` (or `continueFit`) stopped, on the same rows
   * `X` and labels `y`: the weights, the optimizer's state (adam's moments and step count), the shuffling
   * and the dropout masks carry on, so `fit` with `epochs: a` followed by `continueFit(X, y, b)` gives
   * the same model as `fit` with `epochs: a + b` (the standardisation learned by `fit` is kept).
   * @param epochs - further epochs (a positive integer)
   * @throws MirkitError `NOT_FITTED` without a training to continue (never fitted, disposed, or restored
   * by `fromJSON`), `BAD_OPTION` for a model fitted with `earlyStopping` or a bad `epochs`, `BAD_SHAPE`
   * when `X`/`y` are not the fit's samples and classes
   */
  async continueFit(X: FeatureTable, y: Label[], epochs: number): Promise<this> {
    posInt('epochs', epochs);
    this.assertFitted();
    await this.continueTrain(this.prepare(tableToFlat(X, this.nFeatures)), y, epochs);
    return this;
  }

  /** Class probabilities per row (columns in the order of `classes`). */
  predictProba(X: FeatureTable): number[][] {
    this.assertFitted();
    return this.probaPrepared(this.prepare(tableToFlat(X, this.nFeatures)));
  }

  /** The most probable class per row. */
  predict(X: FeatureTable): Label[] {
    return this.argmaxLabels(this.predictProba(X));
  }

  private prepare(t: { n: number; d: number; data: Float32Array }): PreparedData {
    return standardised(t, this.mean, this.scale);
  }

  /** @internal */
  protected networkLayers(sampleShape: number[], nClasses: number): LayerSize[] {
    const layers: LayerSize[] = [{ what: 'the input', option: 'batchSize', weights: 0, perSample: sampleShape[0] }];
    let width = sampleShape[0];
    this.hidden.forEach((units, i) => {
      layers.push(denseSize(`hidden layer ${i} (hiddenLayerSizes[${i}] = ${units})`, 'hiddenLayerSizes', width, units));
      width = units;
    });
    layers.push(denseSize(`the output layer (${nClasses} classes)`, 'hiddenLayerSizes', width, nClasses));
    return layers;
  }

  /** @internal */
  protected hiddenLayers(lib: NeuralModules, input: NetworkNode, rng: () => number): NetworkNode {
    const {
      tfl,
      layers: { SeededDropout },
    } = lib as Tf;
    let h = input as tfl.SymbolicTensor;
    this.hidden.forEach((units) => {
      h = tfl.layers
        .dense({ units, activation: this.act as 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: nextSeed(rng) }) })
        .apply(h) as tfl.SymbolicTensor;
      if (this.drop > 0) h = new SeededDropout({ rate: this.drop }).apply(h) as tfl.SymbolicTensor;
    });
    return h;
  }

  /** @internal */
  protected fittedSampleShape(): number[] {
    return [this.nFeatures];
  }
  /** @internal */
  protected extraState(): Record<string, unknown> {
    return { mean: this.mean ? Array.from(this.mean) : null, scale: this.scale ? Array.from(this.scale) : null };
  }
  /** @internal */
  protected loadExtraState(s: Record<string, unknown>): void {
    const shape = s.sampleShape as number[];
    if (shape.length !== 1) throw new MirkitError('BAD_MODEL', 'MLPClassifier JSON sampleShape must be [nFeatures]');
    this.nFeatures = shape[0];
    // standardize: true saves both vectors, false saves both as null
    const standardize = this.options.standardize === true;
    for (const field of ['mean', 'scale'] as const) {
      if ((s[field] != null) !== standardize) {
        throw new MirkitError(
          'BAD_MODEL',
          `MLPClassifier JSON state.${field} must be ${standardize ? 'an array (params.standardize is true)' : 'null (params.standardize is not true)'}`,
          {
            field: `state.${field}`,
          },
        );
      }
    }
    this.mean = standardize ? stateVector('MLPClassifier', 'mean', s.mean, shape[0], false) : undefined;
    this.scale = standardize ? stateVector('MLPClassifier', 'scale', s.scale, shape[0], true) : undefined;
  }

  /**
   * Restores a model saved by {@link MLPClassifier.toJSON} (weights included), synchronously. TensorFlow.js must be
   * loaded already for a fitted model (after a `fit`, or `await loadNeuralBackend()`); otherwise use
   * {@link MLPClassifier.fromJSONAsync}.
   * @throws MirkitError `BAD_MODEL` for a malformed JSON, `NOT_READY` when TensorFlow.js is not loaded yet
   */
  static fromJSON(json: ModelJSON | object): MLPClassifier {
    return NeuralBase.restoreJSON(MLPClassifier, json, 'MLPClassifier');
  }

  /**
   * Restores a model saved by {@link MLPClassifier.toJSON}, loading TensorFlow.js first when needed.
   * @throws MirkitError `BAD_MODEL` for a malformed JSON
   */
  static async fromJSONAsync(json: ModelJSON | object): Promise<MLPClassifier> {
    await loadNeuralBackend();
    return MLPClassifier.fromJSON(json);
  }
}
