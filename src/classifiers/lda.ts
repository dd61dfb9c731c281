/**
 * Linear discriminant analysis: a Gaussian model of each class with one covariance shared by all,
 * scikit-learn's `LinearDiscriminantAnalysis(solver='lsqr')`, with its shrinkage (Ledoit-Wolf or a
 * fixed intensity).
 */
import { MirkitError } from '../errors.js';
import { LINEAR_DISCRIMINANT_ANALYSIS_OPTIONS } from '../constructor-option-keys.js';
import { readConstructorOptions } from '../options.js';
import { arrayToF64, assertFitted, badOption, checkFeatureMagnitude, checkState, encodeLabels, ScoreClassifier, toDense } from './base.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';

/** Options of {@link LinearDiscriminantAnalysis} (scikit-learn's parameters of the `'lsqr'` solver). */
export interface LinearDiscriminantAnalysisOptions {
  /**
   * Shrinkage of each class's covariance towards a multiple of the identity: `null` (default) for
   * none, `'auto'` for the Ledoit-Wolf intensity (computed on the class's standardised features), or
   * a fixed intensity in [0, 1].
   */
  shrinkage?: 'auto' | number | null;
  /** Class priors by label (normalised to sum 1); `null` (default): the class frequencies of the training data. */
  priors?: Record<string, number> | null;
}

/**
 * Linear discriminant analysis, scikit-learn's `LinearDiscriminantAnalysis(solver='lsqr',
 * shrinkage, priors)`: each class is a Gaussian with its own mean and a covariance shared by all
 * classes, the prior-weighted mean of the classes' covariances (ddof 0, each shrunk first when
 * `shrinkage` is set). The scores are `x . w_k + b_k` with `w_k = Sigma^-1 mu_k` and
 * `b_k = -mu_k . w_k / 2 + log prior_k`; probabilities are their softmax (for two classes, the
 * logistic of the difference, which `decisionFunction` returns). The system is solved by Cholesky
 * factorisation: a singular shared covariance (fewer rows than features, constant or collinear
 * features) is `BAD_DATA` unless shrinkage makes it positive definite, where scikit-learn's least
 * squares would return a minimum-norm solution. Cost: O(n d^2 + d^3) to fit.
 *
 * @example
 * ```ts
 * const lda = new LinearDiscriminantAnalysis({ shrinkage: 'auto' }).fit(X, y);
 * lda.predictProba(Xtest);
 * ```
 */
