/**
 * The musicnn front end (musicnn's `extractor.batch_data`): 16 kHz signal -> log-mel patches.
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { melFrameMajor } from '../features/mel.js';
import { signalArray } from '../validate.js';
import { roundToHalf } from './half.js';

/** Sample rate the musicnn models were trained at. */
export const MUSICNN_SR = 16000;
/** Frames per network input: `time_to_frames(3 s) + 1` at hop 256. */
export const PATCH_FRAMES = 187;
/** Mel bands per frame. */
export const MUSICNN_MELS = 96;
/** Hop between frames in samples (16 ms). */
export const MUSICNN_HOP = 256;
/** The fewest 16 kHz samples that give one patch: `(187 - 1) * 256` (2.976 s). */
export const MIN_SAMPLES = (PATCH_FRAMES - 1) * MUSICNN_HOP;

/** Log-mel patches ready for the networks. */
export interface MusicnnPatches {
  /** Number of patches (rows of the taggram). */
  readonly count: number;
  /** `count x 187 x 96` float32, patch-major, then frame, then band (NHWC with one channel). */
  readonly data: Float32Array;
  /** The first frame of each patch (0, 187, 374, ...). */
  readonly starts: number[];
  /** Frames of the whole log-mel spectrogram (`1 + floor(samples / 256)`). */
  readonly frames: number;
}

/**
 * musicnn's log-mel patches of a 16 kHz mono signal:
 * 1. mel power spectrogram as `librosa.feature.melspectrogram(y, sr=16000, n_fft=512, hop_length=256,
 *    n_mels=96, pad_mode='reflect')` (periodic Hann, centred, Slaney scale and norm, 0-8 kHz);
 * 2. each mel value rounded to float16, then `log10(10000 x + 1)` in float32 (as NumPy 1.x computes it);
 *    a mel value beyond float16's range (65520 and up, from loud input) is kept at its float32 value (the cast would give inf);
 * 3. patches of 187 frames at frames 0, 187, 374, ... without overlap; the tail frames that do not fill
 *    a patch are dropped.
 *
 * @param y - mono signal at 16 kHz
 * @throws MirkitError `TOO_SHORT` for fewer than 47616 samples (2.976 s: no whole patch), plus the
 *   signal checks' `BAD_DATA` (not an array of samples, or a sample beyond +-2^24), `EMPTY_INPUT`, `NON_FINITE`
 */
export function musicnnPatches(y: Float32Array | Float64Array): MusicnnPatches {
  y = signalArray(y); // melFrameMajor scans the samples themselves
  if (y.length < MIN_SAMPLES) {
    throw new MirkitError(
      'TOO_SHORT',
      `musicnn needs at least ${MIN_SAMPLES} samples at 16 kHz (${(MIN_SAMPLES / MUSICNN_SR).toFixed(3)} s, one 187-frame patch), got ${y.length}`,
      { samples: y.length, minSamples: MIN_SAMPLES },
    );
  }
  const mel = melFrameMajor(y, {
    sr: MUSICNN_SR,
    nFft: 512,
    hopLength: MUSICNN_HOP,
    nMels: MUSICNN_MELS,
    fmin: 0,
    fmax: 8000,
    center: true,
    padMode: 'reflect',
  });
  const count = Math.floor(mel.frames / PATCH_FRAMES);
  const n = count * PATCH_FRAMES * MUSICNN_MELS;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const product = Math.fround(10000 * halfOrSelf(mel.data[i]));
    data[i] = Math.log10(Math.fround(product + 1));
  }
  const starts = Array.from({ length: count }, (_, p) => p * PATCH_FRAMES);
  return { count, data, starts, frames: mel.frames };
}

/**
 * `x` rounded to float16 where float16 holds it, else `x` itself. The reference's cast gives inf
 * from 65520 up (then inf log-mel and NaN tags); keeping `x` is the finite choice closest to it:
 * below the threshold the rounding moves `x` by at most 2^-11 of itself, and the log-mel stays
 * increasing in `x` (a clamp to 65504 would flatten every loud band to one value).
 */
function halfOrSelf(x: number): number {
  const h = roundToHalf(x);
  return h === Infinity ? x : h;
}
