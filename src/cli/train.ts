/**
 * `mirkit train`: cross-validate a model on a feature CSV, report it in the genre study's table form,
 * then fit it on every row and save the model JSON; or, with an FMA `tracks.csv` split, fit on the
 * `training` rows, score on `validation` and `test`, and save that model.
 */
import { MirkitError } from '../errors.js';
import { decimalNumber } from '../util/csv-text.js';
import { accuracy as accuracyScore, f1 as f1Score } from '../classifiers/metrics.js';
import type { Classifier } from '../classifiers/types.js';
import { csvTable, type CsvTable } from '../genre/csv.js';
import type { FmaSplit, FmaTrack } from '../genre/datasets.js';
import { classifierLib, type ClassifierLib, type ModelClass } from './lib.js';
import { checkModelOut, writeModelFile } from './model-file.js';

/** One entry of the model zoo: how `mirkit train --model <name>` builds its classifier. */
export interface ZooEntry {
  /** The classifier class (API.md name). */
  className: keyof ClassifierLib;
  /** The constructor options (scikit-learn's parameters in camelCase), given the `--seed`. */
  params(seed: number): Record<string, unknown>;
}

/**
 * The models `mirkit train` offers, with the settings of the GTZAN baseline study
 * (`shared/baselines/gtzan_cv_baselines.json`); each is trained as
 * `new Pipeline([new StandardScaler(), model])`.
 */
export const MODEL_ZOO: Readonly<Record<string, ZooEntry>> = {
  svc: { className: 'SVC', params: () => ({ kernel: 'rbf', C: 3, gamma: 'scale', probability: true }) },
  logreg: { className: 'LogisticRegression', params: () => ({ C: 1 }) },
  forest: { className: 'RandomForest', params: (seed) => ({ nEstimators: 500, classWeight: 'balanced', maxFeatures: 'sqrt', seed }) },
  boosting: { className: 'GradientBoosting', params: (seed) => ({ learningRate: 0.05, maxDepth: 5, nEstimators: 200, subsample: 0.5, seed }) },
  mlp: { className: 'MLPClassifier', params: (seed) => ({ hiddenLayerSizes: [30], seed }) },
  knn: { className: 'KNeighbors', params: () => ({ nNeighbors: 5 }) },
};

/** The model names of {@link MODEL_ZOO}. */
export const MODEL_NAMES: readonly string[] = Object.keys(MODEL_ZOO);

/** `key=value` list of a model's parameters as the table shows them (without `seed`). */
export function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .filter(([k]) => k !== 'seed')
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(',')}]` : String(v)}`)
    .join(' ');
}

/**
 * A factory of fresh `Pipeline([StandardScaler, model])` classifiers for a zoo model.
 *
 * @param name - a key of {@link MODEL_ZOO}
 * @param seed - random seed for the models that use one
 * @param lib - the classifier classes (default: the package's own)
 * @throws MirkitError `BAD_OPTION` for an unknown name, `UNSUPPORTED` when `lib` lacks a class
 */
export async function modelFactory(name: string, seed: number, lib?: ClassifierLib): Promise<() => Classifier> {
  const entry = MODEL_ZOO[name];
  if (!entry) throw new MirkitError('BAD_OPTION', `unknown model "${name}": use ${MODEL_NAMES.join(', ')}`, { option: 'model' });
  const L = lib ?? (await classifierLib());
  const Model = L[entry.className] as ModelClass | undefined;
  const { StandardScaler, Pipeline } = L;
  const missing = [!Model && entry.className, !StandardScaler && 'StandardScaler', !Pipeline && 'Pipeline'].filter(Boolean);
  if (missing.length > 0) {
    throw new MirkitError('UNSUPPORTED', `this build of mirkit lacks ${missing.join(', ')}, needed by --model ${name}`, { missing });
  }
  const params = entry.params(seed);
  return () => new Pipeline!([new StandardScaler!(), new Model!(params)]);
}

/** A labelled feature table read from an extract CSV. */
export interface TrainingData {
  /** Feature column names. */
  names: string[];
  /** One row per sample. */
  X: number[][];
  /** One label per sample. */
  y: string[];
  /** The `filename` of each sample (empty strings without that column). */
  filenames: string[];
  /** Rows left out: error rows and rows without a label. */
  dropped: number;
}

