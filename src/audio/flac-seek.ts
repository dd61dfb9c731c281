/**
 * A range of a FLAC stream decoded from a frame at or before its start rather than from the first
 * frame. FLAC frames decode independently of each other, so a decoder fed from frame `f` puts out
 * exactly the samples of the whole-stream decode from there on; in a fixed-block-size stream frame
 * `f` starts at sample `f * blockSize` (its header carries `f`, UTF-8 coded). The frame is found
 * from the STREAMINFO and SEEKTABLE metadata and by scanning for frame headers (sync code, CRC-8)
 * near where it should lie; a header is taken only where the frame behind it ends, as the
 * decoder's parser ends it (the first later header after which the CRC-16 is 0), at the header of
 * the next frame. The 16-bit rescale ({@link rescaleFlac}) depends on the start of the stream: it
 * is decided on the first frames, decoded too. Streams of variable block size, of unknown length,
 * without a verified frame near the start, or whose decoder reports another rate give null: the
 * caller decodes from the start as before.
 * @internal
 * @packageDocumentation
 */
import type { AudioData, StreamDecoder } from './decoders.js';
import { fourCC, u32be } from './bytes.js';
import { decodeChunks, FLAC_CHECK_SAMPLES, flacScaleCheck, rescaleFlacSamples } from './decode-prefix.js';

/** What the frame search reads of a FLAC stream's metadata blocks. @internal */
export interface FlacStreamInfo {
  sampleRate: number;
  /** Samples per channel in the stream (0: unknown). */
  total: number;
  /** Samples per frame, every frame but the last; 0 where the block size varies. */
  blockSize: number;
  /** Largest frame in bytes (0: unknown). */
  maxFrameSize: number;
  /** Byte offset of the first frame (just past the metadata). */
  firstFrame: number;
  /** SEEKTABLE points (placeholders left out): a frame's first sample and its offset from `firstFrame`. */
  seekPoints: { sample: number; offset: number }[];
}

/** A frame header: the frame number (fixed block size) and the samples of the frame. */
interface FrameHeader {
  number: number;
  blockSize: number;
}

/** A frame start whose frame was verified ({@link frameNumberAt}). */
interface FrameAt {
  pos: number;
  number: number;
}

/** The metadata of a stream starting with `fLaC` and STREAMINFO, or null. @internal */
export function readFlacMetadata(b: Uint8Array): FlacStreamInfo | null {
  if (b.length < 42 || fourCC(b, 0) !== 'fLaC' || (b[4] & 0x7f) !== 0) return null;
  if (((b[5] << 16) | (b[6] << 8) | b[7]) < 34) return null;
  const minBlock = (b[8] << 8) | b[9];
  const maxBlock = (b[10] << 8) | b[11];
  const seekPoints: { sample: number; offset: number }[] = [];
  let o = 4;
  for (;;) {
    if (o + 4 > b.length) return null;
    const last = b[o] & 0x80;
    const type = b[o] & 0x7f;
    const body = o + 4;
    o = body + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
    if (o > b.length) return null;
    // 18-byte points: first sample (u64, all ones for a placeholder), byte offset (u64), samples (u16)
    if (type === 3) {
      for (let p = body; p + 18 <= o; p += 18) {
        const hi = u32be(b, p);
        const offHi = u32be(b, p + 8);
        if (hi >= 1 << 20 || offHi >= 1 << 20) continue; // a placeholder, or beyond any file read here
        seekPoints.push({ sample: hi * 2 ** 32 + u32be(b, p + 4), offset: offHi * 2 ** 32 + u32be(b, p + 12) });
      }
    }
    if (last) break;
  }
  return {
    sampleRate: (b[18] << 12) | (b[19] << 4) | (b[20] >> 4),
    total: (b[21] & 15) * 2 ** 32 + u32be(b, 22),
    blockSize: minBlock === maxBlock && minBlock >= 16 ? minBlock : 0,
    maxFrameSize: (b[15] << 16) | (b[16] << 8) | b[17],
    firstFrame: o,
    seekPoints,
  };
}

const CRC8 = Uint8Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
  return c;
});
const CRC16 = Uint16Array.from({ length: 256 }, (_, i) => {
  let c = i << 8;
  for (let k = 0; k < 8; k++) c = c & 0x8000 ? (c << 1) ^ 0x8005 : c << 1;
  return c & 0xffff;
});

/**
 * The header of a fixed-block-size frame at `p` (sync 0xFFF8, valid codes, UTF-8 frame number,
 * CRC-8), or null.
 */
