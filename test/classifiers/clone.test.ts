import { describe, expect, it } from 'vitest';
import { MirkitError } from '../../src/errors.js';
import {
  KNeighbors,
  LogisticRegression,
  Pipeline,
  StandardScaler,
  VotingClassifier,
  cloneWithParams,
  createRng,
  crossValidate,
  gridSearch,
  logUniform,
  randomSearch,
  type Classifier,
} from '../../src/classifiers/index.js';

function data(n = 60): { X: number[][]; y: string[] } {
  const rng = createRng(5);
  const X: number[][] = [],
    y: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    X.push([k * 2 + rng.normal(), -k + rng.normal(), rng.normal()]);
    y.push(['x', 'y', 'z'][k]);
  }
  return { X, y };
}

describe('cloneWithParams', () => {
  it('lays params over a clone, leaving the model alone', () => {
    const lr = new LogisticRegression({ C: 2, maxIter: 50 });
    const c = cloneWithParams(lr, { C: 0.5 });
    expect(c).toBeInstanceOf(LogisticRegression);
    expect(c.getParams()).toEqual({ ...lr.getParams(), C: 0.5 });
    expect(lr.params.C).toBe(2);
    expect(cloneWithParams(lr).getParams()).toEqual(lr.getParams());
  });

  it('null params mean none (it threw a TypeError); params that are not an object are BAD_OPTION', () => {
    const lr = new LogisticRegression({ C: 2, maxIter: 50 });
    expect(cloneWithParams(lr, null).getParams()).toEqual(lr.getParams());
    expect(cloneWithParams(new Pipeline([new StandardScaler(), lr]), null).classifier).toBeInstanceOf(LogisticRegression);
    for (const params of [3, 'C', [1]]) {
      expect(() => cloneWithParams(lr, params as never)).toThrow(expect.objectContaining({ code: 'BAD_OPTION', details: { option: 'params' } }));
    }
  });

  it("gives a Pipeline's params to its classifier and clones the transformers", () => {
    const scaler = new StandardScaler({ withMean: false });
    const p = new Pipeline([scaler, new KNeighbors({ nNeighbors: 3 })]);
    const c = cloneWithParams(p, { nNeighbors: 7 });
    expect(c.steps[0]).not.toBe(scaler);
    expect((c.steps[0] as StandardScaler).getParams()).toEqual({ withMean: false, withStd: true });
    expect((c.classifier as KNeighbors).params.nNeighbors).toBe(7);
  });

  it('refuses params for a VotingClassifier and models without clone()', () => {
    const v = new VotingClassifier([new LogisticRegression(), new KNeighbors()]);
    expect(() => cloneWithParams(v, { C: 1 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(cloneWithParams(v).estimators.length).toBe(2);
    const bare = { fit: () => bare, predict: () => [], predictProba: () => [], classes: [], toJSON: () => ({}) } as unknown as Classifier;
    expect(() => cloneWithParams(bare)).toThrow(MirkitError);
  });
});

describe('model selection with an estimator to clone', () => {
  it('crossValidate, gridSearch and randomSearch give what the factory form gives', async () => {
    const { X, y } = data();
    const base = new Pipeline([new StandardScaler(), new LogisticRegression()]);
    const make = (p: Record<string, unknown> = {}) => new Pipeline([new StandardScaler(), new LogisticRegression(p)]);
    const cvA = await crossValidate(base, X, y, { folds: 3, seed: 1 });
    const cvB = await crossValidate(() => make(), X, y, { folds: 3, seed: 1 });
    expect(cvA.predictions).toEqual(cvB.predictions);
    const gA = await gridSearch(base, X, y, { C: [1e-4, 1] }, { folds: 3 });
    const gB = await gridSearch(make, X, y, { C: [1e-4, 1] }, { folds: 3 });
    expect(gA.results.map((r) => r.score)).toEqual(gB.results.map((r) => r.score));
    expect(gA.bestParams).toEqual({ C: 1 });
    const rA = await randomSearch(base, X, y, { C: logUniform(1e-3, 10) }, { folds: 3, nIter: 3, seed: 2 });
    const rB = await randomSearch(make, X, y, { C: logUniform(1e-3, 10) }, { folds: 3, nIter: 3, seed: 2 });
    expect(rA.results).toEqual(rB.results.map((r, i) => ({ ...r, fitMs: rA.results[i].fitMs })));
    // the estimator itself is never fitted
    expect(() => base.predict(X)).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
  });
});