/** Columns of a feature CSV that are not features (`length` is the GTZAN table's sample count). */
const NON_FEATURE_COLUMNS = new Set(['filename', 'label', 'error', 'length']);

/**
 * Reads the labelled rows of a feature CSV: the output of `mirkit extract`, or a table of the same
 * form such as the GTZAN Kaggle `features_30_sec.csv`. Feature columns are all but `filename`,
 * `label`, `error` and `length`; rows with an error or without a label are dropped.
 *
 * @param text - CSV text
 * @throws MirkitError `BAD_DATA` without a `label` column or for a non-numeric feature value,
 *   `EMPTY_INPUT` when no labelled row remains
 */
export function trainingDataFromCsv(text: string): TrainingData {
  return trainingDataFromTable(csvTable(text));
}

function trainingDataFromTable(t: CsvTable): TrainingData {
  const cLabel = t.column('label');
  if (cLabel < 0) throw new MirkitError('BAD_DATA', 'the feature CSV has no label column (extract with labelled folders, or --labels)');
  const cError = t.column('error');
  const cFile = t.column('filename');
  const cols = t.header.map((h, i) => [h, i] as const).filter(([h]) => !NON_FEATURE_COLUMNS.has(h));
  if (cols.length === 0) throw new MirkitError('BAD_DATA', 'the feature CSV has no feature columns');
  const X: number[][] = [];
  const y: string[] = [];
  const filenames: string[] = [];
  let dropped = 0;
  t.rows.forEach((r, k) => {
    if ((cError >= 0 && r[cError] !== '') || r[cLabel] === '') {
      dropped++;
      return;
    }
    X.push(
      cols.map(([h, i]) => {
        const v = decimalNumber(r[i]);
        if (!Number.isFinite(v))
          throw new MirkitError('BAD_DATA', `feature CSV record ${k + 2}: ${h} is "${r[i]}", not a finite number`, { record: k + 2, column: h });
        return v;
      }),
    );
    y.push(r[cLabel]);
    filenames.push(cFile >= 0 ? r[cFile] : '');
  });
  if (X.length === 0) throw new MirkitError('EMPTY_INPUT', 'the feature CSV has no labelled rows without an error');
  return { names: cols.map(([h]) => h), X, y, filenames, dropped };
}

/**
 * The FMA track id a feature row's `filename` names: its base name is the zero-padded id and an
 * extension, as `mirkit extract` writes it for FMA audio (`000/000002.mp3` or `000002.mp3` give 2).
 *
 * @param filename - the `filename` column of a feature CSV row
 * @returns the track id, or `undefined` when the name is not of that form
 */
export function fmaTrackIdOf(filename: string): number | undefined {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const m = /^(\d+)\.[^.]+$/.exec(base);
  if (!m) return undefined;
  const id = Number(m[1]);
  return Number.isSafeInteger(id) ? id : undefined;
}

/** Scores of the split-fitted model on one held-out split. */
export interface SplitScore {
  /** `validation` or `test`. */
  split: Exclude<FmaSplit, 'training'>;
  /** Rows scored. */
  rows: number;
  /** Accuracy on those rows. */
  accuracy: number;
  /** Macro F1 on those rows (scikit-learn's `f1_score(average='macro')`). */
  f1Macro: number;
}

/** Options of {@link runTrain}. */
export interface TrainOptions {
  /** Feature CSV path (read when `data` is not given). */
  features?: string;
  /** Parsed training data (instead of `features`). */
  data?: TrainingData;
  /** A key of {@link MODEL_ZOO}. */
  model: string;
  /** Stratified cross-validation folds (default 10); 0 skips cross-validation. */
  folds?: number;
  /** Explicit fold number of each row (overrides `folds`), e.g. the GTZAN baseline study's folds. */
  cv?: number[];
  /** Seed for the folds and the models (default 0). */
  seed?: number;
  /**
   * FMA official split instead of cross-validation: a reduced `tracks.csv` path (see `parseFmaTracks`)
   * or its parsed tracks. Rows are matched by the track id of their `filename` ({@link fmaTrackIdOf});
   * the model is fitted on the `training` rows only (that is the model saved), scored on `validation`
   * and `test`; rows with no track in the file are counted (`unmatched`) and ignored. `folds`/`cv` are
   * not used.
   */
  split?: string | readonly FmaTrack[];
  /**
   * Where to save the fitted model's JSON (none when omitted): checked before anything is fitted. An
   * existing file there is replaced only when it is a saved mirkit model; any other is refused.
   */
  out?: string;
  /** The classifier classes (default: the package's own); tests inject small ones. */
  lib?: ClassifierLib;
  /** Clock in milliseconds (default `performance.now`). */
  now?: () => number;
}

