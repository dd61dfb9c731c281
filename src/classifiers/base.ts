/**
 * Shared plumbing for the classifiers: input checks, label encoding, JSON envelope checks.
 * Internal module (its helpers are exported for the other classifier files, including `neural/`).
 */
import { MirkitError } from '../errors.js';
import { isMatrix } from '../matrix.js';
import { shown } from '../util/shown.js';
import type { FeatureTable, Label, ModelJSON } from './types.js';
export { badOption, checkIntParam, checkPositiveParam, checkSeed, withDefaults } from './params.js';

/** Feature rows as one row-major Float64Array: `data[i * d + j]`. */
export interface Dense {
  /** Number of samples (rows). */
  n: number;
  /** Number of features (columns). */
  d: number;
  /** Row-major values. */
  data: Float64Array;
}

/**
 * Validates a feature table (nested arrays or a Matrix with rows = samples) and copies it into a
 * {@link Dense}. Throws `EMPTY_INPUT`, `BAD_SHAPE` (ragged rows, wrong feature count) or `NON_FINITE`.
 */
export function toDense(X: FeatureTable, name = 'X', expectedFeatures?: number): Dense {
  let n: number, d: number, data: Float64Array;
  if (isMatrix(X)) {
    n = X.rows;
    d = X.cols;
    data = X.data instanceof Float64Array ? X.data.slice() : Float64Array.from(X.data);
  } else if (Array.isArray(X)) {
    n = X.length;
    if (n === 0) throw new MirkitError('EMPTY_INPUT', `${name} has no rows: pass at least one sample`);
    const first = X[0];
    if (first == null || typeof (first as ArrayLike<number>).length !== 'number') {
      throw new MirkitError('BAD_SHAPE', `${name} must be an array of feature rows (number[][]) or a Matrix`);
    }
    d = first.length;
    data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const row = X[i];
      if (row == null || row.length !== d) {
        throw new MirkitError('BAD_SHAPE', `${name}[${i}] has ${row == null ? 'no' : row.length} values, expected ${d} like row 0`, { row: i });
      }
      if (ArrayBuffer.isView(row) && !(row instanceof BigInt64Array || row instanceof BigUint64Array)) data.set(row as ArrayLike<number>, i * d);
      else for (let j = 0; j < d; j++) data[i * d + j] = typeof row[j] === 'number' ? row[j] : notNumber(`${name}[${i}][${j}]`, row[j]);
    }
  } else {
    throw new MirkitError('BAD_SHAPE', `${name} must be an array of feature rows (number[][]) or a Matrix { rows, cols, data }`);
  }
  if (n === 0 || d === 0) throw new MirkitError('EMPTY_INPUT', `${name} is empty (${n} x ${d})`);
  if (expectedFeatures !== undefined && d !== expectedFeatures) {
    throw new MirkitError('BAD_SHAPE', `${name} has ${d} features per row but the model was fitted on ${expectedFeatures}`, {
      features: d,
      expected: expectedFeatures,
    });
  }
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      const i = Math.floor(k / d);
      throw new MirkitError('NON_FINITE', `${name}[${i}][${k - i * d}] is ${data[k]}: features must be finite (impute or drop NaN/Inf first)`, {
        row: i,
        col: k - i * d,
      });
    }
  }
  return { n, d, data };
}

/**
 * `BAD_DATA` for the feature value `v` at `where` (`X[3][1]`) that is not a number: a string, null, a
 * boolean or an array is refused, not converted. @internal
 */
export function notNumber(where: string, v: unknown): never {
  const what = Array.isArray(v) || ArrayBuffer.isView(v) ? 'an array: a clip given as a sequence needs SequencePooling first' : `${shown(v)}, not a number`;
  throw new MirkitError('BAD_DATA', `${where} is ${what}`, { at: where });
}

/** Largest feature magnitude the kernel and distance classifiers (SVC, KNeighbors) take: 1e100 (sums of squares stay finite). */
export const MAX_FEATURE_MAGNITUDE = 1e100;

/**
 * `BAD_DATA` naming `model` when a value of the dense rows `data` (`d` per row) exceeds
 * {@link MAX_FEATURE_MAGNITUDE}, beyond which its `what` (kernel values, distances) would overflow.
 */
