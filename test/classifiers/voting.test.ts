import { describe, expect, it } from 'vitest';
import { fromJSON, KNeighbors, LogisticRegression, MirkitError, Pipeline, StandardScaler, VotingClassifier } from '../../src/index.js';

const X = Array.from({ length: 60 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7) + (i % 3), (i % 3) * 0.5 + Math.sin(i * 3) * 0.2]);
const y = X.map((_, i) => ['a', 'b', 'c'][i % 3]);

describe('VotingClassifier (soft voting)', () => {
  it('averages the members’ probabilities with the given weights', async () => {
    const a = new Pipeline([new StandardScaler(), new LogisticRegression({ C: 1 })]);
    const b = new KNeighbors({ nNeighbors: 5 });
    const ens = await new VotingClassifier([a, b], { weights: [1, 3] }).fit(X, y);
    const pa = a.predictProba(X),
      pb = b.predictProba(X),
      p = ens.predictProba(X);
    for (let i = 0; i < X.length; i++) for (let c = 0; c < 3; c++) expect(p[i][c]).toBeCloseTo((pa[i][c] + 3 * pb[i][c]) / 4, 12);
    expect(ens.classes).toEqual(['a', 'b', 'c']);
    const again = fromJSON<VotingClassifier>(JSON.parse(JSON.stringify(ens.toJSON())));
    expect(again.predictProba(X)).toEqual(p);
    expect(again.predict(X)).toEqual(ens.predict(X));
  });

  it("voting: 'geometric' gives the normalised weighted geometric mean, kept by toJSON and clone", async () => {
    const a = new Pipeline([new StandardScaler(), new LogisticRegression({ C: 1 })]);
    const b = new KNeighbors({ nNeighbors: 5 });
    const ens = await new VotingClassifier([a, b], { weights: [1, 3], voting: 'geometric' }).fit(X, y);
    const pa = a.predictProba(X),
      pb = b.predictProba(X),
      p = ens.predictProba(X);
    const log = (v: number): number => Math.log(Math.max(v, 1e-12));
    for (let i = 0; i < X.length; i++) {
      const g = [0, 1, 2].map((c) => Math.exp((log(pa[i][c]) + 3 * log(pb[i][c])) / 4));
      const z = g.reduce((s, v) => s + v, 0);
      for (let c = 0; c < 3; c++) expect(p[i][c]).toBeCloseTo(g[c] / z, 12);
    }
    expect(p.every((r) => Math.abs(r.reduce((s, v) => s + v, 0) - 1) < 1e-12)).toBe(true);
    const again = fromJSON<VotingClassifier>(JSON.parse(JSON.stringify(ens.toJSON())));
    expect(again.params.voting).toBe('geometric');
    expect(again.predictProba(X)).toEqual(p);
    expect(ens.clone().params).toEqual({ weights: [1, 3], voting: 'geometric' });
    expect(ens.getParams().voting).toBe('geometric');
    expect(new VotingClassifier([a]).params.voting).toBe('soft');
    expect(() => new VotingClassifier([a], { voting: 'hard' as never })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });

  it('refuses bad weights, members that know other classes, and prediction before fit', async () => {
    const lr = new LogisticRegression();
    expect(() => new VotingClassifier([lr], { weights: [0] })).toThrow(MirkitError);
    expect(() => new VotingClassifier([lr, lr], { weights: [1] })).toThrow(/weights/);
    expect(() => new VotingClassifier([lr]).predict(X)).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
    const two = new LogisticRegression().fit(
      X.slice(0, 40).filter((_, i) => i % 3 !== 2),
      y.slice(0, 40).filter((_, i) => i % 3 !== 2),
    );
    const three = new LogisticRegression().fit(X, y);
    expect(() => VotingClassifier.fromFitted([two, three])).toThrow(/other classes/);
    // a sparse weights array passed the check (its hole was skipped) and voted NaN
    // biome-ignore lint/suspicious/noSparseArray: the hole is the case
    expect(() => VotingClassifier.fromFitted([three, three], { weights: [, 1] as number[] })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    // labels 1 and '1' are different classes (compared as strings, the second member was dropped)
    const numeric = new LogisticRegression().fit(
      X,
      y.map((l) => ({ a: 1, b: 2, c: 3 })[l] as number),
    );
    const strings = new LogisticRegression().fit(
      X,
      y.map((l) => ({ a: '1', b: '2', c: '3' })[l] as string),
    );
    expect(() => VotingClassifier.fromFitted([numeric, strings])).toThrow(/other classes/);
    // unfitted members: NOT_FITTED at once, not an ensemble with no classes
    expect(() => VotingClassifier.fromFitted([new LogisticRegression(), new LogisticRegression()])).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
  });

  it('weights near the largest float give the same vote as their ratio (their total overflowed to a zero vote)', async () => {
    const a = new LogisticRegression({ C: 1 }).fit(X, y);
    const b = new KNeighbors({ nNeighbors: 5 }).fit(X, y);
    for (const voting of ['soft', 'geometric'] as const) {
      const huge = VotingClassifier.fromFitted([a, b], { weights: [Number.MAX_VALUE, Number.MAX_VALUE / 2], voting }).predictProba(X);
      const ratio = VotingClassifier.fromFitted([a, b], { weights: [2, 1], voting }).predictProba(X);
      for (let i = 0; i < X.length; i++) for (let c = 0; c < 3; c++) expect(huge[i][c]).toBeCloseTo(ratio[i][c], 12);
    }
  });
});
