import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkBoundedMatrix, checkPositiveInt, checkSignal, type Signal } from '../validate.js';
import { frameSignal, type PadMode } from '../dsp/stft.js';
import { frameCount } from '../dsp/frames.js';
import { readOptions } from '../options.js';
import { RMS_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

/** Options of {@link rms} (librosa.feature.rms's names and defaults). */
export interface RmsOptions {
  /**
   * Precomputed magnitude spectrogram (rows = `frameLength / 2 + 1` bins, cols = frames), as
   * librosa's `S`; replaces `y`.
   */
  S?: Matrix;
  /** Frame length in samples (and the nFft of `S`). Default 2048. */
  frameLength?: number;
  /** Hop between frames in samples. Default 512. */
  hopLength?: number;
  /** Centre frames by padding `frameLength / 2` on both sides. Default true. */
  center?: boolean;
  /** Padding when centring. Default `'constant'` (zeros; librosa 0.10+). */
  padMode?: PadMode;
}

/**
 * Root-mean-square energy per frame, equal to `librosa.feature.rms(y=y, ...)`.
 *
 * From `y`: frames of the (centre-padded) signal, no window, `sqrt(mean(x²))`.
 * From `S` (magnitude spectrogram): librosa's Parseval estimate
 * `sqrt(2 Σ_k |S[k,t]|² / frameLength²)` with the DC row (and the Nyquist row for even
 * `frameLength`) halved.
 *
 * Defaults: frameLength 2048, hopLength 512, center with zero padding.
 * Shape: a 1-row Matrix (1 x frames), in the signal's amplitude units, Float32 (librosa's dtype).
 *
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_OPTION`, `BAD_SHAPE` (`S` rows != frameLength/2 + 1),
 *   `TOO_SHORT` (center=false and a signal shorter than frameLength).
 * @example
 * ```ts
 * const e = rms(y); // e.data[t]
 * ```
 */
export function rms(y: Signal | null, opts: RmsOptions = {}): Matrix {
  opts = readOptions('rms', opts, RMS_OPTIONS);
  const frameLength = checkPositiveInt(opts.frameLength ?? 2048, 'frameLength');
  const hopLength = checkPositiveInt(opts.hopLength ?? 512, 'hopLength');
  const center = opts.center ?? true;
  const padMode = opts.padMode ?? 'constant';
  if (padMode !== 'constant' && padMode !== 'reflect' && padMode !== 'edge') {
    throw new MirkitError('BAD_OPTION', `padMode must be 'constant', 'reflect' or 'edge', got '${shown(padMode)}'`, { option: 'padMode' });
  }
  if (opts.S !== undefined && opts.S !== null) {
    const S = checkBoundedMatrix(opts.S, 'S', Math.floor(frameLength / 2) + 1);
    const { rows, cols, data } = S;
    const acc = new Float64Array(cols);
    for (let k = 0; k < rows; k++) {
      const w = k === 0 || (k === rows - 1 && frameLength % 2 === 0) ? 0.5 : 1;
      const base = k * cols;
      for (let t = 0; t < cols; t++) {
        const v = data[base + t];
        acc[t] += w * v * v;
      }
    }
    const out = new Float32Array(cols);
    const denom = frameLength * frameLength;
    for (let t = 0; t < cols; t++) out[t] = Math.sqrt((2 * acc[t]) / denom);
    return { rows: 1, cols, data: out };
  }
  if (y === undefined || y === null) throw new MirkitError('EMPTY_INPUT', 'pass a signal y or a precomputed spectrogram S');
  const sig = checkSignal(y);
  // sums of squares over blocks of g = gcd(frameLength, hopLength) samples, then per frame the sum
  // of its frameLength / g blocks: no cancellation (silent frames give exactly 0), O(len + frames * frameLength / g)
  const g = rmsBlockSize(frameLength, hopLength);
  let nFrames: number;
  let blocks: Float64Array;
  if (center && padMode === 'constant') {
    // the zero pads add nothing: the blocks are read from the signal where it lies (no padded copy)
    const half = Math.floor(frameLength / 2);
    nFrames = frameCount(sig.length, frameLength, hopLength, true);
    blocks = new Float64Array(Math.floor((sig.length + 2 * half) / g));
    squareSums(sig, -half, blocks.length, g, blocks);
  } else {
    const framed = frameSignal(sig, frameLength, hopLength, center, padMode);
    nFrames = framed.nFrames;
    blocks = new Float64Array(Math.floor(framed.padded.length / g));
    squareSums(framed.padded, 0, blocks.length, g, blocks);
  }
  const per = frameLength / g,
    step = hopLength / g;
  const out = new Float32Array(nFrames);
  for (let t = 0; t < nFrames; t++) out[t] = rmsOfBlocks(blocks, t * step, per, frameLength);
  return { rows: 1, cols: nFrames, data: out };
}

/**
 * The block size of the RMS kernel: `gcd(frameLength, hopLength)`. Frames are sums of whole
 * blocks, so consecutive frames share their blocks' sums of squares. @internal
 */
export function rmsBlockSize(frameLength: number, hopLength: number): number {
  let g = frameLength,
    h = hopLength;
  while (h) [g, h] = [h, g % h];
  return g;
}

/**
 * Sums of squares of `nb` consecutive blocks of `g` samples of `x` from `start` into `out[0 .. nb)`
 * (float64, sample order): the first half of the per-frame RMS kernel. Samples outside `x` (a negative
 * `start`, blocks running past the end) count as zeros and are left out (adding +0 to a sum of squares
 * leaves it as it is), so a zero-padded signal needs no padded copy: `start = -pad`. @internal
 */
export function squareSums(x: ArrayLike<number>, start: number, nb: number, g: number, out: Float64Array): void {
  const n = x.length;
  for (let b = 0; b < nb; b++) {
    const a = start + b * g;
    let s = 0;
    for (let i = Math.max(0, a), e = Math.min(n, a + g); i < e; i++) s += x[i] * x[i];
    out[b] = s;
  }
}

/**
 * RMS of one frame from its `per` block sums `blocks[first .. first + per)` (no cancellation:
 * a silent frame gives exactly 0): the second half of the per-frame RMS kernel, shared by
 * {@link rms} and the streaming analyzer. @internal
 */
export function rmsOfBlocks(blocks: Float64Array, first: number, per: number, frameLength: number): number {
  let s = 0;
  for (let b = first, e = first + per; b < e; b++) s += blocks[b];
  return Math.sqrt(s / frameLength);
}
