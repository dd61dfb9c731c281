import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import type { ClassifierLib } from '../../src/cli/lib.js';
import { formatParams, formatTrainTable, MODEL_NAMES, MODEL_ZOO, modelFactory, runTrain, trainingDataFromCsv } from '../../src/cli/train.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from '../../src/classifiers/types.js';
import { formatCsv } from '../../src/genre/csv.js';
import { DATA_DIR, HAVE_SHARED, describeShared, sharedJson } from '../helpers/shared.js';
import { capture, tempDir, writeText } from './helpers.js';

const rowsOf = (X: FeatureTable): number[][] => (Array.isArray(X) ? X : Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols))));

/** A tiny classifier for the command's plumbing: nearest class mean. */
class NearestCentroid implements Classifier {
  static fits = 0;
  classes: Label[] = [];
  private means: number[][] = [];
  constructor(readonly params: Record<string, unknown> = {}) {}
  fit(X: FeatureTable, y: Label[]): this {
    NearestCentroid.fits++;
    const R = rowsOf(X);
    this.classes = [...new Set(y)].sort();
    this.means = this.classes.map((c) => {
      const rows = R.filter((_, i) => y[i] === c);
      return rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
    });
    return this;
  }
  predictProba(X: FeatureTable): number[][] {
    return rowsOf(X).map((r) => {
      const w = this.means.map((m) => Math.exp(-m.reduce((s, v, j) => s + (v - r[j]) ** 2, 0)));
      const z = w.reduce((a, b) => a + b, 0) || 1;
      return w.map((v) => v / z);
    });
  }
  predict(X: FeatureTable): Label[] {
    return rowsOf(X).map((r) => {
      let best = 0;
      let bestD = Infinity;
      this.means.forEach((m, k) => {
        const d = m.reduce((s, v, j) => s + (v - r[j]) ** 2, 0);
        if (d < bestD) [best, bestD] = [k, d];
      });
      return this.classes[best];
    });
  }
  toJSON(): ModelJSON {
    return { format: 'mirkit-model', version: 1, type: 'NearestCentroid', params: this.params, state: { classes: this.classes, means: this.means } };
  }
}

class Identity {
  fit() {
    return this;
  }
  transform(X: FeatureTable) {
    return rowsOf(X);
  }
  toJSON(): ModelJSON {
    return { format: 'mirkit-model', version: 1, type: 'Identity', params: {} };
  }
}

class Chain implements Classifier {
  constructor(readonly steps: unknown[]) {}
  get last() {
    return this.steps[this.steps.length - 1] as Classifier;
  }
  get classes() {
    return this.last.classes;
  }
  async fit(X: FeatureTable, y: Label[]) {
    await this.last.fit(X, y);
    return this;
  }
  predict(X: FeatureTable) {
    return this.last.predict(X);
  }
  predictProba(X: FeatureTable) {
    return this.last.predictProba(X);
  }
  toJSON(): ModelJSON {
    return { format: 'mirkit-model', version: 1, type: 'Chain', params: {}, state: { steps: this.steps.map((s) => (s as Classifier).toJSON()) } };
  }
}

/** Pooled out-of-fold accuracy over folds i % k (enough to test the command's wiring). */
const simpleCrossValidate: NonNullable<ClassifierLib['crossValidate']> = async (factory, X, y, o) => {
  const foldOf = o.cv ?? y.map((_, i) => i % (o.folds ?? 5));
  const pred: Label[] = new Array(y.length);
  for (const f of new Set(foldOf)) {
    const tr = y.map((_, i) => i).filter((i) => foldOf[i] !== f);
    const te = y.map((_, i) => i).filter((i) => foldOf[i] === f);
    const m = factory();
    await m.fit(tr.map((i) => X[i]), tr.map((i) => y[i]));
    m.predict(te.map((i) => X[i])).forEach((p, k) => (pred[te[k]] = p));
  }
  const accuracy = pred.filter((p, i) => p === y[i]).length / y.length;
  return { accuracy, f1Macro: accuracy, foldOf };
};

