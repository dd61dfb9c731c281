/**
 * Long input (issue #9).
 *
 * - A 10-minute clip (synthesised: chords, clicks at 120 BPM, noise) through `extractFeatures` (both
 *   sets) and `classify`, each in a child process (long-input.child.ts) so that its peak resident
 *   memory (`process.resourceUsage().maxRSS`) is measured against a clean baseline after a warm-up.
 *   Bound: peak growth < 4 x the signal's float32 bytes + 300 MB (the signal is 52.9 MB); each run
 *   prints its peak.
 * - `runExtract` over a temp folder with one corrupt file in the middle: the others finish, the
 *   failure is reported as an error row, and the output CSV is complete and valid.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runExtract } from '../../src/cli/extract.js';
import { csvTable } from '../../src/genre/csv.js';
import { GTZAN57_NAMES } from '../../src/genre/features.js';
import { pcm16Wav } from './util.js';
import { describeWeights } from './weights.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..');
const CHILD = join(here, 'long-input.child.ts');
const MB = 1024 * 1024;

interface ChildReport {
  stage: string;
  samples: number;
  signalBytes: number;
  baselineRss: number;
  peakRss: number;
  peakGrowth: number;
  ms: number;
  finite: boolean;
  summary: unknown;
}

function runChild(stage: string): ChildReport {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', CHILD, stage], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 540_000,
    maxBuffer: 16 * MB,
  });
  if (r.status !== 0) throw new Error(`long-input child '${stage}' failed (status ${r.status}, signal ${r.signal}):\n${r.stderr}\n${r.stdout}`);
  const line = r.stdout.trim().split('\n').pop()!;
  const rep = JSON.parse(line) as ChildReport;
  console.log(
    `10-min clip, ${stage}: ${(rep.ms / 1000).toFixed(1)} s, baseline RSS ${(rep.baselineRss / MB).toFixed(0)} MB, peak RSS ${(rep.peakRss / MB).toFixed(0)} MB, ` +
      `peak growth ${(rep.peakGrowth / MB).toFixed(0)} MB (bound ${((4 * rep.signalBytes + 300 * MB) / MB).toFixed(0)} MB), ${JSON.stringify(rep.summary)}`,
  );
  return rep;
}

const BOUND = (rep: ChildReport) => 4 * rep.signalBytes + 300 * MB;

function checkRun(rep: ChildReport) {
  expect(rep.samples).toBe(10 * 60 * 22050);
  expect(rep.finite).toBe(true);
}

describe('long input: a 10-minute clip through extractFeatures', () => {
  // Peak growth measured on the 10-minute clip (52.9 MB of float32; bound 4 x 52.9 MB + 300 MB =
  // 502 MiB): with whole-clip STFT matrices and HPSS, gtzan57 1541 MiB and seed 1208 MiB; with the
  // STFT shared frame-major with HPSS, 790 / 782 MiB; with the streaming (chunked) pass of
  // src/genre/features.ts, 188 / 144 MiB. Repro of a regression:
  // `node --import tsx --expose-gc test/robustness/long-input.child.ts gtzan57` (or `seed`).
  it('extractFeatures(set gtzan57): finite, peak memory growth < 4 x signal + 300 MB', () => {
    const rep = runChild('gtzan57');
    checkRun(rep);
    expect(rep.peakGrowth).toBeLessThan(BOUND(rep));
  }, 600_000);
  it('extractFeatures(set seed): finite, peak memory growth < 4 x signal + 300 MB', () => {
    const rep = runChild('seed');
    checkRun(rep);
    expect(rep.peakGrowth).toBeLessThan(BOUND(rep));
  }, 600_000);
});

describeWeights('long input: classify', () => {
  it('classify: probabilities sum to 1, peak memory growth < 4 x signal + 300 MB', () => {
    const rep = runChild('classify');
    checkRun(rep);
    expect(rep.peakGrowth).toBeLessThan(BOUND(rep));
    expect((rep.summary as { sum: number }).sum).toBeCloseTo(1, 9);
  }, 600_000);
});

describe('long input: runExtract over a folder with a corrupt file in the middle', () => {
  it('the other files finish, the failure is an error row, the CSV is complete and valid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mirkit-extract-'));
    try {
      const audioDir = join(dir, 'audio');
      const { mkdir } = await import('node:fs/promises');
      await mkdir(audioDir);
      const tone = (f: number) =>
        Float32Array.from({ length: 22050 * 3 }, (_, i) => 0.4 * Math.sin((2 * Math.PI * f * i) / 22050) + (i % 11025 < 100 ? 0.3 : 0));
      const names = ['a.wav', 'b.wav', 'c-corrupt.mp3', 'd.wav', 'e.wav'];
      await writeFile(join(audioDir, 'a.wav'), pcm16Wav(tone(220), 22050));
      await writeFile(join(audioDir, 'b.wav'), pcm16Wav(tone(330), 22050));
      const junk = new Uint8Array(8192);
      junk.set([0xff, 0xfb, 0x90, 0x00]); // an MP3 frame sync, then garbage
      for (let i = 4; i < junk.length; i++) junk[i] = (i * 7919) & 0xff;
      await writeFile(join(audioDir, 'c-corrupt.mp3'), junk);
      await writeFile(join(audioDir, 'd.wav'), pcm16Wav(tone(440), 22050));
      await writeFile(join(audioDir, 'e.wav'), pcm16Wav(tone(550), 22050));
      const out = join(dir, 'features.csv');
      const summary = await runExtract({ inputs: [audioDir], set: 'gtzan57', out, workers: 0 });
      expect(summary.total).toBe(5);
      expect(summary.succeeded).toBe(4);
      expect(summary.failed).toBe(1);
      expect(summary.interrupted).toBe(false);
      const text = await readFile(out, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      const t = csvTable(text);
      expect(t.header).toEqual(['filename', 'label', ...GTZAN57_NAMES, 'error']);
      expect(t.rows.map((r) => r[0]).sort()).toEqual(names);
      for (const row of t.rows) {
        expect(row.length).toBe(t.header.length);
        const err = row[row.length - 1];
        const values = row.slice(2, -1);
        if (row[0] === 'c-corrupt.mp3') {
          // the junk decodes to no audio, or to one garbage MP3 frame (too short for features): either way an error row
          expect(err.length).toBeGreaterThan(10);
          expect(values.every((v) => v === '')).toBe(true);
        } else {
          expect(err).toBe('');
          for (const v of values) expect(Number.isFinite(Number(v)) && v !== '').toBe(true);
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
