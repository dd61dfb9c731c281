/** `npm run test:browser`: the tests that drive headless Chromium (tiers: vitest.tiers.ts). */
import { defineConfig } from 'vitest/config';
import { BROWSER_TESTS, COMMON } from './vitest.tiers.js';
import SkippedReporter from './test/reporters/skipped.js';

export default defineConfig({
  test: {
    ...COMMON,
    include: BROWSER_TESTS,
    passWithNoTests: true,
    silent: 'passed-only',
    reporters: ['default', new SkippedReporter()],
  },
});
