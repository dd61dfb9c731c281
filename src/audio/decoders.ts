/**
 * Compressed-format decoders, loaded one format at a time: the format is read from the bytes
 * (audio-type's signatures) and only that format's decoder package is imported, the first time such
 * bytes are passed. Each `import()` names its package literally, so bundlers split every decoder into
 * a chunk of its own that a page never fetches unless it decodes that format (a page passing an
 * `AudioBuffer`, or WAV bytes, loads none). Formats without a decoder here (APE, MOD, ...) are
 * `DECODE_FAILED` with the list of supported ones, so no unresolvable package is ever named.
 * @internal
 * @packageDocumentation
 */
import audioType from 'audio-type';
import { decodeVorbisWhole, type VorbisStreamDecoder } from './vorbis-whole.js';
import { decodeMp3Whole } from './mp3-whole.js';
import type { Float32ArrayProvider } from '../util/spare-buffer.js';
import { decodeMp3Range, mp3Length } from './mp3-seek.js';
import { decodeVorbisRange, vorbisLength } from './vorbis-seek.js';
import { decodeTailInThread, decodeThreadReady, warmDecodeThread } from './decode-thread.js';
import { boundAiffFrames, boundMp4Tables } from './container-bounds.js';

/** Files shorter than this (seconds) are not split between two threads: the split would gain little. */
export const SPLIT_MIN_SECONDS = 4;
/** Files larger than this (bytes) are not split: the decode thread gets a copy of the bytes. */
export const SPLIT_MAX_BYTES = 256 << 20;

/** Decoded PCM: one float32 array per channel. @internal */
export interface AudioData {
  channelData: Float32Array[];
  sampleRate: number;
  /**
   * `channelData` is one array, the mono mix of the stream's channels (their float32 mean), every
   * sample of it checked finite and below 2^24 in magnitude.
   */
  mixed?: boolean;
}

/** A streaming decoder: `dec(chunk)` decodes more, `dec()` flushes and frees, `dec.free()` frees. @internal */
export interface StreamDecoder {
  (chunk?: Uint8Array): Promise<AudioData>;
  free(): void;
}

/** The formats decoded here (audio-type's names). @internal */
export type CompressedFormat = 'mp3' | 'oga' | 'opus' | 'flac' | 'm4a' | 'aac' | 'aiff' | 'wav';

/** What the `@audio/decode-*` packages export: `decoder()` resolves to a codec object. */
interface CodecModule {
  decoder(): Promise<Codec>;
}
interface Codec {
  decode(chunk: Uint8Array): AudioResult | Promise<AudioResult>;
  flush?(): AudioResult | Promise<AudioResult>;
  free?(): void;
}
interface AudioResult {
  channelData?: Float32Array[];
  sampleRate?: number;
  samplesDecoded?: number;
}

/**
 * One literal `import()` per format (bundlers make each a lazy chunk). `upmixes`: the decoder
 * reports a mono stream as two identical channels, folded back to one below (as libsndfile reads it).
 */
const CODECS: Record<CompressedFormat, { load: () => Promise<unknown>; upmixes: boolean }> = {
  mp3: { load: () => import('@audio/decode-mp3'), upmixes: true },
  oga: { load: () => import('@audio/decode-vorbis'), upmixes: false },
  opus: { load: () => import('@audio/decode-opus'), upmixes: false },
  flac: { load: () => import('@audio/decode-flac'), upmixes: false },
  m4a: { load: () => import('@audio/decode-mp4'), upmixes: true },
  aac: { load: () => import('@audio/decode-aac'), upmixes: true },
  aiff: { load: () => import('@audio/decode-aiff'), upmixes: false },
  wav: { load: () => import('@audio/decode-wav'), upmixes: false },
};

/** The supported formats, for error messages. @internal */
export const SUPPORTED_FORMATS = 'wav, mp3, ogg/vorbis, opus, flac, m4a/aac, aiff';

