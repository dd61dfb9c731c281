/**
 * mirkit's custom TensorFlow.js layers: a seeded dropout, a 1-D temporal convolution and a fast LSTM.
 * They subclass `tf.layers.Layer`, which exists only once TensorFlow.js is loaded, so they are defined
 * by {@link defineLayers}, run once by the lazy loader (`tf.ts`) after the dynamic `import()`.
 * @internal
 * @packageDocumentation
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';
import { makeRng, nextSeed } from './util.js';

type Layer = TfLayers.layers.Layer;

/** A dropout layer with a seeded mask source. @internal */
export interface SeededDropoutLayer extends Layer {
  readonly rate: number;
  /** Source of per-call seeds; set by the owning classifier before training. */
  rng: () => number;
}

/** Constructors of the custom layers. @internal */
export interface CustomLayers {
  /**
   * Dropout whose mask is drawn from a seeded generator, a fresh mask per training call
   * (tfjs' own `Dropout` with a fixed `seed` repeats the same mask every batch). Identity at inference.
   */
  SeededDropout: new (args: {
    rate: number;
    name?: string;
  }) => SeededDropoutLayer;
  /**
   * A 1-D convolution over time with 'same' padding and ReLU, written as unfold (shifted slices
   * concatenated along features) + matrix product, so its gradient needs only slice/concat/matMul
   * kernels: tfjs' wasm backend has no `Conv2DBackpropFilter`, which `tf.layers.conv1d` needs to train.
   */
  TemporalConv: new (args: {
    filters: number;
    kernelSize: number;
    seed: number;
    name?: string;
  }) => Layer;
  /**
   * One LSTM layer (PyTorch's gate equations, one bias) written with a handful of tf ops per time step:
   * the input projection of all frames is one matrix product, each step is one recurrent product,
   * a sigmoid over the i/f/o gates and a tanh over the candidate. About 10x faster to train than
   * `tf.layers.lstm` on the wasm and cpu backends. Gate order in the weights: i, f, o, g.
   */
  SeqLSTM: new (args: {
    units: number;
    returnSequences: boolean;
    seed: number;
    name?: string;
  }) => Layer;
}

/**
 * Defines the custom layers on the loaded TensorFlow.js modules and registers them for
 * serialization. Run once, by the lazy loader. @internal
 */
