import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { csvTable } from '../../src/genre/csv.js';
import { embed } from '../../src/tagging/index.js';
import { capture, sine, tempDir, writeWav16, writeWavFloat32 } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('mirkit embed', () => {
  it('writes one row per file in the extract CSV form (labels from folders), resumes, and reports failures (exit status 1, as extract)', async () => {
    const audio = join(dir, 'genres');
    writeWav16(join(audio, 'blues', 'blues.00000.wav'), sine(3.1, 220, 0.5, 16000), 16000);
    writeWav16(join(audio, 'rock', 'rock.00000.wav'), sine(3.1, 440, 0.5, 16000), 16000);
    writeWav16(join(audio, 'rock', 'rock.00001.wav'), sine(0.5, 440, 0.5, 16000), 16000); // too short
    const out = join(dir, 'emb.csv');
    const err = capture();
    expect(await runCli(['embed', audio, '--out', out, '--model', 'MSD_vgg'], { stdout: capture(), stderr: err })).toBe(1);
    expect(err.text).toContain('2 embedded, 1 failed');
    const t = csvTable(readFileSync(out, 'utf8'));
    expect(t.header.slice(0, 3)).toEqual(['filename', 'label', 'MSD_vgg_pool5_0']);
    expect(t.header.length).toBe(2 + 128 + 1);
    const blues = t.rows.find((r) => r[0] === 'blues/blues.00000.wav')!;
    expect(blues[1]).toBe('blues');
    const direct = await embed(join(audio, 'blues', 'blues.00000.wav'), { model: 'MSD_vgg' });
    blues.slice(2, 130).forEach((v, i) => expect(Number(v)).toBeCloseTo(direct.mean[i], 5));
    expect(t.rows.find((r) => r[0] === 'rock/rock.00001.wav')!.at(-1)).toContain('2.976');
    const again = capture();
    expect(await runCli(['embed', audio, '--out', out, '--model', 'MSD_vgg'], { stdout: capture(), stderr: again })).toBe(0);
    expect(again.text).toContain('3 already in');
  });
  it('a loud float WAV (samples of +-16) gives a row of finite max_pool values, not blank cells', async () => {
    const loud = join(dir, 'loud.wav');
    writeWavFloat32(
      loud,
      new Float32Array(48000).map((_, i) => (Math.floor(i / 36) % 2 ? 16 : -16)),
      16000,
    );
    const out = join(dir, 'e.csv');
    expect(await runCli(['embed', loud, '--layer', 'max_pool', '-o', out], { stdout: capture(), stderr: capture() })).toBe(0);
    const t = csvTable(readFileSync(out, 'utf8'));
    expect(t.header.length).toBe(2 + 753 + 1);
    expect(t.rows[0].at(-1)).toBe('');
    expect(t.rows[0].slice(2, -1).every((v) => v !== '' && Number.isFinite(Number(v)))).toBe(true);
  });
  it('needs --out; a layer the model lacks is a usage error', async () => {
    expect(await runCli(['embed', dir], { stdout: capture(), stderr: capture() })).toBe(2);
    expect(await runCli(['embed', dir, '--out', 'x.csv', '--model', 'MSD_vgg', '--layer', 'penultimate'], { stdout: capture(), stderr: capture() })).toBe(2);
  });
});
