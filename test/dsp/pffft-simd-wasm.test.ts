import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pffftSimdWasmBytes } from '../../src/dsp/fft-wasm.js';
import { inflateRawSync } from 'node:zlib';
import { PFFFT_SIMD_WASM_BYTES, PFFFT_SIMD_WASM_DEFLATE_BASE85 } from '../../src/dsp/pffft-simd-wasm.js';
import { base85ToBytes, bytesToBase85 } from '../../src/base85.js';
import { inflateRaw } from '../../src/dsp/inflate.js';

describe('the embedded PFFFT (src/dsp/pffft-simd-wasm.ts)', () => {
  it("equals the package's dist/simd/pffft.wasm byte for byte (else rerun scripts/embed-pffft.ts)", () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    const pkg = join(root, 'node_modules', '@echogarden', 'pffft-wasm');
    const file = readFileSync(join(pkg, 'dist', 'simd', 'pffft.wasm'));
    const embedded = pffftSimdWasmBytes();
    expect(embedded.length).toBe(file.length);
    expect(PFFFT_SIMD_WASM_BYTES).toBe(file.length);
    expect(Buffer.from(embedded).equals(file)).toBe(true);
    expect(inflateRawSync(Buffer.from(base85ToBytes(PFFFT_SIMD_WASM_DEFLATE_BASE85))).equals(file)).toBe(true);
  });

  it('base-85 round-trips every byte value and length (Z85: 5 characters per 4 bytes, zero padding)', () => {
    expect(bytesToBase85(Uint8Array.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]))).toBe('HelloWorld'); // RFC 32's example
    for (const n of [0, 1, 2, 3, 4, 5, 255, 256, 1001]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 167 + 13) & 255);
      const text = bytesToBase85(bytes);
      expect(text.length).toBe(5 * Math.ceil(n / 4));
      expect(text).not.toMatch(/['\\]/);
      const back = base85ToBytes(text);
      expect(Array.from(back.subarray(0, n))).toEqual(Array.from(bytes));
      expect(back.subarray(n).every((b) => b === 0)).toBe(true);
    }
  });

  it('inflateRaw decodes stored, fixed and dynamic blocks as zlib does, and rejects bad data', async () => {
    const { deflateRawSync } = await import('node:zlib');
    const text = Buffer.from('abracadabra '.repeat(500) + Array.from({ length: 3000 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 90))).join(''));
    for (const [level, strategy] of [
      [0, 0],
      [9, 4],
      [9, 0],
      [1, 0],
    ] as const) {
      const packed = deflateRawSync(text, { level, strategy }); // level 0: stored; strategy 4 (Z_FIXED): fixed codes
      expect(Buffer.from(inflateRaw(packed, text.length)).equals(text), `level ${level} strategy ${strategy}`).toBe(true);
    }
    const packed = deflateRawSync(text, { level: 9 });
    expect(() => inflateRaw(packed, text.length - 1)).toThrow();
    expect(() => inflateRaw(packed.subarray(0, packed.length >> 1), text.length)).toThrow();
  });
});
