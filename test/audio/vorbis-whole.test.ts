import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeVorbisWhole } from '../../src/audio/vorbis-whole.js';
import { join as joinParts, openDecoder } from '../../src/audio/decoders.js';
import { mixChannels } from '../../src/audio/downmix.js';
import { FIXTURES_DIR, describeShared } from '../helpers/shared.js';

const openVorbis = async () => ((await import('@audio/decode-vorbis')) as unknown as { decoder(): Promise<{ free(): void }> }).decoder();

describeShared('decodeVorbisWhole on the fixture Ogg/Vorbis files', () => {
  for (const file of ['librosa-choice.hq.ogg', 'librosa-brahms.hq.ogg']) {
    it(`${file}: the samples of the general streaming decoder, bit for bit, end cut included`, async () => {
      const bytes = new Uint8Array(readFileSync(join(FIXTURES_DIR, 'originals', file)));
      const fast = await decodeVorbisWhole(bytes, openVorbis);
      expect(fast).not.toBeNull();
      const dec = await openDecoder('oga');
      const general = joinParts([await dec(bytes.slice()), await dec()]);
      expect(fast?.sampleRate).toBe(general.sampleRate);
      expect(fast?.channelData.length).toBe(general.channelData.length);
      general.channelData.forEach((c, k) => {
        const f = fast?.channelData[k] ?? new Float32Array(0);
        expect(f.length).toBe(c.length);
        expect(Buffer.from(f.buffer, f.byteOffset, f.byteLength).equals(Buffer.from(c.buffer, c.byteOffset, c.byteLength))).toBe(true);
      });
      // with mix: only the float32 mean of the channels
      const mixed = await decodeVorbisWhole(bytes, openVorbis, true);
      const n = general.channelData[0].length;
      const want = new Float32Array(n);
      mixChannels(general.channelData, n, want, 0, false);
      const y = mixed?.channelData[0] ?? new Float32Array(0);
      expect(mixed?.channelData.length).toBe(1);
      expect(Buffer.from(y.buffer, y.byteOffset, y.byteLength).equals(Buffer.from(want.buffer))).toBe(true);
    });
  }

  it('hands the file to the general path (null) when the codec is not the expected one, and frees it', async () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES_DIR, 'originals', 'librosa-choice.hq.ogg')));
    let freed = 0;
    const r = await decodeVorbisWhole(bytes, async () => ({ _decoder: { sendSetupHeader() {} }, free: () => void freed++ }));
    expect(r).toBeNull();
    expect(freed).toBe(1);
  });
});

describe('decodeVorbisWhole', () => {
  it('returns null without opening a decoder for an Ogg stream that is not plain Vorbis', async () => {
    // one page, one packet of Opus' identification header: not Vorbis
    const body = new TextEncoder().encode('OpusHead\x01\x02\x00\x00\x80\xbb\x00\x00\x00\x00\x00');
    const page = new Uint8Array(28 + body.length);
    page.set([0x4f, 0x67, 0x67, 0x53, 0, 2 | 4]);
    page[26] = 1;
    page[27] = body.length;
    page.set(body, 28);
    let opened = 0;
    const r = await decodeVorbisWhole(page, async () => {
      opened++;
      return { free() {} };
    });
    expect(r).toBeNull();
    expect(opened).toBe(0);
  });
});
