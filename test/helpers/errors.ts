/** What a call throws, for tests of error codes. */
import { MirkitError } from '../../src/errors.js';

/**
 * The `MirkitError` code `f` throws; `'no error'` when it returns, and `'not a MirkitError: …'` for any
 * other throw (so `expect(thrownCode(f)).toBe('BAD_OPTION')` fails on each of those with a readable value).
 */
export function thrownCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof MirkitError ? e.code : `not a MirkitError: ${String(e)}`;
  }
  return 'no error';
}
