/**
 * The frame layout of an MP3 file, read from its frame headers without decoding: where each MPEG
 * audio frame starts, how far back into earlier frames its main data reaches (the bit reservoir),
 * and which samples the decoder's gapless mode cuts at the start and the end (from a Xing/Info
 * frame's frame count and the encoder delay and padding of its LAME extension), so that a range of
 * the decoded output can be mapped to the frames that hold it.
 *
 * Only the plain case is described: MPEG-1 or MPEG-2 Layer III at one sample rate and one channel
 * mode throughout, no CRC, no free-format frames. Anything else gives null, and the caller decodes
 * the whole file as before.
 * @internal
 * @packageDocumentation
 */
import { fourCC, u32be } from './bytes.js';

/** Bit rates in kbit/s of Layer III by index (1..14): MPEG-1, then MPEG-2 (LSF). */
const KBPS_MPEG1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const KBPS_MPEG2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
/** Sample rates in Hz by index (0..2): MPEG-1, then MPEG-2. */
const RATES_MPEG1 = [44100, 48000, 32000];
const RATES_MPEG2 = [22050, 24000, 16000];
/** The decoder delay of the reference decoder, added to the encoder delay by the gapless cut. */
const DECODER_DELAY = 529;

/** One Layer III frame header, as far as the layout needs it. @internal */
export interface Mp3FrameHeader {
  /** MPEG-1 (true) or MPEG-2 (false). */
  mpeg1: boolean;
  sampleRate: number;
  /** Channel mode 3 (single channel). */
  mono: boolean;
  /** Frame length in bytes, header included. */
  size: number;
}

/**
 * Parses the 4-byte header at `at` as a Layer III frame header of the plain kind (MPEG-1 or 2,
 * no CRC, a bit rate index 1..14, a valid sample rate); null for anything else.
 * @internal
 */
export function parseMp3Header(b: Uint8Array, at: number): Mp3FrameHeader | null {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1] & 0xe0) !== 0xe0) return null;
  const version = (b[at + 1] >> 3) & 3; // 3: MPEG-1, 2: MPEG-2 (0, MPEG-2.5, and 1 are left out)
  const layer = (b[at + 1] >> 1) & 3; // 1: Layer III
  const noCrc = b[at + 1] & 1;
  const rateIndex = (b[at + 2] >> 2) & 3;
  const brIndex = b[at + 2] >> 4;
  if ((version !== 3 && version !== 2) || layer !== 1 || !noCrc || rateIndex === 3 || brIndex === 0 || brIndex === 15) return null;
  const mpeg1 = version === 3;
  const sampleRate = (mpeg1 ? RATES_MPEG1 : RATES_MPEG2)[rateIndex];
  const kbps = (mpeg1 ? KBPS_MPEG1 : KBPS_MPEG2)[brIndex];
  const padding = (b[at + 2] >> 1) & 1;
  const size = Math.floor(((mpeg1 ? 144_000 : 72_000) * kbps) / sampleRate) + padding;
  return { mpeg1, sampleRate, mono: b[at + 3] >> 6 === 3, size };
}

/** Length in bytes of a Layer III side information block. */
function sideInfoBytes(h: Mp3FrameHeader): number {
  return h.mpeg1 ? (h.mono ? 17 : 32) : h.mono ? 9 : 17;
}

/** The frames of an MP3 file and the gapless cut of its decoded output. @internal */
export interface Mp3Layout {
  sampleRate: number;
  /** MPEG-1 (true) or MPEG-2 (false). */
  mpeg1: boolean;
  /** Single-channel mode. */
  mono: boolean;
  /** Samples per frame and channel (1152 for MPEG-1, 576 for MPEG-2). */
  samplesPerFrame: number;
  /** Byte offset of each audio frame (the Xing/Info frame is not one of them). */
  offsets: number[];
  /** Each audio frame's main_data_begin: how many bytes before its own main data its data begins. */
  reservoir: number[];
  /** Each audio frame's main data area (frame bytes after the header and side information). */
  payload: number[];
  /** Decoded samples the gapless mode drops at the start (encoder delay + 529, or 0). */
  begin: number;
  /** Decoded samples after which the gapless mode stops (counted from the first frame), or null. */
  end: number | null;
}

/** Length of an ID3v2 tag at `at` (header and footer included), or 0. */
function id3v2Length(b: Uint8Array, at: number): number {
  if (at + 10 > b.length || b[at] !== 0x49 || b[at + 1] !== 0x44 || b[at + 2] !== 0x33) return 0;
  const size = (b[at + 6] << 21) | (b[at + 7] << 14) | (b[at + 8] << 7) | b[at + 9];
  if ((b[at + 6] | b[at + 7] | b[at + 8] | b[at + 9]) & 0x80) return 0;
  return 10 + size + (b[at + 5] & 0x10 ? 10 : 0);
}

/** True when the bytes from `at` to the end are a trailing tag (ID3v1, APEv2, Lyrics3) or under 4 bytes. */
function trailingTag(b: Uint8Array, at: number): boolean {
  if (b.length - at < 4) return true;
  const word = (n: number): string => String.fromCharCode(...b.subarray(at, at + n));
  return word(3) === 'TAG' || word(8) === 'APETAGEX' || word(11) === 'LYRICSBEGIN';
}

