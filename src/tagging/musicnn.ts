/**
 * The musicnn architecture (Pons & Serra 2019) as in the tf.keras port, rebuilt op by op: the
 * graph holds TensorFlow op layers (Pad, Squeeze, ConcatV2, Transpose, Add, Mean, Max) that
 * tfjs-layers cannot load, so it is written here and the weights are found by layer name.
 * @internal
 * @packageDocumentation
 */
import type { LayerBuilder, Tensor } from './layers.js';
import { MUSICNN_MELS, PATCH_FRAMES } from './frontend.js';

/** Outputs of one musicnn pass over a batch of patches (tensors owned by the caller). */
export interface MusicnnOutputs {
  /** `[batch, 50]` logits (before the sigmoid). */
  logits: Tensor;
  /** `[batch, 200]`: BatchNorm `bn_dense` after Dense(200)+ReLU. */
  penultimate: Tensor;
  /** `[batch, 753]`: max over the 187 frames of [front end | conv1 | conv1+conv2 | ... + conv3]. */
  maxPool: Tensor;
  /** `[batch, 753]`: mean over the 187 frames of the same features. */
  meanPool: Tensor;
}

/** Front-end branch: conv (+ReLU), BatchNorm, then max over every frequency position -> `[batch, 187, filters]`. */
function branch(L: LayerBuilder, x: Tensor, conv: string, bn: string, kernel: [number, number, number, number], padding: 'valid' | 'same'): Tensor {
  const y = L.batchNorm(L.conv2dRelu(x, conv, kernel, padding), bn, kernel[3]);
  return L.tf.max(y, 2);
}

/** Mid-end layer: 7-frame conv over all features with 3 frames of zero padding each side, ReLU, BatchNorm. */
function midend(L: LayerBuilder, x: Tensor, name: string, features: number): Tensor {
  const tf = L.tf;
  const padded = tf.expandDims(L.padTime(x, 3, 3), 3); // [batch, 193, features, 1]
  const y = L.conv2dRelu(padded, name, [7, features, 1, 64], 'valid'); // [batch, 187, 1, 64]
  return L.batchNorm(tf.squeeze(y, [2]), `bn_${name}`, 64);
}

/**
 * The musicnn forward pass on `[batch, 187, 96, 1]` log-mel patches.
 * Call inside `tf.tidy` (the intermediate tensors are not disposed here).
 */
export function musicnnForward(L: LayerBuilder, input: Tensor): MusicnnOutputs {
  const tf = L.tf;
  const x = L.batchNorm(input, 'batch_normalization', 1);
  const padded = L.padTime(x, 3, 3);
  const front = tf.concat(
    [
      branch(L, padded, 'conv2d', 'batch_normalization_1', [7, 38, 1, 204], 'valid'),
      branch(L, padded, 'conv2d_1', 'batch_normalization_2', [7, 67, 1, 204], 'valid'),
      branch(L, x, 'conv2d_2', 'batch_normalization_3', [128, 1, 1, 51], 'same'),
      branch(L, x, 'conv2d_3', 'batch_normalization_4', [64, 1, 1, 51], 'same'),
      branch(L, x, 'conv2d_4', 'batch_normalization_5', [32, 1, 1, 51], 'same'),
    ],
    2,
  ); // [batch, 187, 561]
  const c1 = midend(L, front, 'midend_conv1', 561);
  const s2 = tf.add(midend(L, c1, 'midend_conv2', 64), c1);
  const s3 = tf.add(midend(L, s2, 'midend_conv3', 64), s2);
  const all = tf.concat([front, c1, s2, s3], 2); // [batch, 187, 753]
  const maxPool = tf.max(all, 1);
  const meanPool = tf.mean(all, 1);
  const batch = input.shape[0];
  // Keras Flatten of concat([max, mean], axis=2) interleaves them: [max0, mean0, max1, mean1, ...]
  const flat = tf.reshape(tf.stack([maxPool, meanPool], 2), [batch, 2 * 753]);
  const dense = L.dense(L.batchNorm(flat, 'bn_flatpool', 1506), 'dense', 1506, 200, true);
  const penultimate = L.batchNorm(dense, 'bn_dense', 200);
  const logits = L.dense(penultimate, 'dense_1', 200, 50, false);
  return { logits, penultimate, maxPool, meanPool };
}

/** Input shape of one patch. */
export const PATCH_SHAPE: [number, number, number] = [PATCH_FRAMES, MUSICNN_MELS, 1];
