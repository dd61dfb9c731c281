/**
 * The test tiers, shared by the vitest configs (docs/architecture.md, "Tests and checks"):
 *
 * - `npm test` (vitest.config.ts): every `test/**\/*.test.ts` except the two lists below: the unit
 *   and librosa-parity tests, property tests at their default (small) size.
 * - `npm run test:browser` (vitest.browser.config.ts): the tests that drive headless Chromium.
 * - `npm run test:slow` (vitest.slow.config.ts, `MIRKIT_SLOW=1`): {@link SLOW_ONLY_TESTS}, and
 *   {@link MIXED_TESTS} again at full size (they read `MIRKIT_SLOW` through test/helpers/tiers.ts).
 */

import { availableParallelism } from 'node:os';

/** Tests that need a browser (Debian's chromium; they skip with a message without it, fail under CI). */
export const BROWSER_TESTS = ['test/browser/**/*.test.ts', 'test/**/*.browser.test.ts', 'test/realtime/node.test.ts'];

/**
 * Tests that run only in the slow tier: ten minutes of audio with memory measured in child
 * processes, and the neural models trained to an accuracy (10-fold MLP on the GTZAN table, CNN and
 * LSTM on 100 GTZAN clips, the LSTM memory task): together two thirds of the old single run.
 */
export const SLOW_ONLY_TESTS = [
  'test/robustness/long-input.test.ts',
  'test/classifiers/neural/mlp-gtzan.test.ts',
  'test/classifiers/neural/audio-gtzan.test.ts',
  'test/classifiers/neural/sequence-memory.test.ts',
];

/**
 * Files in both tiers: in `npm test` their slow cases skip (named `[skipped: runs in npm run
 * test:slow]`) or run reduced, in the slow tier everything runs at full size (test/helpers/tiers.ts):
 * the property tests, and the scikit-learn GTZAN parity (its two 500-tree / 200-stage ensembles).
 */
export const MIXED_TESTS = ['test/robustness/properties-*.test.ts', 'test/classifiers/gtzan-parity.test.ts'];

/** Options every tier shares. */
export const COMMON = {
  testTimeout: 120_000,
  hookTimeout: 120_000,
  pool: 'forks',
  // vitest's default is one worker fewer than the cores: a single worker on a 2-core CI machine,
  // while the main process mostly waits. One per core halves `npm test` there.
  maxWorkers: Math.max(2, availableParallelism()),
} as const;
