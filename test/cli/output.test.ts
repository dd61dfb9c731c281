import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { runExtract } from '../../src/cli/extract.js';
import { readWavMono } from '../../src/cli/extractor.js';
import { completeRecordsLength, metaPath } from '../../src/cli/output.js';
import { csvTable } from '../../src/genre/csv.js';
import { capture, sine, tempDir, writeWav16 } from './helpers.js';

let dir: string;
let cleanup: () => void;
let audio: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  audio = join(dir, 'in');
  writeWav16(join(audio, 'a.wav'), sine(0.25, 220, 0.5));
  writeWav16(join(audio, 'b.wav'), sine(0.5, 330, 0.25));
  // A filename holding a newline and a quote: its CSV field is quoted over two lines.
  writeWav16(join(audio, 'c\n"live".wav'), sine(0.125, 440, 0.8));
});
afterEach(() => cleanup());

const extract = async (p: string) => {
  const { y, sr } = readWavMono(new Uint8Array(readFileSync(p)));
  return { names: ['duration'], values: [y.length / sr] };
};

describe('completeRecordsLength', () => {
  it('ends after the last line feed outside quotes', () => {
    expect(completeRecordsLength('h\nx,1\n')).toBe(6);
    expect(completeRecordsLength('h\nx,1\ny,')).toBe(6);
    expect(completeRecordsLength('h\n"a\nb",1\n"c\nd')).toBe(10); // cut inside a quoted multi-line field
    expect(completeRecordsLength('h\n"a ""q""\nb",1\n')).toBe(16);
    expect(completeRecordsLength('no line feed')).toBe(0);
  });
});

describe('regression (issue 16): an --out that is not an extract CSV of the same set is refused untouched', () => {
  it.each([
    ['an audio file', 'song.wav', () => readFileSync(join(audio, 'a.wav'))],
    ['another CSV', 'table.csv', () => Buffer.from('name,score\nx,1\n')],
    ['a text file', 'notes.txt', () => Buffer.from('remember the milk')],
    ['a file of blank lines', 'blank.csv', () => Buffer.from('  \n\n')],
    ['a header cut short', 'cut.csv', () => Buffer.from('filename,lab')],
  ])('%s', async (_what, name, content) => {
    const out = join(dir, name);
    const before = content();
    writeFileSync(out, before);
    const stderr = capture();
    expect(await runCli(['extract', audio, '--set', 'seed', '--out', out], { stdout: capture(), stderr, extract })).toBe(1);
    expect(stderr.text).toMatch(/exists and .*left untouched/);
    expect(readFileSync(out).equals(before)).toBe(true);
    expect(existsSync(metaPath(out))).toBe(false);
    await expect(runExtract({ inputs: [audio], set: 'seed', out, extract })).rejects.toMatchObject({ code: 'BAD_DATA' });
    expect(readFileSync(out).equals(before)).toBe(true);
  });

  it('refuses to resume with another --set or --sr, leaving the file as it was', async () => {
    const out = join(dir, 'f.csv');
    await runExtract({ inputs: [audio], set: 'seed', out, workers: 1, extract });
    const before = readFileSync(out, 'utf8');
    expect(JSON.parse(readFileSync(metaPath(out), 'utf8'))).toEqual({ set: 'seed', sr: 22050 });
    await expect(runExtract({ inputs: [audio], set: 'gtzan57', out, extract })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: expect.stringMatching(/written with --set seed --sr 22050/),
    });
    await expect(runExtract({ inputs: [audio], set: 'seed', sr: 16000, out, extract })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    expect(readFileSync(out, 'utf8')).toBe(before);
    const s = await runExtract({ inputs: [audio], set: 'seed', out, extract });
    expect(s).toMatchObject({ skipped: 3, succeeded: 0 });
  });
});

describe('regression (issue 16): resume after a record cut inside a quoted multi-line field', () => {
  it('drops the incomplete last record and extracts that file again', async () => {
    const out = join(dir, 'f.csv');
    await runExtract({ inputs: [join(audio, 'a.wav'), join(audio, 'b.wav')], set: 'seed', out, workers: 1, extract });
    const done = readFileSync(out, 'utf8');
    const cname = join(audio, 'c\n"live".wav');
    writeFileSync(out, done + `"${cname.replace(/"/g, '""').split('\n')[0]}\n"`); // killed after the field's first line
    const s = await runExtract({ inputs: [join(audio, 'a.wav'), join(audio, 'b.wav'), cname], set: 'seed', out, workers: 1, extract });
    expect(s).toMatchObject({ total: 3, skipped: 2, succeeded: 1, failed: 0 });
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith(done)).toBe(true);
    const t = csvTable(text);
    expect(t.rows.map((r) => r[0])).toEqual([join(audio, 'a.wav'), join(audio, 'b.wav'), cname]);
    expect(Number(t.rows[2][2])).toBe(0.125);
  });
});
