import { describe, expect, it } from 'vitest';
import { createRadix4RealTransform } from '../../src/dsp/fft-radix4.js';
import { MirkitError } from '../../src/errors.js';
import { directDft, noise } from '../helpers/dft.js';

const SIZES = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

describe('createRadix4RealTransform', () => {
  for (const n of SIZES) {
    it(`equals a direct DFT for n = ${n} (both stage layouts: n/2 a power of 4 or twice one)`, () => {
      const x = noise(n, n + 7);
      const out = new Float64Array(n + 2);
      createRadix4RealTransform(n).forward(x, out);
      const ref = directDft(x);
      let peak = 0;
      for (let k = 0; k <= n / 2; k++) peak = Math.max(peak, Math.hypot(ref.re[k], ref.im[k]));
      for (let k = 0; k <= n / 2; k++) {
        expect(Math.abs(out[2 * k] - ref.re[k])).toBeLessThan(1e-13 * peak);
        expect(Math.abs(out[2 * k + 1] - ref.im[k])).toBeLessThan(1e-13 * peak);
      }
      expect(out[1]).toBe(0);
      expect(out[n + 1]).toBe(0);
    });
  }

  it('finds a pure tone in its own bin only', () => {
    const n = 512;
    const x = new Float64Array(n);
    for (let t = 0; t < n; t++) x[t] = Math.cos((2 * Math.PI * 37 * t) / n);
    const out = new Float64Array(n + 2);
    createRadix4RealTransform(n).forward(x, out);
    for (let k = 0; k <= n / 2; k++) expect(Math.hypot(out[2 * k], out[2 * k + 1])).toBeCloseTo(k === 37 ? n / 2 : 0, 9);
  });

  it('forwardWindowed and powerWindowed equal forward of the windowed frame, bit for bit', () => {
    for (const n of [8, 64, 2048]) {
      const signal = new Float32Array(noise(n + 50, 3));
      const window = noise(n, 5).map((v) => v + 0.5);
      const start = 17;
      const plan = createRadix4RealTransform(n);
      const framed = new Float64Array(n);
      for (let t = 0; t < n; t++) framed[t] = signal[start + t] * window[t];
      const ref = new Float64Array(n + 2);
      plan.forward(framed, ref);
      const got = new Float64Array(n + 2);
      expect(plan.forwardWindowed(signal, start, window, got)).toBe(true);
      expect(Array.from(got)).toEqual(Array.from(ref));
      for (const power of [2, 1, 3]) {
        const pw = new Float32Array(n / 2 + 5).fill(-1);
        expect(plan.powerWindowed(signal, start, window, power, pw, 3)).toBe(true);
        for (let k = 0; k <= n / 2; k++) {
          const sq = ref[2 * k] * ref[2 * k] + ref[2 * k + 1] * ref[2 * k + 1];
          expect(pw[3 + k]).toBe(Math.fround(power === 2 ? sq : power === 1 ? Math.sqrt(sq) : sq ** 1.5));
        }
        expect(pw[2]).toBe(-1);
        expect(pw[n / 2 + 4]).toBe(-1);
      }
    }
  });

  it('reports an all-zero windowed frame (zeros out), and a frame sounding only at its end', () => {
    const n = 64;
    const plan = createRadix4RealTransform(n);
    const window = new Float64Array(n).fill(1);
    const signal = new Float32Array(2 * n);
    const pw = new Float32Array(n / 2 + 1).fill(7);
    expect(plan.powerWindowed(signal, 0, window, 2, pw, 0)).toBe(false);
    expect(Array.from(pw)).toEqual(new Array(n / 2 + 1).fill(0));
    signal[n - 1] = 0.25;
    expect(plan.powerWindowed(signal, 0, window, 2, pw, 0)).toBe(true);
    for (let k = 0; k <= n / 2; k++) expect(pw[k]).toBeCloseTo(0.0625, 12);
  });

  it('rejects sizes that are not powers of two >= 2', () => {
    for (const n of [0, 1, 3, 12, 2.5, -4]) expect(() => createRadix4RealTransform(n)).toThrow(MirkitError);
  });
});
