import { MirkitError } from '../errors.js';
import { firstNonFinite } from '../validate.js';
import {
  arrayToF64,
  arrayToI32,
  assertFitted,
  badOption,
  checkFeatureMagnitude,
  checkSeed,
  checkState,
  encodeLabels,
  toDense,
  ProbaClassifier,
} from './base.js';
import { kernelRows, type KernelSpec } from './kernel.js';
import { trainOvo } from './smo.js';
import { fitLibsvm } from './svc-libsvm.js';
import { decisionBatch, scaleGamma, type SvmState, voteWinner, votes } from './svc-model.js';
import { binaryPlatt, pairwiseCoupling, pairwisePlatt, plattFoldSmo } from './svc-platt.js';
import { classWeights } from './tree-core.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';
import { readConstructorOptions } from '../options.js';
import { SVC_OPTIONS } from '../constructor-option-keys.js';
import { boolParam } from './params.js';

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
  /**
   * The most SMO iterations per pairwise problem (scikit-learn's `max_iter`): -1 (default) leaves
   * libsvm's own cap, max(10^7, 100 x rows). A bound keeps a fit short where the solver converges
   * slowly (a huge `C` on data the kernel separates only barely: 1000 rows with random labels and
   * `C: 1e308` take minutes), at the cost of a solution short of `tol`. `'smo'` solver only (libsvm-js
   * has no such parameter).
   */
  maxIter?: number;
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
export class SVC extends ProbaClassifier<Required<SVCOptions>> implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  private state: SvmState | null = null;

  /** @param options - see {@link SVCOptions} */
  constructor(options: SVCOptions = {}) {
    options = readConstructorOptions('SVC', options, SVC_OPTIONS);
    const p: Required<SVCOptions> = {
      kernel: options.kernel ?? 'rbf',
      C: options.C ?? 1,
      gamma: options.gamma ?? 'scale',
      degree: options.degree ?? 3,
      coef0: options.coef0 ?? 0,
      tol: options.tol ?? 1e-3,
      shrinking: boolParam('shrinking', options.shrinking, true),
      cacheSize: options.cacheSize ?? 200,
      probability: boolParam('probability', options.probability, false),
      classWeight: options.classWeight ?? null,
      seed: checkSeed(options.seed),
      solver: options.solver ?? 'smo',
      maxIter: options.maxIter ?? -1,
    };
    if (p.solver !== 'smo' && p.solver !== 'libsvm-wasm') badOption('solver', "must be 'smo' or 'libsvm-wasm'");
    if (!['rbf', 'linear', 'poly', 'sigmoid'].includes(p.kernel)) badOption('kernel', "must be 'rbf', 'linear', 'poly' or 'sigmoid'");
    if (!(typeof p.C === 'number' && p.C > 0 && Number.isFinite(p.C))) badOption('C', 'must be a positive number');
    if (p.gamma !== 'scale' && p.gamma !== 'auto' && !(typeof p.gamma === 'number' && p.gamma > 0 && Number.isFinite(p.gamma)))
      badOption('gamma', "must be 'scale', 'auto' or a positive number");
    if (!Number.isInteger(p.degree) || p.degree < 0) badOption('degree', 'must be a non-negative integer');
    if (!Number.isFinite(p.coef0)) badOption('coef0', 'must be finite');
    if (!(p.tol > 0)) badOption('tol', 'must be positive');
    if (!(p.cacheSize > 0)) badOption('cacheSize', 'must be positive');
    if (!(p.maxIter === -1 || (Number.isSafeInteger(p.maxIter) && p.maxIter > 0)))
      badOption('maxIter', 'must be -1 (no bound of its own) or a positive integer');
    if (p.maxIter !== -1 && p.solver !== 'smo') badOption('maxIter', "applies to the 'smo' solver only");
    super(p);
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
    checkFeatureMagnitude(data, d, 'SVC', 'kernel values');
    const { classes, yi } = encodeLabels(y, n);
    const p = this.params;
    const gamma = p.gamma === 'scale' ? scaleGamma(data, d) : p.gamma === 'auto' ? 1 / d : p.gamma;
    if (p.solver === 'smo') return this.fitSmo(data, n, d, classes, yi, gamma);
    const st = await fitLibsvm(data, n, d, classes, yi, gamma, p);
    this.state = st;
    return this.fitted(classes, d);
  }

  /** The TypeScript SMO path of {@link SVC.fit} (synchronous). */
  private fitSmo(data: Float64Array, n: number, d: number, classes: Label[], yi: Int32Array, gamma: number): this {
    this.dispose();
    const p = this.params;
    const K = classes.length;
    const cw = classWeights(p.classWeight, classes, yi);
    const spec: KernelSpec = { kernel: p.kernel, gamma, degree: p.degree, coef0: p.coef0 };
    const kern = kernelRows(data, n, d, spec, p.cacheSize * 1024 * 1024, yi, K);
    const Cw = new Float64Array(K);
    for (let k = 0; k < K; k++) Cw[k] = p.C * cw[k];
    const smoOpts = { tol: p.tol, shrinking: p.shrinking, maxIter: p.maxIter };
    const m = trainOvo(kern, yi, K, Cw, smoOpts);
    const tot = m.svIndex.length;
    const sv = new Float64Array(tot * d);
    for (let t = 0; t < tot; t++) sv.set(data.subarray(m.svIndex[t] * d, (m.svIndex[t] + 1) * d), t * d);
    const st: SvmState = { kernel: p.kernel, gamma, degree: p.degree, coef0: p.coef0, sv, nSV: m.nSV, coef: m.coef, rho: m.rho, probA: null, probB: null };
    if (p.probability) {
      ({ probA: st.probA, probB: st.probB } = pairwisePlatt(K, p.seed, (i, j, rng) => {
        // the class-sorted order of the rows of classes i and j, as the wasm path feeds libsvm
        const sub: number[] = [];
        for (let c = i; c <= j; c += j - i) for (let t = 0; t < n; t++) if (yi[t] === c) sub.push(t);
        const ys = sub.map((t) => (yi[t] === i ? 1 : -1));
        kern.setScope([i, j]);
        return binaryPlatt(ys, rng, (trIdx, teIdx) => plattFoldSmo(kern, data, d, spec, sub, ys, trIdx, teIdx, Cw[i], Cw[j], smoOpts));
      }));
    }
    this.state = st;
    return this.fitted(classes, d);
  }

  /**
   * Pairwise decision values `[n][K(K-1)/2]` in libsvm's (i < j) order: positive favours class i
   * (scikit-learn's `decision_function` with `decision_function_shape='ovo'`).
   */
  decisionFunction(X: FeatureTable): number[][] {
    assertFitted(this.state !== null, 'SVC');
    const { n, d, data } = toDense(X, 'X', this.nFeatures);
    const D = decisionBatch(this.state!, data, n, d);
    const bad = firstNonFinite(D);
    if (bad >= 0) {
      throw new MirkitError(
        'BAD_DATA',
        `SVC: the kernel overflowed on X[${Math.floor(bad / this.state!.rho.length)}] (features too large for this model); scale the features (StandardScaler) first`,
      );
    }
    const np = this.state!.rho.length;
    const out: number[][] = new Array(n);
    for (let r = 0; r < n; r++) out[r] = Array.from(D.subarray(r * np, (r + 1) * np));
    return out;
  }

  /** Predicted classes by libsvm's one-vs-one vote (ties to the first class), as scikit-learn's `predict`. */
  override predict(X: FeatureTable): Label[] {
    const D = this.decisionFunction(X);
    const K = this.fittedClasses.length;
    return D.map((dv) => this.fittedClasses[voteWinner(votes(dv, K))]);
  }

  /**
   * Class probabilities: libsvm's Platt-scaled pairwise coupling when `probability: true`, else the
   * one-vs-one vote fractions.
   */
  predictProba(X: FeatureTable): number[][] {
    const D = this.decisionFunction(X);
    const K = this.fittedClasses.length;
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

  /** Plain-JSON snapshot (the full model: support vectors, coefficients, biases, Platt parameters). */
  toJSON(): ModelJSON {
    const st = this.state;
    return this.fittedJSON(
      'SVC',
      SVC.VERSION,
      st
        ? {
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
          }
        : null,
    );
  }

  /** Restores a model saved by {@link SVC.toJSON} (synchronously; no wasm needed to predict). Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): SVC {
    const T = 'SVC';
    return SVC.restoreFitted(json, T, (m, s) => {
      const K = m.classes.length;
      checkState(['rbf', 'linear', 'poly', 'sigmoid'].includes(s.kernel as string), T, 'state.kernel');
      checkState(typeof s.gamma === 'number' && Number.isFinite(s.gamma) && s.gamma > 0, T, 'state.gamma must be a positive finite number');
      checkState(
        typeof s.degree === 'number' && Number.isInteger(s.degree) && s.degree >= 0 && s.degree <= 64,
        T,
        'state.degree must be an integer in [0, 64]',
      );
      checkState(typeof s.coef0 === 'number' && Number.isFinite(s.coef0), T, 'state.coef0 must be a finite number');
      const nSV = arrayToI32(s.nSV, T, 'state.nSV', 0);
      checkState(nSV.length === K, T, 'state.nSV must have one count per class');
      const tot = nSV.reduce((a, b) => a + b, 0);
      checkState(
        tot > 0 && tot * (s.nFeatures as number) <= MAX_MODEL_VALUES,
        T,
        `state.nSV must count between 1 and ${MAX_MODEL_VALUES} support-vector values in all`,
      );
      const npairs = (K * (K - 1)) / 2;
      checkState((s.probA == null) === (s.probB == null), T, 'state.probA and state.probB must both be given (a model with probabilities) or both be null');
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
    });
  }
}

/** Largest number of support-vector values (`sum(nSV) * nFeatures`) a saved SVC may hold: 2^27. */
const MAX_MODEL_VALUES = 2 ** 27;

export { loadLibsvm } from './svc-libsvm.js';
