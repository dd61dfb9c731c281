/**
 * The TypeScript C-SVC solver (src/classifiers/smo.ts): the dual's optimality conditions on small
 * problems, a hand-solved case, kernel storage and shrinking not changing the answer; on the GTZAN
 * table, the same out-of-fold predictions as libsvm itself (libsvm-js, WebAssembly) and a retrain
 * of the bundled genre model (saved from libsvm) that reproduces it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Pipeline, SVC, StandardScaler, createRng, fromJSON, parseGtzanTable, type Label } from '../../src/classifiers/index.js';
import { kernelRows, kernelValue, solveBinary, trainOvo, type KernelSpec } from '../../src/classifiers/smo.js';
import { BASELINES_DIR, DATA_DIR, describeShared } from '../helpers/shared.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Two overlapping Gaussian classes in 4-D, row-major, labels +1 / -1 (positives first). */
function problem(nPer: number, seed: number): { data: Float64Array; y: Int8Array; n: number; d: number } {
  const rng = createRng(seed);
  const d = 4,
    n = 2 * nPer;
  const data = new Float64Array(n * d);
  const y = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i < nPer ? 1 : -1;
    for (let j = 0; j < d; j++) data[i * d + j] = rng.normal() + (y[i] > 0 ? 0.8 : -0.8) * (j < 2 ? 1 : 0);
  }
  return { data, y, n, d };
}

/** Max violation of the dual optimality (KKT) conditions, as libsvm measures it (m(a) - M(a)). */
function kktGap(data: Float64Array, y: Int8Array, n: number, d: number, spec: KernelSpec, coef: Float64Array, Cp: number, Cn: number): number {
  const alpha = Array.from(coef, (c, i) => c * y[i]);
  // gradient of 0.5 a'Qa - e'a
  const G = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < n; t++) s += y[i] * coef[t] * kernelValue(spec, data, i * d, data, t * d, d);
    G[i] = s - 1;
  }
  let up = -Infinity,
    low = -Infinity;
  for (let i = 0; i < n; i++) {
    const C = y[i] > 0 ? Cp : Cn;
    const yG = -y[i] * G[i];
    const inUp = (y[i] > 0 && alpha[i] < C) || (y[i] < 0 && alpha[i] > 0);
    const inLow = (y[i] > 0 && alpha[i] > 0) || (y[i] < 0 && alpha[i] < C);
    if (inUp) up = Math.max(up, yG);
    if (inLow) low = Math.max(low, -yG);
  }
  return up + low;
}

