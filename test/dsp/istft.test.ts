import { describe, expect, it } from 'vitest';
import { windowSumSquare } from '../../src/dsp/istft.js';
import { getWindow } from '../../src/dsp/windows.js';

describe('windowSumSquare (src/dsp/istft.ts)', () => {
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
});