export function checkFeatureMagnitude(data: Float64Array, d: number, model: string, what: string): void {
  for (let k = 0; k < data.length; k++) {
    if (Math.abs(data[k]) > MAX_FEATURE_MAGNITUDE) {
      const row = Math.floor(k / d);
      throw new MirkitError(
        'BAD_DATA',
        `${model}: X[${row}][${k % d}] is ${data[k]}, beyond the bound 1e100 where ${what} overflow; scale the features (StandardScaler) first`,
        { row, col: k % d },
      );
    }
  }
}

/** Dense back to nested arrays. */
export function denseToRows(m: Dense): number[][] {
  const out: number[][] = new Array(m.n);
  for (let i = 0; i < m.n; i++) out[i] = Array.from(m.data.subarray(i * m.d, (i + 1) * m.d));
  return out;
}

/** Sorts labels the scikit-learn way: numbers ascending, strings in code-unit order. */
export function sortLabels(labels: Label[]): Label[] {
  return labels.slice().sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : a < b ? -1 : a > b ? 1 : 0));
}

/** Sorted unique classes of `y` plus each sample's class index. */
export interface EncodedLabels {
  /** Sorted unique labels. */
  classes: Label[];
  /** `yi[i]` = index of `y[i]` in `classes`. */
  yi: Int32Array;
}

/**
 * Checks labels against `n` samples and encodes them. Throws `BAD_SHAPE` on a length mismatch,
 * `BAD_LABELS` on mixed/invalid label types or fewer than `minClasses` classes (default 2). `name`
 * is the array's name in the messages (`yPred[3] is NaN`).
 */
export function encodeLabels(y: Label[], n: number, minClasses = 2, name = 'y'): EncodedLabels {
  if (!Array.isArray(y)) throw new MirkitError('BAD_LABELS', `${name} must be an array of labels (strings or numbers)`);
  if (y.length !== n)
    throw new MirkitError('BAD_SHAPE', `X has ${n} rows but ${name} has ${y.length} labels: pass one label per row`, { rows: n, labels: y.length });
  const kind = typeof y[0];
  if (kind !== 'string' && kind !== 'number') throw new MirkitError('BAD_LABELS', 'labels must be strings or numbers');
  const set = new Set<Label>();
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v !== kind) throw new MirkitError('BAD_LABELS', `${name}[${i}] is a ${typeof v} but ${name}[0] is a ${kind}: use one label type`);
    if (kind === 'number' && !Number.isFinite(v as number)) throw new MirkitError('BAD_LABELS', `${name}[${i}] is ${v}: numeric labels must be finite`);
    set.add(v);
  }
  const classes = sortLabels([...set]);
  if (classes.length < minClasses) {
    throw new MirkitError('BAD_LABELS', `${name} holds ${classes.length} class${classes.length === 1 ? '' : 'es'}: a classifier needs at least ${minClasses}`, {
      classes,
    });
  }
  const index = new Map<Label, number>();
  classes.forEach((c, i) => index.set(c, i));
  const yi = new Int32Array(n);
  for (let i = 0; i < n; i++) yi[i] = index.get(y[i])!;
  return { classes, yi };
}

/** Throws `NOT_FITTED` unless `fitted`. */
export function assertFitted(fitted: boolean, model: string): void {
  if (!fitted) throw new MirkitError('NOT_FITTED', `${model} is not fitted: call fit(X, y) first (or restore a fitted model with fromJSON)`);
}

/**
 * A deep copy of an estimator's params (scikit-learn's `get_params`): plain values, arrays and
 * objects are copied so that changing the copy leaves the estimator untouched.
 */
export function copyParams<T>(params: T): T {
  return structuredClone(params);
}

/**
 * Base of the models whose constructor takes one options object and keeps it, defaults filled, as
 * `params`: scikit-learn's `get_params` and `clone` from it. @internal
 */
export abstract class ParamsEstimator<P extends object> {
  /** Options with defaults filled. */
  readonly params: P;

  /** @param params - the constructor's options with defaults filled, kept as {@link ParamsEstimator.params} */
  protected constructor(params: P) {
    this.params = params;
  }

