/**
 * `npm run bench [-- suite...]`: runs every benchmark suite (one per stage family), prints one
 * table with librosa's (and Meyda's, scikit-learn's) times beside mirkit's, and writes
 * bench/results.json so that a change in speed shows in review.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTable, HAVE_SHARED, type BenchRow } from './util.js';

/** Suites run by default (the feature stages). */
const SUITES = ['fft', 'audio', 'spectral', 'descriptors', 'harmony', 'rhythm', 'events', 'pitch', 'features', 'realtime'];
/** Suites run only when named (`npm run bench -- classifiers neural`): slow, and owned by the model work. */
const OPTIONAL = ['classify', 'classifiers', 'neural', 'tagging'];

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const suites = wanted.length ? wanted : SUITES;
  for (const w of wanted)
    if (!SUITES.includes(w) && !OPTIONAL.includes(w)) console.warn(`suite ${w}: unknown (suites: ${[...SUITES, ...OPTIONAL].join(', ')})`);
  if (!HAVE_SHARED) console.warn('note: ../shared not found; suites that need the fixture clips are skipped');
  const results: Record<string, BenchRow[]> = {};
  for (const name of suites) {
    const file = join(here, `${name}.ts`);
    if (!existsSync(file)) {
      console.warn(`suite ${name}: not present`);
      continue;
    }
    const mod = (await import(pathToFileURL(file).href)) as { run?: () => Promise<BenchRow[]> };
    if (typeof mod.run !== 'function') continue;
    console.log(`\n== ${name}`);
    const rows = await mod.run();
    results[name] = rows;
    console.log(formatTable(rows));
  }
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    loadavg: loadavg().map((l) => +l.toFixed(2)),
    columns:
      'medianMs: wall median; cpuMs: process CPU (user+system) median per call; librosaMs: librosa 0.11 median (fixture timing files, 2-core machine); meydaMs: Meyda on the same frames',
  };
  // a partial run (`npm run bench -- spectral`) updates its suites and keeps the others' last results
  const path = join(here, 'results.json');
  let previous: Record<string, BenchRow[]> = {};
  if (wanted.length && existsSync(path)) {
    try {
      previous = (JSON.parse(readFileSync(path, 'utf8')) as { results?: Record<string, BenchRow[]> }).results ?? {};
    } catch {
      previous = {};
    }
  }
  writeFileSync(path, JSON.stringify({ meta, results: { ...previous, ...results } }, null, 2) + '\n');
  console.log(`\nwrote bench/results.json`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
