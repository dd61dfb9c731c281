/**
 * Dense linear algebra on small symmetric matrices (`d x d`, row-major Float64Array), for the models
 * that need a covariance inverted or diagonalised: Cholesky factorisation and solves, and the
 * eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations.
 * @internal
 * @packageDocumentation
 */

/**
 * The lower Cholesky factor L of a symmetric `d x d` matrix A (A = L L^T), or null unless A is
 * positive definite (a pivot at or below `d * eps` times A's largest diagonal value counts as zero).
 * @internal
 */
export function cholesky(A: Float64Array, d: number): Float64Array | null {
  const L = new Float64Array(d * d);
  let maxDiag = 0;
  for (let i = 0; i < d; i++) maxDiag = Math.max(maxDiag, Math.abs(A[i * d + i]));
  const floor = maxDiag * d * Number.EPSILON;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j];
      for (let k = 0; k < j; k++) s -= L[i * d + k] * L[j * d + k];
      if (i === j) {
        if (!(s > floor)) return null;
        L[i * d + i] = Math.sqrt(s);
      } else L[i * d + j] = s / L[j * d + j];
    }
  }
  return L;
}

/** Solves `L z = b` for lower-triangular L (forward substitution). @internal */
export function forwardSolve(L: Float64Array, d: number, b: ArrayLike<number>): Float64Array {
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * d + k] * z[k];
    z[i] = s / L[i * d + i];
  }
  return z;
}

/** Solves `L^T x = z` for lower-triangular L (back substitution). @internal */
export function backSolve(L: Float64Array, d: number, z: ArrayLike<number>): Float64Array {
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < d; k++) s -= L[k * d + i] * x[k];
    x[i] = s / L[i * d + i];
  }
  return x;
}

/** Solves `A x = b` given A's lower Cholesky factor L. @internal */
export function choleskySolve(L: Float64Array, d: number, b: ArrayLike<number>): Float64Array {
  return backSolve(L, d, forwardSolve(L, d, b));
}

/**
 * The eigen-decomposition of a symmetric `d x d` matrix A = V diag(values) V^T by cyclic Jacobi
 * rotations (Golub & Van Loan, "Matrix Computations", 8.5): sweeps of plane rotations that zero each
 * off-diagonal entry in turn, until the off-diagonal mass is below `1e-15` of the matrix's, or after
 * 100 sweeps. Accurate to round-off for every eigenvalue, however small; O(d^3) per sweep, typically
 * 6-12 sweeps.
 *
 * @returns the eigenvalues and the orthonormal eigenvectors as the columns of `vectors` (row-major
 *   `d x d`), in no particular order
 * @internal
 */
export function symmetricEigen(A: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(A);
  const V = new Float64Array(d * d);
  for (let i = 0; i < d; i++) V[i * d + i] = 1;
  let total = 0;
  for (let q = 0; q < d * d; q++) total += a[q] * a[q];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) off += 2 * a[i * d + j] * a[i * d + j];
    if (!(off > 1e-30 * total)) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        // the rotation angle that zeroes a[p][q]: tan(2 theta) = 2 a_pq / (a_qq - a_pp), the smaller root
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          // columns p and q of a
          const akp = a[k * d + p],
            akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          // rows p and q of a
          const apk = a[p * d + k],
            aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = V[k * d + p],
            vkq = V[k * d + q];
          V[k * d + p] = c * vkp - s * vkq;
          V[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i];
  return { values, vectors: V };
}
