/** Shared helpers for the benchmark suites. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { readWavFloat } from '../test/helpers/shared.js';
import { goalFor } from './goals.js';

/** One line of the benchmark table. */
export interface BenchRow {
  /** Stage name, e.g. `mfcc`. */
  stage: string;
  /** mirkit's median (wall-clock) time in milliseconds. */
  medianMs: number;
  /**
   * mirkit's median CPU time (user + system of this process) per call in milliseconds: on a
   * shared, loaded machine the steadier figure (wall time also counts waiting for a core).
   */
  cpuMs?: number;
  /** librosa's median on the same clip and machine class (from the fixture timing files). */
  librosaMs?: number;
  /** Meyda's median for the same feature, where Meyda has it. */
  meydaMs?: number;
  /** Any other reference time (scikit-learn...). */
  referenceMs?: number;
  /** Free-form note (what the reference is). */
  note?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
/** ../shared beside the project. */
export const SHARED_DIR = resolve(here, '..', '..', 'shared');
export const FIXTURES_DIR = join(SHARED_DIR, 'fixtures');
export const HAVE_SHARED = existsSync(join(FIXTURES_DIR, 'README.md'));

/** The clip every suite times: 30 s of GTZAN at 22.05 kHz. */
export const BENCH_CLIP = 'gtzan-country-00000';

/** librosa's median time for a stage of a fixture clip, if its timing file (`<clip>.timing.json`) has it. */
export function librosaMs(stage: string, clip = BENCH_CLIP, file: 'timing' | 'more.timing' = 'timing'): number | undefined {
  const path = join(FIXTURES_DIR, `${clip}.${file}.json`);
  if (!existsSync(path)) return undefined;
  const t = JSON.parse(readFileSync(path, 'utf8'));
  return t.stages?.[stage]?.median_ms;
}

/** librosa's median time for a stage of the newer features (`<clip>.more.timing.json`), if present. */
export function librosaMoreMs(stage: string, clip = BENCH_CLIP): number | undefined {
  return librosaMs(stage, clip, 'more.timing');
}

/**
 * The samples of {@link BENCH_CLIP}, or where ../shared is absent a stand-in of the same length
 * (663300 samples): `synth(i, noise)` per sample, `noise` a seeded uniform value in [-0.5, 0.5).
 * `source` names what was timed.
 */
export function benchClip(synth: (i: number, noise: number) => number = (_i, noise) => noise, standIn = 'noise'): { y: Float32Array; source: string } {
  if (HAVE_SHARED) return { y: readWavFloat(join(FIXTURES_DIR, `${BENCH_CLIP}.wav`)).y, source: BENCH_CLIP };
  const y = new Float32Array(663300);
  let s = 1;
  for (let i = 0; i < y.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    y[i] = synth(i, s / 2 ** 32 - 0.5);
  }
  return { y, source: `${standIn} (no ../shared)` };
}

/** A tinybench task's wall-clock samples (ms) of `fn`. */
async function samplesOf(fn: () => unknown, { iterations = 10, time = 500 } = {}): Promise<number[]> {
  const bench = new Bench({ iterations, time, warmup: true });
  bench.add('x', fn as () => void);
  await bench.run();
  const task = bench.tasks[0];
  const r = task.result as unknown as { latency?: { p50?: number; samples?: number[] }; samples?: number[] } | undefined;
  const samples = r?.latency?.samples ?? r?.samples;
  if (samples?.length) return [...samples];
  if (r?.latency?.p50 !== undefined) return [r.latency.p50];
  throw new Error('tinybench returned no samples');
}

/** The median of samples (the mean of the middle two of an even count). */
export function median(samples: readonly number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median of a tinybench task's samples in ms. */
export async function medianOf(fn: () => unknown, opts: { iterations?: number; time?: number } = {}): Promise<number> {
  return median(await samplesOf(fn, opts));
}

/** Median process CPU time (user + system) of `runs` calls of `fn`, in ms. */
export function cpuMedianMs(fn: () => unknown, runs = 3): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    fn();
    const d = process.cpuUsage(c);
    t.push((d.user + d.system) / 1000);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

/**
 * Wall-clock median (tinybench, {@link medianOf}) and CPU-time median ({@link cpuMedianMs}) of a
 * function (awaited when it returns a promise). `cpuRuns` defaults to 3 (5 for calls under 50 ms).
 */
export async function measure(
  fn: () => unknown,
  opts: { iterations?: number; time?: number; cpuRuns?: number } = {},
): Promise<{ medianMs: number; cpuMs: number }> {
  const medianMs = await medianOf(fn, opts);
  const runs = opts.cpuRuns ?? (medianMs < 50 ? 5 : 3);
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    await fn(); // async stages (loadAudio): CPU of the whole call, awaited
    const d = process.cpuUsage(c);
    t.push((d.user + d.system) / 1000);
  }
  t.sort((a, b) => a - b);
  return { medianMs, cpuMs: t[Math.floor(t.length / 2)] };
}

/** The goal column: the issues' ratio goal for the row ({@link goalFor}) and whether the wall-clock ratio meets it. */
function goalCell(r: BenchRow): string {
  const goal = goalFor(r.stage);
  if (goal === undefined || r.librosaMs === undefined || !(r.librosaMs > 0)) return '';
  return `<= ${goal.toFixed(2)} ${r.medianMs / r.librosaMs <= goal ? 'met' : 'SHORT'}`;
}

/**
 * {@link measure} of several stages (`[name, librosa key, function, ...]`, each returned with its times) in `rounds` interleaved rounds (every stage, then every stage
 * again): each stage's wall-clock samples pooled over the rounds, so its median spans the suite's
 * whole run rather than one window of it (this shared machine's speed drifts by tens of percent
 * over seconds, and one window could catch a slow or a fast spell). `time` is per round. CPU time
 * as in {@link measure}, after the rounds.
 */
export async function measureRounds<S extends readonly [string, unknown, () => unknown, ...unknown[]]>(
  stages: S[],
  opts: { iterations?: number; time?: number; cpuRuns?: number; rounds?: number } = {},
): Promise<Array<[S, { medianMs: number; cpuMs: number }]>> {
  const fns = stages.map((s) => s[2]);
  const { rounds = 3, ...round } = opts;
  const pooled: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) for (let i = 0; i < fns.length; i++) pooled[i].push(...(await samplesOf(fns[i], round)));
  const out: Array<[S, { medianMs: number; cpuMs: number }]> = [];
  for (let i = 0; i < fns.length; i++) {
    const medianMs = median(pooled[i]);
    const runs = opts.cpuRuns ?? (medianMs < 50 ? 5 : 3);
    const t: number[] = [];
    for (let k = 0; k < runs; k++) {
      const c = process.cpuUsage();
      await fns[i]();
      const d = process.cpuUsage(c);
      t.push((d.user + d.system) / 1000);
    }
    out.push([stages[i], { medianMs, cpuMs: median(t) }]);
  }
  return out;
}

