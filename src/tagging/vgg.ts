/**
 * The vgg baseline of musicnn (five 3x3 conv blocks) as in the tf.keras port. Its h5 ends in
 * logits: the sigmoid is applied by the caller.
 * @internal
 * @packageDocumentation
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { LayerBuilder, Tensor } from './layers.js';

/** Outputs of one vgg pass over a batch of patches. */
export interface VggOutputs {
  /** `[batch, 50]` logits. */
  logits: Tensor;
  /** `[batch, 256]`: pool5 `(2 time steps x 1 x 128)` flattened time-major, the Dense input. */
  pool5: Tensor;
}

/** Max-pool sizes and strides after each conv block: (time, frequency). */
const POOLS: Array<{ size: [number, number]; stride: [number, number] }> = [
  { size: [4, 1], stride: [2, 2] },
  { size: [2, 2], stride: [2, 2] },
  { size: [2, 2], stride: [2, 2] },
  { size: [2, 2], stride: [2, 2] },
  { size: [4, 4], stride: [4, 4] },
];

/**
 * The vgg forward pass on `[batch, 187, 96, 1]` log-mel patches; pool outputs (92,48), (46,24),
 * (23,12), (11,6), (2,1). Call inside `tf.tidy`.
 */
export function vggForward(L: LayerBuilder, input: Tensor): VggOutputs {
  const tf = L.tf;
  let x = L.batchNorm(input, 'bn_input', 1);
  for (let i = 0; i < 5; i++) {
    const y = L.batchNorm(L.conv2dRelu(x, `${i + 1}CNN`, [3, 3, i === 0 ? 1 : 128, 128], 'same'), `bn_conv${i + 1}`, 128);
    x = tf.maxPool(y as TfCore.Tensor4D, POOLS[i].size, POOLS[i].stride, 'valid');
  }
  const pool5 = tf.reshape(x, [input.shape[0], 256]);
  return { logits: L.dense(pool5, 'output', 256, 50, false), pool5 };
}
