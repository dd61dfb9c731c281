import { describe, expect, it } from 'vitest';
import { decodeHalfArray, floatToHalf, halfToFloat, roundToHalf } from '../../src/tagging/half.js';

describe('float16 helpers', () => {
  it('known values: 1, -2, 65504 (max), 2^-24 (smallest subnormal), inf, rounding ties to even', () => {
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(-2)).toBe(0xc000);
    expect(floatToHalf(65504)).toBe(0x7bff);
    expect(floatToHalf(2 ** -24)).toBe(0x0001);
    expect(floatToHalf(70000)).toBe(0x7c00);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties to the even mantissa (1)
    expect(roundToHalf(1 + 2 ** -11)).toBe(1);
    expect(roundToHalf(1 + 3 * 2 ** -11)).toBe(1 + 2 * 2 ** -10);
    expect(roundToHalf(0.1)).toBeCloseTo(0.0999755859375, 12);
  });
  it('every finite half survives a round trip, and the table decoder agrees', () => {
    const bits = new Uint16Array(65536).map((_, i) => i);
    const table = decodeHalfArray(bits);
    const bad: number[] = [];
    for (let h = 0; h < 65536; h++) {
      const v = halfToFloat(h);
      if (Number.isNaN(v)) continue;
      if (table[h] !== v || (Number.isFinite(v) && v !== 0 && floatToHalf(v) !== h)) bad.push(h);
    }
    expect(bad).toEqual([]);
  });
});
