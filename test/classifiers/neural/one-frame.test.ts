import { beforeAll, describe, expect, it } from 'vitest';
import { CNNClassifier, getNeuralBackend, LSTMClassifier, setNeuralBackend } from '../../../src/classifiers/neural/index.js';
import { base64ToBytes } from '../../../src/classifiers/neural/util.js';
import { createRng } from '../../../src/classifiers/random.js';

/** One-frame sequences of 2 features: class 'up' when feature 0 exceeds feature 1. */
function oneFrame(n: number, seed: number): { X: number[][][]; y: string[] } {
  const rng = createRng(seed);
  const X: number[][][] = [],
    y: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.normal(),
      b = rng.normal();
    X.push([[a, b]]);
    y.push(a > b ? 'up' : 'down');
  }
  return { X, y };
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * The class probabilities of a saved LSTMClassifier for the first frame of each sequence, computed here
 * from its JSON in float64: standardise, then per layer z = x W + b (the state starts at zero, so the
 * recurrent kernel does not enter), i, f, o = sigmoid, g = tanh, c = i g, h = o tanh(c); then the
 * output layer and a softmax. PyTorch's LSTM equations, gate order i, f, o, g.
 */
function lstmFirstFrame(json: { state: Record<string, unknown> }, X: number[][][]): number[][] {
  const st = json.state as { mean: number[]; scale: number[]; weights: { weightData: string; weightSpecs: { shape: number[] }[] } };
  const bytes = base64ToBytes(st.weights.weightData);
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let off = 0;
  const tensors = st.weights.weightSpecs.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const t = { shape: s.shape, v: all.subarray(off, off + size) };
    off += size;
    return t;
  });
  const dense = (x: number[], W: { shape: number[]; v: Float32Array }, b: Float32Array): number[] =>
    Array.from({ length: W.shape[1] }, (_, j) => x.reduce((s, xi, i) => s + xi * W.v[i * W.shape[1] + j], b[j]));
  return X.map((seq) => {
    let h = seq[0].map((v, f) => (v - st.mean[f]) / st.scale[f]);
    // LSTM layers: kernel, recurrent_kernel, bias; then the output layer: kernel, bias
    for (let l = 0; l + 3 < tensors.length; l += 3) {
      const z = dense(h, tensors[l], tensors[l + 2].v);
      const H = z.length / 4;
      h = Array.from({ length: H }, (_, j) => {
        const c = sigmoid(z[j]) * Math.tanh(z[3 * H + j]);
        return sigmoid(z[2 * H + j]) * Math.tanh(c);
      });
    }
    const logits = dense(h, tensors[tensors.length - 2], tensors[tensors.length - 1].v);
    const m = Math.max(...logits);
    const e = logits.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
}

describe('sequence models on one-frame sequences', () => {
  beforeAll(async () => {
    await getNeuralBackend();
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`LSTMClassifier fits and predicts one-frame sequences, as the gate equations give (${backend})`, async () => {
      await setNeuralBackend(backend);
      try {
        // the fuzz campaign's repro: "Argument tensors passed to stack must be a Tensor[]"
        const tiny = await new LSTMClassifier({ epochs: 1, seed: 1 }).fit([[[0, 1]], [[1, 0]], [[0, 2]], [[2, 0]]], ['a', 'b', 'a', 'b']);
        expect(tiny.predictProba([[[0, 1]]])[0].every(Number.isFinite)).toBe(true);
        tiny.dispose();

        const train = oneFrame(200, 1),
          test = oneFrame(100, 2);
        const m = await new LSTMClassifier({ hiddenSize: 8, numLayers: 2, epochs: 40, batchSize: 20, learningRate: 0.02, seed: 1 }).fit(train.X, train.y);
        expect(m.toJSON().state).toMatchObject({ sampleShape: [1, 2] });
        expect(m.predict(test.X).filter((p, i) => p === test.y[i]).length / test.y.length).toBeGreaterThan(0.9);
        const p = m.predictProba(test.X);
        const expected = lstmFirstFrame(m.toJSON() as never, test.X);
        for (let i = 0; i < p.length; i++) for (let c = 0; c < 2; c++) expect(p[i][c]).toBeCloseTo(expected[i][c], 5);
        // continueFit trains the one-frame network further
        await m.continueFit(train.X, train.y, 2);
        expect(m.history!.epochs).toBe(42);
        m.dispose();
      } finally {
        await setNeuralBackend('wasm');
      }
    }, 60_000);
  }

  it('sequenceLength: 1 crops every sequence to its first frame (LSTM and CNN)', async () => {
    const rng = createRng(3);
    const X = Array.from({ length: 40 }, () => Array.from({ length: 6 }, () => [rng.normal(), rng.normal()]));
    const y = X.map((s) => (s[0][0] > s[0][1] ? 'up' : 'down'));
    const lstm = await new LSTMClassifier({ hiddenSize: 4, numLayers: 1, sequenceLength: 1, epochs: 3, seed: 2 }).fit(X, y);
    expect(lstm.toJSON().state).toMatchObject({ sampleShape: [1, 2] });
    const p = lstm.predictProba(X);
    const expected = lstmFirstFrame(lstm.toJSON() as never, X);
    for (let i = 0; i < p.length; i++) for (let c = 0; c < 2; c++) expect(p[i][c]).toBeCloseTo(expected[i][c], 5);
    // a longer sequence at prediction is cropped to its first frame as well
    expect(lstm.predictProba([X[0].concat(X[1])])).toEqual([p[0]]);
    lstm.dispose();
    const cnn = await new CNNClassifier({ filters: [4, 4], sequenceLength: 1, epochs: 3, seed: 2 }).fit(X, y);
    expect(cnn.predictProba(X.map((s) => [s[0]]))).toEqual(cnn.predictProba(X));
    cnn.dispose();
  }, 60_000);
});
