/**
 * Classification metrics, scikit-learn's `sklearn.metrics` equivalents. Labels may be strings or
 * finite numbers, one type throughout (the rules of a classifier's `y`; `BAD_LABELS` otherwise); the
 * label set is the sorted union of `yTrue` and `yPred` unless `labels` is given.
 */
import { MirkitError } from '../errors.js';
import { MAX_MATRIX_VALUES } from '../limits.js';
import { CLASSIFICATION_REPORT_OPTIONS, CONFUSION_MATRIX_OPTIONS, PRECISION_RECALL_F1_OPTIONS, ROC_AUC_OPTIONS } from '../option-keys.js';
import { readOptions } from '../options.js';
import { checkIntParam, encodeLabels, sortLabels, type EncodedLabels } from './base.js';
import { badOption } from './params.js';
import type { Label } from './types.js';
import { shown } from '../util/shown.js';

/** `encodeLabels(y, n, 1)` with its messages naming the array `what` (`yPred[3] is NaN`), after `prefix` (`rocAuc: `). */
function encodeNamed(y: Label[], n: number, what: string, prefix = ''): EncodedLabels {
  try {
    return encodeLabels(y, n, 1, what);
  } catch (e) {
    throw prefix && e instanceof MirkitError ? new MirkitError(e.code, prefix + e.message, e.details) : e;
  }
}

/** The label kind (`'string'` or `'number'`) of validated, non-empty classes. */
function kindOf(classes: Label[]): string {
  return typeof classes[0];
}

/** Labels of `yTrue` and `yPred` as indices into `labels` (-1: a label not among the given `labels`). */
interface EncodedPair {
  /** The label set: the given `labels`, or the sorted union of both arrays. */
  labels: Label[];
  /** `ti[i]`: index of `yTrue[i]` in `labels`, or -1. */
  ti: Int32Array;
  /** `pi[i]`: index of `yPred[i]` in `labels`, or -1. */
  pi: Int32Array;
}

/**
 * Checks `yTrue` and `yPred` (arrays of one length, `BAD_SHAPE`; not empty, `EMPTY_INPUT`; labels
 * strings or finite numbers of one type across both, `BAD_LABELS`) and the `labels` option (a
 * non-empty array of labels of that type without repeats, else `BAD_OPTION`: averages over no label
 * are NaN, a repeated label would count twice), and encodes both arrays against the label set.
 * Memory is O(samples + labels).
 */
function encodePair(yTrue: Label[], yPred: Label[], labels?: Label[] | null): EncodedPair {
  if (!Array.isArray(yTrue) || !Array.isArray(yPred)) throw new MirkitError('BAD_LABELS', 'yTrue and yPred must be arrays of labels');
  if (yTrue.length !== yPred.length) throw new MirkitError('BAD_SHAPE', `yTrue has ${yTrue.length} labels but yPred has ${yPred.length}`);
  if (yTrue.length === 0) throw new MirkitError('EMPTY_INPUT', 'no labels to score');
  const n = yTrue.length;
  const t = encodeNamed(yTrue, n, 'yTrue');
  const p = encodeNamed(yPred, n, 'yPred');
  const kind = kindOf(t.classes);
  if (kindOf(p.classes) !== kind) {
    throw new MirkitError('BAD_LABELS', `yTrue holds ${kind}s but yPred holds ${kindOf(p.classes)}s: use one label type (1 and '1' are different labels)`);
  }
  let set: Label[];
  if (labels === undefined || labels === null) set = sortLabels([...new Set<Label>([...t.classes, ...p.classes])]);
  else {
    if (!Array.isArray(labels) || labels.length === 0) badOption('labels', 'must list at least one label (or be left out for every label of yTrue and yPred)');
    let given: Label[];
    try {
      given = encodeNamed(labels, labels.length, 'labels').classes;
    } catch (e) {
      throw e instanceof MirkitError ? new MirkitError('BAD_OPTION', e.message, { option: 'labels' }) : e;
    }
    if (given.length !== labels.length) badOption('labels', 'must not repeat a label');
    if (kindOf(given) !== kind) badOption('labels', `holds ${kindOf(given)}s but yTrue and yPred hold ${kind}s: use one label type`);
    set = labels.slice();
  }
  const index = new Map<Label, number>();
  set.forEach((l, i) => index.set(l, i));
  const recode = (e: EncodedLabels): Int32Array => {
    const to = Int32Array.from(e.classes, (c) => index.get(c) ?? -1);
    return e.yi.map((c) => to[c]);
  };
  return { labels: set, ti: recode(t), pi: recode(p) };
}

