/**
 * A whole Ogg/Vorbis file decoded packet by packet straight into two output arrays. The general
 * path (`@audio/decode-vorbis`) parses the pages with a general-purpose container parser, gives
 * each packet's samples a fresh array of their own and joins them at the end: on a 25 s stereo
 * file a quarter of the decode time. Here the pages are split by {@link readOggPackets}, the
 * packets go to the same libvorbis WebAssembly codec in the same order (identification header,
 * setup header, then the audio packets), and each packet's samples are copied from the codec's
 * memory once, into arrays sized from the last page's granule position. The samples are the
 * general path's, bit for bit, cut at the end as it cuts them: the last page keeps at most
 * `granule(last page) - granule(page before)` samples.
 *
 * The codec object is the package's internal one (the same members `@audio/decode-vorbis` itself
 * relies on); when it does not have the expected shape, or the file is anything but one plain
 * mono or stereo Vorbis stream, {@link decodeVorbisWhole} returns null and the general path decodes.
 * @internal
 * @packageDocumentation
 */
import { readOggPackets, type OggPackets } from './ogg-packets.js';
import { PcmSink } from './pcm-sink.js';
import type { Float32ArrayProvider } from '../util/spare-buffer.js';

/** A pointer cell of the codec: a view of one or more words in its memory. */
interface Cell {
  buf: Uint32Array | Int32Array;
}

/** The members of the package's internal Vorbis codec used here. @internal */
export interface VorbisCodec {
  sendSetupHeader(data: Uint8Array): void;
  initDsp(): void;
  _decoder: number;
  _input: { buf: Uint8Array };
  _inputLen: Cell;
  _samplesDecoded: Cell;
  _outputBufferPtr: Cell;
  _channels: Cell;
  _sampleRate: Cell;
  _errorsLength: Cell;
  _common: { wasm: { decode_packets(decoder: number): unknown; HEAP: ArrayBuffer } };
}

/** What `decoder()` of `@audio/decode-vorbis` resolves to (its codec in `_decoder`). */
export interface VorbisStreamDecoder {
  _decoder?: unknown;
  free(): void;
}

/** True when `c` has the members of {@link VorbisCodec}. @internal */
export function isCodec(c: unknown): c is VorbisCodec {
  const k = c as VorbisCodec | undefined;
  const cell = (x: Cell | undefined): boolean => x?.buf instanceof Uint32Array || x?.buf instanceof Int32Array;
  return (
    typeof k?.sendSetupHeader === 'function' &&
    typeof k.initDsp === 'function' &&
    typeof k._decoder === 'number' &&
    k._input?.buf instanceof Uint8Array &&
    cell(k._inputLen) &&
    cell(k._samplesDecoded) &&
    cell(k._outputBufferPtr) &&
    cell(k._channels) &&
    cell(k._sampleRate) &&
    cell(k._errorsLength) &&
    typeof k._common?.wasm?.decode_packets === 'function' &&
    k._common.wasm.HEAP instanceof ArrayBuffer
  );
}

/**
 * A codec given the stream's setup headers: `feed(packet)` decodes one audio packet and returns
 * its samples' count (-1 when the packet does not fit the codec's input buffer); `block(channels,
 * from, n)` views samples `from .. from + n - 1` of each channel of the last packet's output in
 * the codec's memory (valid until the next `feed`). @internal
 */
export interface VorbisFeeder {
  readonly codec: VorbisCodec;
  feed(packet: Uint8Array): number;
  block(channels: number, from: number, n: number): Float32Array[];
}

/** Sends the identification and setup headers (`packets[0]`, `packets[2]`) and readies the codec. @internal */
export function feedHeaders(codec: VorbisCodec, packets: Uint8Array[]): VorbisFeeder {
  codec.sendSetupHeader(packets[0]);
  codec.sendSetupHeader(packets[2]);
  codec.initDsp();
  const wasm = codec._common.wasm;
  return {
    codec,
    feed(p) {
      if (p.length > codec._input.buf.length) return -1;
      codec._input.buf.set(p);
      codec._inputLen.buf[0] = p.length;
      wasm.decode_packets(codec._decoder);
      codec._errorsLength.buf[0] = 0; // decode errors are dropped, as on the general path
      return codec._samplesDecoded.buf[0];
    },
    block(channels, from, n) {
      const ptrs = new Uint32Array(wasm.HEAP, codec._outputBufferPtr.buf[0], channels);
      return Array.from(ptrs, (ptr) => new Float32Array(wasm.HEAP, ptr + 4 * from, n));
    },
  };
}