/** The compressed format of `bytes` (from its signature), or null when none of ours. @internal */
export function sniffFormat(bytes: Uint8Array): CompressedFormat | null {
  // audio-type reads `bytes.buffer` from its start: a view elsewhere in a buffer (a subarray, a pooled
  // Buffer) passes a copy of its head, through any leading ID3v2 tag (10 bytes + its synchsafe size)
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const id3 = bytes.length >= 10 && bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33;
  const tag = id3 ? 20 + (((bytes[6] & 0x7f) << 21) | ((bytes[7] & 0x7f) << 14) | ((bytes[8] & 0x7f) << 7) | (bytes[9] & 0x7f)) : 0;
  const t = audioType(whole ? bytes : bytes.slice(0, tag + 4096));
  return t !== undefined && t in CODECS ? (t as CompressedFormat) : null;
}

/** Opens a streaming decoder for `format`, importing its package on first use. @internal */
export async function openDecoder(format: CompressedFormat): Promise<StreamDecoder> {
  const spec = CODECS[format];
  const mod = (await spec.load()) as CodecModule;
  const codec = await mod.decoder();
  const fold = spec.upmixes ? { live: true } : null;
  let done = false;
  const free = (): void => {
    if (done) return;
    done = true;
    codec.free?.();
  };
  const dec = (async (chunk?: Uint8Array): Promise<AudioData> => {
    if (chunk) {
      if (done) throw new Error('decoder already freed');
      try {
        return normalise(await codec.decode(chunk), fold);
      } catch (e) {
        free();
        throw e;
      }
    }
    if (done) return EMPTY();
    try {
      return codec.flush ? normalise(await codec.flush(), fold) : EMPTY();
    } finally {
      free();
    }
  }) as StreamDecoder;
  dec.free = free;
  return dec;
}

/**
 * Decodes a whole file of a known format: all the bytes, then the flush. MP3 and plain Ogg/Vorbis
 * go block by block straight from the codec into their output ({@link decodeMp3Whole},
 * {@link decodeVorbisWhole}: the same samples without the per-block arrays and the final join),
 * and with `mix` into their mono mix alone (then `mixed` is set). With `threads` 2, the mono mix
 * of a long MP3 or Ogg/Vorbis file is decoded in two halves at once ({@link decodeInHalves}; the
 * same samples), a decode thread answering within `timeoutMs` or not at all. With `mix`, the mix
 * goes into the array `take` gives, if any (see {@link Float32ArrayProvider}). @internal
 */
// biome-ignore format: one line
export async function decodeAll(format: CompressedFormat, bytes: Uint8Array, mix = false, threads = 1, timeoutMs = 60_000, take?: Float32ArrayProvider): Promise<AudioData> {
  if (format === 'oga' || format === 'mp3') {
    const open = await codecOpener(format);
    const halves = mix && threads > 1 ? await decodeInHalves(format, bytes, open, timeoutMs, take) : null;
    if (halves && halves !== 'later') return halves;
    const limit = Number.POSITIVE_INFINITY;
    const whole = format === 'oga' ? await decodeVorbisWhole(bytes, open, mix, limit, take) : await decodeMp3Whole(bytes, open, mix, limit, take);
    if (halves === 'later') warmDecodeThread(format); // for the next file
    if (whole) return mix ? { ...whole, mixed: true } : whole;
  }
  const input = format === 'm4a' ? boundMp4Tables(bytes) : format === 'aiff' ? boundAiffFrames(bytes) : bytes;
  const dec = await openDecoder(format);
  let head: AudioData;
  try {
    head = await dec(input);
  } catch (e) {
    dec.free();
    throw e;
  }
  return join([head, await dec()]);
}

