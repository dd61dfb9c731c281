import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MirkitError } from '../../src/errors.js';
import { appendCsvRows, csvTable, formatCsv, formatCsvRow, openCsvAppender, parseCsv, readCsvFile } from '../../src/genre/csv.js';
import { fmaAudioPath, isAudioFileName, listFmaAudio, listGtzanFolder, loadFmaTracks, parseFmaTracks } from '../../src/genre/datasets.js';
import { DATA_DIR, FIXTURES_DIR, describeShared } from '../helpers/shared.js';
import { tempDir } from '../cli/helpers.js';

const GTZAN_GENRES = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'];

describe('CSV helpers (RFC 4180)', () => {
  it('parses quoted fields with commas, doubled quotes, CRLF and line breaks inside quotes', () => {
    const text = '\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\n\n3,,last';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'two\nlines', ''],
      ['3', '', 'last'],
    ]);
  });

  it('round-trips what it writes, numbers exactly', () => {
    const rows = [
      ['plain', 0.1 + 0.2, -1e-300, 'comma, quote " and\nnewline'],
      ['', 123456789.123, 5e-324, '""'],
    ];
    const text = formatCsv(rows, ['name', 'a', 'b', 'note']);
    const back = csvTable(text);
    expect(back.header).toEqual(['name', 'a', 'b', 'note']);
    expect(back.rows.map((r) => [r[0], Number(r[1]), Number(r[2]), r[3]])).toEqual(rows);
    expect(formatCsvRow(['a', null, undefined, NaN, 1])).toBe('a,,,,1\n');
  });

  it('rejects unterminated quotes and text after a closing quote', () => {
    expect(() => parseCsv('a,"open\n')).toThrow(MirkitError);
    expect(() => parseCsv('"a"b,c')).toThrow(/closing quote/);
    expect(() => csvTable('a,b\n1,2,3\n')).toThrow(/3 fields/);
  });

  it('appends with a header only for a new file', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const p = join(dir, 'x.csv');
      await appendCsvRows(p, [[1, 'a']], ['n', 's']);
      await appendCsvRows(p, [[2, 'b,c']], ['n', 's']);
      const w = await openCsvAppender(p, ['n', 's']);
      await Promise.all([w.write([3, 'c']), w.write([4, 'd'])]);
      await w.close();
      expect(readFileSync(p, 'utf8')).toBe('n,s\n1,a\n2,"b,c"\n3,c\n4,d\n');
      expect((await readCsvFile(p)).rows.length).toBe(4);
      await expect(readCsvFile(join(dir, 'missing.csv'))).rejects.toMatchObject({
        code: 'FILE_NOT_FOUND',
        message: `no such file: ${join(dir, 'missing.csv')}`,
      });
      // a path that exists but is not a readable file is a typed error too, with the system's reason
      await expect(readCsvFile(dir)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringMatching(/^cannot read .*EISDIR/) });
    } finally {
      cleanup();
    }
  });
});

describe('FMA paths', () => {
  it('uses a 3-digit folder and a 6-digit file name', () => {
    expect(fmaAudioPath('fma_small', 2)).toBe('fma_small/000/000002.mp3');
    expect(fmaAudioPath('fma_small/', 155066)).toBe('fma_small/155/155066.mp3');
    expect(fmaAudioPath('/data/fma', 1000)).toBe('/data/fma/001/001000.mp3');
    expect(() => fmaAudioPath('x', -1)).toThrow(MirkitError);
    expect(() => fmaAudioPath('x', 1.5)).toThrow(/integer/);
  });

  it('parses the reduced tracks.csv form, skipping unlabelled tracks', () => {
    const t = parseFmaTracks('track_id,split,subset,genre_top,genres\n2,training,small,Hip-Hop,[21]\n3,test,medium,,[]\n5,validation,small,Pop,"[10, 76]"\n');
    expect(t).toEqual([
      { trackId: 2, split: 'training', genreTop: 'Hip-Hop', subset: 'small', genres: [21] },
      { trackId: 5, split: 'validation', genreTop: 'Pop', subset: 'small', genres: [10, 76] },
    ]);
    expect(() => parseFmaTracks('track_id,split\n1,training\n')).toThrow(/genre_top/);
    expect(() => parseFmaTracks('subset,split,track_id,genre_top\nsmall,train,1,Rock\n')).toThrow(/split/);
    expect(() => parseFmaTracks('subset,split,track_id,genre_top\nsmall,test,x1,Rock\n')).toThrow(/track_id/);
  });

  it('recognises audio file names', () => {
    expect(['a.wav', 'b.AU', 'c.flac', 'd.mp3', 'e.ogg'].every(isAudioFileName)).toBe(true);
    expect(['a.txt', 'wav', '.wav', 'a.wav.bak'].some(isAudioFileName)).toBe(false);
  });
});

