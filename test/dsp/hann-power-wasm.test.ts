import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRealFft, forwardPowerFrames } from '../../src/dsp/fft.js';
import { instantiatePffft, pffftSimdWasmBytes } from '../../src/dsp/fft-wasm.js';
import { hannPowerWasmBytes } from '../../src/dsp/pffft-module.js';
import { getWindow } from '../../src/dsp/windows.js';
import { compileWat } from '../../scripts/wasm/compile.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A float32 test signal: a swept tone with spikes and a little noise (seeded). */
function signal(length: number): Float32Array {
  const y = new Float32Array(length);
  let s = 12345;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    y[i] = Math.sin(i * 0.01 * (1 + i / length)) * (i % 97 === 0 ? 3 : 0.5) + (s / 2 ** 32 - 0.5) * 1e-3;
  }
  return y;
}

describe('the wasm power kernel (src/dsp/hann-power-wasm.ts)', () => {
  it('is the compilation of scripts/wasm/hann-power.wat (else rerun npm run build:kernels)', async () => {
    const compiled = await compileWat(join(root, 'scripts', 'wasm', 'hann-power.wat'));
    expect(Buffer.from(hannPowerWasmBytes()).equals(Buffer.from(compiled))).toBe(true);
  });

  it('links to the embedded PFFFT', () => {
    expect(typeof instantiatePffft(pffftSimdWasmBytes())._mirkit_hann_power_frames).toBe('function');
  });

  it('equals the JavaScript loops bit for bit (power 2 and 1, aligned and unaligned hops, partial blocks)', () => {
    // a float32 signal takes the kernel; the same values as float64 take the JavaScript frame loop
    for (const n of [32, 96, 480, 2048]) {
      const window = getWindow('hann', n);
      const bins = n / 2 + 1;
      const fft = createRealFft(n, 'wasm');
      for (const hop of [1, 7, 441, 512]) {
        for (const nFrames of [1, 16, 17, 40]) {
          const y = signal((nFrames - 1) * hop + n + 13);
          for (const power of [1, 2]) {
            const viaKernel = new Float32Array(nFrames * bins + 5);
            const viaJs = new Float32Array(nFrames * bins + 5);
            forwardPowerFrames(fft, y, 3, hop, nFrames, window, power, viaKernel, 5, true);
            forwardPowerFrames(fft, Float64Array.from(y), 3, hop, nFrames, window, power, viaJs, 5, true);
            let differing = 0;
            for (let i = 0; i < viaJs.length; i++) if (!Object.is(viaKernel[i], viaJs[i])) differing++;
            expect(differing, `n ${n} hop ${hop} frames ${nFrames} power ${power}`).toBe(0);
            expect(viaKernel[5 + (nFrames - 1) * bins + 1]).toBeGreaterThan(0); // the last frame was written, not left at zero
          }
        }
      }
    }
  });
});
