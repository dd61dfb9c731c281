import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  FrameLevelClassifier,
  LinearDiscriminantAnalysis,
  QuadraticDiscriminantAnalysis,
  createRng,
  fromJSON,
  type Label,
} from '../../src/classifiers/index.js';
import { describeShared } from '../helpers/shared.js';
import { gtzanStandardisedSplit } from '../helpers/gtzan-split.js';
import type { Matrix } from '../../src/matrix.js';

const here = dirname(fileURLToPath(import.meta.url));

interface ReferenceCase {
  name: string;
  options: { regParam: number; priors?: Record<string, number> };
  binary: boolean;
  classes: string[];
  means: number[][];
  priors: number[];
  /** The first class's covariance (one case). */
  covariance0?: number[][];
  decision: number[][] | number[];
  proba: number[][];
  predict: string[];
}

describeShared('QuadraticDiscriminantAnalysis against scikit-learn 1.2 on the GTZAN table', () => {
  const ref = JSON.parse(readFileSync(join(here, 'references', 'qda-sklearn.json'), 'utf8')) as { cases: ReferenceCase[] };
  const data = gtzanStandardisedSplit();
  for (const c of ref.cases) {
    it(`${c.name}: the same means, priors, scores, probabilities and predictions`, () => {
      const keep = (y: string): boolean => !c.binary || y === 'rock' || y === 'metal';
      const Xtr = data.Xtr.filter((_, i) => keep(data.ytr[i]));
      const ytr = data.ytr.filter(keep);
      const Xte = data.Xte.filter((_, i) => keep(data.yte[i]));
      const m = new QuadraticDiscriminantAnalysis(c.options).fit(Xtr, ytr);
      expect(m.classes).toEqual(c.classes);
      m.means.forEach((row, k) => row.forEach((v, j) => expect(v).toBeCloseTo(c.means[k][j], 12)));
      m.priors.forEach((v, k) => expect(v).toBeCloseTo(c.priors[k], 14));
      if (c.covariance0) m.covariance[0].forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(c.covariance0![i][j], 10)));
      // scores within 1e-8 of their magnitude (they reach -1e4 for rows far from a class)
      const scores = m.decisionFunction(Xte.slice(0, c.decision.length));
      scores.forEach((row, i) => {
        const want = c.binary ? [c.decision[i] as number] : (c.decision[i] as number[]);
        row.forEach((v, k) => expect(Math.abs(v - want[k])).toBeLessThan(1e-8 * Math.max(1, Math.abs(want[k]))));
      });
      const proba = m.predictProba(Xte.slice(0, c.proba.length));
      proba.forEach((row, i) => row.forEach((v, k) => expect(Math.abs(v - c.proba[i][k])).toBeLessThan(1e-8)));
      expect(m.predict(Xte)).toEqual(c.predict);
    });
  }
});

/** Three Gaussian classes in 2-D with different covariances, seeded: a round one, a long thin one and a tilted one. */
function blobs(nPer: number): { X: number[][]; y: Label[] } {
  const rng = createRng(777);
  const X: number[][] = [];
  const y: Label[] = [];
  for (let i = 0; i < nPer; i++) {
    const a = rng.normal(),
      b = rng.normal();
    X.push([a, b]);
    y.push('round');
    X.push([4 * a, 0.2 * b + 1]);
    y.push('thin');
    X.push([a + b + 2, a - b - 2]);
    y.push('tilted');
  }
  return { X, y };
}

