import { describe, expect, it } from 'vitest';
import {
  cloneWithParams,
  FrameLevelClassifier,
  fromJSON,
  LogisticRegression,
  MirkitError,
  MLPClassifier,
  Pipeline,
  StandardScaler,
  type Classifier,
  type FeatureTable,
  type Label,
  type ModelJSON,
} from '../../src/index.js';
import { createRng } from '../../src/classifiers/random.js';
import { isMatrix, matrixToRows } from '../../src/matrix.js';

/**
 * A two-class stub: P(a) is the row's first value, clamped to [0, 1]. It records the rows and labels it was
 * fitted on, so the frame expansion and the aggregation can be checked against hand-computed values.
 */
class FirstValue implements Classifier {
  classes: Label[] = [];
  rows: number[][] = [];
  labels: Label[] = [];
  fit(X: FeatureTable, y: Label[]): this {
    this.rows = isMatrix(X) ? matrixToRows(X) : X;
    this.labels = y;
    this.classes = ['a', 'b'];
    return this;
  }
  continueFit(X: FeatureTable, y: Label[], _epochs: number): this {
    return this.fit(X, y);
  }
  predictProba(X: FeatureTable): number[][] {
    return (isMatrix(X) ? matrixToRows(X) : X).map((r) => [Math.min(Math.max(r[0], 0), 1), 1 - Math.min(Math.max(r[0], 0), 1)]);
  }
  predict(X: FeatureTable): Label[] {
    return this.predictProba(X).map((p) => (p[0] >= p[1] ? 'a' : 'b'));
  }
  toJSON(): ModelJSON {
    return { format: 'mirkit-model', version: 1, type: 'FirstValue', params: {} };
  }
}

/** `n` sequences of `frames` x 3 frames: class k's frames are noisy around a per-class mean. */
function toy(n: number, frames: number, seed: number): { X: number[][][]; y: string[] } {
  const rng = createRng(seed);
  const X: number[][][] = [],
    y: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    X.push(Array.from({ length: frames }, () => [0, 1, 2].map((j) => (j === k ? 1.2 : 0) + rng.normal())));
    y.push(['rock', 'jazz', 'blues'][k]);
  }
  return { X, y };
}

