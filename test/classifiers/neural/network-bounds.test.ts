import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CNNClassifier, getNeuralBackend, LSTMClassifier, MLPClassifier } from '../../../src/classifiers/neural/index.js';
import { NEURAL_MODEL_READERS } from '../../../src/classifiers/neural/registry.js';
import { MirkitError } from '../../../src/errors.js';
import { MAX_ACTIVATION_VALUES, MAX_LSTM_STEPS, MAX_MATRIX_VALUES, MAX_NETWORK_WEIGHTS } from '../../../src/limits.js';
import { predictionBatch } from '../../../src/classifiers/neural/size.js';
import { blobs } from './blobs.js';

/** The fuzz campaign's data: 12 sequences of 8 frames x 3 features, two classes. */
const Xs = Array.from({ length: 12 }, (_, i) => Array.from({ length: 8 }, (_, t) => [i % 2, Math.sin(i + t), t / 8]));
const ys = Xs.map((_, i) => (i % 2 ? 'a' : 'b'));

/** The MirkitError `f` throws (sync or async), failing the test when it throws anything else or nothing. */
async function refusal(f: () => unknown): Promise<MirkitError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(MirkitError);
    return e as MirkitError;
  }
  throw new Error('expected a MirkitError, nothing was thrown');
}

/** Expects `f` to be refused with `code`, `details.option` = `option` and `details.bound` = `bound`, before any tensor exists. */
async function expectRefused(f: () => unknown, option: string, bound: number, code = 'BAD_OPTION'): Promise<MirkitError> {
  const tensors = tf.memory().numTensors;
  const e = await refusal(f);
  expect(e.code).toBe(code);
  expect(e.details).toMatchObject({ option, bound });
  expect(tf.memory().numTensors).toBe(tensors);
  return e;
}

/** A small fit of each kind still works and predicts finite probabilities. */
async function normalFitsWork(): Promise<void> {
  const cnn = await new CNNClassifier({ filters: [4, 4], kernelSize: [3, 3], epochs: 2, seed: 1 }).fit(Xs, ys);
  const lstm = await new LSTMClassifier({ hiddenSize: 4, numLayers: 1, epochs: 2, seed: 1 }).fit(Xs, ys);
  const { X, y } = blobs(30, 1);
  const mlp = await new MLPClassifier({ hiddenLayerSizes: [8], epochs: 5, seed: 1 }).fit(X, y);
  for (const p of [...cnn.predictProba(Xs), ...lstm.predictProba(Xs), ...mlp.predictProba(X)]) {
    expect(p.every(Number.isFinite)).toBe(true);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  }
  cnn.dispose();
  lstm.dispose();
  mlp.dispose();
}

