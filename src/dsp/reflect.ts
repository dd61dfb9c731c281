import { MirkitError } from '../errors.js';
import { shown } from '../util/shown.js';

/**
 * Index into a line of length `n` under scipy.ndimage's `mode='reflect'` (half-sample symmetric:
 * `d c b a | a b c d | d c b a`, the edge sample repeated), for any integer `i`.
 *
 * @throws MirkitError `BAD_OPTION` for an `i` outside `[0, n)` that is not a whole number, or an `n`
 *   that is not a positive whole number (checked where `i` needs reflecting).
 */
export function reflectIndex(i: number, n: number): number {
  if (i >= 0 && i < n) return i;
  if (!Number.isSafeInteger(i) || !Number.isSafeInteger(n) || n < 1) {
    throw new MirkitError('BAD_OPTION', `reflectIndex needs a whole index and a positive whole length, got i = ${shown(i)}, n = ${shown(n)}`, { option: 'n' });
  }
  if (n === 1) return 0;
  const period = 2 * n;
  const j = i - Math.floor(i / period) * period;
  return j < n ? j : period - 1 - j;
}
