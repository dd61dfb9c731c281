/**
 * The objective of `LogisticRegression`'s L-BFGS fit: scores, residuals and gradient over the
 * whole training set, in blocks of rows and outputs so that each loaded value serves several products.
 */
import { sigmoid } from './base.js';

/** The training problem the loss is evaluated on. */
export interface LossProblem {
  /** Training rows, row-major `n x d`. */
  data: Float64Array;
  /** Number of rows. */
  n: number;
  /** Number of features. */
  d: number;
  /** Number of outputs: 1 for two classes, else the number of classes. */
  O: number;
  /** Class index per row. */
  yi: Int32Array;
  /** Whether the weights end with one intercept per output. */
  fitIntercept: boolean;
  /** L2 penalty on the weights (`1 / (C n)`, 0 without penalty). */
  lam: number;
  /** `n x O` scratch: scores, then residuals. */
  Z: Float64Array;
}

/**
 * The row loop of the forward and backward passes over the `n x d` training rows: `row(p, w, i, a)`
 * for each of the first `n mod 4` rows, then `block(p, w, i, a, b, c, e)` for each four rows i..i+3
 * (a..e: their offsets in `data`), so that each loaded value serves several products. The hot loops
 * live in the functions called once per row or block, which V8 optimises as wholes.
 */
function eachRowBlock(
  p: LossProblem,
  w: Float64Array,
  row: (p: LossProblem, w: Float64Array, i: number, a: number) => void,
  block: (p: LossProblem, w: Float64Array, i: number, a: number, b: number, c: number, e: number) => void,
): void {
  const { n, d } = p;
  const r = n % 4;
  for (let i = 0; i < r; i++) row(p, w, i, i * d);
  for (let i = r; i < n; i += 4) {
    const a = i * d;
    block(p, w, i, a, a + d, a + 2 * d, a + 3 * d);
  }
}

/**
 * The forward pass, `Z = X W^T + b` (`n x O`, row-major) for the weights `x = [W (O x d), b (O)]`,
 * is `eachRowBlock(p, x, forwardRow, forwardBlock)`: this is row i (at offset a of `data`).
 */
function forwardRow(p: LossProblem, x: Float64Array, i: number, a: number): void {
  const { data, d, O, fitIntercept, Z } = p;
  const nw = O * d;
  for (let o = 0; o < O; o++) {
    const wo = o * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += x[wo + j] * data[a + j];
    Z[i * O + o] = s + (fitIntercept ? x[nw + o] : 0);
  }
}

/** Rows i..i+3 of the forward pass (see {@link forwardRow}; at offsets a, b, c, e of `data`): two outputs per pass, then the odd one left. */
function forwardBlock(p: LossProblem, x: Float64Array, i: number, a: number, b: number, c: number, e: number): void {
  const { data, d, O, fitIntercept, Z } = p;
  const nw = O * d;
  let o = 0;
  // two outputs x four rows per pass: 8 products per 6 loads
  for (; o + 1 < O; o += 2) {
    const w0 = o * d,
      w1 = w0 + d;
    // biome-ignore format: eight accumulators, one line
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
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
    // biome-ignore format: four accumulators, one line
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
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

/**
 * The backward pass, adding `[R^T X, sum_i R_i]` (residuals `R`, `n x O`, in `Z`) to `grad`, is
 * `eachRowBlock(p, grad, backwardRow, backwardBlock)`: this is row i (at offset a of `data`).
 */
function backwardRow(p: LossProblem, grad: Float64Array, i: number, a: number): void {
  const { data, d, O, fitIntercept, Z } = p;
  const nw = O * d;
  for (let o = 0; o < O; o++) {
    const rr = Z[i * O + o];
    const go = o * d;
    for (let j = 0; j < d; j++) grad[go + j] += rr * data[a + j];
    if (fitIntercept) grad[nw + o] += rr;
  }
}

/** Rows i..i+3 of the backward pass (see {@link backwardRow}; at offsets a, b, c, e of `data`): two outputs per pass, then the odd one left. */
function backwardBlock(p: LossProblem, grad: Float64Array, i: number, a: number, b: number, c: number, e: number): void {
  const { data, d, O, fitIntercept, Z } = p;
  const nw = O * d;
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

/**
 * `grad = [R^T X, sum_i R_i] / n + [lam W, 0]` from the residuals in `Z`; returns
 * `loss / n + lam/2 ||W||^2`.
 */
function backward(loss: number, x: Float64Array, grad: Float64Array, p: LossProblem): number {
  const { n, d, O, lam } = p;
  const nw = O * d;
  grad.fill(0);
  eachRowBlock(p, grad, backwardRow, backwardBlock);
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
 * The log-loss and its gradient, fused, for the weights `x = [W (O x d), b (O)]`: scikit-learn's scaled
 * objective `mean_i log-loss_i + lam/2 ||W||^2`, multinomial (softmax) for O > 1 outputs, the binary
 * logistic loss (class 1 positive) for one. Writes the gradient into `grad`; `Z` holds the scores, then
 * the residuals.
 */
export function lossGrad(x: Float64Array, grad: Float64Array, p: LossProblem): number {
  eachRowBlock(p, x, forwardRow, forwardBlock);
  const loss = p.O === 1 ? logisticResiduals(p.Z, p.n, p.yi) : softmaxResiduals(p.Z, p.n, p.O, p.yi);
  return backward(loss, x, grad, p);
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