function frameHeader(b: Uint8Array, p: number): FrameHeader | null {
  if (p + 6 > b.length || b[p] !== 0xff || b[p + 1] !== 0xf8) return null;
  const bs = b[p + 2] >> 4;
  const sr = b[p + 2] & 15;
  if (bs === 0 || sr === 15 || b[p + 3] >> 4 > 10 || (b[p + 3] & 1) !== 0 || ((b[p + 3] >> 1) & 7) === 3) return null;
  const c = b[p + 4];
  // a frame number has at most 31 bits: 1 to 6 bytes
  const extra = c < 0x80 ? 0 : c < 0xc0 ? -1 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : c < 0xf8 ? 3 : c < 0xfc ? 4 : c < 0xfe ? 5 : -1;
  if (extra < 0) return null;
  let number = extra === 0 ? c : c & (0x3f >> extra);
  let q = p + 5;
  for (let i = 0; i < extra; i++, q++) {
    if (q >= b.length || (b[q] & 0xc0) !== 0x80) return null;
    number = number * 64 + (b[q] & 0x3f);
  }
  let blockSize: number;
  if (bs === 6) blockSize = b[q++] + 1;
  else if (bs === 7) {
    blockSize = ((b[q] << 8) | b[q + 1]) + 1;
    q += 2;
  } else blockSize = bs === 1 ? 192 : bs <= 5 ? 576 << (bs - 2) : 256 << (bs - 8);
  q += sr === 12 ? 1 : sr === 13 || sr === 14 ? 2 : 0;
  return crc8Matches(b, p, q) ? { number, blockSize } : null;
}

/** A header as the decoder's parser (@audio/decode-flac) accepts one where it splits frames. */
function parserHeader(b: Uint8Array, p: number): boolean {
  if (p + 5 > b.length || b[p] !== 0xff || (b[p + 1] & 0xfe) !== 0xf8) return false;
  const bs = b[p + 2] >> 4;
  const sr = b[p + 2] & 15;
  if (!bs || sr === 15 || b[p + 3] >> 4 > 10 || b[p + 3] & 1) return false;
  const c = b[p + 4];
  const n = c < 128 ? 0 : c < 224 ? 1 : c < 240 ? 2 : c < 248 ? 3 : c < 252 ? 4 : c < 254 ? 5 : 6;
  const q = p + 5 + n + (bs === 6 ? 1 : bs === 7 ? 2 : 0) + (sr === 12 ? 1 : sr === 13 || sr === 14 ? 2 : 0);
  return crc8Matches(b, p, q);
}

/** Whether the header `b[p .. q)` is followed by its CRC-8 at `b[q]`. */
function crc8Matches(b: Uint8Array, p: number, q: number): boolean {
  if (q >= b.length) return false;
  let crc = 0;
  for (let i = p; i < q; i++) crc = CRC8[crc ^ b[i]];
  return crc === b[q];
}

/**
 * The number of the frame starting at `p`, or -1 unless its header is valid, its block size is the
 * stream's (the last frame's: the rest of `total`), and the frame ends where the decoder's parser
 * ends it (the first parser header past `p + 3` with the CRC-16 of the bytes before at 0), at the
 * header of the next frame, or, for the last frame, at the end of the data; searched for at most
 * `limit` bytes.
 */
function frameNumberAt(b: Uint8Array, p: number, info: FlacStreamInfo, limit: number): number {
  const h = frameHeader(b, p);
  const B = info.blockSize;
  if (!h || h.number * B >= info.total) return -1;
  const last = (h.number + 1) * B >= info.total;
  if (h.blockSize !== (last ? info.total - h.number * B : B)) return -1;
  const end = Math.min(b.length, p + limit);
  let crc = 0;
  for (let s = p; s < end; s++) {
    if (s > p + 3 && crc === 0 && b[s] === 0xff && (b[s + 1] & 0xfe) === 0xf8 && parserHeader(b, s)) {
      return frameHeader(b, s)?.number === h.number + 1 ? h.number : -1;
    }
    crc = CRC16[(crc >> 8) ^ b[s]] ^ ((crc << 8) & 0xffff);
  }
  return last && end === b.length && crc === 0 ? h.number : -1;
}

/** The first verified frame ({@link frameNumberAt}) starting in `[from, from + span)`, or null. */
function frameFrom(b: Uint8Array, from: number, span: number, info: FlacStreamInfo, limit: number): FrameAt | null {
  const end = Math.min(b.length - 1, from + span);
  for (let p = from; p < end; p++) {
    if (b[p] !== 0xff || b[p + 1] !== 0xf8) continue;
    const number = frameNumberAt(b, p, info, limit);
    if (number >= 0) return { pos: p, number };
  }
  return null;
}

