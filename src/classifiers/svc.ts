import type { LibsvmSVMClass } from './libsvm-types.js';
import { requireLibsvm } from '../platform/node.js';
import { MirkitError } from '../errors.js';
import { arrayToF64, arrayToI32, assertFitted, badOption, checkClasses, checkModelJSON, checkSeed, checkState, encodeLabels, modelJSON, toDense, copyParams } from './base.js';
import { createRng } from './random.js';
import { kernelRows, kernelValue, solveBinary, trainOvo, type KernelRows } from './smo.js';
import { classWeights } from './tree-core.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';

/** Options of {@link SVC} (scikit-learn's `SVC` parameters). */
export interface SVCOptions {
  /** `'rbf'` (default), `'linear'`, `'poly'` or `'sigmoid'`. */
  kernel?: 'rbf' | 'linear' | 'poly' | 'sigmoid';
  /** Regularisation C (default 1). */
  C?: number;
  /** Kernel coefficient: `'scale'` (default, `1 / (nFeatures * X.var())`), `'auto'` (`1 / nFeatures`) or a number. */
  gamma?: 'scale' | 'auto' | number;
  /** Polynomial degree (default 3). */
  degree?: number;
  /** Independent term of the poly / sigmoid kernels (default 0). */
  coef0?: number;
  /** Solver tolerance (default 1e-3). */
  tol?: number;
  /** libsvm's shrinking heuristics (default true). */
  shrinking?: boolean;
  /** Kernel cache size in MB (default 200). */
  cacheSize?: number;
  /** Fit Platt-scaled pairwise probabilities (5-fold internal CV per class pair, default false). */
  probability?: boolean;
  /** `'balanced'`, `{ label: weight }` or null (default): per-class multipliers of C. */
  classWeight?: 'balanced' | Record<string, number> | null;
  /** Seed for the probability calibration folds (default 0). */
  seed?: number;
  /**
   * Training backend: `'smo'` (default) is libsvm's C-SVC solver reimplemented in TypeScript
   * (second-order working-set selection, shrinking, libsvm's bias rule; no wasm to load, several
   * times faster); `'libsvm-wasm'` runs libsvm itself compiled to WebAssembly by libsvm-js
   * (see {@link loadLibsvm}). Both give the same model up to the solver tolerance.
   */
  solver?: 'smo' | 'libsvm-wasm';
}

/** The fitted libsvm model, held in plain arrays (predictions are computed in TypeScript). */
interface SvmState {
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

let libsvmPromise: Promise<LibsvmSVMClass> | null = null;

/**
 * Imports libsvm-js's wasm build (Node only: its emscripten glue reads the wasm file with `fs`, so the
 * browser build's platform module answers `UNSUPPORTED` and the bundle never contains it).
 */
async function importLibsvm(): Promise<LibsvmSVMClass> {
  return (await requireLibsvm()) as LibsvmSVMClass;
}

/** Loads (once) libsvm compiled to WebAssembly. Resolves to libsvm-js's SVM class. */
export function loadLibsvm(): Promise<LibsvmSVMClass> {
  if (!libsvmPromise) {
    libsvmPromise = (async () => {
      // emscripten prints a harmless "wasm streaming compile failed ... falling back" notice in Node; keep it quiet
      const warn = console.warn, err = console.error, log = console.log;
      const quiet = (...a: unknown[]) => {
        const s = String(a[0] ?? '');
        if (/wasm streaming compile|falling back to ArrayBuffer/i.test(s)) return;
        warn(...a);
      };
      console.warn = quiet;
      console.error = quiet;
      console.log = (...a: unknown[]) => (/wasm streaming compile|falling back to ArrayBuffer/i.test(String(a[0] ?? '')) ? undefined : log(...a));
      try {
        return await importLibsvm();
      } catch (e) {
        libsvmPromise = null;
        if (e instanceof MirkitError) throw e;
        throw new MirkitError('UNSUPPORTED', `could not load libsvm-js (WebAssembly): ${(e as Error).message}`);
      } finally {
        console.warn = warn;
        console.error = err;
        console.log = log;
      }
    })();
  }
  return libsvmPromise;
}

/**
 * Support-vector classifier, scikit-learn's `SVC`: libsvm's C-SVC, one-vs-one for several classes.
 * By default (`solver: 'smo'`) libsvm's solver reimplemented in TypeScript (src/classifiers/smo.ts:
 * second-order working-set selection, shrinking, libsvm's bias rule; the same models as libsvm up to
 * its tolerance); `solver: 'libsvm-wasm'` runs libsvm 3.22 itself, compiled to WebAssembly by
 * libsvm-js (loaded once on first use). `fit` returns a Promise either way; `predict` /
 * `predictProba` are synchronous, computed in TypeScript from the model (saved models from either
 * solver read the same).
 * `predict` is libsvm's pairwise vote, as scikit-learn's `predict`; `predictProba` is libsvm's
 * Platt-scaled pairwise coupling when `probability: true` (calibrated on seeded internal 5-fold CV),
 * otherwise the vote fractions (rows still sum to 1).
 *
 * @example
 * ```ts
 * const svc = await new SVC({ kernel: 'rbf', C: 3, gamma: 'scale' }).fit(X, y);
 * svc.predict(Xtest);
 * ```
 */
export class SVC implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  /** Options with defaults filled. */
  readonly params: Required<SVCOptions>;
  /** Classes seen in fit (sorted). */
  classes: Label[] = [];
  private state: SvmState | null = null;
  private nFeatures = 0;

