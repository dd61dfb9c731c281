/**
 * The fitted SVC model in libsvm's layout (support vectors grouped by class, `sv_coef`, one bias per
 * class pair) and what is computed from it: pairwise decision values, one-vs-one votes, the `'scale'` gamma.
 * Internal module of {@link SVC}.
 */
import { kernelValue, type KernelSpec } from './kernel.js';

/** The fitted libsvm model, held in plain arrays (predictions are computed in TypeScript). */
export interface SvmState {
  kernel: 'rbf' | 'linear' | 'poly' | 'sigmoid';
  gamma: number;
  degree: number;
  coef0: number;
  /** Support vectors, row-major `[nSV][d]`, grouped by class. */
  sv: Float64Array;
  /** Support vectors per class. */
  nSV: Int32Array;
  /** `coef[j * nSVtot + i]`, j < K-1: libsvm's sv_coef. */
  coef: Float64Array;
  /** One bias per class pair (i < j order). */
  rho: Float64Array;
  /** Platt parameters per pair (when probability). */
  probA: Float64Array | null;
  probB: Float64Array | null;
}

/** scikit-learn's `gamma='scale'`: `1 / (nFeatures * X.var())` (1 when X is constant). */
export function scaleGamma(data: Float64Array, d: number): number {
  let s = 0,
    s2 = 0;
  for (let k = 0; k < data.length; k++) s += data[k];
  const mean = s / data.length;
  for (let k = 0; k < data.length; k++) {
    const t = data[k] - mean;
    s2 += t * t;
  }
  const v = s2 / data.length;
  return v > 0 ? 1 / (d * v) : 1;
}

/** libsvm's svm_predict_values: pairwise decision values for one sample. */
export function decisionValues(st: SvmState, x: Float64Array): Float64Array {
  return decisionBatch(st, x, 1, x.length);
}

/**
 * libsvm's svm_predict_values for the `n` rows of `data` (`n x d`): pairwise decision values,
 * `n x K(K-1)/2` row-major. Kernel values as libsvm's `k_function` (double precision).
 */
export function decisionBatch(st: SvmState, data: Float64Array, n: number, d: number): Float64Array {
  const { sv, nSV, coef, rho } = st;
  const K = nSV.length;
  const tot = coef.length / (K - 1);
  const np = (K * (K - 1)) / 2;
  const kv = new Float64Array(tot);
  const spec: KernelSpec = st;
  const start = new Int32Array(K);
  for (let i = 1; i < K; i++) start[i] = start[i - 1] + nSV[i - 1];
  const out = new Float64Array(n * np);
  for (let r = 0; r < n; r++) {
    for (let t = 0; t < tot; t++) kv[t] = kernelValue(spec, data, r * d, sv, t * d, d);
    let p = r * np;
    for (let i = 0; i < K; i++) {
      for (let j = i + 1; j < K; j++, p++) {
        let sum = 0;
        const si = start[i],
          sj = start[j];
        const c1 = (j - 1) * tot,
          c2 = i * tot;
        for (let t = 0; t < nSV[i]; t++) sum += coef[c1 + si + t] * kv[si + t];
        for (let t = 0; t < nSV[j]; t++) sum += coef[c2 + sj + t] * kv[sj + t];
        out[p] = sum - rho[p - r * np];
      }
    }
  }
  return out;
}

/** One-vs-one votes per class from the pairwise decision values (positive favours the first class of a pair). */
export function votes(dv: ArrayLike<number>, K: number): Int32Array {
  const v = new Int32Array(K);
  let p = 0;
  for (let i = 0; i < K; i++)
    for (let j = i + 1; j < K; j++, p++) {
      if (dv[p] > 0) v[i]++;
      else v[j]++;
    }
  return v;
}

/** The class with most votes (ties to the first, as libsvm). */
export function voteWinner(v: Int32Array): number {
  let b = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
  return b;
}
