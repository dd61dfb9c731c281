import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { MirkitError } from '../../errors.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from '../types.js';
import { checkHeader, type NeuralTrainOptions, posInt, rate, resolveTrain, type ResolvedTrain } from './base.js';
import { SequenceBase, type SequenceInputOptions, type SequenceTable } from './sequence.js';
import { nextSeed, SeededDropout } from './util.js';

/**
 * One LSTM layer (PyTorch's gate equations, one bias) written with a handful of tf ops per time step:
 * the input projection of all frames is one matrix product, each step is one recurrent product,
 * a sigmoid over the i/f/o gates and a tanh over the candidate. About 10x faster to train than
 * `tf.layers.lstm` on the wasm and cpu backends. Gate order in the weights: i, f, o, g.
 * @internal
 */
export class SeqLSTM extends tfl.layers.Layer {
  /** tf serialization name. */
  static className = 'MirkitSeqLSTM';
  private readonly units: number;
  private readonly returnSequences: boolean;
  private readonly seed: number;
  private kernel: tfl.LayerVariable | undefined;
  private recurrent: tfl.LayerVariable | undefined;
  private bias: tfl.LayerVariable | undefined;

  constructor(args: { units: number; returnSequences: boolean; seed: number; name?: string }) {
    super({ name: args.name });
    this.units = args.units;
    this.returnSequences = args.returnSequences;
    this.seed = args.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const F = s[2] as number, H = this.units;
    const k = 1 / Math.sqrt(H);
    this.kernel = this.addWeight('kernel', [F, 4 * H], 'float32', tfl.initializers.randomUniform({ minval: -k, maxval: k, seed: this.seed }));
    this.recurrent = this.addWeight('recurrent_kernel', [H, 4 * H], 'float32', tfl.initializers.randomUniform({ minval: -k, maxval: k, seed: this.seed + 1 }));
    // forget-gate bias 1 (Keras' unitForgetBias), others 0
    const b = new Float32Array(4 * H);
    b.fill(1, H, 2 * H);
    this.bias = this.addWeight('bias', [4 * H], 'float32', tfl.initializers.zeros());
    const bt = tf.tensor1d(b);
    this.bias.write(bt);
    bt.dispose();
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return this.returnSequences ? [s[0], s[1], this.units] : [s[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [B, T, F] = x.shape;
      const H = this.units;
      const W = this.kernel!.read(), U = this.recurrent!.read(), bias = this.bias!.read();
      const xw = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [B * T, F]), W), bias), [B, T, 4 * H]);
      const steps = tf.unstack(xw, 1);
      let h: tf.Tensor = tf.zeros([B, H]);
      let c: tf.Tensor = tf.zeros([B, H]);
      const outs: tf.Tensor[] = [];
      for (let t = 0; t < T; t++) {
        const z = t === 0 ? steps[t] : tf.add(steps[t], tf.matMul(h, U));
        const [sig, g] = tf.split(z, [3 * H, H], 1);
        const [i, f, o] = tf.split(tf.sigmoid(sig), 3, 1);
        c = tf.add(tf.mul(f, c), tf.mul(i, tf.tanh(g)));
        h = tf.mul(o, tf.tanh(c));
        if (this.returnSequences) outs.push(h);
      }
      return this.returnSequences ? tf.stack(outs, 1) : h;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, returnSequences: this.returnSequences, seed: this.seed };
  }
}
tf.serialization.registerClass(SeqLSTM as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);

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
  /** @internal */
  protected readonly input: { timeAxis: 'rows' | 'cols'; sequenceLength?: number };
  private readonly train_: ResolvedTrain;
  private readonly hiddenSize: number;
  private readonly numLayers: number;
  private readonly drop: number;
  private readonly outDrop: number;

  /** @param options - see {@link LSTMOptions} */
  constructor(options: LSTMOptions = {}) {
    super();
    this.options = { ...options };
    this.checkInputOptions(options);
    this.input = { timeAxis: options.timeAxis ?? 'rows', sequenceLength: options.sequenceLength };
    this.train_ = resolveTrain(options, { optimizer: 'adam', learningRate: 0.006, batchSize: 64, epochs: 30 });
    this.hiddenSize = options.hiddenSize ?? 64;
    this.numLayers = options.numLayers ?? 2;
    posInt('hiddenSize', this.hiddenSize);
    posInt('numLayers', this.numLayers);
    this.drop = options.dropout ?? 0.1;
    this.outDrop = options.outputDropout ?? 0.15;
    rate('dropout', this.drop);
    rate('outputDropout', this.outDrop);
  }

  /**
   * Trains from scratch on sequences `X` (one frames x features `Matrix` per sample) and labels `y`.
   * @throws MirkitError `BAD_SHAPE`, `EMPTY_INPUT`, `NON_FINITE`, `BAD_LABELS`
   */
  async fit(X: SequenceTable | FeatureTable, y: Label[]): Promise<this> {
    const prep = this.fitPrepare(X);
    await this.train(prep, y, this.train_);
    return this;
  }

  /** @internal */
  protected build(sampleShape: number[], nClasses: number, rng: () => number): tfl.LayersModel {
    const input = tfl.input({ shape: sampleShape });
    let h: tfl.SymbolicTensor = input;
    for (let l = 0; l < this.numLayers; l++) {
      const last = l === this.numLayers - 1;
      h = new SeqLSTM({ units: this.hiddenSize, returnSequences: !last, seed: nextSeed(rng) }).apply(h) as tfl.SymbolicTensor;
      if (!last && this.drop > 0) h = new SeededDropout({ rate: this.drop }).apply(h) as tfl.SymbolicTensor;
    }
    if (this.outDrop > 0) h = new SeededDropout({ rate: this.outDrop }).apply(h) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: nClasses, kernelInitializer: tfl.initializers.glorotUniform({ seed: nextSeed(rng) }) }).apply(h) as tfl.SymbolicTensor;
    return tfl.model({ inputs: input, outputs: out });
  }

  /** @internal */
  protected paramsJSON(): Record<string, unknown> {
    return JSON.parse(JSON.stringify(this.options));
  }

  /** Restores a model saved by {@link LSTMClassifier.toJSON} (weights included), synchronously. @throws MirkitError `BAD_MODEL` */
  static fromJSON(json: ModelJSON | object): LSTMClassifier {
    const j = checkHeader(json, 'LSTMClassifier');
    let m: LSTMClassifier;
    try {
      m = new LSTMClassifier(j.params as LSTMOptions);
    } catch (e) {
      throw new MirkitError('BAD_MODEL', `LSTMClassifier JSON params are invalid: ${(e as Error).message}`);
    }
    return m.restore(j);
  }
}
