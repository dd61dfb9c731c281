import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRealFft } from '../../src/dsp/fft.js';
import { autocorrelationKernel, rhythmWasmBytes } from '../../src/dsp/rhythm-kernel.js';
import { getWindow } from '../../src/dsp/windows.js';
import { compileWat } from '../../scripts/wasm/compile.js';
import { withWasmFft } from '../helpers/shared.js';
import { plp } from '../../src/features/plp.js';
import { meanTempogram } from '../../src/features/mean-tempogram.js';
import { fourierTempogram, fourierTempogramFrames, fourierTempogramMagnitude } from '../../src/features/fourier-tempogram.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A float64 envelope-like test signal: spikes on a slow swell, a silent stretch, a little noise (seeded). */
function envelope(length: number): Float64Array {
  const y = new Float64Array(length);
  let s = 777;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const silent = i > length / 3 && i < length / 2;
    y[i] = silent ? 0 : (i % 23 === 0 ? 4 : 0.3) * (1 + Math.sin(i * 0.05)) + (s / 2 ** 32) * 0.2;
  }
  return y;
}

/**
 * The definition on the packed float32 transforms: frame t windowed into float32, PFFFT forward, packed
 * power (float64 sums rounded to float32), PFFFT inverse, lags / n in float64, divided by their largest
 * magnitude (when `maxNorm` and it is not tiny).
 */
function reference(padded: Float64Array, win: Float64Array, winLength: number, n: number, t: number, maxNorm: boolean): Float64Array {
  const fft = createRealFft(n, 'wasm');
  const frame = new Float32Array(n);
  const spec = new Float32Array(n);
  const power = new Float32Array(n);
  const lags = new Float32Array(n);
  for (let j = 0; j < winLength; j++) frame[j] = padded[t + j] * win[j];
  fft.forwardPacked!(frame, spec);
  power[0] = spec[0] * spec[0];
  power[1] = spec[1] * spec[1];
  for (let k = 2; k < n; k += 2) power[k] = spec[k] * spec[k] + spec[k + 1] * spec[k + 1];
  fft.inversePacked!(power, lags);
  // n times the autocorrelation, times 1 / max |lags| (the max norm: (lags / n) / (max / n)) or 1 / n
  const ac = new Float64Array(winLength);
  let largest = 0;
  for (let j = 0; j < winLength; j++) largest = Math.max(largest, Math.abs(lags[j]));
  const s = maxNorm && largest / n >= 2.2250738585072014e-308 ? 1 / largest : 1 / n;
  for (let j = 0; j < winLength; j++) ac[j] = lags[j] * s;
  return ac;
}

