import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CNNClassifier, getNeuralBackend, LSTMClassifier, MLPClassifier } from '../../../src/classifiers/neural/index.js';
import { createRng } from '../../../src/classifiers/random.js';
import { blobs } from './blobs.js';
import { gammaSample, mixBatch } from '../../../src/classifiers/neural/training-loop.js';
import { isMirkitError } from '../../../src/errors.js';
import { matrixFrom, type Matrix } from '../../../src/matrix.js';

/** Noisy sequences (frames x 3 features) whose class is the frequency of a sine on feature 0. */
function seqs(n: number, seed: number, frames = 12): { X: Matrix[]; y: string[] } {
  const rng = createRng(seed);
  const X: Matrix[] = [],
    y: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const d = new Float32Array(frames * 3);
    const ph = rng.next() * 6.28;
    for (let t = 0; t < frames; t++) {
      d[t * 3] = Math.sin(ph + t * (c ? 1.2 : 0.3)) + rng.normal() * 0.5;
      d[t * 3 + 1] = rng.normal();
      d[t * 3 + 2] = 2 + rng.normal();
    }
    X.push(matrixFrom(frames, 3, d));
    y.push(c ? 'fast' : 'slow');
  }
  return { X, y };
}

const err = (code: string) => (e: unknown) => isMirkitError(e, code as never);

type Model = MLPClassifier | CNNClassifier | LSTMClassifier;
const cases: [string, (epochs: number, extra?: object) => Model, () => { X: unknown; y: string[] }][] = [
  [
    'MLPClassifier',
    (epochs, extra) => new MLPClassifier({ hiddenLayerSizes: [10], dropout: 0.3, epochs, batchSize: 16, seed: 5, ...extra }),
    () => blobs(50, 2),
  ],
  [
    'CNNClassifier',
    (epochs, extra) => new CNNClassifier({ filters: [4, 4], kernelSize: [3, 3], dropout: 0.2, epochs, batchSize: 16, seed: 5, ...extra }),
    () => seqs(40, 2),
  ],
  [
    'LSTMClassifier',
    (epochs, extra) => new LSTMClassifier({ hiddenSize: 6, numLayers: 2, dropout: 0.2, epochs, batchSize: 16, seed: 5, ...extra }),
    () => seqs(40, 2),
  ],
];

describe('continueFit: resuming a fit', () => {
  beforeAll(async () => {
    await getNeuralBackend();
  });

  for (const [name, make, data] of cases) {
    it(`${name}: fit 2 epochs + continueFit 1 + continueFit 2 equals fit 5 epochs (weights, optimizer, shuffling and dropout carry on)`, async () => {
      const { X, y } = data();
      const n0 = tf.memory().numTensors;
      const whole = await make(5).fit(X as never, y);
      const resumed = await make(2).fit(X as never, y);
      const after2 = resumed.predictProba(X as never);
      await resumed.continueFit(X as never, y, 1);
      await resumed.continueFit(X as never, y, 2);
      expect(resumed.history!.epochs).toBe(5);
      expect(resumed.history!.loss).toEqual(whole.history!.loss);
      expect(resumed.predictProba(X as never)).toEqual(whole.predictProba(X as never));
      expect(resumed.predictProba(X as never)).not.toEqual(after2);
      // the saved weights are the continued ones (the tfjs layer names differ between the two models)
      const weights = (m: Model): string => (m.toJSON().state as { weights: { weightData: string } }).weights.weightData;
      expect(weights(resumed)).toBe(weights(whole));
      whole.dispose();
      resumed.dispose();
      expect(tf.memory().numTensors).toBe(n0);
    });
  }

  it('refuses what it cannot continue: unfitted, restored from JSON, early stopping, other data, bad epochs', async () => {
    const { X, y } = seqs(30, 3);
    const n0 = tf.memory().numTensors;
    const fresh = new LSTMClassifier({ hiddenSize: 4, numLayers: 1, epochs: 1, seed: 1 });
    await expect(fresh.continueFit(X, y, 1)).rejects.toSatisfy(err('NOT_FITTED'));
    const m = await new LSTMClassifier({ hiddenSize: 4, numLayers: 1, epochs: 1, seed: 1 }).fit(X, y);
    await expect(m.continueFit(X, y, 0)).rejects.toSatisfy(err('BAD_OPTION'));
    await expect(m.continueFit(X, y, 1.5)).rejects.toSatisfy(err('BAD_OPTION'));
    await expect(m.continueFit(X.slice(0, 20), y.slice(0, 20), 1)).rejects.toSatisfy(err('BAD_SHAPE'));
    await expect(
      m.continueFit(
        X,
        y.map((l) => (l === 'fast' ? 'quick' : l)),
        1,
      ),
    ).rejects.toSatisfy(err('BAD_SHAPE'));
    const restored = LSTMClassifier.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    await expect(restored.continueFit(X, y, 1)).rejects.toSatisfy(err('NOT_FITTED'));
    const early = await new LSTMClassifier({ hiddenSize: 4, numLayers: 1, epochs: 2, earlyStopping: true, seed: 1 }).fit(X, y);
    await expect(early.continueFit(X, y, 1)).rejects.toSatisfy(err('BAD_OPTION'));
    // still usable after the refusals
    await m.continueFit(X, y, 1);
    expect(m.history!.epochs).toBe(2);
    m.dispose();
    await expect(m.continueFit(X, y, 1)).rejects.toSatisfy(err('NOT_FITTED'));
    restored.dispose();
    early.dispose();
    expect(tf.memory().numTensors).toBe(n0);
  });
});