const fakeLib: ClassifierLib = {
  SVC: NearestCentroid,
  LogisticRegression: NearestCentroid,
  StandardScaler: Identity,
  Pipeline: Chain,
  crossValidate: simpleCrossValidate,
};

/** Two well separated classes in 3 features, plus an error row and an unlabelled row. */
function syntheticCsv(): string {
  const rows: (string | number)[][] = [];
  for (let i = 0; i < 20; i++) {
    const c = i % 2;
    rows.push([`f${i}.wav`, c ? 'rock' : 'jazz', c * 10 + (i % 3), c * -5 + (i % 4) * 0.1, 1 + c, '']);
  }
  rows.push(['bad.wav', 'rock', '', '', '', 'decode failed']);
  rows.push(['unlabelled.wav', '', 1, 2, 3, '']);
  return formatCsv(rows, ['filename', 'label', 'a', 'b', 'c', 'error']);
}

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('trainingDataFromCsv', () => {
  it('reads features, drops error and unlabelled rows, ignores filename/length/error columns', () => {
    const d = trainingDataFromCsv(syntheticCsv());
    expect(d.names).toEqual(['a', 'b', 'c']);
    expect(d.X.length).toBe(20);
    expect(d.y.slice(0, 2)).toEqual(['jazz', 'rock']);
    expect(d.filenames[1]).toBe('f1.wav');
    expect(d.dropped).toBe(2);
    expect(trainingDataFromCsv('filename,length,x,label\na.wav,10,0.5,pop\n')).toMatchObject({ names: ['x'], X: [[0.5]], y: ['pop'] });
  });

  it('rejects CSVs without labels, with non-numeric features, or with no usable row', () => {
    expect(() => trainingDataFromCsv('filename,x\na,1\n')).toThrow(/no label column/);
    expect(() => trainingDataFromCsv('filename,label,x,error\na,pop,abc,\n')).toThrow(/record 2: x is "abc"/);
    expect(() => trainingDataFromCsv('filename,label,x,error\na,pop,,failed\n')).toThrow(/no labelled rows/);
  });
});

describe('model zoo', () => {
  it('names the classifier classes of API.md with the baseline study settings', () => {
    expect(MODEL_NAMES).toEqual(['svc', 'logreg', 'forest', 'boosting', 'mlp', 'knn']);
    expect(Object.values(MODEL_ZOO).map((e) => e.className)).toEqual(['SVC', 'LogisticRegression', 'RandomForest', 'GradientBoosting', 'MLPClassifier', 'KNeighbors']);
    expect(MODEL_ZOO.forest.params(7)).toEqual({ nEstimators: 500, classWeight: 'balanced', maxFeatures: 'sqrt', seed: 7 });
    expect(formatParams(MODEL_ZOO.svc.params(0))).toBe('kernel=rbf C=3 gamma=scale probability=true');
    expect(formatParams(MODEL_ZOO.mlp.params(0))).toBe('hiddenLayerSizes=[30]');
  });

  it('builds Pipeline([StandardScaler, model]) and reports missing classes', async () => {
    const make = await modelFactory('svc', 3, fakeLib);
    const m = make() as Chain;
    expect(m).toBeInstanceOf(Chain);
    expect(m.steps[0]).toBeInstanceOf(Identity);
    expect((m.steps[1] as NearestCentroid).params).toEqual({ kernel: 'rbf', C: 3, gamma: 'scale', probability: true });
    await expect(modelFactory('forest', 0, fakeLib)).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('RandomForest') });
    await expect(modelFactory('tree', 0, fakeLib)).rejects.toMatchObject({ code: 'BAD_OPTION' });
  });
});