  /** The constructor options with defaults filled (scikit-learn's `get_params`), a plain JSON-able copy. */
  getParams(): P {
    return copyParams(this.params);
  }

  /** An unfitted copy with the same params (scikit-learn's `clone`). */
  clone(): this {
    return new (this.constructor as new (options: P) => this)(this.getParams());
  }

  /** The model JSON of this estimator: its params and, for a fitted one, `state`. @internal */
  protected paramsJSON(type: string, version: number, state?: Record<string, unknown>): ModelJSON {
    return modelJSON(type, version, this.params as Record<string, unknown>, state);
  }

  /**
   * Reads a model of this class saved as `type` at the class's `VERSION` (see `readModelJSON`):
   * the estimator is built from the saved params and `load` restores its fitted state. @internal
   */
  protected static restore<M>(
    this: (new (options: never) => M) & { readonly VERSION: number },
    json: unknown,
    type: string,
    load: (model: M, state: Record<string, unknown>) => void,
  ): M {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass being restored, not ParamsEstimator
    return readModelJSON(json, type, this.VERSION, (p) => new this(p as never), load);
  }
}

/**
 * Base of the classifiers that predict through class probabilities (scikit-learn's `ClassifierMixin`):
 * `predict` is the most probable class of `predictProba`, and the model JSON saves `classes` and
 * `nFeatures` beside each model's own state. @internal
 */
export abstract class ProbaClassifier<P extends object> extends ParamsEstimator<P> {
  /** Classes seen in fit (sorted); {@link ProbaClassifier.classes} hands out copies. @internal */
  protected fittedClasses: Label[] = [];

  /** Classes seen in fit (sorted), a copy: changing it changes nothing in the model. */
  get classes(): Label[] {
    return this.fittedClasses.slice();
  }
  /** Features per row seen in fit (0 before). @internal */
  protected nFeatures = 0;

  /** Records what a fit learnt about the data (its sorted classes and feature count) and returns the model. @internal */
  protected fitted(classes: Label[], nFeatures: number): this {
    this.fittedClasses = classes;
    this.nFeatures = nFeatures;
    return this;
  }

  /** Class probabilities per row, columns in the order of `classes`. */
  abstract predictProba(X: FeatureTable): number[][];

  /** The most probable class per row (the first of `classes` on ties). */
  predict(X: FeatureTable): Label[] {
    return probaToLabels(this.predictProba(X), this.fittedClasses);
  }

  /** The model JSON: params, and for a fitted model (`state` given) `classes`, `nFeatures` and `state`. @internal */
  protected fittedJSON(type: string, version: number, state: Record<string, unknown> | null): ModelJSON {
    return this.paramsJSON(type, version, state ? { classes: this.fittedClasses.slice(), nFeatures: this.nFeatures, ...state } : undefined);
  }

  /**
   * `restore` for a classifier: `classes` and `nFeatures` are read from the saved state (see
   * {@link ProbaClassifier.readFitted}) before `load` restores the model's own. @internal
   */
  protected static restoreFitted<M extends ProbaClassifier<object>>(
    this: (new (options: never) => M) & { readonly VERSION: number },
    json: unknown,
    type: string,
    load: (model: M, state: Record<string, unknown>) => void,
  ): M {
    const loadFitted = (m: M, st: Record<string, unknown>): void => {
      m.readFitted(st, type);
      load(m, st);
    };
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass being restored, not ProbaClassifier
    return readModelJSON(json, type, this.VERSION, (p) => new this(p as never), loadFitted);
  }

  /** Restores `classes` and `nFeatures` from a saved state (throws `BAD_MODEL`). @internal */
  protected readFitted(st: Record<string, unknown>, type: string): void {
    this.fittedClasses = checkClasses(st.classes, type);
    checkState(Number.isInteger(st.nFeatures) && (st.nFeatures as number) > 0, type, 'state.nFeatures');
    this.nFeatures = st.nFeatures as number;
  }
}

/** Current model JSON format versions, per type. */
export const MODEL_FORMAT = 'mirkit-model' as const;