describe('mixup', () => {
  beforeAll(async () => {
    await getNeuralBackend();
  });

  it('gammaSample has mean a and variance a (a = 0.2 and 2)', () => {
    for (const a of [0.2, 2]) {
      const rng = createRng(3);
      const draws = Array.from({ length: 20000 }, () => gammaSample(a, () => rng.next()));
      const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
      const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length;
      expect(draws.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
      expect(Math.abs(mean - a)).toBeLessThan(0.05 * Math.max(a, 1));
      expect(Math.abs(variance - a)).toBeLessThan(0.1 * Math.max(a, 1));
    }
  });

  it('mixBatch mixes every sample with one partner by one lambda, labels likewise (rows sum to 1)', () => {
    const rng = createRng(1);
    const x = Float32Array.from({ length: 6 * 2 }, (_, i) => i);
    const src = x.slice();
    const lab = Int32Array.from([0, 1, 2, 0, 1, 2]);
    const y = mixBatch(x, lab, 2, 3, 0.4, () => rng.next());
    let lam: number | undefined;
    for (let i = 0; i < 6; i++) {
      const row = Array.from(y.subarray(i * 3, i * 3 + 3));
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
      // the partner j: x[i] = lam * src[i] + (1 - lam) * src[j], both features
      const found = [0, 1, 2, 3, 4, 5].some((j) => {
        const l = j === i ? undefined : (x[i * 2] - src[j * 2]) / (src[i * 2] - src[j * 2]);
        if (j === i) return Math.abs(x[i * 2] - src[i * 2]) < 1e-5 && Math.abs(x[i * 2 + 1] - src[i * 2 + 1]) < 1e-5;
        if (lam !== undefined && Math.abs(l! - lam) > 1e-4) return false;
        const ok =
          Math.abs(x[i * 2 + 1] - (l! * src[i * 2 + 1] + (1 - l!) * src[j * 2 + 1])) < 1e-4 && Math.abs(row[lab[i]] - (lab[i] === lab[j] ? 1 : l!)) < 1e-5;
        if (ok) lam = l;
        return ok;
      });
      expect(found).toBe(true);
    }
  });

  it('trains seeded and reproducibly, differently from no mixup, and continueFit carries on as one fit', async () => {
    const { X, y } = blobs(50, 2);
    const n0 = tf.memory().numTensors;
    const make = (epochs: number, mixup: number) => new MLPClassifier({ hiddenLayerSizes: [10], epochs, batchSize: 16, seed: 5, mixup });
    const a = await make(4, 0.4).fit(X, y);
    const b = await make(4, 0.4).fit(X, y);
    const plain = await make(4, 0).fit(X, y);
    const resumed = await make(1, 0.4).fit(X, y);
    await resumed.continueFit(X, y, 3);
    expect(a.predictProba(X)).toEqual(b.predictProba(X));
    expect(a.predictProba(X)).not.toEqual(plain.predictProba(X));
    expect(resumed.history!.loss).toEqual(a.history!.loss);
    expect(resumed.predictProba(X)).toEqual(a.predictProba(X));
    for (const m of [a, b, plain, resumed]) m.dispose();
    expect(tf.memory().numTensors).toBe(n0);
  });

  it('refuses a negative or non-finite mixup', () => {
    for (const mixup of [-0.1, Number.NaN, Number.POSITIVE_INFINITY, '0.2'])
      expect(() => new MLPClassifier({ mixup: mixup as number })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});
