/**
 * The fixture tests on the PFFFT-wasm SIMD FFT backend:
 * `npx vitest run --config test/dsp/vitest.wasm.config.ts test/features test/dsp test/stats test/genre/features.test.ts`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/dsp/wasm-fft.setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
