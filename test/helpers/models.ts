/** Saved models written by hand for tests (no TensorFlow.js needed to make them). */
import type { ModelJSON } from '../../src/classifiers/types.js';

/**
 * A fitted MLPClassifier with no hidden layer, written by hand: one dense layer `nFeatures` -> 2
 * (classes a, b) whose float32 weights are `weights` (the kernel row by row, then the 2 biases).
 */
export function handMadeMlp(nFeatures: number, weights: Float32Array): ModelJSON {
  if (weights.length !== nFeatures * 2 + 2) throw new Error(`handMadeMlp: ${nFeatures} features need ${nFeatures * 2 + 2} weights`);
  return {
    format: 'mirkit-model',
    version: 1,
    type: 'MLPClassifier',
    params: { hiddenLayerSizes: [] },
    state: {
      classes: ['a', 'b'],
      sampleShape: [nFeatures],
      mean: null,
      scale: null,
      weights: {
        weightSpecs: [
          { name: 'dense/kernel', shape: [nFeatures, 2], dtype: 'float32' },
          { name: 'dense/bias', shape: [2], dtype: 'float32' },
        ],
        weightData: Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength).toString('base64'),
      },
    },
  };
}

/**
 * A fitted MLPClassifier over gtzan57 vectors, written by hand (one dense layer 57 -> 2 with zero weights
 * and biases log 3 and 0, so it answers a: 0.75, b: 0.25 for any input) as `mirkit train --model mlp`
 * saves it, wrapped in a Pipeline with a scaler.
 */
export function savedMlpGenreModel(): ModelJSON & { meta: object } {
  const mlp = handMadeMlp(57, new Float32Array([...new Float32Array(57 * 2), Math.log(3), 0]));
  return {
    format: 'mirkit-model',
    version: 1,
    type: 'Pipeline',
    params: {},
    state: { steps: [mlp] },
    meta: { name: 'hand-mlp', featureSet: 'gtzan57' },
  } as ModelJSON & { meta: object };
}
