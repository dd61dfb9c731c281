import { describe, expect, it } from 'vitest';
import { windowSumSquare, windowSumSquareSpan } from '../../src/dsp/window-sum-square.js';
import { getWindow } from '../../src/dsp/windows.js';

describe('windowSumSquare (src/dsp/window-sum-square.ts)', () => {
  it('equals the frame-by-frame sum of squared windows bit for bit (hops dividing nFft or not, few and many frames, any window)', () => {
    let cases = 0;
    for (const [nFft, hop] of [
      [2048, 512],
      [1024, 256],
      [2048, 2048],
      [400, 160],
      [64, 16],
      [16, 4],
      [2048, 1024],
    ]) {
      for (const nFrames of [1, 2, 3, 4, 5, 8, 9, 33, 200]) {
        for (const win of [getWindow('hann', nFft), getWindow('hamming', nFft), Float64Array.from({ length: nFft }, (_, i) => Math.sin(i * 1.7) + 0.3)]) {
          const total = nFft + hop * (nFrames - 1);
          const expected = new Float64Array(total);
          for (let t = 0; t < nFrames; t++) for (let i = 0; i < nFft; i++) expected[t * hop + i] += win[i] * win[i];
          const got = windowSumSquare(win, nFft, hop, nFrames, total);
          expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer)), `${nFft}/${hop}, ${nFrames} frames`).toBe(true);
          cases++;
        }
      }
    }
    expect(cases).toBe(189);
  });

  it('windowSumSquareSpan gives any span of the whole, bit for bit (spans across the edges and the phased middle, past the end)', () => {
    let spans = 0;
    for (const [nFft, hop, nFrames] of [
      [2048, 512, 200],
      [400, 160, 50],
      [64, 16, 3],
      [2048, 512, 4],
    ]) {
      const win = getWindow('hann', nFft);
      const total = nFft + hop * (nFrames - 1);
      const whole = windowSumSquare(win, nFft, hop, nFrames, total);
      for (const [from, length] of [
        [0, total],
        [0, 100],
        [hop - 3, 3 * hop + 7],
        [Math.floor(total / 2), 5000],
        [Math.max(0, total - 100), 300],
        [7, 1],
      ]) {
        const out = new Float64Array(length).fill(Number.NaN);
        windowSumSquareSpan(win, nFft, hop, nFrames, from, out);
        const expected = new Float64Array(length);
        expected.set(whole.subarray(from, Math.min(total, from + length)));
        expect(Buffer.from(out.buffer).equals(Buffer.from(expected.buffer)), `${nFft}/${hop}/${nFrames} from ${from}, ${length}`).toBe(true);
        spans++;
      }
    }
    expect(spans).toBe(24);
  });
});