/** The first three packets are Vorbis' identification (1), comment (3) and setup (5) headers. */
function isHeader(p: Uint8Array, type: number): boolean {
  return p.length > 7 && p[0] === type && String.fromCharCode(p[1], p[2], p[3], p[4], p[5], p[6]) === 'vorbis';
}

/**
 * Whether the stream is one the general path reads exactly as this one does: the identification
 * header alone on the first page, comment and setup next, no page's data starting with byte 1
 * before the audio starts (the general path would take it for a header), audio packets non-empty
 * with the audio-packet bit clear, and the end-of-stream flag on the last page only.
 * @internal
 */
export function plainStream(bytes: Uint8Array, { packets, pages }: OggPackets): boolean {
  if (packets.length < 4 || pages[0].packetCount !== 1 || packets[0].length !== pages[0].size) return false;
  if (!isHeader(packets[0], 1) || !isHeader(packets[1], 3) || !isHeader(packets[2], 5)) return false;
  for (let i = 3; i < packets.length; i++) if (packets[i].length === 0 || (packets[i][0] & 1) !== 0) return false;
  for (let k = 1; k < pages.length; k++) {
    const p = pages[k];
    if (p.last && k !== pages.length - 1) return false;
    if (p.firstPacket + p.packetCount <= 3 && p.size > 0 && bytes[p.start] === 1) return false;
  }
  return true;
}

/**
 * Decodes a whole Ogg/Vorbis file (mono or stereo) with the codec of `open()`'s decoder, which is
 * freed before returning: its channels, or with `mix` only their mono mix (see {@link PcmSink});
 * null when the codec or the file is not one this path handles (or, with `mix`, a mean is out of
 * bound), for the general path to decode. With `limit`, only the first `limit` samples of that
 * output (no packet is fed once they are out). With `mix`, the mix goes into the array `take`
 * gives, if any (see {@link Float32ArrayProvider}).
 * @internal
 */
export async function decodeVorbisWhole(
  bytes: Uint8Array,
  open: () => Promise<VorbisStreamDecoder>,
  mix = false,
  limit = Number.POSITIVE_INFINITY,
  take?: Float32ArrayProvider,
): Promise<{ channelData: Float32Array[]; sampleRate: number } | null> {
  const parsed = readOggPackets(bytes);
  if (!parsed || !plainStream(bytes, parsed)) return null;
  const { packets, pages } = parsed;
  const dec = await open();
  try {
    const codec = dec._decoder;
    if (!isCodec(codec)) return null;
    const fed = feedHeaders(codec, packets);
    const capacity = Math.min(Math.max(pages[pages.length - 1].granule, 0) + 8192, limit);
    const sink = new PcmSink(mix, capacity, mix ? take?.(capacity) : undefined);
    let keep = -1; // samples to keep, once the last page's packets are reached
    for (let k = 0; k < pages.length && sink.length < limit; k++) {
      const page = pages[k];
      // the general path's end cut: the last page's packets keep at most granule - previous granule
      let room = Number.POSITIVE_INFINITY;
      if (page.last && page.packetCount > 0) {
        const before = pages[k - 1]?.granule ?? -1;
        if (page.granule < 0 || before < 0) return null;
        room = page.granule - before;
        keep = sink.length;
      }
      for (let i = Math.max(page.firstPacket, 3); i < page.firstPacket + page.packetCount && sink.length < limit; i++) {
        const n = fed.feed(packets[i]);
        if (n < 0) return null;
        const C = codec._channels.buf[0];
        if (C > 2) return null;
        if (keep >= 0) {
          keep += room < n ? Math.max(room, 0) : n;
          room -= n;
        }
        if (!sink.push(fed.block(C, 0, n), n)) return null;
      }
    }
    const channelData = sink.result(Math.min(keep >= 0 ? keep : sink.length, limit));
    return channelData.length && channelData[0].length ? { channelData, sampleRate: codec._sampleRate.buf[0] } : null;
  } finally {
    dec.free();
  }
}