describe('QuadraticDiscriminantAnalysis', () => {
  it('scores are each class Gaussian log-density plus its log prior (the definition), and its probabilities sum to 1', () => {
    const { X, y } = blobs(300);
    const m = new QuadraticDiscriminantAnalysis({ regParam: 0.05 }).fit(X, y);
    const rows = [
      [0.3, -0.2],
      [5, 1],
      [2, -2],
    ];
    const scores = m.decisionFunction(rows);
    m.classes.forEach((_, k) => {
      const [[a, b], [, c]] = m.covariance[k];
      const det = a * c - b * b;
      rows.forEach((x, i) => {
        const dx = x[0] - m.means[k][0],
          dy = x[1] - m.means[k][1];
        const maha = (c * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
        expect(scores[i][k]).toBeCloseTo(-0.5 * (maha + Math.log(det)) + Math.log(m.priors[k]), 10);
      });
    });
    // the regularised covariance of the thin class: (1 - r) S + r I, S the sample covariance (ddof 1)
    const thin = X.filter((_, i) => y[i] === 'thin');
    const mx = thin.reduce((s, r) => s + r[0], 0) / thin.length;
    const sxx = thin.reduce((s, r) => s + (r[0] - mx) ** 2, 0) / (thin.length - 1);
    expect(m.covariance[m.classes.indexOf('thin')][0][0]).toBeCloseTo(0.95 * sxx + 0.05, 10);
    for (const row of m.predictProba(X.slice(0, 30))) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    // the classes differ in covariance, not only in mean: the quadratic boundary beats the linear one
    const accuracy = (p: Label[]): number => p.filter((v, i) => v === y[i]).length / y.length;
    const qda = accuracy(m.predict(X));
    expect(qda).toBeGreaterThan(0.85);
    expect(qda).toBeGreaterThan(accuracy(new LinearDiscriminantAnalysis().fit(X, y).predict(X)) + 0.05);
  });

  it('round-trips through JSON with the same probabilities, and refuses a damaged factor', () => {
    const { X, y } = blobs(50);
    const m = new QuadraticDiscriminantAnalysis({ regParam: 0.1, priors: { round: 1, thin: 2, tilted: 1 } }).fit(X, y);
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    const back = fromJSON(json) as QuadraticDiscriminantAnalysis;
    expect(back.predictProba(X)).toEqual(m.predictProba(X));
    expect(back.decisionFunction(X.slice(0, 3))).toEqual(m.decisionFunction(X.slice(0, 3)));
    expect(back.priors).toEqual([1, 2, 1]); // as given, as scikit-learn keeps them
    for (const damage of [
      (j: { state: Record<string, unknown> }) => ((j.state.factors as number[][])[1][0] = -1),
      (j: { state: Record<string, unknown> }) => ((j.state.factors as number[][])[0] = [1, 2]),
      (j: { state: Record<string, unknown> }) => ((j.state.factors as number[][])[2][2] = 0), // a zero pivot: log det -Infinity
      (j: { state: Record<string, unknown> }) => (j.state.priors = [1, 0, 1]),
    ]) {
      const bad = JSON.parse(JSON.stringify(json));
      damage(bad);
      expect(() => fromJSON(bad)).toThrowError(expect.objectContaining({ code: 'BAD_MODEL' }));
    }
  });

  it('a singular class covariance without regParam -> BAD_DATA naming the class; regParam fits it', () => {
    // class b: 3 rows in 3-D, so its covariance has rank 2
    const X = [
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
      [1, 1, 1],
      [2, 0, 1],
      [5, 5, 5],
      [6, 5, 4],
      [5, 7, 5],
    ];
    const y = ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b'];
    expect(() => new QuadraticDiscriminantAnalysis().fit(X, y)).toThrowError(expect.objectContaining({ code: 'BAD_DATA', details: { class: 'b' } }));
    const m = new QuadraticDiscriminantAnalysis({ regParam: 0.2 }).fit(X, y);
    expect(m.predict([[5.5, 6, 5]])).toEqual(['b']);
    expect(() => new QuadraticDiscriminantAnalysis().fit([...X, [9, 9, 9]], [...y, 'c'])).toThrowError(
      expect.objectContaining({ code: 'BAD_DATA', details: { class: 'c' } }),
    );
  });

  it('refuses bad options, priors without a class and scores overflowing float64', () => {
    for (const regParam of [-0.1, 1.5, Number.NaN, '0.1']) {
      expect(() => new QuadraticDiscriminantAnalysis({ regParam: regParam as number })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
    }
    expect(() => new QuadraticDiscriminantAnalysis({ reg_param: 0.1 } as never)).toThrowError(expect.objectContaining({ code: 'UNKNOWN_OPTION' }));
    const { X, y } = blobs(30);
    expect(() => new QuadraticDiscriminantAnalysis({ priors: { round: 1 } }).fit(X, y)).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
    const m = new QuadraticDiscriminantAnalysis({ regParam: 0.1 }).fit(X, y);
    for (const f of [() => m.predictProba([[1e200, -1e200]]), () => m.decisionFunction([[1e200, -1e200]])]) {
      expect(f).toThrowError(expect.objectContaining({ code: 'BAD_DATA' }));
    }
  });

  it("as a FrameLevelClassifier's frame model with 'logMean': a clip's scores are its frames' mean log-density, so a clip goes to the class whose covariance its frames follow", async () => {
    // frames of the same mean: only their spread tells the two classes apart
    const rng = createRng(5);
    const clip = (spread: number): Matrix => {
      const data = new Float32Array(20 * 2);
      for (let i = 0; i < data.length; i++) data[i] = spread * rng.normal();
      return { rows: 20, cols: 2, data };
    };
    const X = [...Array.from({ length: 15 }, () => clip(0.5)), ...Array.from({ length: 15 }, () => clip(3))];
    const y = [...new Array(15).fill('narrow'), ...new Array(15).fill('wide')];
    const m = await new FrameLevelClassifier(new QuadraticDiscriminantAnalysis({ regParam: 0.01 }), { aggregation: 'logMean' }).fit(X, y);
    expect(m.predict([clip(0.5), clip(3), clip(0.4), clip(4)])).toEqual(['narrow', 'wide', 'narrow', 'wide']);
  });
});