/** One row of the results table. */
export interface TrainResult {
  /** Model name (`--model`). */
  model: string;
  /** Classifier class. */
  estimator: string;
  /** Parameters as `key=value` pairs. */
  parameters: string;
  /** Pooled out-of-fold accuracy (NaN-free: absent when cross-validation was skipped). */
  accuracy?: number;
  /** Pooled out-of-fold macro F1. */
  f1Macro?: number;
  /** Folds used (0 when skipped). */
  folds: number;
  /** Wall time of the whole cross-validation (s). */
  cvSeconds?: number;
  /** Wall time of the final fit on every row (s). */
  fitSeconds: number;
  /** Rows trained on (with a split: the `training` rows). */
  rows: number;
  /** With a split: rows per split that matched a track. */
  splitRows?: Record<FmaSplit, number>;
  /** With a split: the scores on `validation` and `test` (splits without rows are left out). */
  splitScores?: SplitScore[];
  /** With a split: rows whose filename names no track of the split file (ignored). */
  unmatched?: number;
  /** Feature columns. */
  features: number;
  /** Classes seen. */
  classes: string[];
  /** Rows left out (errors, no label). */
  dropped: number;
  /** Where the model was saved. */
  out?: string;
  /** The fitted model. */
  fitted: Classifier;
}

/**
 * Cross-validates a zoo model with `crossValidate` (a fresh `Pipeline([StandardScaler, model])` fitted
 * on the training folds, scores over the pooled out-of-fold predictions, as the GTZAN baseline study),
 * then fits it on all rows and saves `model.toJSON()` to `out` (restorable with `fromJSON`). With
 * `split` (FMA `tracks.csv`), no cross-validation: the model is fitted on the `training` rows only,
 * scored on the `validation` and `test` rows (`splitScores`), and that model is saved.
 *
 * @param opts - see {@link TrainOptions}
 * @throws MirkitError `BAD_OPTION` for a bad model name or fold count, or an `out` that exists and is not a
 *   saved mirkit model (left untouched), `BAD_DATA`/`EMPTY_INPUT` for a bad CSV
 *   (`EMPTY_INPUT` too when no row is a training track of `split`)
 */