describe('the wasm rhythm kernel (src/dsp/rhythm-wasm.ts)', () => {
  it('is the compilation of scripts/wasm/rhythm.wat (else rerun npm run build:kernels)', async () => {
    const compiled = await compileWat(join(root, 'scripts', 'wasm', 'rhythm.wat'));
    expect(Buffer.from(rhythmWasmBytes()).equals(Buffer.from(compiled))).toBe(true);
  });

  it("is not offered for fft: 'js' or sizes PFFFT does not handle", () => {
    expect(autocorrelationKernel(768, 384, 'js')).toBeUndefined();
    expect(autocorrelationKernel(1000, 384, 'auto')).toBeUndefined();
    expect(autocorrelationKernel(768, 400, 'auto')).toBeUndefined(); // too short for 400 lags without wrap
  });

  it('equals the packed float32 definition bit for bit (odd and even lags, max norm and none, float32 and float64 out, partial blocks)', async () => {
    await withWasmFft(() => {
      for (const [winLength, n, nFrames] of [
        [384, 768, 300],
        [101, 256, 40],
        [16, 32, 257],
        [1, 32, 9],
        [2, 32, 5],
        [5, 32, 33],
      ]) {
        const win = getWindow('hann', winLength);
        const padded = envelope(nFrames - 1 + winLength);
        const kernel = autocorrelationKernel(n, winLength, 'wasm')!;
        expect(kernel).toBeDefined();
        for (const maxNorm of [true, false]) {
          const lagMajor = new Float32Array(winLength * nFrames);
          kernel.lagMajor(padded, win, nFrames, maxNorm, lagMajor);
          const wide = new Float64Array(winLength * nFrames);
          const seen = new Set<number>();
          kernel.eachFrame(padded, win, nFrames, maxNorm, (t, ac) => {
            seen.add(t);
            wide.set(ac, t * winLength);
          });
          expect(seen.size).toBe(nFrames);
          let differ32 = 0;
          let differ64 = 0;
          let silent = 0;
          for (let t = 0; t < nFrames; t++) {
            const want = reference(padded, win, winLength, n, t, maxNorm);
            if (want[0] === 0) silent++;
            for (let l = 0; l < winLength; l++) {
              if (!Object.is(lagMajor[l * nFrames + t], Math.fround(want[l]))) differ32++;
              if (!Object.is(wide[t * winLength + l], want[l])) differ64++;
            }
          }
          const label = `winLength ${winLength} n ${n} maxNorm ${maxNorm}`;
          expect(differ32, label).toBe(0);
          expect(differ64, label).toBe(0);
          expect(silent, label).toBeLessThan(nFrames); // not all zeros
          if (maxNorm) expect(lagMajor[0]).toBe(1); // lag 0 is the largest: normalised to 1
        }
      }
    });
  });

  it("slides the Fourier tempogram's DFT as the JavaScript loop does, bit for bit (even and odd windows, past resynchronisations, complex and magnitude)", async () => {
    await withWasmFft(() => {
      for (const [winLength, length] of [
        [384, 2500],
        [101, 1300],
        [8, 600],
      ]) {
        const env = Float32Array.from(envelope(length));
        const js = fourierTempogram(null, { onsetEnvelope: env, winLength, fft: 'js' });
        const wasm = fourierTempogram(null, { onsetEnvelope: env, winLength, fft: 'wasm' });
        const magJs = fourierTempogramMagnitude(null, { onsetEnvelope: env, winLength, fft: 'js' });
        const magWasm = fourierTempogramMagnitude(null, { onsetEnvelope: env, winLength, fft: 'wasm' });
        expect([wasm.rows, wasm.cols]).toEqual([js.rows, js.cols]);
        const label = `winLength ${winLength}, ${js.cols} frames`;
        expect(Buffer.from(wasm.re.buffer).equals(Buffer.from(js.re.buffer)), label).toBe(true);
        expect(Buffer.from(wasm.im.buffer).equals(Buffer.from(js.im.buffer)), label).toBe(true);
        expect(Buffer.from(magWasm.data.buffer).equals(Buffer.from(magJs.data.buffer)), label).toBe(true);
        expect(magJs.data.some((v) => v > 0)).toBe(true);
      }
    });
  });

  it('gives the frame-major planes and magnitudes (for plp) equal to the bin-major ones, on both paths', async () => {
    await withWasmFft(() => {
      const env = Float32Array.from(envelope(1500));
      for (const fft of ['js', 'wasm'] as const) {
        const F = fourierTempogram(null, { onsetEnvelope: env, winLength: 96, fft });
        const M = fourierTempogramMagnitude(null, { onsetEnvelope: env, winLength: 96, fft });
        const G = fourierTempogramFrames(null, { onsetEnvelope: env, winLength: 96, fft });
        expect([G.rows, G.cols]).toEqual([F.rows, F.cols]);
        let differing = 0;
        for (let k = 0; k < F.rows; k++) {
          for (let t = 0; t < F.cols; t++) {
            const a = k * F.cols + t;
            const b = t * F.rows + k;
            if (!Object.is(F.re[a], G.re[b]) || !Object.is(F.im[a], G.im[b]) || !Object.is(M.data[a], G.mag[b])) differing++;
          }
        }
        expect(differing, fft).toBe(0);
      }
    });
  });

  it("sums plp's pulse in wasm as the JavaScript loop does, bit for bit (with and without a prior, short and long windows)", async () => {
    await withWasmFft(() => {
      const env = Float32Array.from(envelope(1800));
      for (const opts of [{}, { prior: (bpm: number) => -Math.abs(bpm - 100) / 40 }, { winLength: 64, tempoMin: 60 }]) {
        const js = plp(null, { onsetEnvelope: env, ...opts, fft: 'js' });
        const wasm = plp(null, { onsetEnvelope: env, ...opts, fft: 'wasm' });
        expect(Buffer.from(wasm.buffer).equals(Buffer.from(js.buffer)), JSON.stringify(Object.keys(opts))).toBe(true);
        expect(Math.max(...js)).toBe(1); // a pulse normalised to 1, not zeros
      }
    });
  });

  it("sweeps tempo's mean tempogram in wasm as the JavaScript loop does, bit for bit (zero runs, tiny tails, even and odd windows)", async () => {
    await withWasmFft(() => {
      const env = Float32Array.from(envelope(2600), (v, i) => (i > 2300 ? v * 1e-9 : v));
      for (const L of [384, 101, 4, 3]) {
        const js = meanTempogram(env, L, 'js');
        const wasm = meanTempogram(env, L, 'wasm');
        expect(Buffer.from(wasm.buffer).equals(Buffer.from(js.buffer)), `winLength ${L}`).toBe(true);
        expect(js[0]).toBeGreaterThan(0);
      }
    });
  });
});
