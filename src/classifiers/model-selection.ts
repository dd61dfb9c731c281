/**
 * Model selection, scikit-learn's `model_selection`: stratified splits, cross-validation with
 * pooled out-of-fold predictions, grid and random search.
 */
import { MirkitError } from '../errors.js';
import { isMatrix, type Matrix } from '../matrix.js';
import { CROSS_VALIDATE_OPTIONS, GRID_SEARCH_OPTIONS, RANDOM_SEARCH_OPTIONS, STRATIFIED_K_FOLD_OPTIONS, TRAIN_TEST_SPLIT_OPTIONS } from '../option-keys.js';
import { readOptions } from '../options.js';
import { shown } from '../util/shown.js';
import { badOption, checkSeed, encodeLabels, toDense } from './base.js';
import { modelMaker } from './clone.js';
import { sampleParams, type ParamSpace } from './distributions.js';
import { accuracy, precisionRecallF1 } from './metrics.js';
import { boolParam, checkIntParam } from './params.js';
import { createRng } from './random.js';
import type { Classifier, FeatureTable, Label } from './types.js';

/** Rows of a feature table; `BAD_SHAPE` for anything but a Matrix or an array of rows (a string, null). */
function nRows(X: FeatureTable): number {
  if (isMatrix(X)) return X.rows;
  if (!Array.isArray(X)) throw new MirkitError('BAD_SHAPE', `X must be an array of feature rows (number[][]) or a Matrix { rows, cols, data }`);
  return X.length;
}

/**
 * Rows of X picked by index (nested arrays; a Matrix becomes a Matrix). Throws `BAD_SHAPE` for an index
 * that is not an integer row of X.
 */
export function takeRows(X: FeatureTable, idx: ArrayLike<number>): FeatureTable {
  const n = nRows(X);
  if (typeof idx !== 'object' || idx === null || !Number.isSafeInteger(idx.length) || idx.length < 0)
    throw new MirkitError('BAD_SHAPE', 'takeRows: idx must be an array of row indices');
  for (let r = 0; r < idx.length; r++) {
    const i = idx[r];
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new MirkitError('BAD_SHAPE', `takeRows: index ${i} is not a row of X (0..${n - 1})`, { index: r });
  }
  if (isMatrix(X)) {
    const m = X as Matrix;
    const out = new Float64Array(idx.length * m.cols);
    for (let r = 0; r < idx.length; r++) out.set(m.data.subarray(idx[r] * m.cols, (idx[r] + 1) * m.cols), r * m.cols);
    return { rows: idx.length, cols: m.cols, data: out };
  }
  const A = X as number[][];
  return Array.from(idx, (i) => A[i]);
}

/**
 * Assigns each sample to one of `nSplits` folds, stratified by class (scikit-learn's
 * `StratifiedKFold`): each class's samples are (optionally shuffled, seeded) dealt round-robin over
 * the folds, so fold class proportions match the data's. Returns `foldOf[i]`.
 */
export function stratifiedKFold(y: Label[], options: { nSplits?: number; shuffle?: boolean; seed?: number } | null = {}): number[] {
  const o = readOptions('stratifiedKFold', options, STRATIFIED_K_FOLD_OPTIONS);
  const k = o.nSplits ?? 5;
  if (!Number.isInteger(k) || k < 2) badOption('nSplits', 'must be an integer >= 2');
  const shuffle = boolParam('shuffle', o.shuffle, true);
  const seed = checkSeed(o.seed);
  const { classes, yi } = encodeLabels(y, Array.isArray(y) ? y.length : 0, 1);
  // more folds than samples leaves some empty (the dealing below fills every fold once k <= n)
  if (k > y.length) throw new MirkitError('BAD_OPTION', `nSplits=${k} is more than the number of samples allows`, { option: 'nSplits' });
  const rng = createRng(seed);
  const foldOf = new Array<number>(y.length).fill(0);
  let offset = 0;
  for (let c = 0; c < classes.length; c++) {
    const members: number[] = [];
    for (let i = 0; i < y.length; i++) if (yi[i] === c) members.push(i);
    if (shuffle) rng.shuffle(members);
    members.forEach((i, t) => {
      foldOf[i] = (offset + t) % k;
    });
    offset = (offset + members.length) % k; // keep fold sizes balanced across classes
  }
  return foldOf;
}

