/**
 * A small limited-memory BFGS minimiser on Float64Array (Nocedal & Wright, Algorithm 7.4/7.5) with a
 * backtracking Armijo line search. Stopping rules follow scipy's L-BFGS-B as scikit-learn calls it:
 * max |gradient| <= gtol, or relative objective decrease <= ftol, or maxIter iterations.
 */
import { MirkitError } from '../errors.js';
import { LBFGS_OPTIONS } from '../option-keys.js';
import { readOptions } from '../options.js';
import { shown } from '../util/shown.js';
import { badOption, checkIntParam } from './params.js';

/** Objective: writes the gradient at `x` into `grad` and returns the value. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link lbfgs}. */
export interface LbfgsOptions {
  /** Maximum iterations (default 100). */
  maxIter?: number;
  /** Stop when max |g_i| <= gtol (default 1e-4, scikit-learn's `tol`). */
  gtol?: number;
  /** Stop when (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol (default 2.2e-9, scipy's factr 1e7 times machine epsilon). */
  ftol?: number;
  /** History size (default 10, scipy's maxcor). */
  m?: number;
}

/** Result of {@link lbfgs}. */
export interface LbfgsResult {
  /** The minimiser found (the input array, updated in place). */
  x: Float64Array;
  /** Objective value at `x`. */
  f: number;
  /** Iterations used. */
  iterations: number;
  /** True when a tolerance was met before maxIter. */
  converged: boolean;
  /** Objective (and gradient) evaluations used. */
  evaluations: number;
}

/**
 * Minimises `fn` from the start point `x0` (modified in place).
 *
 * @throws MirkitError `BAD_DATA` when `fn` is not a function or `x0` not a Float64Array,
 *   `EMPTY_INPUT` / `NON_FINITE` for an empty or non-finite `x0`, `BAD_OPTION` / `UNKNOWN_OPTION`
 *   for the options (`maxIter` a whole number >= 0, `m` one in [1, 1000] with `m` x `x0.length` <=
 *   2^27, `gtol` / `ftol` finite and >= 0), `NON_FINITE` when the objective's value or gradient at a
 *   point it reaches is not a finite number
 */
export function lbfgs(fn: Objective, x0: Float64Array, options?: LbfgsOptions | null): LbfgsResult {
  const o = readOptions('lbfgs', options, LBFGS_OPTIONS);
  if (typeof fn !== 'function') throw new MirkitError('BAD_DATA', `lbfgs: the objective must be a function, got ${shown(fn)}`);
  if (!(x0 instanceof Float64Array)) throw new MirkitError('BAD_DATA', `lbfgs: x0 must be a Float64Array (it is updated in place), got ${shown(x0)}`);
  if (x0.length === 0) throw new MirkitError('EMPTY_INPUT', 'lbfgs: x0 is empty');
  checkFiniteValues(x0, 'x0');
  const maxIter = o.maxIter ?? 100;
  const gtol = o.gtol ?? 1e-4;
  const ftol = o.ftol ?? 2.220446049250313e-9;
  const m = o.m ?? 10;
  checkIntParam('maxIter', maxIter, 0, Number.MAX_SAFE_INTEGER);
  checkIntParam('m', m, 1, 1000);
  if (m * x0.length > MAX_LBFGS_HISTORY) badOption('m', `keeps m x x0.length = ${m * x0.length} values of history, above 2^27: lower m`);
  for (const [name, tol] of [
    ['gtol', gtol],
    ['ftol', ftol],
  ] as const) {
    if (!(typeof tol === 'number' && tol >= 0 && Number.isFinite(tol))) badOption(name, `must be a finite number >= 0, got ${shown(tol)}`);
  }
  const n = x0.length;
  const x = x0;
  let g = new Float64Array(n);
  let f = checkValue(fn(x, g), g, 'x0');
  let evaluations = 1;
  // history as a ring of preallocated pairs: slot of the j-th oldest pair = (head + j) % m
  const S: Float64Array[] = [],
    Y: Float64Array[] = [];
  for (let j = 0; j < m; j++) {
    S.push(new Float64Array(n));
    Y.push(new Float64Array(n));
  }
  let spareS: Float64Array = new Float64Array(n),
    spareY: Float64Array = new Float64Array(n);
  const rho = new Float64Array(m),
    alpha = new Float64Array(m);
  let head = 0,
    k = 0;
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  if (maxAbs(g) <= gtol) return { x, f, iterations: 0, converged: true, evaluations };
  let it = 0;
  let converged = false;
  while (it < maxIter) {
    it++;
    let gd = direction(d, g, S, Y, rho, alpha, head, k, m);
    if (!(gd < 0)) {
      // not a descent direction: restart with steepest descent
      k = 0;
      gd = 0;
      for (let i = 0; i < n; i++) {
        d[i] = -g[i];
        gd -= g[i] * g[i];
      }
    }
    let step = k === 0 ? Math.min(1, 1 / Math.sqrt(-gd)) : 1;
    let fNew = Infinity;
    let ok = false;
    for (let ls = 0; ls < 40; ls++) {
      stepTo(xNew, x, step, d);
      fNew = fn(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * gd) {
        ok = true;
        break;
      }
      step *= 0.5;
    }
    if (!ok) {
      converged = true;
      break;
    } // cannot decrease further: at numerical optimum
    checkValue(fNew, gNew, `iteration ${it}`);
    const sy = differences(spareS, spareY, xNew, x, gNew, g);
    if (sy > 1e-12) {
      // keep the pair: it takes the next free slot, or the oldest one's
      const slot = k < m ? (head + k) % m : head;
      const ts = S[slot],
        ty = Y[slot];
      S[slot] = spareS;
      Y[slot] = spareY;
      spareS = ts;
      spareY = ty;
      rho[slot] = 1 / sy;
      if (k < m) k++;
      else head = (head + 1) % m;
    }
    const fOld = f;
    x.set(xNew);
    const tmp = g;
    g = gNew;
    gNew = tmp;
    f = fNew;
    if (maxAbs(g) <= gtol) {
      converged = true;
      break;
    }
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) {
      converged = true;
      break;
    }
  }
  return { x, f, iterations: it, converged, evaluations };
}

