import { describe, expect, it } from 'vitest';
import { readOggPackets } from '../../src/audio/ogg-packets.js';

/**
 * A minimal Ogg muxer after RFC 3533: the packets are laced into segments (255-byte runs ended by
 * a shorter one, a 0 after an exact multiple of 255) and cut into pages of at most `maxSegments`
 * lacing values, a packet going on across pages with the continuation flag. CRC left at 0.
 */
function mux(packets: Uint8Array[], maxSegments = 255, serial = 7, granules?: number[]): Uint8Array {
  const lacing: { len: number; packet: number; from: number }[] = [];
  packets.forEach((p, k) => {
    let from = 0;
    for (; p.length - from >= 255; from += 255) lacing.push({ len: 255, packet: k, from });
    lacing.push({ len: p.length - from, packet: k, from });
  });
  const pages: Uint8Array[] = [];
  let continued = false;
  for (let s = 0, seq = 0; s < lacing.length; s += maxSegments, seq++) {
    const segs = lacing.slice(s, s + maxSegments);
    const body = segs.reduce((a, x) => a + x.len, 0);
    const page = new Uint8Array(27 + segs.length + body);
    const dv = new DataView(page.buffer);
    page.set([0x4f, 0x67, 0x67, 0x53], 0);
    const last = s + maxSegments >= lacing.length;
    page[5] = (continued ? 1 : 0) | (seq === 0 ? 2 : 0) | (last ? 4 : 0);
    const g = granules?.[seq] ?? seq * 1000;
    dv.setUint32(6, g < 0 ? 0xffffffff : g, true);
    dv.setUint32(10, g < 0 ? 0xffffffff : 0, true);
    dv.setUint32(14, serial, true);
    dv.setUint32(18, seq, true);
    page[26] = segs.length;
    let o = 27 + segs.length;
    segs.forEach((x, i) => {
      page[27 + i] = x.len;
      page.set(packets[x.packet].subarray(x.from, x.from + x.len), o);
      o += x.len;
    });
    continued = segs[segs.length - 1].len === 255;
    pages.push(page);
  }
  const out = new Uint8Array(pages.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of pages) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function packet(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 0xff);
}

describe('readOggPackets', () => {
  it('returns the packets in order, across pages and at exact multiples of 255 bytes', () => {
    const packets = [packet(30, 1), packet(255, 2), packet(0, 3), packet(1000, 4), packet(510, 5), packet(3, 6)];
    for (const maxSegments of [255, 3, 1]) {
      const r = readOggPackets(mux(packets, maxSegments));
      expect(r).not.toBeNull();
      expect(r?.packets.map((p) => Array.from(p))).toEqual(packets.map((p) => Array.from(p)));
      const pages = r?.pages ?? [];
      expect(pages.reduce((a, p) => a + p.packetCount, 0)).toBe(packets.length);
      expect(pages.map((p) => p.last)).toEqual(pages.map((_, k) => k === pages.length - 1));
    }
  });

  it('attributes each packet to the page it completes on, with that page granule and data', () => {
    const packets = [packet(10, 1), packet(600, 2), packet(20, 3)];
    // lacing: 10 | 255 255 90 | 20 -> two segments a page: [10, 255] [255, 90] [20]
    const bytes = mux(packets, 2, 7, [0, -1, 5000]);
    const r = readOggPackets(bytes);
    expect(r?.pages.map((p) => [p.firstPacket, p.packetCount, p.granule])).toEqual([
      [0, 1, 0],
      [1, 1, -1],
      [2, 1, 5000],
    ]);
    const first = r?.pages[0];
    expect(first && Array.from(bytes.subarray(first.start, first.start + first.size))).toEqual([...packets[0], ...packets[1].subarray(0, 255)]);
  });

  it('refuses what the general decoder should read: junk, a second stream, truncation, an open packet', () => {
    const good = mux([packet(40, 1), packet(300, 2)], 1);
    expect(readOggPackets(good)).not.toBeNull();
    const junk = new Uint8Array(good.length + 3);
    junk.set(good.subarray(0, 68)); // the first page: 27 + 1 lacing value + 40 bytes
    junk.set(good.subarray(68), 71); // 3 stray bytes between two pages
    expect(readOggPackets(junk)).toBeNull();
    expect(readOggPackets(good.subarray(0, good.length - 1))).toBeNull(); // truncated page
    const second = mux([packet(40, 1)], 255, 9);
    const chained = new Uint8Array(good.length + second.length);
    chained.set(good);
    chained.set(second, good.length);
    expect(readOggPackets(chained)).toBeNull();
    const open = mux([packet(300, 2)], 1).subarray(0, 27 + 1 + 255); // a page ending in a 255 segment, nothing after
    expect(readOggPackets(open)).toBeNull();
    expect(readOggPackets(new Uint8Array(0))).toBeNull();
  });
});