/**
 * Base of the classifiers whose probabilities are a link of raw scores (the linear and boosted
 * models): `predictProba` is the softmax of {@link ScoreClassifier.decisionFunction}'s scores, the
 * logistic where there is one score column (two classes). @internal
 */
export abstract class ScoreClassifier<P extends object> extends ProbaClassifier<P> {
  /** Raw scores per row: one per class, or one column (the second class's log-odds) for two classes. */
  abstract decisionFunction(X: FeatureTable): number[][];

  /** Class probabilities: the softmax of the raw scores, or the logistic of a single score column; rows sum to 1. */
  predictProba(X: FeatureTable): number[][] {
    return this.decisionFunction(X).map(scoresToProba);
  }
}

/** Builds a {@link ModelJSON} envelope. */
export function modelJSON(type: string, version: number, params: Record<string, unknown>, state?: unknown): ModelJSON {
  const out: ModelJSON = { format: MODEL_FORMAT, version, type, params: JSON.parse(JSON.stringify(params)) };
  if (state !== undefined) out.state = state;
  return out;
}

/**
 * Checks a {@link ModelJSON} envelope (format, type, version, params object). Throws `BAD_MODEL`.
 */
export function checkModelJSON(json: unknown, type: string, version: number): ModelJSON {
  if (typeof json !== 'object' || json === null)
    throw new MirkitError('BAD_MODEL', `expected a mirkit model JSON object, got ${json === null ? 'null' : typeof json}`);
  const j = json as Partial<ModelJSON>;
  if (j.format !== MODEL_FORMAT) throw new MirkitError('BAD_MODEL', `not a mirkit model (format is ${JSON.stringify(j.format)}, expected 'mirkit-model')`);
  if (j.type !== type) throw new MirkitError('BAD_MODEL', `model type is ${JSON.stringify(j.type)}, expected '${type}'`);
  if (j.version !== version) {
    throw new MirkitError(
      'BAD_MODEL',
      `${type} model JSON version ${JSON.stringify(j.version)} is not supported (this mirkit reads version ${version}); re-save the model with a matching mirkit`,
      { version: j.version, expected: version },
    );
  }
  if (typeof j.params !== 'object' || j.params === null) throw new MirkitError('BAD_MODEL', `${type} model JSON has no params object`);
  return j as ModelJSON;
}

/** Throws `BAD_MODEL` with a message about a malformed state field unless `cond`. */
export function checkState(cond: unknown, type: string, what: string): asserts cond {
  if (!cond) throw new MirkitError('BAD_MODEL', `${type} model JSON is malformed: ${what}`);
}

/** Checks that restored classes are a non-empty array of labels. */
export function checkClasses(c: unknown, type: string): Label[] {
  checkState(
    Array.isArray(c) && c.length >= 2 && c.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))),
    type,
    'state.classes must list at least two labels (strings or finite numbers)',
  );
  checkState(
    (c as Label[]).every((v) => typeof v === typeof c[0]),
    type,
    'state.classes mixes strings and numbers (fit takes one label type)',
  );
  const seen = new Set<Label>();
  for (const v of c as Label[]) {
    checkState(!seen.has(v), type, `state.classes lists the label ${JSON.stringify(v)} twice`);
    seen.add(v);
  }
  return c as Label[];
}

/** Index of the largest value in `row[off .. off+k)` (first on ties, like numpy's argmax). */
export function argmax(row: ArrayLike<number>, off = 0, k = row.length - off): number {
  let best = 0,
    bv = row[off];
  for (let j = 1; j < k; j++)
    if (row[off + j] > bv) {
      bv = row[off + j];
      best = j;
    }
  return best;
}

/** Maps class-probability rows to labels via argmax. */
export function probaToLabels(P: number[][], classes: Label[]): Label[] {
  return P.map((r) => classes[argmax(r)]);
}

/** In-place softmax of `z[off .. off+k)`. */
export function softmaxInPlace(z: Float64Array | number[], off: number, k: number): void {
  let m = -Infinity;
  for (let j = 0; j < k; j++) if (z[off + j] > m) m = z[off + j];
  let s = 0;
  for (let j = 0; j < k; j++) {
    const e = Math.exp(z[off + j] - m);
    z[off + j] = e;
    s += e;
  }
  for (let j = 0; j < k; j++) z[off + j] /= s;
}

