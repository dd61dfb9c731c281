/**
 * A small synchronous decoder of raw DEFLATE data (RFC 1951: stored, fixed-Huffman and
 * dynamic-Huffman blocks), written from the RFC, for data mirkit embeds compressed (the PFFFT
 * WebAssembly module: 38.7 KB of wasm, 17.6 KB deflated). Canonical Huffman codes are decoded
 * bit by bit (count/symbol tables), which is ample for tens of kilobytes.
 * @internal
 * @packageDocumentation
 */

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** Order in which the code-length code lengths are stored. */
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code: how many codes of each length, and the symbols in code order. */
interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
}

function huffman(lengths: ArrayLike<number>): Huffman {
  const count = new Uint16Array(16);
  for (let s = 0; s < lengths.length; s++) count[lengths[s]]++;
  count[0] = 0;
  const offset = new Uint16Array(16);
  for (let len = 1; len < 16; len++) offset[len] = offset[len - 1] + count[len - 1];
  const symbol = new Uint16Array(lengths.length);
  for (let s = 0; s < lengths.length; s++) if (lengths[s]) symbol[offset[lengths[s]]++] = s;
  return { count, symbol };
}

/**
 * Inflates raw DEFLATE `data` whose output is `outLength` bytes long.
 * @throws Error on malformed data (a mirkit bug: only embedded, tested data is inflated)
 * @internal
 */
export function inflateRaw(data: Uint8Array, outLength: number): Uint8Array {
  const out = new Uint8Array(outLength);
  let bitPos = 0;
  let o = 0;
  const bits = (n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++, bitPos++) v |= ((data[bitPos >> 3] >> (bitPos & 7)) & 1) << i;
    return v;
  };
  const decode = (h: Huffman): number => {
    let code = 0, first = 0, index = 0;
    for (let len = 1; len < 16; len++) {
      code |= bits(1);
      const c = h.count[len];
      if (code - c < first) return h.symbol[index + (code - first)];
      index += c;
      first = (first + c) << 1;
      code <<= 1;
    }
    throw new Error('inflate: bad Huffman code');
  };
  let last = 0;
  while (!last) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      bitPos = (bitPos + 7) & ~7;
      const at = bitPos >> 3;
      const len = data[at] | (data[at + 1] << 8);
      out.set(data.subarray(at + 4, at + 4 + len), o);
      o += len;
      bitPos = (at + 4 + len) << 3;
      continue;
    }
    let lit: Huffman, dist: Huffman;
    if (type === 1) {
      const l = new Uint8Array(288);
      l.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
      lit = huffman(l);
      dist = huffman(new Uint8Array(30).fill(5));
    } else if (type === 2) {
      const nLit = bits(5) + 257, nDist = bits(5) + 1, nCl = bits(4) + 4;
      const cl = new Uint8Array(19);
      for (let i = 0; i < nCl; i++) cl[CL_ORDER[i]] = bits(3);
      const clCode = huffman(cl);
      const lengths = new Uint8Array(nLit + nDist);
      for (let i = 0; i < nLit + nDist; ) {
        const sym = decode(clCode);
        if (sym < 16) lengths[i++] = sym;
        else {
          const [value, repeat] = sym === 16 ? [lengths[i - 1], 3 + bits(2)] : sym === 17 ? [0, 3 + bits(3)] : [0, 11 + bits(7)];
          lengths.fill(value, i, i + repeat);
          i += repeat;
        }
      }
      lit = huffman(lengths.subarray(0, nLit));
      dist = huffman(lengths.subarray(nLit));
    } else throw new Error('inflate: bad block type');
    for (;;) {
      const sym = decode(lit);
      if (sym < 256) out[o++] = sym;
      else if (sym === 256) break;
      else {
        const k = sym - 257;
        const len = LENGTH_BASE[k] + bits(LENGTH_EXTRA[k]);
        const d = decode(dist);
        const back = DIST_BASE[d] + bits(DIST_EXTRA[d]);
        for (let i = 0; i < len; i++, o++) out[o] = out[o - back];
      }
    }
  }
  if (o !== outLength) throw new Error(`inflate: ${o} bytes out, expected ${outLength}`);
  return out;
}
