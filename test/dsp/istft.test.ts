import { describe, expect, it } from 'vitest';
import { inverseAdder, inversePairAdder } from '../../src/dsp/istft.js';
import { createRealFft } from '../../src/dsp/fft.js';
import { noise } from '../helpers/dft.js';
import { getWindow } from '../../src/dsp/windows.js';

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