/**
 * The mono mix of a whole MP3 or Ogg/Vorbis file (at least {@link SPLIT_MIN_SECONDS} long, at most
 * {@link SPLIT_MAX_BYTES} large, of a kind {@link decodeRange} decodes) in two halves at once: the
 * second half on the decode thread ({@link decodeTailInThread}), the first here, each the whole
 * decode's samples, joined (the second half decoded here too where the thread gives no answer).
 * Null where the file is not split (no decode thread runs, a short or very large file, another
 * kind) or a half fails: the caller decodes it whole. `'later'` where the file would be split but
 * the thread has not (yet) loaded the format's codec: the caller decodes it whole, then
 * {@link warmDecodeThread} readies the thread for the next file (a thread starting during this
 * decode would slow it). @internal
 */
export async function decodeInHalves(
  format: 'mp3' | 'oga',
  bytes: Uint8Array,
  open: () => Promise<VorbisStreamDecoder>,
  timeoutMs: number,
  take?: Float32ArrayProvider,
): Promise<AudioData | 'later' | null> {
  if (bytes.length > SPLIT_MAX_BYTES) return null;
  const info = format === 'mp3' ? mp3Length(bytes) : await vorbisLength(bytes, open);
  if (!info || info.length < SPLIT_MIN_SECONDS * info.sampleRate) return null;
  if (!decodeThreadReady(format)) return 'later';
  const half = Math.floor(info.length / 2);
  // the head is decoded straight into the whole output and the tail lands after it: one array of
  // the file's length rather than a half that grows past its end and a join (fresh memory costs
  // a page fault per 4 KiB on first touch, about 15-20 us each on some virtual machines)
  const wholeLength = info.length + 16384; // room for the last decoded block past `half`
  const whole = take?.(wholeLength) ?? new Float32Array(wholeLength);
  const tail = decodeTailInThread(format, bytes, half, timeoutMs, whole); // the thread starts on it now
  const into = (): Float32Array => whole;
  const head = format === 'mp3' ? await decodeMp3Whole(bytes, open, true, half, into) : await decodeVorbisWhole(bytes, open, true, half, into);
  if (!head || head.channelData[0].length !== half) return null;
  const rest = (await tail) ?? (await decodeTail(format, bytes, half));
  if (!rest || rest.sampleRate !== head.sampleRate) return null;
  const n = half + rest.samples.length;
  const y = head.channelData[0].buffer === whole.buffer && n <= whole.length ? whole.subarray(0, n) : new Float32Array(n);
  if (y.buffer !== whole.buffer) y.set(head.channelData[0]);
  if (rest.samples.buffer !== y.buffer || rest.samples.byteOffset !== y.byteOffset + 4 * half) y.set(rest.samples, half);
  return { channelData: [y], sampleRate: head.sampleRate, mixed: true };
}

/** A decoded range of a file: its mono mix and sample rate. @internal */
export interface DecodedRange {
  samples: Float32Array;
  sampleRate: number;
}

/**
 * {@link decodeRange} of samples `start ..` (to the end) as a {@link DecodedRange}, null where it
 * is not decoded on its own or fails: the second half of {@link decodeInHalves}, on the decode
 * thread or, where that gives no answer, here. The mix goes into the array `take` gives, if any.
 * @internal
 */
export async function decodeTail(format: 'mp3' | 'oga', bytes: Uint8Array, start: number, take?: Float32ArrayProvider): Promise<DecodedRange | null> {
  const r = await decodeRange(
    format,
    bytes,
    () => start,
    () => Number.MAX_SAFE_INTEGER,
    take,
  ).catch(() => null);
  return r?.channelData.length === 1 ? { samples: r.channelData[0], sampleRate: r.sampleRate } : null;
}

/**
 * The mono mix of samples `start(sr) .. start(sr) + count(sr) - 1` of a file's decoded output
 * (fewer at its end), decoded without what comes before, the same samples as a whole decode cut
 * there; null where that is not done (every format but stereo MPEG-1 MP3 and plain Ogg/Vorbis,
 * see {@link decodeMp3Range} and {@link decodeVorbisRange}; a range near the start): the caller
 * decodes as before. The mix goes into the array `take` gives, if any. @internal
 */
