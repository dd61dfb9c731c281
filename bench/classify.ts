/**
 * Genre classification end to end: `classify` of a 30 s clip with decoding excluded ({ y, sr })
 * and included (the lossless GTZAN file), and `mirkit extract` throughput in clips per second with
 * 1 and 2 worker threads over 10 real GTZAN clips. Runnable alone: `npx tsx bench/classify.ts`.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classify } from '../src/genre/classify.js';
import { loadAudio } from '../src/audio/load.js';
import { runExtract } from '../src/cli/extract.js';
import { fileURLToPath } from 'node:url';
import { formatTable, HAVE_SHARED, librosaMs, measure, medianOf, SHARED_DIR, type BenchRow } from './util.js';

/** Runs the suite and returns its rows. */
export async function run(): Promise<BenchRow[]> {
  if (!HAVE_SHARED) return [];
  const flac = join(SHARED_DIR, 'data/gtzan/audio/country/country.00000.flac');
  const { y, sr } = await loadAudio(flac);
  const rows: BenchRow[] = [];
  // librosa column: its 57-feature extraction of the same clip (the goal: ratio <= 0.08 by default)
  const kaggle57 = librosaMs('kaggle57', 'gtzan-country-00000');
  // 15 calls each (a 30 s clip takes 0.2 s): the median of 5 moved by 10% between runs on a shared machine
  rows.push({
    stage: 'classify 30 s ({ y, sr })',
    ...(await measure(() => classify({ y, sr }), { iterations: 15, time: 0 })),
    librosaMs: kaggle57,
    note: 'librosa: kaggle57 features',
  });
  rows.push({
    stage: "classify 30 s ({ y, sr }, fft: 'js')",
    ...(await measure(() => classify({ y, sr }, { fft: 'js' }), { iterations: 7, time: 0 })),
    librosaMs: kaggle57,
    note: 'librosa: kaggle57 features',
  });
  rows.push({ stage: 'classify 30 s (flac file, decode included)', medianMs: await medianOf(() => classify(flac), { iterations: 5, time: 0 }) });

  const genres = readdirSync(join(SHARED_DIR, 'data/gtzan/audio')).sort();
  const files = genres.map((g) => join(SHARED_DIR, 'data/gtzan/audio', g, `${g}.00001.flac`));
  for (const workers of [1, 2]) {
    const dir = mkdtempSync(join(tmpdir(), 'mirkit-bench-'));
    const t0 = performance.now();
    const summary = await runExtract({ inputs: files, set: 'gtzan57', out: join(dir, 'f.csv'), workers });
    const s = (performance.now() - t0) / 1000;
    rmSync(dir, { recursive: true, force: true });
    rows.push({
      stage: `extract gtzan57, ${workers} worker${workers > 1 ? 's' : ''}`,
      medianMs: (s * 1000) / files.length,
      note: `${(files.length / s).toFixed(2)} clips/s over ${files.length} clips (${summary.succeeded} ok, ${summary.failed} failed); ms per clip`,
    });
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().then((rows) => console.log(formatTable(rows)));
}