  /** @param options - see {@link SVCOptions} */
  constructor(options: SVCOptions = {}) {
    const p: Required<SVCOptions> = {
      kernel: options.kernel ?? 'rbf',
      C: options.C ?? 1,
      gamma: options.gamma ?? 'scale',
      degree: options.degree ?? 3,
      coef0: options.coef0 ?? 0,
      tol: options.tol ?? 1e-3,
      shrinking: options.shrinking ?? true,
      cacheSize: options.cacheSize ?? 200,
      probability: options.probability ?? false,
      classWeight: options.classWeight ?? null,
      seed: checkSeed(options.seed),
      solver: options.solver ?? 'smo',
    };
    if (p.solver !== 'smo' && p.solver !== 'libsvm-wasm') badOption('solver', "must be 'smo' or 'libsvm-wasm'");
    if (!['rbf', 'linear', 'poly', 'sigmoid'].includes(p.kernel)) badOption('kernel', "must be 'rbf', 'linear', 'poly' or 'sigmoid'");
    if (!(typeof p.C === 'number' && p.C > 0 && Number.isFinite(p.C))) badOption('C', 'must be a positive number');
    if (p.gamma !== 'scale' && p.gamma !== 'auto' && !(typeof p.gamma === 'number' && p.gamma > 0 && Number.isFinite(p.gamma))) badOption('gamma', "must be 'scale', 'auto' or a positive number");
    if (!Number.isInteger(p.degree) || p.degree < 0) badOption('degree', 'must be a non-negative integer');
    if (!Number.isFinite(p.coef0)) badOption('coef0', 'must be finite');
    if (!(p.tol > 0)) badOption('tol', 'must be positive');
    if (!(p.cacheSize > 0)) badOption('cacheSize', 'must be positive');
    this.params = p;
  }

  /** The gamma used by the fitted model. */
  get gamma(): number {
    assertFitted(this.state !== null, 'SVC');
    return this.state!.gamma;
  }

  /** Number of support vectors per class (scikit-learn's `n_support_`). */
  get nSupport(): number[] {
    assertFitted(this.state !== null, 'SVC');
    return Array.from(this.state!.nSV);
  }

