import { describe, expect, it } from 'vitest';
import { cqt, spareOctaves, sparePadded } from '../../src/features/cqt.js';
import { chromaCqt } from '../../src/features/chroma-cqt.js';
import { takeAny } from '../helpers/spare.js';

/** A test signal: three partials gliding, seeded noise. */
function clip(n: number, f: number): Float32Array {
  let s = 99;
  return Float32Array.from({ length: n }, (_, i) => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return 0.3 * Math.sin(f * i * (1 + i / (3 * n))) + 0.2 * Math.sin(1.5 * f * i) + 0.1 * Math.sin(2.03 * f * i) + 0.01 * (s / 2 ** 32 - 0.5);
  });
}

const bits = (x: Float32Array | Float64Array): string => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64');

describe("the CQT's spare octave signals and padded copy", () => {
  it('are reused by calls on other signals with the values of fresh memory', () => {
    const a = clip(150_000, 0.031);
    const b = clip(131_072, 0.017);
    const drain = (): void => {
      takeAny(spareOctaves);
      takeAny(sparePadded);
    };
    for (const fft of ['auto', 'js'] as const) {
      const freshA = (drain(), chromaCqt(a, { fft }));
      const freshB = (drain(), chromaCqt(b, { fft }));
      const freshC = (drain(), cqt(b, { fft, nBins: 60 }));
      // a's call leaves its buffers; b's calls take them (b is shorter), a's next call takes them back
      chromaCqt(a, { fft });
      const kept = takeAny(spareOctaves);
      expect(kept?.byteLength).toBe(4 * (a.length + 7)); // seven octaves' signals, one after another
      spareOctaves.keep(kept as ArrayBuffer);
      for (let round = 0; round < 2; round++) {
        expect(bits(chromaCqt(b, { fft }).data)).toBe(bits(freshB.data));
        const C = cqt(b, { fft, nBins: 60 });
        expect(bits(C.re)).toBe(bits(freshC.re));
        expect(bits(C.im)).toBe(bits(freshC.im));
        expect(bits(chromaCqt(a, { fft }).data)).toBe(bits(freshA.data));
      }
    }
  });
});
