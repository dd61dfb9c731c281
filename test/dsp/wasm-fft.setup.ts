/**
 * Vitest setup file of the wasm run (test/dsp/vitest.wasm.config.ts): `fft: 'auto'`, the default
 * of every function, must be PFFFT-wasm SIMD here, so that run never silently tests js.
 */
import { beforeAll } from 'vitest';
import { resolveFft } from '../../src/dsp/fft.js';

beforeAll(() => {
  if (resolveFft('auto') !== 'wasm-simd') throw new Error(`wasm-fft.setup: fft 'auto' is ${resolveFft('auto')}, not wasm-simd`);
});