  /**
   * Trains (libsvm's C-SVC, one-vs-one). Refits from scratch. Async for the `'libsvm-wasm'` solver,
   * which loads the wasm module on first use; the default `'smo'` solver needs nothing loaded.
   */
  async fit(X: FeatureTable, y: Label[]): Promise<this> {
    const { n, d, data } = toDense(X);
    const { classes, yi } = encodeLabels(y, n);
    const K = classes.length;
    const p = this.params;
    const gamma = p.gamma === 'scale' ? scaleGamma(data, d) : p.gamma === 'auto' ? 1 / d : p.gamma;
    if (p.solver === 'smo') return this.fitSmo(data, n, d, classes, yi, gamma);
    const SVM = await loadLibsvm();
    this.dispose();
    // stable sort by class so libsvm's label order (first appearance) is the sorted class order,
    // as in scikit-learn's libsvm (which sorts labels)
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => yi[a] - yi[b] || a - b);
    const rows = order.map((i) => Array.from(data.subarray(i * d, (i + 1) * d)));
    const labels = order.map((i) => yi[i]);
    const cw = classWeights(p.classWeight, classes, yi);
    const weight: Record<number, number> = {};
    let anyWeight = false;
    for (let k = 0; k < K; k++) if (cw[k] !== 1) { weight[k] = cw[k]; anyWeight = true; }
    const kernelCode = { rbf: SVM.KERNEL_TYPES.RBF, linear: SVM.KERNEL_TYPES.LINEAR, poly: SVM.KERNEL_TYPES.POLYNOMIAL, sigmoid: SVM.KERNEL_TYPES.SIGMOID }[p.kernel];
    const baseOpts = {
      type: SVM.SVM_TYPES.C_SVC,
      kernel: kernelCode,
      gamma,
      degree: p.degree,
      coef0: p.coef0,
      tolerance: p.tol,
      shrinking: p.shrinking,
      cacheSize: p.cacheSize,
      quiet: true,
    };
    const train = (rs: number[][], ls: number[], C: number, w?: Record<number, number>): SvmState => {
      const svm = new SVM({ ...baseOpts, cost: C, ...(w ? { weight: w } : {}) });
      try {
        svm.train(rs, ls);
        return extractModel(svm.serializeModel(), svm.getSVIndices(), rs, d, p.kernel, gamma, p.degree, p.coef0);
      } finally {
        svm.free();
      }
    };
    const st = train(rows, labels, p.C, anyWeight ? weight : undefined);
    checkState(st.nSV.length === K, 'SVC', 'libsvm returned a model with a different number of classes');
    if (p.probability) {
      const npairs = (K * (K - 1)) / 2;
      st.probA = new Float64Array(npairs);
      st.probB = new Float64Array(npairs);
      const rng = createRng(p.seed);
      let q = 0;
      for (let i = 0; i < K; i++) {
        for (let j = i + 1; j < K; j++, q++) {
          const sub: number[] = [];
          for (let t = 0; t < n; t++) if (labels[t] === i || labels[t] === j) sub.push(t);
          const subRows = sub.map((t) => rows[t]), ys = sub.map((t) => (labels[t] === i ? 1 : -1));
          const Cp = p.C * cw[i], Cn = p.C * cw[j];
          const [A, B] = binaryPlatt(ys, rng, (trIdx, teIdx) => {
            const rs = trIdx.map((t) => subRows[t]), ls = trIdx.map((t) => ys[t]);
            // libsvm's binary sub-problem: label +1 first so decision > 0 means +1
            const ord = ls.map((_, k) => k).sort((a, b) => ls[b] - ls[a] || a - b);
            const m = train(ord.map((k) => rs[k]), ord.map((k) => ls[k]), 1, { 1: Cp, [-1]: Cn });
            return teIdx.map((t) => decisionValues(m, Float64Array.from(subRows[t]))[0]);
          });
          st.probA[q] = A;
          st.probB[q] = B;
        }
      }
    }
    this.state = st;
    this.classes = classes;
    this.nFeatures = d;
    return this;
  }

  /** The TypeScript SMO path of {@link SVC.fit} (synchronous). */
  private fitSmo(data: Float64Array, n: number, d: number, classes: Label[], yi: Int32Array, gamma: number): this {
    this.dispose();
    const p = this.params;
    const K = classes.length;
    const cw = classWeights(p.classWeight, classes, yi);
    const spec = { kernel: p.kernel, gamma, degree: p.degree, coef0: p.coef0 };
    const kern = kernelRows(data, n, d, spec, p.cacheSize * 1024 * 1024, yi, K);
    const Cw = new Float64Array(K);
    for (let k = 0; k < K; k++) Cw[k] = p.C * cw[k];
    const smoOpts = { tol: p.tol, shrinking: p.shrinking };
    const m = trainOvo(kern, yi, K, Cw, smoOpts);
    const tot = m.svIndex.length;
    const sv = new Float64Array(tot * d);
    for (let t = 0; t < tot; t++) sv.set(data.subarray(m.svIndex[t] * d, (m.svIndex[t] + 1) * d), t * d);
    const st: SvmState = { kernel: p.kernel, gamma, degree: p.degree, coef0: p.coef0, sv, nSV: m.nSV, coef: m.coef, rho: m.rho, probA: null, probB: null };
    if (p.probability) {
      const npairs = (K * (K - 1)) / 2;
      st.probA = new Float64Array(npairs);
      st.probB = new Float64Array(npairs);
      const rng = createRng(p.seed);
      let q = 0;
      for (let i = 0; i < K; i++) {
        for (let j = i + 1; j < K; j++, q++) {
          // the class-sorted order of the rows of classes i and j, as the wasm path feeds libsvm
          const sub: number[] = [];
          for (let c = i; c <= j; c += j - i) for (let t = 0; t < n; t++) if (yi[t] === c) sub.push(t);
          const ys = sub.map((t) => (yi[t] === i ? 1 : -1));
          kern.setScope([i, j]);
          const [A, B] = binaryPlatt(ys, rng, (trIdx, teIdx) => plattFoldSmo(kern, data, d, spec, sub, ys, trIdx, teIdx, Cw[i], Cw[j], smoOpts));
          st.probA[q] = A;
          st.probB[q] = B;
        }
      }
    }
    this.state = st;
    this.classes = classes;
    this.nFeatures = d;
    return this;
  }

  /**
   * Pairwise decision values `[n][K(K-1)/2]` in libsvm's (i < j) order: positive favours class i
   * (scikit-learn's `decision_function` with `decision_function_shape='ovo'`).
   */
  decisionFunction(X: FeatureTable): number[][] {
    assertFitted(this.state !== null, 'SVC');
    const { n, d, data } = toDense(X, 'X', this.nFeatures);
    const D = decisionBatch(this.state!, data, n, d);
    const np = this.state!.rho.length;
    const out: number[][] = new Array(n);
    for (let r = 0; r < n; r++) out[r] = Array.from(D.subarray(r * np, (r + 1) * np));
    return out;
  }

  /** Predicted classes by libsvm's one-vs-one vote (ties to the first class), as scikit-learn's `predict`. */
  predict(X: FeatureTable): Label[] {
    const D = this.decisionFunction(X);
    const K = this.classes.length;
    return D.map((dv) => this.classes[voteWinner(votes(dv, K))]);
  }

  /**
   * Class probabilities: libsvm's Platt-scaled pairwise coupling when `probability: true`, else the
   * one-vs-one vote fractions.
   */
  predictProba(X: FeatureTable): number[][] {
    const D = this.decisionFunction(X);
    const K = this.classes.length;
    const st = this.state!;
    if (!st.probA) {
      const total = (K * (K - 1)) / 2;
      return D.map((dv) => Array.from(votes(dv, K), (v) => v / total));
    }
    return D.map((dv) => pairwiseCoupling(dv, st.probA!, st.probB!, K));
  }

  /** Releases resources (the wasm model is already freed after training; kept for API symmetry). */
  dispose(): void {
    /* the libsvm model lives in wasm memory only during fit, and is freed there */
  }

  /** The constructor options with defaults filled (scikit-learn's `get_params`), a plain JSON-able copy. */
  getParams(): SVCOptions {
    return copyParams(this.params);
  }

  /** An unfitted copy with the same params (scikit-learn's `clone`). */
  clone(): SVC {
    return new SVC(this.getParams());
  }

  /** Plain-JSON snapshot (the full model: support vectors, coefficients, biases, Platt parameters). */
  toJSON(): ModelJSON {
    const st = this.state;
    return modelJSON('SVC', SVC.VERSION, this.params as unknown as Record<string, unknown>, st ? {
      classes: this.classes,
      nFeatures: this.nFeatures,
      kernel: st.kernel,
      gamma: st.gamma,
      degree: st.degree,
      coef0: st.coef0,
      nSV: Array.from(st.nSV),
      sv: Array.from(st.sv),
      coef: Array.from(st.coef),
      rho: Array.from(st.rho),
      probA: st.probA ? Array.from(st.probA) : null,
      probB: st.probB ? Array.from(st.probB) : null,
    } : undefined);
  }

  /** Restores a model saved by {@link SVC.toJSON} (synchronously; no wasm needed to predict). Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): SVC {
    const T = 'SVC';
    const j = checkModelJSON(json, T, SVC.VERSION);
    const m = new SVC(j.params as SVCOptions);
    if (j.state !== undefined) {
      const s = j.state as Record<string, unknown>;
      checkState(typeof s === 'object' && s !== null, T, 'state must be an object');
      m.classes = checkClasses(s.classes, T);
      const K = m.classes.length;
      checkState(Number.isInteger(s.nFeatures) && (s.nFeatures as number) > 0, T, 'state.nFeatures');
      m.nFeatures = s.nFeatures as number;
      checkState(['rbf', 'linear', 'poly', 'sigmoid'].includes(s.kernel as string), T, 'state.kernel');
      checkState(typeof s.gamma === 'number' && typeof s.degree === 'number' && typeof s.coef0 === 'number', T, 'state.gamma/degree/coef0');
      const nSV = arrayToI32(s.nSV, T, 'state.nSV');
      checkState(nSV.length === K, T, 'state.nSV must have one count per class');
      const tot = nSV.reduce((a, b) => a + b, 0);
      const npairs = (K * (K - 1)) / 2;
      m.state = {
        kernel: s.kernel as SvmState['kernel'],
        gamma: s.gamma as number,
        degree: s.degree as number,
        coef0: s.coef0 as number,
        nSV,
        sv: arrayToF64(s.sv, T, 'state.sv', tot * m.nFeatures),
        coef: arrayToF64(s.coef, T, 'state.coef', (K - 1) * tot),
        rho: arrayToF64(s.rho, T, 'state.rho', npairs),
        probA: s.probA == null ? null : arrayToF64(s.probA, T, 'state.probA', npairs),
        probB: s.probB == null ? null : arrayToF64(s.probB, T, 'state.probB', npairs),
      };
    }
    return m;
  }
}

/** scikit-learn's `gamma='scale'`: `1 / (nFeatures * X.var())` (1 when X is constant). */
function scaleGamma(data: Float64Array, d: number): number {
  let s = 0, s2 = 0;
  for (let k = 0; k < data.length; k++) s += data[k];
  const mean = s / data.length;
  for (let k = 0; k < data.length; k++) { const t = data[k] - mean; s2 += t * t; }
  const v = s2 / data.length;
  return v > 0 ? 1 / (d * v) : 1;
}