/**
 * The gapless cut of a first frame that is a Xing/Info frame, read as the decoder reads it (the
 * tag right after the side information, all zero before it); undefined when the frame is not
 * one, null when it is one of a kind not handled here (no frame count, or no LAME extension).
 */
function gaplessCut(b: Uint8Array, at: number, h: Mp3FrameHeader): { begin: number; end: number; frames: number } | null | undefined {
  const side = sideInfoBytes(h);
  const tag = at + 4 + side;
  if (tag + 8 > at + h.size) return undefined;
  for (let i = at + 4 + 2; i < tag; i++) if (b[i] !== 0) return undefined;
  const name = fourCC(b, tag);
  if (name !== 'Xing' && name !== 'Info') return undefined;
  const u32 = (p: number): number => u32be(b, p);
  const flags = u32(tag + 4);
  if (!(flags & 1)) return null;
  let p = tag + 8;
  const frames = u32(p);
  p += 4;
  if (flags & 2) p += 4;
  if (flags & 4) p += 100;
  if (flags & 8) p += 4;
  // the extension: 9 bytes of encoder name, then 12 more; delay and padding are 12 bits each
  if (p + 24 > at + h.size || b[p] === 0 || frames === 0 || frames > 0x7fffffff) return null;
  const delay = (b[p + 21] << 4) | (b[p + 22] >> 4);
  const padding = ((b[p + 22] << 8) | b[p + 23]) & 0xfff;
  const spf = h.mpeg1 ? 1152 : 576;
  return { begin: delay + DECODER_DELAY, end: frames * spf - padding + DECODER_DELAY, frames };
}

/**
 * Walks the frame headers of an MP3 file (after any ID3v2 tags) to its end or a trailing tag;
 * null when a header does not parse, the stream changes its sample rate, version or channel mode,
 * the first frame is a Xing/Info frame of a kind not handled (see the module comment) or counts
 * fewer frames than follow it.
 * @internal
 */
export function mp3Layout(b: Uint8Array): Mp3Layout | null {
  let at = 0;
  for (let n = id3v2Length(b, at); n > 0; n = id3v2Length(b, at)) at += n;
  const first = parseMp3Header(b, at);
  if (!first) return null;
  const spf = first.mpeg1 ? 1152 : 576;
  let begin = 0;
  let end: number | null = null;
  const cut = gaplessCut(b, at, first);
  if (cut === null) return null;
  if (cut) {
    ({ begin, end } = cut);
    at += first.size;
  }
  const offsets: number[] = [];
  const reservoir: number[] = [];
  const payload: number[] = [];
  const side = sideInfoBytes(first);
  let cutShort = false;
  while (at + 4 <= b.length) {
    const h = parseMp3Header(b, at);
    if (!h || h.mpeg1 !== first.mpeg1 || h.sampleRate !== first.sampleRate || h.mono !== first.mono) break;
    if (at + h.size > b.length) {
      cutShort = true;
      break;
    }
    offsets.push(at);
    reservoir.push(first.mpeg1 ? (b[at + 4] << 1) | (b[at + 5] >> 7) : b[at + 4]);
    payload.push(h.size - 4 - side);
    at += h.size;
  }
  // a frame cut short by the end of the file is decoded by neither path; anything else is unusual
  if (!offsets.length || !(cutShort || trailingTag(b, at))) return null;
  // more frames than the Info frame counts: the decoder gives up its cut at the end somewhere
  // past the counted ones (a joined stream), which is not modelled here
  if (cut && offsets.length > cut.frames) return null;
  return { sampleRate: first.sampleRate, mpeg1: first.mpeg1, mono: first.mono, samplesPerFrame: spf, offsets, reservoir, payload, begin, end };
}

/**
 * Frame indices where feeding may start: multiples of this. mpg123's polyphase synthesis rotates
 * its window offset by one of 16 positions per 32 output samples (36 per MPEG-1 frame), and the
 * order in which it sums (so the last bit of a sample) depends on that position: a decode of a
 * stereo MPEG-1 stream started at frame `from` agrees with the whole-stream decode exactly when
 * `from` is a multiple of 4 (found by trying every start from 40 frames before the target on).
 */
export const MP3_START_ALIGNMENT = 4;

/**
 * The first frame to feed the decoder so that frame `k` (and every later one) decodes exactly as
 * in a decode of the whole stream: the frame whose main data holds the first byte that frame
 * `k - 1` reads (its IMDCT overlap and synthesis history carry into frame `k`), `margin` frames
 * earlier still, rounded down to a multiple of {@link MP3_START_ALIGNMENT}. 0 means the start
 * of the stream.
 * @internal
 */
export function warmUpFrame(layout: Mp3Layout, k: number, margin: number): number {
  const prev = k - 1;
  if (prev <= 0) return 0;
  let back = layout.reservoir[prev];
  let j = prev;
  while (back > 0 && j > 0) {
    j--;
    back -= layout.payload[j];
  }
  return Math.max(0, Math.floor((j - margin) / MP3_START_ALIGNMENT) * MP3_START_ALIGNMENT);
}
