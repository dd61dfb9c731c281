import { describe, expect, it } from 'vitest';
import { lbfgs, type Objective } from '../../src/classifiers/index.js';
import { MirkitError } from '../../src/errors.js';

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

  it('refuses bad arguments and options with typed errors, and a non-finite objective or gradient with NON_FINITE', () => {
    const quad: Objective = (x, g) => {
      g[0] = 2 * x[0];
      return x[0] * x[0];
    };
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(MirkitError);
        return (e as MirkitError).code;
      }
      return undefined;
    };
    const x0 = () => new Float64Array([3]);
    // m = 1e8 allocated gigabytes of history; m = 0 and -1 threw TypeError / RangeError
    expect(code(() => lbfgs(quad, new Float64Array(2 ** 20), { m: 1000 }))).toBe('BAD_OPTION');
    expect(code(() => lbfgs(quad, x0(), { m: 1e8 }))).toBe('BAD_OPTION');
    expect(code(() => lbfgs(quad, x0(), { m: 0 }))).toBe('BAD_OPTION');
    expect(code(() => lbfgs(quad, x0(), { maxIter: Number.POSITIVE_INFINITY }))).toBe('BAD_OPTION');
    expect(code(() => lbfgs(quad, x0(), { gtol: Number.NaN }))).toBe('BAD_OPTION');
    expect(code(() => lbfgs(quad, x0(), { maxiter: 5 } as never))).toBe('UNKNOWN_OPTION');
    expect(code(() => lbfgs(quad, [3] as unknown as Float64Array))).toBe('BAD_DATA');
    expect(code(() => lbfgs(5 as unknown as Objective, x0()))).toBe('BAD_DATA');
    expect(code(() => lbfgs(quad, new Float64Array(0)))).toBe('EMPTY_INPUT');
    expect(code(() => lbfgs(quad, new Float64Array([Number.NaN])))).toBe('NON_FINITE');
    // an objective of NaN or a string was returned as converged
    expect(code(() => lbfgs(() => Number.NaN, x0()))).toBe('NON_FINITE');
    expect(code(() => lbfgs((() => 'abc') as unknown as Objective, x0()))).toBe('NON_FINITE');
    expect(
      code(() =>
        lbfgs((x, g) => {
          g[0] = x[0] < 2 ? Number.NaN : 2 * x[0];
          return x[0] * x[0];
        }, x0()),
      ),
    ).toBe('NON_FINITE');
    // null options are the defaults
    expect(lbfgs(quad, x0(), null).x[0]).toBeCloseTo(0, 3);
  });
});
