import { describe, expect, it } from 'vitest';
import { inverseAdder, inversePairAdder, windowSumSquare } from '../../src/dsp/istft.js';
import { createRealFft } from '../../src/dsp/fft.js';
import { noise } from '../helpers/dft.js';
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

describe('inversePairAdder (src/dsp/istft.ts)', () => {
  it('adds the two windowed inverses of two spectra as two inverseAdder calls do, within 1e-12 (bins 0 and n/2: imaginary parts ignored; overlapping targets)', () => {
    for (const n of [4, 8, 64, 2048]) {
      const plan = createRealFft(n, 'js');
      const win = getWindow('hann', n);
      const one = inverseAdder(plan, win);
      const pair = inversePairAdder(plan, win);
      expect(pair, `n = ${n}`).toBeTypeOf('function');
      const specA = Float32Array.from(noise(n + 2, 3 * n));
      const specB = Float32Array.from(noise(n + 2, 5 * n));
      // the same target, the second frame a quarter later: A's sums go first
      const viaOne = new Float64Array(2 * n);
      one(specA.slice(), viaOne, 0);
      one(specB.slice(), viaOne, n >> 2);
      const viaPair = new Float64Array(2 * n);
      pair!(specA.slice(), viaPair, 0, specB.slice(), viaPair, n >> 2);
      const scale = Math.max(...viaOne.map(Math.abs));
      for (let i = 0; i < 2 * n; i++) expect(Math.abs(viaPair[i] - viaOne[i]), `n = ${n}, sample ${i}`).toBeLessThan(1e-12 * scale);
    }
  });

  it('is undefined on the wasm plans (they have a packed inverse) and for sizes that are not powers of two', () => {
    expect(inversePairAdder(createRealFft(1000, 'js'), getWindow('hann', 1000))).toBeUndefined();
    const wasm = createRealFft(2048, 'auto');
    if (wasm.inversePacked) expect(inversePairAdder(wasm, getWindow('hann', 2048))).toBeUndefined();
  });
});
