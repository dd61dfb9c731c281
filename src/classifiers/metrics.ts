/**
 * Classification metrics, scikit-learn's `sklearn.metrics` equivalents. Labels may be strings or
 * numbers; the label set is the sorted union of `yTrue` and `yPred` unless `labels` is given.
 */
import { MirkitError } from '../errors.js';
import { checkIntParam, sortLabels } from './base.js';
import type { Label } from './types.js';
import { shown } from '../util/shown.js';

function checkPair(yTrue: Label[], yPred: Label[]): void {
  if (!Array.isArray(yTrue) || !Array.isArray(yPred)) throw new MirkitError('BAD_LABELS', 'yTrue and yPred must be arrays of labels');
  if (yTrue.length !== yPred.length) throw new MirkitError('BAD_SHAPE', `yTrue has ${yTrue.length} labels but yPred has ${yPred.length}`);
  if (yTrue.length === 0) throw new MirkitError('EMPTY_INPUT', 'no labels to score');
}

/**
 * The given `labels` (a non-empty array without repeats, else `BAD_OPTION`: averages over no label are NaN,
 * a repeated label would count twice), or the sorted union of both.
 */
function labelSet(yTrue: Label[], yPred: Label[], labels?: Label[]): Label[] {
  if (labels === undefined || labels === null) return sortLabels([...new Set<Label>([...yTrue, ...yPred])]);
  if (!Array.isArray(labels) || labels.length === 0)
    throw new MirkitError('BAD_OPTION', 'labels must list at least one label (or be left out for every label of yTrue and yPred)', { option: 'labels' });
  if (new Set(labels).size !== labels.length) throw new MirkitError('BAD_OPTION', 'labels must not repeat a label', { option: 'labels' });
  return labels.slice();
}

/** Fraction of exact matches (scikit-learn's `accuracy_score`). */
export function accuracy(yTrue: Label[], yPred: Label[]): number {
  checkPair(yTrue, yPred);
  let c = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) c++;
  return c / yTrue.length;
}

/**
 * Confusion matrix `C[i][j]` = number of samples of true class `labels[i]` predicted as `labels[j]`
 * (scikit-learn's `confusion_matrix`). Returns the matrix and its label order.
 */
export function confusionMatrix(
  yTrue: Label[],
  yPred: Label[],
  options: { labels?: Label[] } = {},
): {
  /** The labels indexing rows (true) and columns (predicted). */
  labels: Label[];
  /** `matrix[i][j]`: samples of true label `labels[i]` predicted as `labels[j]`. */
  matrix: number[][];
} {
  checkPair(yTrue, yPred);
  const labels = labelSet(yTrue, yPred, options.labels);
  const idx = new Map<Label, number>();
  labels.forEach((l, i) => idx.set(l, i));
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const a = idx.get(yTrue[i]),
      b = idx.get(yPred[i]);
    if (a !== undefined && b !== undefined) matrix[a][b]++;
  }
  return { labels, matrix };
}

/** Averaging of per-class scores: `'macro'`, `'weighted'` (by support), `'micro'`, or null (per class). */
export type Average = 'macro' | 'weighted' | 'micro' | null;

/** Per-class or averaged precision, recall, F1 and support. */
export interface PrecisionRecallF1 {
  /** Label order of the per-class arrays. */
  labels: Label[];
  /** Precision (a number when averaged, per class otherwise). */
  precision: number | number[];
  /** Recall. */
  recall: number | number[];
  /** F1. */
  f1: number | number[];
  /** True samples per class (summed when averaged). */
  support: number | number[];
}

/**
 * Precision, recall and F1 (scikit-learn's `precision_recall_fscore_support` with `zero_division=0`).
 * `average` defaults to `'macro'`.
 */
