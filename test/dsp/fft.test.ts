import { describe, expect, it } from 'vitest';
import { createRealFft } from '../../src/dsp/fft.js';
import { MirkitError } from '../../src/errors.js';

function naiveDft(x: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const bins = Math.floor(n / 2) + 1;
  const re = new Float64Array(bins), im = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n;
      re[k] += x[t] * Math.cos(a);
      im[k] += x[t] * Math.sin(a);
    }
  }
  return { re, im };
}

function noise(n: number, seed = 1): Float64Array {
  let s = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

describe('createRealFft', () => {
  for (const n of [1, 2, 8, 64, 1024, 3, 12, 100, 441, 1000]) {
    it(`matches a direct DFT and inverts exactly for n = ${n}`, () => {
      const x = noise(n, n);
      const fft = createRealFft(n);
      const bins = Math.floor(n / 2) + 1;
      const re = new Float64Array(bins), im = new Float64Array(bins);
      fft.forward(x, re, im);
      const ref = naiveDft(x);
      for (let k = 0; k < bins; k++) {
        expect(re[k]).toBeCloseTo(ref.re[k], 9);
        expect(im[k]).toBeCloseTo(ref.im[k], 9);
      }
      const back = new Float64Array(n);
      fft.inverse(re, im, back);
      for (let i = 0; i < n; i++) expect(back[i]).toBeCloseTo(x[i], 10);
    });
  }

  it('rejects sizes that are not positive integers', () => {
    expect(() => createRealFft(0)).toThrow(MirkitError);
    expect(() => createRealFft(2.5)).toThrow(MirkitError);
  });
});