/** Result of {@link trainTestSplit}. */
export interface TrainTestSplit<T extends FeatureTable = FeatureTable> {
  /** Training rows. */
  XTrain: T;
  /** Test rows. */
  XTest: T;
  /** Training labels. */
  yTrain: Label[];
  /** Test labels. */
  yTest: Label[];
  /** Indices of the training rows in X (ascending). */
  trainIndex: number[];
  /** Indices of the test rows in X (ascending). */
  testIndex: number[];
}

/**
 * Splits rows into train and test sets, stratified by class and seeded (scikit-learn's
 * `train_test_split(X, y, test_size, stratify=y, random_state)`). `testSize` is a fraction in (0, 1)
 * (default 0.25) or a count; `stratify: false` gives a plain shuffled split.
 *
 * @example
 * ```ts
 * const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.2, seed: 1 });
 * ```
 */
export function trainTestSplit<T extends FeatureTable>(
  X: T,
  y: Label[],
  options: { testSize?: number; seed?: number; stratify?: boolean } | null = {},
): TrainTestSplit<T> {
  const o = readOptions('trainTestSplit', options, TRAIN_TEST_SPLIT_OPTIONS);
  const ts = o.testSize ?? 0.25;
  if (typeof ts !== 'number' || !Number.isFinite(ts) || ts <= 0)
    badOption('testSize', `must be a fraction in (0, 1) or a count of test samples, got ${shown(ts)}`);
  const stratify = boolParam('stratify', o.stratify, true);
  const rng = createRng(checkSeed(o.seed));
  const n = nRows(X);
  if (Array.isArray(y) && y.length === n && n < 2) throw new MirkitError('EMPTY_INPUT', 'need at least 2 samples to split');
  const { classes, yi } = encodeLabels(y, n, 1);
  const nTest = ts >= 1 ? Math.floor(ts) : Math.ceil(ts * n);
  if (!(nTest >= 1 && nTest < n)) badOption('testSize', `gives ${nTest} test samples out of ${n}`);
  const test: number[] = [];
  if (stratify) {
    const groups: number[][] = classes.map(() => []);
    for (let i = 0; i < n; i++) groups[yi[i]].push(i);
    // largest-remainder allocation of the test count over classes
    const exact = groups.map((g) => (g.length * nTest) / n);
    const alloc = exact.map(Math.floor);
    let left = nTest - alloc.reduce((a, b) => a + b, 0);
    const order = exact.map((_, c) => c).sort((a, b) => exact[b] - alloc[b] - (exact[a] - alloc[a]) || a - b);
    for (const c of order) {
      if (left <= 0) break;
      if (alloc[c] < groups[c].length) {
        alloc[c]++;
        left--;
      }
    }
    groups.forEach((g, c) => {
      rng.shuffle(g);
      test.push(...g.slice(0, alloc[c]));
    });
  } else {
    const all = Array.from({ length: n }, (_, i) => i);
    rng.shuffle(all);
    test.push(...all.slice(0, nTest));
  }
  const isTest = new Uint8Array(n);
  for (const i of test) isTest[i] = 1;
  const train: number[] = [];
  for (let i = 0; i < n; i++) if (!isTest[i]) train.push(i);
  test.sort((a, b) => a - b);
  return {
    XTrain: takeRows(X, train) as T,
    XTest: takeRows(X, test) as T,
    yTrain: train.map((i) => y[i]),
    yTest: test.map((i) => y[i]),
    trainIndex: train,
    testIndex: test,
  };
}

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions {
  /** Number of stratified folds (default 5), used when `cv` is not given. */
  folds?: number;
  /** Explicit fold assignment: `cv[i]` = fold of sample i (0-based). Overrides `folds`. */
  cv?: number[];
  /** Seed for the stratified folds (default 0). */
  seed?: number;
  /** Also collect pooled out-of-fold `predictProba` rows (default false). */
  proba?: boolean;
  /** Called after each fold (progress). */
  onFold?: (fold: number, info: { fitMs: number; accuracy: number }) => void;
}

