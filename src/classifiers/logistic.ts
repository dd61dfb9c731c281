import { argmax, arrayToF64, assertFitted, badOption, checkClasses, checkModelJSON, checkState, encodeLabels, modelJSON, probaToLabels, toDense } from './base.js';
import { lbfgs } from './lbfgs.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';

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
export class LogisticRegression implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  /** Options with defaults filled. */
  readonly params: Required<LogisticRegressionOptions>;
  /** Classes seen in fit (sorted). */
  classes: Label[] = [];
  /** Coefficients, `[nOutputs][nFeatures]` row-major (nOutputs = 1 for two classes). */
  coef: Float64Array | null = null;
  /** Intercepts, one per output. */
  intercept: Float64Array | null = null;
  /** Iterations used by the last fit. */
  nIter = 0;
  private nFeatures = 0;

  /** @param options - see {@link LogisticRegressionOptions} */
  constructor(options: LogisticRegressionOptions = {}) {
    const C = options.C ?? 1;
    if (!(typeof C === 'number' && C > 0 && Number.isFinite(C))) badOption('C', `must be a positive number, got ${String(C)}`);
    const maxIter = options.maxIter ?? 100;
    if (!Number.isInteger(maxIter) || maxIter < 1) badOption('maxIter', 'must be a positive integer');
    const tol = options.tol ?? 1e-4;
    if (!(tol > 0)) badOption('tol', 'must be positive');
    const penalty = options.penalty === undefined ? 'l2' : options.penalty;
    if (penalty !== 'l2' && penalty !== null) badOption('penalty', "must be 'l2' or null");
    this.params = { C, penalty, maxIter, tol, fitIntercept: options.fitIntercept ?? true };
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
    const fn = (x: Float64Array, grad: Float64Array): number =>
      O === 1
        ? binaryLossGrad(x, grad, data, n, d, yi, fitIntercept, lam, Z)
        : multinomialLossGrad(x, grad, data, n, d, O, yi, fitIntercept, lam, Z);
    const res = lbfgs(fn, w, { maxIter: this.params.maxIter, gtol: this.params.tol });
    this.classes = classes;
    this.nFeatures = d;
    this.coef = res.x.slice(0, nw);
    this.intercept = fitIntercept ? res.x.slice(nw) : new Float64Array(O);
    this.nIter = res.iterations;
    return this;
  }

  /** Raw scores `X W^T + b`, `[n][nOutputs]` (scikit-learn's `decision_function`). */
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
    return out;
  }

  /** Class probabilities (softmax, or the logistic for two classes), rows sum to 1. */
  predictProba(X: FeatureTable): number[][] {
    const Z = this.decisionFunction(X);
    return Z.map((z) => {
      if (z.length === 1) {
        const t = z[0];
        const p = t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
        return [1 - p, p];
      }
      const m = z[argmax(z)];
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
  }

  /** The most probable class per row. */
  predict(X: FeatureTable): Label[] {
    return probaToLabels(this.predictProba(X), this.classes);
  }

  /** Plain-JSON snapshot. */
  toJSON(): ModelJSON {
    return modelJSON('LogisticRegression', LogisticRegression.VERSION, this.params as unknown as Record<string, unknown>,
      this.coef ? { classes: this.classes, nFeatures: this.nFeatures, coef: Array.from(this.coef), intercept: Array.from(this.intercept!), nIter: this.nIter } : undefined);
  }

  /** Restores a model saved by {@link LogisticRegression.toJSON}. Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): LogisticRegression {
    const j = checkModelJSON(json, 'LogisticRegression', LogisticRegression.VERSION);
    const m = new LogisticRegression(j.params as LogisticRegressionOptions);
    if (j.state !== undefined) {
      const st = j.state as Record<string, unknown>;
      checkState(typeof st === 'object' && st !== null, 'LogisticRegression', 'state must be an object');
      m.classes = checkClasses(st.classes, 'LogisticRegression');
      checkState(Number.isInteger(st.nFeatures) && (st.nFeatures as number) > 0, 'LogisticRegression', 'state.nFeatures');
      m.nFeatures = st.nFeatures as number;
      const O = m.classes.length === 2 ? 1 : m.classes.length;
      m.coef = arrayToF64(st.coef, 'LogisticRegression', 'state.coef', O * m.nFeatures);
      m.intercept = arrayToF64(st.intercept, 'LogisticRegression', 'state.intercept', O);
      m.nIter = typeof st.nIter === 'number' ? st.nIter : 0;
    }
    return m;
  }
}

/** `sum_j w[wo + j] * x[xo + j]` over `d` values (four accumulators). */
function dot(w: Float64Array, wo: number, x: Float64Array, xo: number, d: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    s0 += w[wo + j] * x[xo + j];
    s1 += w[wo + j + 1] * x[xo + j + 1];
    s2 += w[wo + j + 2] * x[xo + j + 2];
    s3 += w[wo + j + 3] * x[xo + j + 3];
  }
  for (; j < d; j++) s0 += w[wo + j] * x[xo + j];
  return (s0 + s1) + (s2 + s3);
}

/** `g[go .. go+d) += a * x[xo .. xo+d)`. */
function axpy(a: number, x: Float64Array, xo: number, g: Float64Array, go: number, d: number): void {
  for (let j = 0; j < d; j++) g[go + j] += a * x[xo + j];
}

/** Adds the L2 term to loss and gradient (weights only), scales the data term by 1/n. */
function finishLossGrad(loss: number, x: Float64Array, grad: Float64Array, n: number, nw: number, lam: number): number {
  const inv = 1 / n;
  let pen = 0;
  for (let k = 0; k < nw; k++) { const v = x[k]; pen += v * v; grad[k] = grad[k] * inv + lam * v; }
  for (let k = nw; k < grad.length; k++) grad[k] *= inv;
  return loss * inv + 0.5 * lam * pen;
}

/**
 * Multinomial log-loss and gradient in one pass over the data: `mean_i -log softmax(W x_i + b)_{y_i}
 * + lam/2 ||W||^2`, scikit-learn's scaled objective. `Z` is an `n x O` scratch buffer.
 */
function multinomialLossGrad(x: Float64Array, grad: Float64Array, data: Float64Array, n: number, d: number, O: number, yi: Int32Array, fitIntercept: boolean, lam: number, Z: Float64Array): number {
  const nw = O * d;
  grad.fill(0);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const off = i * d, zo = i * O;
    let mx = -Infinity;
    for (let o = 0; o < O; o++) {
      const s = (fitIntercept ? x[nw + o] : 0) + dot(x, o * d, data, off, d);
      Z[zo + o] = s;
      if (s > mx) mx = s;
    }
    const yc = yi[i];
    const zy = Z[zo + yc];
    let se = 0;
    for (let o = 0; o < O; o++) { const e = Math.exp(Z[zo + o] - mx); Z[zo + o] = e; se += e; }
    // -log softmax(z)_y = log(sum_o exp(z_o - max)) - (z_y - max)
    loss += Math.log(se) - (zy - mx);
    const inv = 1 / se;
    for (let o = 0; o < O; o++) {
      const r = Z[zo + o] * inv - (o === yc ? 1 : 0);
      axpy(r, data, off, grad, o * d, d);
      if (fitIntercept) grad[nw + o] += r;
    }
  }
  return finishLossGrad(loss, x, grad, n, nw, lam);
}

/** Binary logistic loss and gradient (one output, class 1 positive), scaled as {@link multinomialLossGrad}. */
function binaryLossGrad(x: Float64Array, grad: Float64Array, data: Float64Array, n: number, d: number, yi: Int32Array, fitIntercept: boolean, lam: number, Z: Float64Array): number {
  void Z;
  grad.fill(0);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const off = i * d;
    const t = (fitIntercept ? x[d] : 0) + dot(x, 0, data, off, d);
    const yv = yi[i] === 1 ? 1 : 0;
    // log(1 + exp(t)) - y t, stably
    loss += (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t))) - yv * t;
    const p = t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
    const r = p - yv;
    axpy(r, data, off, grad, 0, d);
    if (fitIntercept) grad[d] += r;
  }
  return finishLossGrad(loss, x, grad, n, d, lam);
}
