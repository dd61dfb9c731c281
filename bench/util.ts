/** Shared helpers for the benchmark suites. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';

/** One line of the benchmark table. */
export interface BenchRow {
  /** Stage name, e.g. `mfcc`. */
  stage: string;
  /** mirkit's median time in milliseconds. */
  medianMs: number;
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

/** librosa's median time for a stage of a fixture clip, if the timing file has it. */
export function librosaMs(stage: string, clip = 'gtzan-country-00000'): number | undefined {
  const path = join(FIXTURES_DIR, `${clip}.timing.json`);
  if (!existsSync(path)) return undefined;
  const t = JSON.parse(readFileSync(path, 'utf8'));
  return t.stages?.[stage]?.median_ms;
}

/** Median of a tinybench task's samples in ms. */
export async function medianOf(fn: () => unknown, { iterations = 10, time = 500 } = {}): Promise<number> {
  const bench = new Bench({ iterations, time, warmup: true });
  bench.add('x', fn as () => void);
  await bench.run();
  const task = bench.tasks[0];
  const r = task.result as unknown as { latency?: { p50?: number; samples?: number[] }; samples?: number[] } | undefined;
  const samples = r?.latency?.samples ?? r?.samples;
  if (samples && samples.length) {
    const s = [...samples].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  }
  if (r?.latency?.p50 !== undefined) return r.latency.p50;
  throw new Error('tinybench returned no samples');
}

/** Formats rows as an aligned text table. */
export function formatTable(rows: BenchRow[]): string {
  const head = ['stage', 'mirkit ms', 'librosa ms', 'ratio', 'meyda ms', 'note'];
  const body = rows.map((r) => [
    r.stage,
    r.medianMs.toFixed(2),
    r.librosaMs !== undefined ? r.librosaMs.toFixed(2) : r.referenceMs !== undefined ? `${r.referenceMs.toFixed(2)}*` : '',
    r.librosaMs !== undefined ? `${(r.librosaMs / r.medianMs).toFixed(1)}x` : r.referenceMs !== undefined ? `${(r.referenceMs / r.medianMs).toFixed(1)}x` : '',
    r.meydaMs !== undefined ? r.meydaMs.toFixed(2) : '',
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
