import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KNeighbors, LinearDiscriminantAnalysis, Pipeline, StandardScaler, createRng, fromJSON, type Label } from '../../src/classifiers/index.js';
import { describeShared } from '../helpers/shared.js';
import { gtzanStandardisedSplit } from '../helpers/gtzan-split.js';

const here = dirname(fileURLToPath(import.meta.url));

interface ReferenceCase {
  name: string;
  options: { shrinkage?: 'auto' | number | null; priors?: Record<string, number>; solver?: 'lsqr' | 'eigen'; nComponents?: number };
  binary: boolean;
  classes: string[];
  coef: number[][];
  intercept: number[];
  proba: number[][];
  predict: string[];
  /** 'eigen' only: the projection of the first test rows, and the variance ratios. */
  transform?: number[][];
  explainedVarianceRatio?: number[];
}

describeShared('LinearDiscriminantAnalysis against scikit-learn 1.2 (lsqr and eigen solvers) on the GTZAN table', () => {
  const ref = JSON.parse(readFileSync(join(here, 'references', 'lda-sklearn.json'), 'utf8')) as { cases: ReferenceCase[] };
  const data = gtzanStandardisedSplit();
  for (const c of ref.cases) {
    it(`${c.name}: the same scores, probabilities and predictions`, () => {
      const keep = (y: string): boolean => !c.binary || y === 'rock' || y === 'metal';
      const Xtr = data.Xtr.filter((_, i) => keep(data.ytr[i]));
      const ytr = data.ytr.filter(keep);
      const Xte = data.Xte.filter((_, i) => keep(data.yte[i]));
      const m = new LinearDiscriminantAnalysis(c.options).fit(Xtr, ytr);
      expect(m.classes).toEqual(c.classes);
      // scikit-learn keeps one row for two classes: the second class's minus the first's
      const coef = c.binary ? [m.coef[1].map((v, j) => v - m.coef[0][j])] : m.coef;
      const intercept = c.binary ? [m.intercept[1] - m.intercept[0]] : m.intercept;
      const scale = Math.max(...c.coef.flat().map(Math.abs));
      coef.forEach((row, k) => row.forEach((v, j) => expect(Math.abs(v - c.coef[k][j])).toBeLessThan(1e-7 * scale)));
      intercept.forEach((v, k) => expect(v).toBeCloseTo(c.intercept[k], 6));
      const proba = m.predictProba(Xte.slice(0, c.proba.length));
      proba.forEach((row, i) => row.forEach((v, k) => expect(Math.abs(v - c.proba[i][k])).toBeLessThan(1e-8)));
      expect(m.predict(Xte)).toEqual(c.predict);
      if (c.transform) {
        // each direction up to its sign (LAPACK's is arbitrary)
        const Z = m.transform(Xte.slice(0, c.transform.length));
        expect(Z[0]).toHaveLength(c.transform[0].length);
        for (let j = 0; j < Z[0].length; j++) {
          const sign = Math.sign(Z.reduce((acc, row, i) => acc + row[j] * c.transform![i][j], 0));
          const top = Math.max(...c.transform.map((row) => Math.abs(row[j])));
          Z.forEach((row, i) => expect(Math.abs(sign * row[j] - c.transform![i][j])).toBeLessThan(1e-7 * top));
        }
        m.explainedVarianceRatio.forEach((v, j) => expect(v).toBeCloseTo(c.explainedVarianceRatio![j], 9));
      } else expect(() => m.transform(Xte)).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
    });
  }
});

/** Three Gaussian classes in 3-D with a shared covariance, seeded. */
function blobs(nPer: number): { X: number[][]; y: Label[] } {
  const rng = createRng(12345);
  const g = (): number => rng.normal();
  const centres = [
    [0, 0, 0],
    [3, 0, 1],
    [0, 3, -1],
  ];
  const X: number[][] = [];
  const y: Label[] = [];
  centres.forEach((c, k) => {
    for (let i = 0; i < nPer; i++) {
      const a = g(),
        b = g(),
        e = g();
      X.push([c[0] + a, c[1] + 0.5 * a + b, c[2] + 0.3 * e]);
      y.push(['a', 'b', 'c'][k]);
    }
  });
  return { X, y };
}