/** Parses libsvm's model text for coefficients and biases; takes the support vectors from the training rows. */
function extractModel(text: string, svIdx: number[], rows: number[][], d: number, kernel: SvmState['kernel'], gamma: number, degree: number, coef0: number): SvmState {
  const lines = text.split('\n');
  let rho: number[] = [], nSV: number[] = [], probA: number[] | null = null, probB: number[] | null = null;
  let k = 0;
  for (; k < lines.length; k++) {
    const [key, ...vals] = lines[k].trim().split(/\s+/);
    if (key === 'SV') { k++; break; }
    if (key === 'rho') rho = vals.map(Number);
    else if (key === 'nr_sv') nSV = vals.map(Number);
    else if (key === 'probA') probA = vals.map(Number);
    else if (key === 'probB') probB = vals.map(Number);
  }
  const tot = svIdx.length;
  const K = nSV.length;
  if (K < 2 || nSV.reduce((a, b) => a + b, 0) !== tot) throw new MirkitError('BAD_MODEL', 'libsvm returned an unexpected model');
  const coef = new Float64Array((K - 1) * tot);
  const sv = new Float64Array(tot * d);
  for (let i = 0; i < tot; i++) {
    const parts = lines[k + i].trim().split(/\s+/);
    for (let j = 0; j < K - 1; j++) coef[j * tot + i] = Number(parts[j]);
    sv.set(rows[svIdx[i]], i * d);
  }
  void probA; void probB;
  return { kernel, gamma, degree, coef0, sv, nSV: Int32Array.from(nSV), coef, rho: Float64Array.from(rho), probA: null, probB: null };
}