/**
 * Fraction of exact matches (scikit-learn's `accuracy_score`). Throws `BAD_LABELS` for labels that
 * are not strings or finite numbers of one type, `BAD_SHAPE` for arrays of different lengths.
 */
export function accuracy(yTrue: Label[], yPred: Label[]): number {
  const { ti, pi } = encodePair(yTrue, yPred);
  let c = 0;
  for (let i = 0; i < ti.length; i++) if (ti[i] === pi[i]) c++;
  return c / ti.length;
}

/**
 * Confusion matrix `C[i][j]` = number of samples of true class `labels[i]` predicted as `labels[j]`
 * (scikit-learn's `confusion_matrix`). Returns the matrix and its label order. Throws `BAD_OPTION`
 * when the matrix (labels x labels) would hold more than `MAX_MATRIX_VALUES` (2^28) values, before
 * allocating it ({@link precisionRecallF1} gives per-class counts for any number of labels).
 */
export function confusionMatrix(
  yTrue: Label[],
  yPred: Label[],
  options: { labels?: Label[] } | null = {},
): {
  /** The labels indexing rows (true) and columns (predicted). */
  labels: Label[];
  /** `matrix[i][j]`: samples of true label `labels[i]` predicted as `labels[j]`. */
  matrix: number[][];
} {
  const o = readOptions('confusionMatrix', options, CONFUSION_MATRIX_OPTIONS);
  const { labels, ti, pi } = encodePair(yTrue, yPred, o.labels);
  const K = labels.length;
  if (K * K > MAX_MATRIX_VALUES) {
    badOption('labels', `${K} labels make a ${K} x ${K} confusion matrix, more than ${MAX_MATRIX_VALUES} values: pass fewer labels (or use precisionRecallF1)`);
  }
  const matrix = labels.map(() => new Array<number>(K).fill(0));
  for (let i = 0; i < ti.length; i++) if (ti[i] >= 0 && pi[i] >= 0) matrix[ti[i]][pi[i]]++;
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

/** Options of {@link precisionRecallF1}, {@link precision}, {@link recall} and {@link f1}. */
export interface PrecisionRecallF1Options {
  /** Averaging (default `'macro'`; null gives per-class values). */
  average?: Average;
  /** The labels to score, in output order (default: every label of `yTrue` and `yPred`, sorted). */
  labels?: Label[];
}

/**
 * Precision, recall and F1 (scikit-learn's `precision_recall_fscore_support` with `zero_division=0`).
 * `average` defaults to `'macro'`. Counts per class (memory grows with the number of labels, not its
 * square). Throws `BAD_LABELS` for labels that are not strings or finite numbers of one type,
 * `BAD_OPTION` for an unknown `average` or a bad `labels` list.
 */
export function precisionRecallF1(yTrue: Label[], yPred: Label[], options: PrecisionRecallF1Options | null = {}): PrecisionRecallF1 {
  const o = readOptions('precisionRecallF1', options, PRECISION_RECALL_F1_OPTIONS);
  const average = o.average === undefined ? 'macro' : o.average;
  if (average !== null && average !== 'macro' && average !== 'weighted' && average !== 'micro')
    badOption('average', `must be 'macro', 'weighted', 'micro' or null, got ${shown(average)}`);
  const { labels, ti, pi } = encodePair(yTrue, yPred, o.labels);
  const K = labels.length;
  const tp = new Array<number>(K).fill(0),
    predCnt = new Array<number>(K).fill(0),
    trueCnt = new Array<number>(K).fill(0);
  // the row and column sums of the confusion matrix over `labels`, without the matrix
  for (let i = 0; i < ti.length; i++) {
    const a = ti[i],
      b = pi[i];
    if (a < 0 || b < 0) continue;
    trueCnt[a]++;
    predCnt[b]++;
    if (a === b) tp[a]++;
  }
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
  return { labels, precision: avg(prec), recall: avg(rec), f1: avg(f1), support: T };
}

/** Precision (scikit-learn's `precision_score`); `average` defaults to `'macro'`, null gives per-class values. */
export function precision(yTrue: Label[], yPred: Label[], options: PrecisionRecallF1Options | null = {}): number | number[] {
  return precisionRecallF1(yTrue, yPred, readOptions('precision', options, PRECISION_RECALL_F1_OPTIONS)).precision;
}

/** Recall (scikit-learn's `recall_score`); `average` defaults to `'macro'`. */
export function recall(yTrue: Label[], yPred: Label[], options: PrecisionRecallF1Options | null = {}): number | number[] {
  return precisionRecallF1(yTrue, yPred, readOptions('recall', options, PRECISION_RECALL_F1_OPTIONS)).recall;
}

/** F1 (scikit-learn's `f1_score`); `average` defaults to `'macro'`. */
export function f1(yTrue: Label[], yPred: Label[], options: PrecisionRecallF1Options | null = {}): number | number[] {
  return precisionRecallF1(yTrue, yPred, readOptions('f1', options, PRECISION_RECALL_F1_OPTIONS)).f1;
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
 * `'weighted'` by support; any other `average` is `BAD_OPTION`). `classes` gives the column order of
 * `proba` (a model's `classes`). Throws `BAD_LABELS` when a label is not a string or finite number
 * of the classes' type, a `yTrue` label is not among `classes`, a class has no positive or no
 * negative sample or `classes` repeats one, `BAD_SHAPE` when the shapes disagree and `BAD_DATA` for a
 * probability that is not a finite number.
 */
export function rocAuc(yTrue: Label[], proba: number[][], classes: Label[], options: { average?: 'macro' | 'weighted' } | null = {}): number {
  const o = readOptions('rocAuc', options, ROC_AUC_OPTIONS);
  if (o.average !== undefined && o.average !== 'macro' && o.average !== 'weighted')
    badOption('average', `rocAuc averages one-vs-rest AUCs by 'macro' or 'weighted', got ${shown(o.average)}`);
  if (!Array.isArray(yTrue) || !Array.isArray(classes)) throw new MirkitError('BAD_LABELS', 'rocAuc: yTrue and classes must be arrays of labels');
  if (!Array.isArray(proba) || proba.length !== yTrue.length)
    throw new MirkitError('BAD_SHAPE', `proba has ${proba?.length} rows but yTrue has ${yTrue.length} labels`);
  if (proba.some((r) => !Array.isArray(r) || r.length !== classes.length))
    throw new MirkitError('BAD_SHAPE', `each proba row must be an array of ${classes.length} numbers (one per class)`);
  if (classes.length < 2) throw new MirkitError('BAD_LABELS', 'rocAuc needs at least two classes');
  const known = encodeNamed(classes, classes.length, 'classes', 'rocAuc: ').classes;
  if (known.length !== classes.length) throw new MirkitError('BAD_LABELS', 'rocAuc: classes must not repeat a label');
  const t = encodeNamed(yTrue, yTrue.length, 'yTrue', 'rocAuc: ');
  const member = new Set<Label>(known);
  for (const c of t.classes) {
    if (!member.has(c))
      throw new MirkitError('BAD_LABELS', `rocAuc: yTrue holds the label ${shown(c)}, which is not among classes (the columns of proba)`, { label: c });
  }
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
  if (o.average === 'weighted') {
    const sup = classes.map((c) => yTrue.filter((y) => y === c).length);
    const T = sup.reduce((a, b) => a + b, 0);
    return aucs.reduce((a, v, k) => a + v * sup[k], 0) / T;
  }
  return aucs.reduce((a, b) => a + b, 0) / aucs.length;
}

/**
 * A printable per-class table of precision, recall, F1 and support, plus accuracy, macro and
 * weighted averages (scikit-learn's `classification_report`). `digits` (default 2) must be an integer
 * in [0, 100] (`BAD_OPTION` otherwise). Labels as {@link precisionRecallF1}.
 */
export function classificationReport(yTrue: Label[], yPred: Label[], options: { labels?: Label[]; digits?: number } | null = {}): string {
  const o = readOptions('classificationReport', options, CLASSIFICATION_REPORT_OPTIONS);
  const digits = o.digits ?? 2;
  checkIntParam('digits', digits, 0, 100);
  const per = precisionRecallF1(yTrue, yPred, { average: null, labels: o.labels });
  const labels = per.labels.map(String);
  const w = labels.reduce((m, l) => Math.max(m, l.length), 12);
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
  const mac = precisionRecallF1(yTrue, yPred, { average: 'macro', labels: o.labels });
  const wei = precisionRecallF1(yTrue, yPred, { average: 'weighted', labels: o.labels });
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
