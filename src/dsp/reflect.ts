/**
 * Index into a line of length `n` under scipy.ndimage's `mode='reflect'` (half-sample symmetric:
 * `d c b a | a b c d | d c b a`, the edge sample repeated), for any integer `i`.
 */
export function reflectIndex(i: number, n: number): number {
  if (i >= 0 && i < n) return i;
  if (n === 1) return 0;
  const period = 2 * n;
  const j = i - Math.floor(i / period) * period;
  return j < n ? j : period - 1 - j;
}
