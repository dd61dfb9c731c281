/**
 * `yin`'s per-frame kernel for the streaming analyzer: the f0 of one frame of samples, by
 * the same difference function, CMND and trough picking as `yin`.
 * @internal
 */
import { checkNumber } from '../validate.js';
import { readOptions } from '../options.js';
import { cmndOfFrame, f0OfCmnd, frameAutocorrelation, resolveYinParams, type YinOptions } from './pitch-yin.js';

/** @internal The f0 of one frame at a time, as `yin` computes it for its frames. */
export interface YinFrameKernel {
  /** Samples per frame (`frameLength`). */
  readonly frameLength: number;
  /** f0 in Hz of the `frameLength` samples starting at `samples[start]` (a frame of the padded signal). */
  f0(samples: ArrayLike<number>, start: number): number;
}

/**
 * @internal A per-frame `yin`: `yin(y, opts)[t]` is `kernel.f0(padded, t * hopLength)` where
 * `padded` is `y` with `frameLength / 2` zeros at both ends (`center` true, `padMode` 'constant').
 * Each frame's autocorrelation is one FFT pair of the frame alone (the offline function may reuse
 * transforms across overlapping frames: equal up to float rounding).
 *
 * @param opts - {@link YinOptions} (`fmin`, `fmax` required; `center`, `padMode` and `hopLength` are
 *   the caller's framing and unused here)
 * @throws MirkitError `BAD_OPTION` as `yin`
 */
export function createYinFrameKernel(opts: YinOptions): YinFrameKernel {
  opts = readOptions('yin', opts);
  const p = resolveYinParams(opts);
  const threshold = checkNumber(opts.troughThreshold ?? 0.1, 'troughThreshold');
  const { frameLength, minPeriod, maxPeriod, sr } = p;
  const nLags = maxPeriod - minPeriod + 1;
  const acfOf = frameAutocorrelation(frameLength, p.fft);
  const diff = new Float64Array(maxPeriod + 1);
  const cmnd = new Float64Array(nLags);
  return {
    frameLength,
    f0(samples, start) {
      cmndOfFrame(samples, start, acfOf(samples, start), minPeriod, maxPeriod, diff, cmnd);
      return f0OfCmnd(cmnd, nLags, minPeriod, sr, threshold);
    },
  };
}
