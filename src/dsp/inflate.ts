/**
 * A small raw-DEFLATE decoder (RFC 1951: stored, fixed and dynamic Huffman blocks), synchronous
 * and dependency-free, for the embedded PFFFT binary (`./pffft-simd-wasm.ts` holds it deflated,
 * half the size). Canonical Huffman codes are decoded bit by bit, which is plenty for tens of
 * kilobytes decoded once. Throws on malformed input. @internal
 */

/** A canonical Huffman code: how many codes of each length (1..15), and the symbols in code order. */
interface Huffman {
  counts: Uint16Array;
  symbols: Uint16Array;
}

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CLEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** The canonical code of the given code lengths (0 = unused symbol). */
function huffman(lengths: ArrayLike<number>): Huffman {
  const counts = new Uint16Array(16);
  for (let i = 0; i < lengths.length; i++) counts[lengths[i]]++;
  counts[0] = 0;
  const offsets = new Uint16Array(16);
  for (let len = 1; len < 16; len++) offsets[len] = offsets[len - 1] + counts[len - 1];
  const symbols = new Uint16Array(lengths.length);
  for (let i = 0; i < lengths.length; i++) if (lengths[i]) symbols[offsets[lengths[i]]++] = i;
  return { counts, symbols };
}

/**
 * Decodes raw DEFLATE `data` into exactly `size` bytes.
 *
 * @throws Error on malformed data or a size mismatch
 */
export function inflateRaw(data: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let o = 0;
  let pos = 0;
  let bitBuf = 0;
  let bitCnt = 0;
  const bits = (n: number): number => {
    while (bitCnt < n) {
      if (pos >= data.length) throw new Error('inflate: unexpected end of data');
      bitBuf |= data[pos++] << bitCnt;
      bitCnt += 8;
    }
    const v = bitBuf & ((1 << n) - 1);
    bitBuf >>>= n;
    bitCnt -= n;
    return v;
  };
  const decode = (h: Huffman): number => {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      if (bitCnt === 0) {
        if (pos >= data.length) throw new Error('inflate: unexpected end of data');
        bitBuf = data[pos++];
        bitCnt = 8;
      }
      code |= bitBuf & 1; // one bit, inline (the hot loop)
      bitBuf >>>= 1;
      bitCnt--;
      const count = h.counts[len];
      if (code - first < count) return h.symbols[index + code - first];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Error('inflate: bad Huffman code');
  };
  let last = 0;
  while (!last) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      bitBuf = 0;
      bitCnt = 0; // to the byte boundary
      if (pos + 4 > data.length) throw new Error('inflate: truncated stored block');
      const len = data[pos] | (data[pos + 1] << 8);
      pos += 4;
      if (pos + len > data.length || o + len > size) throw new Error('inflate: stored block overruns');
      out.set(data.subarray(pos, pos + len), o);
      pos += len;
      o += len;
      continue;
    }
    let lit: Huffman;
    let dist: Huffman;
    if (type === 1) {
      const l = new Uint8Array(288);
      l.fill(8, 0, 144);
      l.fill(9, 144, 256);
      l.fill(7, 256, 280);
      l.fill(8, 280, 288);
      lit = huffman(l);
      dist = huffman(new Uint8Array(30).fill(5));
    } else if (type === 2) {
      const nLit = bits(5) + 257;
      const nDist = bits(5) + 1;
      const nClen = bits(4) + 4;
      const clen = new Uint8Array(19);
      for (let i = 0; i < nClen; i++) clen[CLEN_ORDER[i]] = bits(3);
      const clenCode = huffman(clen);
      const lengths = new Uint8Array(nLit + nDist);
      for (let i = 0; i < nLit + nDist; ) {
        const sym = decode(clenCode);
        if (sym < 16) lengths[i++] = sym;
        else {
          const [fill, repeat] = sym === 16 ? [i > 0 ? lengths[i - 1] : -1, 3 + bits(2)] : sym === 17 ? [0, 3 + bits(3)] : [0, 11 + bits(7)];
          if (fill < 0 || i + repeat > lengths.length) throw new Error('inflate: bad code lengths');
          lengths.fill(fill, i, i + repeat);
          i += repeat;
        }
      }
      lit = huffman(lengths.subarray(0, nLit));
      dist = huffman(lengths.subarray(nLit));
    } else throw new Error('inflate: bad block type');
    for (;;) {
      const sym = decode(lit);
      if (sym < 256) {
        if (o >= size) throw new Error('inflate: output overrun');
        out[o++] = sym;
      } else if (sym === 256) break;
      else {
        const li = sym - 257;
        if (li >= 29) throw new Error('inflate: bad length code');
        const len = LENGTH_BASE[li] + bits(LENGTH_EXTRA[li]);
        const di = decode(dist);
        if (di >= 30) throw new Error('inflate: bad distance code');
        const d = DIST_BASE[di] + bits(DIST_EXTRA[di]);
        if (d > o || o + len > size) throw new Error('inflate: bad back-reference');
        for (let k = 0; k < len; k++, o++) out[o] = out[o - d];
      }
    }
  }
  if (o !== size) throw new Error(`inflate: ${o} bytes decoded, ${size} expected`);
  return out;
}
