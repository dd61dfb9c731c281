/**
 * Full 10-fold comparison with scikit-learn on the GTZAN feature table, with the fixed folds of
 * ../shared/baselines/gtzan_cv_baselines.json (StandardScaler fitted on the training folds, then the
 * model). Prints per model: pooled out-of-fold accuracy, macro F1, 10-fold wall time and the
 * process CPU time it took (the fairer number on a shared, loaded machine), next to scikit-learn's
 * numbers (its 10-fold time on one idle core). A calibration loop, timed the same two ways, tells
 * how slow this machine is running right now.
 *
 *   npx tsx scripts/compare-classifiers.ts            # every model
 *   npx tsx scripts/compare-classifiers.ts svc knn    # a subset (keys below)
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  crossValidate,
  parseGtzanTable,
  type Classifier,
} from '../src/classifiers/index.js';

const here = dirname(fileURLToPath(import.meta.url));
/** ../shared beside the project root. */
export const SHARED = resolve(here, '..', '..', 'shared');

/** One model of the comparison: a key of the baselines file (or null) and a factory. */
export interface ModelSpec {
  key: string;
  baseline: string | null;
  label: string;
  make: () => Classifier;
}

/** The models compared, with scikit-learn's hyper-parameters from the baselines file. */
export const MODELS: ModelSpec[] = [
  { key: 'svc', baseline: 'svc_rbf_C3', label: 'SVC(rbf, C=3, gamma=scale)', make: () => new SVC({ kernel: 'rbf', C: 3, gamma: 'scale' }) },
  { key: 'logreg1', baseline: 'logreg_C1', label: 'LogisticRegression(C=1)', make: () => new LogisticRegression({ C: 1 }) },
  { key: 'logreg001', baseline: 'logreg_C0.01', label: 'LogisticRegression(C=0.01)', make: () => new LogisticRegression({ C: 0.01 }) },
  {
    key: 'rf',
    baseline: 'random_forest_500_balanced',
    label: 'RandomForest(500, balanced, sqrt)',
    make: () => new RandomForest({ nEstimators: 500, classWeight: 'balanced', maxFeatures: 'sqrt', seed: 0 }),
  },
  {
    key: 'gb',
    baseline: 'gradient_boosting',
    label: 'GradientBoosting(lr .05, depth 5, 200, sub .5)',
    make: () => new GradientBoosting({ learningRate: 0.05, maxDepth: 5, nEstimators: 200, subsample: 0.5, seed: 0 }),
  },
  { key: 'knn', baseline: 'knn_5', label: 'KNeighbors(5)', make: () => new KNeighbors({ nNeighbors: 5 }) },
  { key: 'tree', baseline: null, label: 'DecisionTree()', make: () => new DecisionTree({ seed: 0 }) },
  { key: 'oblivious', baseline: null, label: 'ObliviousBoosting(200, depth 6)', make: () => new ObliviousBoosting({ nEstimators: 200, depth: 6, seed: 0 }) },
];

/** The GTZAN table, its fold assignment and scikit-learn's results. */
export function loadGtzanBenchmark(): {
  X: number[][];
  y: string[];
  foldOf: number[];
  results: Record<string, { estimator: string; accuracy: number; f1_macro: number; cv_wall_s_10_folds_1_core: number }>;
} {
  const t = parseGtzanTable(readFileSync(join(SHARED, 'data', 'gtzan', 'features_30_sec.csv'), 'utf8'));
  const base = JSON.parse(readFileSync(join(SHARED, 'baselines', 'gtzan_cv_baselines.json'), 'utf8'));
  const foldOf = t.filenames.map((f) => {
    const k = base.folds[f];
    if (typeof k !== 'number') throw new Error(`no fold for ${f}`);
    return k;
  });
  return { X: t.X, y: t.y, foldOf, results: base.results };
}

/** Runs one model's 10-fold CV; returns accuracy, macro F1, total wall and CPU time (s). */
export async function runModel(
  spec: ModelSpec,
  X: number[][],
  y: string[],
  foldOf: number[],
): Promise<{ accuracy: number; f1Macro: number; wallS: number; cpuS: number; fitMs: number[] }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await crossValidate(() => new Pipeline([new StandardScaler(), spec.make()]), X, y, { cv: foldOf });
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return { accuracy: r.accuracy, f1Macro: r.f1Macro, wallS, cpuS: (cpu.user + cpu.system) / 1e6, fitMs: r.fitMs };
}

async function main(): Promise<void> {
  const want = process.argv.slice(2);
  const { X, y, foldOf, results } = loadGtzanBenchmark();
  const specs = want.length ? MODELS.filter((m) => want.includes(m.key)) : MODELS;
  const pad = (s: string, w: number) => s.padEnd(w);
  const num = (v: number | undefined, d = 3) => (v === undefined ? '-' : v.toFixed(d)).padStart(7);
  const { loadavg, cpus } = await import('node:os');
  console.log(
    `GTZAN features_30_sec, 1000 clips, 57 features, 10 fixed folds (StandardScaler + model), node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}`,
  );
  // calibration: a fixed scalar loop, so times taken on a loaded machine can be judged
  const arr = new Float64Array(1 << 20).map((_, i) => i % 7);
  const tc = performance.now();
  const cc = process.cpuUsage();
  let acc = 0;
  for (let r = 0; r < 100; r++) for (let i = 0; i < arr.length; i++) acc += arr[i];
  const calib = (performance.now() - tc) / 1000;
  const calibCpu = process.cpuUsage(cc);
  console.log(
    `calibration: 1e8 Float64Array adds took ${calib.toFixed(2)} s wall, ${((calibCpu.user + calibCpu.system) / 1e6).toFixed(2)} s CPU (about 0.1 s on an idle modern core; checksum ${acc})`,
  );
  console.log(pad('model', 48) + ['acc', 'sk acc', 'F1', 'sk F1', 'time s', 'cpu s', 'sk s'].map((h) => h.padStart(7)).join(' '));
  for (const s of specs) {
    const r = await runModel(s, X, y, foldOf);
    const b = s.baseline ? results[s.baseline] : undefined;
    console.log(
      pad(s.label, 48) +
        [num(r.accuracy), num(b?.accuracy), num(r.f1Macro), num(b?.f1_macro), num(r.wallS, 2), num(r.cpuS, 2), num(b?.cv_wall_s_10_folds_1_core, 2)].join(' '),
    );
  }
  console.log(
    `(time s: our 10-fold wall time; cpu s: the CPU time our process used for it (all threads, JIT compilation and GC included); sk s: scikit-learn 1.2.1, 10 folds on 1 core; load average now ${loadavg()[0].toFixed(1)})`,
  );
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain)
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