/** libsvm's svm_predict_values: pairwise decision values for one sample. */
function decisionValues(st: SvmState, x: Float64Array): Float64Array {
  return decisionBatch(st, x, 1, x.length);
}

/**
 * libsvm's svm_predict_values for the `n` rows of `data` (`n x d`): pairwise decision values,
 * `n x K(K-1)/2` row-major. Kernel values as libsvm's `k_function` (double precision).
 */
function decisionBatch(st: SvmState, data: Float64Array, n: number, d: number): Float64Array {
  const { sv, nSV, coef, rho, gamma, degree, coef0, kernel } = st;
  const K = nSV.length;
  const tot = coef.length / (K - 1);
  const np = (K * (K - 1)) / 2;
  const kv = new Float64Array(tot);
  const start = new Int32Array(K);
  for (let i = 1; i < K; i++) start[i] = start[i - 1] + nSV[i - 1];
  const out = new Float64Array(n * np);
  for (let r = 0; r < n; r++) {
    kernelToSVs(kernel, gamma, degree, coef0, data, r * d, sv, tot, d, kv);
    let p = r * np;
    for (let i = 0; i < K; i++) {
      for (let j = i + 1; j < K; j++, p++) {
        let sum = 0;
        const si = start[i], sj = start[j];
        const c1 = (j - 1) * tot, c2 = i * tot;
        for (let t = 0; t < nSV[i]; t++) sum += coef[c1 + si + t] * kv[si + t];
        for (let t = 0; t < nSV[j]; t++) sum += coef[c2 + sj + t] * kv[sj + t];
        out[p] = sum - rho[p - r * np];
      }
    }
  }
  return out;
}

