/**
 * Vitest setup file that runs a test suite on the PFFFT-wasm SIMD FFT backend (the fixture tests
 * default to the js backend): `npx vitest run --config test/dsp/vitest.wasm.config.ts test/features ...`.
 * Fails loudly where the wasm backend cannot load, so a wasm run never silently tests js.
 */
import { beforeAll } from 'vitest';
import { fftBackend, useWasmFft } from '../../src/dsp/fft.js';

beforeAll(async () => {
  if (!(await useWasmFft({ simd: true }))) throw new Error('wasm-fft.setup: the PFFFT-wasm SIMD backend did not load');
  if (fftBackend() !== 'wasm-simd') throw new Error(`wasm-fft.setup: backend is ${fftBackend()}`);
});
