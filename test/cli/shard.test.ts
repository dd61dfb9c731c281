import { describe, expect, it } from 'vitest';
import { fnv1a, inShard, resolveShard } from '../../src/cli/shard.js';

describe('inShard', () => {
  it('puts every name in exactly one of n shards, about 1/n each, by name alone', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `genre${i % 10}/clip.${String(i).padStart(5, '0')}.wav`);
    for (const n of [1, 2, 3, 7]) {
      const counts = new Array(n).fill(0);
      for (const f of names) {
        const hits = Array.from({ length: n }, (_, i) => inShard(f, { index: i, count: n })).filter(Boolean).length;
        expect(hits).toBe(1);
        counts[fnv1a(f) % n]++;
      }
      for (const c of counts) expect(Math.abs(c - names.length / n)).toBeLessThan(0.1 * (names.length / n) + 10);
    }
    // FNV-1a 32-bit reference values.
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});

describe('resolveShard', () => {
  it('reads i/n, and auto from a Kubernetes Indexed Job or a Slurm array', () => {
    expect(resolveShard(undefined, undefined, {})).toBeUndefined();
    expect(resolveShard('1/3', undefined, {})).toEqual({ index: 1, count: 3 });
    expect(resolveShard('auto', 4, { JOB_COMPLETION_INDEX: '2' })).toEqual({ index: 2, count: 4 });
    expect(resolveShard('auto', undefined, { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '8' })).toEqual({ index: 5, count: 8 });
    expect(resolveShard('auto', 6, { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '8' })).toEqual({ index: 5, count: 6 });
  });

  it.each([
    ['3/3', undefined, {}, /below the count/],
    ['1/0', undefined, {}, /at least 1/],
    ['1-3', undefined, {}, /must be i\/n/],
    ['1/3', 3, {}, /--shards goes with --shard auto/],
    [undefined, 3, {}, /--shards goes with --shard auto/],
    ['auto', undefined, {}, /neither JOB_COMPLETION_INDEX/],
    ['auto', undefined, { JOB_COMPLETION_INDEX: '0' }, /needs --shards/],
    ['auto', undefined, { SLURM_ARRAY_TASK_ID: '0' }, /SLURM_ARRAY_TASK_COUNT/],
    ['auto', 2, { JOB_COMPLETION_INDEX: '2' }, /below the count/],
  ])('%s with --shards %s and %j is a usage error', (shard, shards, env, message) => {
    expect(() => resolveShard(shard, shards, env)).toThrow(message);
  });
});
