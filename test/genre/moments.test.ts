import { describe, expect, it } from 'vitest';
import { foldMoments, meanVarOf, shiftOut, type Moments } from '../../src/genre/moments.js';
import { F32_TINY } from '../../src/util/numeric.js';

/** The moments the sample-by-sample definition gives: float32 samples acc / w (acc alone where w is tiny). */
function naive(acc: Float64Array, w: Float64Array, j0: number, j1: number, m: Moments): void {
  for (let j = j0; j < j1; j++) {
    const x = Math.fround(w[j] > F32_TINY ? acc[j] / w[j] : acc[j]);
    m.sum += x;
    m.sumSq += x * x;
  }
}

describe('foldMoments', () => {
  it('adds the same float32 samples, in the same order, as one loop over them, across its blocks and calls', () => {
    const n = 10_000; // more than two of its blocks
    const h = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 3.1);
    const p = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.11) - 0.25);
    // window sums: mostly near 1.5, some below float32's tiny (the sample is then taken unnormalised)
    const w = Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? 1e-40 : 1.5 + 0.5 * Math.sin(i)));
    const harmonic: Moments = { sum: 0.5, sumSq: 2, n };
    const percussive: Moments = { sum: -1, sumSq: 3, n };
    const hRef: Moments = { ...harmonic };
    const pRef: Moments = { ...percussive };
    for (const [a, b] of [
      [0, 4096],
      [4096, 4096], // empty
      [4096, 9000],
      [9000, n],
    ] as const) {
      foldMoments(h, p, w, a, b, harmonic, percussive);
      naive(h, w, a, b, hRef);
      naive(p, w, a, b, pRef);
    }
    expect(harmonic).toEqual(hRef);
    expect(percussive).toEqual(pRef);
    expect(harmonic.sum).not.toBe(0.5);
  });

  it('gives the mean and a variance that is never negative', () => {
    expect(meanVarOf({ sum: 6, sumSq: 20, n: 2 })).toEqual([3, 1]);
    // rounding can leave sumSq/n below mean² (here by far, to show the clamp)
    expect(meanVarOf({ sum: 0.3, sumSq: 0.08, n: 1 })[1]).toBe(0);
  });
});

describe('shiftOut', () => {
  it('drops the first values, moves the rest to the front and zeroes the end', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5);
    shiftOut(a, 2);
    expect(Array.from(a)).toEqual([3, 4, 5, 0, 0]);
  });
});
