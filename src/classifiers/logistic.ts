import { arrayToF64, scoresToProba, sigmoid, assertFitted, badOption, encodeLabels, toDense, ProbaClassifier, readModelJSON } from './base.js';
import { lbfgs } from './lbfgs.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';
import { readConstructorOptions } from '../options.js';

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
export class LogisticRegression extends ProbaClassifier<Required<LogisticRegressionOptions>> implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  /** Options with defaults filled. */
  readonly params: Required<LogisticRegressionOptions>;
  /** Coefficients, `[nOutputs][nFeatures]` row-major (nOutputs = 1 for two classes). */
  coef: Float64Array | null = null;
  /** Intercepts, one per output. */
  intercept: Float64Array | null = null;
  /** Iterations used by the last fit. */
  nIter = 0;

  /** @param options - see {@link LogisticRegressionOptions} */
  constructor(options: LogisticRegressionOptions = {}) {
    super();
    options = readConstructorOptions('LogisticRegression', options);
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
      O === 1 ? binaryLossGrad(x, grad, data, n, d, yi, fitIntercept, lam, Z) : multinomialLossGrad(x, grad, data, n, d, O, yi, fitIntercept, lam, Z);
    const res = lbfgs(fn, w, { maxIter: this.params.maxIter, gtol: this.params.tol });
    this.coef = res.x.slice(0, nw);
    this.intercept = fitIntercept ? res.x.slice(nw) : new Float64Array(O);
    this.nIter = res.iterations;
    return this.fitted(classes, d);
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
    return this.decisionFunction(X).map(scoresToProba);
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
    return readModelJSON(
      json,
      'LogisticRegression',
      LogisticRegression.VERSION,
      (p) => new LogisticRegression(p as LogisticRegressionOptions),
      (m, st) => {
        m.readFitted(st, 'LogisticRegression');
        const O = m.classes.length === 2 ? 1 : m.classes.length;
        m.coef = arrayToF64(st.coef, 'LogisticRegression', 'state.coef', O * m.nFeatures);
        m.intercept = arrayToF64(st.intercept, 'LogisticRegression', 'state.intercept', O);
        m.nIter = typeof st.nIter === 'number' ? st.nIter : 0;
      },
    );
  }
}

/**
 * `Z = X W^T + b` (`n x O`, row-major) for the weights `x = [W (O x d), b (O)]`, in blocks of four
 * rows by two outputs so that each loaded value serves several products. (The hot loops live in functions
 * that end with them and handle the `n mod 4` leftover rows first, so that V8 has seen every
 * branch before it optimises them mid-loop.)
 */
function forward(x: Float64Array, data: Float64Array, n: number, d: number, O: number, fitIntercept: boolean, Z: Float64Array): void {
  const nw = O * d,
    r = n % 4;
  for (let i = 0; i < r; i++) {
    const a = i * d;
    for (let o = 0; o < O; o++) {
      const wo = o * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += x[wo + j] * data[a + j];
      Z[i * O + o] = s + (fitIntercept ? x[nw + o] : 0);
    }
  }
  for (let i = r; i < n; i += 4) {
    const a = i * d,
      b = a + d,
      c = b + d,
      e = c + d;
    let o = 0;
    // two outputs x four rows per pass: 8 products per 6 loads
    for (; o + 1 < O; o += 2) {
      const w0 = o * d,
        w1 = w0 + d;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        t0 = 0,
        t1 = 0,
        t2 = 0,
        t3 = 0;
      for (let j = 0; j < d; j++) {
        const u = x[w0 + j],
          v = x[w1 + j];
        const xa = data[a + j],
          xb = data[b + j],
          xc = data[c + j],
          xe = data[e + j];
        s0 += u * xa;
        s1 += u * xb;
        s2 += u * xc;
        s3 += u * xe;
        t0 += v * xa;
        t1 += v * xb;
        t2 += v * xc;
        t3 += v * xe;
      }
      const b0 = fitIntercept ? x[nw + o] : 0,
        b1 = fitIntercept ? x[nw + o + 1] : 0;
      Z[i * O + o] = s0 + b0;
      Z[(i + 1) * O + o] = s1 + b0;
      Z[(i + 2) * O + o] = s2 + b0;
      Z[(i + 3) * O + o] = s3 + b0;
      Z[i * O + o + 1] = t0 + b1;
      Z[(i + 1) * O + o + 1] = t1 + b1;
      Z[(i + 2) * O + o + 1] = t2 + b1;
      Z[(i + 3) * O + o + 1] = t3 + b1;
    }
    for (; o < O; o++) {
      const wo = o * d;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let j = 0; j < d; j++) {
        const w = x[wo + j];
        s0 += w * data[a + j];
        s1 += w * data[b + j];
        s2 += w * data[c + j];
        s3 += w * data[e + j];
      }
      const bo = fitIntercept ? x[nw + o] : 0;
      Z[i * O + o] = s0 + bo;
      Z[(i + 1) * O + o] = s1 + bo;
      Z[(i + 2) * O + o] = s2 + bo;
      Z[(i + 3) * O + o] = s3 + bo;
    }
  }
}

