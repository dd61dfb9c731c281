/**
 * A range of an MP3 file's mono mix decoded without decoding what comes before it: the frame
 * holding the first sample is found from the frame headers ({@link mp3Layout}), the mpg123 codec
 * is fed from a few frames earlier (enough for the bit reservoir and the IMDCT/synthesis state of
 * the frames before, {@link warmUpFrame}), and the warm-up samples are dropped. The samples are
 * those of the whole-file decode at the same positions, bit for bit: the gapless cut that the
 * decoder makes from the Xing/Info frame of a whole file (which it does not see here) is made
 * from the same numbers.
 * @internal
 * @packageDocumentation
 */
import { MP3_START_ALIGNMENT, mp3Layout, warmUpFrame } from './mp3-frames.js';
import { isCodec, runMp3Codec } from './mp3-whole.js';
import { PcmSink } from './pcm-sink.js';
import type { Float32ArrayProvider } from '../util/spare-buffer.js';

/**
 * Frames fed before the first frame whose main data the frame before the wanted one reads (then
 * rounded down to a multiple of {@link MP3_START_ALIGNMENT}). 0 is already exact on the test
 * files, and so is every aligned start up to 40 frames before the target (a frame's output
 * depends on its own and the previous frame's main data, and on the synthesis rotation); 2 more
 * are a margin against decoder state not accounted for.
 */
export const MP3_WARM_UP_MARGIN = 2;

/**
 * The mono mix of samples `start .. start + count - 1` of an MP3 file's decoded output (fewer at
 * its end), checked as {@link PcmSink} checks; null when the file's layout is not the plain kind,
 * not a stereo MPEG-1 one, the range starts in the first frames (the whole-file path costs as
 * little there), starts at or past the end, or a sample is out of bound: the caller then decodes
 * as before. The mix goes into the array `take` gives, if any (see {@link Float32ArrayProvider}).
 * @internal
 */
export async function decodeMp3Range(
  bytes: Uint8Array,
  open: () => Promise<unknown>,
  start: (sampleRate: number) => number,
  count: (sampleRate: number) => number,
  margin = MP3_WARM_UP_MARGIN,
  take?: Float32ArrayProvider,
): Promise<{ channelData: Float32Array[]; sampleRate: number } | null> {
  const layout = mp3Layout(bytes);
  // MPEG-2 and single-channel streams did not decode the same from every aligned start (their
  // synthesis state is not the one described at MP3_START_ALIGNMENT): the whole-file path decodes them
  if (!layout?.mpeg1 || layout.mono) return null;
  const spf = layout.samplesPerFrame;
  const first = start(layout.sampleRate);
  const wanted = count(layout.sampleRate);
  // positions in the decoder's raw output, which counts from the first audio frame
  const rawStart = first + layout.begin;
  const rawEnd = Math.min(layout.end ?? Number.MAX_SAFE_INTEGER, rawStart + wanted);
  const k = Math.floor(rawStart / spf);
  if (k >= layout.offsets.length || rawStart >= rawEnd) return null;
  const from = warmUpFrame(layout, k, margin);
  if (from === 0) return null;
  const codec = await open();
  if (!isCodec(codec)) {
    (codec as { free?: () => void } | undefined)?.free?.();
    return null;
  }
  try {
    const capacity = Math.min(rawEnd - rawStart, (layout.offsets.length - k + 1) * spf);
    const sink = new PcmSink(true, capacity, take?.(capacity));
    let raw = from * spf; // raw position of the next sample out of the codec
    const ok = runMp3Codec(codec, bytes, layout.offsets[from], (left, right, n) => {
      // the part of this block inside [rawStart, rawEnd)
      const lo = Math.max(0, rawStart - raw);
      const hi = Math.min(n, rawEnd - raw);
      if (hi > lo && !sink.push([left.subarray(lo, hi), right.subarray(lo, hi)], hi - lo)) return 'fail';
      raw += n;
      return raw >= rawEnd ? 'enough' : 'more';
    });
    if (!ok) return null;
    const channelData = sink.result();
    if (!channelData.length || !channelData[0].length) return null;
    return { channelData, sampleRate: layout.sampleRate };
  } finally {
    codec.free();
  }
}

/**
 * The length in samples per channel of a stereo MPEG-1 MP3 file's whole decode, and its sample
 * rate, from its frame headers and Info frame: every frame's samples, less the gapless cut at
 * either end; null where {@link decodeMp3Range} would be null for every range.
 * @internal
 */
export function mp3Length(bytes: Uint8Array): { length: number; sampleRate: number } | null {
  const layout = mp3Layout(bytes);
  if (!layout?.mpeg1 || layout.mono) return null;
  const raw = layout.offsets.length * layout.samplesPerFrame;
  const length = Math.min(layout.end ?? raw, raw) - layout.begin;
  return length > 0 ? { length, sampleRate: layout.sampleRate } : null;
}