describe('FrameLevelClassifier', () => {
  it('trains on every frame with its sequence label and beats a single noisy frame', async () => {
    const train = toy(60, 9, 1),
      test = toy(60, 9, 2);
    const m = await new FrameLevelClassifier(new Pipeline([new StandardScaler(), new LogisticRegression({ C: 1 })])).fit(train.X, train.y);
    expect(m.classes).toEqual(['blues', 'jazz', 'rock']);
    const pred = m.predict(test.X);
    const right = pred.filter((p, i) => p === test.y[i]).length;
    // one frame alone is right about 55% of the time here; nine averaged frames nearly always
    const frameOnly = (m.estimator.predict(test.X.map((s) => s[0])) as Label[]).filter((p, i) => p === test.y[i]).length;
    expect(right).toBeGreaterThanOrEqual(54);
    expect(right).toBeGreaterThan(frameOnly + 5);
  });

  it('predictProba is the mean of the wrapped classifier’s frame probabilities (or their normalised geometric mean)', async () => {
    const train = toy(30, 4, 3),
      test = toy(12, 5, 4);
    const m = await new FrameLevelClassifier(new LogisticRegression({ C: 0.5 })).fit(train.X, train.y);
    const g = await new FrameLevelClassifier(new LogisticRegression({ C: 0.5 }), { aggregation: 'logMean' }).fit(train.X, train.y);
    const P = m.predictProba(test.X),
      G = g.predictProba(test.X);
    test.X.forEach((s, i) => {
      // the frames reach the wrapped classifier as float32 (sequences are stored as float32)
      const frames = m.estimator.predictProba(s.map((f) => f.map(Math.fround)));
      for (let c = 0; c < 3; c++) expect(P[i][c]).toBeCloseTo(frames.reduce((a, p) => a + p[c], 0) / s.length, 12);
      const geo = [0, 1, 2].map((c) => Math.exp(frames.reduce((a, p) => a + Math.log(p[c]), 0) / s.length));
      const z = geo.reduce((a, b) => a + b, 0);
      for (let c = 0; c < 3; c++) expect(G[i][c]).toBeCloseTo(geo[c] / z, 12);
    });
    expect(m.predictFrameProba(test.X).map((f) => f.length)).toEqual(test.X.map((s) => s.length));
  });

  it('the mean decides, not a majority of frames or one frame; logMean punishes a near-zero frame', async () => {
    const stub = new FirstValue();
    const mean = await new FrameLevelClassifier(stub).fit([[[0.5]], [[0.5]]], ['a', 'b']);
    // one confident frame for a, two lukewarm for b: the mean says a (0.583), a majority of frames says b
    expect(mean.predictProba([[[0.95], [0.4], [0.4]]])[0][0]).toBeCloseTo((0.95 + 0.4 + 0.4) / 3, 12);
    expect(mean.predict([[[0.95], [0.4], [0.4]]])).toEqual(['a']);
    expect(mean.predict([[[0.4], [0.4], [0.95]]])).toEqual(['a']);
    // one frame nearly ruling a out: the mean still says a (0.537), the geometric mean says b
    const seq = [[[0.01], [0.8], [0.8]]];
    expect(mean.predict(seq)).toEqual(['a']);
    const geo = await new FrameLevelClassifier(new FirstValue(), { aggregation: 'logMean' }).fit([[[0.5]], [[0.5]]], ['a', 'b']);
    expect(geo.predict(seq)).toEqual(['b']);
    const [lo, hi] = [Math.fround(0.01), Math.fround(0.8)];
    const pa = Math.cbrt(lo * hi * hi),
      pb = Math.cbrt((1 - lo) * (1 - hi) * (1 - hi));
    expect(geo.predictProba(seq)[0][0]).toBeCloseTo(pa / (pa + pb), 12);
  });

  it('stride keeps every stride-th training frame; context concatenates neighbours, repeating the edge frames', async () => {
    const stub = new FirstValue();
    const seq = [[1], [2], [3], [4], [5]].map((f) => [f[0], -f[0]]);
    await new FrameLevelClassifier(stub, { stride: 2, context: 1 }).fit([seq, seq.slice(0, 2)], ['a', 'b']);
    expect(stub.rows).toEqual([
      [1, -1, 1, -1, 2, -2],
      [2, -2, 3, -3, 4, -4],
      [4, -4, 5, -5, 5, -5],
      [1, -1, 1, -1, 2, -2],
    ]);
    expect(stub.labels).toEqual(['a', 'a', 'a', 'b']);
  });

  it('noise: training rows get Gaussian noise scaled by each column’s spread, new on every call, seeded, never at prediction', async () => {
    const rng = createRng(9);
    // column 0 spread ~1, column 1 spread ~100
    const X = Array.from({ length: 40 }, () => Array.from({ length: 50 }, () => [rng.normal(), 100 * rng.normal()]));
    const y = X.map((_, i) => (i % 2 ? 'a' : 'b'));
    const clean = new FirstValue(),
      noisy = new FirstValue();
    await new FrameLevelClassifier(clean).fit(X, y);
    const m = new FrameLevelClassifier(noisy, { noise: 0.5, noiseSeed: 4 });
    await m.fit(X, y);
    const spread = (j: number) => {
      const d = noisy.rows.map((r, i) => r[j] - clean.rows[i][j]);
      const mu = d.reduce((a, b) => a + b, 0) / d.length;
      return Math.sqrt(d.reduce((a, b) => a + (b - mu) ** 2, 0) / d.length);
    };
    expect(spread(0)).toBeGreaterThan(0.45);
    expect(spread(0)).toBeLessThan(0.55);
    expect(spread(1)).toBeGreaterThan(45);
    expect(spread(1)).toBeLessThan(55);
    const first = noisy.rows;
    const again = new FirstValue();
    await new FrameLevelClassifier(again, { noise: 0.5, noiseSeed: 4 }).fit(X, y);
    expect(again.rows).toEqual(first);
    // continueFit draws new noise of the same spread; a new fit restarts the stream
    await m.continueFit(X, y, 1);
    expect(noisy.rows).not.toEqual(first);
    expect(spread(0)).toBeGreaterThan(0.45);
    expect(spread(0)).toBeLessThan(0.55);
    await m.fit(X, y);
    expect(noisy.rows).toEqual(first);
    // prediction sees the frames as they are
    expect(m.predictProba([[[0.3, 0]]])).toEqual([[Math.fround(0.3), 1 - Math.fround(0.3)]]);
  });

  it('JSON round trip gives identical probabilities; cloneWithParams routes options and classifier params', async () => {
    const train = toy(30, 6, 5),
      test = toy(15, 7, 6);
    const m = await new FrameLevelClassifier(new Pipeline([new StandardScaler(), new LogisticRegression({ C: 0.3 })]), { context: 1 }).fit(train.X, train.y);
    const again = fromJSON<FrameLevelClassifier>(JSON.parse(JSON.stringify(m.toJSON())));
    expect(again.predictProba(test.X)).toEqual(m.predictProba(test.X));
    expect(again.params).toEqual({ context: 1, stride: 1, aggregation: 'mean', timeAxis: 'rows', noise: 0, noiseSeed: 0 });
    const c = cloneWithParams(m, { C: 2, stride: 3 });
    expect(c.params.stride).toBe(3);
    expect(c.params.context).toBe(1);
    expect(((c.estimator as Pipeline).classifier as LogisticRegression).params.C).toBe(2);
    expect(() => c.predict(test.X)).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
  });

  it('continueFit trains the wrapped network on: fit 1 epoch + continueFit 2 = fit 3 epochs', async () => {
    const { X, y } = toy(24, 4, 8);
    const mlp = () => new MLPClassifier({ hiddenLayerSizes: [5], epochs: 1, batchSize: 16, seed: 3, standardize: true });
    const a = await new FrameLevelClassifier(mlp(), { stride: 2 }).fit(X, y);
    await a.continueFit(X, y, 2);
    const b = await new FrameLevelClassifier(new MLPClassifier({ ...mlp().getParams(), epochs: 3 } as never), { stride: 2 }).fit(X, y);
    expect(a.predictProba(X)).toEqual(b.predictProba(X));
    await expect(new FrameLevelClassifier(new LogisticRegression()).fit(X, y).then((m) => m.continueFit(X, y, 1))).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
    a.dispose();
    b.dispose();
  });

  it('refuses bad options, a non-classifier, one label per frame, and sequences of another width', async () => {
    const lr = new LogisticRegression();
    expect(() => new FrameLevelClassifier(lr, { context: -1 })).toThrow(MirkitError);
    expect(() => new FrameLevelClassifier(lr, { stride: 0 })).toThrow(/stride/);
    expect(() => new FrameLevelClassifier(lr, { aggregation: 'max' as never })).toThrow(/aggregation/);
    // noise 1e300 made the noisy rows of finite features infinite (a NON_FINITE naming the user's features)
    expect(() => new FrameLevelClassifier(lr, { noise: 1e300 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION', details: { option: 'noise' } }));
    expect(new FrameLevelClassifier(lr, { noise: 1e6 }).params.noise).toBe(1e6);
    expect(() => new FrameLevelClassifier({} as never)).toThrow(/classifier/);
    const { X, y } = toy(9, 3, 7);
    await expect(new FrameLevelClassifier(lr).fit(X, [...y, ...y, ...y])).rejects.toMatchObject({ code: 'BAD_SHAPE' });
    const m = await new FrameLevelClassifier(lr).fit(X, y);
    expect(() => m.predict(X.map((s) => s.map((f) => f.slice(1))))).toThrow(expect.objectContaining({ code: 'BAD_SHAPE' }));
  });
});
