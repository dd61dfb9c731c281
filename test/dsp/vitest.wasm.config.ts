/**
 * The fixture tests on the PFFFT-wasm SIMD FFT (the default, `fft: 'auto'`; the setup file checks it):
 * `npx vitest run --config test/dsp/vitest.wasm.config.ts test/features test/dsp test/stats test/genre/features.test.ts`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    // these two test the backends themselves (js as the default, bit-exact js plans)
    exclude: ['test/dsp/fft.test.ts', 'test/dsp/fft-wasm.test.ts', 'test/dsp/pffft-simd-wasm.test.ts', '**/node_modules/**'],
    setupFiles: ['test/dsp/wasm-fft.setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
