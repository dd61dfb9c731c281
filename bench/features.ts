import { extractFeatures } from '../src/genre/features.js';
import { meydaTimes } from './meyda.js';
import { librosaMs, measure, type BenchRow, onEachFftBackend, runIfMain, benchClip } from './util.js';

const SR = 22050;

/** Runs the suite: one row per feature set and backend, and Meyda's rows. */
export async function run(): Promise<BenchRow[]> {
  const { y, source } = benchClip((i, noise) => 0.1 * noise + 0.3 * Math.sin((2 * Math.PI * 440 * i) / SR), 'tones + noise');
  const rows: BenchRow[] = [];
  const meyda = await meydaTimes(y, SR);
  await onEachFftBackend(rows, async (label, fft) => {
    for (const [set, key] of [
      ['seed', 'seed_feature_set'],
      ['gtzan57', 'kaggle57'],
    ] as const) {
      const { medianMs, cpuMs } = await measure(() => extractFeatures(y, { sr: SR, set, fft }), { iterations: 5, time: 300, cpuRuns: 3 });
      rows.push({ stage: `${label}: extractFeatures ${set}`, medianMs, cpuMs, librosaMs: librosaMs(key), note: `30 s ${source}; librosa: ${key}` });
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
