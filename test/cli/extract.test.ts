import { appendFileSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { collectInputs, runExtract } from '../../src/cli/extract.js';
import { readWavMono } from '../../src/cli/extractor.js';
import type { FeatureVector } from '../../src/cli/lib.js';
import { createProgress, formatDuration } from '../../src/cli/progress.js';
import { csvTable } from '../../src/genre/csv.js';
import { DATA_DIR, FIXTURES_DIR, HAVE_SHARED, describeShared } from '../helpers/shared.js';
import { capture, sine, tempDir, writeText, writeWav16 } from './helpers.js';

/** A fake extractor: duration and peak of a 16-bit WAV; throws for anything else. Counts its calls. */
function fakeExtractor(delayMs = 0) {
  const calls: string[] = [];
  const extract = async (path: string): Promise<FeatureVector> => {
    calls.push(path);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const { y, sr } = readWavMono(new Uint8Array(readFileSync(path)));
    let peak = 0;
    for (const v of y) peak = Math.max(peak, Math.abs(v));
    return { names: ['duration', 'peak'], values: [y.length / sr, peak] };
  };
  return { extract, calls };
}

let dir: string;
let cleanup: () => void;
let audio: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  audio = join(dir, 'genres');
  // GTZAN layout: genres/<genre>/<genre>.0000k.wav, one corrupt file.
  writeWav16(join(audio, 'blues', 'blues.00000.wav'), sine(0.5, 220, 0.5));
  writeWav16(join(audio, 'blues', 'blues.00001.wav'), sine(0.25, 330, 0.25));
  writeWav16(join(audio, 'rock', 'rock.00000.wav'), sine(0.75, 440, 0.8));
  writeWav16(join(audio, 'rock', 'rock.00001.wav'), sine(1, 550, 0.1));
  writeWav16(join(audio, 'jazz', 'jazz.00000.wav'), sine(0.125, 660, 0.3));
  writeText(join(audio, 'jazz', 'jazz.00001.wav'), 'RIFF....this is not audio');
  writeText(join(audio, 'jazz', 'notes.txt'), 'ignored');
  writeText(join(audio, '.cache', 'hidden.wav'), 'ignored');
});
afterEach(() => cleanup());

const ALL = ['blues/blues.00000.wav', 'blues/blues.00001.wav', 'jazz/jazz.00000.wav', 'jazz/jazz.00001.wav', 'rock/rock.00000.wav', 'rock/rock.00001.wav'];

function readOut(path: string) {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const t = csvTable(text);
  const byName = new Map(t.rows.map((r) => [r[0], r]));
  expect(byName.size).toBe(t.rows.length); // no file twice
  return { ...t, byName };
}

