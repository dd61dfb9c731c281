/**
 * `npx tsx bench/extract-scaling.ts [files] [workers...]`: throughput of `mirkit extract --set gtzan57`
 * over worker threads (default: 12 GTZAN clips from ../shared, 1 and 2 workers; beyond ../shared's 100
 * clips, each repeat is a symbolic link of its own, so a GTZAN-sized job of 1000 files can be timed),
 * with the CPU time per file (all threads; the same on a loaded machine unless the workers slow each
 * other down), the main thread's event-loop utilisation (how busy it is while the workers work) and the
 * load average. Each worker count runs twice (`SCALING_ROUNDS`, interleaved) after a warm-up (so tsx's
 * transform cache and the OS file cache are hot); the best run counts, and from three rounds on the
 * median is printed too, as is each round's own ratio (its runs back to back, so a slow spell of the host
 * weighs on one round). Not part of `npm run bench` (it takes minutes); run it on a quiet machine.
 *
 * Run from source, the workers load the library through tsx, whose start-up and transforms inside each
 * worker thread weigh on a dozen files; `SCALING_CLI=dist` times the built command instead (`npm run
 * build` first: `node dist/cli.js extract`, a process per run, start-up included), as users run it.
 * Then each run also prints when the output first held one row per worker and the rate after that
 * (the start-up of node, the imports and the JIT warm-up of each worker, about 1.2-1.7 s, left out),
 * and each round's ratio of those rates: on a dozen or a hundred files the start-up weighs on the
 * end-to-end ratio, on a GTZAN-sized job hardly.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { runExtract } from '../src/cli/extract.js';
import { median, SHARED_DIR } from './util.js';

const DATA_DIR = join(SHARED_DIR, 'data');

/** What one run of the built command gave. */
interface BuiltRun {
  /** 1 when the command failed. */
  failed: number;
  /**
   * Seconds from the start until the output held one row per worker (each worker's first file
   * done, roughly: start-up, imports and JIT warm-up behind it), and the rows then written.
   */
  warm?: { sec: number; rows: number };
}

/**
 * `node dist/cli.js extract <files> --set gtzan57 --out <out> --workers <w>`, its output's row count
 * polled every 20 ms to time its start-up ({@link BuiltRun.warm}).
 */
function runBuiltCli(files: string[], out: string, workers: number): Promise<BuiltRun> {
  const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, 'extract', ...files, '--set', 'gtzan57', '--out', out, '--workers', String(workers)], { stdio: 'ignore' });
  let warm: BuiltRun['warm'];
  const poll = setInterval(() => {
    let text: string;
    try {
      text = readFileSync(out, 'utf8');
    } catch {
      return; // not written yet
    }
    const rows = text.split('\n').length - 2; // the header; the last line is empty
    if (rows < workers) return;
    warm = { sec: (performance.now() - t0) / 1000, rows };
    clearInterval(poll);
  }, 20);
  return new Promise((resolve, reject) => {
    child.on('error', (e) => {
      clearInterval(poll);
      reject(e);
    });
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ failed: code === 0 ? 0 : 1, warm });
    });
  });
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 12);
  const counts = process.argv.slice(3).map(Number);
  const workerCounts = counts.length ? counts : [1, 2];
  const root = join(DATA_DIR, 'gtzan', 'audio');
  const genres = readdirSync(root).sort();
  const distinct: string[] = [];
  for (let i = 0; distinct.length < n; i++) {
    const g = genres[i % genres.length];
    const list = readdirSync(join(root, g)).sort();
    const f = join(root, g, list[Math.floor(i / genres.length) % list.length]);
    if (distinct.includes(f)) break; // every clip listed once
    distinct.push(f);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'mirkit-scaling-'));
  // More files than clips (a GTZAN-sized job from ../shared's 100): the k-th repeat of a clip is a
  // symbolic link to it in its own folder, a separate file to the command (which drops repeated paths).
  const files = Array.from({ length: n }, (_, i) => {
    const f = distinct[i % distinct.length];
    const k = Math.floor(i / distinct.length);
    if (k === 0) return f;
    const link = join(tmp, 'repeats', String(k), basename(dirname(f)), basename(f));
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(f, link);
    return link;
  });
  try {
    const rates = new Map<number, number[]>(); // per worker count, the rates of the counted runs
    const steady = new Map<number, number[]>(); // the same after start-up (built command only)
    const rounds = Math.max(1, Number(process.env.SCALING_ROUNDS ?? 2));
    const built = process.env.SCALING_CLI === 'dist';
    let run = 0;
    for (const w of [workerCounts[0], ...Array.from({ length: rounds }, () => workerCounts).flat()]) {
      const out = join(tmp, `r${run++}.csv`);
      const elu0 = performance.eventLoopUtilization();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const s: { failed: number; warm?: BuiltRun['warm'] } = built
        ? await runBuiltCli(files, out, w)
        : await runExtract({ inputs: files, set: 'gtzan57', out, workers: w });
      const sec = (performance.now() - t0) / 1000;
      const elu = performance.eventLoopUtilization(elu0).utilization;
      const c = process.cpuUsage(c0);
      const cpuPerFile = (c.user + c.system) / 1e6 / n; // every thread of the process, worker start-up included
      if (s.failed) throw new Error(`${s.failed} files failed`);
      const rate = n / sec;
      // after start-up: the files written after each worker's first one, over the time they took
      const after = s.warm && s.warm.rows < n ? (n - s.warm.rows) / (sec - s.warm.sec) : undefined;
      // (the built command runs in a child process: its CPU and event loop are not this process's)
      const inside = built
        ? s.warm
          ? `; first ${s.warm.rows} row(s) after ${s.warm.sec.toFixed(2)} s, then ${after?.toFixed(2) ?? '-'} files/s`
          : ''
        : `, CPU ${cpuPerFile.toFixed(2)} s per file, main thread busy ${(100 * elu).toFixed(1)}%`;
      console.log(
        `workers ${w}: ${n} files in ${sec.toFixed(2)} s = ${rate.toFixed(2)} files/s${inside}, load ${loadavg()[0].toFixed(2)}${run === 1 ? ' (warm-up)' : ''}`,
      );
      if (run > 1) {
        rates.set(w, [...(rates.get(w) ?? []), rate]);
        steady.set(w, [...(steady.get(w) ?? []), after ?? Number.NaN]); // NaN keeps the rounds aligned
      }
    }
    const report = (label: string, pick: (xs: number[]) => number): void => {
      const base = pick(rates.get(workerCounts[0])!);
      for (const [w, xs] of rates)
        console.log(`${label}, ${w} worker(s): ${pick(xs).toFixed(2)} files/s, ${(pick(xs) / base).toFixed(2)}x of ${workerCounts[0]}`);
    };
    report('best', (xs) => Math.max(...xs));
    if (rounds > 2) report('median', median);
    // Each round's own ratio (its runs are back to back): a slow spell that spans one round counts once.
    const perRound = (label: string, byCount: Map<number, number[]>): void => {
      const base = byCount.get(workerCounts[0]);
      if (!base) return;
      for (const w of workerCounts.slice(1)) {
        const paired = (byCount.get(w) ?? []).map((r, i) => r / base[i]).filter(Number.isFinite);
        if (paired.length)
          console.log(`${label}, ${w} worker(s): ${paired.map((x) => x.toFixed(2)).join(' ')}x of ${workerCounts[0]}; median ${median(paired).toFixed(2)}x`);
      }
    };
    perRound('per round', rates);
    perRound('per round after start-up', steady);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
