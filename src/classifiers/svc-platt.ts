/**
 * Probability calibration of the SVC, as libsvm's `-b 1`: Platt's sigmoid per class pair, fitted on
 * decision values from an internal seeded 5-fold CV (Platt 2000; Lin, Lin & Weng 2007), and the
 * pairwise probabilities coupled into class probabilities (Wu, Lin & Weng 2004). Internal module of {@link SVC}.
 */
import { kernelValue, type KernelRows, type KernelSpec } from './kernel.js';
import { createRng, type Rng } from './random.js';
import { type SmoOptions, solveBinary } from './smo.js';

/** Platt parameters `A`, `B` per class pair, in libsvm's (i < j) order. */
export interface PairwisePlatt {
  /** `A` per pair. */
  probA: Float64Array;
  /** `B` per pair. */
  probB: Float64Array;
}

/**
 * Calibrates every class pair (i < j) of a `K`-class one-vs-one model with one seeded generator, in
 * libsvm's order: `fitPair(i, j, rng)` returns the pair's `[A, B]` (usually through {@link binaryPlatt}).
 */
export function pairwisePlatt(K: number, seed: number, fitPair: (i: number, j: number, rng: Rng) => [number, number]): PairwisePlatt {
  const npairs = (K * (K - 1)) / 2;
  const probA = new Float64Array(npairs),
    probB = new Float64Array(npairs);
  const rng = createRng(seed);
  let q = 0;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++, q++) [probA[q], probB[q]] = fitPair(i, j, rng);
  }
  return { probA, probB };
}

/** Platt's sigmoid `1 / (1 + exp(A f + B))`, computed stably. */
function sigmoidPredict(dec: number, A: number, B: number): number {
  const f = dec * A + B;
  return f >= 0 ? Math.exp(-f) / (1 + Math.exp(-f)) : 1 / (1 + Math.exp(f));
}

/** libsvm's svm_predict_probability: Platt-scaled pairwise probabilities coupled (Wu, Lin & Weng 2004). */
export function pairwiseCoupling(dv: ArrayLike<number>, probA: Float64Array, probB: Float64Array, K: number): number[] {
  const minP = 1e-7;
  const r: number[][] = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  let p = 0;
  for (let i = 0; i < K; i++)
    for (let j = i + 1; j < K; j++, p++) {
      const v = Math.min(Math.max(sigmoidPredict(dv[p], probA[p], probB[p]), minP), 1 - minP);
      r[i][j] = v;
      r[j][i] = 1 - v;
    }
  if (K === 2) return [r[0][1], r[1][0]];
  const Q: number[][] = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  const P = new Array<number>(K).fill(1 / K),
    Qp = new Array<number>(K).fill(0);
  for (let t = 0; t < K; t++) {
    for (let j = 0; j < t; j++) {
      Q[t][t] += r[j][t] * r[j][t];
      Q[t][j] = Q[j][t];
    }
    for (let j = t + 1; j < K; j++) {
      Q[t][t] += r[j][t] * r[j][t];
      Q[t][j] = -r[j][t] * r[t][j];
    }
  }
  const maxIter = Math.max(100, K),
    eps = 0.005 / K;
  for (let it = 0; it < maxIter; it++) {
    let pQp = 0;
    for (let t = 0; t < K; t++) {
      let s = 0;
      for (let j = 0; j < K; j++) s += Q[t][j] * P[j];
      Qp[t] = s;
      pQp += P[t] * s;
    }
    let maxErr = 0;
    for (let t = 0; t < K; t++) maxErr = Math.max(maxErr, Math.abs(Qp[t] - pQp));
    if (maxErr < eps) break;
    for (let t = 0; t < K; t++) {
      const diff = (-Qp[t] + pQp) / Q[t][t];
      P[t] += diff;
      pQp = (pQp + diff * (diff * Q[t][t] + 2 * Qp[t])) / (1 + diff) / (1 + diff);
      for (let j = 0; j < K; j++) {
        Qp[j] = (Qp[j] + diff * Q[t][j]) / (1 + diff);
        P[j] /= 1 + diff;
      }
    }
  }
  return P;
}

/**
 * libsvm's svm_binary_svc_probability: decision values from a 5-fold CV (seeded shuffle), then
 * Platt's sigmoid fitted by libsvm's Newton method with backtracking. `decide(train, test)` trains
 * on the rows at positions `train` (a binary C-SVC) and returns the decision values of the rows at
 * positions `test`. Returns [A, B].
 */
