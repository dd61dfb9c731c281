import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { mergeExtractOutputs } from '../../src/cli/merge.js';
import { metaPath } from '../../src/cli/output.js';
import { csvTable } from '../../src/genre/csv.js';
import { capture, sine, tempDir, writeText, writeWav16 } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** Runs `mirkit` (src/cli/main.ts under tsx) as a separate process. */
function mirkit(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd: dir, env: { ...process.env, ...env } });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stderr }));
  });
}

const sortedRows = (path: string) => {
  const t = csvTable(readFileSync(path, 'utf8'));
  return { header: t.header, rows: t.rows.slice().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
};

function writeClips(n: number): string {
  const input = join(dir, 'in');
  for (let i = 0; i < n; i++) writeWav16(join(input, `g${i % 3}`, `clip${i}.wav`), sine(2, 150 + 40 * i, 0.5, 22050), 22050);
  writeText(join(input, 'g0', 'broken.wav'), 'RIFF not audio');
  return input;
}

describe('sharded extraction (real seed features, separate processes)', () => {
  it('three shards as processes, merged, equal the unsharded run row for row', async () => {
    const input = writeClips(8);
    const runs = await Promise.all([
      mirkit(['extract', 'in', '--set', 'seed', '--out', 'all.csv', '-j', '0']),
      mirkit(['extract', 'in', '--set', 'seed', '--out', 'parts/0.csv', '-j', '0', '--shard', '0/3']),
      mirkit(['extract', 'in', '--set', 'seed', '--out', 'parts/1.csv', '-j', '0', '--shard', 'auto', '--shards', '3'], { JOB_COMPLETION_INDEX: '1' }),
      mirkit(['extract', 'in', '--set', 'seed', '--out', 'parts/2.csv', '-j', '0', '--shard', 'auto'], {
        SLURM_ARRAY_TASK_ID: '2',
        SLURM_ARRAY_TASK_COUNT: '3',
      }),
    ]);
    expect(input).toBe(join(dir, 'in'));
    // broken.wav makes the run that holds it exit 1 (its error row stays); the others exit 0.
    expect(runs.map((r) => r.status).sort()).toEqual([0, 0, 1, 1]);
    const merged = await mirkit(['merge', 'parts/0.csv', 'parts/1.csv', 'parts/2.csv', '--out', 'merged.csv']);
    expect(merged.status).toBe(0);
    const all = sortedRows(join(dir, 'all.csv'));
    expect(all.rows.length).toBe(9);
    expect(readFileSync(join(dir, 'merged.csv'), 'utf8').split('\n')[0]).toBe(all.header.join(','));
    expect(sortedRows(join(dir, 'merged.csv'))).toEqual(all);
    const parts = [0, 1, 2].map((i) => sortedRows(join(dir, 'parts', `${i}.csv`)).rows.map((r) => r[0]));
    expect(parts.flat().sort()).toEqual(all.rows.map((r) => r[0]));
    expect(new Set(parts.flat()).size).toBe(9); // disjoint
  }, 120_000);

  it('--shard 0/2 and 1/2 are disjoint and together equal the unsharded output', async () => {
    writeClips(6);
    const io = () => ({ stdout: capture(), stderr: capture() });
    const input = join(dir, 'in');
    await runCli(['extract', input, '--set', 'seed', '--out', join(dir, 'all.csv'), '-j', '0'], io());
    await runCli(['extract', input, '--set', 'seed', '--out', join(dir, 'h0.csv'), '-j', '0', '--shard', '0/2'], io());
    await runCli(['extract', input, '--set', 'seed', '--out', join(dir, 'h1.csv'), '-j', '0', '--shard', '1/2'], io());
    const a = sortedRows(join(dir, 'h0.csv')).rows;
    const b = sortedRows(join(dir, 'h1.csv')).rows;
    const names = new Set(a.map((r) => r[0]));
    expect(b.some((r) => names.has(r[0]))).toBe(false);
    expect(a.length > 0 && b.length > 0).toBe(true);
    expect([...a, ...b].sort((x, y) => (x[0] < y[0] ? -1 : 1))).toEqual(sortedRows(join(dir, 'all.csv')).rows);
  }, 120_000);
});

describe('mergeExtractOutputs', () => {
  const part = (name: string, text: string, meta?: object) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    if (meta) writeFileSync(metaPath(p), JSON.stringify(meta));
    return p;
  };

  it('sorts rows by filename, widens an error-only part, carries the set record', async () => {
    const a = part('a.csv', 'filename,label,x,y,error\nz.wav,rock,1,2,\nb.wav,jazz,3,4,\n', { set: 'seed', sr: 22050 });
    const b = part('b.csv', 'filename,label,error\nc.wav,pop,cannot decode\n');
    const out = join(dir, 'm.csv');
    expect(await mergeExtractOutputs([a, b], out)).toEqual({ parts: 2, rows: 3, errors: 1, featureNames: ['x', 'y'] });
    expect(readFileSync(out, 'utf8')).toBe('filename,label,x,y,error\nb.wav,jazz,3,4,\nc.wav,pop,,,cannot decode\nz.wav,rock,1,2,\n');
    expect(JSON.parse(readFileSync(metaPath(out), 'utf8'))).toEqual({ set: 'seed', sr: 22050 });
  });

  it('refuses mismatched headers, another set, overlapping parts, foreign files and an existing --out, writing nothing', async () => {
    const a = part('a.csv', 'filename,label,x,error\na.wav,rock,1,\n', { set: 'seed', sr: 22050 });
    const out = join(dir, 'm.csv');
    const cases: [string[], RegExp, string][] = [
      [[a, part('b.csv', 'filename,label,q,error\nb.wav,rock,1,\n')], /headers of .* differ/, 'BAD_DATA'],
      [[a, part('c.csv', 'filename,label,x,error\nc.wav,rock,1,\n', { set: 'seed', sr: 16000 })], /--sr 22050.*--sr 16000/, 'BAD_OPTION'],
      [[a, part('d.csv', 'filename,label,x,error\na.wav,rock,1,\n')], /a\.wav is in both/, 'BAD_DATA'],
      [[a, part('e.csv', 'name,score\n')], /not a mirkit extract CSV/, 'BAD_DATA'],
      [[a, part('f.csv', 'filename,label,x,error\n"f\n')], /unfinished record/, 'BAD_DATA'],
      [[a, join(dir, 'missing.csv')], /no such file/, 'FILE_NOT_FOUND'],
    ];
    for (const [parts, message, code] of cases) {
      await expect(mergeExtractOutputs(parts, out)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
      expect(existsSync(out)).toBe(false);
    }
    writeFileSync(out, 'precious');
    const stderr = capture();
    expect(await runCli(['merge', a, '--out', out], { stdout: capture(), stderr })).toBe(1);
    expect(stderr.text).toMatch(/exists; it was left untouched/);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    // the record beside --out is a file of the user's: refused before --out is created
    const out2 = join(dir, 'm2.csv');
    writeFileSync(metaPath(out2), 'mine');
    await expect(mergeExtractOutputs([a], out2)).rejects.toMatchObject({ code: 'BAD_DATA', message: expect.stringMatching(/not mirkit's record/) });
    expect(existsSync(out2)).toBe(false);
    expect(readFileSync(metaPath(out2), 'utf8')).toBe('mine');
  });
});
