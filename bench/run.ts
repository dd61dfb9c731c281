/**
 * `npm run bench [-- suite...]`: runs every benchmark suite (one per stage family), prints one
 * table with librosa's (and Meyda's, scikit-learn's) times beside mirkit's, and writes
 * bench/results.json so that a change in speed shows in review.
 *
 * Each suite runs in a process of its own (this file with `--suite <name> <rows file>`), so
 * that no suite inherits another's compiled code, heap or process state. One such state is V8's
 * guard on typed arrays: once any ArrayBuffer in a process has been detached, optimised code
 * checks every typed-array access for it, which slowed mirkit's typed-array loops by 10-50%.
 * The built package never detaches one (checked with `node --trace-protector-invalidation`), but
 * tsx's CommonJS hook does, on importing a CommonJS package such as fft.js or Meyda; so
 * `npm run bench` runs under `node --import tsx/esm`, tsx's ES-module hook alone, which does not.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTable, HAVE_SHARED, type BenchRow } from './util.js';

/** Suites run by default (the feature stages). */
const SUITES = ['fft', 'audio', 'spectral', 'descriptors', 'harmony', 'rhythm', 'events', 'pitch', 'features', 'realtime'];
/** Suites run only when named (`npm run bench -- classifiers neural`): slow, and owned by the model work. */
const OPTIONAL = ['classify', 'classifiers', 'neural', 'tagging'];

const here = dirname(fileURLToPath(import.meta.url));

/** Child mode: runs suite `name` and writes its rows as JSON to `rowsFile`. */
async function runSuite(name: string, rowsFile: string): Promise<void> {
  const mod = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as { run?: () => Promise<BenchRow[]> };
  const rows = typeof mod.run === 'function' ? await mod.run() : [];
  writeFileSync(rowsFile, JSON.stringify(rows));
}

/** Runs suite `name` in a child process (the same node and loader flags as this one); its rows, or undefined where it failed. */
function suiteInChild(name: string, scratch: string): BenchRow[] | undefined {
  const rowsFile = join(scratch, `${name}.json`);
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--suite', name, rowsFile], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(rowsFile)) {
    console.error(`suite ${name}: failed (exit ${r.status ?? r.signal})`);
    return undefined;
  }
  return JSON.parse(readFileSync(rowsFile, 'utf8')) as BenchRow[];
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const suites = wanted.length ? wanted : SUITES;
  for (const w of wanted)
    if (!SUITES.includes(w) && !OPTIONAL.includes(w)) console.warn(`suite ${w}: unknown (suites: ${[...SUITES, ...OPTIONAL].join(', ')})`);
  if (!HAVE_SHARED) console.warn('note: ../shared not found; suites that need the fixture clips are skipped');
  const results: Record<string, BenchRow[]> = {};
  const scratch = mkdtempSync(join(tmpdir(), 'mirkit-bench-'));
  let failed = false;
  try {
    for (const name of suites) {
      if (!existsSync(join(here, `${name}.ts`))) {
        console.warn(`suite ${name}: not present`);
        continue;
      }
      console.log(`\n== ${name}`);
      const rows = suiteInChild(name, scratch);
      if (!rows) {
        failed = true;
        continue;
      }
      results[name] = rows;
      console.log(formatTable(rows));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
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
  if (failed) process.exitCode = 1;
}

const [mode, suiteName, rowsFile] = process.argv.slice(2);
(mode === '--suite' ? runSuite(suiteName, rowsFile) : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
