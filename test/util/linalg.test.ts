import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/classifiers/random.js';
import { cholesky, choleskySolve, symmetricEigen } from '../../src/util/linalg.js';

/** A seeded symmetric d x d matrix B B^T + shift I, B's columns from `rank` on zero (so rank(B B^T) <= rank). */
function spd(d: number, shift: number, seed: number, rank = d): Float64Array {
  const rng = createRng(seed);
  const u = (): number => rng.next() - 0.5;
  const B = Float64Array.from({ length: d * d }, (_, q) => (q % d < rank ? u() : 0));
  const A = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) A[i * d + j] += B[i * d + k] * B[j * d + k];
  for (let i = 0; i < d; i++) A[i * d + i] += shift;
  return A;
}

describe('linalg', () => {
  it('symmetricEigen: A V = V diag(values), V orthonormal, on a 30 x 30 matrix with a zero and a repeated eigenvalue', () => {
    const d = 30;
    // B's last 3 columns zeroed: B B^T has the eigenvalue 0 three times
    const A = spd(d, 0, 7, d - 3);
    const { values, vectors: V } = symmetricEigen(A, d);
    const scale = Math.max(...values.map(Math.abs));
    expect(values.filter((v) => Math.abs(v) < 1e-12 * scale)).toHaveLength(3);
    for (let k = 0; k < d; k++)
      for (let i = 0; i < d; i++) {
        let av = 0;
        for (let j = 0; j < d; j++) av += A[i * d + j] * V[j * d + k];
        expect(Math.abs(av - values[k] * V[i * d + k])).toBeLessThan(1e-12 * scale);
      }
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) {
        let dotp = 0;
        for (let i = 0; i < d; i++) dotp += V[i * d + a] * V[i * d + b];
        expect(dotp).toBeCloseTo(a === b ? 1 : 0, 12);
      }
    // the identity and a diagonal matrix are returned as they are
    const I = Float64Array.from({ length: 9 }, (_, q) => (q % 4 === 0 ? 2 : 0));
    expect(Array.from(symmetricEigen(I, 3).values)).toEqual([2, 2, 2]);
  });

  it('cholesky solves A x = b and refuses a singular matrix', () => {
    const d = 12;
    const A = spd(d, 0.5, 3);
    const L = cholesky(A, d)!;
    const b = Float64Array.from({ length: d }, (_, i) => i - 4);
    const x = choleskySolve(L, d, b);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += A[i * d + j] * x[j];
      expect(s).toBeCloseTo(b[i], 10);
    }
    const singular = Float64Array.from([1, 2, 2, 4]);
    expect(cholesky(singular, 2)).toBeNull();
  });
});