/** Result of {@link crossValidate}. */
export interface CrossValidateResult {
  /** Pooled out-of-fold predictions, one per sample. */
  predictions: Label[];
  /** Pooled out-of-fold class probabilities (when `proba`), columns in `classes` order. */
  proba?: number[][];
  /** Classes (sorted) of the whole data. */
  classes: Label[];
  /** Accuracy of the pooled predictions. */
  accuracy: number;
  /** Macro F1 of the pooled predictions. */
  f1Macro: number;
  /** Accuracy per fold. */
  foldAccuracy: number[];
  /** Wall time of each fold's `fit`, ms. */
  fitMs: number[];
  /** Wall time of each fold's prediction, ms. */
  predictMs: number[];
  /** The fold assignment used. */
  foldOf: number[];
}

/** `cv` when it is an array of fold numbers, else `BAD_OPTION` (a number of folds goes in `folds`). */
function checkFoldArray(cv: unknown): number[] {
  if (!Array.isArray(cv))
    badOption(
      'cv',
      `must be an array of fold numbers, one per sample (a number of folds goes in folds), got ${typeof cv === 'object' && cv !== null ? 'an object' : shown(cv)}`,
    );
  return cv;
}

/** `BAD_OPTION` unless the factory made a classifier: an object with `fit` and `predict` (and `predictProba` when `proba`). */
function checkMadeModel(model: unknown, proba: boolean): asserts model is Classifier {
  const m = model as Partial<Classifier> | null;
  const ok =
    typeof m === 'object' && m !== null && typeof m.fit === 'function' && typeof m.predict === 'function' && (!proba || typeof m.predictProba === 'function');
  if (!ok) {
    throw new MirkitError(
      'BAD_OPTION',
      `factory must return a classifier (an object with fit() and predict()${proba ? ' and predictProba(), as proba is set' : ''}), got ${m !== null && typeof m === 'object' ? 'an object without them' : shown(model)}`,
      { option: 'factory' },
    );
  }
}

/**
 * k-fold cross-validation (scikit-learn's `cross_validate` / `cross_val_predict`): for each fold,
 * `factory()` makes a fresh model (e.g. a {@link Pipeline} with a scaler, so scaling is fitted on
 * the training folds only), or, given a model instead of a function, `model.clone()` does; it fits it on the other folds and predicts the fold. Accepts an explicit
 * fold assignment `cv`. Async because some models' `fit` is.
 */
export async function crossValidate(
  factory: (() => Classifier) | Classifier,
  X: FeatureTable,
  y: Label[],
  options: CrossValidateOptions | null = {},
): Promise<CrossValidateResult> {
  const o = readOptions('crossValidate', options, CROSS_VALIDATE_OPTIONS);
  const make = modelMaker(factory, 'factory');
  const onFold = o.onFold ?? undefined;
  if (onFold !== undefined && typeof onFold !== 'function') badOption('onFold', `must be a function, got ${shown(onFold)}`);
  const wantProba = boolParam('proba', o.proba, false);
  const n = toDense(X).n; // validates shape and finiteness once
  const { classes } = encodeLabels(y, n);
  let foldOf: number[];
  if (o.cv !== undefined && o.cv !== null) {
    const cv = checkFoldArray(o.cv);
    if (cv.length !== n) throw new MirkitError('BAD_SHAPE', `cv has ${cv.length} fold numbers, expected one per sample (${n})`);
    for (let i = 0; i < n; i++) if (!Number.isInteger(cv[i]) || cv[i] < 0) badOption('cv', 'fold numbers must be non-negative integers');
    foldOf = cv.slice();
  } else {
    const folds = o.folds ?? 5;
    checkIntParam('folds', folds, 2);
    foldOf = stratifiedKFold(y, { nSplits: folds, seed: o.seed });
  }
  const folds = [...new Set(foldOf)].sort((a, b) => a - b);
  if (folds.length < 2) badOption('cv', 'needs at least two folds');
  const predictions = new Array<Label>(n);
  const proba: number[][] | undefined = wantProba ? new Array(n) : undefined;
  const fitMs: number[] = [],
    predictMs: number[] = [],
    foldAccuracy: number[] = [];
  for (const f of folds) {
    const tr: number[] = [],
      te: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? te : tr).push(i);
    const model = make({});
    checkMadeModel(model, wantProba);
    const t0 = performance.now();
    await model.fit(
      takeRows(X, tr),
      tr.map((i) => y[i]),
    );
    const t1 = performance.now();
    const Xte = takeRows(X, te);
    const pred = model.predict(Xte);
    let P: number[][] | undefined;
    if (proba) P = model.predictProba(Xte);
    const t2 = performance.now();
    fitMs.push(t1 - t0);
    predictMs.push(t2 - t1);
    te.forEach((i, j) => {
      predictions[i] = pred[j];
    });
    if (proba && P) {
      // align the fold model's columns with the global classes (a fold may lack a class)
      const mc = model.classes;
      te.forEach((i, j) => {
        proba[i] = classes.map((c) => {
          const k = mc.indexOf(c);
          return k < 0 ? 0 : P![j][k];
        });
      });
    }
    const acc = accuracy(
      te.map((i) => y[i]),
      pred,
    );
    foldAccuracy.push(acc);
    (model as { dispose?: () => void }).dispose?.();
    onFold?.(f, { fitMs: t1 - t0, accuracy: acc });
  }
  return {
    predictions,
    proba,
    classes,
    accuracy: accuracy(y, predictions),
    f1Macro: precisionRecallF1(y, predictions, { average: 'macro' }).f1 as number,
    foldAccuracy,
    fitMs,
    predictMs,
    foldOf,
  };
}

