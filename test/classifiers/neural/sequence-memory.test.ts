import { describe, expect, it } from 'vitest';
import { LSTMClassifier, MLPClassifier } from '../../../src/classifiers/neural/index.js';
import { createRng } from '../../../src/classifiers/random.js';
import { matrixFrom, type Matrix } from '../../../src/matrix.js';

/**
 * Order task: every sequence holds one pulse on feature 1 (marker A) and one on feature 2 (marker B)
 * at random distinct frames, plus noise on feature 0. The label is whether A came before B. Every
 * sequence has the same bag of frames statistics, so a model on time-averaged features cannot tell
 * the classes apart; a model with sequence memory can.
 */
function orderTask(n: number, seed: number, T = 12): { X: Matrix[]; y: string[] } {
  const rng = createRng(seed);
  const X: Matrix[] = [],
    y: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = new Float32Array(T * 3);
    const a = rng.int(T);
    let b = rng.int(T - 1);
    if (b >= a) b++;
    for (let t = 0; t < T; t++) d[t * 3] = rng.normal();
    d[a * 3 + 1] = 1;
    d[b * 3 + 2] = 1;
    X.push(matrixFrom(T, 3, d));
    y.push(a < b ? 'A-first' : 'B-first');
  }
  return { X, y };
}

/** Time-averaged features plus standard deviation and max: the bag-of-frames summary of a sequence. */
const summary = (m: Matrix): number[] => {
  const out: number[] = [];
  for (let f = 0; f < m.cols; f++) {
    let s = 0,
      q = 0,
      mx = -Infinity;
    for (let t = 0; t < m.rows; t++) {
      const v = m.data[t * m.cols + f];
      s += v;
      q += v * v;
      mx = Math.max(mx, v);
    }
    const mean = s / m.rows;
    out.push(mean, Math.sqrt(Math.max(0, q / m.rows - mean * mean)), mx);
  }
  return out;
};

describe('sequence memory: a task only an order-aware model can solve', () => {
  it('LSTM > 0.9, MLP on time-averaged features ~ chance', async () => {
    const train = orderTask(600, 1),
      test = orderTask(300, 2);
    const lstm = await new LSTMClassifier({ hiddenSize: 16, numLayers: 1, outputDropout: 0, epochs: 25, batchSize: 32, learningRate: 0.01, seed: 1 }).fit(
      train.X,
      train.y,
    );
    const accL = lstm.predict(test.X).filter((p, i) => p === test.y[i]).length / test.y.length;
    const mlp = await new MLPClassifier({ hiddenLayerSizes: [32], epochs: 100, batchSize: 32, learningRate: 0.01, standardize: true, seed: 1 }).fit(
      train.X.map(summary),
      train.y,
    );
    const accM = mlp.predict(test.X.map(summary)).filter((p, i) => p === test.y[i]).length / test.y.length;
    console.log(`[neural] order task held-out accuracy: LSTM ${accL.toFixed(3)}, MLP on time-averaged features ${accM.toFixed(3)} (chance 0.5)`);
    expect(accL).toBeGreaterThan(0.9);
    expect(accM).toBeLessThan(0.62);
    lstm.dispose();
    mlp.dispose();
  }, 300_000);
});
