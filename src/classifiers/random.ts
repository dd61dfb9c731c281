/**
 * Seeded pseudo-random numbers for the classifiers, model selection and hyper-parameter search.
 * Browser-safe, no dependencies. The generator is mulberry32 (32-bit state, period 2^32), which is
 * plenty for bootstraps, shuffles and parameter draws and is identical on every platform.
 */

import { MirkitError } from '../errors.js';
import { shown } from '../util/shown.js';
import { checkSeed } from './params.js';

/** A seeded random source. All mirkit randomness goes through this interface. */
export interface Rng {
  /** A uniform float in [0, 1). */
  next(): number;
  /** A uniform integer in [0, n) (n a positive integer; anything else is `BAD_OPTION`). */
  int(n: number): number;
  /** A standard normal draw (Box-Muller). */
  normal(): number;
  /** Shuffles `arr` in place (Fisher-Yates) and returns it. */
  shuffle<
    T extends {
      /** Number of elements. */
      length: number;
      [i: number]: unknown;
    },
  >(arr: T): T;
  /** A new independent generator seeded from this one (for per-tree / per-trial streams). */
  fork(): Rng;
}

/**
 * Mixes a seed into a 32-bit unsigned seed: any finite number, including non-integers and negatives
 * (its integer part is read modulo 2^32, so `2 ** 32` mixes as `0`); `null` / `undefined` mean 0.
 * @throws MirkitError `BAD_OPTION` when the seed is not a finite number (NaN, Infinity, a string, a BigInt, ...)
 */
export function hashSeed(seed: number): number {
  seed = checkSeed(seed);
  let h = Math.floor(seed) ^ 0x9e3779b9;
  const frac = Math.round((seed - Math.floor(seed)) * 0x7fffffff);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ frac ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Creates a mulberry32 generator from a seed (any finite number, mixed by {@link hashSeed}; default 0,
 * also for `null`). The same seed always gives the same sequence.
 *
 * @example
 * ```ts
 * const rng = createRng(42);
 * rng.next(); // 0 <= x < 1
 * ```
 * @throws MirkitError `BAD_OPTION` when the seed is not a finite number (NaN, Infinity, a string, ...)
 */
export function createRng(seed = 0): Rng {
  let a = hashSeed(seed);
  let spare: number | null = null;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (n: number) => {
      if (!Number.isInteger(n) || n <= 0) throw new MirkitError('BAD_OPTION', `rng.int(n): n must be a positive integer, got ${shown(n)}`, { option: 'n' });
      return Math.floor(next() * n);
    },
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u <= 1e-300) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    shuffle: <T extends { length: number; [i: number]: unknown }>(arr: T): T => {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = arr[i];
        arr[i] = arr[j];
        arr[j] = t;
      }
      return arr;
    },
    fork: () => createRng(Math.floor(next() * 4294967296)),
  };
  return rng;
}

/** Alias of {@link createRng}: a mulberry32 generator. */
export const mulberry32 = createRng;
