/**
 * C-SVC training by sequential minimal optimisation, reimplemented in TypeScript from the
 * description of libsvm's solver (Chang & Lin, "LIBSVM: a library for support vector machines",
 * 2011; Fan, Chen & Lin, "Working set selection using second order information for training SVM",
 * JMLR 2005): the dual
 *
 *   min_a 0.5 a^T Q a - e^T a,  0 <= a_i <= C_{y_i},  y^T a = 0,  Q_ij = y_i y_j K(x_i, x_j)
 *
 * solved two variables at a time, the pair chosen by the maximal violating `i` and the second-order
 * gain for `j`, stopped when the maximal violation `m(a) - M(a)` falls below `tol` (libsvm's `eps`),
 * with libsvm's shrinking heuristics (optional) and its bias rule (the mean of `y_i grad_i` over free
 * vectors, else the midpoint of the bounds). Kernel values used by the solver are held in single
 * precision as libsvm's cache holds them; the diagonal is double.
 *
 * Multi-class problems are split one-vs-one over class pairs in sorted class order, with per-class
 * C (class weights multiply C), and the model is assembled as libsvm's `svm_train` does (support
 * vectors grouped by class, `sv_coef[j-1]` / `sv_coef[i]` layout). Internal module of {@link SVC}.
 */
import type { KernelRows } from './kernel.js';

export { kernelRows, kernelValue, type KernelRows, type KernelSpec } from './kernel.js';
export { trainOvo, type OvoModel } from './ovo.js';

/** Solver settings. */
export interface SmoOptions {
  /** Stopping tolerance on the maximal violation (libsvm's `eps`, default 1e-3). */
  tol?: number;
  /** libsvm's shrinking heuristics (default true). */
  shrinking?: boolean;
  /**
   * The most SMO iterations per binary problem (scikit-learn's `max_iter`); -1 (default) is libsvm's
   * own cap, max(10^7, 100 x rows).
   */
  maxIter?: number;
}

/** One binary C-SVC solution. */
export interface BinarySolution {
  /** `y_i a_i` per sub-problem row, in the order the rows were given. */
  coef: Float64Array;
  /** The bias: decision value is `sum_i coef_i K(x_i, x) - rho`. */
  rho: number;
  /** SMO iterations used. */
  iterations: number;
}

const LOWER = 0,
  UPPER = 1,
  FREE = 2;
const TAU = 1e-12;

/**
 * Solves one binary C-SVC dual over the training rows `idx` (indices into the kernel's rows) with
 * labels `y` (+1 / -1), box `Cp` for the +1 rows and `Cn` for the -1 rows. libsvm's `Solver::Solve`
 * with `p = -1`, `alpha = 0` at the start.
 */
export function solveBinary(kern: KernelRows, idx: Int32Array, y: Int8Array, Cp: number, Cn: number, options: SmoOptions = {}): BinarySolution {
  const s = new SmoSolver(kern, idx, y, Cp, Cn, options.tol ?? 1e-3);
  const shrinking = options.shrinking ?? true;
  const l = idx.length;
  const libsvmCap = Math.max(10_000_000, l > 21474836 ? 2147483647 : 100 * l);
  const maxIter = options.maxIter !== undefined && options.maxIter > 0 ? Math.min(options.maxIter, libsvmCap) : libsvmCap;
  let counter = Math.min(l, 1000) + 1;
  let iter = 0;
  while (iter < maxIter) {
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      if (shrinking) s.doShrinking();
    }
    if (!s.selectWorkingSet()) {
      s.reconstructGradient();
      if (!s.selectWorkingSet()) break;
      counter = 1;
    }
    iter++;
    s.update();
  }
  if (iter >= maxIter) s.reconstructGradient();
  const rho = s.calculateRho();
  const coef = new Float64Array(l);
  for (let t = 0; t < l; t++) coef[s.active[t]] = s.alpha[t] * s.y[t];
  return { coef, rho, iterations: iter };
}

/**
 * The state of libsvm's `Solver` for C-SVC (p = -1), by position: shrinking swaps positions
 * (libsvm's swap_index), `active[pos]` remembers the original one. Small methods keep each hot loop
 * quick to optimise.
 */
class SmoSolver {
  readonly l: number;
  /** Kernel row of the item at a position. */
  readonly gidx: Int32Array;
  readonly y: Int8Array;
  readonly alpha: Float64Array;
  /** LOWER, UPPER or FREE. */
  readonly status: Uint8Array;
  /** Gradient `Q alpha - e`. */
  readonly G: Float64Array;
  /** `sum over alpha_t = C_t of C_t Q_it`. */
  readonly Gbar: Float64Array;
  readonly active: Int32Array;
  readonly QD: Float64Array;
  activeSize: number;
  unshrink = false;
  wi = -1;
  wj = -1;