describe('solveBinary (libsvm C-SVC solver in TypeScript)', () => {
  it('solves a two-point problem by hand: alpha = 0.5 each, rho = 0', () => {
    const data = Float64Array.from([1, -1]);
    const spec: KernelSpec = { kernel: 'linear', gamma: 1, degree: 3, coef0: 0 };
    const kern = kernelRows(data, 2, 1, spec, 1e6);
    const s = solveBinary(kern, Int32Array.from([0, 1]), Int8Array.from([1, -1]), 10, 10);
    expect(s.coef[0]).toBeCloseTo(0.5, 6);
    expect(s.coef[1]).toBeCloseTo(-0.5, 6);
    expect(s.rho).toBeCloseTo(0, 6);
  });

  it.each([
    ['rbf', { kernel: 'rbf', gamma: 0.3, degree: 3, coef0: 0 }],
    ['linear', { kernel: 'linear', gamma: 1, degree: 3, coef0: 0 }],
    ['poly', { kernel: 'poly', gamma: 0.5, degree: 2, coef0: 1 }],
  ] as [string, KernelSpec][])('meets the optimality conditions within tol (%s kernel), box and equality constraints hold', (_name, spec) => {
    const { data, y, n, d } = problem(40, 7);
    const kern = kernelRows(data, n, d, spec, 1e8);
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    const Cp = 2,
      Cn = 0.5;
    const s = solveBinary(kern, idx, y, Cp, Cn, { tol: 1e-3 });
    let eq = 0;
    for (let i = 0; i < n; i++) {
      const a = s.coef[i] * y[i];
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThanOrEqual((y[i] > 0 ? Cp : Cn) + 1e-12);
      eq += s.coef[i];
    }
    expect(Math.abs(eq)).toBeLessThan(1e-9);
    // the kernel values the solver used are single precision: allow a little over tol
    expect(kktGap(data, y, n, d, spec, s.coef, Cp, Cn)).toBeLessThan(2e-3);
  });

  it('gives the same solution with and without shrinking, and with a small row cache', () => {
    const spec: KernelSpec = { kernel: 'rbf', gamma: 0.25, degree: 3, coef0: 0 };
    const { data, y, n, d } = problem(60, 3);
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    const dense = solveBinary(kernelRows(data, n, d, spec, 1e8), idx, y, 1, 1, { tol: 1e-6 });
    const noShrink = solveBinary(kernelRows(data, n, d, spec, 1e8), idx, y, 1, 1, { tol: 1e-6, shrinking: false });
    const cached = solveBinary(kernelRows(data, n, d, spec, 4 * n * 5), idx, y, 1, 1, { tol: 1e-6 });
    for (const other of [noShrink, cached]) {
      expect(other.rho).toBeCloseTo(dense.rho, 4);
      for (let i = 0; i < n; i++) expect(other.coef[i]).toBeCloseTo(dense.coef[i], 4);
    }
  });

  it('maxIter bounds the iterations of a slowly converging problem and leaves a converging one as it is', () => {
    const spec: KernelSpec = { kernel: 'rbf', gamma: 0.25, degree: 3, coef0: 0 };
    const { data, n, d } = problem(100, 9);
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    // random labels and a huge C: a hard-margin fit the solver approaches in many small steps
    const rng = createRng(4);
    const noisy = Int8Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : -1));
    const free = solveBinary(kernelRows(data, n, d, spec, 1e8), idx, noisy, 1e300, 1e300);
    expect(free.iterations).toBeGreaterThan(500);
    const capped = solveBinary(kernelRows(data, n, d, spec, 1e8), idx, noisy, 1e300, 1e300, { maxIter: 500 });
    expect(capped.iterations).toBe(500);
    expect(capped.coef.every(Number.isFinite) && Number.isFinite(capped.rho)).toBe(true);
    const { y } = problem(100, 9);
    const plain = solveBinary(kernelRows(data, n, d, spec, 1e8), idx, y, 1, 1);
    const loose = solveBinary(kernelRows(data, n, d, spec, 1e8), idx, y, 1, 1, { maxIter: plain.iterations + 1 });
    expect(loose.iterations).toBe(plain.iterations);
    expect(Array.from(loose.coef)).toEqual(Array.from(plain.coef));
  });

  it('SVC takes maxIter (-1 or a positive integer, smo solver only) and keeps it in its JSON', async () => {
    const { data, n, d } = problem(20, 2);
    const X = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, (i + 1) * d)));
    const y = Array.from({ length: n }, (_, i) => (i < 20 ? 'p' : 'q'));
    const m = await new SVC({ C: 1e308, maxIter: 200 }).fit(X, y);
    expect(m.getParams().maxIter).toBe(200);
    expect((fromJSON(JSON.parse(JSON.stringify(m.toJSON()))) as SVC).getParams().maxIter).toBe(200);
    expect(new SVC().getParams().maxIter).toBe(-1);
    for (const bad of [0, -2, 1.5, Number.NaN]) expect(() => new SVC({ maxIter: bad })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => new SVC({ maxIter: 10, solver: 'libsvm-wasm' })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
  });

  it('trainOvo lays out libsvm sv_coef: class i against j in column j-1 for i, column i for j', () => {
    const { data, n, d } = problem(15, 11);
    const yi = Int32Array.from({ length: n }, (_, i) => i % 3);
    const spec: KernelSpec = { kernel: 'rbf', gamma: 0.5, degree: 3, coef0: 0 };
    const m = trainOvo(kernelRows(data, n, d, spec, 1e8, yi, 3), yi, 3, Float64Array.from([1, 1, 1]));
    const tot = m.svIndex.length;
    expect(m.nSV.reduce((a, b) => a + b, 0)).toBe(tot);
    // support vectors grouped by class, ascending within a class
    let k = 0;
    for (let c = 0; c < 3; c++) {
      for (let t = 0; t < m.nSV[c]; t++, k++) {
        expect(yi[m.svIndex[k]]).toBe(c);
        if (t > 0) expect(m.svIndex[k]).toBeGreaterThan(m.svIndex[k - 1]);
      }
    }
    // each pair's coefficients sum to zero (y' alpha = 0)
    const start = [0, m.nSV[0], m.nSV[0] + m.nSV[1]];
    for (let i = 0; i < 3; i++) {
      for (let j = i + 1; j < 3; j++) {
        let s = 0;
        for (let t = 0; t < m.nSV[i]; t++) s += m.coef[(j - 1) * tot + start[i] + t];
        for (let t = 0; t < m.nSV[j]; t++) s += m.coef[i * tot + start[j] + t];
        expect(Math.abs(s)).toBeLessThan(1e-9);
      }
    }
  });

  it('SVC honours classWeight and the solver option', async () => {
    const { data, n, d } = problem(30, 5);
    const X = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, (i + 1) * d)));
    const y = Array.from({ length: n }, (_, i) => (i < 30 ? 'p' : 'q'));
    for (const classWeight of [null, { p: 3 }, 'balanced'] as const) {
      const a = await new SVC({ C: 1, classWeight }).fit(X, y);
      const b = await new SVC({ C: 1, classWeight, solver: 'libsvm-wasm' }).fit(X, y);
      expect(a.nSupport).toEqual(b.nSupport);
      const da = a.decisionFunction(X),
        db = b.decisionFunction(X);
      da.forEach((r, i) => expect(r[0]).toBeCloseTo(db[i][0], 3));
    }
    expect(() => new SVC({ solver: 'other' as 'smo' })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});