export async function decodeRange(
  format: CompressedFormat,
  bytes: Uint8Array,
  start: (sampleRate: number) => number,
  count: (sampleRate: number) => number,
  take?: Float32ArrayProvider,
): Promise<AudioData | null> {
  if (format !== 'mp3' && format !== 'oga') return null;
  const open = await codecOpener(format);
  const range =
    format === 'mp3' ? await decodeMp3Range(bytes, open, start, count, undefined, take) : await decodeVorbisRange(bytes, open, start, count, undefined, take);
  return range && { ...range, mixed: true };
}

/**
 * The length in samples per channel of a file's whole decode and its sample rate, read without
 * decoding it (the frame headers of an MP3, the granule positions of an Ogg/Vorbis file), where
 * {@link decodeRange} decodes ranges of it; null elsewhere. @internal
 */
export async function encodedLength(format: CompressedFormat, bytes: Uint8Array): Promise<{ length: number; sampleRate: number } | null> {
  if (format === 'mp3') return mp3Length(bytes);
  if (format !== 'oga') return null;
  return vorbisLength(bytes, await codecOpener('oga'));
}

/** Loads the MP3 or Vorbis package and its codec once (a decode thread's warm-up). @internal */
export async function warmCodec(format: 'mp3' | 'oga'): Promise<void> {
  const dec = await (await codecOpener(format))();
  dec.free();
}

/**
 * `open()` of a fresh decoder of the MP3 or Vorbis package (imported on first use), whose codec
 * the direct paths ({@link decodeMp3Whole}, {@link decodeVorbisWhole} and their range forms) drive.
 */
async function codecOpener(format: 'mp3' | 'oga'): Promise<() => Promise<VorbisStreamDecoder>> {
  const mod = (await CODECS[format].load()) as { decoder(): Promise<VorbisStreamDecoder> };
  return () => mod.decoder();
}

function EMPTY(): AudioData {
  return { channelData: [], sampleRate: 0 };
}

/**
 * A decoder's result as `{ channelData, sampleRate }`: channels cut to `samplesDecoded`, and, for
 * decoders that upmix mono, two identical channels folded into one. The fold is sticky per stream:
 * once the two channels differ the stream is stereo for good.
 */
function normalise(r: AudioResult | undefined, fold: { live: boolean } | null): AudioData {
  let chans = r?.channelData;
  if (!chans?.length || !chans[0]?.length) return EMPTY();
  const n = r?.samplesDecoded;
  if (typeof n === 'number' && n < chans[0].length) chans = chans.map((c) => c.subarray(0, n));
  if (fold?.live && chans.length === 2) {
    const a = chans[0],
      b = chans[1];
    let same = a.length === b.length;
    for (let i = 0; same && i < a.length; i++) same = a[i] === b[i];
    if (same) chans = [a];
    else fold.live = false;
  }
  return { channelData: chans, sampleRate: r?.sampleRate ?? 0 };
}

/**
 * Concatenates decoded parts in order. A part with fewer channels (a mono-folded start of a stream
 * that later turns stereo) is repeated across the channels. @internal
 */
export function join(parts: AudioData[]): AudioData {
  const full = parts.filter((p) => p.channelData.length && p.channelData[0].length);
  if (full.length === 0) return EMPTY();
  if (full.length === 1) return full[0];
  const C = Math.max(...full.map((p) => p.channelData.length));
  const n = full.reduce((a, p) => a + p.channelData[0].length, 0);
  const channelData = Array.from({ length: C }, () => new Float32Array(n));
  let at = 0;
  for (const p of full) {
    for (let c = 0; c < C; c++) channelData[c].set(p.channelData[c % p.channelData.length], at);
    at += p.channelData[0].length;
  }
  return { channelData, sampleRate: full[0].sampleRate };
}
