import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spareFileBytes, spareMix, takeSpareMix } from '../../src/audio/load-spares.js';
import { loadAudio } from '../../src/audio/index.js';
import { FIXTURES_DIR, describeShared } from '../helpers/shared.js';
import { takeAny } from '../helpers/spare.js';

describe('the spare mix array', () => {
  it('gives the mix as a float32 array over all of its buffer', () => {
    takeAny(spareMix);
    spareMix.keep(new ArrayBuffer(4 * 300));
    expect(takeSpareMix(400)).toBeUndefined();
    expect(takeSpareMix(200)?.length).toBe(300);
  });
});

describeShared('loads with spare buffers', () => {
  const bytes = (file: string) => new Uint8Array(readFileSync(join(FIXTURES_DIR, 'originals', file)));
  const same = (a: Float32Array, b: Float32Array) =>
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

  for (const file of ['fma-000002.mp3', 'librosa-choice.hq.ogg']) {
    it(`give ${file} the same samples read and decoded into fresh or spare buffers, and never hand a spare out`, async () => {
      const path = join(FIXTURES_DIR, 'originals', file);
      takeAny(spareMix);
      takeAny(spareFileBytes);
      const first = await loadAudio(path); // fresh buffers, kept after resampling
      const mix = takeAny(spareMix);
      const read = takeAny(spareFileBytes);
      expect(mix).toBeDefined();
      expect(read?.byteLength).toBe(bytes(file).length);
      expect(first.y.buffer).not.toBe(mix);
      spareMix.keep(mix as ArrayBuffer);
      spareFileBytes.keep(read as ArrayBuffer);
      const again = await loadAudio(path); // read and decoded into the kept buffers, which are kept again
      expect(takeAny(spareMix)).toBe(mix);
      expect(takeAny(spareFileBytes)).toBe(read);
      expect(same(again.y, first.y)).toBe(true);
      // at the file's own rate the mix is the result: the caller's, never kept, never written by a later load
      const native = await loadAudio(path, { sr: null });
      expect(takeAny(spareMix)).toBeUndefined();
      const copy = native.y.slice();
      await Promise.all([loadAudio(path), loadAudio(path, { threads: 1 })]);
      expect(same(native.y, copy)).toBe(true);
      expect(same(first.y, again.y)).toBe(true);
    });
  }

  it('keep the bytes of a WAV file unless the result views them', async () => {
    const pcm16 = join(FIXTURES_DIR, 'originals', 'ballroom-waltz-105901.wav'); // converted: the bytes are free
    takeAny(spareFileBytes);
    const a = await loadAudio(pcm16);
    const read = takeAny(spareFileBytes);
    expect(read?.byteLength).toBe(bytes('ballroom-waltz-105901.wav').length);
    spareFileBytes.keep(read as ArrayBuffer);
    const b = await loadAudio(pcm16);
    expect(takeAny(spareFileBytes)).toBe(read);
    expect(same(a.y, b.y)).toBe(true);
    // 32-bit float mono at its own rate: the result is a view of the file's buffer, which is not kept
    const float32 = join(FIXTURES_DIR, 'gtzan-country-00000.wav');
    const c = await loadAudio(float32, { sr: null });
    expect(c.y.buffer.byteLength).toBe(readFileSync(float32).length); // a view of the file's bytes
    expect(takeAny(spareFileBytes)).toBeUndefined();
    const copy = c.y.slice();
    await loadAudio(pcm16);
    expect(same(c.y, copy)).toBe(true);
  });
});
