import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRealFft, forwardPowerFrames, forwardSpectrumFrames } from '../../src/dsp/fft.js';
import { heapHannSpectrum } from '../../src/dsp/fft-wasm-heap.js';
import { instantiatePffft, pffftSimdWasmBytes } from '../../src/dsp/fft-wasm.js';
import { hannPowerWasmBytes } from '../../src/dsp/pffft-module.js';
import { getWindow } from '../../src/dsp/windows.js';
import { hannPowerReference } from '../helpers/hann-power-reference.js';
import { compileWat } from '../../scripts/wasm/compile.js';
import { withWasmFft } from '../helpers/shared.js';
import { melFilterbank, sparseFilterbank, type SparseFilterbank } from '../../src/dsp/filters.js';
import { spectrogram } from '../../src/dsp/stft.js';
import { melSpectrogram } from '../../src/features/mel.js';

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

/** One case of the kernels' bit-for-bit tests: a size, a hop, a frame count and the signal (frames from sample 3). */
interface FrameCase {
  n: number;
  half: number;
  bins: number;
  window: Float64Array | Float32Array;
  fft: ReturnType<typeof createRealFft>;
  hop: number;
  nFrames: number;
  y: Float32Array;
  /** Calls `visit` with PFFFT's packed spectrum of each raw (unwindowed) frame t, in order. */
  packedFrames(visit: (t: number, packed: Float32Array) => void): void;
}

/** Runs `test` for every size in `sizes`, hop in `hops` and frame count 1, 16, 17 and 40 (partial kernel blocks). */
function eachFrameCase(sizes: number[], hops: number[], test: (c: FrameCase) => void): void {
  for (const n of sizes) {
    const fft = createRealFft(n, 'wasm');
    const frame = new Float32Array(n);
    const packed = new Float32Array(n);
    for (const hop of hops) {
      for (const nFrames of [1, 16, 17, 40]) {
        const y = signal((nFrames - 1) * hop + n + 13);
        const packedFrames = (visit: (t: number, packed: Float32Array) => void): void => {
          for (let t = 0; t < nFrames; t++) {
            frame.set(y.subarray(3 + t * hop, 3 + t * hop + n));
            fft.forwardPacked!(frame, packed);
            visit(t, packed);
          }
        };
        test({ n, half: n / 2, bins: n / 2 + 1, window: getWindow('hann', n), fft, hop, nFrames, y, packedFrames });
      }
    }
  }
}

