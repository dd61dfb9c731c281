import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkNumber, checkPositiveInt, checkSignal, type Signal } from '../validate.js';
import { frameSignal } from '../dsp/stft.js';
import { frameCount } from '../dsp/frames.js';
import { readOptions } from '../options.js';
import { ZERO_CROSSING_RATE_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

/** Options of {@link zeroCrossingRate} (librosa.feature.zero_crossing_rate's and zero_crossings' names and defaults). */
export interface ZeroCrossingRateOptions {
  /** Frame length in samples. Default 2048. */
  frameLength?: number;
  /** Hop between frames in samples. Default 512. */
  hopLength?: number;
  /** Centre frames by padding `frameLength / 2` on both sides with the edge values. Default true. */
  center?: boolean;
  /** Samples with `|x| <= threshold` count as zero. Default 1e-10. */
  threshold?: number;
  /**
   * Scale the threshold by a reference: a number, or a function of the absolute values of the
   * framed (padded) signal (e.g. `(a) => Math.max(...a)`). Default none.
   */
  refMagnitude?: number | ((absValues: Float32Array) => number);
  /** Count the first sample of every frame as a crossing. Default false. */
  pad?: boolean;
  /** Treat zero as positive (`true`, default) or as its own sign class (`false`, `np.sign`). */
  zeroPos?: boolean;
}

/**
 * Zero-crossing rate per frame, equal to `librosa.feature.zero_crossing_rate(y, ...)`: the
 * signal is centre-padded with its edge values (`np.pad(mode='edge')`), framed, values with
 * `|x| <= threshold` set to zero, and a crossing counted at sample i >= 1 of a frame where the
 * sign (sign bit with `zeroPos`, else -1/0/+1) differs from sample i-1; the rate is the
 * crossing count divided by `frameLength` (the first sample of a frame counts as `pad`).
 *
 * Defaults: frameLength 2048, hopLength 512, center true, threshold 1e-10, zeroPos true, pad false.
 * Shape: a 1-row Matrix (1 x frames), a fraction in [0, 1], Float64.
 *
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_OPTION`, `TOO_SHORT` (center=false, signal shorter than frameLength).
 * @example
 * ```ts
 * const z = zeroCrossingRate(y); // z.data[t]
 * ```
 */
export function zeroCrossingRate(y: Signal, opts: ZeroCrossingRateOptions = {}): Matrix {
  opts = readOptions('zeroCrossingRate', opts, ZERO_CROSSING_RATE_OPTIONS);
  const sig = checkSignal(y);
  const frameLength = checkPositiveInt(opts.frameLength ?? 2048, 'frameLength');
  const hopLength = checkPositiveInt(opts.hopLength ?? 512, 'hopLength');
  const center = opts.center ?? true;
  let threshold = checkNumber(opts.threshold ?? 1e-10, 'threshold', 0);
  const zeroPos = opts.zeroPos ?? true;
  const pad = opts.pad ?? false;
  if (opts.refMagnitude !== undefined && opts.refMagnitude !== null) {
    let ref: number;
    if (typeof opts.refMagnitude === 'function') {
      const { padded, nFrames } = frameSignal(sig, frameLength, hopLength, center, 'edge');
      const used = nFrames > 0 ? (nFrames - 1) * hopLength + frameLength : 0;
      const a = new Float32Array(used);
      for (let i = 0; i < used; i++) a[i] = Math.abs(padded[i]);
      ref = opts.refMagnitude(a);
    } else ref = opts.refMagnitude;
    if (typeof ref !== 'number' || !Number.isFinite(ref))
      throw new MirkitError('BAD_OPTION', `refMagnitude must be (or return) a finite number, got ${shown(ref)}`, { option: 'refMagnitude' });
    threshold *= ref;
  }
  if (!center) frameSignal(sig, frameLength, hopLength, false, 'edge'); // throws TOO_SHORT below one frame (no copy)
  const nFrames = frameCount(sig.length, frameLength, hopLength, center);
  // The padded signal is read where it lies, not copied: its edge pads repeat the first and last samples, so
  // the only class changes are between samples of the signal itself, at padded index j = half + k for the
  // change between y[k - 1] and y[k]. Frame t counts the changes at padded indices s + 1 .. s + frameLength - 1
  // (s = t hop): the running count of changes before index s + frameLength minus the one before s + 1, both
  // taken in one pass over the signal.
  const half = center ? Math.floor(frameLength / 2) : 0;
  const n = sig.length;
  let reached = 1; // changes at padded indices below `reached` are in `count`
  let count = 0;
  const countBefore = (e: number): number => {
    // the changes at padded indices [reached, e) that lie inside the signal: k = j - half in [lo, hi)
    const lo = Math.max(reached, half + 1) - half;
    const hi = Math.min(e, half + n) - half;
    if (hi > lo) count += signChanges(sig, lo - 1, hi, threshold, zeroPos);
    reached = Math.max(reached, e);
    return count;
  };
  const out = new Float64Array(nFrames);
  const first = pad ? 1 : 0;
  const before = new Float64Array(nFrames); // the count before s + 1 of each frame
  for (let ta = 0, tb = 0; tb < nFrames; ) {
    const a = ta < nFrames ? ta * hopLength + 1 : Infinity;
    const b = tb * hopLength + frameLength;
    if (a <= b) before[ta++] = countBefore(a);
    else {
      out[tb] = (countBefore(b) - before[tb] + first) / frameLength;
      tb++;
    }
  }
  return { rows: 1, cols: nFrames, data: out };
}

/**
 * The sign class of one sample, the per-sample kernel of {@link zeroCrossingRate} (shared with
 * the streaming analyzer): with `zeroPos`, 1 for `v < -threshold` and 0 otherwise (values within
 * the threshold count as +0); without, numpy's sign in {-1, 0, 1} after thresholding. A crossing
 * is a change of class between consecutive samples. @internal
 */
export function signClass(v: number, threshold: number, zeroPos: boolean): number {
  // zeroPos: only values below -threshold are negative; otherwise the sign of the thresholded value
  if (zeroPos) return +(v < -threshold);
  return +(v > threshold) - +(v < -threshold);
}

/**
 * The number of sign-class changes ({@link signClass}) between consecutive samples of
 * `x[start .. end)`: the zero-crossing count of one frame, for callers that count frame by frame
 * (the streaming analyzer). One loop per `zeroPos`, so the class test is not re-decided per sample.
 * @internal
 */
export function signChanges(x: ArrayLike<number>, start: number, end: number, threshold: number, zeroPos: boolean): number {
  let n = 0;
  if (zeroPos) {
    // the class is 1 below -threshold, else 0: a change is their exclusive or (no branch per sample)
    const low = -threshold;
    let prev = +(x[start] < low);
    for (let j = start + 1; j < end; j++) {
      const cl = +(x[j] < low);
      n += cl ^ prev;
      prev = cl;
    }
  } else {
    let prev = signClass(x[start], threshold, false);
    for (let j = start + 1; j < end; j++) {
      const cl = signClass(x[j], threshold, false);
      n += cl !== prev ? 1 : 0;
      prev = cl;
    }
  }
  return n;
}