export class LinearDiscriminantAnalysis extends ScoreClassifier<Required<LinearDiscriminantAnalysisOptions>> implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  private weights: Float64Array | null = null;
  private biases: Float64Array | null = null;
  private classMeans: Float64Array | null = null;
  private classPriors: Float64Array | null = null;

  /** @param options - see {@link LinearDiscriminantAnalysisOptions} */
  constructor(options: LinearDiscriminantAnalysisOptions = {}) {
    options = readConstructorOptions('LinearDiscriminantAnalysis', options, LINEAR_DISCRIMINANT_ANALYSIS_OPTIONS);
    const shrinkage = options.shrinkage ?? null;
    if (!(shrinkage === null || shrinkage === 'auto' || (typeof shrinkage === 'number' && shrinkage >= 0 && shrinkage <= 1)))
      badOption('shrinkage', `must be null, 'auto' or a number in [0, 1], got ${String(shrinkage)}`);
    const priors = options.priors ?? null;
    if (priors !== null) {
      if (typeof priors !== 'object' || Array.isArray(priors)) badOption('priors', 'must be an object of label -> prior, or null');
      for (const [label, v] of Object.entries(priors))
        if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) badOption('priors', `prior of class ${label} must be a positive finite number`);
    }
    super({ shrinkage, priors });
  }

  /** Per class (rows, in the order of `classes`), the weights of the scores: `[classes][nFeatures]`. */
  get coef(): number[][] {
    assertFitted(this.weights !== null, 'LinearDiscriminantAnalysis');
    return this.rows(this.weights!);
  }

  /** Per class, the constant of the scores. */
  get intercept(): number[] {
    assertFitted(this.biases !== null, 'LinearDiscriminantAnalysis');
    return Array.from(this.biases!);
  }

  /** Per class, the mean of its training rows: `[classes][nFeatures]` (scikit-learn's `means_`). */
  get means(): number[][] {
    assertFitted(this.classMeans !== null, 'LinearDiscriminantAnalysis');
    return this.rows(this.classMeans!);
  }

  /** The class priors used, in the order of `classes` (scikit-learn's `priors_`). */
  get priors(): number[] {
    assertFitted(this.classPriors !== null, 'LinearDiscriminantAnalysis');
    return Array.from(this.classPriors!);
  }

  /** Fits the class means, the shared covariance and the linear scores. */
  fit(X: FeatureTable, y: Label[]): this {
    const { n, d, data } = toDense(X);
    const { classes, yi } = encodeLabels(y, n);
    checkFeatureMagnitude(data, d, 'LinearDiscriminantAnalysis', 'covariances');
    const K = classes.length;
    const counts = new Float64Array(K);
    for (let i = 0; i < n; i++) counts[yi[i]]++;
    const priors = this.priorsFor(classes, counts, n);
    const means = new Float64Array(K * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[yi[i] * d + j] += data[i * d + j];
    for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) means[k * d + j] /= counts[k];
    const shared = new Float64Array(d * d);
    for (let k = 0; k < K; k++) {
      const cov = classCovariance(data, d, yi, k, counts[k], means.subarray(k * d, (k + 1) * d), this.params.shrinkage);
      for (let q = 0; q < d * d; q++) shared[q] += priors[k] * cov[q];
    }
    const chol = cholesky(shared, d);
    if (!chol)
      throw new MirkitError(
        'BAD_DATA',
        "LinearDiscriminantAnalysis: the shared covariance is singular (fewer rows than features, or constant or collinear features); set shrinkage ('auto' or a number)",
      );
    const weights = new Float64Array(K * d);
    const biases = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      const mu = means.subarray(k * d, (k + 1) * d);
      const w = choleskySolve(chol, d, mu);
      weights.set(w, k * d);
      let s = 0;
      for (let j = 0; j < d; j++) s += mu[j] * w[j];
      biases[k] = -0.5 * s + Math.log(priors[k]);
    }
    if (!weights.every(Number.isFinite) || !biases.every(Number.isFinite))
      throw new MirkitError(
        'BAD_DATA',
        'LinearDiscriminantAnalysis: the scores are not finite (features of extreme magnitude or a near-singular covariance); scale the features or set shrinkage',
      );
    this.weights = weights;
    this.biases = biases;
    this.classMeans = means;
    this.classPriors = priors;
    return this.fitted(classes, d);
  }

  /** Scores per row: one per class, or for two classes one column, the second class's minus the first's (scikit-learn's `decision_function`). */
  decisionFunction(X: FeatureTable): number[][] {
    assertFitted(this.weights !== null, 'LinearDiscriminantAnalysis');
    const { n, d, data } = toDense(X, 'X', this.nFeatures);
    const K = this.classes.length;
    const W = this.weights!,
      b = this.biases!;
    const out: number[][] = [];
    for (let i = 0; i < n; i++) {
      const scores = new Array<number>(K);
      for (let k = 0; k < K; k++) {
        let s = b[k];
        for (let j = 0; j < d; j++) s += W[k * d + j] * data[i * d + j];
        scores[k] = s;
      }
      out.push(K === 2 ? [scores[1] - scores[0]] : scores);
    }
    return out;
  }

  /** Plain-JSON snapshot (the score weights, the class means and priors; not the covariance). */
  toJSON(): ModelJSON {
    const fitted = this.weights
      ? { coef: Array.from(this.weights), intercept: Array.from(this.biases!), means: Array.from(this.classMeans!), priors: Array.from(this.classPriors!) }
      : null;
    return this.fittedJSON('LinearDiscriminantAnalysis', LinearDiscriminantAnalysis.VERSION, fitted);
  }

  /** Restores a model saved by {@link LinearDiscriminantAnalysis.toJSON}. Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): LinearDiscriminantAnalysis {
    const T = 'LinearDiscriminantAnalysis';
    return LinearDiscriminantAnalysis.restoreFitted(json, T, (m, s) => {
      const K = m.classes.length,
        d = m.nFeatures;
      checkState(K * d <= 2 ** 28, T, 'state.nFeatures is too large');
      m.weights = arrayToF64(s.coef, T, 'state.coef', K * d);
      m.biases = arrayToF64(s.intercept, T, 'state.intercept', K);
      m.classMeans = arrayToF64(s.means, T, 'state.means', K * d);
      m.classPriors = arrayToF64(s.priors, T, 'state.priors', K);
    });
  }

  /** The priors in class order: the given ones (normalised) or the class frequencies. */
  private priorsFor(classes: Label[], counts: Float64Array, n: number): Float64Array {
    const given = this.params.priors;
    const K = classes.length;
    const p = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      if (given === null) p[k] = counts[k] / n;
      else {
        const v = given[String(classes[k])];
        if (v === undefined) badOption('priors', `has no prior for class ${String(classes[k])}`);
        p[k] = v;
      }
    }
    const total = p.reduce((a, v) => a + v, 0);
    for (let k = 0; k < K; k++) p[k] /= total;
    return p;
  }

  private rows(flat: Float64Array): number[][] {
    const d = this.nFeatures;
    return this.classes.map((_, k) => Array.from(flat.subarray(k * d, (k + 1) * d)));
  }
}

