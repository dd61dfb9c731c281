import { describe, expect, it } from 'vitest';
import {
  DecisionTree,
  GradientBoosting,
  KNeighbors,
  LogisticRegression,
  ObliviousBoosting,
  Pipeline,
  RandomForest,
  StandardScaler,
  SVC,
  createRng,
  fromJSON,
  type Classifier,
  type Label,
} from '../../src/classifiers/index.js';
import { MirkitError } from '../../src/errors.js';
import { matrixFromRows } from '../../src/matrix.js';

/** Three well separated blobs in 3-D (classes 'a', 'b', 'c'), deterministic. */
function blobs(nPer = 20, seed = 1): { X: number[][]; y: string[] } {
  const rng = createRng(seed);
  const centers = [
    [0, 0, 0],
    [6, 6, 0],
    [0, 6, 6],
  ];
  const X: number[][] = [],
    y: string[] = [];
  // interleave classes so that nothing depends on input order
  for (let i = 0; i < nPer; i++) {
    centers.forEach((c, k) => {
      X.push(c.map((v) => v + rng.normal()));
      y.push(['c', 'a', 'b'][k]);
    });
  }
  return { X, y };
}

type Factory = { name: string; make: () => Classifier };
const FACTORIES: Factory[] = [
  { name: 'SVC rbf', make: () => new SVC({ C: 3 }) },
  { name: 'SVC linear + probability', make: () => new SVC({ kernel: 'linear', C: 1, probability: true, seed: 3 }) },
  { name: 'SVC poly', make: () => new SVC({ kernel: 'poly', degree: 2, C: 1, gamma: 'auto', coef0: 1 }) },
  { name: 'SVC rbf (libsvm-wasm solver)', make: () => new SVC({ C: 3, solver: 'libsvm-wasm' }) },
  { name: 'SVC linear + probability (libsvm-wasm solver)', make: () => new SVC({ kernel: 'linear', C: 1, probability: true, seed: 3, solver: 'libsvm-wasm' }) },
  { name: 'LogisticRegression', make: () => new LogisticRegression({ C: 1 }) },
  { name: 'KNeighbors', make: () => new KNeighbors({ nNeighbors: 3 }) },
  { name: 'KNeighbors distance', make: () => new KNeighbors({ nNeighbors: 5, weights: 'distance' }) },
  { name: 'DecisionTree', make: () => new DecisionTree({ seed: 1 }) },
  { name: 'DecisionTree entropy', make: () => new DecisionTree({ criterion: 'entropy', maxDepth: 3, seed: 1 }) },
  { name: 'RandomForest', make: () => new RandomForest({ nEstimators: 20, classWeight: 'balanced', seed: 2 }) },
  {
    name: 'RandomForest balanced_subsample',
    make: () => new RandomForest({ nEstimators: 10, classWeight: 'balanced_subsample', maxFeatures: 'log2', seed: 2 }),
  },
  { name: 'GradientBoosting', make: () => new GradientBoosting({ nEstimators: 20, maxDepth: 2, subsample: 0.8, seed: 4 }) },
  { name: 'ObliviousBoosting', make: () => new ObliviousBoosting({ nEstimators: 20, depth: 3, seed: 5 }) },
  { name: 'Pipeline(scaler, LR)', make: () => new Pipeline([new StandardScaler(), new LogisticRegression({ C: 10 })]) },
  { name: 'Pipeline(scaler, SVC)', make: () => new Pipeline([new StandardScaler(), new SVC({ C: 3, probability: true, seed: 1 })]) },
];

