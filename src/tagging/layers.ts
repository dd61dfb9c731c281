/**
 * The layers the musicnn graphs are built from, on TensorFlow.js (`@tensorflow/tfjs-core` ops, wasm
 * backend when it initialises, cpu otherwise), with weights looked up by Keras layer name.
 * @internal
 * @packageDocumentation
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { weight, type MusicnnWeights } from './weights.js';

/** `@tensorflow/tfjs-core`. */
export type TfModule = typeof TfCore;
/** A tfjs tensor. */
export type Tensor = TfCore.Tensor;

/** Builds tensors of named Keras weights and applies the graph's layers. */
export class LayerBuilder {
  /**
   * @param tf - the loaded tfjs-core
   * @param w - the model's weights
   */
  constructor(
    readonly tf: TfModule,
    readonly w: MusicnnWeights,
  ) {}

  /** A weight tensor of `shape` (checked against the stored shape). */
  tensor(name: string, shape: number[]): Tensor {
    return this.tf.tensor(weight(this.w, name, shape), shape);
  }

  /** Keras BatchNormalization in inference mode over the last axis, epsilon 1e-3. */
  batchNorm(x: Tensor, layer: string, channels: number): Tensor {
    const t = (v: string) => this.tensor(`${layer}/${v}`, [channels]);
    return this.tf.batchNorm(x, t('moving_mean'), t('moving_variance'), t('beta'), t('gamma'), 1e-3);
  }

  /** Keras Conv2D with ReLU (NHWC, stride 1): `relu(conv(x, kernel) + bias)`. */
  conv2dRelu(x: Tensor, layer: string, kernel: [number, number, number, number], padding: 'valid' | 'same'): Tensor {
    const tf = this.tf;
    const k = this.tensor(`${layer}/kernel`, kernel) as TfCore.Tensor4D;
    const y = tf.conv2d(x as TfCore.Tensor4D, k, 1, padding);
    return tf.relu(tf.add(y, this.tensor(`${layer}/bias`, [kernel[3]])));
  }

  /** Keras Dense: `x @ kernel + bias`, optionally through ReLU. */
  dense(x: Tensor, layer: string, inputs: number, units: number, relu: boolean): Tensor {
    const tf = this.tf;
    const y = tf.add(
      tf.matMul(x as TfCore.Tensor2D, this.tensor(`${layer}/kernel`, [inputs, units]) as TfCore.Tensor2D),
      this.tensor(`${layer}/bias`, [units]),
    );
    return relu ? tf.relu(y) : y;
  }

  /** Zero padding of `before` / `after` steps along axis 1 (time) of a rank-3 or rank-4 tensor. */
  padTime(x: Tensor, before: number, after: number): Tensor {
    const pads: Array<[number, number]> = x.shape.map(() => [0, 0] as [number, number]);
    pads[1] = [before, after];
    return this.tf.pad(x, pads);
  }
}