/** Scoring of a search: pooled out-of-fold `'accuracy'` (default) or `'f1_macro'`. */
export type Scoring = 'accuracy' | 'f1_macro';

/** Options of {@link gridSearch} and {@link randomSearch}. */
export interface SearchOptions {
  /** Number of stratified folds (default 5) when `cv` is not given. */
  folds?: number;
  /** Explicit fold assignment. */
  cv?: number[];
  /** Seed for folds and (random search) parameter draws (default 0). */
  seed?: number;
  /** Score to maximise (default `'accuracy'`). */
  scoring?: Scoring;
}

/** One evaluated parameter set. */
export interface SearchResult {
  /** The parameters. */
  params: Record<string, unknown>;
  /** Pooled out-of-fold score. */
  score: number;
  /** Per-fold accuracy. */
  foldScores: number[];
  /** Total fit time, ms. */
  fitMs: number;
}

/** Outcome of a search: the best parameters and every result in evaluation order. */
export interface SearchOutcome {
  /** The parameters with the best mean cross-validated score. */
  bestParams: Record<string, unknown>;
  /** That best mean score. */
  bestScore: number;
  /** Every candidate evaluated, in evaluation order. */
  results: SearchResult[];
}

async function evaluate(
  factory: (params: Record<string, unknown>) => Classifier,
  params: Record<string, unknown>,
  X: FeatureTable,
  y: Label[],
  foldOf: number[],
  scoring: Scoring,
): Promise<SearchResult> {
  const r = await crossValidate(() => factory(params), X, y, { cv: foldOf });
  return { params, score: scoring === 'f1_macro' ? r.f1Macro : r.accuracy, foldScores: r.foldAccuracy, fitMs: r.fitMs.reduce((a, b) => a + b, 0) };
}

function searchFolds(y: Label[], o: SearchOptions): number[] {
  if (o.cv !== undefined && o.cv !== null) return checkFoldArray(o.cv).slice();
  const folds = o.folds ?? 5;
  checkIntParam('folds', folds, 2);
  return stratifiedKFold(y, { nSplits: folds, seed: o.seed });
}

/** The scorings a search accepts. */
const SCORINGS: readonly Scoring[] = ['accuracy', 'f1_macro'];

/** `scoring` (default `'accuracy'`), else `BAD_OPTION` listing the accepted names. */
function checkScoring(scoring: unknown): Scoring {
  if (scoring === undefined || scoring === null) return 'accuracy';
  if (!SCORINGS.includes(scoring as Scoring)) badOption('scoring', `must be one of ${SCORINGS.map((x) => `'${x}'`).join(', ')}, got ${shown(scoring)}`);
  return scoring as Scoring;
}

/** Most combinations `parameterGrid` expands: 2^20 (each is a cross-validated fit in `gridSearch`). */
const MAX_GRID_COMBINATIONS = 2 ** 20;

