/**
 * Framing of a signal: the frame count of a (centred) framing and the frames themselves
 * (`librosa.util.frame`).
 */
import { MirkitError } from '../errors.js';
import { MAX_HOP_LENGTH, MAX_N_FFT } from '../limits.js';
import { shown } from '../util/shown.js';
import { checkNumber, checkPositiveInt, checkSignal } from '../validate.js';
import { type PadMode, padSignalUnchecked } from './padding.js';

/**
 * Number of frames librosa produces for a signal of `length` samples: `1 + floor((padded -
 * frameLength) / hopLength)` on the signal as framed (padded by `floor(frameLength / 2)` on each
 * side when `center`), 0 when that is shorter than one frame.
 *
 * @throws MirkitError `BAD_OPTION` for a `length` that is not a whole number >= 0, a `frameLength`
 *   or `hopLength` that is not a positive integer within `MAX_N_FFT` (2^20) / `MAX_HOP_LENGTH` (2^24),
 *   or a `center` that is not a boolean.
 */
export function frameCount(length: number, frameLength: number, hopLength: number, center: boolean): number {
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    throw new MirkitError('BAD_OPTION', `length must be a whole number of samples >= 0, got ${shown(length)}`, { option: 'length' });
  }
  checkFraming(frameLength, hopLength, center);
  return countFrames(length, frameLength, hopLength, center);
}

/** {@link frameCount} without its checks. @internal */
export function countFrames(length: number, frameLength: number, hopLength: number, center: boolean): number {
  const padded = center ? length + 2 * Math.floor(frameLength / 2) : length;
  if (padded < frameLength) return 0;
  return 1 + Math.floor((padded - frameLength) / hopLength);
}

/** The checks of {@link frameCount} and {@link frameSignal} on the framing parameters (`BAD_OPTION`). */
function checkFraming(frameLength: unknown, hopLength: unknown, center: unknown): void {
  checkNumber(checkPositiveInt(frameLength, 'frameLength'), 'frameLength', 1, MAX_N_FFT);
  checkNumber(checkPositiveInt(hopLength, 'hopLength'), 'hopLength', 1, MAX_HOP_LENGTH);
  if (typeof center !== 'boolean') throw new MirkitError('BAD_OPTION', `center must be true or false, got ${shown(center)}`, { option: 'center' });
}

/**
 * The frames of a signal as librosa's framing: centred (padded by `frameLength / 2`) or not.
 * Frame t starts at `t * hopLength` in the returned `padded` signal.
 *
 * @throws MirkitError `BAD_DATA` (`y` not a Float32Array, Float64Array or number[]), `EMPTY_INPUT`,
 *   `NON_FINITE` (naming the first bad sample), `BAD_OPTION` as {@link frameCount} or for an unknown
 *   `padMode`, `TOO_SHORT` for a signal shorter than one frame with `center` false.
 */
export function frameSignal(
  y: Float32Array | Float64Array,
  frameLength: number,
  hopLength: number,
  center: boolean,
  padMode: PadMode,
): {
  /** The signal as framed: padded by `frameLength / 2` on each side when centred, else the input. */
  padded: Float32Array | Float64Array;
  /** Number of frames (librosa's `1 + (len - frameLength) // hopLength` on the padded signal). */
  nFrames: number;
} {
  const sig = checkSignal(y, 'y', false);
  checkFraming(frameLength, hopLength, center);
  if (center && padMode !== 'constant' && padMode !== 'reflect' && padMode !== 'edge') {
    throw new MirkitError('BAD_OPTION', `padMode must be 'constant', 'reflect' or 'edge', got '${shown(padMode)}'`, { option: 'padMode' });
  }
  return frameSignalUnchecked(sig, frameLength, hopLength, center, padMode);
}

/** {@link frameSignal} without the checks of its arguments (it still throws `TOO_SHORT`). @internal */
export function frameSignalUnchecked(
  y: Float32Array | Float64Array,
  frameLength: number,
  hopLength: number,
  center: boolean,
  padMode: PadMode,
): { padded: Float32Array | Float64Array; nFrames: number } {
  if (!center && y.length < frameLength) {
    throw new MirkitError('TOO_SHORT', `signal of ${y.length} samples is shorter than one frame (${frameLength}) with center=false`, {
      length: y.length,
      frameLength,
    });
  }
  const half = Math.floor(frameLength / 2);
  const padded = center ? padSignalUnchecked(y, half, half, padMode) : y;
  return { padded, nFrames: countFrames(y.length, frameLength, hopLength, center) };
}
