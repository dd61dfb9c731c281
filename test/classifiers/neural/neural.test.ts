import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { NEURAL_MODEL_READERS } from '../../../src/classifiers/neural/registry.js';
import { CNNClassifier, getNeuralBackend, LSTMClassifier, MLPClassifier, setNeuralBackend, type CNNOptions } from '../../../src/classifiers/neural/index.js';
import { createRng } from '../../../src/classifiers/random.js';
import { blobs } from './blobs.js';
import { isMirkitError } from '../../../src/errors.js';
import { matrixFrom, transpose, type Matrix } from '../../../src/matrix.js';

/** Sequences (frames x 3 features) whose class is the frequency of a sine on feature 0. */
function seqs(n: number, seed: number, frames = 16): { X: Matrix[]; y: number[] } {
  const rng = createRng(seed);
  const X: Matrix[] = [],
    y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const len = frames + (i % 3) - 1; // ragged lengths: pad/crop exercised
    const d = new Float32Array(len * 3);
    const ph = rng.next() * 6.28;
    for (let t = 0; t < len; t++) {
      d[t * 3] = Math.sin(ph + t * (c ? 1.2 : 0.3));
      d[t * 3 + 1] = rng.normal() * 0.3;
      d[t * 3 + 2] = 5 + rng.normal();
    }
    X.push(matrixFrom(len, 3, d));
    y.push(c * 10 + 1);
  }
  return { X, y };
}

const err = (code: string) => (e: unknown) => isMirkitError(e, code as never);