  constructor(
    readonly kern: KernelRows,
    idx: Int32Array,
    y: Int8Array,
    readonly Cp: number,
    readonly Cn: number,
    readonly eps: number,
  ) {
    const l = idx.length;
    this.l = l;
    this.gidx = Int32Array.from(idx);
    this.y = Int8Array.from(y);
    this.alpha = new Float64Array(l);
    this.status = new Uint8Array(l); // all LOWER: alpha = 0
    this.G = new Float64Array(l).fill(-1);
    this.Gbar = new Float64Array(l);
    this.active = new Int32Array(l);
    this.QD = new Float64Array(l);
    for (let i = 0; i < l; i++) {
      this.active[i] = i;
      this.QD[i] = kern.diag[idx[i]];
    }
    this.activeSize = l;
  }

  /** libsvm's select_working_set (Fan, Chen & Lin's second-order rule). False when optimal within eps. */
  selectWorkingSet(): boolean {
    const { y, status, G, QD, gidx } = this;
    const n = this.activeSize;
    let Gmax = -Infinity,
      Gmax2 = -Infinity,
      wi = -1,
      wj = -1,
      objDiffMin = Infinity;
    for (let t = 0; t < n; t++) {
      if (y[t] > 0) {
        if (status[t] !== UPPER && -G[t] >= Gmax) {
          Gmax = -G[t];
          wi = t;
        }
      } else if (status[t] !== LOWER && G[t] >= Gmax) {
        Gmax = G[t];
        wi = t;
      }
    }
    if (wi !== -1) {
      const Ki = this.kern.row(gidx[wi]);
      const QDi = QD[wi];
      for (let t = 0; t < n; t++) {
        let g: number;
        if (y[t] > 0) {
          if (status[t] === LOWER) continue;
          g = G[t];
        } else {
          if (status[t] === UPPER) continue;
          g = -G[t];
        }
        if (g >= Gmax2) Gmax2 = g;
        const gradDiff = Gmax + g;
        if (gradDiff > 0) {
          const quad = QDi + QD[t] - 2 * Ki[gidx[t]];
          const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (objDiff <= objDiffMin) {
            wj = t;
            objDiffMin = objDiff;
          }
        }
      }
    }
    if (Gmax + Gmax2 < this.eps || wj === -1) return false;
    this.wi = wi;
    this.wj = wj;
    return true;
  }

  /** Optimises the working pair analytically, clipped to the box, and updates G, status and G_bar. */
  update(): void {
    const { y, alpha, gidx, QD, G } = this;
    const i = this.wi,
      j = this.wj;
    const Ki = this.kern.row(gidx[i]),
      Kj = this.kern.row(gidx[j]);
    const yi = y[i],
      yj = y[j];
    const Ci = yi > 0 ? this.Cp : this.Cn,
      Cj = yj > 0 ? this.Cp : this.Cn;
    const oldAi = alpha[i],
      oldAj = alpha[j];
    let quad = QD[i] + QD[j] - 2 * Ki[gidx[j]]; // Q_ii + Q_jj -/+ 2 Q_ij, both = K_ii + K_jj - 2 K_ij
    if (quad <= 0) quad = TAU;
    let ai = oldAi,
      aj = oldAj;
    if (yi !== yj) {
      const delta = (-G[i] - G[j]) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) {
          aj = 0;
          ai = diff;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = -diff;
      }
      if (diff > Ci - Cj) {
        if (ai > Ci) {
          ai = Ci;
          aj = Ci - diff;
        }
      } else if (aj > Cj) {
        aj = Cj;
        ai = Cj + diff;
      }
    } else {
      const delta = (G[i] - G[j]) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      // back into i's box, then j's, along ai + aj = sum: a clipped pair is (min(sum, C), sum - that)
      if (sum > Ci ? ai > Ci : aj < 0) {
        ai = Math.min(sum, Ci);
        aj = sum - ai;
      }
      if (sum > Cj ? aj > Cj : ai < 0) {
        aj = Math.min(sum, Cj);
        ai = sum - aj;
      }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    this.updateGradient(Ki, Kj, (ai - oldAi) * yi, (aj - oldAj) * yj);
    const status = this.status;
    const ui = status[i] === UPPER,
      uj = status[j] === UPPER;
    status[i] = ai >= Ci ? UPPER : ai <= 0 ? LOWER : FREE;
    status[j] = aj >= Cj ? UPPER : aj <= 0 ? LOWER : FREE;
    if (ui !== (status[i] === UPPER)) this.updateGbar(Ki, (ui ? -Ci : Ci) * yi);
    if (uj !== (status[j] === UPPER)) this.updateGbar(Kj, (uj ? -Cj : Cj) * yj);
  }

