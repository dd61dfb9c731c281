import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/genre/features.js';
import { passBytes, spareChunks } from '../../src/genre/chunk-spares.js';
import { takeAny } from '../helpers/spare.js';

/** A test clip: two tones gliding apart, a pulse every 0.25 s and a little seeded noise. */
function clip(seconds: number, f: number): Float32Array {
  const n = Math.round(seconds * 22050);
  let s = 12345;
  return Float32Array.from({ length: n }, (_, i) => {
    s = (s * 1664525 + 1013904223) >>> 0;
    const pulse = i % 5512 < 200 ? 0.5 : 0;
    return 0.3 * Math.sin(f * i * (1 + i / (4 * n))) + 0.2 * Math.sin(0.31 * f * i) + pulse + 0.01 * (s / 2 ** 32 - 0.5);
  });
}

describe("the feature sets' spare chunk arrays", () => {
  it('are kept by a call and taken by the next one, and give the values of fresh arrays whatever ran before', () => {
    const a = clip(12, 0.05);
    const b = clip(9, 0.13);
    const fresh = (y: Float32Array, set: 'gtzan57' | 'seed'): Float64Array => {
      takeAny(spareChunks); // the spare taken away: this call writes fresh memory
      return extractFeatures(y, { set }).values;
    };
    const freshA = fresh(a, 'gtzan57'),
      freshB = fresh(b, 'gtzan57'),
      freshSeed = fresh(b, 'seed');
    // the pass leaves its buffer as the spare: a gtzan57 call of b takes what a's call left
    extractFeatures(a);
    const kept = takeAny(spareChunks);
    expect(kept?.byteLength).toBe(passBytes(1 + Math.floor(a.length / 512), 1025));
    spareChunks.keep(kept as ArrayBuffer);
    for (let round = 0; round < 2; round++) {
      expect(extractFeatures(b).values).toEqual(freshB);
      expect(extractFeatures(b, { set: 'seed' }).values).toEqual(freshSeed);
      expect(extractFeatures(a).values).toEqual(freshA);
    }
  });
});