/**
 * A verified frame at or before frame `k`, as near it as found: from the nearest SEEKTABLE point
 * at or before it (else the first frame), then by scanning from where frame `k` should lie,
 * interpolating by bytes, further back where that lands past it. Null where not even the
 * starting frame verifies. @internal
 */
export function findFlacFrame(b: Uint8Array, info: FlacStreamInfo, k: number): FrameAt | null {
  const B = info.blockSize;
  const limit = (info.maxFrameSize > 0 ? info.maxFrameSize : 1 << 20) + 64;
  const points = info.seekPoints.filter((s) => s.sample % B === 0 && s.sample / B <= k).sort((x, y) => y.sample - x.sample);
  let lo: FrameAt | null = null;
  for (const s of [...points.slice(0, 4), { sample: 0, offset: 0 }]) {
    const pos = info.firstFrame + s.offset;
    if (pos < b.length && frameNumberAt(b, pos, info, limit) === s.sample / B) {
      lo = { pos, number: s.sample / B };
      break;
    }
  }
  if (!lo) return null;
  const frames = Math.ceil(info.total / B);
  let back = 2; // frames before the estimate of frame k
  for (let tries = 0; tries < 32 && k - lo.number > 1; tries++) {
    const perFrame = (b.length - lo.pos) / Math.max(1, frames - lo.number);
    const from = Math.max(lo.pos + 1, Math.floor(lo.pos + (k - lo.number - back) * perFrame));
    const r = frameFrom(b, from, 4 * limit, info, limit);
    if (r && r.number <= k && r.number > lo.number) {
      lo = r;
      back = 2;
    } else if (from === lo.pos + 1) break;
    else back *= 2;
  }
  return lo;
}

/** Bytes fed at a time to the decode of the first frames: a few thousand samples usually decide the rescale. */
const HEAD_CHUNK = 1 << 13;

/**
 * Whether {@link rescaleFlac} rescales a decode of the stream from its start (that is at least the
 * frames before `to`), decided on channel 0 of the frames before `to` (decoded until it is
 * decided): null where those frames hold too few nonzero samples in channel 0 to decide.
 */
async function rescales(open: () => Promise<StreamDecoder>, b: Uint8Array, bits: number, to: number): Promise<boolean | null> {
  let seen = 0;
  let checked = 0; // parts checked
  const decided = (parts: AudioData[]): boolean => {
    seen = flacScaleCheck(
      bits,
      parts.slice(checked).map((p) => p.channelData[0]),
      seen,
    );
    checked = parts.length;
    return seen < 0 || seen >= FLAC_CHECK_SAMPLES;
  };
  await decodeChunks(open, b, 0, to, decided, HEAD_CHUNK);
  return seen < 0 ? false : seen >= FLAC_CHECK_SAMPLES ? true : null;
}

/**
 * Samples `start(sr) .. start(sr) + count(sr) - 1` of every channel of a FLAC stream's decoded
 * output (fewer at its end), rescaled as {@link rescaleFlac} rescales the decode from the start
 * for `bits` (4..16; 0: not rescaled), decoded from a frame at or before the start
 * ({@link findFlacFrame}): the same samples as the decode from the start, cut there. Null where
 * that is not done (a stream this module does not read, a start in the first two frames or at or
 * past the end of the stream, a count of 0, a rescale not decided on the first frames, a decode
 * that gives another sample rate or ends before the start): the caller decodes from the start.
 * @internal
 */
export async function decodeFlacRange(
  bytes: Uint8Array,
  bits: number,
  start: (sampleRate: number) => number,
  count: (sampleRate: number) => number,
  open: () => Promise<StreamDecoder>,
): Promise<AudioData | null> {
  const info = readFlacMetadata(bytes);
  if (!info?.blockSize || !info.total || !info.sampleRate) return null;
  const s = start(info.sampleRate);
  const want = count(info.sampleRate);
  if (s >= info.total || want <= 0) return null;
  const at = findFlacFrame(bytes, info, Math.floor(s / info.blockSize));
  if (!at || at.number < 1) return null;
  const rescale = bits ? await rescales(open, bytes, bits, at.pos) : false;
  if (rescale === null) return null;
  const skip = s - at.number * info.blockSize;
  const need = skip + want;
  const out = await decodeChunks(open, bytes, at.pos, bytes.length, (_, n) => n >= need);
  const n = out.channelData.length ? out.channelData[0].length : 0;
  if (out.sampleRate !== info.sampleRate || n <= skip) return null;
  const channelData = out.channelData.map((c) => c.slice(skip, Math.min(n, skip + want)));
  if (rescale) rescaleFlacSamples(bits, channelData);
  return { channelData, sampleRate: out.sampleRate };
}