export function precisionRecallF1(yTrue: Label[], yPred: Label[], options: { average?: Average; labels?: Label[] } = {}): PrecisionRecallF1 {
  const average = options.average === undefined ? 'macro' : options.average;
  const { labels, matrix } = confusionMatrix(yTrue, yPred, { labels: options.labels });
  const K = labels.length;
  const tp = new Array<number>(K).fill(0),
    predCnt = new Array<number>(K).fill(0),
    trueCnt = new Array<number>(K).fill(0);
  for (let i = 0; i < K; i++)
    for (let j = 0; j < K; j++) {
      trueCnt[i] += matrix[i][j];
      predCnt[j] += matrix[i][j];
    }
  for (let i = 0; i < K; i++) tp[i] = matrix[i][i];
  const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
  if (average === 'micro') {
    const TP = tp.reduce((a, b) => a + b, 0),
      P = predCnt.reduce((a, b) => a + b, 0),
      T = trueCnt.reduce((a, b) => a + b, 0);
    const p = div(TP, P),
      r = div(TP, T);
    return { labels, precision: p, recall: r, f1: div(2 * p * r, p + r), support: T };
  }
  const prec = tp.map((t, i) => div(t, predCnt[i]));
  const rec = tp.map((t, i) => div(t, trueCnt[i]));
  const f1 = prec.map((p, i) => div(2 * p * rec[i], p + rec[i]));
  if (average === null) return { labels, precision: prec, recall: rec, f1, support: trueCnt };
  const T = trueCnt.reduce((a, b) => a + b, 0);
  const avg = (v: number[]) => (average === 'weighted' ? (T === 0 ? 0 : v.reduce((a, x, i) => a + x * trueCnt[i], 0) / T) : v.reduce((a, b) => a + b, 0) / K);
  if (average !== 'macro' && average !== 'weighted')
    throw new MirkitError('BAD_OPTION', "average must be 'macro', 'weighted', 'micro' or null", { option: 'average' });
  return { labels, precision: avg(prec), recall: avg(rec), f1: avg(f1), support: T };
}

/** Precision (scikit-learn's `precision_score`); `average` defaults to `'macro'`, null gives per-class values. */
export function precision(yTrue: Label[], yPred: Label[], options: { average?: Average; labels?: Label[] } = {}): number | number[] {
  return precisionRecallF1(yTrue, yPred, options).precision;
}

/** Recall (scikit-learn's `recall_score`); `average` defaults to `'macro'`. */
export function recall(yTrue: Label[], yPred: Label[], options: { average?: Average; labels?: Label[] } = {}): number | number[] {
  return precisionRecallF1(yTrue, yPred, options).recall;
}

/** F1 (scikit-learn's `f1_score`); `average` defaults to `'macro'`. */
export function f1(yTrue: Label[], yPred: Label[], options: { average?: Average; labels?: Label[] } = {}): number | number[] {
  return precisionRecallF1(yTrue, yPred, options).f1;
}