describe('LinearDiscriminantAnalysis', () => {
  it('classifies separable Gaussian classes and its probabilities sum to 1', () => {
    const { X, y } = blobs(200);
    const m = new LinearDiscriminantAnalysis().fit(X, y);
    const acc = m.predict(X).filter((p, i) => p === y[i]).length / y.length;
    expect(acc).toBeGreaterThan(0.95);
    for (const row of m.predictProba(X.slice(0, 20))) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(m.priors).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('scores equal the Gaussian log-posterior up to a constant per row (the definition)', () => {
    const { X, y } = blobs(50);
    const m = new LinearDiscriminantAnalysis({ shrinkage: 0.2 }).fit(X, y);
    const scores = m.decisionFunction(X.slice(0, 5));
    // log N(x; mu_k, S) + log pi_k differs from x.w_k + b_k by -x S^-1 x / 2 + const, the same for every k
    const diffs = scores.map((r) => r.map((v) => v - r[0]));
    const W = m.coef;
    const b = m.intercept;
    X.slice(0, 5).forEach((x, i) => {
      for (let k = 0; k < 3; k++) {
        const lin = b[k] - b[0] + x.reduce((s, v, j) => s + v * (W[k][j] - W[0][j]), 0);
        expect(diffs[i][k]).toBeCloseTo(lin, 10);
      }
    });
    expect(m.means[1][0]).toBeCloseTo(X.slice(50, 100).reduce((s, r) => s + r[0], 0) / 50, 12);
  });

  it("'eigen' directions: the within-class covariance of the projection is the identity, the scores equal 'lsqr''s", () => {
    const { X, y } = blobs(100);
    const eig = new LinearDiscriminantAnalysis({ solver: 'eigen' }).fit(X, y);
    const lsqr = new LinearDiscriminantAnalysis().fit(X, y);
    eig.coef.forEach((row, k) => row.forEach((v, j) => expect(v).toBeCloseTo(lsqr.coef[k][j], 9)));
    const Z = eig.transform(X);
    expect(Z[0]).toHaveLength(2);
    // pooled within-class covariance (priors = frequencies, ddof 0) of the projection
    const W = [
      [0, 0],
      [0, 0],
    ];
    for (const label of ['a', 'b', 'c']) {
      const rows = Z.filter((_, i) => y[i] === label);
      const mu = [0, 1].map((c) => rows.reduce((s, r) => s + r[c], 0) / rows.length);
      for (const r of rows) for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) W[a][b] += ((r[a] - mu[a]) * (r[b] - mu[b])) / Z.length;
    }
    expect(W[0][0]).toBeCloseTo(1, 9);
    expect(W[1][1]).toBeCloseTo(1, 9);
    expect(W[0][1]).toBeCloseTo(0, 9);
    const ratios = eig.explainedVarianceRatio;
    expect(ratios[0]).toBeGreaterThanOrEqual(ratios[1]);
    expect(ratios[0] + ratios[1]).toBeCloseTo(1, 9);
    const back = fromJSON(JSON.parse(JSON.stringify(eig.toJSON()))) as LinearDiscriminantAnalysis;
    expect(back.transform(X.slice(0, 5))).toEqual(Z.slice(0, 5));
    expect(() => new LinearDiscriminantAnalysis({ solver: 'eigen', nComponents: 3 }).fit(X, y)).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => new LinearDiscriminantAnalysis({ solver: 'svd' as never })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
  });

  it("serves as a Pipeline's reduction step with solver 'eigen' (fitted on the labels, then a classifier on the projection)", () => {
    const { X, y } = blobs(60);
    const pipe = new Pipeline([new StandardScaler(), new LinearDiscriminantAnalysis({ solver: 'eigen', nComponents: 1 }), new KNeighbors({ nNeighbors: 5 })]);
    pipe.fit(X, y);
    const scaler = new StandardScaler().fit(X);
    const lda = new LinearDiscriminantAnalysis({ solver: 'eigen', nComponents: 1 }).fit(scaler.transform(X), y);
    const knn = new KNeighbors({ nNeighbors: 5 }).fit(lda.transform(scaler.transform(X)), y);
    expect(pipe.predict(X)).toEqual(knn.predict(lda.transform(scaler.transform(X))));
    const back = fromJSON(JSON.parse(JSON.stringify(pipe.toJSON()))) as Pipeline;
    expect(back.predictProba(X)).toEqual(pipe.predictProba(X));
  });

  it('round-trips through JSON with the same probabilities', () => {
    const { X, y } = blobs(40);
    const m = new LinearDiscriminantAnalysis({ shrinkage: 'auto', priors: { a: 1, b: 2, c: 1 } }).fit(X, y);
    const back = fromJSON(JSON.parse(JSON.stringify(m.toJSON()))) as LinearDiscriminantAnalysis;
    expect(back.predictProba(X)).toEqual(m.predictProba(X));
    expect(back.priors).toEqual([0.25, 0.5, 0.25]);
  });

  it('scores or projections overflowing float64 (features near 1e308) -> BAD_DATA, never NaN probabilities', () => {
    const { X, y } = blobs(40);
    const huge = [[1e308, -1e308, 1e308]];
    for (const solver of ['lsqr', 'eigen'] as const) {
      const m = new LinearDiscriminantAnalysis({ solver }).fit(X, y);
      for (const f of [() => m.predictProba(huge), () => m.predict(huge), () => m.decisionFunction(huge)]) {
        expect(f).toThrowError(expect.objectContaining({ code: 'BAD_DATA', details: { row: 0 } }));
      }
    }
    const eig = new LinearDiscriminantAnalysis({ solver: 'eigen' }).fit(X, y);
    expect(() => eig.transform([[0, 0, 0], ...huge])).toThrowError(expect.objectContaining({ code: 'BAD_DATA', details: { row: 1 } }));
  });

  it('refuses a singular covariance without shrinkage, bad options and priors without a class', () => {
    const X = [
      [1, 2, 2],
      [2, 4, 4],
      [3, 1, 1],
      [4, 3, 3],
    ];
    const y = ['p', 'p', 'q', 'q'];
    expect(() => new LinearDiscriminantAnalysis().fit(X, y)).toThrowError(expect.objectContaining({ code: 'BAD_DATA' }));
    expect(new LinearDiscriminantAnalysis({ shrinkage: 0.5 }).fit(X, y).predict(X)).toHaveLength(4);
    for (const shrinkage of [-0.1, 1.5, 'lw', Number.NaN]) {
      expect(() => new LinearDiscriminantAnalysis({ shrinkage: shrinkage as never })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
    }
    expect(() => new LinearDiscriminantAnalysis({ priors: { p: 0 } })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
    // 8193 features would need d x d covariances of 537 MB each: refused before any is allocated
    const wide = [0, 1, 2, 3].map((i) => new Array<number>(8193).fill(i));
    expect(() => new LinearDiscriminantAnalysis({ shrinkage: 'auto' }).fit(wide, y)).toThrowError(expect.objectContaining({ code: 'BAD_SHAPE' }));
    expect(() => new LinearDiscriminantAnalysis({ shrinkage: 0.5, priors: { p: 1 } }).fit(X, y)).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});
