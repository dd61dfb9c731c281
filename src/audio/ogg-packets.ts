/**
 * The packets of an Ogg file holding one logical stream, read from its pages as RFC 3533 lays
 * them out: a 27-byte page header (`OggS`, version 0, flags, 64-bit granule position, serial
 * number, sequence number, CRC, segment count), the lacing values, then the segments. A packet is
 * the run of segments up to the first one shorter than 255 bytes, and may span pages.
 * @internal
 * @packageDocumentation
 */

/** One page: where its completed packets lie in {@link OggPackets.packets}, and its granule. */
export interface OggPage {
  /** Index of the first packet that completes on this page. */
  firstPacket: number;
  /** Number of packets that complete on this page. */
  packetCount: number;
  /** The page's absolute granule position; -1 when no packet completes on it (or it is negative). */
  granule: number;
  /** The end-of-stream flag is set. */
  last: boolean;
  /** The page's data: offset of its first byte in the file, and its length in bytes. */
  start: number;
  size: number;
}

/** The packets of a single-stream Ogg file, in order, and its pages. @internal */
export interface OggPackets {
  /** Every packet of the stream, in order (headers included). */
  packets: Uint8Array[];
  /** Every page, in order. */
  pages: OggPage[];
}

const HEADER = 27;

/**
 * Splits `bytes` into packets, or returns null for anything but contiguous pages of a single
 * logical stream ending on a page boundary (a chained or multiplexed file, junk between pages,
 * a truncated page or a packet left open at the end): such files go to the general decoder.
 * Packets inside one page are views of `bytes`; a packet spanning pages is a copy. @internal
 */
export function readOggPackets(bytes: Uint8Array): OggPackets | null {
  const packets: Uint8Array[] = [];
  const pages: OggPage[] = [];
  let serial: number | null = null;
  let open: Uint8Array[] = []; // parts of a packet continued on the next page
  let at = 0;
  while (at < bytes.length) {
    if (at + HEADER > bytes.length || !isPageStart(bytes, at) || bytes[at + 4] !== 0) return null;
    const flags = bytes[at + 5];
    const s = u32(bytes, at + 14);
    if (serial === null) serial = s;
    else if (s !== serial) return null;
    if ((flags & 1) === 0 && open.length) return null; // a fresh packet while one was left open
    if ((flags & 1) !== 0 && !open.length) return null; // a continuation of nothing
    const nSeg = bytes[at + 26];
    let body = at + HEADER + nSeg;
    if (body > bytes.length) return null;
    const lo = u32(bytes, at + 6);
    const hi = u32(bytes, at + 10);
    const granule = hi >= 0x80000000 ? -1 : hi * 2 ** 32 + lo; // -1 (none) or another negative: unknown
    const first = packets.length;
    let start = body;
    for (let k = 0; k < nSeg; k++) {
      const len = bytes[at + HEADER + k];
      body += len;
      if (body > bytes.length) return null;
      if (len === 255) continue;
      const part = bytes.subarray(start, body);
      packets.push(open.length ? concat([...open, part]) : part);
      open = [];
      start = body;
    }
    if (start < body) open.push(bytes.subarray(start, body)); // ends on a 255-byte segment: goes on
    const data = at + HEADER + nSeg;
    pages.push({ firstPacket: first, packetCount: packets.length - first, granule, last: (flags & 4) !== 0, start: data, size: body - data });
    at = body;
  }
  return open.length || pages.length === 0 ? null : { packets, pages };
}

function isPageStart(b: Uint8Array, o: number): boolean {
  return b[o] === 0x4f && b[o + 1] === 0x67 && b[o + 2] === 0x67 && b[o + 3] === 0x53; // 'OggS'
}

function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
