/**
 * The slow tier from inside a test file (tiers: vitest.tiers.ts). `npm run test:slow` sets
 * `MIRKIT_SLOW=1`. Files that are slow as a whole are listed in vitest.tiers.ts instead; files with
 * some slow cases gate them on {@link SLOW} (and are listed there as mixed), and property tests
 * take their run counts from {@link runsFor}.
 */

/** True in `npm run test:slow` (`MIRKIT_SLOW=1`): run at full size. */
export const SLOW = process.env.MIRKIT_SLOW === '1';

/** Appended to the name of a test skipped outside the slow tier, so `npm test`'s summary says why. */
export const SLOW_ONLY = SLOW ? '' : ' [skipped: runs in npm run test:slow]';

/** `full` runs in the slow tier, `quick` in `npm test`. */
export function runsFor(full: number, quick: number): number {
  return SLOW ? full : quick;
}
