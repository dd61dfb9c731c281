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

describe('regression: <out>.mirkit.json that is not mirkit’s record is refused', () => {
  it('on a new output and on a resumed one, before anything is written', async () => {
    const out = join(dir, 'out.csv');
    writeFileSync(metaPath(out), '{"mine":1}\n');
    await expect(runExtract({ inputs: [audio], set: 'seed', out, extract })).rejects.toMatchObject({
      code: 'BAD_DATA',
      message: expect.stringMatching(/mirkit\.json exists and is not mirkit's record/),
    });
    expect(readFileSync(metaPath(out), 'utf8')).toBe('{"mine":1}\n');
    expect(existsSync(out)).toBe(false);
    // an output written earlier whose record was replaced by the user's file
    const other = join(dir, 'other.csv');
    await runExtract({ inputs: [join(audio, 'a.wav')], set: 'seed', out: other, workers: 1, extract });
    const cut = `${readFileSync(other, 'utf8')}${join(audio, 'b.wav')},`; // an unfinished record after it
    writeFileSync(other, cut);
    writeFileSync(metaPath(other), 'user notes\n');
    await expect(runExtract({ inputs: [audio], set: 'seed', out: other, extract })).rejects.toMatchObject({ code: 'BAD_DATA' });
    expect(readFileSync(other, 'utf8')).toBe(cut);
    expect(readFileSync(metaPath(other), 'utf8')).toBe('user notes\n');
  });
});

describe('regression: resume keeps a whole last record saved without its line feed', () => {
  it('keeps a whole feature record, drops a cut or an error record', async () => {
    const out = join(dir, 'f.csv');
    const a = join(audio, 'a.wav');
    const b = join(audio, 'b.wav');
    await runExtract({ inputs: [a, b], set: 'seed', out, workers: 1, extract });
    const done = readFileSync(out, 'utf8');
    expect(done.endsWith(',\n')).toBe(true);
    writeFileSync(out, done.slice(0, -1)); // as an editor may save it
    const s = await runExtract({ inputs: [a, b], set: 'seed', out, workers: 1, extract });
    expect(s).toMatchObject({ total: 2, skipped: 2, succeeded: 0 });
    expect(readFileSync(out, 'utf8')).toBe(done);
    // cut inside the last value: one field short, dropped and extracted again
    writeFileSync(out, done.slice(0, done.lastIndexOf(',') - 1));
    const s2 = await runExtract({ inputs: [a, b], set: 'seed', out, workers: 1, extract });
    expect(s2).toMatchObject({ skipped: 1, succeeded: 1 });
    expect(readFileSync(out, 'utf8')).toBe(done);
    // an error record without its line feed may have been cut inside its message: dropped
    const erred = `${done}${join(audio, 'c\n"live".wav').replace(/\n/g, ' ')},,,decode fai`;
    writeFileSync(out, erred);
    await runExtract({ inputs: [a, b], set: 'seed', out, workers: 1, extract });
    expect(readFileSync(out, 'utf8')).toBe(done);
  });
});