/** `kv[i] = K(x, sv_i)` for the `tot` support vectors, x = `data[xo .. xo+d)`. */
function kernelToSVs(kernel: SvmState['kernel'], gamma: number, degree: number, coef0: number, data: Float64Array, xo: number, sv: Float64Array, tot: number, d: number, kv: Float64Array): void {
  for (let i = 0; i < tot; i++) {
    const o = i * d;
    if (kernel === 'rbf') {
      let s = 0;
      for (let j = 0; j < d; j++) { const t = data[xo + j] - sv[o + j]; s += t * t; }
      kv[i] = Math.exp(-gamma * s);
    } else {
      let s = 0;
      for (let j = 0; j < d; j++) s += data[xo + j] * sv[o + j];
      kv[i] = kernel === 'linear' ? s : kernel === 'poly' ? Math.pow(gamma * s + coef0, degree) : Math.tanh(gamma * s + coef0);
    }
  }
}

function votes(dv: ArrayLike<number>, K: number): Int32Array {
  const v = new Int32Array(K);
  let p = 0;
  for (let i = 0; i < K; i++) for (let j = i + 1; j < K; j++, p++) { if (dv[p] > 0) v[i]++; else v[j]++; }
  return v;
}

function voteWinner(v: Int32Array): number {
  let b = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
  return b;
}

function sigmoidPredict(dec: number, A: number, B: number): number {
  const f = dec * A + B;
  return f >= 0 ? Math.exp(-f) / (1 + Math.exp(-f)) : 1 / (1 + Math.exp(f));
}

