/**
 * Child process of determinism.test.ts: prints the bits of `extractFeatures` (both sets) of the
 * clip that the test synthesises, so the test can compare them across processes.
 * Run: `node --import tsx test/robustness/determinism.child.ts`.
 */
import { extractFeatures } from '../../src/genre/features.js';
import { determinismClip } from './util.js';

const y = determinismClip();
const out: Record<string, string> = {};
for (const set of ['gtzan57', 'seed'] as const) out[set] = Buffer.from(extractFeatures(y, { sr: 22050, set }).values.buffer).toString('hex');
process.stdout.write(JSON.stringify(out) + '\n');
