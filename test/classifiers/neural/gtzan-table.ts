/** Test helper: the GTZAN 57-feature table (parsed by the library's `parseGtzanTable`) and the shared 10-fold assignment, read in place from ../shared. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGtzanTable } from '../../../src/classifiers/datasets.js';
import { DATA_DIR, sharedJson } from '../../helpers/shared.js';

/** Rows of features_30_sec.csv: 57 features (all columns but filename, length, label), label, fold, and scikit-learn's MLP(30) accuracy. */
export function loadGtzanTable(): { X: number[][]; y: string[]; folds: number[]; names: string[]; mlpBaseline: number } {
  const t = parseGtzanTable(readFileSync(join(DATA_DIR, 'gtzan', 'features_30_sec.csv'), 'utf8'));
  const base = sharedJson('baselines/gtzan_cv_baselines.json');
  const folds = t.filenames.map((f) => {
    const k = base.folds[f];
    if (k === undefined) throw new Error(`no fold for ${f}`);
    return k as number;
  });
  return { X: t.X, y: t.y as string[], folds, names: t.featureNames, mlpBaseline: base.results.mlp_30.accuracy };
}
