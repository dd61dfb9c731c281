/**
 * Numeric helpers shared across the library: numpy's rounding and the smallest normal numbers
 * librosa's `util.tiny` returns for float32 and float64 data.
 */

/** Smallest positive normal float32 (`np.finfo(np.float32).tiny`), librosa's `tiny` for float32 data. */
export const F32_TINY = 1.1754943508222875e-38;

/** Smallest positive normal float64 (`np.finfo(np.float64).tiny`), librosa's `tiny` for float64 data. */
export const F64_TINY = 2.2250738585072014e-308;

/**
 * numpy's `np.round` for 0 decimals: round half to even (`roundHalfEven(2.5) === 2`,
 * `roundHalfEven(3.5) === 4`).
 *
 * @param x - any finite number
 * @returns the nearest integer, ties to the even one
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
