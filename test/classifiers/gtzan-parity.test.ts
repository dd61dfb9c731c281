/**
 * Parity with scikit-learn 1.2.1 on the GTZAN feature table: the same 10 fixed folds, StandardScaler
 * fitted on the training folds, the same hyper-parameters; pooled out-of-fold accuracy must reach
 * scikit-learn's within 1.5 points (../shared/baselines/gtzan_cv_baselines.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  GradientBoosting,
  KNeighbors,
  LogisticRegression,
  Pipeline,
  RandomForest,
  StandardScaler,
  SVC,
  crossValidate,
  parseGtzanTable,
  type Classifier,
} from '../../src/classifiers/index.js';
import { BASELINES_DIR, DATA_DIR, describeShared } from '../helpers/shared.js';
import { SLOW, SLOW_ONLY } from '../helpers/tiers.js';

describeShared('GTZAN 10-fold parity with scikit-learn', () => {
  let data: { X: number[][]; y: string[]; foldOf: number[]; results: Record<string, { accuracy: number; f1_macro: number }> } | null = null;
  const load = () => {
    if (!data) {
      const t = parseGtzanTable(readFileSync(join(DATA_DIR, 'gtzan', 'features_30_sec.csv'), 'utf8'));
      const base = JSON.parse(readFileSync(join(BASELINES_DIR, 'gtzan_cv_baselines.json'), 'utf8'));
      data = { X: t.X, y: t.y, foldOf: t.filenames.map((f) => base.folds[f]), results: base.results };
    }
    return data;
  };

  const cases: [string, string, () => Classifier][] = [
    ['svc_rbf_C3', 'SVC(rbf, C=3, gamma=scale)', () => new SVC({ kernel: 'rbf', C: 3, gamma: 'scale' })],
    ['logreg_C1', 'LogisticRegression(C=1)', () => new LogisticRegression({ C: 1 })],
    ['logreg_C0.01', 'LogisticRegression(C=0.01)', () => new LogisticRegression({ C: 0.01 })],
    ['knn_5', 'KNeighbors(5)', () => new KNeighbors({ nNeighbors: 5 })],
    [
      'random_forest_500_balanced',
      'RandomForest(500, balanced, sqrt)',
      () => new RandomForest({ nEstimators: 500, classWeight: 'balanced', maxFeatures: 'sqrt', seed: 0 }),
    ],
    [
      'gradient_boosting',
      'GradientBoosting(lr .05, depth 5, 200 stages, subsample .5)',
      () => new GradientBoosting({ learningRate: 0.05, maxDepth: 5, nEstimators: 200, subsample: 0.5, seed: 0 }),
    ],
  ];

  // the two ensembles take 2 of the file's 2.2 minutes: they run in npm run test:slow
  const slowCases = new Set(['random_forest_500_balanced', 'gradient_boosting']);
  const title = '%s: %s reaches scikit-learn accuracy within 1.5 points';
  it.each(cases.filter(([key]) => !slowCases.has(key)))(title, (key, _label, make) => expectParity(key, make), 900_000);
  (SLOW ? it : it.skip).each(cases.filter(([key]) => slowCases.has(key)))(`${title}${SLOW_ONLY}`, (key, _label, make) => expectParity(key, make), 900_000);

  async function expectParity(key: string, make: () => Classifier): Promise<void> {
    const { X, y, foldOf, results } = load();
    expect(foldOf.every((f) => Number.isInteger(f) && f >= 0 && f < 10)).toBe(true);
    const r = await crossValidate(() => new Pipeline([new StandardScaler(), make()]), X, y, { cv: foldOf });
    const sk = results[key];
    console.log(`${key}: accuracy ${r.accuracy.toFixed(3)} (sklearn ${sk.accuracy}), macro F1 ${r.f1Macro.toFixed(4)} (sklearn ${sk.f1_macro})`);
    expect(r.accuracy).toBeGreaterThanOrEqual(sk.accuracy - 0.015);
  }
});
