/**
 * `npm run test:consumer` (CI: .ci/run): mirkit as a new user gets it. Packs the package, installs the
 * tarball into a fresh project (production install), then:
 * - bundles `{ mfcc, tonnetz }` and `{ classify }` with esbuild, webpack 5 and Vite, no configuration
 *   beyond the entry, and checks the minified initial chunks against the budgets (100 KB, 1.5 MB) and
 *   the install against 25 MB;
 * - type-checks a strict consumer (`strict`, `skipLibCheck: false`) with `nodenext` and `bundler` resolution;
 * - runs Node's ESM `import` and CJS `require` (same numbers), and checks that a neural classifier
 *   without TensorFlow.js installed fails with `MISSING_DEPENDENCY`;
 * - loads the MP3 fixture (../shared) in both with and without `loadAudio`'s decode thread (same
 *   samples), and runs the installed decode thread's entry on its own;
 * - runs the esbuild bundles in headless Chromium (Debian's chromium, never downloaded) and compares
 *   with Node on the same samples: same genre, probabilities within 1e-6 (the browser test's
 *   tolerance), MFCC and Tonnetz within 1e-6 of their largest magnitude.
 * Exits 1 on any failure.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { measureBundles, report } from './bundle-size.js';
import { checkDecodeThread, normalisedMaxError, runChromium, runNode, typeCheck, type Outcome } from './consumer/checks.js';
import { prepareConsumer } from './consumer/setup.js';

const TOLERANCE = 1e-6;

function compare(what: string, a: Outcome, b: Outcome): string[] {
  const bad: string[] = [];
  if (a.genre !== b.genre) bad.push(`${what}: genre ${a.genre} vs ${b.genre}`);
  for (const [g, p] of Object.entries(b.probabilities)) {
    if (!(Math.abs((a.probabilities[g] ?? NaN) - p) <= TOLERANCE)) bad.push(`${what}: probability of ${g} ${a.probabilities[g]} vs ${p}`);
  }
  const em = normalisedMaxError(a.mfcc, b.mfcc);
  const et = normalisedMaxError(a.tonnetz, b.tonnetz);
  if (!(em <= TOLERANCE)) bad.push(`${what}: mfcc normalised max error ${em}`);
  if (!(et <= TOLERANCE)) bad.push(`${what}: tonnetz normalised max error ${et}`);
  console.log(`${what}: genre ${a.genre} / ${b.genre}; mfcc error ${em.toExponential(2)}, tonnetz error ${et.toExponential(2)}`);
  return bad;
}

async function main(): Promise<void> {
  const failures: string[] = [];
  const consumer = prepareConsumer();
  console.log(`consumer project: ${consumer.dir}`);
  try {
    failures.push(...report(consumer, await measureBundles(consumer)));
    failures.push(...typeCheck(consumer.dir));

    const node = runNode(consumer.dir);
    failures.push(...compare('Node CJS require vs ESM import', node.cjs, node.esm));
    if (!node.esm.missingDependency?.startsWith('MISSING_DEPENDENCY') || !node.esm.missingDependency.includes('npm install @tensorflow/tfjs-core')) {
      failures.push(`a neural classifier without TensorFlow.js: expected MISSING_DEPENDENCY naming what to install, got ${node.esm.missingDependency}`);
    } else console.log(`without TensorFlow.js: ${node.esm.missingDependency}`);

    const mp3 = join(process.cwd(), '..', 'shared', 'fixtures', 'originals', 'fma-000002.mp3');
    if (existsSync(mp3)) failures.push(...checkDecodeThread(consumer.dir, mp3));
    else if (process.env.CI) failures.push(`no MP3 fixture at ${mp3} for the decode thread check`);
    else console.log(`skipped the decode thread check: no ${mp3}`);

    const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (existsSync(chromiumPath)) {
      const page = await runChromium(join(consumer.dir, 'out'), chromiumPath);
      failures.push(...compare('Chromium (esbuild bundle) vs Node', page, node.esm));
    } else if (process.env.CI) failures.push(`no Chromium at ${chromiumPath} (apt-get install -y chromium)`);
    else console.log(`skipped the browser run: no Chromium at ${chromiumPath}`);
  } finally {
    if (!process.env.MIRKIT_KEEP_CONSUMER) rmSync(consumer.dir, { recursive: true, force: true });
  }
  if (failures.length) {
    console.error(`consumer test FAILED:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  } else console.log('consumer test passed');
}

await main();