describe('runTrain with injected classifiers', () => {
  it('cross-validates, fits on all rows, saves the model JSON, prints the table', async () => {
    const features = join(dir, 'features.csv');
    writeText(features, syntheticCsv());
    const out = join(dir, 'model.json');
    NearestCentroid.fits = 0;
    const r = await runTrain({ features, model: 'svc', folds: 4, out, lib: fakeLib });
    expect(NearestCentroid.fits).toBe(5); // 4 folds + the final fit
    expect(r).toMatchObject({ model: 'svc', estimator: 'SVC', accuracy: 1, f1Macro: 1, folds: 4, rows: 20, features: 3, dropped: 2, classes: ['jazz', 'rock'], out });
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved).toEqual(JSON.parse(JSON.stringify(r.fitted.toJSON())));
    const table = formatTrainTable([r]);
    expect(table.split('\n')[0]).toBe('| model | accuracy | macro F1 | parameters | training time |');
    expect(table).toMatch(/\| svc \(SVC\) \| 1\.000 \| 1\.000 \| kernel=rbf C=3 gamma=scale probability=true \| [\d.]+ s \(4-fold CV\), [\d.]+ s \(fit\) \|/);
  });

  it('skips cross-validation with folds 0', async () => {
    const r = await runTrain({ data: trainingDataFromCsv(syntheticCsv()), model: 'logreg', folds: 0, lib: fakeLib });
    expect(r.accuracy).toBeUndefined();
    expect(r.cvSeconds).toBeUndefined();
    expect(formatTrainTable([r])).toContain('| logreg (LogisticRegression) | - | - | C=1 | ');
  });

  it('runs from the command line (table, or --json), exit 1 for a missing CSV', async () => {
    const features = join(dir, 'features.csv');
    writeText(features, syntheticCsv());
    const stdout = capture();
    const stderr = capture();
    const argv = ['train', '--features', features, '--model', 'svc', '--folds', '5', '--out', join(dir, 'm.json')];
    expect(await runCli(argv, { stdout, stderr, lib: fakeLib })).toBe(0);
    expect(stdout.text).toContain('| svc (SVC) | 1.000 | 1.000 |');
    expect(stdout.text).toContain(`20 rows, 3 features, 2 classes, 2 rows dropped (error or no label); model saved to ${join(dir, 'm.json')}`);
    expect(stderr.text).toBe('');
    const json = capture();
    expect(await runCli([...argv, '--json'], { stdout: json, stderr, lib: fakeLib })).toBe(0);
    expect(JSON.parse(json.text)).toMatchObject({ model: 'svc', accuracy: 1, folds: 5, rows: 20 });
    const err = capture();
    expect(await runCli(['train', '--features', join(dir, 'nope.csv'), '--model', 'svc', '--out', 'm.json'], { stdout, stderr: err, lib: fakeLib })).toBe(1);
    expect(err.text).toBe(`mirkit: no such file: ${join(dir, 'nope.csv')}\n`);
  });
});

// The package's own classifiers, on the real GTZAN table with the baseline study's folds.
const lib = (await import('../../src/index.js').catch(() => ({}))) as Record<string, unknown>;
const haveClassifiers = ['KNeighbors', 'StandardScaler', 'Pipeline', 'crossValidate', 'fromJSON'].every((n) => typeof lib[n] === 'function');

describeShared('runTrain with the real classifiers on the GTZAN table', () => {
  (HAVE_SHARED && haveClassifiers ? it : it.todo)('matches scikit-learn\'s 10-fold KNN baseline and saves a model fromJSON restores', async () => {
    const data = trainingDataFromCsv(readFileSync(join(DATA_DIR, 'gtzan', 'features_30_sec.csv'), 'utf8'));
    const base = sharedJson('baselines/gtzan_cv_baselines.json');
    const cv = data.filenames.map((f) => base.folds[f] as number);
    expect(cv.every((f) => Number.isInteger(f))).toBe(true);
    const out = join(dir, 'knn.json');
    const r = await runTrain({ data, model: 'knn', cv, out });
    expect(r.rows).toBe(1000);
    expect(r.features).toBe(57);
    expect(Math.abs(r.accuracy! - base.results.knn_5.accuracy)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(r.f1Macro! - base.results.knn_5.f1_macro)).toBeLessThanOrEqual(0.005);
    const restored = (lib.fromJSON as (j: unknown) => Classifier)(JSON.parse(readFileSync(out, 'utf8')));
    const some = data.X.slice(0, 50);
    expect(restored.predict(some)).toEqual(r.fitted.predict(some));
  });
});
