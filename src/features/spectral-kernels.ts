/**
 * Per-frame kernels of the spectral shape features: one frame's magnitude column in, one number
 * out. The single place where spectral centroid, bandwidth and roll-off are computed: the public
 * functions (`spectralCentroid`, `spectralBandwidth`, `spectralRolloff`, driven over the frames
 * of a signal or of a given `S` by `spectralFrames`) and the feature sets (`extractFeatures`,
 * driven over the chunks of its streamed STFT) call these, and so can a streaming analyzer
 * (frame by frame, as frames arrive).
 *
 * A column is `S[o + k]` for bins k < `bins` (frame-major blocks: `o = j * bins`), with centre
 * frequencies `f[k]`. Arithmetic follows librosa on its float32 spectrogram: float64 sums in bin
 * order, float32 cumulative sum for the roll-off. @internal
 */
import { F32_TINY } from '../util/numeric.js';

/** librosa's util.normalize threshold for float32 data: the smallest positive normal float32. */
export const TINY32 = F32_TINY;

/** Sum of the column (float64, bin order): the frame's L1 norm for a non-negative spectrum. */
export function columnSum(S: ArrayLike<number>, o: number, bins: number): number {
  let sum = 0;
  for (let k = 0; k < bins; k++) sum += S[o + k];
  return sum;
}

/**
 * Spectral centroid of one frame, `Σ f[k] S[k] / Σ S[k]`; 0 for a frame whose sum is below
 * {@link TINY32} (silence), as librosa's normalisation leaves such frames at zero.
 */
export function centroidOfFrame(S: ArrayLike<number>, o: number, bins: number, f: ArrayLike<number>): number {
  let sum = 0;
  let wsum = 0;
  for (let k = 0; k < bins; k++) {
    const v = S[o + k];
    sum += v;
    wsum += f[k] * v;
  }
  return centroidOfSums(sum, wsum);
}

/**
 * The centroid from a column's sums `Σ S` and `Σ f S` (float64, bin order, as
 * {@link centroidOfFrame} takes them): 0 below librosa's float32 threshold. @internal
 */
export function centroidOfSums(sum: number, wsum: number): number {
  return sum < TINY32 ? 0 : wsum / sum;
}

/**
 * Spectral bandwidth of order `p` of one frame around centroid `c`:
 * `(Σ Ŝ[k] |f[k] - c|^p)^(1/p)`, with `Ŝ` the column L1-normalised when `norm` (an all-zero
 * frame is left as it is). `sum` is the column's {@link columnSum}.
 */
export function bandwidthOfFrame(
  S: ArrayLike<number>,
  o: number,
  bins: number,
  f: ArrayLike<number>,
  c: number,
  sum: number,
  p: number,
  norm: boolean,
): number {
  let acc = 0;
  if (p === 2) {
    for (let k = 0; k < bins; k++) {
      const d = f[k] - c;
      acc += S[o + k] * d * d;
    }
  } else {
    for (let k = 0; k < bins; k++) acc += S[o + k] * Math.abs(f[k] - c) ** p;
  }
  if (norm) acc /= sum < TINY32 ? 1 : sum;
  return p === 2 ? Math.sqrt(acc) : acc ** (1 / p);
}

/**
 * Spectral roll-off of one frame: the smallest `f[k]` whose float32 cumulative magnitude reaches
 * `rollPercent` of the frame total (numpy's float32 cumsum), 0 when none does. `S` must be
 * non-negative (the callers check it), so the cumulative sums never decrease and the bins that
 * reach the threshold are those from the first one on, found by bisection. With `fAscending` the
 * caller asserts that `f` increases with k: the first such bin's frequency is then the answer.
 * `cum` is scratch of at least `bins` values.
 */
export function rolloffOfFrame(
  S: ArrayLike<number>,
  o: number,
  bins: number,
  f: ArrayLike<number>,
  rollPercent: number,
  cum: Float32Array,
  fAscending = false,
): number {
  let acc = 0;
  for (let k = 0; k < bins; k++) {
    acc = Math.fround(acc + Math.fround(S[o + k]));
    cum[k] = acc;
  }
  const thr = Math.fround(rollPercent * acc);
  // the first k with cum[k] >= thr (bins when none)
  let lo = 0;
  let hi = bins;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] >= thr) hi = mid;
    else lo = mid + 1;
  }
  if (lo === bins) return 0;
  if (fAscending) return f[lo];
  let best = Infinity;
  for (let k = lo; k < bins; k++) if (f[k] < best) best = f[k];
  return best === Infinity ? 0 : best;
}