/**
 * The covariance of class `k`'s rows (ddof 0), `d x d` row-major, shrunk as `shrinkage` says: a fixed
 * intensity a gives `(1 - a) S + a (tr S / d) I`; `'auto'` standardises the rows, shrinks by the
 * Ledoit-Wolf intensity and scales back (scikit-learn's `_cov`).
 */
function classCovariance(
  data: Float64Array,
  d: number,
  yi: Int32Array,
  k: number,
  count: number,
  mean: Float64Array,
  shrinkage: 'auto' | number | null,
): Float64Array {
  // the class's rows, centred (and standardised for 'auto')
  const Z = new Float64Array(count * d);
  for (let i = 0, r = 0; i < yi.length; i++) {
    if (yi[i] !== k) continue;
    for (let j = 0; j < d; j++) Z[r * d + j] = data[i * d + j] - mean[j];
    r++;
  }
  const scale = new Float64Array(d).fill(1);
  if (shrinkage === 'auto') {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let r = 0; r < count; r++) s += Z[r * d + j] * Z[r * d + j];
      const sd = Math.sqrt(s / count);
      scale[j] = sd > 0 ? sd : 1; // StandardScaler leaves constant features as they are
    }
    for (let r = 0; r < count; r++) for (let j = 0; j < d; j++) Z[r * d + j] /= scale[j];
  }
  const S = gram(Z, count, d, false);
  for (let q = 0; q < d * d; q++) S[q] /= count;
  let a = 0;
  if (shrinkage === 'auto') a = ledoitWolfIntensity(Z, count, d, S);
  else if (typeof shrinkage === 'number') a = shrinkage;
  if (a > 0) {
    let trace = 0;
    for (let j = 0; j < d; j++) trace += S[j * d + j];
    for (let q = 0; q < d * d; q++) S[q] *= 1 - a;
    for (let j = 0; j < d; j++) S[j * d + j] += (a * trace) / d;
  }
  if (shrinkage === 'auto') for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S[i * d + j] *= scale[i] * scale[j];
  return S;
}

/** `Z^T Z` (or of the squares of Z's values), `d x d` row-major, for `n x d` row-major Z. */
function gram(Z: Float64Array, n: number, d: number, squares: boolean): Float64Array {
  const G = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) row[j] = squares ? Z[r * d + j] * Z[r * d + j] : Z[r * d + j];
    for (let i = 0; i < d; i++) {
      const v = row[i];
      if (v === 0) continue;
      const o = i * d;
      for (let j = 0; j <= i; j++) G[o + j] += v * row[j];
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) G[j * d + i] = G[i * d + j];
  return G;
}

/**
 * The Ledoit-Wolf shrinkage intensity (Ledoit & Wolf 2004, "A well-conditioned estimator for
 * large-dimensional covariance matrices", as scikit-learn's `ledoit_wolf_shrinkage` writes it) of
 * centred `n x d` rows Z whose covariance (ddof 0) is S: the estimated squared distance of S from the
 * truth over its squared distance from `(tr S / d) I`, capped at 1; 0 for one feature.
 */
function ledoitWolfIntensity(Z: Float64Array, n: number, d: number, S: Float64Array): number {
  if (d === 1) return 0;
  let trace = 0;
  for (let j = 0; j < d; j++) trace += S[j * d + j];
  const mu = trace / d;
  let delta = 0;
  for (let q = 0; q < d * d; q++) delta += S[q] * S[q];
  const G2 = gram(Z, n, d, true);
  let beta = 0;
  for (let q = 0; q < d * d; q++) beta += G2[q];
  beta = (beta / n - delta) / (d * n);
  const spread = (delta - 2 * mu * trace + d * mu * mu) / d;
  beta = Math.min(beta, spread);
  return beta === 0 ? 0 : beta / spread;
}

/** The lower Cholesky factor of a symmetric `d x d` matrix, or null unless it is positive definite. */
function cholesky(A: Float64Array, d: number): Float64Array | null {
  const L = new Float64Array(d * d);
  let maxDiag = 0;
  for (let i = 0; i < d; i++) maxDiag = Math.max(maxDiag, Math.abs(A[i * d + i]));
  const floor = maxDiag * d * Number.EPSILON;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j];
      for (let k = 0; k < j; k++) s -= L[i * d + k] * L[j * d + k];
      if (i === j) {
        if (!(s > floor)) return null;
        L[i * d + i] = Math.sqrt(s);
      } else L[i * d + j] = s / L[j * d + j];
    }
  }
  return L;
}

/** Solves `L L^T x = b` for the lower Cholesky factor L. */
function choleskySolve(L: Float64Array, d: number, b: Float64Array): Float64Array {
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * d + k] * z[k];
    z[i] = s / L[i * d + i];
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < d; k++) s -= L[k * d + i] * x[k];
    x[i] = s / L[i * d + i];
  }
  return x;
}