  /** `G_t += Q_ti dA_i + Q_tj dA_j` over the active set, with `Q_ts = y_t y_s K_ts` (dA carry y). */
  private updateGradient(Ki: Float32Array, Kj: Float32Array, dAi: number, dAj: number): void {
    const { G, y, gidx } = this;
    const n = this.activeSize;
    for (let t = 0; t < n; t++) {
      const g = gidx[t];
      G[t] += y[t] * (Ki[g] * dAi + Kj[g] * dAj);
    }
  }

  /** `G_bar_t += c y_t K_t.` over all items. */
  private updateGbar(K: Float32Array, c: number): void {
    const { Gbar, y, gidx, l } = this;
    for (let t = 0; t < l; t++) Gbar[t] += c * y[t] * K[gidx[t]];
  }

  /** libsvm's be_shrunk. */
  private beShrunk(t: number, Gm1: number, Gm2: number): boolean {
    const st = this.status[t];
    if (st === UPPER) return this.y[t] > 0 ? -this.G[t] > Gm1 : -this.G[t] > Gm2;
    if (st === LOWER) return this.y[t] > 0 ? this.G[t] > Gm2 : this.G[t] > Gm1;
    return false;
  }

  /** libsvm's do_shrinking: drops bound items that cannot move, un-shrinking once near the optimum. */
  doShrinking(): void {
    const { y, status, G } = this;
    let Gm1 = -Infinity,
      Gm2 = -Infinity;
    for (let t = 0; t < this.activeSize; t++) {
      const g = G[t],
        st = status[t];
      if (y[t] > 0) {
        if (st !== UPPER && -g >= Gm1) Gm1 = -g;
        if (st !== LOWER && g >= Gm2) Gm2 = g;
      } else {
        if (st !== UPPER && -g >= Gm2) Gm2 = -g;
        if (st !== LOWER && g >= Gm1) Gm1 = g;
      }
    }
    if (!this.unshrink && Gm1 + Gm2 <= this.eps * 10) {
      this.unshrink = true;
      this.reconstructGradient();
    }
    for (let t = 0; t < this.activeSize; t++) {
      if (this.beShrunk(t, Gm1, Gm2)) {
        this.activeSize--;
        while (this.activeSize > t) {
          if (!this.beShrunk(this.activeSize, Gm1, Gm2)) {
            this.swap(t, this.activeSize);
            break;
          }
          this.activeSize--;
        }
      }
    }
  }

  /** libsvm's swap_index. */
  private swap(a: number, b: number): void {
    for (const arr of [this.gidx, this.y, this.status, this.active, this.alpha, this.G, this.Gbar, this.QD]) swapAt(arr, a, b);
  }

  /** libsvm's reconstruct_gradient: the gradient of the shrunk items from G_bar and the free items; makes all items active. */
  reconstructGradient(): void {
    const { l, activeSize, gidx, y, alpha, status, G, Gbar, kern } = this;
    if (activeSize === l) return;
    let nrFree = 0;
    for (let t = activeSize; t < l; t++) G[t] = Gbar[t] - 1;
    for (let t = 0; t < activeSize; t++) if (status[t] === FREE) nrFree++;
    if (nrFree * l > 2 * activeSize * (l - activeSize)) {
      for (let i = activeSize; i < l; i++) {
        const Ki = kern.row(gidx[i]);
        const yi = y[i];
        let s = 0;
        for (let t = 0; t < activeSize; t++) if (status[t] === FREE) s += alpha[t] * (yi * y[t] * Ki[gidx[t]]);
        G[i] += s;
      }
    } else {
      for (let i = 0; i < activeSize; i++) {
        if (status[i] !== FREE) continue;
        const Ki = kern.row(gidx[i]);
        const ai = alpha[i] * y[i];
        for (let t = activeSize; t < l; t++) G[t] += ai * y[t] * Ki[gidx[t]];
      }
    }
    this.activeSize = l;
  }

  /** libsvm's calculate_rho: mean of y G over free items, else the midpoint of the feasible interval. */
  calculateRho(): number {
    const { y, status, G } = this;
    let nrFree = 0,
      ub = Infinity,
      lb = -Infinity,
      sumFree = 0;
    for (let t = 0; t < this.activeSize; t++) {
      const yG = y[t] * G[t];
      if (status[t] === UPPER) {
        if (y[t] < 0) ub = Math.min(ub, yG);
        else lb = Math.max(lb, yG);
      } else if (status[t] === LOWER) {
        if (y[t] > 0) ub = Math.min(ub, yG);
        else lb = Math.max(lb, yG);
      } else {
        nrFree++;
        sumFree += yG;
      }
    }
    return nrFree > 0 ? sumFree / nrFree : (ub + lb) / 2;
  }
}

/** Exchanges `arr[a]` and `arr[b]`. */
function swapAt(arr: { [i: number]: number }, a: number, b: number): void {
  const t = arr[a];
  arr[a] = arr[b];
  arr[b] = t;
}
