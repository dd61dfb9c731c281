/**
 * One-vs-one multi-class C-SVC training as libsvm's `svm_train`: one binary SMO problem per class
 * pair (see `./smo.ts`), assembled into libsvm's model layout. Internal module of `SVC`.
 */
import type { KernelRows } from './kernel.js';
import { type BinarySolution, type SmoOptions, solveBinary } from './smo.js';

/** A one-vs-one model in libsvm's layout. */
export interface OvoModel {
  /** Training-row index of each support vector, grouped by class (class order), ascending within a class. */
  svIndex: Int32Array;
  /** Support vectors per class. */
  nSV: Int32Array;
  /** `coef[j * nSVtot + i]`, j < K-1: libsvm's sv_coef. */
  coef: Float64Array;
  /** One bias per class pair (i < j order). */
  rho: Float64Array;
}

/**
 * One-vs-one C-SVC over classes `0..K-1` (`yi` per row), class k's box `Cw[k]`, as libsvm's
 * `svm_train`: rows grouped by class in their original order, sub-problem (i, j) with class i as +1.
 */
export function trainOvo(kern: KernelRows, yi: Int32Array, K: number, Cw: Float64Array, options: SmoOptions = {}): OvoModel {
  const n = yi.length;
  const count = new Int32Array(K);
  for (let t = 0; t < n; t++) count[yi[t]]++;
  const start = new Int32Array(K);
  for (let k = 1; k < K; k++) start[k] = start[k - 1] + count[k - 1];
  const perm = new Int32Array(n);
  const fill = start.slice();
  for (let t = 0; t < n; t++) perm[fill[yi[t]]++] = t;
  const nonzero = new Uint8Array(n); // by grouped position
  const npairs = (K * (K - 1)) / 2;
  const sols: BinarySolution[] = [];
  const rho = new Float64Array(npairs);
  let p = 0;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++, p++) {
      const ci = count[i],
        cj = count[j];
      const idx = new Int32Array(ci + cj);
      const y = new Int8Array(ci + cj);
      for (let k = 0; k < ci; k++) {
        idx[k] = perm[start[i] + k];
        y[k] = 1;
      }
      for (let k = 0; k < cj; k++) {
        idx[ci + k] = perm[start[j] + k];
        y[ci + k] = -1;
      }
      kern.setScope([i, j]);
      const s = solveBinary(kern, idx, y, Cw[i], Cw[j], options);
      sols.push(s);
      rho[p] = s.rho;
      for (let k = 0; k < ci; k++) if (Math.abs(s.coef[k]) > 0) nonzero[start[i] + k] = 1;
      for (let k = 0; k < cj; k++) if (Math.abs(s.coef[ci + k]) > 0) nonzero[start[j] + k] = 1;
    }
  }
  const nSV = new Int32Array(K);
  for (let k = 0; k < K; k++) for (let t = 0; t < count[k]; t++) if (nonzero[start[k] + t]) nSV[k]++;
  let tot = 0;
  const nzStart = new Int32Array(K);
  for (let k = 0; k < K; k++) {
    nzStart[k] = tot;
    tot += nSV[k];
  }
  const svIndex = new Int32Array(tot);
  for (let t = 0, q = 0; t < n; t++) if (nonzero[t]) svIndex[q++] = perm[t];
  const coef = new Float64Array((K - 1) * tot);
  p = 0;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++, p++) {
      const s = sols[p].coef;
      const ci = count[i],
        cj = count[j];
      let q = nzStart[i];
      for (let k = 0; k < ci; k++) if (nonzero[start[i] + k]) coef[(j - 1) * tot + q++] = s[k];
      q = nzStart[j];
      for (let k = 0; k < cj; k++) if (nonzero[start[j] + k]) coef[i * tot + q++] = s[ci + k];
    }
  }
  return { svIndex, nSV, coef, rho };
}