describe('collectInputs', () => {
  it('walks folders recursively, labels by genre folder, sorts, skips non-audio and hidden files', async () => {
    const list = await collectInputs([audio]);
    expect(list.map((e) => e.filename)).toEqual(ALL);
    expect(list.map((e) => e.label)).toEqual(['blues', 'blues', 'jazz', 'jazz', 'rock', 'rock']);
    expect(list[0].path).toBe(join(audio, 'blues', 'blues.00000.wav'));
    const twice = await collectInputs([join(audio, 'rock', 'rock.00000.wav'), audio]);
    expect(twice.length).toBe(6); // the same file given twice is listed once
    // A genre folder given itself, or a GTZAN-named file given directly, keeps its genre label.
    const blues = await collectInputs([join(audio, 'blues')]);
    expect(blues.map((e) => [e.filename, e.label])).toEqual([
      ['blues.00000.wav', 'blues'],
      ['blues.00001.wav', 'blues'],
    ]);
    const direct = join(audio, 'rock', 'rock.00001.wav');
    expect(await collectInputs([direct])).toEqual([{ path: direct, filename: direct, label: 'rock' }]);
    // Files not named after their folder, at the top of a folder given, have no label.
    writeWav16(join(dir, 'mix', 'song.wav'), sine(0.1, 100, 0.1));
    expect((await collectInputs([join(dir, 'mix')])).map((e) => e.label)).toEqual(['']);
    expect((await collectInputs([join(dir, 'mix', 'song.wav')])).map((e) => e.label)).toEqual(['']);
    await expect(collectInputs([join(dir, 'missing')])).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('takes FMA labels by track id, never the 3-digit folder name', async () => {
    writeWav16(join(dir, 'fma', '000', '000002.wav'), sine(0.1, 100, 0.1));
    writeWav16(join(dir, 'fma', '000', '000003.wav'), sine(0.1, 100, 0.1));
    expect((await collectInputs([join(dir, 'fma')])).map((e) => e.label)).toEqual(['', '']);
    const labelled = await collectInputs([join(dir, 'fma')], { fmaLabels: new Map([[2, 'Hip-Hop']]) });
    expect(labelled.map((e) => [e.filename, e.label])).toEqual([
      ['000/000002.wav', 'Hip-Hop'],
      ['000/000003.wav', ''],
    ]);
  });
});

describe('runExtract with an injected extractor', () => {
  it('extracts every file, turns the corrupt one into an error row, writes a complete valid CSV', async () => {
    const out = join(dir, 'features.csv');
    const { extract, calls } = fakeExtractor(5);
    const s = await runExtract({ inputs: [audio], set: 'gtzan57', out, workers: 3, extract });
    expect(s).toMatchObject({ total: 6, skipped: 0, succeeded: 5, failed: 1, interrupted: false, featureNames: ['duration', 'peak'] });
    expect(calls.length).toBe(6);
    const t = readOut(out);
    expect(t.header).toEqual(['filename', 'label', 'duration', 'peak', 'error']);
    expect([...t.byName.keys()].sort()).toEqual(ALL);
    expect(t.byName.get('rock/rock.00000.wav')).toEqual(['rock/rock.00000.wav', 'rock', '0.75', String(Math.round(0.8 * 32767) / 32768), '']);
    const bad = t.byName.get('jazz/jazz.00001.wav')!;
    expect(bad.slice(0, 4)).toEqual(['jazz/jazz.00001.wav', 'jazz', '', '']);
    expect(bad[4]).toMatch(/^WAV: not a RIFF\/WAVE file/);
    for (const r of t.rows) if (r[4] === '') expect(Number.isFinite(Number(r[2])) && Number.isFinite(Number(r[3]))).toBe(true);
  });

  it('resumes: skips files already in the CSV, extracts only new ones, drops a partial last record', async () => {
    const out = join(dir, 'features.csv');
    await runExtract({ inputs: [audio], set: 'seed', out, workers: 2, extract: fakeExtractor().extract });
    const before = readFileSync(out, 'utf8');

    const again = fakeExtractor();
    const s2 = await runExtract({ inputs: [audio], set: 'seed', out, workers: 2, extract: again.extract });
    expect(s2).toMatchObject({ total: 6, skipped: 6, succeeded: 0, failed: 0 });
    expect(again.calls).toEqual([]);
    expect(readFileSync(out, 'utf8')).toBe(before);

    writeWav16(join(audio, 'rock', 'rock.00002.wav'), sine(0.5, 100, 0.5));
    appendFileSync(out, 'rock/rock.00002.wav,rock,0.5'); // as if killed mid-write
    const third = fakeExtractor();
    const s3 = await runExtract({ inputs: [audio], set: 'seed', out, workers: 2, extract: third.extract });
    expect(s3).toMatchObject({ total: 7, skipped: 6, succeeded: 1, failed: 0 });
    expect(third.calls).toEqual([join(audio, 'rock', 'rock.00002.wav')]);
    const t = readOut(out);
    expect(t.rows.length).toBe(7);
    expect(readFileSync(out, 'utf8').startsWith(before)).toBe(true);
    expect(t.byName.get('rock/rock.00002.wav')).toEqual(['rock/rock.00002.wav', 'rock', '0.5', String(Math.round(0.5 * 32767) / 32768), '']);
  });

  it('writes rows as they complete, so an interrupted run keeps them and a rerun finishes the rest', async () => {
    const out = join(dir, 'features.csv');
    const controller = new AbortController();
    let n = 0;
    const slow = fakeExtractor();
    const extract = async (p: string) => {
      const fv = await slow.extract(p);
      if (++n === 2) {
        controller.abort();
        // By now the first file's row is on disk.
        expect(readFileSync(out, 'utf8').split('\n').length).toBe(3); // header, one row, ''
      }
      return fv;
    };
    const s = await runExtract({ inputs: [audio], set: 'seed', out, workers: 1, extract, signal: controller.signal });
    expect(s).toMatchObject({ interrupted: true, succeeded: 1 });
    expect(readOut(out).rows.length).toBe(1);
    const s2 = await runExtract({ inputs: [audio], set: 'seed', out, workers: 2, extract: fakeExtractor().extract });
    expect(s2).toMatchObject({ skipped: 1, succeeded: 4, failed: 1, interrupted: false });
    expect([...readOut(out).byName.keys()].sort()).toEqual(ALL);
  });

  it('holds error rows until the feature names are known; with no success, widens the header on resume', async () => {
    const out = join(dir, 'features.csv');
    const jazzBad = join(audio, 'jazz', 'jazz.00001.wav');
    // Only the corrupt file: no feature names known -> header filename,label,error.
    const s1 = await runExtract({ inputs: [jazzBad], set: 'seed', out, workers: 1, extract: fakeExtractor().extract });
    expect(s1).toMatchObject({ succeeded: 0, failed: 1, featureNames: [] });
    expect(readOut(out).header).toEqual(['filename', 'label', 'error']);
    // A first extractor call that fails before any success, then successes.
    let first = true;
    const { extract } = fakeExtractor();
    const flaky = async (p: string) => {
      if (first) {
        first = false;
        throw new Error('first\nfailure, on two lines');
      }
      return extract(p);
    };
    const s2 = await runExtract({ inputs: [audio], set: 'seed', out, workers: 1, extract: flaky });
    expect(s2).toMatchObject({ skipped: 0, succeeded: 4, failed: 2 }); // jazz.00001 is not skipped: its filename differs
    const t = readOut(out);
    expect(t.header).toEqual(['filename', 'label', 'duration', 'peak', 'error']);
    expect(t.byName.get(jazzBad)?.slice(2)).toEqual(['', '', expect.stringMatching(/WAV: not a RIFF/)]);
    expect(t.byName.get('blues/blues.00000.wav')?.slice(2)).toEqual(['', '', 'first failure, on two lines']);
    expect(t.rows.every((r) => r.length === 5)).toBe(true);
  });

  it('a file whose features hold NaN or Infinity becomes an error row (NON_FINITE), never blank feature cells', async () => {
    const out = join(dir, 'features.csv');
    const { extract } = fakeExtractor();
    const odd = async (p: string): Promise<FeatureVector> => {
      const fv = await extract(p);
      if (p.endsWith('blues.00000.wav')) return { names: fv.names, values: [Infinity, 0.5] };
      if (p.endsWith('rock.00001.wav')) return { names: fv.names, values: Float32Array.of(1, NaN) };
      return fv;
    };
    const s = await runExtract({ inputs: [audio], set: 'seed', out, workers: 1, extract: odd });
    expect(s).toMatchObject({ succeeded: 3, failed: 3 });
    const t = readOut(out);
    expect(t.byName.get('blues/blues.00000.wav')?.slice(2)).toEqual(['', '', 'feature duration is Infinity, not a finite number']);
    expect(t.byName.get('rock/rock.00001.wav')?.slice(2)).toEqual(['', '', 'feature peak is NaN, not a finite number']);
    for (const r of t.rows) if (r[4] === '') expect(r.slice(2, 4).every((v) => v !== '' && Number.isFinite(Number(v)))).toBe(true);
  });

  it('refuses an output CSV of another kind or of another feature set, leaving it untouched', async () => {
    const out = join(dir, 'other.csv');
    writeFileSync(out, 'a,b\n1,2\n');
    await expect(runExtract({ inputs: [audio], set: 'seed', out, extract: fakeExtractor().extract })).rejects.toMatchObject({ code: 'BAD_DATA' });
    expect(readFileSync(out, 'utf8')).toBe('a,b\n1,2\n');
    // An extract CSV without a .mirkit.json record whose columns are another set's: the run stops, no row of this set is mixed in.
    const out2 = join(dir, 'f.csv');
    writeFileSync(out2, 'filename,label,x,error\nold.wav,rock,1,\n');
    await expect(runExtract({ inputs: [audio], set: 'seed', out: out2, workers: 1, extract: fakeExtractor().extract })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
    expect(
      readOut(out2)
        .rows.filter((r) => r[3] === '')
        .map((r) => r[0]),
    ).toEqual(['old.wav']);
  });

  it('rejects an empty input, a bad set and bad workers', async () => {
    mkdirSync(join(dir, 'empty'));
    await expect(runExtract({ inputs: [join(dir, 'empty')], set: 'seed', out: join(dir, 'x.csv'), extract: fakeExtractor().extract })).rejects.toMatchObject({
      code: 'EMPTY_INPUT',
    });
    await expect(runExtract({ inputs: [audio], set: 'mfcc', out: join(dir, 'x.csv') })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(runExtract({ inputs: [audio], set: 'seed', out: join(dir, 'x.csv'), workers: -1, extract: fakeExtractor().extract })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
  });

  it('runs from the command line with progress lines and a summary on stderr', async () => {
    const out = join(dir, 'cli.csv');
    const stdout = capture();
    const stderr = capture();
    const code = await runCli(['extract', audio, '--set', 'seed', '--out', out, '-j', '2'], { stdout, stderr, extract: fakeExtractor().extract });
    expect(code).toBe(1); // one file failed: its error row stays, the exit status says so
    expect(stderr.text).toContain(`mirkit: 1 file failed; see the error column of ${out}\n`);
    expect(stdout.text).toBe('');
    expect(stderr.text).toMatch(/^mirkit extract: 6\/6 {2}100% {2}[\d.]+ files\/s {2}0:\d\d total {2}1 failed\n/);
    expect(stderr.text).toContain(`mirkit extract: 5 extracted, 1 failed (6 files) -> ${out}\n`);
    const again = capture();
    expect(await runCli(['extract', audio, '--set', 'seed', '--out', out], { stdout, stderr: again, extract: fakeExtractor().extract })).toBe(0);
    expect(again.text).toBe(`mirkit extract: 0 extracted, 0 failed, 6 already in ${out} (6 files) -> ${out}\n`);
  });
});

describe('progress', () => {
  it('draws a bar with rate and time left on a terminal', () => {
    let t = 0;
    const s = capture(true);
    const p = createProgress({ total: 4, stream: s, label: 'x', now: () => t, redrawIntervalMs: 0 });
    t = 2000;
    p.tick();
    expect(s.text.split('\r').pop()).toMatch(/^x \[#+-+\] 1\/4 {3}25% {2}0\.50 files\/s {2}0:06 left\x1b\[K$/);
    t = 4000;
    p.tick(true);
    p.tick();
    p.tick();
    p.finish();
    expect(s.text).toMatch(/4\/4  100%  1\.00 files\/s  0:04 total  1 failed\x1b\[K\n$/);
  });

  it('writes plain lines at most every interval when not a terminal', () => {
    let t = 0;
    const s = capture(false);
    const p = createProgress({ total: 100, stream: s, label: 'x', now: () => t, lineIntervalMs: 10_000 });
    for (let i = 0; i < 100; i++) {
      t += 500;
      p.tick();
    }
    p.finish();
    const lines = s.text.trimEnd().split('\n');
    expect(lines.length).toBe(5); // at 10, 20, 30, 40 and 50 s (the end, not repeated by finish)
    expect(lines[0]).toBe('x: 20/100   20%  2.00 files/s  0:40 left');
    expect(lines[4]).toBe('x: 100/100  100%  2.00 files/s  0:50 total');
    const s2 = capture(false);
    const p2 = createProgress({ total: 3, stream: s2, label: 'x', now: () => 1000 });
    p2.tick();
    p2.finish();
    expect(s2.text).toBe('x: 1/3   33%  0.00 files/s  --:-- left\n');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});

describe('runExtract on worker threads', () => {
  it('extracts with 2 workers through the worker entry (hidden rms-test set), error row for the corrupt file', async () => {
    const out = join(dir, 'workers.csv');
    const s = await runExtract({ inputs: [audio], set: 'rms-test', out, workers: 2 });
    expect(s).toMatchObject({ total: 6, succeeded: 5, failed: 1, featureNames: ['duration', 'rms'] });
    const t = readOut(out);
    expect(t.header).toEqual(['filename', 'label', 'duration', 'rms', 'error']);
    expect(Number(t.byName.get('rock/rock.00001.wav')![2])).toBe(1);
    expect(Number(t.byName.get('rock/rock.00001.wav')![3])).toBeCloseTo(0.1 / Math.SQRT2, 4);
    expect(t.byName.get('jazz/jazz.00001.wav')![4]).toMatch(/WAV: not a RIFF\/WAVE file/);
    // Resume through workers too.
    writeWav16(join(audio, 'blues', 'blues.00002.wav'), sine(0.5, 200, 0.2));
    const s2 = await runExtract({ inputs: [audio], set: 'rms-test', out, workers: 2 });
    expect(s2).toMatchObject({ total: 7, skipped: 6, succeeded: 1 });
  });
});

// The real path: loadAudio + extractFeatures in workers, on real GTZAN clips.
const lib = (await import('../../src/index.js').catch(() => ({}))) as Record<string, unknown>;
const haveRealExtractor = HAVE_SHARED && typeof lib.extractFeatures === 'function' && typeof lib.loadAudio === 'function';

describeShared('runExtract with the real extractFeatures (gtzan57) on worker threads', () => {
  (haveRealExtractor ? it : it.todo)('gives the GTZAN table columns for real clips, an error row for a corrupt one', async () => {
    const src = join(DATA_DIR, 'gtzan', 'audio');
    for (const [g, n] of [
      ['blues', 'blues.00000'],
      ['metal', 'metal.00001'],
    ]) {
      mkdirSync(join(dir, 'gt', g), { recursive: true });
      copyFileSync(join(src, g, `${n}.flac`), join(dir, 'gt', g, `${n}.flac`));
    }
    writeText(join(dir, 'gt', 'metal', 'metal.00002.mp3'), 'not an mp3');
    const out = join(dir, 'gtzan57.csv');
    const s = await runExtract({ inputs: [join(dir, 'gt')], set: 'gtzan57', out, workers: 2 });
    expect(s).toMatchObject({ total: 3, succeeded: 2, failed: 1 });
    const table = readFileSync(join(DATA_DIR, 'gtzan', 'features_30_sec.csv'), 'utf8');
    const cols = csvTable(table.slice(0, table.indexOf('\n') + 1)).header.filter((h) => !['filename', 'length', 'label'].includes(h));
    const t = readOut(out);
    expect(t.header).toEqual(['filename', 'label', ...cols, 'error']);
    expect(t.byName.get('metal/metal.00001.flac')![1]).toBe('metal');
    expect(t.byName.get('metal/metal.00002.mp3')![cols.length + 2]).not.toBe('');
  });
});

describeShared('runExtract with FMA labels', () => {
  it('labels the real FMA clip from tracks_small.csv', async () => {
    mkdirSync(join(dir, 'fma', '000'), { recursive: true });
    copyFileSync(join(FIXTURES_DIR, 'originals', 'fma-000002.mp3'), join(dir, 'fma', '000', '000002.mp3'));
    const out = join(dir, 'fma.csv');
    const s = await runExtract({
      inputs: [join(dir, 'fma')],
      set: 'seed',
      out,
      labels: join(DATA_DIR, 'fma', 'tracks_small.csv'),
      extract: async () => ({ names: ['one'], values: [1] }),
    });
    expect(s).toMatchObject({ total: 1, succeeded: 1 });
    expect(readFileSync(out, 'utf8')).toBe('filename,label,one,error\n000/000002.mp3,Hip-Hop,1,\n');
  });
});
