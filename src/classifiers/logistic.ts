import { arrayToF64, assertFitted, badOption, encodeLabels, toDense, ScoreClassifier, checkIntParam } from './base.js';
import { lbfgs } from './lbfgs.js';
import { finiteOutputs } from './linear.js';
import { lossGrad, type LossProblem } from './logistic-loss.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';
import { readConstructorOptions } from '../options.js';
import { LOGISTIC_REGRESSION_OPTIONS } from '../constructor-option-keys.js';
import { shown } from '../util/shown.js';
import { boolParam } from './params.js';

/** Options of {@link LogisticRegression} (scikit-learn's `LogisticRegression` parameters). */
export interface LogisticRegressionOptions {
  /** Inverse regularisation strength (default 1): objective `C * sum(log-loss) + 0.5 * ||W||^2`. */
  C?: number;
  /** `'l2'` (default) or `null` (no penalty). */
  penalty?: 'l2' | null;
  /** L-BFGS iterations at most (default 100, like scikit-learn). */
  maxIter?: number;
  /** Gradient tolerance (default 1e-4, like scikit-learn's lbfgs `tol`). */
  tol?: number;
  /** Fit an unpenalised intercept (default true). */
  fitIntercept?: boolean;
}

/**
 * Multinomial (softmax) logistic regression with an L2 penalty, fitted by L-BFGS: scikit-learn's
 * `LogisticRegression(solver='lbfgs')` (multinomial for 3+ classes, a single logistic for 2).
 * The objective is `C * sum_i log-loss_i + 0.5 * ||W||^2` with the intercept not penalised; it is
 * minimised in scikit-learn's scaled form (divided by `C * n`), with the same `tol` on the gradient.
 *
 * @example
 * ```ts
 * const lr = new LogisticRegression({ C: 1 }).fit(X, y);
 * lr.predictProba(Xtest);
 * ```
 */
export class LogisticRegression extends ScoreClassifier<Required<LogisticRegressionOptions>> implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  /** Coefficients, `[nOutputs][nFeatures]` row-major (nOutputs = 1 for two classes). */
  coef: Float64Array | null = null;
  /** Intercepts, one per output. */
  intercept: Float64Array | null = null;
  /** Iterations used by the last fit. */
  nIter = 0;

  /** @param options - see {@link LogisticRegressionOptions} */
  constructor(options: LogisticRegressionOptions = {}) {
    options = readConstructorOptions('LogisticRegression', options, LOGISTIC_REGRESSION_OPTIONS);
    const C = options.C ?? 1;
    if (!(typeof C === 'number' && C > 0 && Number.isFinite(C))) badOption('C', `must be a positive number, got ${shown(C)}`);
    const maxIter = options.maxIter ?? 100;
    checkIntParam('maxIter', maxIter);
    const tol = options.tol ?? 1e-4;
    if (!(tol > 0)) badOption('tol', 'must be positive');
    const penalty = options.penalty === undefined ? 'l2' : options.penalty;
    if (penalty !== 'l2' && penalty !== null) badOption('penalty', "must be 'l2' or null");
    super({ C, penalty, maxIter, tol, fitIntercept: boolParam('fitIntercept', options.fitIntercept, true) });
  }

  /** Fits the model from scratch. */
  fit(X: FeatureTable, y: Label[]): this {
    const { n, d, data } = toDense(X);
    const { classes, yi } = encodeLabels(y, n);
    const K = classes.length;
    const O = K === 2 ? 1 : K;
    const { C, fitIntercept } = this.params;
    const lam = this.params.penalty === 'l2' ? 1 / (C * n) : 0;
    const nw = O * d;
    const nParams = nw + (fitIntercept ? O : 0);
    const w = new Float64Array(nParams);
    const Z = new Float64Array(n * O);
    const problem: LossProblem = { data, n, d, O, yi, fitIntercept, lam, Z };
    const fn = (x: Float64Array, grad: Float64Array): number => lossGrad(x, grad, problem);
    const res = lbfgs(fn, w, { maxIter: this.params.maxIter, gtol: this.params.tol });
    this.coef = res.x.slice(0, nw);
    this.intercept = fitIntercept ? res.x.slice(nw) : new Float64Array(O);
    this.nIter = res.iterations;
    return this.fitted(classes, d);
  }

  /**
   * Raw scores `X W^T + b`, `[n][nOutputs]` (scikit-learn's `decision_function`). Throws `BAD_DATA` when a
   * score overflows float64 (features near 1e308).
   */
  decisionFunction(X: FeatureTable): number[][] {
    assertFitted(this.coef !== null, 'LogisticRegression');
    const { n, d, data } = toDense(X, 'X', this.nFeatures);
    const O = this.intercept!.length;
    const out: number[][] = [];
    for (let i = 0; i < n; i++) {
      const row = new Array<number>(O);
      for (let o = 0; o < O; o++) {
        let s = this.intercept![o];
        for (let j = 0; j < d; j++) s += this.coef![o * d + j] * data[i * d + j];
        row[o] = s;
      }
      out.push(row);
    }
    return finiteOutputs('LogisticRegression', 'score', out);
  }

  /** Plain-JSON snapshot. */
  toJSON(): ModelJSON {
    return this.fittedJSON(
      'LogisticRegression',
      LogisticRegression.VERSION,
      this.coef ? { coef: Array.from(this.coef), intercept: Array.from(this.intercept!), nIter: this.nIter } : null,
    );
  }

  /** Restores a model saved by {@link LogisticRegression.toJSON}. Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): LogisticRegression {
    return LogisticRegression.restoreFitted(json, 'LogisticRegression', (m, st) => {
      const O = m.classes.length === 2 ? 1 : m.classes.length;
      m.coef = arrayToF64(st.coef, 'LogisticRegression', 'state.coef', O * m.nFeatures);
      m.intercept = arrayToF64(st.intercept, 'LogisticRegression', 'state.intercept', O);
      m.nIter = typeof st.nIter === 'number' ? st.nIter : 0;
    });
  }
}
