import { describe, expect, it } from 'vitest';
import { lbfgs } from '../../src/classifiers/index.js';

describe('lbfgs', () => {
  it('minimises a convex quadratic exactly', () => {
    // f = sum_i a_i (x_i - i)^2
    const a = [1, 10, 100, 0.5];
    const r = lbfgs(
      (x, g) => {
        let f = 0;
        for (let i = 0; i < x.length; i++) {
          f += a[i] * (x[i] - i) ** 2;
          g[i] = 2 * a[i] * (x[i] - i);
        }
        return f;
      },
      new Float64Array(4),
      { gtol: 1e-10, maxIter: 200 },
    );
    expect(r.converged).toBe(true);
    Array.from(r.x).forEach((v, i) => expect(v).toBeCloseTo(i, 6));
  });

  it('counts objective evaluations and keeps a bounded history (m = 2) that still converges', () => {
    let calls = 0;
    const a = [1, 3, 30, 300, 0.2, 7];
    const r = lbfgs(
      (x, g) => {
        calls++;
        let f = 0;
        for (let i = 0; i < x.length; i++) {
          f += a[i] * (x[i] - 1) ** 2;
          g[i] = 2 * a[i] * (x[i] - 1);
        }
        return f;
      },
      new Float64Array(6),
      { gtol: 1e-6, ftol: 0, maxIter: 2000, m: 2 },
    );
    expect(r.converged).toBe(true);
    expect(r.evaluations).toBe(calls);
    expect(r.evaluations).toBeGreaterThan(r.iterations);
    Array.from(r.x).forEach((v) => expect(v).toBeCloseTo(1, 4));
  });

  it('finds the Rosenbrock minimum (1, 1)', () => {
    const r = lbfgs(
      (x, g) => {
        const [u, v] = x;
        g[0] = -2 * (1 - u) - 400 * u * (v - u * u);
        g[1] = 200 * (v - u * u);
        return (1 - u) ** 2 + 100 * (v - u * u) ** 2;
      },
      Float64Array.from([-1.2, 1]),
      { gtol: 1e-9, ftol: 0, maxIter: 500 },
    );
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
  });
});
