/**
 * The one time bound of the hostile-input tests. It guards against hangs and unbounded work; it
 * is not a speed goal (speed is for `npm run bench`). Each bug it guards against ran for 15 s or
 * more, or never finished. So 5 s tells those apart from the slowest honest run on a loaded
 * CI machine, where a bound of 0.2-2 s could fail for no fault of the code.
 */
import { expect } from 'vitest';

/** The bound, in milliseconds, on one guarded call (or a short loop of them). */
export const HANG_BOUND_MS = 5000;

/** Runs `f` and returns its result, failing the test unless it returned within {@link HANG_BOUND_MS}. */
export function withinHangBound<T>(f: () => T): T {
  const t0 = performance.now();
  const r = f();
  expect(performance.now() - t0).toBeLessThan(HANG_BOUND_MS);
  return r;
}

/** {@link withinHangBound} for a call that returns a promise (the bound covers the await). */
export async function withinHangBoundAsync<T>(f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  expect(performance.now() - t0).toBeLessThan(HANG_BOUND_MS);
  return r;
}