describe('the wasm power kernel (src/dsp/hann-power-wasm.ts)', () => {
  it('is the compilation of scripts/wasm/hann-power.wat (else rerun npm run build:kernels)', async () => {
    const compiled = await compileWat(join(root, 'scripts', 'wasm', 'hann-power.wat'));
    expect(Buffer.from(hannPowerWasmBytes()).equals(Buffer.from(compiled))).toBe(true);
  });

  it('links to the embedded PFFFT', () => {
    expect(typeof instantiatePffft(pffftSimdWasmBytes())._mirkit_hann_power_frames).toBe('function');
  });

  it('equals the float64 reference loop bit for bit (power 2 and 1, float32 and float64 signals, aligned and unaligned hops, partial blocks)', async () => {
    await withWasmFft(() => {
      eachFrameCase([32, 96, 480, 2048], [1, 7, 441, 512], ({ n, half, bins, window, fft, hop, nFrames, y, packedFrames }) => {
        for (const power of [1, 2]) {
          // the reference: PFFFT's packed spectrum of each raw frame, windowed and squared in JavaScript
          const expected = new Float32Array(nFrames * bins + 5);
          packedFrames((t, packed) => hannPowerReference(packed, 0, half, power, expected, 5 + t * bins));
          for (const sig of [y, Float64Array.from(y)]) {
            const viaKernel = new Float32Array(nFrames * bins + 5);
            forwardPowerFrames(fft, sig, 3, hop, nFrames, window, power, viaKernel, 5, true);
            let differing = 0;
            for (let i = 0; i < expected.length; i++) if (!Object.is(viaKernel[i], expected[i])) differing++;
            expect(differing, `n ${n} hop ${hop} frames ${nFrames} power ${power} ${sig.constructor.name}`).toBe(0);
          }
          expect(expected[5 + (nFrames - 1) * bins + 1]).toBeGreaterThan(0); // the last frame was written, not left at zero
        }
      });
    });
  });

  it('mode 0 writes the windowed spectrum as heapHannSpectrum computes it, bit for bit (sizes, hops, partial blocks, float64 signals, an offset)', async () => {
    await withWasmFft(() => {
      eachFrameCase([32, 64, 96, 2048], [1, 7, 512], ({ n, half, bins, window, fft, hop, nFrames, y, packedFrames }) => {
        // the reference: PFFFT's packed spectrum of each raw frame, windowed in JavaScript
        const eRe = new Float32Array(nFrames * bins + 5);
        const eIm = new Float32Array(nFrames * bins + 5);
        packedFrames((t, packed) => heapHannSpectrum(packed, 0, half, eRe, eIm, 5 + t * bins));
        for (const sig of [y, Float64Array.from(y)]) {
          const re = new Float32Array(nFrames * bins + 5);
          const im = new Float32Array(nFrames * bins + 5);
          forwardSpectrumFrames(fft, sig, 3, hop, nFrames, window, re, im, 5, true);
          let differing = 0;
          for (let i = 0; i < re.length; i++) if (!Object.is(re[i], eRe[i]) || !Object.is(im[i], eIm[i])) differing++;
          expect(differing, `n ${n} hop ${hop} frames ${nFrames} ${sig.constructor.name}`).toBe(0);
        }
        expect(eRe[5 + (nFrames - 1) * bins + 1]).not.toBe(0); // the last frame was written, not left at zero
      });
    });
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

/** A float32 test signal: a swept tone with spikes, a silent stretch and a little noise (seeded). */
function signalWithSilence(length: number): Float32Array {
  const y = new Float32Array(length);
  let s = 4321;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const silent = i > length / 3 && i < length / 2;
    y[i] = silent ? 0 : Math.sin(i * 0.013 * (1 + i / length)) * (i % 89 === 0 ? 2 : 0.4) + (s / 2 ** 32 - 0.5) * 1e-3;
  }
  return y;
}

/** The definition: band m of frame t is the float64 sum in bin order of weight times power, rounded to float32. */
function projectReference(fb: SparseFilterbank, power: Float32Array, bins: number, nFrames: number): Float32Array {
  const out = new Float32Array(nFrames * fb.rows);
  for (let t = 0; t < nFrames; t++) {
    for (let m = 0; m < fb.rows; m++) {
      let acc = 0;
      for (let i = 0; i < fb.length[m]; i++) acc += fb.weights[fb.offset[m] + i] * power[t * bins + fb.start[m] + i];
      out[t * fb.rows + m] = acc;
    }
  }
  return out;
}

/** How many values differ (Object.is) between a and b, which must have the same length. */
function differing(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) d++;
  return d;
}

describe('the wasm filterbank kernel (sparseBands of scripts/wasm/hann-power.wat)', () => {
  it('links to the embedded PFFFT', () => {
    const mod = instantiatePffft(pffftSimdWasmBytes());
    expect(typeof mod._mirkit_sparse_bands).toBe('function');
  });

  it('equals the float64 projection of the power kernel bit for bit (mel banks with empty filters, 1..40 frames, power 1 and 2, float32 and float64 signals)', async () => {
    await withWasmFft(() => {
      for (const [n, sr, nMels] of [
        [32, 8000, 6],
        [96, 16000, 20],
        [2048, 22050, 128],
      ] as const) {
        const bins = n / 2 + 1;
        const fft = createRealFft(n, 'wasm');
        const window = getWindow('hann', n);
        // with few bins the lowest mel filters are empty: length 0
        const fb = sparseFilterbank(melFilterbank({ sr, nFft: n, nMels }));
        for (const hop of [7, n / 4]) {
          for (const nFrames of [1, 2, 3, 8, 9, 16, 17, 40]) {
            const y = signalWithSilence((nFrames - 1) * hop + n + 5);
            for (const power of [1, 2]) {
              const pw = new Float32Array(nFrames * bins);
              forwardPowerFrames(fft, y, 2, hop, nFrames, window, power, pw, 0, true);
              const expected = projectReference(fb, pw, bins, nFrames);
              for (const sig of [y, Float64Array.from(y)]) {
                const got = new Float32Array(nFrames * fb.rows + 3);
                expect(fft.powerBandsFrames!(sig, 2, hop, nFrames, power, fb, got, 3)).toBe(true);
                expect(differing(got.subarray(3), expected), `n ${n} hop ${hop} frames ${nFrames} power ${power} ${sig.constructor.name}`).toBe(0);
              }
              expect(expected[(nFrames - 1) * fb.rows + fb.rows - 1]).toBeGreaterThan(0); // the last band of the last frame was written
            }
          }
        }
      }
    });
  });

  it('declines other powers and filterbanks of another size, writing nothing', async () => {
    await withWasmFft(() => {
      const fft = createRealFft(64, 'wasm');
      const fb = sparseFilterbank(melFilterbank({ sr: 8000, nFft: 64, nMels: 8 }));
      const other = sparseFilterbank(melFilterbank({ sr: 8000, nFft: 128, nMels: 8 }));
      const out = new Float32Array(8);
      const y = signalWithSilence(64);
      expect(fft.powerBandsFrames!(y, 0, 16, 1, 1.5, fb, out, 0)).toBe(false);
      expect(fft.powerBandsFrames!(y, 0, 16, 1, 2, other, out, 0)).toBe(false);
      expect(out.every((v) => v === 0)).toBe(true);
      expect(createRealFft(64, 'js').powerBandsFrames).toBeUndefined();
    });
  });

  it('makes melSpectrogram equal the filterbank applied to the power spectrogram, bit for bit', () => {
    const y = signalWithSilence(22050 * 2);
    for (const power of [1, 2]) {
      const direct = melSpectrogram(y, { sr: 22050, power, fft: 'wasm' });
      const viaS = melSpectrogram(null, { sr: 22050, S: spectrogram(y, { power, fft: 'wasm' }) });
      expect(differing(direct.data as Float32Array, viaS.data as Float32Array), `power ${power}`).toBe(0);
    }
  });
});
