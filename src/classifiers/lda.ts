/**
 * Linear discriminant analysis: a Gaussian model of each class with one covariance shared by all,
 * scikit-learn's `LinearDiscriminantAnalysis(solver='lsqr')`, with its shrinkage (Ledoit-Wolf or a
 * fixed intensity).
 */
import { MirkitError } from '../errors.js';
import { LINEAR_DISCRIMINANT_ANALYSIS_OPTIONS } from '../constructor-option-keys.js';
import { readConstructorOptions } from '../options.js';
import { arrayToF64, assertFitted, badOption, checkFeatureMagnitude, checkState, encodeLabels, ScoreClassifier, toDense } from './base.js';
import { finiteOutputs } from './linear.js';
import { checkPriorsOption, classPriors } from './priors.js';
import { centredRows, gram } from './scatter.js';
import { backSolve, cholesky, choleskySolve, forwardSolve, symmetricEigen } from '../util/linalg.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';
import { shown } from '../util/shown.js';

/** Most features {@link LinearDiscriminantAnalysis} takes: its d x d float64 covariances then hold 512 MiB each. */
const MAX_LDA_FEATURES = 8192;

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
  /**
   * `'lsqr'` (default): the scores by solving the shared covariance's system (classification only).
   * `'eigen'`: also the discriminant directions (the generalized eigenvectors of the between-class
   * against the within-class covariance), so that {@link LinearDiscriminantAnalysis.transform} projects
   * onto them; the same scores. scikit-learn's default, `'svd'`, is not offered: its scores equal
   * these wherever the covariance is non-singular, and its projection differs from `'eigen'`'s by a
   * shift.
   */
  solver?: 'lsqr' | 'eigen';
  /** Directions `transform` keeps (`'eigen'` solver): at most `classes - 1`; `null` (default): `classes - 1` (or the feature count if smaller). */
  nComponents?: number | null;
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
  /** `'eigen'`: the kept directions as columns, `[nFeatures][components]` row-major, and their variance ratios. */
  private scalings: Float64Array | null = null;
  private varianceRatios: Float64Array | null = null;

  /** @param options - see {@link LinearDiscriminantAnalysisOptions} */
  constructor(options: LinearDiscriminantAnalysisOptions = {}) {
    options = readConstructorOptions('LinearDiscriminantAnalysis', options, LINEAR_DISCRIMINANT_ANALYSIS_OPTIONS);
    const shrinkage = options.shrinkage ?? null;
    if (!(shrinkage === null || shrinkage === 'auto' || (typeof shrinkage === 'number' && shrinkage >= 0 && shrinkage <= 1)))
      badOption('shrinkage', `must be null, 'auto' or a number in [0, 1], got ${shown(shrinkage)}`);
    const priors = checkPriorsOption(options.priors);
    const solver = options.solver ?? 'lsqr';
    if (solver !== 'lsqr' && solver !== 'eigen') badOption('solver', `must be 'lsqr' or 'eigen', got ${shown(solver)}`);
    const nComponents = options.nComponents ?? null;
    if (nComponents !== null && !(Number.isInteger(nComponents) && nComponents >= 1))
      badOption('nComponents', `must be a positive integer or null, got ${shown(nComponents)}`);
    super({ shrinkage, priors, solver, nComponents });
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

  /**
   * `'eigen'` solver: scikit-learn's `explained_variance_ratio_`, the largest of the ratios of each
   * generalized eigenvalue to their sum, one per kept direction: each direction's share of the
   * between-class variance, largest first. With shrinkage the eigenvalues can be negative; where their
   * sum is, the ratios (sorted as scikit-learn sorts them) no longer follow the directions' order.
   */
  get explainedVarianceRatio(): number[] {
    assertFitted(this.weights !== null, 'LinearDiscriminantAnalysis');
    if (!this.varianceRatios) badOption('solver', "explainedVarianceRatio needs solver: 'eigen'");
    return Array.from(this.varianceRatios);
  }

  /** Fits the class means, the shared covariance and the linear scores (and for `'eigen'` the discriminant directions). */
  fit(X: FeatureTable, y: Label[]): this {
    const { n, d, data } = toDense(X);
    const { classes, yi } = encodeLabels(y, n);
    checkFeatureMagnitude(data, d, 'LinearDiscriminantAnalysis', 'covariances');
    if (d > MAX_LDA_FEATURES)
      throw new MirkitError(
        'BAD_SHAPE',
        `LinearDiscriminantAnalysis holds d x d covariances: ${d} features is above its ${MAX_LDA_FEATURES} (reduce them first, e.g. by pooling)`,
        { features: d },
      );
    const K = classes.length;
    const counts = new Float64Array(K);
    for (let i = 0; i < n; i++) counts[yi[i]]++;
    const priors = classPriors(this.params.priors, classes, counts, n, true);
    const means = new Float64Array(K * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[yi[i] * d + j] += data[i * d + j];
    for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) means[k * d + j] /= counts[k];
    const maxComponents = Math.min(K - 1, d);
    const wanted = this.params.nComponents ?? maxComponents;
    if (this.params.solver === 'eigen' && wanted > maxComponents)
      badOption('nComponents', `is ${wanted}, but at most min(classes - 1, features) = ${maxComponents} directions exist`);
    const shared = new Float64Array(d * d);
    for (let k = 0; k < K; k++) {
      const cov = covariance(data, d, (i) => yi[i] === k, counts[k], means.subarray(k * d, (k + 1) * d), this.params.shrinkage);
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
    this.scalings = null;
    this.varianceRatios = null;
    if (this.params.solver === 'eigen')
      ({ scalings: this.scalings, ratios: this.varianceRatios } = discriminantDirections(data, n, d, shared, chol, wanted, this.params.shrinkage));
    this.weights = weights;
    this.biases = biases;
    this.classMeans = means;
    this.classPriors = priors;
    return this.fitted(classes, d);
  }

  /**
   * Scores per row: one per class, or for two classes one column, the second class's minus the first's
   * (scikit-learn's `decision_function`). Throws `BAD_DATA` when a score overflows float64 (features near 1e308).
   */
  decisionFunction(X: FeatureTable): number[][] {
    assertFitted(this.weights !== null, 'LinearDiscriminantAnalysis');
    const { n, d, data } = toDense(X, 'X', this.nFeatures);
    const K = this.fittedClasses.length;
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
    return finiteOutputs('LinearDiscriminantAnalysis', 'score', out);
  }

  /**
   * Projects rows onto the discriminant directions (`'eigen'` solver; scikit-learn's `transform`):
   * `[n][components]`, `X . v_j` for each kept direction v_j, largest between-class variance first.
   * The directions are scaled so that the within-class covariance of the projection is the identity;
   * each direction's sign is the one that makes its largest coefficient positive. Throws `BAD_DATA` when a
   * projection overflows float64.
   */
  transform(X: FeatureTable): number[][] {
    assertFitted(this.weights !== null, 'LinearDiscriminantAnalysis');
    if (!this.scalings) badOption('solver', "transform needs solver: 'eigen' (the 'lsqr' solver fits the scores only)");
    const { n, d, data } = toDense(X, 'X', this.nFeatures);
    const m = this.varianceRatios!.length;
    const S = this.scalings;
    const out: number[][] = [];
    for (let i = 0; i < n; i++) {
      const row = new Array<number>(m).fill(0);
      for (let j = 0; j < d; j++) {
        const x = data[i * d + j];
        for (let c = 0; c < m; c++) row[c] += x * S[j * m + c];
      }
      out.push(row);
    }
    return finiteOutputs('LinearDiscriminantAnalysis', 'projection', out);
  }

  /** Plain-JSON snapshot (the score weights, the class means and priors, the `'eigen'` directions; not the covariance). */
  toJSON(): ModelJSON {
    const fitted = this.weights
      ? {
          coef: Array.from(this.weights),
          intercept: Array.from(this.biases!),
          means: Array.from(this.classMeans!),
          priors: Array.from(this.classPriors!),
          ...(this.scalings ? { scalings: Array.from(this.scalings), explainedVarianceRatio: Array.from(this.varianceRatios!) } : {}),
        }
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
      if (m.params.solver === 'eigen') {
        m.varianceRatios = arrayToF64(s.explainedVarianceRatio, T, 'state.explainedVarianceRatio');
        const c = m.varianceRatios.length;
        checkState(c >= 1 && c <= Math.min(K - 1, d), T, 'state.explainedVarianceRatio must have one value per kept direction');
        m.scalings = arrayToF64(s.scalings, T, 'state.scalings', d * c);
      }
    });
  }

  private rows(flat: Float64Array): number[][] {
    const d = this.nFeatures;
    return this.fittedClasses.map((_, k) => Array.from(flat.subarray(k * d, (k + 1) * d)));
  }
}

