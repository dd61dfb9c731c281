/**
 * Vitest setup file of the js run (test/dsp/vitest.js.config.ts): replaces the FFT provider's
 * `resolveFft`/`createRealFft`/`runsOnPffft` for the test process only so that every call, whatever its `fft`
 * option, runs on fft.js. The fixture tests then check their tolerances on the js
 * implementation too. (The library itself has no such switch.)
 */
import { vi } from 'vitest';

(globalThis as { mirkitTestFftForcedJs?: boolean }).mirkitTestFftForcedJs = true; // withWasmFft blocks skip

vi.mock('../../src/dsp/fft.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/dsp/fft.js')>();
  return {
    ...real,
    resolveFft: (fft?: string) => (real.resolveFft(fft as never), 'js' as const),
    createRealFft: (n: number, fft?: string) => (real.resolveFft(fft as never), real.createJsRealFft(n)),
    fftBackend: () => 'js' as const,
    runsOnPffft: (n: number, fft?: string) => (real.resolveFft(fft as never), false),
  };
});