describeShared('FMA-small labels (../shared/data/fma/tracks_small.csv)', () => {
  it('has 7994 tracks, 8 genres, the official 6394/800/800 split', async () => {
    const tracks = await loadFmaTracks(join(DATA_DIR, 'fma', 'tracks_small.csv'));
    expect(tracks.length).toBe(7994);
    const bySplit: Record<string, number> = {};
    const byGenre: Record<string, number> = {};
    for (const t of tracks) {
      bySplit[t.split] = (bySplit[t.split] ?? 0) + 1;
      byGenre[t.genreTop] = (byGenre[t.genreTop] ?? 0) + 1;
    }
    expect(new Set(tracks.map((t) => t.subset))).toEqual(new Set(['small']));
    expect(bySplit).toEqual({ training: 6394, validation: 800, test: 800 });
    expect(byGenre).toEqual({
      Electronic: 999,
      Experimental: 999,
      Folk: 1000,
      'Hip-Hop': 997,
      Instrumental: 1000,
      International: 1000,
      Pop: 1000,
      Rock: 999,
    });
    expect(tracks[0]).toEqual({ trackId: 2, split: 'training', genreTop: 'Hip-Hop', subset: 'small', genres: [21] });
    expect(new Set(tracks.map((t) => t.trackId)).size).toBe(7994);
    expect(tracks.find((t) => t.trackId === 825)?.genres).toEqual([12, 45, 58, 66]);
  });

  it('lists the audio files that exist in an FMA tree (the real clip 000002 in a temp copy)', async () => {
    const tracks = await loadFmaTracks(join(DATA_DIR, 'fma', 'tracks_small.csv'));
    const { dir, cleanup } = tempDir('mirkit-fma-');
    try {
      mkdirSync(join(dir, '000'));
      copyFileSync(join(FIXTURES_DIR, 'originals', 'fma-000002.mp3'), join(dir, '000', '000002.mp3'));
      writeFileSync(join(dir, '000', 'README.txt'), 'not audio');
      const entries = await listFmaAudio(dir, tracks);
      expect(entries).toEqual([{ path: `${dir}/000/000002.mp3`, genre: 'Hip-Hop', name: '000002', trackId: 2, split: 'training' }]);
      expect(readFileSync(entries[0].path).length).toBe(readFileSync(join(FIXTURES_DIR, 'originals', 'fma-000002.mp3')).length);
      expect(await listFmaAudio(join(dir, 'nowhere'), tracks)).toEqual([]);
    } finally {
      cleanup();
    }
  });
});

describeShared('GTZAN folder (../shared/data/gtzan/audio)', () => {
  it('lists 100 FLAC clips, 10 genres, sorted, labelled by folder', async () => {
    const root = join(DATA_DIR, 'gtzan', 'audio');
    const entries = await listGtzanFolder(root);
    expect(entries.length).toBe(100);
    const counts: Record<string, number> = {};
    for (const e of entries) {
      counts[e.genre] = (counts[e.genre] ?? 0) + 1;
      expect(e.path).toBe(join(root, e.genre, `${e.name}.flac`));
      expect(e.name.startsWith(`${e.genre}.`)).toBe(true);
    }
    expect(Object.keys(counts)).toEqual(GTZAN_GENRES);
    expect(Object.values(counts).every((n) => n === 10)).toBe(true);
    expect(entries[0]).toEqual({ path: join(root, 'blues', 'blues.00000.flac'), genre: 'blues', name: 'blues.00000' });
    const jazz = entries.filter((e) => e.genre === 'jazz').map((e) => e.name);
    expect(jazz).not.toContain('jazz.00003');
    expect(jazz).toContain('jazz.00012');
    const sorted = [...entries].sort((a, b) => (a.genre + '/' + a.name < b.genre + '/' + b.name ? -1 : 1));
    expect(entries).toEqual(sorted);
  });
});

describe('GTZAN folder errors', () => {
  it('reports a missing folder and a folder without genre sub-folders', async () => {
    await expect(listGtzanFolder('/nonexistent/mirkit')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'loose.wav'), '');
      await expect(listGtzanFolder(dir)).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
      mkdirSync(join(dir, 'rock'));
      writeFileSync(join(dir, 'rock', 'b.wav'), '');
      writeFileSync(join(dir, 'rock', 'a.mp3'), '');
      writeFileSync(join(dir, 'rock', '.hidden.wav'), '');
      writeFileSync(join(dir, 'rock', 'notes.txt'), '');
      expect((await listGtzanFolder(dir)).map((e) => e.name)).toEqual(['a', 'b']);
    } finally {
      cleanup();
    }
  });
});