describeShared('SVC solvers on the GTZAN table', () => {
  const load = () => {
    const t = parseGtzanTable(readFileSync(join(DATA_DIR, 'gtzan', 'features_30_sec.csv'), 'utf8'));
    const base = JSON.parse(readFileSync(join(BASELINES_DIR, 'gtzan_cv_baselines.json'), 'utf8'));
    return { X: t.X, y: t.y, foldOf: t.filenames.map((f) => base.folds[f] as number) };
  };

  it('smo and libsvm-wasm agree on >= 99.5% of the pooled out-of-fold predictions (10 fixed folds)', async () => {
    const { X, y, foldOf } = load();
    const pred: Record<string, Label[]> = { smo: [], 'libsvm-wasm': [] };
    for (const solver of ['smo', 'libsvm-wasm'] as const) {
      for (let f = 0; f < 10; f++) {
        const tr: number[] = [],
          te: number[] = [];
        foldOf.forEach((k, i) => (k === f ? te : tr).push(i));
        const m = await new Pipeline([new StandardScaler(), new SVC({ kernel: 'rbf', C: 3, gamma: 'scale', solver })]).fit(
          tr.map((i) => X[i]),
          tr.map((i) => y[i]),
        );
        const p = m.predict(te.map((i) => X[i]));
        te.forEach((i, k) => (pred[solver][i] = p[k]));
      }
    }
    const agree = pred.smo.filter((v, i) => v === pred['libsvm-wasm'][i]).length / y.length;
    const acc = (p: Label[]) => p.filter((v, i) => v === y[i]).length / y.length;
    console.log(`smo vs libsvm-wasm: ${(agree * 100).toFixed(1)}% identical; accuracy ${acc(pred.smo).toFixed(3)} vs ${acc(pred['libsvm-wasm']).toFixed(3)}`);
    expect(agree).toBeGreaterThanOrEqual(0.995);
    expect(Math.abs(acc(pred.smo) - acc(pred['libsvm-wasm']))).toBeLessThanOrEqual(0.005);
  }, 300_000);

  it('the bundled genre model (saved from libsvm) loads, round-trips, and is reproduced by the smo solver', async () => {
    const { X, y } = load();
    const saved = JSON.parse(readFileSync(join(here, '..', '..', 'src', 'genre', 'weights', 'gtzan57.json'), 'utf8'));
    const bundled = fromJSON(saved) as Pipeline;
    const again = bundled.toJSON().state as { steps: { params: object; state: unknown }[] };
    again.steps.forEach((step, k) => {
      expect(step.state).toEqual(saved.state.steps[k].state);
      // saved before the solver and maxIter options existed: it reads back with their defaults
      expect(step.params).toEqual(k === 1 ? { ...saved.state.steps[k].params, solver: 'smo', maxIter: -1 } : saved.state.steps[k].params);
    });
    const svcSaved = saved.state.steps[1];
    const p = svcSaved.params;
    const retrained = await new Pipeline([
      new StandardScaler(),
      new SVC({ kernel: p.kernel, C: p.C, gamma: p.gamma, probability: p.probability, seed: p.seed }),
    ]).fit(X, y);
    const st = (retrained.toJSON().state as { steps: { state: { nSV: number[]; rho: number[]; probA: number[] } }[] }).steps[1].state;
    expect(st.nSV).toEqual(svcSaved.state.nSV);
    st.rho.forEach((v, i) => expect(v).toBeCloseTo(svcSaved.state.rho[i], 3));
    const a = bundled.predictProba(X),
      b = retrained.predictProba(X);
    let same = 0,
      maxDiff = 0;
    a.forEach((r, i) => {
      if (bundled.classes[r.indexOf(Math.max(...r))] === retrained.classes[b[i].indexOf(Math.max(...b[i]))]) same++;
      r.forEach((v, k) => (maxDiff = Math.max(maxDiff, Math.abs(v - b[i][k]))));
    });
    expect(same / y.length).toBeGreaterThanOrEqual(0.995);
    expect(maxDiff).toBeLessThan(1e-3);
    const pb = bundled.predict(X),
      pr = retrained.predict(X);
    expect(pb.filter((v, i) => v === pr[i]).length / y.length).toBeGreaterThanOrEqual(0.995);
    // predicting row by row gives the batch's answers
    for (let i = 0; i < 50; i++) expect(bundled.predict([X[i]])[0]).toBe(pb[i]);
  }, 300_000);
});