describe.each(FACTORIES)('$name', ({ make }) => {
  const { X, y } = blobs();
  const test = blobs(10, 99);

  it('learns a separable set perfectly, with sorted classes and probability rows summing to 1', async () => {
    const m = make();
    await m.fit(X, y);
    expect(m.classes).toEqual(['a', 'b', 'c']);
    expect(m.predict(X)).toEqual(y);
    expect(m.predict(test.X)).toEqual(test.y);
    const P = m.predictProba(test.X);
    expect(P.length).toBe(test.X.length);
    for (const row of P) {
      expect(row.length).toBe(3);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      for (const v of row) expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  it('accepts a Matrix as well as nested arrays', async () => {
    const m = make();
    await m.fit(matrixFromRows(X), y);
    expect(m.predict(matrixFromRows(test.X))).toEqual(test.y);
  });

  it('round-trips through toJSON / fromJSON with identical predictions and probabilities', async () => {
    const m = make();
    await m.fit(X, y);
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    expect(json.format).toBe('mirkit-model');
    const r = fromJSON(json);
    expect(r.classes).toEqual(m.classes);
    expect(r.predict(test.X)).toEqual(m.predict(test.X));
    expect(r.predictProba(test.X)).toEqual(m.predictProba(test.X));
  });

  it('is deterministic (same options and seed, same result) and refits from scratch', async () => {
    const a = make(),
      b = make();
    await a.fit(X, y);
    await b.fit(blobs(15, 7).X, blobs(15, 7).y); // b fitted on other data first ...
    await b.fit(X, y); // ... then refitted
    expect(b.predictProba(test.X)).toEqual(a.predictProba(test.X));
    expect(JSON.stringify(b.toJSON())).toBe(JSON.stringify(a.toJSON()));
  });

  it('rejects bad input with MirkitError codes', async () => {
    const m = make();
    expect(() => m.predict(test.X)).toThrowError(expect.objectContaining({ code: 'NOT_FITTED' }));
    const code = async (f: () => unknown) => {
      try {
        await f();
      } catch (e) {
        expect(e).toBeInstanceOf(MirkitError);
        return (e as MirkitError).code;
      }
      return 'no error';
    };
    expect(await code(() => make().fit(X, y.slice(1)))).toBe('BAD_SHAPE');
    const bad = X.map((r) => r.slice());
    bad[3][1] = NaN;
    expect(await code(() => make().fit(bad, y))).toBe('NON_FINITE');
    bad[3][1] = Infinity;
    expect(await code(() => make().fit(bad, y))).toBe('NON_FINITE');
    expect(
      await code(() =>
        make().fit(
          X,
          y.map(() => 'a'),
        ),
      ),
    ).toBe('BAD_LABELS');
    expect(await code(() => make().fit([], []))).toBe('EMPTY_INPUT');
    await m.fit(X, y);
    expect(await code(() => m.predict([[1, 2]]))).toBe('BAD_SHAPE');
    expect(await code(() => m.predictProba([[1, 2, 3, 4]]))).toBe('BAD_SHAPE');
    expect(await code(() => m.predict([[1, NaN, 3]]))).toBe('NON_FINITE');
    const json = m.toJSON();
    expect(await code(() => fromJSON({ ...json, version: json.version + 1 }))).toBe('BAD_MODEL');
  });
});

describe('class order and labels', () => {
  it('sorts numeric labels ascending and keeps them numbers', () => {
    const X = [[0], [1], [10], [11], [20], [21]];
    const y: Label[] = [10, 10, 2, 2, 5, 5];
    const m = new DecisionTree().fit(X, y);
    expect(m.classes).toEqual([2, 5, 10]);
    expect(m.predict([[0.5], [10.5], [20.5]])).toEqual([10, 2, 5]);
    expect(m.predictProba([[0.5]])[0]).toEqual([0, 0, 1]);
  });

  it('rejects mixed label types', () => {
    expect(() => new KNeighbors({ nNeighbors: 1 }).fit([[0], [1]], ['a', 1 as unknown as string])).toThrowError(
      expect.objectContaining({ code: 'BAD_LABELS' }),
    );
  });

  it('two-class problems work for every model', async () => {
    const X = [
      [0, 0],
      [0, 1],
      [1, 0],
      [5, 5],
      [5, 6],
      [6, 5],
    ];
    const y = ['no', 'no', 'no', 'yes', 'yes', 'yes'];
    for (const f of FACTORIES) {
      const m = f.make();
      if (m instanceof KNeighbors && m.params.nNeighbors > 3) continue;
      await m.fit(X, y);
      expect(m.predict(X), f.name).toEqual(y);
      expect(m.classes).toEqual(['no', 'yes']);
      const P = m.predictProba([[0.2, 0.1]]);
      expect(P[0].length).toBe(2);
      expect(P[0][0] + P[0][1]).toBeCloseTo(1, 10);
    }
  });
});

describe('fromJSON', () => {
  it('rejects malformed, unknown-type and other-version JSON with BAD_MODEL', () => {
    const bad = [
      null,
      42,
      'not json',
      {},
      { format: 'other' },
      { format: 'mirkit-model', type: 'Nope', version: 1, params: {} },
      { format: 'mirkit-model', type: 'SVC', version: 99, params: {} },
      {
        format: 'mirkit-model',
        type: 'RandomForest',
        version: 1,
        params: {},
        state: { classes: ['a', 'b'], nFeatures: 2, trees: [{ feature: [0], threshold: [0], left: [5], right: [6], value: [1, 0] }] },
      },
      { format: 'mirkit-model', type: 'LogisticRegression', version: 1, params: {}, state: { classes: ['a'], nFeatures: 1 } },
    ];
    for (const j of bad) expect(() => fromJSON(j), JSON.stringify(j)).toThrowError(expect.objectContaining({ code: 'BAD_MODEL' }));
  });

  it('restores an unfitted model, which then reports NOT_FITTED', () => {
    const m = fromJSON(new RandomForest({ nEstimators: 3 }).toJSON());
    expect(m).toBeInstanceOf(RandomForest);
    expect((m as RandomForest).params.nEstimators).toBe(3);
    expect(() => m.predict([[1]])).toThrowError(expect.objectContaining({ code: 'NOT_FITTED' }));
  });

  it('restores a StandardScaler', () => {
    const s = new StandardScaler().fit([
      [1, 10],
      [3, 10],
    ]);
    const r = fromJSON<StandardScaler>(s.toJSON());
    expect(r.transform([[2, 10]])).toEqual([[0, 0]]);
  });
});

describe('StandardScaler', () => {
  it('matches hand-computed values (ddof 0; zero-variance columns scale 1)', () => {
    const s = new StandardScaler().fit([
      [1, 5, 2],
      [3, 5, 4],
      [5, 5, 9],
    ]);
    expect(Array.from(s.mean!)).toEqual([3, 5, 5]);
    expect(s.scale![0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(s.scale![1]).toBe(1);
    const Z = s.transform([
      [3, 5, 5],
      [5, 7, 5],
    ]);
    expect(Z[0]).toEqual([0, 0, 0]);
    expect(Z[1][0]).toBeCloseTo(2 / Math.sqrt(8 / 3), 12);
    expect(Z[1][1]).toBe(2);
    expect(s.inverseTransform(Z)[1][0]).toBeCloseTo(5, 12);
  });
  it('throws NOT_FITTED and BAD_SHAPE', () => {
    expect(() => new StandardScaler().transform([[1]])).toThrowError(expect.objectContaining({ code: 'NOT_FITTED' }));
    expect(() => new StandardScaler().fit([[1, 2]]).transform([[1]])).toThrowError(expect.objectContaining({ code: 'BAD_SHAPE' }));
  });
});

describe('model specifics', () => {
  it('LogisticRegression: the optimum has zero gradient of C*sum(logloss) + 0.5||W||^2', () => {
    const { X, y } = blobs(10, 3);
    const Xs = new StandardScaler().fitTransform(X);
    const m = new LogisticRegression({ C: 0.5, maxIter: 500, tol: 1e-10 }).fit(Xs, y);
    const P = m.predictProba(Xs);
    // gradient w.r.t. W[k][j]: C * sum_i (p_ik - y_ik) x_ij + W[k][j]
    const d = 3;
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < d; j++) {
        let g = 0;
        for (let i = 0; i < Xs.length; i++) g += (P[i][k] - (y[i] === m.classes[k] ? 1 : 0)) * Xs[i][j];
        expect(0.5 * g + m.coef![k * d + j]).toBeCloseTo(0, 3);
      }
    }
  });

  it('LogisticRegression: a score overflowing float64 (features near 1e308, or a saved coefficient of 1e308) -> BAD_DATA, never NaN', () => {
    const { X, y } = blobs(10, 3);
    const m = new LogisticRegression().fit(X, y);
    const huge = [[-1.7e308, -1.7e308, -1.7e308]]; // the third class's score is +Infinity: its softmax was NaN
    for (const f of [() => m.predictProba(huge), () => m.predict(huge), () => m.decisionFunction(huge)]) {
      expect(f).toThrowError(expect.objectContaining({ code: 'BAD_DATA', details: { row: 0 } }));
    }
    const j = JSON.parse(JSON.stringify(m.toJSON()));
    j.state.coef[0] = 1e308;
    expect(() => (fromJSON(j) as LogisticRegression).predictProba([[2, 1, 1]])).toThrowError(expect.objectContaining({ code: 'BAD_DATA' }));
  });

  it('KNeighbors: votes and distance weights by hand', () => {
    const X = [[0], [1], [2], [10]];
    const y = ['a', 'a', 'b', 'b'];
    const u = new KNeighbors({ nNeighbors: 3 }).fit(X, y);
    expect(u.predictProba([[1.2]])).toEqual([[2 / 3, 1 / 3]]);
    const w = new KNeighbors({ nNeighbors: 3, weights: 'distance' }).fit(X, y);
    const p = w.predictProba([[1.5]])[0];
    const wa = 1 / 1.5 + 1 / 0.5,
      wb = 1 / 0.5;
    expect(p[0]).toBeCloseTo(wa / (wa + wb), 12);
    // a query on a training point takes that point's label only
    expect(w.predictProba([[2]])).toEqual([[0, 1]]);
    // tie 1-1 goes to the first class
    expect(new KNeighbors({ nNeighbors: 2 }).fit(X, y).predict([[1.5]])).toEqual(['a']);
  });

  it('DecisionTree: a split halfway between values, maxDepth honoured', () => {
    const t = new DecisionTree().fit([[0], [1], [2], [3]], ['a', 'a', 'b', 'b']);
    expect(t.tree!.threshold[0]).toBe(1.5);
    expect(t.depth).toBe(1);
    const X = Array.from({ length: 16 }, (_, i) => [i]);
    const y = X.map(([v]) => (v % 2 ? 'odd' : 'even'));
    expect(new DecisionTree({ maxDepth: 2 }).fit(X, y).depth).toBe(2);
    expect(new DecisionTree().fit(X, y).predict(X)).toEqual(y);
  });

  it('DecisionTree / RandomForest: saved leaves holding class counts give fractions summing to 1; a leaf summing beyond float64 -> BAD_MODEL', () => {
    const X = [[0], [1], [2], [3]],
      y = ['a', 'a', 'b', 'b'];
    for (const model of [new DecisionTree(), new RandomForest({ nEstimators: 2, bootstrap: false })]) {
      const j = JSON.parse(JSON.stringify(model.fit(X, y).toJSON()));
      const trees: { value: number[] }[] = j.state.tree ? [j.state.tree] : j.state.trees;
      for (const t of trees) t.value = t.value.map((v) => v * 7); // counts instead of fractions
      const back = fromJSON(j);
      expect(back.predictProba(X)).toEqual(model.predictProba(X));
      trees[0].value = trees[0].value.map(() => 1e308); // each finite, their sum not
      expect(() => fromJSON(j)).toThrowError(expect.objectContaining({ code: 'BAD_MODEL' }));
    }
  });

  it('SVC: gamma scale = 1 / (nFeatures * X.var())', async () => {
    const { X, y } = blobs(5, 2);
    const flat = X.flat();
    const mean = flat.reduce((a, b) => a + b, 0) / flat.length;
    const v = flat.reduce((a, b) => a + (b - mean) ** 2, 0) / flat.length;
    const m = await new SVC().fit(X, y);
    expect(m.gamma).toBeCloseTo(1 / (3 * v), 12);
    expect(m.decisionFunction(X)[0].length).toBe(3);
    expect(m.nSupport.length).toBe(3);
  });

  it('rejects bad options with BAD_OPTION', () => {
    const bad: (() => unknown)[] = [
      () => new SVC({ C: -1 }),
      () => new SVC({ gamma: 'x' as 'auto' }),
      () => new SVC({ solver: 'liblinear' as 'smo' }),
      () => new LogisticRegression({ C: 0 }),
      () => new KNeighbors({ nNeighbors: 0 }),
      () => new RandomForest({ nEstimators: 0 }),
      () => new RandomForest({ maxFeatures: 'cube' as 'sqrt' }),
      () => new DecisionTree({ minSamplesSplit: 1 }),
      () => new GradientBoosting({ subsample: 0 }),
      () => new ObliviousBoosting({ depth: 0 }),
    ];
    for (const f of bad) expect(f).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
  });

  it('names the bound a numeric param broke, and takes unset params from the defaults', () => {
    const cases: [() => unknown, string][] = [
      [() => new GradientBoosting({ nEstimators: 1.5 }), 'nEstimators: must be a positive integer'],
      [() => new GradientBoosting({ minSamplesSplit: 1 }), 'minSamplesSplit: must be an integer >= 2'],
      [() => new GradientBoosting({ learningRate: Number.POSITIVE_INFINITY }), 'learningRate: must be a positive number'],
      [() => new ObliviousBoosting({ depth: 13 }), 'depth: must be an integer in [1, 12]'],
      [() => new ObliviousBoosting({ borderCount: 257 }), 'borderCount: must be an integer in [2, 256]'],
      [() => new ObliviousBoosting({ rsm: 1.01 }), 'rsm: must be in (0, 1]'],
      [() => new LogisticRegression({ maxIter: 0 }), 'maxIter: must be a positive integer'],
      // 1e308 is an integer: the fit grew trees until the heap ran out
      [() => new RandomForest({ nEstimators: 1e308 }), 'nEstimators: must be at most 100000, got 1e+308'],
      [() => new GradientBoosting({ nEstimators: 2 ** 31 }), 'nEstimators: must be at most 100000, got 2147483648'],
      [() => new ObliviousBoosting({ nEstimators: 100_001 }), 'nEstimators: must be at most 100000, got 100001'],
    ];
    for (const [make, message] of cases) expect(make).toThrowError(expect.objectContaining({ code: 'BAD_OPTION', message }));
    const saved = { ...new RandomForest().toJSON(), params: { ...new RandomForest().getParams(), nEstimators: 1e308 } };
    expect(() => fromJSON(saved)).toThrowError(expect.objectContaining({ code: 'BAD_MODEL' }));
    expect(new GradientBoosting({ nEstimators: 100_000 }).getParams().nEstimators).toBe(100_000);
    expect(new GradientBoosting({ maxDepth: 5, subsample: undefined, nEstimators: null as unknown as number }).getParams()).toEqual({
      learningRate: 0.1,
      nEstimators: 100,
      maxDepth: 5,
      subsample: 1,
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      seed: 0,
    });
    expect(Object.keys(new ObliviousBoosting({ depth: 4 }).getParams())).toEqual([
      'nEstimators',
      'learningRate',
      'depth',
      'l2LeafReg',
      'borderCount',
      'rsm',
      'subsample',
      'seed',
    ]);
  });
});

describe('regression: boolean options take true or false only', () => {
  it("a string 'false', 0 or 1 is BAD_OPTION naming the option (it counted by truthiness)", () => {
    const makers: Array<[string, (v: unknown) => unknown]> = [
      ['probability', (v) => new SVC({ probability: v as boolean })],
      ['shrinking', (v) => new SVC({ shrinking: v as boolean })],
      ['fitIntercept', (v) => new LogisticRegression({ fitIntercept: v as boolean })],
      ['bootstrap', (v) => new RandomForest({ bootstrap: v as boolean })],
      ['withMean', (v) => new StandardScaler({ withMean: v as boolean })],
      ['withStd', (v) => new StandardScaler({ withStd: v as boolean })],
    ];
    for (const [name, make] of makers) {
      for (const v of ['false', 0, 1, {}]) {
        let err: unknown;
        try {
          make(v);
        } catch (e) {
          err = e;
        }
        expect(err, `${name}: ${String(v)}`).toBeInstanceOf(MirkitError);
        expect((err as MirkitError).code).toBe('BAD_OPTION');
        expect((err as MirkitError).message).toContain(name);
      }
      expect(() => make(false)).not.toThrow();
      expect(() => make(null)).not.toThrow();
    }
  });
});