export async function runTrain(opts: TrainOptions): Promise<TrainResult> {
  const now = opts.now ?? (() => performance.now());
  const seed = opts.seed ?? 0;
  const folds = opts.folds ?? 10;
  const L = opts.lib ?? (await classifierLib());
  const make = await modelFactory(opts.model, seed, L);
  if (opts.out) await checkModelOut(opts.out); // before any work: an existing file that is not a model is refused
  let data = opts.data;
  if (!data) {
    if (!opts.features) throw new MirkitError('BAD_OPTION', 'runTrain needs features (a CSV path) or data', { option: 'features' });
    const { readCsvFile } = await import('../genre/csv.js');
    data = trainingDataFromTable(await readCsvFile(opts.features));
  }
  let { X, y } = data;
  const entry = MODEL_ZOO[opts.model];
  let held: { split: SplitScore['split']; X: number[][]; y: string[] }[] | undefined;
  let splitRows: Record<FmaSplit, number> | undefined;
  let unmatched: number | undefined;
  if (opts.split !== undefined) {
    let tracks = opts.split;
    if (typeof tracks === 'string') {
      const { loadFmaTracks } = await import('../genre/datasets.js');
      tracks = await loadFmaTracks(tracks);
    }
    const splitOf = new Map(tracks.map((t) => [t.trackId, t.split]));
    const parts: Record<FmaSplit, { X: number[][]; y: string[] }> = { training: { X: [], y: [] }, validation: { X: [], y: [] }, test: { X: [], y: [] } };
    unmatched = 0;
    data.filenames.forEach((f, i) => {
      const id = fmaTrackIdOf(f);
      const s = id === undefined ? undefined : splitOf.get(id);
      if (!s) {
        unmatched!++;
        return;
      }
      parts[s].X.push(X[i]);
      parts[s].y.push(y[i]);
    });
    splitRows = { training: parts.training.y.length, validation: parts.validation.y.length, test: parts.test.y.length };
    if (splitRows.training === 0) {
      throw new MirkitError('EMPTY_INPUT', `no row of the feature CSV is a training track of the split file (${unmatched} rows matched no track)`, {
        unmatched,
      });
    }
    X = parts.training.X;
    y = parts.training.y;
    held = (['validation', 'test'] as const).filter((s) => parts[s].y.length > 0).map((s) => ({ split: s, ...parts[s] }));
  }
  const result: Omit<TrainResult, 'fitted' | 'fitSeconds' | 'classes'> = {
    model: opts.model,
    estimator: entry.className,
    parameters: formatParams(entry.params(seed)),
    folds,
    rows: X.length,
    features: data.names.length,
    dropped: data.dropped,
  };
  if (held) {
    result.folds = 0;
    result.splitRows = splitRows;
    result.unmatched = unmatched;
  } else if (folds !== 0 || opts.cv) {
    const crossValidate = L.crossValidate;
    if (!crossValidate) throw new MirkitError('UNSUPPORTED', 'this build of mirkit lacks crossValidate, needed by mirkit train');
    const t0 = now();
    const cv = await crossValidate(make, X, y, opts.cv ? { cv: opts.cv } : { folds, seed });
    result.cvSeconds = (now() - t0) / 1000;
    result.accuracy = cv.accuracy;
    result.f1Macro = cv.f1Macro;
    result.folds = new Set(cv.foldOf).size;
  }
  const t1 = now();
  const fitted = make();
  await fitted.fit(X, y);
  const fitSeconds = (now() - t1) / 1000;
  if (held) {
    result.splitScores = [];
    for (const h of held) {
      const pred = (await fitted.predict(h.X)).map(String);
      result.splitScores.push({
        split: h.split,
        rows: h.y.length,
        accuracy: accuracyScore(h.y, pred),
        f1Macro: f1Score(h.y, pred, { average: 'macro' }) as number,
      });
    }
  }
  if (opts.out) {
    await writeModelFile(opts.out, JSON.stringify(fitted.toJSON()) + '\n');
    result.out = opts.out;
  }
  return { ...result, fitted, fitSeconds, classes: fitted.classes.map(String) };
}

/**
 * The results table in the genre study's form (Markdown): model, accuracy, macro F1, parameters,
 * training time (the cross-validation's, and the final fit's). A result with split scores gives one
 * line per scored split (`svc (SVC), validation (800 rows)`), fitted on the training rows.
 *
 * @param results - one or more {@link runTrain} results
 */
export function formatTrainTable(results: readonly Omit<TrainResult, 'fitted'>[]): string {
  const lines = ['| model | accuracy | macro F1 | parameters | training time |', '| --- | ---: | ---: | --- | ---: |'];
  for (const r of results) {
    if (r.splitScores) {
      for (const s of r.splitScores) {
        lines.push(
          `| ${r.model} (${r.estimator}), ${s.split} (${s.rows} rows) | ${s.accuracy.toFixed(3)} | ${s.f1Macro.toFixed(3)} | ${r.parameters} | ${r.fitSeconds.toFixed(2)} s (fit on ${r.rows} training rows) |`,
        );
      }
      continue;
    }
    const cv = r.cvSeconds !== undefined ? `${r.cvSeconds.toFixed(2)} s (${r.folds}-fold CV), ` : '';
    lines.push(
      `| ${r.model} (${r.estimator}) | ${r.accuracy !== undefined ? r.accuracy.toFixed(3) : '-'} | ${r.f1Macro !== undefined ? r.f1Macro.toFixed(3) : '-'} | ${r.parameters} | ${cv}${r.fitSeconds.toFixed(2)} s (fit) |`,
    );
  }
  return lines.join('\n') + '\n';
}
