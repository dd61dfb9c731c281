/**
 * Quadratic discriminant analysis: a Gaussian model of each class with its own covariance,
 * scikit-learn's `QuadraticDiscriminantAnalysis` with its regularisation (`reg_param`).
 */
import { MirkitError } from '../errors.js';
import { QUADRATIC_DISCRIMINANT_ANALYSIS_OPTIONS } from '../constructor-option-keys.js';
import { readConstructorOptions } from '../options.js';
import { arrayToF64, assertFitted, badOption, checkFeatureMagnitude, checkState, encodeLabels, ScoreClassifier, toDense } from './base.js';
import { finiteOutputs } from './linear.js';
import { checkPriorsOption, classPriors } from './priors.js';
import { cholesky } from '../util/linalg.js';
import { centredRows, gram } from './scatter.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';
import { shown } from '../util/shown.js';

/** Most features {@link QuadraticDiscriminantAnalysis} takes: a d x d float64 covariance per class then holds 32 MiB. */
const MAX_QDA_FEATURES = 2048;

/** Options of {@link QuadraticDiscriminantAnalysis} (scikit-learn's parameters). */
export interface QuadraticDiscriminantAnalysisOptions {
  /**
   * Regularisation r in [0, 1] (scikit-learn's `reg_param`): each class's covariance S becomes
   * `(1 - r) S + r I`. Default 0 (none).
   */
  regParam?: number;
  /**
   * Class priors by label; `null` (default): the class frequencies of the training data. Used as
   * given, as scikit-learn does (not normalised): priors that do not sum to 1 shift every class's
   * score by the same amount, which changes neither predictions nor probabilities.
   */
  priors?: Record<string, number> | null;
}

/**
 * Quadratic discriminant analysis, scikit-learn's `QuadraticDiscriminantAnalysis(reg_param,
 * priors)`: each class k is a Gaussian with its own mean mu_k and covariance S_k (ddof 1),
 * regularised to `(1 - r) S_k + r I`. A row's score for class k is its log-density up to a shared
 * constant, `-((x - mu_k)^T S_k^-1 (x - mu_k) + log det S_k) / 2 + log prior_k`; the probabilities
 * are the scores' softmax, and with two classes `decisionFunction` returns the second class's score
 * minus the first's. The covariances are factorised by Cholesky: a singular one (a class with no
 * more rows than features, constant or collinear features) is `BAD_DATA` unless `regParam` makes it
 * positive definite, where scikit-learn warns and goes on. scikit-learn works in each class's
 * singular vectors, which ignores the directions outside the span of a class with no more rows than
 * features; here those directions keep variance r. The two agree wherever every class has more rows
 * than features. Cost: O(n d^2 + K d^3) to fit, O(K d^2) per row to predict.
 *
 * As the frame model of a {@link FrameLevelClassifier} with `aggregation: 'logMean'`, it scores a
 * clip by the mean log-density of its frames under each class's Gaussian (a bag-of-frames model).
 *
 * @example
 * ```ts
 * const qda = new QuadraticDiscriminantAnalysis({ regParam: 0.1 }).fit(X, y);
 * qda.predictProba(Xtest);
 * ```
 */
