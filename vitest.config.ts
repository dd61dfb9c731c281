/**
 * `npm test`: the unit and librosa-parity tests (tiers: vitest.tiers.ts). Quiet on success:
 * console output of passing tests is dropped (`silent: 'passed-only'`; a failing test shows its
 * logs), and every skipped test is listed at the end with its reason.
 */
import { configDefaults, defineConfig } from 'vitest/config';
import { BROWSER_TESTS, COMMON, SLOW_ONLY_TESTS } from './vitest.tiers.js';
import SkippedReporter from './test/reporters/skipped.js';

export default defineConfig({
  test: {
    ...COMMON,
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...BROWSER_TESTS, ...SLOW_ONLY_TESTS],
    silent: 'passed-only',
    reporters: ['default', new SkippedReporter()],
  },
});