export function binaryPlatt(ys: number[], rng: Rng, decide: (trIdx: number[], teIdx: number[]) => ArrayLike<number>): [number, number] {
  const l = ys.length,
    nrFold = 5;
  const perm = Array.from({ length: l }, (_, i) => i);
  rng.shuffle(perm);
  const dec = new Float64Array(l);
  for (let f = 0; f < nrFold; f++) {
    const begin = Math.floor((f * l) / nrFold),
      end = Math.floor(((f + 1) * l) / nrFold);
    const trIdx = perm.slice(0, begin).concat(perm.slice(end));
    let pc = 0,
      nc = 0;
    for (const t of trIdx) ys[t] > 0 ? pc++ : nc++;
    if (pc === 0 && nc === 0) for (let j = begin; j < end; j++) dec[perm[j]] = 0;
    else if (pc > 0 && nc === 0) for (let j = begin; j < end; j++) dec[perm[j]] = 1;
    else if (pc === 0 && nc > 0) for (let j = begin; j < end; j++) dec[perm[j]] = -1;
    else {
      const teIdx = perm.slice(begin, end);
      const dv = decide(trIdx, teIdx);
      for (let j = begin; j < end; j++) dec[perm[j]] = dv[j - begin];
    }
  }
  return sigmoidTrain(dec, ys);
}

/**
 * One Platt calibration fold with the TypeScript solver: trains a binary C-SVC on the sub-problem
 * rows at positions `trIdx` (positives first, each group in `trIdx` order, as libsvm groups them)
 * and returns the decision values of the rows at positions `teIdx`.
 */
export function plattFoldSmo(
  kern: KernelRows,
  data: Float64Array,
  d: number,
  spec: KernelSpec,
  sub: number[],
  ys: number[],
  trIdx: number[],
  teIdx: number[],
  Cp: number,
  Cn: number,
  opts: SmoOptions,
): Float64Array {
  const ord = trIdx.filter((t) => ys[t] > 0).concat(trIdx.filter((t) => ys[t] <= 0));
  const idx = Int32Array.from(ord, (t) => sub[t]);
  const y = Int8Array.from(ord, (t) => (ys[t] > 0 ? 1 : -1));
  const sol = solveBinary(kern, idx, y, Cp, Cn, opts);
  const out = new Float64Array(teIdx.length);
  for (let q = 0; q < teIdx.length; q++) {
    const xo = sub[teIdx[q]] * d;
    let s = 0;
    for (let k = 0; k < idx.length; k++) {
      const c = sol.coef[k];
      if (c !== 0) s += c * kernelValue(spec, data, xo, data, idx[k] * d, d);
    }
    out[q] = s - sol.rho;
  }
  return out;
}

/** libsvm's sigmoid_train (Platt 2000 with Lin, Lin & Weng's 2007 numerically safe Newton). */
function sigmoidTrain(dec: Float64Array, labels: number[]): [number, number] {
  const l = dec.length;
  let prior1 = 0;
  for (const y of labels) if (y > 0) prior1++;
  const prior0 = l - prior1;
  const maxIter = 100,
    minStep = 1e-10,
    sigma = 1e-12,
    eps = 1e-5;
  const hi = (prior1 + 1) / (prior1 + 2),
    lo = 1 / (prior0 + 2);
  const t = labels.map((y) => (y > 0 ? hi : lo));
  let A = 0,
    B = Math.log((prior0 + 1) / (prior1 + 1));
  const fv = (a: number, b: number) => {
    let f = 0;
    for (let i = 0; i < l; i++) {
      const x = dec[i] * a + b;
      f += x >= 0 ? t[i] * x + Math.log(1 + Math.exp(-x)) : (t[i] - 1) * x + Math.log(1 + Math.exp(x));
    }
    return f;
  };
  let fval = fv(A, B);
  for (let it = 0; it < maxIter; it++) {
    let h11 = sigma,
      h22 = sigma,
      h21 = 0,
      g1 = 0,
      g2 = 0;
    for (let i = 0; i < l; i++) {
      const x = dec[i] * A + B;
      let p: number, q: number;
      if (x >= 0) {
        p = Math.exp(-x) / (1 + Math.exp(-x));
        q = 1 / (1 + Math.exp(-x));
      } else {
        p = 1 / (1 + Math.exp(x));
        q = Math.exp(x) / (1 + Math.exp(x));
      }
      const d2 = p * q;
      h11 += dec[i] * dec[i] * d2;
      h22 += d2;
      h21 += dec[i] * d2;
      const d1 = t[i] - p;
      g1 += dec[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det,
      dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= minStep) {
      const nA = A + step * dA,
        nB = B + step * dB;
      const nf = fv(nA, nB);
      if (nf < fval + 0.0001 * step * gd) {
        A = nA;
        B = nB;
        fval = nf;
        break;
      }
      step /= 2;
    }
    if (step < minStep) break;
  }
  return [A, B];
}
