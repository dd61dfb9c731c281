import { describe, expect, it } from 'vitest';
import { choice, intUniform, logUniform, powerOfTwo, sampleParams, uniform } from '../../src/classifiers/distributions.js';
import { createRng } from '../../src/classifiers/random.js';
import { expectMirkit } from '../robustness/util.js';

describe('distributions', () => {
  it('bounds whose width b - a overflows are BAD_OPTION (the draws were Infinity)', () => {
    expectMirkit(() => uniform(-1e308, 1e308), 'BAD_OPTION');
    expectMirkit(() => intUniform(-1e308, 1e308), 'BAD_OPTION');
    expectMirkit(() => uniform(-Number.MAX_VALUE, Number.MAX_VALUE), 'BAD_OPTION');
    // wide but finite widths still draw finite values inside the bounds
    const rng = createRng(0);
    for (const d of [uniform(-1e307, 1e307), intUniform(-1e300, 1e300), uniform(0, Number.MAX_VALUE), logUniform(1e-300, 1e300)]) {
      for (let i = 0; i < 20; i++) expect(Number.isFinite(d.sample(rng))).toBe(true);
    }
  });

  it('values that cannot be shown are BAD_OPTION, not a TypeError while the message is written', () => {
    expectMirkit(() => uniform(Symbol('a') as never, 1), 'BAD_OPTION');
    expectMirkit(() => intUniform(0, Object.create(null)), 'BAD_OPTION');
    expect(choice([1n, 2n]).sample(createRng(0))).toBeTypeOf('bigint');
  });

  it('sampleParams refuses a space or a generator that is not one (BAD_OPTION, not a TypeError)', () => {
    const rng = createRng(0);
    for (const space of [null, undefined, 3, 'lr']) expectMirkit(() => sampleParams(space as never, rng), 'BAD_OPTION');
    for (const bad of [null, undefined, {}, 7, { next: () => 0.5 }]) expectMirkit(() => sampleParams({ a: [1, 2] }, bad as never), 'BAD_OPTION');
    expectMirkit(() => sampleParams({ a: [] }, rng), 'BAD_OPTION');
    expect(sampleParams({ b: powerOfTwo(1, 1), a: [5] }, rng)).toEqual({ a: 5, b: 2 });
  });
});
