/**
 * Kernel values for the SVM solver and predictions, as libsvm computes them: the four kernel families
 * (rbf, linear, poly, sigmoid) from dot products and squared norms, the training kernel matrix held in
 * single precision (whole, filled per class pair, or rows in an LRU cache of a fixed size), and the
 * double-precision `k_function` used at prediction time. Internal module of {@link SVC}.
 */
import { dot } from '../util/numeric.js';

/** Kernel family and parameters (libsvm's). */
export interface KernelSpec {
  kernel: 'rbf' | 'linear' | 'poly' | 'sigmoid';
  gamma: number;
  degree: number;
  coef0: number;
}

/** Kernel rows over a training set held row-major in `data` (`n` x `d`). */
export interface KernelRows {
  /** Number of training rows. */
  readonly n: number;
  /**
   * `K(x_g, x_t)` (single precision) for every training row t in the current scope (see
   * {@link KernelRows.setScope}; all rows by default), indexed by t. Valid until at least two further calls.
   */
  row(g: number): Float32Array;
  /** `K(x_g, x_g)` in double precision. */
  readonly diag: Float64Array;
  /**
   * Restricts the columns that {@link KernelRows.row} must fill to the rows of the given groups
   * (classes), so that a one-vs-one sub-problem computes only the kernel values it reads.
   */
  setScope(groups: readonly number[]): void;
}

function powi(base: number, times: number): number {
  let tmp = base,
    ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

/** Squared norms of the rows. */
function rowNorms(data: Float64Array, n: number, d: number): Float64Array {
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * d;
    for (let j = 0; j < d; j++) s += data[o + j] * data[o + j];
    sq[i] = s;
  }
  return sq;
}

const KRBF = 0,
  KLINEAR = 1,
  KPOLY = 2,
  KSIGMOID = 3;

/** Kernel value from a dot product (and the two squared norms for rbf), as libsvm's Kernel class. */
function fromDot(kind: number, gamma: number, coef0: number, degree: number, dot: number, sqi: number, sqj: number): number {
  if (kind === KRBF) return Math.exp(-gamma * (sqi + sqj - 2 * dot));
  if (kind === KLINEAR) return dot;
  if (kind === KPOLY) return powi(gamma * dot + coef0, degree);
  return Math.tanh(gamma * dot + coef0);
}

/** Dot product of rows a and b of `data` (offsets; four accumulators). */
function dotRows(data: Float64Array, a: number, b: number, d: number): number {
  return dot(data, a, data, b, d);
}

/** What both kernel stores hold: the training rows, the kernel, the rows' squared norms and the diagonal. */
abstract class KernelBase implements KernelRows {
  readonly diag: Float64Array;
  protected readonly sq: Float64Array;
  protected readonly kind: number;

  constructor(
    readonly n: number,
    protected readonly data: Float64Array,
    protected readonly d: number,
    protected readonly spec: KernelSpec,
  ) {
    this.kind = kindCode(spec.kernel);
    this.sq = rowNorms(data, n, d);
    this.diag = new Float64Array(n);
    for (let i = 0; i < n; i++) this.diag[i] = fromDot(this.kind, spec.gamma, spec.coef0, spec.degree, this.sq[i], this.sq[i], this.sq[i]);
  }

  abstract row(g: number): Float32Array;
  abstract setScope(groups: readonly number[]): void;
}

/**
 * The whole `n x n` kernel matrix in single precision, filled lazily: a row's values for one group
 * of columns are computed the first time a sub-problem over that group asks for the row (values
 * already known by symmetry are reused).
 */
class DenseKernel extends KernelBase {
  private readonly M: Float32Array;
  private readonly views: Float32Array[];
  private readonly done: Uint8Array;
  private readonly members: Int32Array[];
  private scope: Int32Array;

  constructor(n: number, data: Float64Array, d: number, spec: KernelSpec, group: Int32Array, nGroups: number) {
    super(n, data, d, spec);
    this.M = new Float32Array(n * n).fill(NaN);
    this.views = new Array(n);
    for (let i = 0; i < n; i++) this.views[i] = this.M.subarray(i * n, (i + 1) * n);
    const count = new Int32Array(nGroups);
    for (let i = 0; i < n; i++) count[group[i]]++;
    this.members = Array.from(count, (c) => new Int32Array(c));
    count.fill(0);
    for (let i = 0; i < n; i++) this.members[group[i]][count[group[i]]++] = i;
    this.done = new Uint8Array(n * nGroups);
    this.scope = Int32Array.from(this.members.keys());
  }

