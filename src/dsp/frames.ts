/**
 * Framing of a signal: the frame count of a (centred) framing and the frames themselves
 * (`librosa.util.frame`).
 */
import { MirkitError } from '../errors.js';
import { type PadMode, padSignal } from './padding.js';

/** Number of frames librosa produces for a signal of `length` samples. */
export function frameCount(length: number, frameLength: number, hopLength: number, center: boolean): number {
  const padded = center ? length + 2 * Math.floor(frameLength / 2) : length;
  if (padded < frameLength) return 0;
  return 1 + Math.floor((padded - frameLength) / hopLength);
}

/**
 * The frames of a signal as librosa's framing: centred (padded by `frameLength / 2`) or not.
 * Calls `visit(frameIndex, start)` where `start` indexes into the returned padded signal.
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
  if (!center && y.length < frameLength) {
    throw new MirkitError(
      'TOO_SHORT',
      `signal of ${y.length} samples is shorter than one frame (${frameLength}) with center=false; use center=true or a shorter frame`,
      {
        length: y.length,
        frameLength,
      },
    );
  }
  const half = Math.floor(frameLength / 2);
  const padded = center ? padSignal(y, half, half, padMode) : y;
  return { padded, nFrames: frameCount(y.length, frameLength, hopLength, center) };
}
