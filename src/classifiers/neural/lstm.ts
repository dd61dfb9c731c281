import type * as tfl from '@tensorflow/tfjs-layers';
import type { Classifier, ModelJSON } from '../types.js';
import { denseSize, type LayerSize, type NeuralTrainOptions, posInt, rate, type NetworkNode, type NeuralModules } from './base.js';
import { MAX_NETWORK_WEIGHTS } from '../../limits.js';
import { SequenceBase, type SequenceInputOptions } from './sequence.js';
import { loadNeuralBackend } from './backend.js';
import type { Tf } from './tf.js';
import { nextSeed } from './util.js';
import { readConstructorOptions } from '../../options.js';
import { LSTM_CLASSIFIER_OPTIONS } from '../../constructor-option-keys.js';

/** Options of {@link LSTMClassifier} (PyTorch `nn.LSTM` names in camelCase). */
export interface LSTMOptions extends NeuralTrainOptions, SequenceInputOptions {
  /** Units of every LSTM layer. Default 64. */
  hiddenSize?: number;
  /** Stacked LSTM layers. Default 2. */
  numLayers?: number;
  /** Dropout between stacked LSTM layers (PyTorch's `dropout`). Default 0.1. */
  dropout?: number;
  /** Dropout on the last hidden state before the linear output layer. Default 0.15. */
  outputDropout?: number;
}

/**
 * A stacked LSTM over frame sequences; the last layer's final hidden state goes through dropout and a
 * linear (softmax) output layer. Defaults are the study's: `hiddenSize: 64`, `numLayers: 2`,
 * `dropout: 0.1` between layers, `outputDropout: 0.15`, adam with `learningRate: 0.006`, `batchSize: 64`,
 * `epochs: 30`. Weights start uniform in ±1/sqrt(hiddenSize) like PyTorch's `nn.LSTM`.
 *
 * Input handling (frames x features `Matrix` per sample, pad/crop to `sequenceLength`, per-feature
 * standardisation learned in `fit`) is as for {@link CNNClassifier}.
 */
export class LSTMClassifier extends SequenceBase implements Classifier {
  /** @internal */
  protected readonly typeName = 'LSTMClassifier';
  /** The options as given. */
  readonly options: LSTMOptions;
  private readonly hiddenSize: number;
  private readonly numLayers: number;
  private readonly drop: number;
  private readonly outDrop: number;

  /** @param options - see {@link LSTMOptions} */
  constructor(options: LSTMOptions = {}) {
    options = readConstructorOptions('LSTMClassifier', options, LSTM_CLASSIFIER_OPTIONS);
    super(options, { optimizer: 'adam', learningRate: 0.006, batchSize: 64, epochs: 30 });
    this.hiddenSize = options.hiddenSize ?? 64;
    this.numLayers = options.numLayers ?? 2;
    posInt('hiddenSize', this.hiddenSize);
    posInt('numLayers', this.numLayers);
    this.drop = options.dropout ?? 0.1;
    this.outDrop = options.outputDropout ?? 0.15;
    rate('dropout', this.drop);
    rate('outputDropout', this.outDrop);
    this.options = { ...options };
    // the smallest network these options make (one frame of one feature, two classes) must fit the size bounds
    this.checkNetwork([1, 1], 2, 1, true, 'BAD_OPTION');
  }

  /** @internal */
  protected networkLayers(sampleShape: number[], nClasses: number): LayerSize[] {
    const [T, F] = sampleShape;
    const H = this.hiddenSize,
      L = this.numLayers;
    // per layer: input and recurrent kernels and one bias over the 4 gates; every frame's gates are
    // held (T x 4H), and training keeps one recurrent-kernel gradient (H x 4H) per frame, counted as
    // T x H^2 (such a gradient costs a fraction of what the bound allows a CNN's activations)
    const lstmLayer = (what: string, option: string, inWidth: number, count: number): LayerSize => ({
      what,
      option,
      sequentialSteps: count * T,
      weights: count * ((inWidth + H) * 4 * H + 4 * H),
      perSample: T * 4 * H,
      perStep: T * H * H,
      perStepWhat: `${T} frames x hiddenSize^2, for the recurrent-kernel gradient kept per frame`,
    });
    const layers: LayerSize[] = [
      { what: `the input (${T} frames x ${F} features)`, option: 'sequenceLength', weights: 0, perSample: T * F },
      lstmLayer(`LSTM layer 0 (hiddenSize = ${H}, ${T} frames)`, 'hiddenSize', F, 1),
    ];
    if (L > 1) {
      // one entry for the L - 1 deeper layers (numLayers may be large); fewer layers help when one alone fits
      const deeper = lstmLayer(`${L === 2 ? 'LSTM layer 1' : `LSTM layers 1 to ${L - 1}`} (numLayers = ${L}, hiddenSize = ${H})`, 'hiddenSize', H, L - 1);
      if (deeper.weights / (L - 1) <= MAX_NETWORK_WEIGHTS) deeper.option = 'numLayers';
      layers.push(deeper);
    }
    layers.push(denseSize(`the output layer (${nClasses} classes)`, 'hiddenSize', H, nClasses));
    return layers;
  }

  /** @internal */
  protected hiddenLayers(lib: NeuralModules, input: NetworkNode, rng: () => number): NetworkNode {
    const {
      layers: { SeqLSTM, SeededDropout },
    } = lib as Tf;
    let h = input as tfl.SymbolicTensor;
    for (let l = 0; l < this.numLayers; l++) {
      const last = l === this.numLayers - 1;
      h = new SeqLSTM({ units: this.hiddenSize, returnSequences: !last, seed: nextSeed(rng) }).apply(h) as tfl.SymbolicTensor;
      if (!last && this.drop > 0) h = new SeededDropout({ rate: this.drop }).apply(h) as tfl.SymbolicTensor;
    }
    if (this.outDrop > 0) h = new SeededDropout({ rate: this.outDrop }).apply(h) as tfl.SymbolicTensor;
    return h;
  }

  /**
   * Restores a model saved by {@link LSTMClassifier.toJSON} (weights included), synchronously. TensorFlow.js must be
   * loaded already for a fitted model (after a `fit`, or `await loadNeuralBackend()`); otherwise use
   * {@link LSTMClassifier.fromJSONAsync}.
   * @throws MirkitError `BAD_MODEL` for a malformed JSON, `NOT_READY` when TensorFlow.js is not loaded yet
   */
  static fromJSON(json: ModelJSON | object): LSTMClassifier {
    return SequenceBase.restoreJSON(LSTMClassifier, json, 'LSTMClassifier');
  }

  /**
   * Restores a model saved by {@link LSTMClassifier.toJSON}, loading TensorFlow.js first when needed.
   * @throws MirkitError `BAD_MODEL` for a malformed JSON
   */
  static fromJSONAsync(json: ModelJSON | object): Promise<LSTMClassifier> {
    return loadNeuralBackend().then(() => LSTMClassifier.fromJSON(json));
  }
}
