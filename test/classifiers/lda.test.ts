import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LinearDiscriminantAnalysis, fromJSON, parseGtzanTable, type Label } from '../../src/classifiers/index.js';
import { DATA_DIR, describeShared } from '../helpers/shared.js';

const here = dirname(fileURLToPath(import.meta.url));

interface ReferenceCase {
  name: string;
  options: { shrinkage?: 'auto' | number | null; priors?: Record<string, number> };
  binary: boolean;
  classes: string[];
  coef: number[][];
  intercept: number[];
  proba: number[][];
  predict: string[];
}

/** The GTZAN table split and standardised as scripts/reference/lda_sklearn.py does. */
function gtzanSplit(): { Xtr: number[][]; ytr: string[]; Xte: number[][]; yte: string[] } {
  const t = parseGtzanTable(readFileSync(join(DATA_DIR, 'gtzan', 'features_30_sec.csv'), 'utf8'));
  const isTest = (i: number): boolean => i % 5 === 0;
  const d = t.featureNames.length;
  const train = t.X.filter((_, i) => !isTest(i));
  const mean = Array.from({ length: d }, (_, j) => train.reduce((s, r) => s + r[j], 0) / train.length);
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(train.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / train.length));
  const X = t.X.map((r) => r.map((v, j) => (v - mean[j]) / std[j]));
  return {
    Xtr: X.filter((_, i) => !isTest(i)),
    ytr: t.y.filter((_, i) => !isTest(i)),
    Xte: X.filter((_, i) => isTest(i)),
    yte: t.y.filter((_, i) => isTest(i)),
  };
}

describeShared('LinearDiscriminantAnalysis against scikit-learn 1.2 (lsqr solver) on the GTZAN table', () => {
  const ref = JSON.parse(readFileSync(join(here, 'references', 'lda-sklearn.json'), 'utf8')) as { cases: ReferenceCase[] };
  const data = gtzanSplit();
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
    });
  }
});

/** Three Gaussian classes in 3-D with a shared covariance, seeded (a small LCG and Box-Muller). */
function blobs(nPer: number): { X: number[][]; y: Label[] } {
  let s = 12345;
  const u = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const g = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
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

  it('round-trips through JSON with the same probabilities', () => {
    const { X, y } = blobs(40);
    const m = new LinearDiscriminantAnalysis({ shrinkage: 'auto', priors: { a: 1, b: 2, c: 1 } }).fit(X, y);
    const back = fromJSON(JSON.parse(JSON.stringify(m.toJSON()))) as LinearDiscriminantAnalysis;
    expect(back.predictProba(X)).toEqual(m.predictProba(X));
    expect(back.priors).toEqual([0.25, 0.5, 0.25]);
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
    expect(() => new LinearDiscriminantAnalysis({ shrinkage: 0.5, priors: { p: 1 } }).fit(X, y)).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});
