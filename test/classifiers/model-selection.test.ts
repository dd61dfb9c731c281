import { describe, expect, it } from 'vitest';
import {
  KNeighbors,
  LogisticRegression,
  Pipeline,
  StandardScaler,
  choice,
  createRng,
  crossValidate,
  gridSearch,
  intUniform,
  logUniform,
  parameterGrid,
  powerOfTwo,
  randomSearch,
  sampleParams,
  stratifiedKFold,
  takeRows,
  trainTestSplit,
  uniform,
} from '../../src/classifiers/index.js';

function data(n = 60): { X: number[][]; y: string[] } {
  const rng = createRng(11);
  const X: number[][] = [],
    y: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    X.push([k * 3 + rng.normal(), -k * 2 + rng.normal()]);
    y.push(['x', 'y', 'z'][k]);
  }
  return { X, y };
}

describe('random', () => {
  it('is seeded and uniform in [0, 1)', () => {
    const a = createRng(5),
      b = createRng(5),
      c = createRng(6);
    const va = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(va);
    expect(c.next()).not.toBe(va[0]);
    expect(Math.min(...va)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...va)).toBeLessThan(1);
    const mean = va.reduce((s, v) => s + v, 0) / va.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('distributions sample within their ranges, reproducibly', () => {
    const rng = createRng(1);
    for (let i = 0; i < 200; i++) {
      const u = uniform(2, 3).sample(rng);
      expect(u >= 2 && u < 3).toBe(true);
      const l = logUniform(1e-3, 10).sample(rng);
      expect(l >= 1e-3 && l < 10).toBe(true);
      const k = intUniform(1, 4).sample(rng);
      expect([1, 2, 3, 4]).toContain(k);
      expect(['a', 'b']).toContain(choice(['a', 'b']).sample(rng));
      expect([4, 8, 16]).toContain(powerOfTwo(2, 4).sample(rng));
    }
    const extreme = powerOfTwo(-1074, 1023);
    for (let i = 0; i < 50; i++) expect(Number.isFinite(extreme.sample(rng)) && extreme.sample(rng) > 0).toBe(true);
    expect(() => powerOfTwo(0, 2000)).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => powerOfTwo(-1075, 0)).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    const space = { C: logUniform(0.1, 10), k: [1, 3, 5] };
    expect(sampleParams(space, createRng(3))).toEqual(sampleParams(space, createRng(3)));
    expect(() => logUniform(0, 1)).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});

describe('splits', () => {
  it('takeRows picks rows of arrays and matrices, and refuses an index that is not a row', () => {
    const A = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    expect(takeRows(A, [2, 0])).toEqual([
      [5, 6],
      [1, 2],
    ]);
    const M = { rows: 3, cols: 2, data: Float64Array.from([1, 2, 3, 4, 5, 6]) };
    expect(takeRows(M, [1])).toEqual({ rows: 1, cols: 2, data: Float64Array.from([3, 4]) });
    for (const bad of [[3], [-1], [0.5], [Number.NaN]]) {
      expect(() => takeRows(A, bad)).toThrow(expect.objectContaining({ code: 'BAD_SHAPE' }));
      expect(() => takeRows(M, bad)).toThrow(expect.objectContaining({ code: 'BAD_SHAPE' }));
    }
  });

  it('stratifiedKFold balances classes over folds, seeded', () => {
    const y = [...Array(30).fill('a'), ...Array(20).fill('b'), ...Array(10).fill('c')];
    const f = stratifiedKFold(y, { nSplits: 5, seed: 1 });
    expect(stratifiedKFold(y, { nSplits: 5, seed: 1 })).toEqual(f);
    for (let k = 0; k < 5; k++) {
      const idx = f.map((v, i) => (v === k ? i : -1)).filter((i) => i >= 0);
      expect(idx.length).toBe(12);
      expect(idx.filter((i) => y[i] === 'a').length).toBe(6);
      expect(idx.filter((i) => y[i] === 'c').length).toBe(2);
    }
  });

  it('trainTestSplit is stratified, disjoint and seeded', () => {
    const y = [...Array(40).fill('a'), ...Array(20).fill('b')];
    const X = y.map((_, i) => [i]);
    const s = trainTestSplit(X, y, { testSize: 0.25, seed: 3 });
    expect(s.testIndex.length).toBe(15);
    expect(s.trainIndex.length).toBe(45);
    expect(s.yTest.filter((v) => v === 'b').length).toBe(5);
    expect(new Set([...s.trainIndex, ...s.testIndex]).size).toBe(60);
    expect((s.XTest as number[][]).map((r) => r[0])).toEqual(s.testIndex);
    expect(s.yTrain).toEqual(s.trainIndex.map((i) => y[i]));
    expect(trainTestSplit(X, y, { testSize: 0.25, seed: 3 })).toEqual(s);
    expect(() => trainTestSplit(X.slice(1), y)).toThrowError(expect.objectContaining({ code: 'BAD_SHAPE' }));
  });
});

describe('crossValidate', () => {
  it('pools out-of-fold predictions, times folds and accepts explicit folds', async () => {
    const { X, y } = data();
    const foldOf = X.map((_, i) => i % 4);
    const r = await crossValidate(() => new Pipeline([new StandardScaler(), new KNeighbors({ nNeighbors: 3 })]), X, y, { cv: foldOf, proba: true });
    expect(r.predictions.length).toBe(60);
    expect(r.fitMs.length).toBe(4);
    expect(r.foldAccuracy.length).toBe(4);
    expect(r.accuracy).toBeGreaterThan(0.8);
    expect(r.proba!.every((p) => Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12)).toBe(true);
    // the same thing by hand for fold 0
    const tr = X.map((_, i) => i).filter((i) => foldOf[i] !== 0),
      te = X.map((_, i) => i).filter((i) => foldOf[i] === 0);
    const m = new Pipeline([new StandardScaler(), new KNeighbors({ nNeighbors: 3 })]);
    await m.fit(
      tr.map((i) => X[i]),
      tr.map((i) => y[i]),
    );
    expect(te.map((i) => r.predictions[i])).toEqual(m.predict(te.map((i) => X[i])));
    const r2 = await crossValidate(() => new LogisticRegression(), X, y, { folds: 3, seed: 2 });
    expect(r2.fitMs.length).toBe(3);
  });

  it('gridSearch and randomSearch pick the best parameters', async () => {
    const { X, y } = data();
    expect(parameterGrid({ b: [1, 2], a: ['x'] })).toEqual([
      { a: 'x', b: 1 },
      { a: 'x', b: 2 },
    ]);
    // 1e9 combinations are refused before any is built (it used to exhaust the heap)
    const thousand = Array.from({ length: 1000 }, (_, i) => i);
    expect(() => parameterGrid({ a: thousand, b: thousand, c: thousand })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => parameterGrid({ a: [] })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    const g = await gridSearch((p) => new LogisticRegression(p), X, y, { C: [1e-4, 1] }, { folds: 3 });
    expect(g.results.length).toBe(2);
    expect(g.bestParams).toEqual({ C: 1 });
    const r = await randomSearch((p) => new KNeighbors(p as { nNeighbors: number }), X, y, { nNeighbors: intUniform(1, 5) }, { nIter: 4, folds: 3, seed: 1 });
    expect(r.results.length).toBe(4);
    expect(r.bestScore).toBe(Math.max(...r.results.map((t) => t.score)));
    const r2 = await randomSearch((p) => new KNeighbors(p as { nNeighbors: number }), X, y, { nNeighbors: intUniform(1, 5) }, { nIter: 4, folds: 3, seed: 1 });
    expect(r2.results.map((t) => t.params)).toEqual(r.results.map((t) => t.params));
  });

  it('onFold that is not a function, a factory that returns no classifier and a cv that is not an array are BAD_OPTION before any fit', async () => {
    const { X, y } = data(30);
    let fits = 0;
    const counted = () => {
      const m = new LogisticRegression({ maxIter: 50 });
      const realFit = m.fit.bind(m);
      m.fit = (...a: Parameters<typeof realFit>) => {
        fits++;
        return realFit(...a);
      };
      return m;
    };
    await expect(crossValidate(counted, X, y, { folds: 3, onFold: 5 as never })).rejects.toMatchObject({ code: 'BAD_OPTION', details: { option: 'onFold' } });
    expect(fits).toBe(0);
    for (const made of [null, {}, 3, { fit: () => undefined }]) {
      await expect(crossValidate(() => made as never, X, y, { folds: 3 })).rejects.toMatchObject({ code: 'BAD_OPTION', details: { option: 'factory' } });
    }
    const noProba = { fit: () => undefined, predict: () => [] };
    await expect(crossValidate(() => noProba as never, X, y, { folds: 3, proba: true })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(crossValidate(counted, X, y, { cv: { length: 30 } as never })).rejects.toMatchObject({ code: 'BAD_OPTION', details: { option: 'cv' } });
    await expect(crossValidate(counted, X, y, { proba: 'yes' as never })).rejects.toMatchObject({ code: 'BAD_OPTION', details: { option: 'proba' } });
    await expect(gridSearch(counted, X, y, { C: [1] }, { cv: 5 as never })).rejects.toMatchObject({ code: 'BAD_OPTION', details: { option: 'cv' } });
    await expect(randomSearch(counted, X, y, { C: [1] }, { cv: 5 as never })).rejects.toMatchObject({ code: 'BAD_OPTION', details: { option: 'cv' } });
    await expect(randomSearch(counted, X, y, null as never, { folds: 3, nIter: 1 })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      details: { option: 'space' },
    });
    expect(fits).toBe(0);
  });

  it("the user's own exceptions from the factory, fit and onFold pass through unchanged", async () => {
    const { X, y } = data(30);
    const boom = new Error('boom');
    await expect(
      crossValidate(
        () => {
          throw boom;
        },
        X,
        y,
        { folds: 3 },
      ),
    ).rejects.toBe(boom);
    const failing = new LogisticRegression();
    failing.fit = () => {
      throw boom;
    };
    await expect(crossValidate(() => failing, X, y, { folds: 3 })).rejects.toBe(boom);
    await expect(
      crossValidate(() => new LogisticRegression({ maxIter: 50 }), X, y, {
        folds: 3,
        onFold: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    await expect(gridSearch(() => failing, X, y, { C: [1] }, { folds: 3 })).rejects.toBe(boom);
  });

  it('an unknown scoring is BAD_OPTION listing the accepted names (it was scored as accuracy)', async () => {
    const { X, y } = data(30);
    const lr = new LogisticRegression({ maxIter: 50 });
    for (const scoring of ['roc_auc', 'f1_micro', 'F1_macro', 3]) {
      const e = await gridSearch(lr, X, y, { C: [1] }, { folds: 3, scoring: scoring as never }).catch((err) => err);
      expect(e).toMatchObject({ code: 'BAD_OPTION', details: { option: 'scoring' } });
      expect(e.message).toContain("'accuracy', 'f1_macro'");
      await expect(randomSearch(lr, X, y, { C: [1] }, { folds: 3, nIter: 1, scoring: scoring as never })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    }
    const f = await gridSearch(lr, X, y, { C: [1] }, { folds: 3, scoring: 'f1_macro' });
    const cv = await crossValidate(lr, X, y, { folds: 3 });
    expect(f.bestScore).toBe(cv.f1Macro);
  });
});

describe('model selection options', () => {
  const { X, y } = data(30);
  const lr = () => new LogisticRegression({ maxIter: 50 });

  it('null options mean the defaults', async () => {
    expect(stratifiedKFold(y, null)).toEqual(stratifiedKFold(y));
    expect(trainTestSplit(X, y, null)).toEqual(trainTestSplit(X, y));
    expect((await crossValidate(lr, X, y, null)).predictions).toEqual((await crossValidate(lr, X, y)).predictions);
    expect((await gridSearch(lr(), X, y, { C: [1] }, null)).bestScore).toBe((await gridSearch(lr(), X, y, { C: [1] })).bestScore);
    expect((await randomSearch(lr(), X, y, { C: [1] }, null)).results.length).toBe(10);
  });

  it('a misspelt key is UNKNOWN_OPTION naming the right one (it was ignored)', async () => {
    const unknown = (option: string, suggestion: string) => expect.objectContaining({ code: 'UNKNOWN_OPTION', details: { option, suggestion } });
    await expect(crossValidate(lr, X, y, { nFolds: 3 } as never)).rejects.toEqual(unknown('nFolds', 'folds'));
    expect(() => trainTestSplit(X, y, { test_size: 0.5 } as never)).toThrowError(unknown('test_size', 'testSize'));
    expect(() => stratifiedKFold(y, { n_splits: 3 } as never)).toThrowError(unknown('n_splits', 'nSplits'));
    await expect(gridSearch(lr(), X, y, { C: [1] }, { fold: 3 } as never)).rejects.toEqual(unknown('fold', 'folds'));
    await expect(randomSearch(lr(), X, y, { C: [1] }, { n_iter: 3 } as never)).rejects.toEqual(unknown('n_iter', 'nIter'));
    await expect(gridSearch(lr(), X, y, { C: [1] }, { nIter: 3 } as never)).rejects.toMatchObject({ code: 'UNKNOWN_OPTION' });
  });

  it('bad values and inputs are typed errors, not TypeErrors or silent conversions', () => {
    expect(() => trainTestSplit(X, y, { testSize: '0.5' as never })).toThrowError(
      expect.objectContaining({ code: 'BAD_OPTION', details: { option: 'testSize' } }),
    );
    expect(() => trainTestSplit(X, y, { stratify: 'no' as never })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => stratifiedKFold(y, { shuffle: 0 as never })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => trainTestSplit('abc' as never, ['a', 'b', 'a'])).toThrowError(expect.objectContaining({ code: 'BAD_SHAPE' }));
    expect(() => trainTestSplit(null as never, y)).toThrowError(expect.objectContaining({ code: 'BAD_SHAPE' }));
    expect(() => trainTestSplit(X, null as never)).toThrowError(expect.objectContaining({ code: 'BAD_LABELS' }));
    expect(() => trainTestSplit(X, y.map(() => Number.NaN) as never, { stratify: false })).toThrowError(expect.objectContaining({ code: 'BAD_LABELS' }));
    expect(() => takeRows(X, null as never)).toThrowError(expect.objectContaining({ code: 'BAD_SHAPE' }));
    expect(() => takeRows(null as never, [0])).toThrowError(expect.objectContaining({ code: 'BAD_SHAPE' }));
    expect(trainTestSplit(X, y, { testSize: 6, stratify: false, seed: 1 }).testIndex.length).toBe(6);
  });
});