/** Area under the ROC curve of one binary problem (ties counted half, i.e. the trapezoidal AUC). */
function binaryAuc(pos: boolean[], score: number[]): number {
  const idx = score.map((_, i) => i).sort((a, b) => score[a] - score[b]);
  let nPos = 0;
  for (const p of pos) if (p) nPos++;
  const nNeg = pos.length - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  // Mann-Whitney U with average ranks for ties
  let rankSum = 0;
  for (let a = 0; a < idx.length; ) {
    let b = a;
    while (b + 1 < idx.length && score[idx[b + 1]] === score[idx[a]]) b++;
    const r = (a + b) / 2 + 1;
    for (let t = a; t <= b; t++) if (pos[idx[t]]) rankSum += r;
    a = b + 1;
  }
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * ROC AUC from class probabilities (scikit-learn's `roc_auc_score`): for two classes the AUC of the
 * second class's column; for more, one-vs-rest AUC per class averaged (`'macro'`, default, or
 * `'weighted'` by support). `classes` gives the column order of `proba` (a model's `classes`).
 * Throws `BAD_LABELS` when a class has no positive or no negative sample or `classes` repeats one,
 * `BAD_SHAPE` when the shapes disagree and `BAD_DATA` for a probability that is not a finite number.
 */
export function rocAuc(yTrue: Label[], proba: number[][], classes: Label[], options: { average?: 'macro' | 'weighted' } = {}): number {
  if (!Array.isArray(yTrue) || !Array.isArray(classes)) throw new MirkitError('BAD_LABELS', 'rocAuc: yTrue and classes must be arrays of labels');
  if (!Array.isArray(proba) || proba.length !== yTrue.length)
    throw new MirkitError('BAD_SHAPE', `proba has ${proba?.length} rows but yTrue has ${yTrue.length} labels`);
  if (proba.some((r) => !Array.isArray(r) || r.length !== classes.length))
    throw new MirkitError('BAD_SHAPE', `each proba row must be an array of ${classes.length} numbers (one per class)`);
  if (classes.length < 2) throw new MirkitError('BAD_LABELS', 'rocAuc needs at least two classes');
  if (new Set(classes).size !== classes.length) throw new MirkitError('BAD_LABELS', 'rocAuc: classes must not repeat a label');
  proba.forEach((r, i) => {
    if (!r.every((v) => typeof v === 'number' && Number.isFinite(v)))
      throw new MirkitError('BAD_DATA', `rocAuc: proba[${i}] holds a value that is not a finite number`, { row: i });
  });
  const one = (k: number) => {
    const a = binaryAuc(
      yTrue.map((y) => y === classes[k]),
      proba.map((r) => r[k]),
    );
    if (Number.isNaN(a)) throw new MirkitError('BAD_LABELS', `class ${shown(classes[k])} has no positive or no negative sample: ROC AUC is undefined`);
    return a;
  };
  if (classes.length === 2) return one(1);
  const aucs = classes.map((_, k) => one(k));
  if (options.average === 'weighted') {
    const sup = classes.map((c) => yTrue.filter((y) => y === c).length);
    const T = sup.reduce((a, b) => a + b, 0);
    return aucs.reduce((a, v, k) => a + v * sup[k], 0) / T;
  }
  return aucs.reduce((a, b) => a + b, 0) / aucs.length;
}

/**
 * A printable per-class table of precision, recall, F1 and support, plus accuracy, macro and
 * weighted averages (scikit-learn's `classification_report`). `digits` (default 2) must be an integer
 * in [0, 100] (`BAD_OPTION` otherwise).
 */
export function classificationReport(yTrue: Label[], yPred: Label[], options: { labels?: Label[]; digits?: number } = {}): string {
  const digits = options.digits ?? 2;
  checkIntParam('digits', digits, 0, 100);
  const per = precisionRecallF1(yTrue, yPred, { average: null, labels: options.labels });
  const labels = per.labels.map(String);
  const w = Math.max(12, ...labels.map((l) => l.length));
  const fmt = (v: number) => v.toFixed(digits).padStart(9);
  const head = ' '.repeat(w) + ['precision', 'recall', 'f1-score', 'support'].map((h) => h.padStart(9)).join(' ');
  const rows = labels.map(
    (l, i) =>
      l.padStart(w) +
      [
        fmt((per.precision as number[])[i]),
        fmt((per.recall as number[])[i]),
        fmt((per.f1 as number[])[i]),
        String((per.support as number[])[i]).padStart(9),
      ].join(' '),
  );
  const n = yTrue.length;
  const acc = accuracy(yTrue, yPred);
  const mac = precisionRecallF1(yTrue, yPred, { average: 'macro', labels: options.labels });
  const wei = precisionRecallF1(yTrue, yPred, { average: 'weighted', labels: options.labels });
  const line = (name: string, r: PrecisionRecallF1) =>
    name.padStart(w) + [fmt(r.precision as number), fmt(r.recall as number), fmt(r.f1 as number), String(r.support).padStart(9)].join(' ');
  return [
    head,
    '',
    ...rows,
    '',
    'accuracy'.padStart(w) + ' '.repeat(20) + fmt(acc) + ' ' + String(n).padStart(9),
    line('macro avg', mac),
    line('weighted avg', wei),
  ].join('\n');
}
