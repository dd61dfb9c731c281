/** Test helper: the GTZAN 57-feature table and the shared 10-fold assignment, read in place from ../shared. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR, sharedJson } from '../../helpers/shared.js';

/** Rows of features_30_sec.csv: 57 features (all columns but filename, length, label), label, fold. */
export function loadGtzanTable(): { X: number[][]; y: string[]; folds: number[]; names: string[]; mlpBaseline: number } {
  const text = readFileSync(join(DATA_DIR, 'gtzan', 'features_30_sec.csv'), 'utf8').trim().split(/\r?\n/);
  const header = text[0].split(',');
  const fi = header.indexOf('filename'), li = header.indexOf('label'), leni = header.indexOf('length');
  const cols = header.map((_, i) => i).filter((i) => i !== fi && i !== li && i !== leni);
  const base = sharedJson('baselines/gtzan_cv_baselines.json');
  const X: number[][] = [], y: string[] = [], folds: number[] = [];
  for (const line of text.slice(1)) {
    const f = line.split(',');
    X.push(cols.map((i) => Number(f[i])));
    y.push(f[li]);
    const fold = base.folds[f[fi]];
    if (fold === undefined) throw new Error(`no fold for ${f[fi]}`);
    folds.push(fold);
  }
  return { X, y, folds, names: cols.map((i) => header[i]), mlpBaseline: base.results.mlp_30.accuracy };
}
