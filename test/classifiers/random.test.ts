import { describe, expect, it } from 'vitest';
import { createRng, hashSeed } from '../../src/classifiers/random.js';
import { expectMirkit } from '../robustness/util.js';

describe('createRng / hashSeed', () => {
  it('a seed that is not a finite number is BAD_OPTION (it gave the stream of seed 0, or a TypeError)', () => {
    for (const seed of [Number.NaN, Infinity, -Infinity, 'x', '1', {}, [], Symbol('s'), 10n, true, Object.create(null)]) {
      expectMirkit(() => createRng(seed as never), 'BAD_OPTION');
      expectMirkit(() => hashSeed(seed as never), 'BAD_OPTION');
    }
  });

  it('null / undefined mean 0; integers are read modulo 2^32 and fractions are mixed in, as documented', () => {
    const first = (seed?: number) => createRng(seed).next();
    expect(first(null as never)).toBe(first(0));
    expect(first(undefined)).toBe(first(0));
    expect(first()).toBe(first(0));
    expect(first(2 ** 32)).toBe(first(0));
    expect(first(1.5)).not.toBe(first(1));
    expect(hashSeed(-3.5)).toBe(4181647693);
  });

  it('valid seeds give the same streams as before the checks', () => {
    const r = createRng(42);
    expect([r.next(), r.next(), r.int(10), r.normal()]).toEqual([0.24572046380490065, 0.5754302670247853, 3, 0.24004305816337299]);
    expect(createRng(7).fork().next()).toBe(0.10175704257562757);
    expect(hashSeed(0)).toBe(2462723854);
    expect(createRng(1.5).next()).toBe(0.6125861646141857);
    expect(createRng(1).next()).toBe(0.5223135030828416);
  });

  it('rng.int(n) refuses an n that is not a positive integer (it returned NaN or Infinity)', () => {
    const rng = createRng(0);
    for (const n of [Number.NaN, Infinity, 0, -1, 2.5, '3']) expectMirkit(() => rng.int(n as never), 'BAD_OPTION');
    for (let i = 0; i < 50; i++) {
      const k = rng.int(3);
      expect(k >= 0 && k < 3 && Number.isInteger(k)).toBe(true);
    }
  });
});
