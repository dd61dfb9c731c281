/** Shared references of the FFT tests: a direct DFT and a seeded noise signal. */

/** Bins 0..n/2 of the DFT of `x`, summed directly in float64 (angles reduced exactly, k t mod n). */
export function directDft(x: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const bins = Math.floor(n / 2) + 1;
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    for (let t = 0; t < n; t++) {
      const a = (2 * Math.PI * ((k * t) % n)) / n;
      re[k] += x[t] * Math.cos(a);
      im[k] -= x[t] * Math.sin(a);
    }
  }
  return { re, im };
}

/** `n` uniform values in [-0.5, 0.5) from a seeded linear congruential generator. */
export function noise(n: number, seed = 1): Float64Array {
  let s = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}