/**
 * Expands a grid `{ a: [1, 2], b: ['x'] }` into every combination (keys in sorted order). Throws
 * `BAD_OPTION` for a key without a non-empty array of values, or for more than 2^20 combinations
 * (counted before any is built).
 */
export function parameterGrid(grid: Record<string, readonly unknown[]>): Record<string, unknown>[] {
  if (typeof grid !== 'object' || grid === null) throw new MirkitError('BAD_OPTION', 'the grid must be an object of value arrays', { option: 'grid' });
  const keys = Object.keys(grid).sort();
  let count = 1;
  for (const k of keys) {
    const vals = grid[k];
    if (!Array.isArray(vals) || vals.length === 0) badOption(k, 'grid values must be a non-empty array');
    count *= vals.length;
  }
  if (count > MAX_GRID_COMBINATIONS) {
    throw new MirkitError('BAD_OPTION', `the grid has ${count} combinations, more than ${MAX_GRID_COMBINATIONS}: search fewer values (or use randomSearch)`, {
      option: 'grid',
    });
  }
  let out: Record<string, unknown>[] = [{}];
  for (const k of keys) out = out.flatMap((o) => grid[k].map((v) => ({ ...o, [k]: v })));
  return out;
}

/**
 * Exhaustive search over a parameter grid with cross-validation (scikit-learn's `GridSearchCV`
 * without the final refit): `factory(params)` builds a model (or, given a model instead of a function,
 * {@link cloneWithParams}`(model, params)` does: a Pipeline's params go to its classifier), every combination is scored on the
 * same folds, the first best wins.
 *
 * @example
 * ```ts
 * const { bestParams } = await gridSearch((p) => new Pipeline([new StandardScaler(), new SVC(p)]), X, y, { C: [1, 3, 10] });
 * // the same, cloning an estimator
 * await gridSearch(new Pipeline([new StandardScaler(), new SVC()]), X, y, { C: [1, 3, 10] });
 * ```
 */
export async function gridSearch(
  factory: ((params: Record<string, unknown>) => Classifier) | Classifier,
  X: FeatureTable,
  y: Label[],
  grid: Record<string, readonly unknown[]>,
  options: SearchOptions | null = {},
): Promise<SearchOutcome> {
  const o = readOptions('gridSearch', options, GRID_SEARCH_OPTIONS);
  const make = modelMaker(factory, 'factory');
  const scoring = checkScoring(o.scoring);
  const foldOf = searchFolds(y, o);
  const results: SearchResult[] = [];
  for (const params of parameterGrid(grid)) results.push(await evaluate(make, params, X, y, foldOf, scoring));
  return best(results);
}

/**
 * Random search (scikit-learn's `RandomizedSearchCV` without the refit): `nIter` parameter sets drawn
 * from `space` (distributions such as {@link logUniform} or plain value lists) with a seeded generator,
 * each scored by cross-validation on the same folds. Takes a factory or a model to clone, like {@link gridSearch}.
 */
export async function randomSearch(
  factory: ((params: Record<string, unknown>) => Classifier) | Classifier,
  X: FeatureTable,
  y: Label[],
  space: ParamSpace,
  options: (SearchOptions & { nIter?: number }) | null = {},
): Promise<SearchOutcome> {
  const o = readOptions('randomSearch', options, RANDOM_SEARCH_OPTIONS);
  const make = modelMaker(factory, 'factory');
  if (typeof space !== 'object' || space === null || Array.isArray(space))
    badOption('space', `must be an object of distributions or value lists, got ${shown(space)}`);
  const nIter = o.nIter ?? 10;
  if (!Number.isInteger(nIter) || nIter < 1) badOption('nIter', 'must be a positive integer');
  const scoring = checkScoring(o.scoring);
  const foldOf = searchFolds(y, o);
  const rng = createRng(checkSeed(o.seed) + 1);
  const results: SearchResult[] = [];
  for (let t = 0; t < nIter; t++) results.push(await evaluate(make, sampleParams(space, rng), X, y, foldOf, scoring));
  return best(results);
}

function best(results: SearchResult[]): SearchOutcome {
  let b = results[0];
  for (const r of results) if (r.score > b.score) b = r;
  return { bestParams: b.params, bestScore: b.score, results };
}
