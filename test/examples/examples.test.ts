/**
 * Runs the scripts in examples/ as a user would (`npx tsx examples/<name>.ts`) and checks what
 * they print and write. Slow by nature (each is a fresh process doing real work): generous timeouts.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify, csvTable, GTZAN57_NAMES } from '../../src/index.js';
import { synthesizeClip } from '../../examples/synth.js';
import { describeShared } from '../helpers/shared.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSX = join(root, 'node_modules', '.bin', 'tsx');
const LONG = 900_000;

/** Runs an example with tsx; resolves with its exit code, stdout and stderr (never rejects). */
async function runExample(name: string, args: string[] = [], cwd = root): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [join(root, 'examples', name), ...args], { cwd, timeout: LONG - 60_000, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? String(e) };
  }
}

/** A 16-bit PCM mono WAV file. */
function wavBytes(y: Float32Array, sr: number): Buffer {
  const b = Buffer.alloc(44 + y.length * 2);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + y.length * 2, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(sr, 24);
  b.writeUInt32LE(sr * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(y.length * 2, 40);
  for (let i = 0; i < y.length; i++) b.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(y[i] * 32767))), 44 + 2 * i);
  return b;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mirkit-examples-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('examples', () => {
  it(
    'demo.ts (npm run demo) classifies the synthesised clip and prints bars and stage times',
    async () => {
      const { code, stdout, stderr } = await runExample('demo.ts');
      expect(stderr.replace(/npm warn.*\n?/g, '')).not.toMatch(/Error/);
      expect(code).toBe(0);
      const genre = /^genre: (\S+)\s+\(model (\S+)\)/m.exec(stdout);
      expect(genre, stdout).not.toBeNull();
      const bars = [...stdout.matchAll(/^ {2}(\S+)\s+[█·]+\s+([\d.]+) %$/gm)];
      expect(bars.length).toBe(10);
      expect(bars[0][1]).toBe(genre![1]);
      const total = bars.reduce((s, m) => s + Number(m[2]), 0);
      expect(Math.abs(total - 100)).toBeLessThan(0.6);
      for (const stage of [
        'synthesizeClip',
        'melSpectrogram',
        'mfcc',
        'chromaStft',
        'tonnetz',
        'onsetStrength',
        'tempo',
        'hpssAudio',
        'extractFeatures',
        'classify',
      ]) {
        expect(stdout).toMatch(new RegExp(`^ {2}${stage}\\s+[\\d.]+ ms`, 'm'));
      }
      // the same answer as the library in this process
      const ref = await classify({ y: synthesizeClip({ sr: 22050, seconds: 30, bpm: 120, seed: 1 }), sr: 22050 });
      expect(genre![1]).toBe(ref.genre);
      expect(genre![2]).toBe(ref.model);
      for (const [, g, p] of bars) expect(Math.abs(Number(p) - ref.probabilities[g] * 100)).toBeLessThanOrEqual(0.051);
    },
    LONG,
  );

  it(
    'plot-features.ts writes an SVG with chroma, Tonnetz and MFCC panels',
    async () => {
      const out = join(tmp, 'plots', 'features.svg');
      mkdirSync(dirname(out), { recursive: true });
      const { code, stdout, stderr } = await runExample('plot-features.ts', ['--out', out]);
      expect(code, stderr).toBe(0);
      expect(stdout).toContain(`wrote ${out}`);
      expect(stdout).toMatch(/chroma 12x\d+, tonnetz 6x\d+, mfcc 20x\d+/);
      const svg = readFileSync(out, 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      for (const title of ['Chromagram', 'Tonnetz', 'MFCC']) expect(svg).toContain(title);
      const rects = svg.match(/<rect /g)?.length ?? 0;
      expect(rects).toBeGreaterThan(1000);
      expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    },
    LONG,
  );

  it(
    'classify-file.ts and extract-folder.ts work on a folder of WAV files',
    async () => {
      const sr = 22050;
      const folder = join(tmp, 'genres');
      mkdirSync(join(folder, 'synth'), { recursive: true });
      const y = synthesizeClip({ sr, seconds: 8, bpm: 100, seed: 3 });
      const wav = join(folder, 'synth', 'synth.00000.wav');
      writeFileSync(wav, wavBytes(y, sr));

      const c = await runExample('classify-file.ts', [wav]);
      expect(c.code, c.stderr).toBe(0);
      expect(c.stdout).toMatch(new RegExp(`^${wav.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\w+ {2}\\(\\w+ [\\d.]+%`, 'm'));

      const csv = join(tmp, 'features.csv');
      const e = await runExample('extract-folder.ts', [folder, csv]);
      expect(e.code, e.stderr).toBe(0);
      expect(e.stdout).toContain(`wrote 1 rows x ${GTZAN57_NAMES.length + 2} columns`);
      const table = csvTable(readFileSync(csv, 'utf8'));
      expect(table.header).toEqual(['filename', 'label', ...GTZAN57_NAMES]);
      expect(table.rows).toHaveLength(1);
      expect(table.rows[0].slice(0, 2)).toEqual(['synth/synth.00000.wav', 'synth']);
      expect(table.rows[0].slice(2).every((v) => Number.isFinite(Number(v)))).toBe(true);

      const bad = await runExample('classify-file.ts', [join(tmp, 'missing.wav')]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/missing\.wav: [A-Z_]+: /);
    },
    LONG,
  );
});

describeShared('examples on ../shared', () => {
  it(
    'train-compare.ts cross-validates a few models on the GTZAN table',
    async () => {
      const { code, stdout, stderr } = await runExample('train-compare.ts', ['--folds', '3']);
      expect(code, stderr).toBe(0);
      expect(stdout).toMatch(/1000 rows x 57 features, 10 classes; 3-fold/);
      const rows = [...stdout.matchAll(/^(.+?)\s+(0\.\d{3})\s+(0\.\d{3})\s+\d+ ms$/gm)];
      expect(rows.map((r) => r[1])).toEqual(['LogisticRegression(C=1)', 'KNeighbors(k=5)', 'SVC(rbf, C=3)', 'RandomForest(100 trees)']);
      for (const r of rows) {
        expect(Number(r[2])).toBeGreaterThan(0.55);
        expect(Number(r[3])).toBeGreaterThan(0.55);
      }
    },
    LONG,
  );
});
