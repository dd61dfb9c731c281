import { describe, expect, it } from 'vitest';
import { firstChannelIsOwnMemory, mixChannels } from '../../src/audio/downmix.js';

function noise(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return scale * (s / 2 ** 32 - 0.5);
  });
}

const f = Math.fround;

describe('mixChannels', () => {
  it("is numpy's float32 channel mean: (a + b) rounded, halved; more channels summed in order, divided", () => {
    const [a, b, c] = [noise(1000, 1), noise(1000, 2, 3), noise(1000, 3, 1e-3)];
    const y2 = new Float32Array(1000);
    expect(mixChannels([a, b], 1000, y2, 0, true)).toBe(1000);
    expect(Array.from(y2)).toEqual(Array.from(a, (v, i) => f(f(v + b[i]) / 2)));
    const y3 = new Float32Array(1000);
    expect(mixChannels([a, b, c], 1000, y3, 0, true)).toBe(1000);
    expect(Array.from(y3)).toEqual(Array.from(a, (v, i) => f(f(f(v + b[i]) + c[i]) / 3)));
  });

  it('written over the first channel, gives the same values', () => {
    for (const C of [2, 3]) {
      const chans = Array.from({ length: C }, (_, k) => noise(777, 10 + k));
      const apart = new Float32Array(777);
      mixChannels(chans, 777, apart, 0, true);
      expect(mixChannels(chans, 777, chans[0], 0, true)).toBe(777);
      expect(Array.from(chans[0])).toEqual(Array.from(apart));
    }
  });

  it('stops before the first mean that is not finite or not below 2^24, leaving the first channel as it was from there', () => {
    for (const [bad, at] of [
      [Number.NaN, 5],
      [Number.POSITIVE_INFINITY, 9],
      [2 ** 25, 0],
    ] as const) {
      const a = noise(20, 4);
      const b = noise(20, 5);
      b[at] = bad;
      const tail = Array.from(a.subarray(at));
      expect(mixChannels([a, b], 20, a, 0, true)).toBe(at);
      expect(Array.from(a.subarray(at))).toEqual(tail);
      // unchecked, the rest is written, the bad sample included
      expect(mixChannels([a, b], 20, a, at, false)).toBe(20);
      expect(Number.isFinite(a[at]) && Math.abs(a[at]) < 2 ** 24).toBe(false);
    }
    // a mean that rounds up to 2^24 in float32 is out of bound too
    const a = new Float32Array([2 ** 24 - 1]);
    const b = new Float32Array([2 ** 24]);
    expect(mixChannels([a, b], 1, new Float32Array(1), 0, true)).toBe(0);
  });
});

describe('firstChannelIsOwnMemory', () => {
  it('is false when another channel overlaps the first one in memory', () => {
    const buf = new Float32Array(100);
    expect(firstChannelIsOwnMemory([buf.subarray(0, 50), buf.subarray(50)])).toBe(true);
    expect(firstChannelIsOwnMemory([buf.subarray(0, 50), buf.subarray(49, 99)])).toBe(false);
    expect(firstChannelIsOwnMemory([buf, buf])).toBe(false);
    expect(firstChannelIsOwnMemory([new Float32Array(4), new Float32Array(4)])).toBe(true);
  });
});