describe('neural network size bounds (MAX_NETWORK_WEIGHTS, MAX_ACTIVATION_VALUES)', () => {
  beforeAll(async () => {
    expect(await getNeuralBackend()).toBe('wasm');
  });

  it('refuses the fuzz campaign networks up front with BAD_OPTION, and later fits in the process work', async () => {
    // 22 s and 4.8 GB, then "memory access out of bounds" and every later wasm fit failing
    const cnn = await expectRefused(() => new CNNClassifier({ epochs: 1, seed: 1, filters: [1000000, 1] }).fit(Xs, ys), 'filters', MAX_NETWORK_WEIGHTS);
    expect(cnn.message).toMatch(/CNNClassifier: the network would have 19000005 weights, above the bound of 2\^24 \(MAX_NETWORK_WEIGHTS\)/);
    // RangeError: Invalid typed array length
    await expectRefused(() => new LSTMClassifier({ hiddenSize: 1e6 }).fit(Xs, ys), 'hiddenSize', MAX_NETWORK_WEIGHTS);
    // a RangeError after 105 s
    await expectRefused(
      () =>
        new MLPClassifier({ hiddenLayerSizes: [1e9] }).fit(
          Xs.map((s) => s.flat()),
          ys,
        ),
      'hiddenLayerSizes',
      MAX_NETWORK_WEIGHTS,
    );
    await normalFitsWork();
  }, 60_000);

  it('refuses at the constructor what no input could make small enough', async () => {
    await expectRefused(() => new LSTMClassifier({ hiddenSize: 1e6 }), 'hiddenSize', MAX_NETWORK_WEIGHTS);
    await expectRefused(() => new LSTMClassifier({ hiddenSize: 8, numLayers: 1e9 }), 'numLayers', MAX_NETWORK_WEIGHTS);
    await expectRefused(() => new MLPClassifier({ hiddenLayerSizes: [1e5, 1e3] }), 'hiddenLayerSizes', MAX_NETWORK_WEIGHTS);
    await expectRefused(() => new CNNClassifier({ kernelSize: [1e9, 3] }), 'kernelSize', MAX_NETWORK_WEIGHTS);
    await expectRefused(() => new CNNClassifier({ filters: [32, 1e9] }), 'filters', MAX_NETWORK_WEIGHTS);
  });

  it('refuses batches whose activations pass MAX_ACTIVATION_VALUES (batch x frames x widest layer)', async () => {
    // 5 x 3 x 2^19 + 3 x 2^19 weights are within the bound; the first convolution's output,
    // 12 samples x 8 frames x 2^19 filters, is not
    const wide = await expectRefused(() => new CNNClassifier({ epochs: 1, filters: [2 ** 19, 1] }).fit(Xs, ys), 'filters', MAX_ACTIVATION_VALUES);
    expect(wide.message).toContain(
      'the first convolution (kernelSize[0] = 5 x 3 x filters[0] = 524288) would hold 12 x 4194304 = 50331648 values for a batch of 12 samples',
    );
    expect(wide.message).toContain('lower filters or batchSize');
    // the input itself: 12 samples x 1e7 frames x 3 features
    await expectRefused(() => new CNNClassifier({ epochs: 1, sequenceLength: 1e7 }).fit(Xs, ys), 'sequenceLength', MAX_ACTIVATION_VALUES);
    // an LSTM's gates: 40 samples x 4096 frames x 4 x 64
    const X40 = Array.from({ length: 40 }, (_, i) => Xs[i % 12]);
    const gates = await expectRefused(
      () =>
        new LSTMClassifier({ hiddenSize: 64, numLayers: 1, batchSize: 40, sequenceLength: 2 ** 12, epochs: 1 }).fit(
          X40,
          X40.map((_, i) => ys[i % 12]),
        ),
      'hiddenSize',
      MAX_ACTIVATION_VALUES,
    );
    expect(gates.message).toContain('40 x 1048576 = 41943040 values');
    // an LSTM's recurrent-kernel gradients, kept once per frame: 128 frames x 1024 x 4096 values (it aborted the wasm backend)
    const steps = await expectRefused(
      () =>
        new LSTMClassifier({ hiddenSize: 1024, numLayers: 1, epochs: 1 }).fit(
          Xs.map((s) => Array.from({ length: 128 }, (_, t) => s[t % 8])),
          ys,
        ),
      'hiddenSize',
      MAX_ACTIVATION_VALUES,
    );
    expect(steps.message).toContain('would count 134217728 (128 frames x hiddenSize^2, for the recurrent-kernel gradient kept per frame) in one training step');
    await normalFitsWork();
  }, 60_000);

  it('refuses LSTMs that would run more than MAX_LSTM_STEPS time steps one after another (frames x numLayers)', async () => {
    // the fuzz campaign's: 65536 frames ran past 40 s for four short sequences
    const long = await expectRefused(
      () => new LSTMClassifier({ hiddenSize: 3, numLayers: 1, epochs: 1, batchSize: 1, sequenceLength: 2 ** 16 }).fit(Xs, ys),
      'sequenceLength',
      MAX_LSTM_STEPS,
    );
    expect(long.message).toContain('would run 65536 time steps one after another, above the bound of 2^12 (MAX_LSTM_STEPS): lower sequenceLength');
    // 3000 frames fit one layer, not two
    await expectRefused(() => new LSTMClassifier({ hiddenSize: 3, numLayers: 2, epochs: 1, sequenceLength: 3000 }).fit(Xs, ys), 'numLayers', MAX_LSTM_STEPS);
    await expectRefused(() => new LSTMClassifier({ hiddenSize: 2, numLayers: 5000 }), 'numLayers', MAX_LSTM_STEPS);
    // a saved model whose sampleShape claims 16384 frames (one sequence predicted in 39 s): BAD_MODEL at fromJSON
    const m = await new LSTMClassifier({ hiddenSize: 3, numLayers: 1, epochs: 1, seed: 1 }).fit(Xs, ys);
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    m.dispose();
    await expectRefused(
      () => NEURAL_MODEL_READERS.LSTMClassifier({ ...json, state: { ...json.state, sampleShape: [2 ** 14, 3] } }),
      'sequenceLength',
      MAX_LSTM_STEPS,
      'BAD_MODEL',
    );
    // at the bound: 4096 frames x 1 layer is restored
    const edge = await NEURAL_MODEL_READERS.LSTMClassifier({ ...json, state: { ...json.state, sampleShape: [2 ** 12, 3] } });
    expect(edge.classes).toEqual(['a', 'b']);
    (edge as LSTMClassifier).dispose();
  }, 60_000);

  it('refuses training sequences padded beyond MAX_MATRIX_VALUES', async () => {
    const e = await expectRefused(
      () => new CNNClassifier({ epochs: 1, filters: [1, 1], kernelSize: [1, 1], batchSize: 1, sequenceLength: 2 ** 23 }).fit(Xs, ys),
      'sequenceLength',
      MAX_MATRIX_VALUES,
    );
    expect(e.message).toContain('12 x 8388608 x 3');
  });

  it('counts the output layer: too many classes are refused by fit', async () => {
    const n = 3000;
    const X = Array.from({ length: n }, (_, i) => [i, -i]);
    const y = X.map((_, i) => `c${i}`);
    // 2 x 8192 + 8192 x 3000 weights
    await expectRefused(() => new MLPClassifier({ hiddenLayerSizes: [8192], epochs: 1 }).fit(X, y), 'hiddenLayerSizes', MAX_NETWORK_WEIGHTS);
  });

  it('a refused fit keeps the previous model and its scaling', async () => {
    const { X, y } = blobs(30, 2);
    const m = await new MLPClassifier({ hiddenLayerSizes: [4096], epochs: 2, seed: 1, standardize: true }).fit(X, y);
    const before = m.predictProba(X);
    // 5000 features x 4096 units: refused before training
    const wide = X.map((r) => Array.from({ length: 5000 }, (_, j) => r[j % 4] * 1000));
    await expectRefused(() => m.fit(wide, y), 'hiddenLayerSizes', MAX_NETWORK_WEIGHTS);
    expect(m.predictProba(X)).toEqual(before);
    // refused labels do not replace the scaling learned by the last fit either
    await expect(
      m.fit(
        X.map((r) => r.map((v) => v * 100 + 7)),
        y.slice(1),
      ),
    ).rejects.toMatchObject({ code: 'BAD_SHAPE' });
    expect(m.predictProba(X)).toEqual(before);
    m.dispose();
  });

  it('fromJSON refuses a saved network beyond the bounds with BAD_MODEL before building it', async () => {
    const m = await new MLPClassifier({ hiddenLayerSizes: [4], epochs: 1, seed: 1 }).fit(
      Xs.map((s) => s.flat()),
      ys,
    );
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    m.dispose();
    // params the constructor refuses
    const e = await refusal(() => NEURAL_MODEL_READERS.MLPClassifier({ ...json, params: { ...json.params, hiddenLayerSizes: [1e9] } }));
    expect(e.code).toBe('BAD_MODEL');
    expect(e.message).toContain('MAX_NETWORK_WEIGHTS');
    // an input width that makes the network too large (2^24 features x 4 units)
    await expectRefused(
      () => NEURAL_MODEL_READERS.MLPClassifier({ ...json, state: { ...json.state, sampleShape: [2 ** 24] } }),
      'hiddenLayerSizes',
      MAX_NETWORK_WEIGHTS,
      'BAD_MODEL',
    );
    const c = await new CNNClassifier({ filters: [2, 2], kernelSize: [1, 1], epochs: 1, seed: 1 }).fit(Xs, ys);
    const cj = JSON.parse(JSON.stringify(c.toJSON()));
    c.dispose();
    await expectRefused(
      // 32 frames x 2^21 filters in the first convolution's output
      () => NEURAL_MODEL_READERS.CNNClassifier({ ...cj, params: { ...cj.params, filters: [2 ** 21, 1] }, state: { ...cj.state, sampleShape: [32, 3] } }),
      'filters',
      MAX_ACTIVATION_VALUES,
      'BAD_MODEL',
    );
  });

  it('predicts in batches that stay within MAX_ACTIVATION_VALUES', async () => {
    expect(predictionBatch([{ what: 'a', option: 'a', weights: 0, perSample: 10 }])).toBe(256);
    expect(predictionBatch([{ what: 'a', option: 'a', weights: 0, perSample: 2 ** 20 }])).toBe(32);
    expect(predictionBatch([{ what: 'a', option: 'a', weights: 0, perSample: MAX_ACTIVATION_VALUES }])).toBe(1);
    // 2^16 filters over 8 frames: 2^19 values per sample in the first convolution, so 64 samples per pass
    const X = Array.from({ length: 70 }, (_, i) => Xs[i % 12]);
    const y = X.map((_, i) => ys[i % 12]);
    const m = await new CNNClassifier({ filters: [2 ** 16, 1], kernelSize: [1, 1], batchSize: 8, epochs: 1, seed: 1 }).fit(X, y);
    let all: number[][] = [];
    const profile = await tf.profile(() => {
      all = m.predictProba(X);
    });
    const largest = Math.max(...profile.kernels.flatMap((k) => k.outputShapes.map((s) => s.reduce((a, b) => a * b, 1))));
    expect(largest).toBeLessThanOrEqual(MAX_ACTIVATION_VALUES);
    expect(all).toEqual(X.map((x) => m.predictProba([x])[0]));
    m.dispose();
  }, 60_000);
});
