/**
 * Classifier benchmark: 10-fold cross-validation on the GTZAN feature table with the fixed folds,
 * for the fast models (the full comparison, RF 500 and GB 200 included, is scripts/compare-classifiers.ts).
 * Reference times are scikit-learn 1.2.1's 10-fold times on one core of the same class of machine.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS, SHARED, loadGtzanBenchmark, runModel } from '../scripts/compare-classifiers.js';

/** One benchmark row. */
export interface BenchRow {
  stage: string;
  medianMs: number;
  referenceMs?: number;
}

/** Runs the benchmark; `keys` picks models (default SVC, both LogisticRegressions, KNeighbors). */
export async function run(keys: string[] = ['svc', 'logreg1', 'logreg001', 'knn'], repeats = 3): Promise<BenchRow[]> {
  if (!existsSync(join(SHARED, 'baselines', 'gtzan_cv_baselines.json'))) {
    console.warn('classifiers bench: ../shared not found, skipped');
    return [];
  }
  const { X, y, foldOf, results } = loadGtzanBenchmark();
  const rows: BenchRow[] = [];
  for (const spec of MODELS.filter((m) => keys.includes(m.key))) {
    const times: number[] = [];
    // process CPU time rather than wall time: the benchmark machines are shared
    for (let r = 0; r < repeats; r++) times.push((await runModel(spec, X, y, foldOf)).cpuS * 1000);
    times.sort((a, b) => a - b);
    const ref = spec.baseline ? results[spec.baseline]?.cv_wall_s_10_folds_1_core : undefined;
    rows.push({
      stage: `classifiers: 10-fold ${spec.label} (CPU time)`,
      medianMs: times[Math.floor(times.length / 2)],
      ...(ref !== undefined ? { referenceMs: ref * 1000 } : {}),
    });
  }
  return rows;
}

if (process.argv[1] && /bench[\\/]classifiers\.ts$/.test(process.argv[1])) {
  run().then((rows) => console.table(rows));
}
