import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFloat16, loadEmbeddingSet, MirkitError, parseEmbeddingSet, selectSplit } from '../../src/index.js';
import { DATA_DIR, describeShared } from '../helpers/shared.js';

const VGGISH = join(DATA_DIR, 'fma', 'vggish');

describe('decodeFloat16', () => {
  it('decodes binary16 exactly: normals, subnormals, zero signs, infinities', () => {
    const bits = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x8000, 0x7c00, 0xfc00, 0x3555];
    const bytes = new Uint8Array(bits.length * 2);
    bits.forEach((b, i) => {
      bytes[2 * i] = b & 255;
      bytes[2 * i + 1] = b >> 8;
    });
    const v = decodeFloat16(bytes);
    expect(Array.from(v.subarray(0, 8))).toEqual([1, -2, 65504, 2 ** -24, 2 ** -14, -0, Infinity, -Infinity]);
    expect(v[8]).toBeCloseTo(1 / 3, 3);
    // an odd byte offset (a Buffer slice) decodes the same
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(Array.from(decodeFloat16(shifted.subarray(1)))).toEqual(Array.from(v));
  });
});

describe('parseEmbeddingSet', () => {
  const csv = 'index,track_id,genre_top,official_split,n_frames\n0,1,Rock,training,2\n1,2,,training,2\n2,3,Pop,test,1\n';
  const values = Float32Array.from({ length: 3 * 2 * 4 }, (_, i) => i / 8);

  it('reads float32 clips as frames x dims matrices, keeping real frames, dropping unlabelled clips', () => {
    const set = parseEmbeddingSet(new Uint8Array(values.buffer), csv, { dtype: 'float32', dims: 4 });
    expect(set.frames).toBe(2);
    expect(set.labels).toEqual(['Rock', 'Pop']);
    expect(set.sequences.map((m) => [m.rows, m.cols])).toEqual([
      [2, 4],
      [1, 4],
    ]);
    expect(Array.from(set.sequences[1].data)).toEqual(Array.from(values.subarray(16, 20)));
    expect(selectSplit(set, 'test').y).toEqual(['Pop']);
    expect(parseEmbeddingSet(new Uint8Array(values.buffer), csv, { dtype: 'float32', frames: 2, dropUnlabelled: false }).tracks).toHaveLength(3);
  });

  it('refuses sizes that do not match the CSV, with typed errors', () => {
    expect(() => parseEmbeddingSet(new Uint8Array(values.buffer, 0, 40), csv, { dtype: 'float32', dims: 4 })).toThrow(MirkitError);
    expect(() => parseEmbeddingSet(new Uint8Array(8), 'a,b\n', {})).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => decodeFloat16(null as unknown as Uint8Array)).toThrow(expect.objectContaining({ code: 'BAD_DATA' }));
  });

  it('counts an empty label line of a one-column tracks CSV as a clip, keeping labels in step with the data', () => {
    const six = (v: number) => Array(6).fill(v);
    const bytes = new Uint8Array(new Float32Array([...six(0), ...six(1), ...six(2), ...six(3)]).buffer);
    for (const empty of ['""', '']) {
      const set = parseEmbeddingSet(bytes, `genre_top\nRock\n${empty}\nJazz\nPop\n\n`, { dtype: 'float32', dims: 2 });
      expect(set.frames).toBe(3);
      expect(set.labels).toEqual(['Rock', 'Jazz', 'Pop']);
      expect(set.tracks.map((t) => t.row)).toEqual([0, 2, 3]);
      expect(set.sequences.map((m) => m.data[0])).toEqual([0, 2, 3]);
    }
    const all = parseEmbeddingSet(bytes, 'genre_top\nRock\n""\nJazz\nPop\n', { dtype: 'float32', dims: 2, dropUnlabelled: false });
    expect(all.labels).toEqual(['Rock', '', 'Jazz', 'Pop']);
  });

  it('refuses a dropUnlabelled that is not a boolean and column names that are not strings with BAD_OPTION', () => {
    const bytes = new Uint8Array(new Float32Array(4).buffer);
    const bad: Record<string, unknown>[] = [
      { dropUnlabelled: 'no' },
      { dropUnlabelled: 0 },
      { labelColumn: 5 },
      { splitColumn: ['official_split'] },
      { nFramesColumn: Symbol('n') },
      { labelColumn: Object.create(null) },
    ];
    for (const opts of bad) {
      expect(() => parseEmbeddingSet(bytes, 'genre_top\nRock\n', { dtype: 'float32', dims: 4, ...opts })).toThrow(
        expect.objectContaining({ code: 'BAD_OPTION', details: expect.objectContaining({ option: Object.keys(opts)[0] }) }),
      );
    }
    expect(parseEmbeddingSet(bytes, 'g\nRock\n', { dtype: 'float32', dims: 4, labelColumn: 'g', dropUnlabelled: false }).labels).toEqual(['Rock']);
  });

  it('refuses more than 2^28 values (MAX_MATRIX_VALUES) with UNSUPPORTED before decoding', () => {
    // 2^29 + 2 zero bytes: one float16 value above the bound (an untouched allocation, not decoded)
    expect(() => parseEmbeddingSet(new Uint8Array(2 ** 29 + 2), 'genre_top\nRock\n')).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED', details: expect.objectContaining({ bound: 2 ** 29 }) }),
    );
  });
});

