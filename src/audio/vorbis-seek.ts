/**
 * A range of an Ogg/Vorbis file's mono mix decoded without decoding what comes before it. Vorbis
 * packets decode independently of each other; a packet's samples are the overlap of its window
 * with the previous packet's, so a decoder fed from packet `j` puts out nothing for `j` and then
 * exactly the samples of the whole-stream decode. Where those samples sit is known at page ends:
 * a page's granule position is the number of samples put out through its last packet. The
 * codec is fed from the last packet of a page {@link VORBIS_WARM_UP_PAGES} pages before the one
 * holding the first wanted sample, the samples before it are dropped, and the end is cut where {@link decodeVorbisWhole}
 * cuts it (at the last page's granule position).
 *
 * The granule positions are trusted only after a check: the first audio page, decoded from the
 * start, must put out exactly its granule position in samples (a stream that starts at a nonzero
 * granule, as a cut one may, is left to the whole-file path).
 * @internal
 * @packageDocumentation
 */
import { readOggPackets, type OggPage } from './ogg-packets.js';
import { PcmSink } from './pcm-sink.js';
import type { Float32ArrayProvider } from '../util/spare-buffer.js';
import { feedHeaders, isCodec, plainStream, type VorbisCodec, type VorbisStreamDecoder } from './vorbis-whole.js';

/**
 * Pages between the start page and the page holding the first wanted sample: 1 is exact on the
 * fixtures (one packet of warm-up is all a Vorbis decoder needs), 2 leave a margin.
 */
export const VORBIS_WARM_UP_PAGES = 2;

/** Channels (1 or 2) and sample rate from the identification header, or null for other streams. */
function identification(id: Uint8Array): { channels: number; sampleRate: number } | null {
  if (id.length < 16 || id[11] < 1 || id[11] > 2) return null;
  return { channels: id[11], sampleRate: (id[12] | (id[13] << 8) | (id[14] << 16) | (id[15] << 24)) >>> 0 };
}

/** The index of the last page before `page` on which a packet completes, or -1. */
function pageBefore(pages: OggPage[], page: number): number {
  for (let k = page - 1; k >= 0; k--) if (pages[k].packetCount > 0) return k;
  return -1;
}

/** The check of the granule positions: the first audio page, decoded from the start, puts out its granule position. */
function granulesCount(codec: VorbisCodec, packets: Uint8Array[], pages: OggPage[]): boolean {
  const c = feedHeaders(codec, packets);
  const head = pages.find((p) => p.firstPacket + p.packetCount > 3);
  if (!head) return false;
  let out = 0;
  for (let i = 3; i < head.firstPacket + head.packetCount; i++) {
    const n = c.feed(packets[i]);
    if (n < 0) return false;
    out += n;
  }
  return out === head.granule;
}

/**
 * The length in samples per channel of a plain Ogg/Vorbis file's whole decode (its last page's
 * granule position, which {@link decodeVorbisWhole} cuts at), and its sample rate, found by
 * decoding the first audio page alone (the check of {@link decodeVorbisRange}); null where
 * {@link decodeVorbisRange} would be null for every range.
 * @internal
 */
export async function vorbisLength(bytes: Uint8Array, open: () => Promise<VorbisStreamDecoder>): Promise<{ length: number; sampleRate: number } | null> {
  const parsed = readOggPackets(bytes);
  if (!parsed || !plainStream(bytes, parsed)) return null;
  const { packets, pages } = parsed;
  const id = identification(packets[0]);
  const last = pages[pages.length - 1];
  if (!id || !last.last || last.packetCount === 0 || last.granule <= 0) return null;
  const dec = await open();
  try {
    if (!isCodec(dec._decoder) || !granulesCount(dec._decoder, packets, pages)) return null;
  } finally {
    dec.free();
  }
  return { length: last.granule, sampleRate: id.sampleRate };
}

/**
 * The mono mix of samples `start .. start + count - 1` of an Ogg/Vorbis file's decoded output
 * (fewer at its end), as {@link PcmSink} mixes and checks it; null when the file is not a plain
 * mono or stereo stream ending on an end-of-stream page, its granule positions fail the check, the
 * range starts in the first pages or at or past the end, or a sample is out of bound: the caller
 * then decodes as before. The mix goes into the array `take` gives, if any (see {@link Float32ArrayProvider}).
 * @internal
 */
export async function decodeVorbisRange(
  bytes: Uint8Array,
  open: () => Promise<VorbisStreamDecoder>,
  start: (sampleRate: number) => number,
  count: (sampleRate: number) => number,
  warmUpPages = VORBIS_WARM_UP_PAGES,
  take?: Float32ArrayProvider,
): Promise<{ channelData: Float32Array[]; sampleRate: number } | null> {
  const parsed = readOggPackets(bytes);
  if (!parsed || !plainStream(bytes, parsed)) return null;
  const { packets, pages } = parsed;
  const id = identification(packets[0]);
  if (!id) return null;
  const { channels, sampleRate } = id;
  const last = pages[pages.length - 1];
  const lastBefore = pageBefore(pages, pages.length - 1);
  if (!last.last || last.packetCount === 0 || last.granule < 0 || lastBefore < 0 || pages[lastBefore].granule < 0) return null;
  const first = start(sampleRate);
  const end = Math.min(last.granule, first + count(sampleRate));
  if (first >= end) return null;
  // the page holding sample `first` (the first whose granule passes it), then `warmUpPages` back
  let at = pages.findIndex((p) => p.packetCount > 0 && p.granule > first);
  for (let i = 0; i < warmUpPages && at >= 0; i++) at = pageBefore(pages, at);
  const from = at >= 0 ? pages[at] : null;
  const firstAudio = pages.findIndex((p) => p.firstPacket + p.packetCount > 3);
  if (!from || at <= firstAudio || from.granule < 0 || from.granule > first) return null;

  const decs: VorbisStreamDecoder[] = [];
  try {
    const check = await open();
    decs.push(check);
    const main = await open();
    decs.push(main);
    if (!isCodec(check._decoder) || !isCodec(main._decoder) || !granulesCount(check._decoder, packets, pages)) return null;

    const d = feedHeaders(main._decoder, packets);
    const sink = new PcmSink(true, end - first, take?.(end - first));
    let raw = from.granule; // position of the next sample out, after the start packet
    const j = from.firstPacket + from.packetCount - 1;
    if (d.feed(packets[j]) !== 0) return null; // a fresh decoder puts out nothing for its first packet
    for (let i = j + 1; i < packets.length && raw < end; i++) {
      const n = d.feed(packets[i]);
      if (n < 0 || d.codec._channels.buf[0] !== channels) return null;
      const lo = Math.max(0, first - raw);
      const hi = Math.min(n, end - raw);
      if (hi > lo) {
        if (!sink.push(d.block(channels, lo, hi - lo), hi - lo)) return null;
      }
      raw += n;
    }
    const channelData = sink.result();
    return channelData.length && channelData[0].length ? { channelData, sampleRate } : null;
  } finally {
    for (const dec of decs) dec.free();
  }
}
