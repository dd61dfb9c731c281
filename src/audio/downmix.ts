/**
 * The mono mix of decoded channels, checked while it is written: librosa's `to_mono` (the float32
 * mean of the channels, in numpy's order) fused with {@link checkSignal}'s scan, so that a
 * decoded file is read once for both, and written over its first channel when `loadAudio` owns
 * the channels (no fresh buffer of the whole signal to fault in).
 * @internal
 * @packageDocumentation
 */
import { MAX_SAMPLE_MAGNITUDE } from '../limits.js';

/**
 * Writes the channel mean of samples `from .. n - 1` into `y` (which may be `chans[0]` itself:
 * sample i is read before it is written). With `check`, stops before writing the first mean that
 * is not finite or not below {@link MAX_SAMPLE_MAGNITUDE} (2^24) in magnitude, as float32, and
 * returns its index: every sample before it is written and in bound, and `chans[0]` is untouched
 * from there on. Returns `n` when all were written. Values are those of numpy's float32 mean:
 * two channels as `(a + b) / 2` (rounded once to float32), more as a float32 running sum in
 * channel order, divided by the count. `chans` holds at least two channels of at least `n`
 * samples. @internal
 */
export function mixChannels(chans: Float32Array[], n: number, y: Float32Array, from: number, check: boolean): number {
  return chans.length === 2 ? mixTwo(chans[0], chans[1], n, y, from, check) : mixMany(chans, n, y, from, check);
}

function mixTwo(a: Float32Array, b: Float32Array, n: number, y: Float32Array, from: number, check: boolean): number {
  const f = Math.fround;
  for (let i = from; i < n; i++) {
    const v = f((a[i] + b[i]) / 2);
    if (check && !(Math.abs(v) < MAX_SAMPLE_MAGNITUDE)) return i;
    y[i] = v;
  }
  return n;
}

function mixMany(chans: Float32Array[], n: number, y: Float32Array, from: number, check: boolean): number {
  const f = Math.fround;
  const C = chans.length;
  for (let i = from; i < n; i++) {
    let s = chans[0][i];
    for (let c = 1; c < C; c++) s = f(s + chans[c][i]);
    const v = f(s / C);
    if (check && !(Math.abs(v) < MAX_SAMPLE_MAGNITUDE)) return i;
    y[i] = v;
  }
  return n;
}

/**
 * Whether the mix may be written over `chans[0]`: no other channel shares its memory (a decoder
 * could hand back two views of one buffer). @internal
 */
export function firstChannelIsOwnMemory(chans: Float32Array[]): boolean {
  const a = chans[0];
  const lo = a.byteOffset;
  const hi = lo + a.byteLength;
  for (let c = 1; c < chans.length; c++) {
    const b = chans[c];
    if (b.buffer === a.buffer && b.byteOffset < hi && lo < b.byteOffset + b.byteLength) return false;
  }
  return true;
}
