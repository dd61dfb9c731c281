import { describe, expect, it } from 'vitest';
import { createJsRealFft, createRealFft, forwardFrames, type RealFft } from '../../src/dsp/fft.js';
import { MirkitError } from '../../src/errors.js';
import { directDft, noise } from '../helpers/dft.js';

describe('createRealFft', () => {
  for (const n of [1, 2, 8, 64, 1024, 3, 12, 100, 441, 1000]) {
    it(`matches a direct DFT and inverts exactly for n = ${n}`, () => {
      const x = noise(n, n);
      const fft = createRealFft(n, 'js');
      const bins = Math.floor(n / 2) + 1;
      const re = new Float64Array(bins),
        im = new Float64Array(bins);
      fft.forward(x, re, im);
      const ref = directDft(x);
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
    expect(() => createRealFft(0, 'js')).toThrow(MirkitError);
    expect(() => createRealFft(2.5, 'js')).toThrow(MirkitError);
  });
});

describe('js backend', () => {
  it("createRealFft(n, 'js') is createJsRealFft bit for bit", () => {
    for (const n of [64, 100, 2048]) {
      const x = noise(n, 3);
      const bins = Math.floor(n / 2) + 1;
      const a = { re: new Float64Array(bins), im: new Float64Array(bins) };
      const b = { re: new Float64Array(bins), im: new Float64Array(bins) };
      createRealFft(n, 'js').forward(x, a.re, a.im);
      createJsRealFft(n).forward(x, b.re, b.im);
      expect(Array.from(a.re)).toEqual(Array.from(b.re));
      expect(Array.from(a.im)).toEqual(Array.from(b.im));
    }
  });

  it('forwardFrames equals the window-then-forward loop exactly, with or without the plan method', () => {
    const n = 100,
      hop = 25,
      nFrames = 9,
      start = 3;
    const signal = Float32Array.from(noise(start + hop * (nFrames - 1) + n, 8));
    const win = Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
    const full = createRealFft(n, 'js');
    const bare: RealFft = { size: n, forward: full.forward, inverse: full.inverse }; // no forwardFrames
    const buf = new Float64Array(n),
      re = new Float64Array(51),
      im = new Float64Array(51);
    for (const plan of [full, bare]) {
      let seen = 0;
      forwardFrames(plan, signal, start, hop, nFrames, win, (t, fr, fi) => {
        for (let i = 0; i < n; i++) buf[i] = signal[start + t * hop + i] * win[i];
        full.forward(buf, re, im);
        expect(Array.from(fr)).toEqual(Array.from(re));
        expect(Array.from(fi)).toEqual(Array.from(im));
        seen++;
      });
      expect(seen).toBe(nFrames);
      expect(() => forwardFrames(plan, signal, start, hop, nFrames + 1, win, () => {})).toThrow(MirkitError);
    }
    forwardFrames(full, signal, 0, hop, 0, win, () => {
      throw new Error('no frames expected');
    });
  });
});
