import { existsSync, readFileSync } from 'node:fs';
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
