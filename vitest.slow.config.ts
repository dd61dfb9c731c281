/**
 * `npm run test:slow`: long-input memory tests, neural training-to-accuracy tests, and the property
 * tests and ensemble parity at full size (tiers: vitest.tiers.ts). `MIRKIT_SLOW=1` is what the
 * mixed files read (test/helpers/tiers.ts).
 */
import { defineConfig } from 'vitest/config';
import { COMMON, MIXED_TESTS, SLOW_ONLY_TESTS } from './vitest.tiers.js';
import SkippedReporter from './test/reporters/skipped.js';

export default defineConfig({
  test: {
    ...COMMON,
    include: [...SLOW_ONLY_TESTS, ...MIXED_TESTS],
    env: { MIRKIT_SLOW: '1' },
    // one file at a time: the long-input tests measure peak memory of their child processes
    fileParallelism: false,
    silent: 'passed-only',
    reporters: ['default', new SkippedReporter()],
  },
});