/** libsvm's svm_predict_probability: Platt-scaled pairwise probabilities coupled (Wu, Lin & Weng 2004). */
function pairwiseCoupling(dv: ArrayLike<number>, probA: Float64Array, probB: Float64Array, K: number): number[] {
  const minP = 1e-7;
  const r: number[][] = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  let p = 0;
  for (let i = 0; i < K; i++) for (let j = i + 1; j < K; j++, p++) {
    const v = Math.min(Math.max(sigmoidPredict(dv[p], probA[p], probB[p]), minP), 1 - minP);
    r[i][j] = v;
    r[j][i] = 1 - v;
  }
  if (K === 2) return [r[0][1], r[1][0]];
  const Q: number[][] = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  const P = new Array<number>(K).fill(1 / K), Qp = new Array<number>(K).fill(0);
  for (let t = 0; t < K; t++) {
    for (let j = 0; j < t; j++) { Q[t][t] += r[j][t] * r[j][t]; Q[t][j] = Q[j][t]; }
    for (let j = t + 1; j < K; j++) { Q[t][t] += r[j][t] * r[j][t]; Q[t][j] = -r[j][t] * r[t][j]; }
  }
  const maxIter = Math.max(100, K), eps = 0.005 / K;
  for (let it = 0; it < maxIter; it++) {
    let pQp = 0;
    for (let t = 0; t < K; t++) { let s = 0; for (let j = 0; j < K; j++) s += Q[t][j] * P[j]; Qp[t] = s; pQp += P[t] * s; }
    let maxErr = 0;
    for (let t = 0; t < K; t++) maxErr = Math.max(maxErr, Math.abs(Qp[t] - pQp));
    if (maxErr < eps) break;
    for (let t = 0; t < K; t++) {
      const diff = (-Qp[t] + pQp) / Q[t][t];
      P[t] += diff;
      pQp = (pQp + diff * (diff * Q[t][t] + 2 * Qp[t])) / (1 + diff) / (1 + diff);
      for (let j = 0; j < K; j++) { Qp[j] = (Qp[j] + diff * Q[t][j]) / (1 + diff); P[j] /= 1 + diff; }
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
function binaryPlatt(
  ys: number[],
  rng: ReturnType<typeof createRng>,
  decide: (trIdx: number[], teIdx: number[]) => ArrayLike<number>,
): [number, number] {
  const l = ys.length, nrFold = 5;
  const perm = Array.from({ length: l }, (_, i) => i);
  rng.shuffle(perm);
  const dec = new Float64Array(l);
  for (let f = 0; f < nrFold; f++) {
    const begin = Math.floor((f * l) / nrFold), end = Math.floor(((f + 1) * l) / nrFold);
    const trIdx = perm.slice(0, begin).concat(perm.slice(end));
    let pc = 0, nc = 0;
    for (const t of trIdx) (ys[t] > 0 ? pc++ : nc++);
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
function plattFoldSmo(
  kern: KernelRows,
  data: Float64Array,
  d: number,
  spec: { kernel: SvmState['kernel']; gamma: number; degree: number; coef0: number },
  sub: number[],
  ys: number[],
  trIdx: number[],
  teIdx: number[],
  Cp: number,
  Cn: number,
  opts: { tol: number; shrinking: boolean },
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
  const maxIter = 100, minStep = 1e-10, sigma = 1e-12, eps = 1e-5;
  const hi = (prior1 + 1) / (prior1 + 2), lo = 1 / (prior0 + 2);
  const t = labels.map((y) => (y > 0 ? hi : lo));
  let A = 0, B = Math.log((prior0 + 1) / (prior1 + 1));
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
    let h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
    for (let i = 0; i < l; i++) {
      const x = dec[i] * A + B;
      let p: number, q: number;
      if (x >= 0) { p = Math.exp(-x) / (1 + Math.exp(-x)); q = 1 / (1 + Math.exp(-x)); }
      else { p = 1 / (1 + Math.exp(x)); q = Math.exp(x) / (1 + Math.exp(x)); }
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
    const dA = -(h22 * g1 - h21 * g2) / det, dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= minStep) {
      const nA = A + step * dA, nB = B + step * dB;
      const nf = fv(nA, nB);
      if (nf < fval + 0.0001 * step * gd) { A = nA; B = nB; fval = nf; break; }
      step /= 2;
    }
    if (step < minStep) break;
  }
  return [A, B];
}
