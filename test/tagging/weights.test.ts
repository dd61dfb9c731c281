import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMusicnnWeights, readBundledWeights } from '../../src/tagging/weights.js';
import { loadMusicnnModel } from '../../src/tagging/model.js';
import { MUSICNN_MODELS } from '../../src/tagging/models.js';
import { isMirkitError } from '../../src/errors.js';
import { describeShared } from '../helpers/shared.js';
import { MUSICNN_DIR } from './reference.js';

const manifest = JSON.parse(readFileSync(new URL('../../models/musicnn/manifest.json', import.meta.url), 'utf8'));

describe('bundled musicnn weight files', () => {
  for (const name of MUSICNN_MODELS) {
    it(`${name}: the file the manifest describes, all tensors, finite values`, async () => {
      const bytes = await readBundledWeights(name);
      expect(bytes.length).toBe(manifest.models[name].bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.models[name].sha256);
      const w = parseMusicnnWeights(bytes);
      expect(w.model).toBe(name);
      let total = 0;
      for (const t of w.tensors.values()) {
        total += t.values.length;
        expect(t.values.every(Number.isFinite)).toBe(true);
      }
      expect(total).toBe(manifest.models[name].values);
      expect(total).toBe(name.endsWith('_vgg') ? 607030 : 792079);
    });
  }
  it('rejects bytes that are not a weight file (BAD_MODEL) and weights of another model', async () => {
    let err: unknown;
    try {
      parseMusicnnWeights(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    } catch (e) {
      err = e;
    }
    expect(isMirkitError(err, 'BAD_MODEL')).toBe(true);
    err = undefined;
    try {
      await loadMusicnnModel('MTT_vgg', await readBundledWeights('MSD_vgg'));
    } catch (e) {
      err = e;
    }
    expect(isMirkitError(err, 'BAD_MODEL')).toBe(true);
  });
});

describe('tampered weight files are BAD_MODEL', () => {
  const original = new Uint8Array(readFileSync(new URL('../../models/musicnn/MSD_musicnn.bin', import.meta.url)));
  const headerLen = new DataView(original.buffer, original.byteOffset).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(original.subarray(8, 8 + headerLen)));
  /** The file with its JSON header replaced by `edit(header)`'s. */
  const withHeader = (edit: (h: any) => unknown): Uint8Array => {
    const json = new TextEncoder().encode(JSON.stringify(edit(structuredClone(header))));
    const padded = new Uint8Array(Math.ceil(json.length / 4) * 4).fill(0x20);
    padded.set(json);
    const head = new Uint8Array(8);
    head.set([0x4d, 0x4b, 0x57, 0x31]); // MKW1
    new DataView(head.buffer).setUint32(4, padded.length, true);
    const out = new Uint8Array(8 + padded.length + original.length - 8 - headerLen);
    out.set(head);
    out.set(padded, 8);
    out.set(original.subarray(8 + headerLen), 8 + padded.length);
    return out;
  };
  const code = (bytes: Uint8Array): string | undefined => {
    try {
      parseMusicnnWeights(bytes);
    } catch (e) {
      return isMirkitError(e) ? e.code : `not a MirkitError: ${String(e)}`;
    }
    return undefined;
  };
  it('the untouched file and its rewritten header parse', () => {
    expect(code(original)).toBeUndefined();
    expect(code(withHeader((h) => h))).toBeUndefined();
  });
  it('a NaN or infinite value in a tensor (float24 and float32 files)', () => {
    const nan = original.slice();
    nan.set([0x00, 0xc0, 0x7f], 8 + headerLen); // float24 NaN as the first value
    expect(code(nan)).toBe('BAD_MODEL');
    const inf = original.slice();
    inf.set([0x00, 0x80, 0xff], 8 + headerLen + 3 * 1000); // float24 -Infinity
    expect(code(inf)).toBe('BAD_MODEL');
    const f32 = withHeader((h) => ({ ...h, dtype: 'float32', tensors: [{ name: 'x', shape: [2], offset: 0 }] }));
    const body = new DataView(f32.buffer, 8 + new DataView(f32.buffer).getUint32(4, true), 8);
    body.setFloat32(0, 1, true);
    body.setFloat32(4, Infinity, true);
    expect(code(f32)).toBe('BAD_MODEL');
  });
  it('headers of the wrong structure', () => {
    const edits: Array<(h: any) => unknown> = [
      () => null,
      () => [],
      () => 7,
      (h) => ({ ...h, tensors: null }),
      (h) => ({ ...h, tensors: { 0: h.tensors[0] } }),
      (h) => ({ ...h, sourceSha256: undefined }),
      (h) => ({ ...h, model: { name: 'MSD_musicnn' } }),
      (h) => ((h.tensors[0] = null), h),
      (h) => ((h.tensors[0].name = 5), h),
      (h) => ((h.tensors[0].shape = 'x'), h),
      (h) => ((h.tensors[0].shape = [1.5]), h),
      (h) => ((h.tensors[0].shape = [-1, -1]), h),
      (h) => ((h.tensors[0].offset = -1), h),
      (h) => ((h.tensors[0].offset = '0'), h),
      (h) => ((h.tensors[0].offset = null), h),
    ];
    for (const edit of edits) expect(code(withHeader(edit))).toBe('BAD_MODEL');
  });
});

describeShared('bundled weights against the Keras h5 sources', () => {
  it('each file records the sha256 of the h5 it came from', () => {
    for (const name of MUSICNN_MODELS) {
      const h5 = readFileSync(join(MUSICNN_DIR, `${name}.h5`));
      const sha = createHash('sha256').update(h5).digest('hex');
      expect(manifest.models[name].sourceSha256).toBe(sha);
      const json = JSON.parse(readFileSync(join(MUSICNN_DIR, 'reference', `librosa-brahms.${name}.json`), 'utf8'));
      expect(json.weights_sha256).toBe(sha);
    }
  });
});