  setScope(groups: readonly number[]): void {
    this.scope = Int32Array.from(groups);
  }

  row(g: number): Float32Array {
    const nb = this.members.length,
      scope = this.scope;
    for (let k = 0; k < scope.length; k++) {
      const b = scope[k];
      if (this.done[g * nb + b] === 0) {
        this.fill(g, this.members[b]);
        this.done[g * nb + b] = 1;
      }
    }
    return this.views[g];
  }

  /** Computes the missing `K(x_g, x_h)` for the rows h in `mem` (and their mirror entries). */
  private fill(g: number, mem: Int32Array): void {
    const { M, n, data, d, sq, kind } = this;
    const { gamma, coef0, degree } = this.spec;
    const og = g * d,
      sqg = sq[g],
      rg = g * n;
    for (let k = 0; k < mem.length; k++) {
      const h = mem[k];
      if (M[rg + h] === M[rg + h]) continue; // known by symmetry
      const v = fromDot(kind, gamma, coef0, degree, dotRows(data, og, h * d, d), sqg, sq[h]);
      M[rg + h] = v;
      M[h * n + g] = v;
    }
  }
}

/** Kernel rows computed on demand (all columns) and kept in an LRU cache of a fixed size in bytes. */
class CachedKernel extends KernelBase {
  private readonly cache = new Map<number, Float32Array>();
  private readonly capacity: number;

  constructor(n: number, data: Float64Array, d: number, spec: KernelSpec, cacheBytes: number) {
    super(n, data, d, spec);
    this.capacity = Math.max(2, Math.floor(cacheBytes / (4 * n)));
  }

  setScope(): void {
    /* rows are always complete */
  }

  row(g: number): Float32Array {
    const cache = this.cache;
    let r = cache.get(g);
    if (r) {
      cache.delete(g);
      cache.set(g, r);
      return r;
    }
    const { n, data, d, sq, kind } = this;
    const { gamma, coef0, degree } = this.spec;
    r = new Float32Array(n);
    const og = g * d,
      sqg = sq[g];
    for (let t = 0; t < n; t++) r[t] = fromDot(kind, gamma, coef0, degree, dotRows(data, og, t * d, d), sqg, sq[t]);
    if (cache.size >= this.capacity) cache.delete(cache.keys().next().value as number);
    cache.set(g, r);
    return r;
  }
}

function kindCode(kernel: KernelSpec['kernel']): number {
  return kernel === 'rbf' ? KRBF : kernel === 'linear' ? KLINEAR : kernel === 'poly' ? KPOLY : KSIGMOID;
}

/**
 * Kernel rows for a training set: the whole `n x n` matrix (single precision, filled lazily per
 * group of columns, see {@link KernelRows.setScope}) when it fits in `cacheBytes`, else rows
 * computed on demand and kept in an LRU cache of that size. `group[i]` (default all 0) is row i's
 * group (class) id, `nGroups` their number.
 */
export function kernelRows(data: Float64Array, n: number, d: number, spec: KernelSpec, cacheBytes: number, group?: Int32Array, nGroups = 1): KernelRows {
  if (n * n * 4 <= cacheBytes) return new DenseKernel(n, data, d, spec, group ?? new Int32Array(n), group ? nGroups : 1);
  return new CachedKernel(n, data, d, spec, cacheBytes);
}

/** Kernel value of two vectors in double precision (libsvm's `k_function`, used for predictions). */
export function kernelValue(spec: KernelSpec, x: ArrayLike<number>, xo: number, z: ArrayLike<number>, zo: number, d: number): number {
  if (spec.kernel === 'rbf') {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = x[xo + j] - z[zo + j];
      s += t * t;
    }
    return Math.exp(-spec.gamma * s);
  }
  let s = 0;
  for (let j = 0; j < d; j++) s += x[xo + j] * z[zo + j];
  return spec.kernel === 'linear' ? s : spec.kernel === 'poly' ? powi(spec.gamma * s + spec.coef0, spec.degree) : Math.tanh(spec.gamma * s + spec.coef0);
}
