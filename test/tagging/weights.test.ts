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
