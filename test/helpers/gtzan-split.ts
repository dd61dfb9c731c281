/** The GTZAN feature table split and standardised as the scikit-learn reference scripts (scripts/reference/) do. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGtzanTable } from '../../src/classifiers/index.js';
import { DATA_DIR } from './shared.js';

/**
 * Every column of `features_30_sec.csv` but filename, length and label, standardised with the mean and
 * population standard deviation of the training rows; training rows: every row whose index is not a
 * multiple of 5 (80 per genre); test rows: the others (scripts/reference/gtzan_table.py).
 */
export function gtzanStandardisedSplit(): { Xtr: number[][]; ytr: string[]; Xte: number[][]; yte: string[] } {
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
