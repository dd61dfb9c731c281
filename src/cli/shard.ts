/**
 * Sharding of `mirkit extract` across processes or machines: which 1/n of the file list one run takes.
 * A file's shard is a hash of its `filename` column (the path relative to the folder given), so the
 * split is the same on every machine whatever the order in which files are discovered, and a file
 * keeps its shard when others are added.
 */
import { UsageError } from './args.js';

/** One shard of a split in `count` parts. */
export interface Shard {
  /** 0-based index of this part. */
  index: number;
  /** Number of parts. */
  count: number;
}

/** 32-bit FNV-1a hash of the UTF-8 bytes of `text`. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** True when the file whose `filename` column is `filename` belongs to `shard`. */
export function inShard(filename: string, shard: Shard): boolean {
  return shard.count <= 1 || fnv1a(filename) % shard.count === shard.index;
}

const nonNegativeInt = (s: string | undefined): number | undefined => (s !== undefined && /^\d+$/.test(s.trim()) ? Number(s.trim()) : undefined);

/**
 * Resolves `--shard` (`i/n`, or `auto`) and `--shards n` into a {@link Shard}.
 * `auto` reads a Kubernetes Indexed Job's `JOB_COMPLETION_INDEX` (the count from `--shards`), else a
 * Slurm job array's `SLURM_ARRAY_TASK_ID` and `SLURM_ARRAY_TASK_COUNT` (`--shards` overrides the count;
 * the task ids must run from 0, as with `--array=0-(n-1)`).
 *
 * @param shard - the `--shard` value, or undefined for the whole list
 * @param shards - the `--shards` value
 * @param env - the environment to read for `auto`
 * @returns the shard, or undefined for the whole list
 * @throws UsageError `BAD_VALUE` for a malformed or out-of-range shard, or `auto` without its variables
 */
export function resolveShard(shard: string | undefined, shards: number | undefined, env: Readonly<Record<string, string | undefined>>): Shard | undefined {
  if (shard === undefined) {
    if (shards !== undefined) throw new UsageError('--shards goes with --shard auto', 'extract');
    return undefined;
  }
  let index: number | undefined;
  let count: number | undefined;
  if (shard === 'auto') {
    const k8s = nonNegativeInt(env.JOB_COMPLETION_INDEX);
    const slurm = nonNegativeInt(env.SLURM_ARRAY_TASK_ID);
    if (k8s !== undefined) {
      index = k8s;
      count = shards;
      if (count === undefined) throw new UsageError("--shard auto in a Kubernetes Indexed Job needs --shards N (the Job's completions)", 'extract');
    } else if (slurm !== undefined) {
      index = slurm;
      count = shards ?? nonNegativeInt(env.SLURM_ARRAY_TASK_COUNT);
      if (count === undefined) throw new UsageError('--shard auto in a Slurm array needs SLURM_ARRAY_TASK_COUNT or --shards N', 'extract');
    } else {
      throw new UsageError(
        '--shard auto found neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm array); give --shard i/n',
        'extract',
      );
    }
  } else {
    const m = /^(\d+)\/(\d+)$/.exec(shard);
    if (!m) throw new UsageError(`--shard must be i/n (e.g. 0/4) or auto, got "${shard}"`, 'extract');
    if (shards !== undefined) throw new UsageError('--shards goes with --shard auto (--shard i/n names the count itself)', 'extract');
    index = Number(m[1]);
    count = Number(m[2]);
  }
  if (!(count >= 1)) throw new UsageError(`the shard count must be at least 1, got ${count}`, 'extract');
  if (index >= count) throw new UsageError(`the shard index must be below the count: ${index}/${count} (indices run from 0)`, 'extract');
  return { index, count };
}
