import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRealFft, forwardPowerFrames } from '../../src/dsp/fft.js';
import { instantiatePffft, pffftSimdWasmBytes } from '../../src/dsp/fft-wasm.js';
import { hannPowerWasmBytes } from '../../src/dsp/pffft-module.js';
import { getWindow } from '../../src/dsp/windows.js';
import { hannPowerReference } from '../helpers/hann-power-reference.js';
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

  it('equals the float64 reference loop bit for bit (power 2 and 1, float32 and float64 signals, aligned and unaligned hops, partial blocks)', () => {
    for (const n of [32, 96, 480, 2048]) {
      const window = getWindow('hann', n);
      const half = n / 2;
      const bins = half + 1;
      const fft = createRealFft(n, 'wasm');
      const frame = new Float32Array(n);
      const packed = new Float32Array(n);
      for (const hop of [1, 7, 441, 512]) {
        for (const nFrames of [1, 16, 17, 40]) {
          const y = signal((nFrames - 1) * hop + n + 13);
          for (const power of [1, 2]) {
            // the reference: PFFFT's packed spectrum of each raw frame, windowed and squared in JavaScript
            const expected = new Float32Array(nFrames * bins + 5);
            for (let t = 0; t < nFrames; t++) {
              frame.set(y.subarray(3 + t * hop, 3 + t * hop + n));
              fft.forwardPacked!(frame, packed);
              hannPowerReference(packed, 0, half, power, expected, 5 + t * bins);
            }
            for (const sig of [y, Float64Array.from(y)]) {
              const viaKernel = new Float32Array(nFrames * bins + 5);
              forwardPowerFrames(fft, sig, 3, hop, nFrames, window, power, viaKernel, 5, true);
              let differing = 0;
              for (let i = 0; i < expected.length; i++) if (!Object.is(viaKernel[i], expected[i])) differing++;
              expect(differing, `n ${n} hop ${hop} frames ${nFrames} power ${power} ${sig.constructor.name}`).toBe(0);
            }
            expect(expected[5 + (nFrames - 1) * bins + 1]).toBeGreaterThan(0); // the last frame was written, not left at zero
          }
        }
      }
    }
  });

  it('other powers take the window on the samples: the same spectrum within float32 rounding', () => {
    const n = 2048;
    const y = signal(n + 3 * 512);
    const fft = createRealFft(n, 'wasm');
    const window = getWindow('hann', n);
    const bins = n / 2 + 1;
    const p2 = new Float32Array(4 * bins);
    const p15 = new Float32Array(4 * bins);
    forwardPowerFrames(fft, y, 0, 512, 4, window, 2, p2, 0, true);
    forwardPowerFrames(fft, y, 0, 512, 4, window, 1.5, p15, 0, true);
    let peak = 0;
    let err = 0;
    for (let i = 0; i < p2.length; i++) {
      const want = Math.pow(p2[i], 0.75);
      peak = Math.max(peak, want);
      err = Math.max(err, Math.abs(p15[i] - want));
    }
    expect(err / peak).toBeLessThan(1e-5);
  });
});