/**
 * The covariance (ddof 0) of the `count` rows that `take` selects, whose mean is `mean`: `d x d`
 * row-major, shrunk as `shrinkage` says: a fixed intensity a gives `(1 - a) S + a (tr S / d) I`;
 * `'auto'` standardises the rows, shrinks by the Ledoit-Wolf intensity and scales back
 * (scikit-learn's `_cov`).
 */
function covariance(
  data: Float64Array,
  d: number,
  take: (row: number) => boolean,
  count: number,
  mean: ArrayLike<number>,
  shrinkage: 'auto' | number | null,
): Float64Array {
  // the rows, centred (and standardised for 'auto')
  const Z = centredRows(data, d, take, count, mean);
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
  let trace = 0;
  for (let j = 0; j < d; j++) trace += S[j * d + j];
  let a = 0;
  if (shrinkage === 'auto') a = ledoitWolfIntensity(Z, count, d, S, trace);
  else if (typeof shrinkage === 'number') a = shrinkage;
  if (a > 0) {
    for (let q = 0; q < d * d; q++) S[q] *= 1 - a;
    for (let j = 0; j < d; j++) S[j * d + j] += (a * trace) / d;
  }
  if (shrinkage === 'auto') for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S[i * d + j] *= scale[i] * scale[j];
  return S;
}