describe('selectSplit', () => {
  it('refuses a set whose tracks, sequences and labels differ in length, or whose track is not an object', () => {
    const bad = [
      { tracks: [{ split: 'a' }], sequences: [], labels: [] },
      { tracks: [{ split: 'a' }], sequences: [{ rows: 1, cols: 1, data: new Float32Array(1) }], labels: [] },
      { tracks: [null], sequences: [{ rows: 1, cols: 1, data: new Float32Array(1) }], labels: ['x'] },
    ];
    for (const set of bad) expect(() => selectSplit(set as never, 'a')).toThrow(expect.objectContaining({ code: 'BAD_DATA' }));
  });
});

describe('loadEmbeddingSet', () => {
  const withDir = async (f: (dir: string) => Promise<void>): Promise<void> => {
    const dir = await mkdtemp(join(tmpdir(), 'mirkit-emb-'));
    try {
      await f(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  it('reads null options as the defaults', async () => {
    await withDir(async (dir) => {
      const f16 = new Uint8Array(2 * 128); // one clip of 1 x 128 zeros
      await writeFile(join(dir, 'embeddings.f16'), f16);
      await writeFile(join(dir, 'tracks.csv'), 'genre_top\nRock\n');
      const set = await loadEmbeddingSet(dir, null as never);
      expect([set.frames, set.dims, set.labels]).toEqual([1, 128, ['Rock']]);
      expect((await loadEmbeddingSet(dir, undefined)).labels).toEqual(['Rock']);
      await expect(loadEmbeddingSet(dir, 5 as never)).rejects.toMatchObject({ code: 'BAD_OPTION' });
      await expect(loadEmbeddingSet(dir, { dtype: 'float64' as never })).rejects.toMatchObject({ code: 'BAD_OPTION', details: { option: 'dtype' } });
    });
  });

  it('refuses files above their bound with UNSUPPORTED before reading them (sparse files); a missing file is FILE_NOT_FOUND', async () => {
    await withDir(async (dir) => {
      const data = join(dir, 'embeddings.f16'),
        tracks = join(dir, 'tracks.csv');
      await writeFile(tracks, 'genre_top\nRock\n');
      await expect(loadEmbeddingSet(dir)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
      await writeFile(data, '');
      await truncate(data, 3 * 2 ** 30); // 3 GiB: fs.readFile's own limit is 2 GiB
      await expect(loadEmbeddingSet(dir)).rejects.toMatchObject({ code: 'UNSUPPORTED', details: { path: data, bound: 2 ** 29 } });
      await truncate(data, 2 ** 29 + 2); // one float16 value above 2^28
      await expect(loadEmbeddingSet(dir)).rejects.toMatchObject({ code: 'UNSUPPORTED', details: { path: data } });
      await truncate(data, 256); // within the bound; now the tracks CSV is too large
      await truncate(tracks, 2 ** 28 + 1);
      await expect(loadEmbeddingSet(dir)).rejects.toMatchObject({ code: 'UNSUPPORTED', details: { path: tracks, bound: 2 ** 28 } });
      await rm(tracks);
      await mkdir(tracks);
      await expect(loadEmbeddingSet(dir)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    });
  });
});

describeShared('the VGGish embeddings of FMA-small in ../shared', () => {
  it('loads 7993 labelled clips of 31 x 128 whose values sum as numpy reads them', async () => {
    expect(existsSync(VGGISH)).toBe(true);
    const set = await loadEmbeddingSet(VGGISH);
    expect(set.tracks).toHaveLength(7993);
    expect([set.frames, set.dims]).toEqual([31, 128]);
    expect(['training', 'validation', 'test'].map((s) => selectSplit(set, s).X.length)).toEqual([6393, 800, 800]);
    // the README's checksum covers all 7996 rows, the three unlabelled short clips too
    const all = decodeFloat16(readFileSync(join(VGGISH, 'embeddings.f16')));
    let sum = 0;
    for (let i = 0; i < all.length; i++) sum += all[i];
    expect(sum).toBeCloseTo(-2734867.480807, 3);
  });
});
