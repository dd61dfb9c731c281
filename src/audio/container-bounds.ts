/**
 * Sanitisers of container headers whose decoder trusts declared counts: a copy of an MP4 / M4A
 * file with its sample tables cut to what their boxes hold, and of an AIFF-C file with its IMA4 /
 * GSM frame count cut to what its bytes hold, so that a corrupt count costs no more than the file.
 * @internal
 * @packageDocumentation
 */
import { fourCC, u32be } from './bytes.js';

const w32 = (b: Uint8Array, o: number, v: number): void => {
  for (let k = 0; k < 4; k++) b[o + k] = (v >>> (24 - 8 * k)) & 255;
};

/** Boxes @audio/decode-mp4 walks into (`meta` past its 4-byte version, `moof` for fragments). */
const MP4_CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'udta', 'edts', 'sinf', 'wave', 'mvex', 'traf', 'meta', 'moof']);

/**
 * An MP4 file whose sample tables fit their boxes: @audio/decode-mp4 sizes its arrays by each
 * table's declared entry count and loops over it (reading past the box), so one corrupt count
 * (stsz, stco, co64, stsc, stts, elst, trun: up to 2^32 - 1) is an `Array(count)`, gigabytes and
 * minutes of work from a small file. Counts are cut to the entries the box holds (a fixed-size
 * stsz, a trun without per-sample fields: to the samples the file's bytes can hold), in a copy,
 * the boxes walked as that package walks them; an intact file is returned as it is. @internal
 */
export function boundMp4Tables(bytes: Uint8Array): Uint8Array {
  let out = bytes;
  const cut = (at: number, n: number): void => {
    if (u32be(out, at) <= n) return;
    if (out === bytes) out = bytes.slice();
    w32(out, at, n);
  };
  const walk = (start: number, end: number): void => {
    let off = start;
    while (off < end - 8) {
      let size = u32be(bytes, off);
      const type = fourCC(bytes, off + 4);
      if (size === 0) size = end - off;
      else if (size === 1 && off + 16 <= end) {
        size = u32be(bytes, off + 12); // the package reads the low half of a 64-bit size only
        if (size < 16) break;
      } else if (size < 8) break;
      if (type === 'mdat') {
        off += size;
        continue;
      }
      if (off + size > end) return; // a box past its parent's end is not read
      const body = off + 8;
      const len = size - 8;
      const full = (per: number, head = 8): number => Math.max(0, Math.floor((len - head) / per));
      if (type === 'stsd') walkStsd(body, off + size);
      else if (MP4_CONTAINERS.has(type)) walk(type === 'meta' ? body + 4 : body, off + size);
      else if (len >= 8) {
        if (type === 'stsz' && len >= 12) cut(body + 8, u32be(bytes, body + 4) ? Math.ceil(bytes.length / u32be(bytes, body + 4)) : full(4, 12));
        else if (type === 'stco' || type === 'stts') cut(body + 4, full(type === 'stco' ? 4 : 8));
        else if (type === 'co64') cut(body + 4, full(8));
        else if (type === 'stsc') cut(body + 4, full(12));
        else if (type === 'elst') cut(body + 4, full(bytes[body] === 1 ? 20 : 12));
        else if (type === 'trun') {
          const flags = (bytes[body + 1] << 16) | (bytes[body + 2] << 8) | bytes[body + 3];
          const per = 4 * (((flags >> 8) & 1) + ((flags >> 9) & 1) + ((flags >> 10) & 1) + ((flags >> 11) & 1));
          const head = 8 + (flags & 1 ? 4 : 0) + (flags & 4 ? 4 : 0);
          cut(body + 4, per ? full(per, head) : bytes.length);
        }
      }
      off += size;
    }
  };
  // QuickTime sound sample descriptions: v0 36-byte header, v1 52, v2 its own; their child boxes are walked too
  const walkStsd = (body: number, end: number): void => {
    const n = u32be(bytes, body + 4);
    let pos = body + 8;
    for (let i = 0; i < n && pos + 16 <= end; i++) {
      const size = u32be(bytes, pos);
      if (size < 16) break;
      const ver = (bytes[pos + 16] << 8) | bytes[pos + 17];
      const head = ver === 2 ? u32be(bytes, pos + 36) || 72 : ver === 1 ? 52 : 36;
      if (size > head) walk(pos + head, pos + size);
      pos += size;
    }
  };
  walk(0, bytes.length);
  return out;
}

/**
 * An AIFF-C file whose IMA4 or GSM frame count fits its bytes: @audio/decode-aiff allocates the
 * declared count's output up front (IMA4: 64 samples per block and channel, GSM 6.10: 160 per
 * frame), so a corrupt COMM (up to 2^32 - 1 blocks) is gigabytes, or a decode of silence
 * thousands of times the file's length. The count is cut to the blocks (34 bytes per channel) or
 * frames (33 bytes) the file can hold, in a copy, the chunks walked as that package walks them
 * (the compression type of an earlier COMM holding where a later one names none). @internal
 */
export function boundAiffFrames(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 12 || fourCC(bytes, 0) !== 'FORM') return bytes;
  const aifc = fourCC(bytes, 8) === 'AIFC';
  let out = bytes;
  let comp = 'NONE';
  const end = Math.min(8 + u32be(bytes, 4), bytes.length);
  for (let pos = 12; pos + 8 <= end; ) {
    const size = u32be(bytes, pos + 4);
    const data = pos + 8;
    if (fourCC(bytes, pos) === 'COMM' && data + 18 <= bytes.length) {
      if (aifc && size >= 22 && data + 22 <= bytes.length) comp = fourCC(bytes, data + 18);
      const channels = Math.max(1, (bytes[data] << 8) | bytes[data + 1]);
      const max = comp === 'ima4' ? Math.floor(bytes.length / (34 * channels)) : comp === 'GSM ' || comp === 'gsm ' ? Math.floor(bytes.length / 33) : Infinity;
      if (u32be(bytes, data + 2) > max) {
        if (out === bytes) out = bytes.slice();
        w32(out, data + 2, max);
      }
    }
    pos = data + size + (size & 1);
  }
  return out;
}