/** The logistic function `1 / (1 + e^-t)`, computed without overflow for either sign of `t`. */
export function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}

/**
 * Class probabilities from one row of raw scores: `[1 - p, p]` with `p` the logistic of a single
 * score (two classes), else the softmax of the scores.
 */
export function scoresToProba(z: ArrayLike<number>): number[] {
  if (z.length === 1) {
    const p = sigmoid(z[0]);
    return [1 - p, p];
  }
  return softmaxRow(z);
}

/** Softmax of one row of scores, as a new plain array (the row is left untouched). */
export function softmaxRow(z: ArrayLike<number>): number[] {
  const a = Float64Array.from(z);
  softmaxInPlace(a, 0, a.length);
  return Array.from(a);
}

/** Float64Array → plain number array (for JSON). */
export function f64ToArray(a: ArrayLike<number>): number[] {
  return Array.from(a);
}

/** Checks a plain numeric array from JSON and returns it as Float64Array. */
export function arrayToF64(a: unknown, type: string, what: string, length?: number): Float64Array {
  checkState(Array.isArray(a) && a.every((v) => typeof v === 'number' && Number.isFinite(v)), type, `${what} must be an array of finite numbers`);
  if (length !== undefined) checkState((a as number[]).length === length, type, `${what} must have ${length} values`);
  return Float64Array.from(a as number[]);
}

/** Checks an integer array from JSON and returns it as Int32Array. */
export function arrayToI32(a: unknown, type: string, what: string, min = -(2 ** 31)): Int32Array {
  checkState(Array.isArray(a) && a.every((v) => Number.isInteger(v) && v <= 2 ** 31 - 1), type, `${what} must be an array of integers`);
  checkState(
    (a as number[]).every((v) => v >= min),
    type,
    `${what} must hold integers >= ${min}`,
  );
  return Int32Array.from(a as number[]);
}

/**
 * An unfitted copy of `model` through its `clone()` (scikit-learn's `clone`). Throws `BAD_OPTION`
 * naming `what` when the model has none (a user classifier written before `clone` existed).
 */
export function cloneModel<T extends { clone?: () => unknown }>(model: T, what: string): NonNullable<ReturnType<NonNullable<T['clone']>>> {
  if (typeof model?.clone !== 'function')
    throw new MirkitError('BAD_OPTION', `${what} has no clone(): pass a factory, or give it clone() and getParams()`, { option: what });
  return model.clone() as NonNullable<ReturnType<NonNullable<T['clone']>>>;
}

/**
 * Builds the estimator of a saved model from its `params` (`make(params)`), reporting an invalid
 * parameter as `BAD_MODEL` naming `params.<option>` instead of the constructor's `BAD_OPTION`.
 */
export function restoreParams<M>(type: string, make: () => M): M {
  try {
    return make();
  } catch (e) {
    if (e instanceof MirkitError && e.code === 'BAD_OPTION') {
      const opt = typeof e.details?.option === 'string' ? `params.${e.details.option}` : 'params';
      throw new MirkitError('BAD_MODEL', `${type} model JSON is malformed: ${opt}: ${e.message}`, { path: opt });
    }
    throw e;
  }
}

/**
 * Reads a saved model of `type`: checks the envelope ({@link checkModelJSON}), builds the model from its
 * params with `make` (an invalid option is `BAD_MODEL` naming `params.<option>`, see {@link restoreParams})
 * and, when the JSON holds a fitted state, checks that it is an object and hands it to `load`.
 */
export function readModelJSON<M>(
  json: unknown,
  type: string,
  version: number,
  make: (params: Record<string, unknown>) => M,
  load: (model: M, state: Record<string, unknown>) => void,
): M {
  const j = checkModelJSON(json, type, version);
  const model = restoreParams(type, () => make(j.params));
  if (j.state !== undefined) {
    const st = j.state as Record<string, unknown>;
    checkState(typeof st === 'object' && st !== null && !Array.isArray(st), type, 'state must be an object');
    load(model, st);
  }
  return model;
}
