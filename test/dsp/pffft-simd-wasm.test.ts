import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pffftSimdWasmBytes } from '../../src/dsp/fft-wasm.js';
import { PFFFT_SIMD_WASM_BASE64, PFFFT_SIMD_WASM_BYTES } from '../../src/dsp/pffft-simd-wasm.js';

describe('the embedded PFFFT (src/dsp/pffft-simd-wasm.ts)', () => {
  it("equals the package's dist/simd/pffft.wasm byte for byte (else rerun scripts/embed-pffft.ts)", () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    const pkg = join(root, 'node_modules', '@echogarden', 'pffft-wasm');
    const file = readFileSync(join(pkg, 'dist', 'simd', 'pffft.wasm'));
    const embedded = pffftSimdWasmBytes();
    expect(embedded.length).toBe(file.length);
    expect(PFFFT_SIMD_WASM_BYTES).toBe(file.length);
    expect(Buffer.from(embedded).equals(file)).toBe(true);
    expect(Buffer.from(PFFFT_SIMD_WASM_BASE64, 'base64').equals(file)).toBe(true);
  });
});