describe('neural classifiers: backend, fit/predict, JSON, memory, errors', () => {
  beforeAll(async () => {
    await getNeuralBackend();
  });

  it('runs on wasm by default and switches to cpu and back', async () => {
    expect(await getNeuralBackend()).toBe('wasm');
    expect(await setNeuralBackend('cpu')).toBe('cpu');
    const { X, y } = blobs(60, 1);
    const m = await new MLPClassifier({ hiddenLayerSizes: [8], epochs: 30, batchSize: 16, learningRate: 0.02, seed: 1 }).fit(X, y);
    expect(m.predict(X).filter((p, i) => p === y[i]).length / X.length).toBeGreaterThan(0.9);
    m.dispose();
    expect(await setNeuralBackend('wasm')).toBe('wasm');
    await expect(setNeuralBackend('webgl' as never)).rejects.toSatisfy(err('BAD_OPTION'));
  });

  it('MLP learns, gives probabilities in class order, is deterministic with a seed', async () => {
    const { X, y } = blobs(150, 2);
    const opts = { hiddenLayerSizes: [16], dropout: 0.2, epochs: 25, batchSize: 16, learningRate: 0.01, seed: 5 };
    const a = await new MLPClassifier(opts).fit(X, y);
    const b = await new MLPClassifier(opts).fit(X, y);
    expect(a.classes).toEqual(['a', 'b', 'c']);
    const pa = a.predictProba(X),
      pb = b.predictProba(X);
    expect(pa).toEqual(pb);
    for (const r of pa) expect(r.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    const acc = a.predict(X).filter((p, i) => p === y[i]).length / X.length;
    expect(acc).toBeGreaterThan(0.9);
    expect(a.history!.loss.length).toBe(25);
    expect(a.history!.epochMs.length).toBe(25);
    const c = await new MLPClassifier({ ...opts, seed: 6 }).fit(X, y);
    expect(c.predictProba(X)).not.toEqual(pa);
    a.dispose();
    b.dispose();
    c.dispose();
  });

  it('MLP with sgd, standardize and early stopping', async () => {
    const { X, y } = blobs(150, 3);
    const big = X.map((r) => r.map((v) => v * 1000 + 50));
    const m = await new MLPClassifier({
      hiddenLayerSizes: [30],
      dropout: 0.5,
      optimizer: 'sgd',
      learningRate: 0.05,
      standardize: true,
      earlyStopping: true,
      nIterNoChange: 5,
      epochs: 300,
      batchSize: 16,
      seed: 1,
    }).fit(big, y);
    expect(m.history!.epochs).toBeLessThan(300);
    expect(m.history!.valAccuracy.length).toBe(m.history!.epochs);
    expect(m.predict(big).filter((p, i) => p === y[i]).length / X.length).toBeGreaterThan(0.85);
    const r = MLPClassifier.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(r.predictProba(big)).toEqual(m.predictProba(big));
    m.dispose();
    r.dispose();
  });

  for (const [name, make] of [
    ['MLPClassifier', () => new MLPClassifier({ hiddenLayerSizes: [12, 6], dropout: 0.3, epochs: 10, batchSize: 16, seed: 3 })],
    ['CNNClassifier', () => new CNNClassifier({ filters: [8, 8], kernelSize: [3, 3], epochs: 8, batchSize: 16, seed: 3 })],
    ['LSTMClassifier', () => new LSTMClassifier({ hiddenSize: 8, numLayers: 2, epochs: 5, batchSize: 16, seed: 3 })],
  ] as const) {
    it(`${name}: toJSON/fromJSON gives identical predictions; tensors freed after fit/predict/dispose`, async () => {
      const seq = name !== 'MLPClassifier';
      const data = seq ? seqs(48, 4) : blobs(48, 4);
      const n0 = tf.memory().numTensors;
      const m = make();
      await m.fit(data.X as never, data.y);
      expect(tf.memory().numTensors).toBeGreaterThan(n0);
      const p = m.predictProba(data.X as never);
      const labels = m.predict(data.X as never);
      const json = JSON.parse(JSON.stringify(m.toJSON()));
      expect(json).toMatchObject({ format: 'mirkit-model', version: 1, type: name });
      expect(typeof json.state.weights.weightData).toBe('string');
      const r = NEURAL_MODEL_READERS[name](json);
      expect(r.predictProba(data.X as never)).toEqual(p);
      expect(r.predict(data.X as never)).toEqual(labels);
      expect(r.classes).toEqual(m.classes);
      expect((r.toJSON().state as { weights: unknown }).weights).toEqual(json.state.weights);
      // refit from scratch frees the old model
      await m.fit(data.X as never, data.y);
      m.dispose();
      (r as MLPClassifier).dispose();
      expect(tf.memory().numTensors).toBe(n0);
      expect(() => m.predict(data.X as never)).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
    });
  }

  it('sequence models: pad/crop to sequenceLength, timeAxis cols, feature count checks', async () => {
    const { X, y } = seqs(60, 5, 20);
    const options: CNNOptions = { filters: [8, 8], kernelSize: [3, 3], epochs: 25, batchSize: 12, learningRate: 0.01, sequenceLength: 12, seed: 1 };
    const cnn = await new CNNClassifier(options).fit(X, y);
    expect(cnn.classes).toEqual([1, 11]);
    expect(cnn.toJSON().state).toMatchObject({ sampleShape: [12, 3] });
    expect(cnn.predict(X).filter((p, i) => p === y[i]).length / X.length).toBeGreaterThan(0.9);
    // the same data as features x frames
    const T = X.map(transpose);
    const cnnT = await new CNNClassifier({ ...options, timeAxis: 'cols' }).fit(T, y);
    expect(cnnT.predictProba(T)).toEqual(cnn.predictProba(X));
    // nested arrays work too
    expect(cnn.predict(X.map((m) => Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * 3, r * 3 + 3)))))).toEqual(cnn.predict(X));
    expect(() => cnn.predict([matrixFrom(5, 4, new Float32Array(20))])).toThrow(expect.objectContaining({ code: 'BAD_SHAPE' }));
    expect(() => cnn.predict([[1, 2, 3]] as never)).toThrow(expect.objectContaining({ code: 'BAD_SHAPE' }));
    cnn.dispose();
    cnnT.dispose();
  });

  it('rejects bad input, options and models with MirkitError codes', async () => {
    const { X, y } = blobs(30, 6);
    expect(() => new MLPClassifier({ hiddenLayerSizes: [0] })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => new MLPClassifier({ dropout: 1 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => new MLPClassifier({ optimizer: 'rmsprop' as never })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => new LSTMClassifier({ hiddenSize: 2.5 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => new CNNClassifier({ filters: [8] as never })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    const m = new MLPClassifier({ epochs: 2 });
    expect(() => m.predict(X)).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
    expect(() => m.classes).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
    await expect(m.fit(X, y.slice(1))).rejects.toSatisfy(err('BAD_SHAPE'));
    await expect(
      m.fit(
        X,
        y.map(() => 'a'),
      ),
    ).rejects.toSatisfy(err('BAD_LABELS'));
    await expect(m.fit(X, y.map((v, i) => (i % 2 ? v : i)) as never)).rejects.toSatisfy(err('BAD_LABELS'));
    await expect(m.fit([], [])).rejects.toSatisfy(err('EMPTY_INPUT'));
    await expect(m.fit([[1, 2], [3]], ['a', 'b'])).rejects.toSatisfy(err('BAD_SHAPE'));
    await expect(
      m.fit(
        [
          [1, NaN],
          [3, 4],
        ],
        ['a', 'b'],
      ),
    ).rejects.toSatisfy(err('NON_FINITE'));
    await expect(new LSTMClassifier({ epochs: 1 }).fit(X, y)).rejects.toSatisfy(err('BAD_SHAPE'));
    await m.fit(X, y);
    expect(() => m.predict([[1, 2]])).toThrow(expect.objectContaining({ code: 'BAD_SHAPE' }));
    const json = m.toJSON();
    expect(() => MLPClassifier.fromJSON({ ...json, format: 'x' })).toThrow(expect.objectContaining({ code: 'BAD_MODEL' }));
    expect(() => MLPClassifier.fromJSON({ ...json, version: 99 })).toThrow(expect.objectContaining({ code: 'BAD_MODEL' }));
    expect(() => CNNClassifier.fromJSON(json)).toThrow(expect.objectContaining({ code: 'BAD_MODEL' }));
    const st = json.state as { weights: { weightData: string } };
    expect(() => MLPClassifier.fromJSON({ ...json, state: { ...st, weights: { ...st.weights, weightData: 'AAAA' } } })).toThrow(
      expect.objectContaining({ code: 'BAD_MODEL' }),
    );
    expect(() => MLPClassifier.fromJSON({ ...json, params: { ...json.params, hiddenLayerSizes: [7] } })).toThrow(
      expect.objectContaining({ code: 'BAD_MODEL' }),
    );
    // an unfitted model round-trips without state
    const u = MLPClassifier.fromJSON(new MLPClassifier({ hiddenLayerSizes: [3] }).toJSON());
    expect(u.fitted).toBe(false);
    m.dispose();
  });
});

describe('regression: MLPClassifier maxIter is epochs alias; option errors show any value', () => {
  it('maxIter and a different epochs is BAD_OPTION; equal values or one alone are fine; a BigInt size is BAD_OPTION', () => {
    expect(() => new MLPClassifier({ epochs: 5, maxIter: 50 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION', details: { option: 'maxIter' } }));
    expect(() => new MLPClassifier({ epochs: 5, maxIter: 5 })).not.toThrow();
    expect(() => new MLPClassifier({ maxIter: 5 })).not.toThrow();
    let err: unknown;
    try {
      new MLPClassifier({ hiddenLayerSizes: [10n as unknown as number] });
    } catch (e) {
      err = e;
    }
    expect(isMirkitError(err) && err.code).toBe('BAD_OPTION');
  });
});
