/**
 * `yin`'s per-frame kernel for the streaming analyzer: the f0 of one frame of samples, by
 * the same difference function, CMND and trough picking as `yin`.
 * @internal
 */
import { checkNumber } from '../validate.js';
import { readOptions } from '../options.js';
import { YIN_OPTIONS } from '../option-keys.js';
import { cmndOfFrame, f0OfCmnd, resolveYinParams, type YinOptions } from './pitch-yin.js';
import { yinAutocorrelation, type FrameAutocorrelation } from './yin-autocorrelation.js';

/** @internal The f0 of one frame at a time, as `yin` computes it for its frames. */
export interface YinFrameKernel {
  /** Samples per frame (`frameLength`). */
  readonly frameLength: number;
  /**
   * f0 in Hz of frame `index`, the `frameLength` samples starting at `samples[start]` (a frame of
   * the padded signal). Frames of a signal come in ascending order, one after the other; a frame
   * whose index does not follow the previous call's starts a new signal.
   */
  f0(samples: ArrayLike<number>, start: number, index: number): number;
}

/**
 * @internal A per-frame `yin`: `yin(y, opts)[t]` is `kernel.f0(padded, t * hopLength, t)` where
 * `padded` is `y` with `frameLength / 2` zeros at both ends (`center` true, `padMode` 'constant').
 * The autocorrelations are `yin`'s (the same transforms, blocks shared by overlapping frames
 * included), except on fft.js, where `yin` transforms a block past the frame that a stream has not
 * seen yet: there each frame is one FFT pair of its own (equal up to float rounding).
 *
 * @param opts - {@link YinOptions} (`fmin`, `fmax` required, `hopLength` the frames' hop; `center`
 *   and `padMode` are the caller's framing and unused here)
 * @throws MirkitError `BAD_OPTION` as `yin`
 */
export function createYinFrameKernel(opts: YinOptions): YinFrameKernel {
  opts = readOptions('yin', opts, YIN_OPTIONS);
  const p = resolveYinParams(opts);
  const threshold = checkNumber(opts.troughThreshold ?? 0.1, 'troughThreshold');
  const { frameLength, hop, minPeriod, maxPeriod, sr } = p;
  const nLags = maxPeriod - minPeriod + 1;
  const fresh = (): FrameAutocorrelation => yinAutocorrelation(frameLength, hop, maxPeriod, p.fft);
  let acfOf = fresh();
  let last = -1;
  const diff = new Float64Array(maxPeriod + 1);
  const cmnd = new Float64Array(nLags);
  return {
    frameLength,
    f0(samples, start, index) {
      if (index !== last + 1) acfOf = fresh(); // a new signal: no earlier blocks to reuse
      last = index;
      cmndOfFrame(samples, start, acfOf(index, samples, start), minPeriod, maxPeriod, diff, cmnd);
      return f0OfCmnd(cmnd, nLags, minPeriod, sr, threshold);
    },
  };
}
