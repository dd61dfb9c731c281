/**
 * The full clip feature sets on the 30 s GTZAN fixture clip: `extractFeatures(y, { set: 'seed' })`
 * against librosa's `seed_feature_set` and `{ set: 'gtzan57' }` against librosa's `kaggle57` (the
 * whole 57-column extraction), per FFT backend (js, then PFFFT-wasm SIMD), plus Meyda's MFCC and
 * power spectrum over the same 1296 frames (Meyda has none of the other stages).
 * `npx tsx bench/features.ts` prints the table; `npm run bench features` includes it.
 */
import { join } from 'node:path';
import { extractFeatures } from '../src/genre/features.js';
import { readWavFloat } from '../test/helpers/shared.js';
import { meydaTimes } from './meyda.js';
import { FIXTURES_DIR, HAVE_SHARED, librosaMs, measure, type BenchRow, onEachFftBackend, runIfMain } from './util.js';

const CLIP = 'gtzan-country-00000';
const SR = 22050;

/** The fixture clip, or 30 s of seeded tones + noise where ../shared is absent. */
function clip(): { y: Float32Array; source: string } {
  if (HAVE_SHARED) return { y: readWavFloat(join(FIXTURES_DIR, `${CLIP}.wav`)).y, source: CLIP };
  const y = new Float32Array(663300);
  let s = 1;
  for (let i = 0; i < y.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    y[i] = 0.1 * (s / 2 ** 32 - 0.5) + 0.3 * Math.sin((2 * Math.PI * 440 * i) / SR);
  }
  return { y, source: 'tones + noise (no ../shared)' };
}

/** Runs the suite: one row per feature set and backend, and Meyda's rows. */
export async function run(): Promise<BenchRow[]> {
  const { y, source } = clip();
  const rows: BenchRow[] = [];
  const meyda = await meydaTimes(y, SR);
  await onEachFftBackend(rows, async (label, fft) => {
    for (const [set, key] of [
      ['seed', 'seed_feature_set'],
      ['gtzan57', 'kaggle57'],
    ] as const) {
      const { medianMs, cpuMs } = await measure(() => extractFeatures(y, { sr: SR, set, fft }), { iterations: 5, time: 300, cpuRuns: 3 });
      rows.push({ stage: `${label}: extractFeatures ${set}`, medianMs, cpuMs, librosaMs: librosaMs(key, CLIP), note: `30 s ${source}; librosa: ${key}` });
    }
  });
  if (meyda) {
    for (const [feature, t] of Object.entries(meyda)) {
      rows.push({ stage: `meyda: ${feature} (1296 frames)`, medianMs: t.medianMs, cpuMs: t.cpuMs, note: 'Meyda.extract per frame, 2048/512' });
    }
  } else {
    rows.push({ stage: 'meyda: not installed', medianMs: NaN });
  }
  return rows;
}

runIfMain(import.meta.url, run);
