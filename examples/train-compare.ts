/**
 * Trains and compares a few fast classifiers on the GTZAN feature table (1000 clips x 57 features,
 * 10 genres) with stratified 5-fold cross-validation, each as StandardScaler + model.
 *
 *   npx tsx examples/train-compare.ts [features_30_sec.csv] [--folds K]
 *
 * Default table: ../shared/data/gtzan/features_30_sec.csv beside the checkout.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crossValidate, KNeighbors, loadGtzanTable, LogisticRegression, Pipeline, RandomForest, StandardScaler, SVC, type Classifier } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The models compared: name and a factory for a fresh, unfitted pipeline. */
export const MODELS: [string, () => Classifier][] = [
  ['LogisticRegression(C=1)', () => new Pipeline([new StandardScaler(), new LogisticRegression({ C: 1 })])],
  ['KNeighbors(k=5)', () => new Pipeline([new StandardScaler(), new KNeighbors({ nNeighbors: 5 })])],
  ['SVC(rbf, C=3)', () => new Pipeline([new StandardScaler(), new SVC({ kernel: 'rbf', C: 3, gamma: 'scale' })])],
  ['RandomForest(100 trees)', () => new Pipeline([new StandardScaler(), new RandomForest({ nEstimators: 100, seed: 0 })])],
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const foldsAt = args.indexOf('--folds');
  const folds = foldsAt >= 0 ? Number(args.splice(foldsAt, 2)[1]) : 5;
  const path = args[0] ?? resolve(here, '..', '..', 'shared', 'data', 'gtzan', 'features_30_sec.csv');
  const { X, y, featureNames } = await loadGtzanTable(path);
  console.log(`${path}: ${X.length} rows x ${featureNames.length} features, ${new Set(y).size} classes; ${folds}-fold stratified CV (seed 0)\n`);
  console.log(`${'model'.padEnd(26)} ${'accuracy'.padStart(8)} ${'macro F1'.padStart(8)} ${'fit/fold'.padStart(10)}`);
  for (const [name, factory] of MODELS) {
    const r = await crossValidate(factory, X, y, { folds, seed: 0 });
    const fit = r.fitMs.reduce((a, b) => a + b, 0) / r.fitMs.length;
    console.log(`${name.padEnd(26)} ${r.accuracy.toFixed(3).padStart(8)} ${r.f1Macro.toFixed(3).padStart(8)} ${`${fit.toFixed(0)} ms`.padStart(10)}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
