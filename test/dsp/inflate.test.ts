import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateRaw } from '../../src/dsp/inflate.js';
import { pffftSimdWasmBytes } from '../../src/dsp/fft-wasm.js';

function pseudoRandom(n: number, seed: number, alphabet: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = (s >>> 16) % alphabet;
  }
  return out;
}

describe('inflateRaw (RFC 1951) against zlib', () => {
  it('stored, fixed and dynamic blocks give back the exact bytes', () => {
    const cases: [Uint8Array, number][] = [
      [pseudoRandom(70_000, 1, 256), 0], // level 0: stored blocks
      [new TextEncoder().encode('abcabcabcabc hello hello hello'), 9], // short: fixed Huffman
      [pseudoRandom(100_000, 2, 7), 9], // dynamic Huffman, long matches
      [pseudoRandom(50_000, 3, 256), 6],
      [new Uint8Array(40_000), 9], // runs (distance 1, length 258)
      [new Uint8Array(0), 9],
    ];
    for (const [data, level] of cases) {
      const z = new Uint8Array(deflateRawSync(data, { level }));
      expect(Buffer.from(inflateRaw(z, data.length)).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('the embedded PFFFT module inflates to a wasm binary (magic and version)', () => {
    const wasm = pffftSimdWasmBytes();
    expect(Array.from(wasm.subarray(0, 8))).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  });

  it('rejects data that does not inflate to the stated length', () => {
    const z = new Uint8Array(deflateRawSync(new Uint8Array(100), { level: 9 }));
    expect(() => inflateRaw(z, 99)).toThrow();
  });
});
