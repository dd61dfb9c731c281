import type * as tfl from '@tensorflow/tfjs-layers';
import type { Classifier, ModelJSON } from '../types.js';
import { bad, denseSize, type LayerSize, type NeuralTrainOptions, posInt, rate, type NetworkNode, type NeuralModules } from './base.js';
import { SequenceBase, type SequenceInputOptions } from './sequence.js';
import { loadNeuralBackend } from './backend.js';
import type { Tf } from './tf.js';
import { nextSeed } from './util.js';
import { readConstructorOptions } from '../../options.js';
import { CNN_CLASSIFIER_OPTIONS } from '../../constructor-option-keys.js';

/** Options of {@link CNNClassifier}. */
export interface CNNOptions extends NeuralTrainOptions, SequenceInputOptions {
  /** Filters of the two 1-D convolutions over time. Default `[32, 64]`. */
  filters?: [number, number];
  /** Kernel sizes (frames) of the two convolutions. Default `[5, 3]`. */
  kernelSize?: [number, number];
  /** Max-pooling factor over time after each convolution. Default 2. */
  poolSize?: number;
  /** Dropout before the linear output layer. Default 0.25. */
  dropout?: number;
}

/**
 * A 1-D convolutional network over frame sequences: two convolution blocks (conv over time, ReLU,
 * max-pooling), global average pooling over time, dropout and a linear (softmax) output layer.
 *
 * Each sample is a `Matrix` of frames x features (rows = frames); sequences are padded with zeros or
 * cropped to `sequenceLength` frames and each feature is standardised with the mean and standard deviation
 * learned in `fit` (stored in the model). Defaults: `filters: [32, 64]`, `kernelSize: [5, 3]`, `poolSize: 2`,
 * `dropout: 0.25`, adam with `learningRate: 0.001`, `batchSize: 32`, `epochs: 30`.
 */
export class CNNClassifier extends SequenceBase implements Classifier {
  /** @internal */
  protected readonly typeName = 'CNNClassifier';
  /** The options as given. */
  readonly options: CNNOptions;
  private readonly filters: [number, number];
  private readonly kernel: [number, number];
  private readonly pool: number;
  private readonly drop: number;

  /** @param options - see {@link CNNOptions} */
  constructor(options: CNNOptions = {}) {
    options = readConstructorOptions('CNNClassifier', options, CNN_CLASSIFIER_OPTIONS);
    super(options, { optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 30 });
    this.options = { ...options };
    this.filters = options.filters ?? [32, 64];
    this.kernel = options.kernelSize ?? [5, 3];
    if (!Array.isArray(this.filters) || this.filters.length !== 2) bad('filters', this.filters, 'two positive integers');
    if (!Array.isArray(this.kernel) || this.kernel.length !== 2) bad('kernelSize', this.kernel, 'two positive integers');
    this.filters.forEach((v, i) => posInt(`filters[${i}]`, v));
    this.kernel.forEach((v, i) => posInt(`kernelSize[${i}]`, v));
    this.pool = options.poolSize ?? 2;
    posInt('poolSize', this.pool);
    this.drop = options.dropout ?? 0.25;
    rate('dropout', this.drop);
    // the smallest network these options make (one frame of one feature, two classes) must fit the size bounds
    this.checkNetwork([1, 1], 2, 1, true, 'BAD_OPTION');
  }

  /** @internal */
  protected networkLayers(sampleShape: number[], nClasses: number): LayerSize[] {
    const [T, F] = sampleShape;
    const layers: LayerSize[] = [{ what: `the input (${T} frames x ${F} features)`, option: 'sequenceLength', weights: 0, perSample: T * F }];
    let len = T,
      width = F;
    for (let b = 0; b < 2; b++) {
      const k = this.kernel[b],
        f = this.filters[b];
      const name = b === 0 ? 'first' : 'second';
      // TemporalConv pads the frames and concatenates k shifted copies of them (k x width values per
      // frame, more than the padded frames hold). Of two factors the options set, the larger is the
      // one out of the ordinary (kernel sizes are a few frames, filters tens to hundreds).
      layers.push({
        what: `the ${name} convolution's unfolded input (${len} frames x kernelSize[${b}] = ${k} x ${width})`,
        option: b === 0 || k > width ? 'kernelSize' : 'filters',
        weights: 0,
        perSample: len * k * width,
      });
      layers.push({
        what: `the ${name} convolution (kernelSize[${b}] = ${k} x ${width} x filters[${b}] = ${f})`,
        option: k > f ? 'kernelSize' : 'filters',
        weights: k * width * f + f,
        perSample: len * f,
      });
      if (this.pool > 1 && len >= this.pool) len = Math.floor(len / this.pool);
      width = f;
    }
    layers.push(denseSize(`the output layer (${nClasses} classes)`, 'filters', width, nClasses));
    return layers;
  }

  /** @internal */
  protected hiddenLayers(lib: NeuralModules, input: NetworkNode, rng: () => number): NetworkNode {
    const {
      tfl,
      layers: { TemporalConv, SeededDropout },
    } = lib as Tf;
    let h = input as tfl.SymbolicTensor;
    let len = input.shape[1] as number;
    for (let b = 0; b < 2; b++) {
      h = new TemporalConv({ filters: this.filters[b], kernelSize: this.kernel[b], seed: nextSeed(rng) }).apply(h) as tfl.SymbolicTensor;
      if (this.pool > 1 && len >= this.pool) {
        h = tfl.layers.maxPooling1d({ poolSize: this.pool }).apply(h) as tfl.SymbolicTensor;
        len = Math.floor(len / this.pool);
      }
    }
    h = tfl.layers.globalAveragePooling1d().apply(h) as tfl.SymbolicTensor;
    if (this.drop > 0) h = new SeededDropout({ rate: this.drop }).apply(h) as tfl.SymbolicTensor;
    return h;
  }

  /**
   * Restores a model saved by {@link CNNClassifier.toJSON} (weights included), synchronously. TensorFlow.js must be
   * loaded already for a fitted model (after a `fit`, or `await loadNeuralBackend()`); otherwise use
   * {@link CNNClassifier.fromJSONAsync}.
   * @throws MirkitError `BAD_MODEL` for a malformed JSON, `NOT_READY` when TensorFlow.js is not loaded yet
   */
  static fromJSON(json: ModelJSON | object): CNNClassifier {
    return SequenceBase.restoreJSON(CNNClassifier, json, 'CNNClassifier');
  }

  /**
   * Restores a model saved by {@link CNNClassifier.toJSON}, loading TensorFlow.js first when needed.
   * @throws MirkitError `BAD_MODEL` for a malformed JSON
   */
  static async fromJSONAsync(json: ModelJSON | object): Promise<CNNClassifier> {
    await loadNeuralBackend();
    return CNNClassifier.fromJSON(json);
  }
}