/**
 * The Ledoit-Wolf shrinkage intensity (Ledoit & Wolf 2004, "A well-conditioned estimator for
 * large-dimensional covariance matrices", as scikit-learn's `ledoit_wolf_shrinkage` writes it) of
 * centred `n x d` rows Z whose covariance (ddof 0) is S, of trace `trace`: the estimated squared distance of S from the
 * truth over its squared distance from `(tr S / d) I`, capped at 1; 0 for one feature.
 */
function ledoitWolfIntensity(Z: Float64Array, n: number, d: number, S: Float64Array, trace: number): number {
  if (d === 1) return 0;
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

/**
 * The discriminant directions of the `'eigen'` solver (scikit-learn's `_solve_eigen`): the
 * generalized eigenvectors v of `Sb v = lambda Sw v`, Sw the shared within-class covariance (lower
 * Cholesky factor `chol`) and Sb = St - Sw, St the covariance of all rows (shrunk alike), normalised
 * so that `v^T Sw v = 1`, the `keep` of largest lambda first. Each direction's sign makes its largest
 * coefficient positive. Returns them as columns (`d x keep` row-major) and lambda / sum(lambda) of each.
 */
function discriminantDirections(
  data: Float64Array,
  n: number,
  d: number,
  within: Float64Array,
  chol: Float64Array,
  keep: number,
  shrinkage: 'auto' | number | null,
): { scalings: Float64Array; ratios: Float64Array } {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const between = covariance(data, d, () => true, n, mean, shrinkage);
  for (let q = 0; q < d * d; q++) between[q] -= within[q];
  // C = L^-1 Sb L^-T = L^-1 (L^-1 Sb^T)^T, Sb symmetric
  const C = solveTransposed(chol, d, solveTransposed(chol, d, between));
  for (let i = 0; i < d; i++)
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (C[i * d + j] + C[j * d + i]);
      C[i * d + j] = v;
      C[j * d + i] = v;
    }
  const { values, vectors } = symmetricEigen(C, d);
  const order = Array.from(values.keys()).sort((x, y) => values[y] - values[x]);
  let total = 0;
  for (let i = 0; i < d; i++) total += values[i];
  const scalings = new Float64Array(d * keep);
  const col = new Float64Array(d);
  // scikit-learn sorts the ratios themselves: the directions' order unless the sum is negative (shrinkage)
  const ratios = Float64Array.from(values, (v) => v / total)
    .sort()
    .reverse()
    .slice(0, keep);
  for (let c = 0; c < keep; c++) {
    const k = order[c];
    for (let i = 0; i < d; i++) col[i] = vectors[i * d + k];
    const v = backSolve(chol, d, col); // v = L^-T u, so v^T Sw v = u^T u = 1
    let big = 0;
    for (let i = 1; i < d; i++) if (Math.abs(v[i]) > Math.abs(v[big])) big = i;
    const sign = v[big] < 0 ? -1 : 1;
    for (let i = 0; i < d; i++) scalings[i * keep + c] = sign * v[i];
  }
  return { scalings, ratios };
}

/** `L^-1 A^T` for the lower-triangular `d x d` L and a `d x d` A (row-major), one column at a time. */
function solveTransposed(L: Float64Array, d: number, A: Float64Array): Float64Array {
  const out = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const z = forwardSolve(L, d, A.subarray(j * d, (j + 1) * d));
    for (let i = 0; i < d; i++) out[i * d + j] = z[i];
  }
  return out;
}