export class QuadraticDiscriminantAnalysis extends ScoreClassifier<Required<QuadraticDiscriminantAnalysisOptions>> implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  private classMeans: Float64Array | null = null;
  private classPriors: Float64Array | null = null;
  /** Per class, the lower Cholesky factor of its regularised covariance, `[classes][d][d]` row-major. */
  private factors: Float64Array | null = null;
  /** Per class, the log-determinant of its regularised covariance (from the factor's diagonal). */
  private logDets: Float64Array | null = null;

  /** @param options - see {@link QuadraticDiscriminantAnalysisOptions} */
  constructor(options: QuadraticDiscriminantAnalysisOptions = {}) {
    options = readConstructorOptions('QuadraticDiscriminantAnalysis', options, QUADRATIC_DISCRIMINANT_ANALYSIS_OPTIONS);
    const regParam = options.regParam ?? 0;
    if (!(typeof regParam === 'number' && regParam >= 0 && regParam <= 1)) badOption('regParam', `must be a number in [0, 1], got ${shown(regParam)}`);
    const priors = checkPriorsOption(options.priors);
    super({ regParam, priors });
  }

  /** Per class, the mean of its training rows: `[classes][nFeatures]` (scikit-learn's `means_`). */
  get means(): number[][] {
    assertFitted(this.classMeans !== null, 'QuadraticDiscriminantAnalysis');
    const d = this.nFeatures;
    return this.fittedClasses.map((_, k) => Array.from(this.classMeans!.subarray(k * d, (k + 1) * d)));
  }

  /** The class priors used, in the order of `classes` (scikit-learn's `priors_`). */
  get priors(): number[] {
    assertFitted(this.classPriors !== null, 'QuadraticDiscriminantAnalysis');
    return Array.from(this.classPriors!);
  }

  /** Per class, its regularised covariance `(1 - r) S_k + r I`, `[classes][d][d]` (scikit-learn's `covariance_` with `store_covariance`). */
  get covariance(): number[][][] {
    assertFitted(this.factors !== null, 'QuadraticDiscriminantAnalysis');
    const d = this.nFeatures;
    return this.fittedClasses.map((_, k) => {
      const L = this.factors!.subarray(k * d * d, (k + 1) * d * d);
      return Array.from({ length: d }, (_r, i) =>
        Array.from({ length: d }, (_c, j) => {
          let s = 0;
          for (let t = 0; t <= Math.min(i, j); t++) s += L[i * d + t] * L[j * d + t];
          return s;
        }),
      );
    });
  }

  /** Fits each class's mean and regularised covariance (its Cholesky factor and log-determinant). */
  fit(X: FeatureTable, y: Label[]): this {
    const { n, d, data } = toDense(X);
    const { classes, yi } = encodeLabels(y, n);
    checkFeatureMagnitude(data, d, 'QuadraticDiscriminantAnalysis', 'covariances');
    if (d > MAX_QDA_FEATURES)
      throw new MirkitError(
        'BAD_SHAPE',
        `QuadraticDiscriminantAnalysis holds a d x d covariance per class: ${d} features is above its ${MAX_QDA_FEATURES} (reduce them first, e.g. by pooling)`,
        { features: d },
      );
    const K = classes.length;
    const counts = new Float64Array(K);
    for (let i = 0; i < n; i++) counts[yi[i]]++;
    for (let k = 0; k < K; k++)
      if (counts[k] < 2)
        throw new MirkitError('BAD_DATA', `QuadraticDiscriminantAnalysis: class ${shown(classes[k])} has one row; its covariance is undefined`, {
          class: classes[k],
        });
    const priors = classPriors(this.params.priors, classes, counts, n, false);
    const means = new Float64Array(K * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[yi[i] * d + j] += data[i * d + j];
    for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) means[k * d + j] /= counts[k];
    const r = this.params.regParam;
    const factors = new Float64Array(K * d * d);
    for (let k = 0; k < K; k++) {
      // the class's covariance (ddof 1), regularised
      const S = gram(
        centredRows(data, d, (i) => yi[i] === k, counts[k], means.subarray(k * d, (k + 1) * d)),
        counts[k],
        d,
        false,
      );
      for (let q = 0; q < d * d; q++) S[q] = (S[q] / (counts[k] - 1)) * (1 - r);
      for (let j = 0; j < d; j++) S[j * d + j] += r;
      const L = cholesky(S, d);
      if (!L)
        throw new MirkitError(
          'BAD_DATA',
          `QuadraticDiscriminantAnalysis: the covariance of class ${shown(classes[k])} is singular (no more rows than features, or constant or collinear features); set regParam above 0`,
          { class: classes[k] },
        );
      factors.set(L, k * d * d);
    }
    const logDets = logDeterminants(factors, K, d);
    if (!logDets.every(Number.isFinite))
      throw new MirkitError('BAD_DATA', 'QuadraticDiscriminantAnalysis: a covariance has a non-finite log-determinant; scale the features or set regParam');
    this.classMeans = means;
    this.classPriors = priors;
    this.factors = factors;
    this.logDets = logDets;
    return this.fitted(classes, d);
  }

  /**
   * Scores per row: one per class, or for two classes one column, the second class's minus the
   * first's (scikit-learn's `decision_function`). Throws `BAD_DATA` when a score overflows float64.
   */
  decisionFunction(X: FeatureTable): number[][] {
    const scores = this.classScores(X);
    return finiteOutputs('QuadraticDiscriminantAnalysis', 'score', this.fittedClasses.length === 2 ? scores.map((s) => [s[1] - s[0]]) : scores);
  }

  /** Plain-JSON snapshot: the class means and priors, and each class's Cholesky factor (lower triangle, row by row). */
  toJSON(): ModelJSON {
    const d = this.nFeatures;
    const fitted = this.factors
      ? {
          means: Array.from(this.classMeans!),
          priors: Array.from(this.classPriors!),
          factors: this.fittedClasses.map((_, k) => lowerTriangle(this.factors!.subarray(k * d * d, (k + 1) * d * d), d)),
        }
      : null;
    return this.fittedJSON('QuadraticDiscriminantAnalysis', QuadraticDiscriminantAnalysis.VERSION, fitted);
  }

  /** Restores a model saved by {@link QuadraticDiscriminantAnalysis.toJSON}. Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): QuadraticDiscriminantAnalysis {
    const T = 'QuadraticDiscriminantAnalysis';
    return QuadraticDiscriminantAnalysis.restoreFitted(json, T, (m, s) => {
      const K = m.classes.length,
        d = m.nFeatures;
      checkState(d <= MAX_QDA_FEATURES, T, 'state.nFeatures is too large');
      m.classMeans = arrayToF64(s.means, T, 'state.means', K * d);
      m.classPriors = arrayToF64(s.priors, T, 'state.priors', K);
      checkState(Array.isArray(s.factors) && s.factors.length === K, T, 'state.factors must hold one factor per class');
      const factors = new Float64Array(K * d * d);
      (s.factors as unknown[]).forEach((f, k) => {
        const tri = arrayToF64(f, T, `state.factors[${k}]`, (d * (d + 1)) / 2);
        for (let i = 0, t = 0; i < d; i++)
          for (let j = 0; j <= i; j++, t++) {
            checkState(j < i || tri[t] > 0, T, `state.factors[${k}] must have a positive diagonal`);
            factors[k * d * d + i * d + j] = tri[t];
          }
      });
      for (const p of m.classPriors) checkState(p > 0, T, 'state.priors must be positive');
      m.factors = factors;
      m.logDets = logDeterminants(factors, K, d);
      checkState(m.logDets.every(Number.isFinite), T, 'state.factors must give finite log-determinants');
    });
  }

  /** Per row, each class's score `-(Mahalanobis^2 + log det) / 2 + log prior`. */
  private classScores(X: FeatureTable): number[][] {
    assertFitted(this.factors !== null, 'QuadraticDiscriminantAnalysis');
    const { n, d, data } = toDense(X, 'X', this.nFeatures);
    const K = this.fittedClasses.length;
    const F = this.factors!,
      M = this.classMeans!;
    const z = new Float64Array(d);
    const out: number[][] = [];
    for (let i = 0; i < n; i++) {
      const scores = new Array<number>(K);
      for (let k = 0; k < K; k++) {
        // z = L_k^-1 (x - mu_k) by forward substitution; the squared Mahalanobis distance is z . z
        const L = k * d * d;
        let norm2 = 0;
        for (let a = 0; a < d; a++) {
          let s = data[i * d + a] - M[k * d + a];
          const row = L + a * d;
          for (let b = 0; b < a; b++) s -= F[row + b] * z[b];
          z[a] = s / F[row + a];
          norm2 += z[a] * z[a];
        }
        scores[k] = -0.5 * (norm2 + this.logDets![k]) + Math.log(this.classPriors![k]);
      }
      out.push(scores);
    }
    return out;
  }
}

/** Per class, `log det (L L^T) = 2 sum_j log L_jj` of its lower Cholesky factor L (`K` factors of `d x d`, row-major). */
function logDeterminants(factors: Float64Array, K: number, d: number): Float64Array {
  const out = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let logDet = 0;
    for (let j = 0; j < d; j++) logDet += 2 * Math.log(factors[k * d * d + j * d + j]);
    out[k] = logDet;
  }
  return out;
}

/** The lower triangle of the `d x d` row-major L, row by row. */
function lowerTriangle(L: Float64Array, d: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) out.push(L[i * d + j]);
  return out;
}
