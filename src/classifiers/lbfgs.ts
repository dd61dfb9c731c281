/**
 * A small limited-memory BFGS minimiser on Float64Array (Nocedal & Wright, Algorithm 7.4/7.5) with a
 * backtracking Armijo line search. Stopping rules follow scipy's L-BFGS-B as scikit-learn calls it:
 * max |gradient| <= gtol, or relative objective decrease <= ftol, or maxIter iterations.
 */

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

/** Minimises `fn` from the start point `x0` (modified in place). */
export function lbfgs(fn: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const maxIter = options.maxIter ?? 100;
  const gtol = options.gtol ?? 1e-4;
  const ftol = options.ftol ?? 2.220446049250313e-9;
  const m = options.m ?? 10;
  const n = x0.length;
  const x = x0;
  let g = new Float64Array(n);
  let f = fn(x, g);
  let evaluations = 1;
  const S: Float64Array[] = [], Y: Float64Array[] = [], rho: number[] = [];
  const d = new Float64Array(n), alpha = new Float64Array(m);
  const xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const maxAbs = (v: Float64Array) => { let s = 0; for (let i = 0; i < v.length; i++) { const a = Math.abs(v[i]); if (a > s) s = a; } return s; };
  if (maxAbs(g) <= gtol) return { x, f, iterations: 0, converged: true, evaluations };
  let it = 0;
  let converged = false;
  while (it < maxIter) {
    it++;
    // two-loop recursion: d = -H g
    for (let i = 0; i < n; i++) d[i] = -g[i];
    const k = S.length;
    for (let j = k - 1; j >= 0; j--) {
      let a = 0;
      const s = S[j];
      for (let i = 0; i < n; i++) a += s[i] * d[i];
      a *= rho[j];
      alpha[j] = a;
      const y = Y[j];
      for (let i = 0; i < n; i++) d[i] -= a * y[i];
    }
    if (k > 0) {
      const s = S[k - 1], y = Y[k - 1];
      let sy = 0, yy = 0;
      for (let i = 0; i < n; i++) { sy += s[i] * y[i]; yy += y[i] * y[i]; }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let j = 0; j < k; j++) {
      let b = 0;
      const y = Y[j];
      for (let i = 0; i < n; i++) b += y[i] * d[i];
      b *= rho[j];
      const s = S[j];
      const c = alpha[j] - b;
      for (let i = 0; i < n; i++) d[i] += c * s[i];
    }
    let gd = 0;
    for (let i = 0; i < n; i++) gd += g[i] * d[i];
    if (!(gd < 0)) {
      // not a descent direction: restart with steepest descent
      S.length = 0; Y.length = 0; rho.length = 0;
      gd = 0;
      for (let i = 0; i < n; i++) { d[i] = -g[i]; gd -= g[i] * g[i]; }
    }
    let step = k === 0 ? Math.min(1, 1 / Math.sqrt(-gd)) : 1;
    let fNew = Infinity;
    let ok = false;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
      fNew = fn(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * gd) { ok = true; break; }
      step *= 0.5;
    }
    if (!ok) { converged = true; break; } // cannot decrease further: at numerical optimum
    const s = new Float64Array(n), y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) { s[i] = xNew[i] - x[i]; y[i] = gNew[i] - g[i]; sy += s[i] * y[i]; }
    if (sy > 1e-12) {
      if (S.length === m) { S.shift(); Y.shift(); rho.shift(); }
      S.push(s); Y.push(y); rho.push(1 / sy);
    }
    const fOld = f;
    x.set(xNew);
    const tmp = g; g = gNew; gNew = tmp;
    f = fNew;
    if (maxAbs(g) <= gtol) { converged = true; break; }
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) { converged = true; break; }
  }
  return { x, f, iterations: it, converged, evaluations };
}
