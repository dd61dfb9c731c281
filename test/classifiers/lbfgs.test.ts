import { describe, expect, it } from 'vitest';
import { lbfgs } from '../../src/classifiers/index.js';

describe('lbfgs', () => {
  it('minimises a convex quadratic exactly', () => {
    // f = sum_i a_i (x_i - i)^2
    const a = [1, 10, 100, 0.5];
    const r = lbfgs((x, g) => {
      let f = 0;
      for (let i = 0; i < x.length; i++) { f += a[i] * (x[i] - i) ** 2; g[i] = 2 * a[i] * (x[i] - i); }
      return f;
    }, new Float64Array(4), { gtol: 1e-10, maxIter: 200 });
    expect(r.converged).toBe(true);
    Array.from(r.x).forEach((v, i) => expect(v).toBeCloseTo(i, 6));
  });

  it('finds the Rosenbrock minimum (1, 1)', () => {
    const r = lbfgs((x, g) => {
      const [u, v] = x;
      g[0] = -2 * (1 - u) - 400 * u * (v - u * u);
      g[1] = 200 * (v - u * u);
      return (1 - u) ** 2 + 100 * (v - u * u) ** 2;
    }, Float64Array.from([-1.2, 1]), { gtol: 1e-9, ftol: 0, maxIter: 500 });
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
  });
});
