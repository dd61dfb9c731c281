/** Order statistics by selection (quickselect), without a full sort. */
import { MirkitError } from '../errors.js';

/**
 * The k-th smallest (0-based) of `values[0..n)`, found by quickselect (median-of-three pivots,
 * insertion sort on short ranges), reordering `values` in place: afterwards `values[k]` holds
 * it, `values[0..k)` are <= it and `values(k..n)` are >= it. O(n) on average; far cheaper than a
 * full sort when only order statistics are needed. Values must not be NaN.
 *
 * @param values - scratch array (reordered)
 * @param n - number of leading values to consider (1 <= n <= values.length)
 * @param k - rank wanted, 0 <= k < n
 * @example
 * ```ts
 * const v = Float64Array.of(5, 1, 4, 2, 3);
 * selectInPlace(v, 5, 2); // 3
 * ```
 */
export function selectInPlace(values: Float64Array | Float32Array, n: number, k: number): number {
  if (!(Number.isInteger(n) && n >= 1 && n <= values.length))
    throw new MirkitError('BAD_OPTION', `selectInPlace: n must be an integer in [1, ${values.length}], got ${n}`);
  if (!(Number.isInteger(k) && k >= 0 && k < n)) throw new MirkitError('BAD_OPTION', `selectInPlace: k must be an integer in [0, ${n}), got ${k}`);
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 16) {
    // median of three to values[lo], with values[lo + 1] <= it <= values[hi] as sentinels
    const mid = (lo + hi) >> 1;
    swap(values, mid, lo + 1);
    if (values[lo + 1] > values[hi]) swap(values, lo + 1, hi);
    if (values[lo] > values[hi]) swap(values, lo, hi);
    if (values[lo + 1] > values[lo]) swap(values, lo + 1, lo);
    const pivot = values[lo];
    let i = lo + 1;
    let j = hi;
    for (;;) {
      do i++;
      while (values[i] < pivot);
      do j--;
      while (values[j] > pivot);
      if (j < i) break;
      swap(values, i, j);
    }
    values[lo] = values[j];
    values[j] = pivot;
    if (j >= k) hi = j - 1;
    if (j <= k) lo = i;
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = values[i];
    let j = i - 1;
    while (j >= lo && values[j] > v) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = v;
  }
  return values[k];
}

function swap(a: Float64Array | Float32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