/** Formats rows as an aligned text table. */
export function formatTable(rows: BenchRow[]): string {
  const head = ['stage', 'wall ms', 'cpu ms', 'librosa ms', 'ratio', 'goal', 'x (wall)', 'x (cpu)', 'meyda ms', 'note'];
  const ref = (r: BenchRow): number | undefined => r.librosaMs ?? r.referenceMs;
  const ratio = (r: BenchRow, t: number | undefined): string => {
    const v = ref(r);
    return v !== undefined && t !== undefined && t > 0 ? `${(v / t).toFixed(1)}x` : '';
  };
  const body = rows.map((r) => [
    r.stage,
    r.medianMs.toFixed(2),
    r.cpuMs !== undefined ? r.cpuMs.toFixed(2) : '',
    r.librosaMs !== undefined ? r.librosaMs.toFixed(2) : r.referenceMs !== undefined ? `${r.referenceMs.toFixed(2)}*` : '',
    // mirkit's wall time / librosa's (the goals: <= 0.5 for short stages on the default path)
    r.librosaMs !== undefined && r.librosaMs > 0 && Number.isFinite(r.medianMs) ? (r.medianMs / r.librosaMs).toFixed(3) : '',
    goalCell(r),
    ratio(r, r.medianMs),
    ratio(r, r.cpuMs),
    r.meydaMs !== undefined ? r.meydaMs.toFixed(2) : '',
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === head.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The FFT options the suites compare: the default (`'auto'`: PFFFT-wasm SIMD in Node), then fft.js. */
export const FFT_BACKENDS = ['auto', 'js'] as const;

/**
 * Runs `body(label, fft)` once per FFT option ({@link FFT_BACKENDS}, or only `only` when given):
 * the suites pass `fft` to every call (there is no process-wide switch). Where `'auto'` cannot be
 * PFFFT (no WebAssembly SIMD) its label says so.
 */
export async function onEachFftBackend(rows: BenchRow[], body: (label: string, fft: 'auto' | 'js') => Promise<void>, only?: string): Promise<void> {
  const { resolveFft } = await import('../src/dsp/fft.js');
  for (const fft of FFT_BACKENDS) {
    if (only && fft !== only) continue;
    const label = fft === 'auto' ? `auto (${resolveFft('auto')})` : 'js';
    await body(label, fft);
  }
}

/**
 * Where `moduleUrl` (a suite's `import.meta.url`) is the script node was started with
 * (`npx tsx bench/<suite>.ts`), runs the suite and prints its table; exits 1 on an error.
 */
export function runIfMain(moduleUrl: string, run: () => Promise<BenchRow[]>): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  run().then(
    (rows) => console.log(formatTable(rows)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
