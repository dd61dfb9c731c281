/**
 * The `solver: 'libsvm-wasm'` path of {@link SVC}: libsvm 3.22 itself, compiled to WebAssembly by
 * libsvm-js (loaded once, Node only), trained through its API and read back into an {@link SvmState}.
 */
import type { LibsvmSVMClass } from './libsvm-types.js';
import { requireLibsvm } from '../platform/node.js';
import { MirkitError } from '../errors.js';
import type { KernelSpec } from './kernel.js';
import { checkState } from './base.js';
import type { SVCOptions } from './svc.js';
import { decisionValues, type SvmState } from './svc-model.js';
import { binaryPlatt, pairwisePlatt } from './svc-platt.js';
import { classWeights } from './tree-core.js';
import type { Label } from './types.js';

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
      const warn = console.warn,
        err = console.error,
        log = console.log;
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

/** Parses libsvm's model text for coefficients and biases; takes the support vectors from the training rows. */
export function extractModel(
  text: string,
  svIdx: number[],
  rows: number[][],
  d: number,
  kernel: KernelSpec['kernel'],
  gamma: number,
  degree: number,
  coef0: number,
): SvmState {
  const lines = text.split('\n');
  let rho: number[] = [],
    nSV: number[] = [],
    probA: number[] | null = null,
    probB: number[] | null = null;
  let k = 0;
  for (; k < lines.length; k++) {
    const [key, ...vals] = lines[k].trim().split(/\s+/);
    if (key === 'SV') {
      k++;
      break;
    }
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
  void probA;
  void probB;
  return { kernel, gamma, degree, coef0, sv, nSV: Int32Array.from(nSV), coef, rho: Float64Array.from(rho), probA: null, probB: null };
}

/**
 * Trains libsvm's C-SVC (one-vs-one) in WebAssembly on the `n x d` rows of `data` with class indices
 * `yi`, and, with `probability`, libsvm's Platt calibration per class pair. The model comes back in
 * plain arrays (predictions are computed in TypeScript).
 */
export async function fitLibsvm(
  data: Float64Array,
  n: number,
  d: number,
  classes: Label[],
  yi: Int32Array,
  gamma: number,
  p: Required<SVCOptions>,
): Promise<SvmState> {
  const SVM = await loadLibsvm();
  const K = classes.length;
  // stable sort by class so libsvm's label order (first appearance) is the sorted class order,
  // as in scikit-learn's libsvm (which sorts labels)
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => yi[a] - yi[b] || a - b);
  const rows = order.map((i) => Array.from(data.subarray(i * d, (i + 1) * d)));
  const labels = order.map((i) => yi[i]);
  const cw = classWeights(p.classWeight, classes, yi);
  const weight: Record<number, number> = {};
  let anyWeight = false;
  for (let k = 0; k < K; k++)
    if (cw[k] !== 1) {
      weight[k] = cw[k];
      anyWeight = true;
    }
  const kernelCode = { rbf: SVM.KERNEL_TYPES.RBF, linear: SVM.KERNEL_TYPES.LINEAR, poly: SVM.KERNEL_TYPES.POLYNOMIAL, sigmoid: SVM.KERNEL_TYPES.SIGMOID }[
    p.kernel
  ];
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
    ({ probA: st.probA, probB: st.probB } = pairwisePlatt(K, p.seed, (i, j, rng) => {
      const sub: number[] = [];
      for (let t = 0; t < n; t++) if (labels[t] === i || labels[t] === j) sub.push(t);
      const subRows = sub.map((t) => rows[t]),
        ys = sub.map((t) => (labels[t] === i ? 1 : -1));
      const Cp = p.C * cw[i],
        Cn = p.C * cw[j];
      return binaryPlatt(ys, rng, (trIdx, teIdx) => {
        const rs = trIdx.map((t) => subRows[t]),
          ls = trIdx.map((t) => ys[t]);
        // libsvm's binary sub-problem: label +1 first so decision > 0 means +1
        const ord = ls.map((_, k) => k).sort((a, b) => ls[b] - ls[a] || a - b);
        const m = train(
          ord.map((k) => rs[k]),
          ord.map((k) => ls[k]),
          1,
          { 1: Cp, [-1]: Cn },
        );
        return teIdx.map((t) => decisionValues(m, Float64Array.from(subRows[t]))[0]);
      });
    }));
  }
  return st;
}