export function defineLayers(tf: typeof TfCore, tfl: typeof TfLayers): CustomLayers {
  class SeededDropout extends tfl.layers.Layer {
    /** tf serialization name. */
    static className = 'MirkitSeededDropout';
    readonly rate: number;
    rng: () => number = makeRng(0);

    constructor(args: { rate: number; name?: string }) {
      super({ name: args.name });
      this.rate = args.rate;
      this.supportsMasking = true;
    }

    override call(inputs: TfCore.Tensor | TfCore.Tensor[], kwargs: Record<string, unknown>): TfCore.Tensor {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (!kwargs['training'] || this.rate <= 0) return x.clone();
      return tf.dropout(x, this.rate, undefined, nextSeed(this.rng));
    }

    override getConfig(): TfCore.serialization.ConfigDict {
      return { ...super.getConfig(), rate: this.rate };
    }
  }

  /** The first (only) input's shape of a layer called on one input. */
  const firstShape = (inputShape: TfLayers.Shape | TfLayers.Shape[]): TfLayers.Shape =>
    (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as TfLayers.Shape;

  /** A layer with a kernel and a bias initialised from `seed` (the trainable layers below). */
  abstract class SeededWeightsLayer extends tfl.layers.Layer {
    readonly seed: number;
    kernel: TfLayers.LayerVariable | undefined;
    bias: TfLayers.LayerVariable | undefined;

    constructor(args: { seed: number; name?: string }) {
      super({ name: args.name });
      this.seed = args.seed;
    }
  }

  class TemporalConv extends SeededWeightsLayer {
    /** tf serialization name. */
    static className = 'MirkitTemporalConv';
    readonly filters: number;
    readonly kernelSize: number;

    constructor(args: { filters: number; kernelSize: number; seed: number; name?: string }) {
      super(args);
      this.filters = args.filters;
      this.kernelSize = args.kernelSize;
    }

    override build(inputShape: TfLayers.Shape | TfLayers.Shape[]): void {
      const F = firstShape(inputShape)[2] as number;
      this.kernel = this.addWeight('kernel', [this.kernelSize * F, this.filters], 'float32', tfl.initializers.glorotUniform({ seed: this.seed }));
      this.bias = this.addWeight('bias', [this.filters], 'float32', tfl.initializers.zeros());
      this.built = true;
    }

    override computeOutputShape(inputShape: TfLayers.Shape | TfLayers.Shape[]): TfLayers.Shape {
      const s = firstShape(inputShape);
      return [s[0], s[1], this.filters];
    }

    override call(inputs: TfCore.Tensor | TfCore.Tensor[]): TfCore.Tensor {
      return tf.tidy(() => {
        const x = (Array.isArray(inputs) ? inputs[0] : inputs) as TfCore.Tensor3D;
        const [B, T, F] = x.shape;
        const k = this.kernelSize;
        const left = Math.floor((k - 1) / 2);
        const xp =
          k > 1
            ? tf.pad(x, [
                [0, 0],
                [left, k - 1 - left],
                [0, 0],
              ])
            : x;
        const cols: TfCore.Tensor[] = [];
        for (let j = 0; j < k; j++) cols.push(tf.slice(xp, [0, j, 0], [B, T, F]));
        const un = k > 1 ? tf.concat(cols, 2) : cols[0];
        const y = tf.add(tf.matMul(tf.reshape(un, [B * T, k * F]), this.kernel!.read()), this.bias!.read());
        return tf.relu(tf.reshape(y, [B, T, this.filters]));
      });
    }

    override getConfig(): TfCore.serialization.ConfigDict {
      return { ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize, seed: this.seed };
    }
  }

  class SeqLSTM extends SeededWeightsLayer {
    /** tf serialization name. */
    static className = 'MirkitSeqLSTM';
    readonly units: number;
    readonly returnSequences: boolean;
    recurrent: TfLayers.LayerVariable | undefined;

    constructor(args: { units: number; returnSequences: boolean; seed: number; name?: string }) {
      super(args);
      this.units = args.units;
      this.returnSequences = args.returnSequences;
    }

    override build(inputShape: TfLayers.Shape | TfLayers.Shape[]): void {
      const H = this.units;
      const F = firstShape(inputShape)[2] as number;
      const k = 1 / Math.sqrt(H);
      this.kernel = this.addWeight('kernel', [F, 4 * H], 'float32', tfl.initializers.randomUniform({ minval: -k, maxval: k, seed: this.seed }));
      this.recurrent = this.addWeight(
        'recurrent_kernel',
        [H, 4 * H],
        'float32',
        tfl.initializers.randomUniform({ minval: -k, maxval: k, seed: this.seed + 1 }),
      );
      // forget-gate bias 1 (Keras' unitForgetBias), others 0
      const b = new Float32Array(4 * H);
      b.fill(1, H, 2 * H);
      this.bias = this.addWeight('bias', [4 * H], 'float32', tfl.initializers.zeros());
      const bt = tf.tensor1d(b);
      this.bias.write(bt);
      bt.dispose();
      this.built = true;
    }

    override computeOutputShape(inputShape: TfLayers.Shape | TfLayers.Shape[]): TfLayers.Shape {
      const s = firstShape(inputShape);
      return this.returnSequences ? [s[0], s[1], this.units] : [s[0], this.units];
    }

    override call(inputs: TfCore.Tensor | TfCore.Tensor[]): TfCore.Tensor {
      return tf.tidy(() => {
        const x = (Array.isArray(inputs) ? inputs[0] : inputs) as TfCore.Tensor3D;
        const [B, T, F] = x.shape;
        const H = this.units;
        const W = this.kernel!.read(),
          U = this.recurrent!.read(),
          bias = this.bias!.read();
        const xw = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [B * T, F]), W), bias), [B, T, 4 * H]);
        // tfjs' unstack gradient fails on a single frame (its one output's gradient reaches `stack` as a
        // lone tensor, not a list): one frame is the input projection itself
        const steps = T === 1 ? [tf.reshape(xw, [B, 4 * H])] : tf.unstack(xw, 1);
        let h: TfCore.Tensor = tf.zeros([B, H]);
        let c: TfCore.Tensor = tf.zeros([B, H]);
        const outs: TfCore.Tensor[] = [];
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

    override getConfig(): TfCore.serialization.ConfigDict {
      return { ...super.getConfig(), units: this.units, returnSequences: this.returnSequences, seed: this.seed };
    }
  }

  type Ctor = TfCore.serialization.SerializableConstructor<TfCore.serialization.Serializable>;
  tf.serialization.registerClass(SeededDropout as unknown as Ctor);
  tf.serialization.registerClass(TemporalConv as unknown as Ctor);
  tf.serialization.registerClass(SeqLSTM as unknown as Ctor);
  return { SeededDropout, TemporalConv, SeqLSTM };
}
