/**
 * Running moments of the harmonic and percussive waveforms that `extractFeatures` streams out of its
 * inverse STFTs (so that no whole waveform is held).
 * @internal
 * @packageDocumentation
 */
import { F32_TINY } from '../util/numeric.js';

/** Running sum and sum of squares (float64) of a signal streamed in pieces; `n` = its length. */
export interface Moments {
  sum: number;
  sumSq: number;
  n: number;
}
/** Mean and (population, float64, never negative) variance of the signal behind `m`. */
export const meanVarOf = (m: Moments): [number, number] => {
  const mean = m.sum / m.n;
  return [mean, Math.max(0, m.sumSq / m.n - mean * mean)];
};

/**
 * Adds the overlap-added samples `acc[j] / w[j]` (the window-sum normalisation of istft, skipped
 * where the sum is below float32's tiny; rounded to float32 as librosa's output) for j in [j0, j1)
 * of both parts to their running moments. A function of its own, not a closure of the pass: V8
 * optimises it once for every call (a closure re-created per clip was entered mid-loop, boxing each
 * sample, and deoptimised at every clip).
 */
export function foldMoments(hAcc: Float64Array, pAcc: Float64Array, wAcc: Float64Array, j0: number, j1: number, harmonic: Moments, percussive: Moments): void {
  const tiny = F32_TINY;
  // running sums in locals (the same additions, in the same order, as into the objects), stored back
  // after each block of samples: the stores then run (and get V8's type feedback) before the loop is
  // hot, so its optimised code does not bail out at the end
  let hs = harmonic.sum;
  let hq = harmonic.sumSq;
  let ps = percussive.sum;
  let pq = percussive.sumSq;
  for (let b0 = j0; b0 < j1; b0 += FOLD_BLOCK) {
    const b1 = Math.min(j1, b0 + FOLD_BLOCK);
    for (let j = b0; j < b1; j++) {
      const w = wAcc[j];
      const h = Math.fround(w > tiny ? hAcc[j] / w : hAcc[j]);
      const q = Math.fround(w > tiny ? pAcc[j] / w : pAcc[j]);
      hs += h;
      hq += h * h;
      ps += q;
      pq += q * q;
    }
    harmonic.sum = hs;
    harmonic.sumSq = hq;
    percussive.sum = ps;
    percussive.sumSq = pq;
  }
}

/** Samples per block of {@link foldMoments}. */
const FOLD_BLOCK = 4096;

/** Drops the first `cnt` values of `acc`, moving the rest to the front and zeroing the freed end. */
export function shiftOut(acc: Float64Array, cnt: number): void {
  acc.copyWithin(0, cnt);
  acc.fill(0, acc.length - cnt);
}