/** Adds `[R^T X, sum_i R_i]` (residuals `R`, `n x O`, in `Z`) to `grad`, four rows at a time (see {@link forward}). */
function backwardRows(grad: Float64Array, data: Float64Array, n: number, d: number, O: number, fitIntercept: boolean, Z: Float64Array): void {
  const nw = O * d,
    r = n % 4;
  for (let i = 0; i < r; i++) {
    const a = i * d;
    for (let o = 0; o < O; o++) {
      const rr = Z[i * O + o];
      const go = o * d;
      for (let j = 0; j < d; j++) grad[go + j] += rr * data[a + j];
      if (fitIntercept) grad[nw + o] += rr;
    }
  }
  for (let i = r; i < n; i += 4) {
    const a = i * d,
      b = a + d,
      c = b + d,
      e = c + d;
    let o = 0;
    for (; o + 1 < O; o += 2) {
      const r0 = Z[i * O + o],
        r1 = Z[(i + 1) * O + o],
        r2 = Z[(i + 2) * O + o],
        r3 = Z[(i + 3) * O + o];
      const q0 = Z[i * O + o + 1],
        q1 = Z[(i + 1) * O + o + 1],
        q2 = Z[(i + 2) * O + o + 1],
        q3 = Z[(i + 3) * O + o + 1];
      const g0 = o * d,
        g1 = g0 + d;
      for (let j = 0; j < d; j++) {
        const xa = data[a + j],
          xb = data[b + j],
          xc = data[c + j],
          xe = data[e + j];
        grad[g0 + j] += r0 * xa + r1 * xb + r2 * xc + r3 * xe;
        grad[g1 + j] += q0 * xa + q1 * xb + q2 * xc + q3 * xe;
      }
      if (fitIntercept) {
        grad[nw + o] += r0 + r1 + (r2 + r3);
        grad[nw + o + 1] += q0 + q1 + (q2 + q3);
      }
    }
    for (; o < O; o++) {
      const r0 = Z[i * O + o],
        r1 = Z[(i + 1) * O + o],
        r2 = Z[(i + 2) * O + o],
        r3 = Z[(i + 3) * O + o];
      const go = o * d;
      for (let j = 0; j < d; j++) grad[go + j] += r0 * data[a + j] + r1 * data[b + j] + r2 * data[c + j] + r3 * data[e + j];
      if (fitIntercept) grad[nw + o] += r0 + r1 + (r2 + r3);
    }
  }
}

/**
 * `grad = [R^T X, sum_i R_i] / n + [lam W, 0]` from the residuals in `Z`; returns
 * `loss / n + lam/2 ||W||^2`.
 */
function backward(
  loss: number,
  x: Float64Array,
  grad: Float64Array,
  data: Float64Array,
  n: number,
  d: number,
  O: number,
  fitIntercept: boolean,
  lam: number,
  Z: Float64Array,
): number {
  const nw = O * d;
  grad.fill(0);
  backwardRows(grad, data, n, d, O, fitIntercept, Z);
  const inv = 1 / n;
  let pen = 0;
  for (let k = 0; k < nw; k++) {
    const v = x[k];
    pen += v * v;
    grad[k] = grad[k] * inv + lam * v;
  }
  for (let k = nw; k < grad.length; k++) grad[k] *= inv;
  return loss * inv + 0.5 * lam * pen;
}

/**
 * Multinomial log-loss and its gradient, fused: `mean_i -log softmax(W x_i + b)_{y_i} + lam/2 ||W||^2`,
 * scikit-learn's scaled objective. `Z` is an `n x O` scratch buffer (scores, then residuals).
 */
function multinomialLossGrad(
  x: Float64Array,
  grad: Float64Array,
  data: Float64Array,
  n: number,
  d: number,
  O: number,
  yi: Int32Array,
  fitIntercept: boolean,
  lam: number,
  Z: Float64Array,
): number {
  forward(x, data, n, d, O, fitIntercept, Z);
  const loss = softmaxResiduals(Z, n, O, yi);
  return backward(loss, x, grad, data, n, d, O, fitIntercept, lam, Z);
}

/** Turns scores `Z` into residuals `softmax(z_i) - onehot(y_i)` in place; returns the summed log-loss. */
function softmaxResiduals(Z: Float64Array, n: number, O: number, yi: Int32Array): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const zo = i * O;
    let mx = -Infinity;
    for (let o = 0; o < O; o++) if (Z[zo + o] > mx) mx = Z[zo + o];
    const yc = yi[i];
    const zy = Z[zo + yc];
    let se = 0;
    for (let o = 0; o < O; o++) {
      const e = Math.exp(Z[zo + o] - mx);
      Z[zo + o] = e;
      se += e;
    }
    // -log softmax(z)_y = log(sum_o exp(z_o - max)) - (z_y - max)
    loss += Math.log(se) - (zy - mx);
    const inv = 1 / se;
    for (let o = 0; o < O; o++) Z[zo + o] = Z[zo + o] * inv - (o === yc ? 1 : 0);
  }
  return loss;
}

/** Binary logistic loss and gradient (one output, class 1 positive), scaled as {@link multinomialLossGrad}. */
function binaryLossGrad(
  x: Float64Array,
  grad: Float64Array,
  data: Float64Array,
  n: number,
  d: number,
  yi: Int32Array,
  fitIntercept: boolean,
  lam: number,
  Z: Float64Array,
): number {
  forward(x, data, n, d, 1, fitIntercept, Z);
  const loss = logisticResiduals(Z, n, yi);
  return backward(loss, x, grad, data, n, d, 1, fitIntercept, lam, Z);
}

/** Turns scores `Z` into residuals `sigmoid(z_i) - y_i` in place; returns the summed log-loss. */
function logisticResiduals(Z: Float64Array, n: number, yi: Int32Array): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const t = Z[i];
    const yv = yi[i] === 1 ? 1 : 0;
    // log(1 + exp(t)) - y t, stably
    loss += (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t))) - yv * t;
    Z[i] = sigmoid(t) - yv;
  }
  return loss;
}
