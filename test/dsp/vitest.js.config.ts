/**
 * The fixture tests on the fft.js implementation (every call forced to js):
 * `npx vitest run --config test/dsp/vitest.js.config.ts test/features test/dsp test/stats test/genre/features.test.ts`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    // these test the implementations themselves
    exclude: ['test/dsp/fft.test.ts', 'test/dsp/fft-wasm.test.ts', 'test/dsp/pffft-simd-wasm.test.ts', 'test/dsp/heap-kernels.test.ts', '**/node_modules/**'],
    setupFiles: ['test/dsp/js-fft.setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