/** Most values of history (m pairs of x0-long vectors, times 2) {@link lbfgs} keeps: 2^27 x 2 doubles, 2 GiB. */
const MAX_LBFGS_HISTORY = 2 ** 27;

/** `NON_FINITE` naming the x0 entry unless every value of `x` is finite. */
function checkFiniteValues(x: Float64Array, what: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new MirkitError('NON_FINITE', `lbfgs: ${what}[${i}] is ${x[i]}`, { index: i });
  }
}

/** The objective's value `f`, checked with its gradient `g` at the point reached at `where`: `NON_FINITE` unless both are finite numbers. */
function checkValue(f: unknown, g: Float64Array, where: string): number {
  if (typeof f !== 'number' || !Number.isFinite(f)) throw new MirkitError('NON_FINITE', `lbfgs: the objective at ${where} is ${shown(f)}, not a finite number`);
  for (let i = 0; i < g.length; i++) {
    if (!Number.isFinite(g[i])) throw new MirkitError('NON_FINITE', `lbfgs: the gradient at ${where} has ${g[i]} at index ${i}`, { index: i });
  }
  return f;
}

function maxAbs(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > s) s = a;
  }
  return s;
}

/** `xNew = x + step * d`. */
function stepTo(xNew: Float64Array, x: Float64Array, step: number, d: Float64Array): void {
  for (let i = 0; i < x.length; i++) xNew[i] = x[i] + step * d[i];
}

/** `s = xNew - x`, `y = gNew - g`; returns `s . y`. */
function differences(s: Float64Array, y: Float64Array, xNew: Float64Array, x: Float64Array, gNew: Float64Array, g: Float64Array): number {
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    s[i] = xNew[i] - x[i];
    y[i] = gNew[i] - g[i];
    sy += s[i] * y[i];
  }
  return sy;
}

function dotv(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * The two-loop recursion: `d = -H g` from the `k` stored pairs (oldest at ring slot `head`), the
 * initial Hessian scaled by `s.y / y.y` of the newest pair. Returns `g . d`.
 */
function direction(
  d: Float64Array,
  g: Float64Array,
  S: Float64Array[],
  Y: Float64Array[],
  rho: Float64Array,
  alpha: Float64Array,
  head: number,
  k: number,
  m: number,
): number {
  const n = d.length;
  for (let i = 0; i < n; i++) d[i] = -g[i];
  for (let j = k - 1; j >= 0; j--) {
    const q = (head + j) % m;
    const a = dotv(S[q], d) * rho[q];
    alpha[q] = a;
    const y = Y[q];
    for (let i = 0; i < n; i++) d[i] -= a * y[i];
  }
  if (k > 0) {
    const q = (head + k - 1) % m;
    const gamma = dotv(S[q], Y[q]) / dotv(Y[q], Y[q]);
    for (let i = 0; i < n; i++) d[i] *= gamma;
  }
  for (let j = 0; j < k; j++) {
    const q = (head + j) % m;
    const c = alpha[q] - dotv(Y[q], d) * rho[q];
    const s = S[q];
    for (let i = 0; i < n; i++) d[i] += c * s[i];
  }
  return dotv(g, d);
}
