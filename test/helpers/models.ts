/** Saved models written by hand for tests (no TensorFlow.js needed to make them). */
import type { ModelJSON } from '../../src/classifiers/types.js';

/**
 * A fitted MLPClassifier over gtzan57 vectors, written by hand (one dense layer 57 -> 2 with zero weights
 * and biases log 3 and 0, so it answers a: 0.75, b: 0.25 for any input) as `mirkit train --model mlp`
 * saves it, wrapped in a Pipeline with a scaler.
 */
export function savedMlpGenreModel(): ModelJSON & { meta: object } {
  const kernel = new Float32Array(57 * 2);
  const w = new Float32Array([...kernel, Math.log(3), 0]);
  const mlp = {
    format: 'mirkit-model',
    version: 1,
    type: 'MLPClassifier',
    params: { hiddenLayerSizes: [] },
    state: {
      classes: ['a', 'b'],
      sampleShape: [57],
      mean: null,
      scale: null,
      weights: {
        weightSpecs: [
          { name: 'dense/kernel', shape: [57, 2], dtype: 'float32' },
          { name: 'dense/bias', shape: [2], dtype: 'float32' },
        ],
        weightData: Buffer.from(w.buffer).toString('base64'),
      },
    },
  };
  return {
    format: 'mirkit-model',
    version: 1,
    type: 'Pipeline',
    params: {},
    state: { steps: [mlp] },
    meta: { name: 'hand-mlp', featureSet: 'gtzan57' },
  } as ModelJSON & { meta: object };
}
