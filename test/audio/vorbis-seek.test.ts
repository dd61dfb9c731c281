import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { decodeVorbisRange } from '../../src/audio/vorbis-seek.js';
import { decodeVorbisWhole, type VorbisStreamDecoder } from '../../src/audio/vorbis-whole.js';
import { readOggPackets } from '../../src/audio/ogg-packets.js';
import { loadAudio, resample } from '../../src/audio/index.js';
import { FIXTURES_DIR, describeShared } from '../helpers/shared.js';

const openVorbis = async () => ((await import('@audio/decode-vorbis')) as unknown as { decoder(): Promise<VorbisStreamDecoder> }).decoder();
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES_DIR, 'originals', name)));

function sameBits(a: Float32Array | undefined, b: Float32Array): boolean {
  return !!a && a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describeShared('decodeVorbisRange', () => {
  it("gives the whole decode's mono mix at every offset, bit for bit, for 1 to 4 warm-up pages", async () => {
    for (const name of ['librosa-brahms.hq.ogg', 'librosa-choice.hq.ogg']) {
      const bytes = fixture(name);
      const whole = await decodeVorbisWhole(bytes, openVorbis, true);
      const y = whole?.channelData[0] as Float32Array;
      const sr = whole?.sampleRate as number;
      let decoded = 0;
      for (const t of [0.7, 2, 3.33, 9.99, 17, 24.5]) {
        for (const pages of [1, 2, 4]) {
          const start = Math.trunc(t * sr);
          const r = await decodeVorbisRange(
            bytes,
            openVorbis,
            () => start,
            () => sr,
            pages,
          );
          if (r === null) continue; // a start in the first pages
          decoded++;
          expect(r.sampleRate).toBe(sr);
          expect(sameBits(r.channelData[0], y.subarray(start, start + sr))).toBe(true);
        }
      }
      expect(decoded).toBeGreaterThan(12);
      // to the end: cut where the whole decode cuts
      const tail = await decodeVorbisRange(
        bytes,
        openVorbis,
        () => y.length - 3000,
        () => 1e9,
      );
      expect(sameBits(tail?.channelData[0], y.subarray(y.length - 3000))).toBe(true);
      expect(
        await decodeVorbisRange(
          bytes,
          openVorbis,
          () => y.length,
          () => 100,
        ),
      ).toBeNull();
    }
  });

  it('is null for a stream whose granule positions do not count from 0 (the first audio page checked)', async () => {
    const bytes = fixture('librosa-brahms.hq.ogg').slice();
    const parsed = readOggPackets(bytes);
    const page = parsed?.pages.find((p) => p.firstPacket + p.packetCount > 3);
    expect(page).toBeDefined();
    if (!page || !parsed) return;
    // the granule sits 27 + segments bytes before the page data: find the page header before `start`
    let h = page.start - 27;
    while (!(bytes[h] === 0x4f && bytes[h + 1] === 0x67 && bytes[h + 2] === 0x67 && bytes[h + 3] === 0x53)) h--;
    bytes[h + 6] ^= 1; // granule off by one (the CRC is not checked by the decoders)
    const sr = 44100;
    expect(
      await decodeVorbisRange(
        bytes,
        openVorbis,
        () => 20 * sr,
        () => sr,
      ),
    ).toBeNull();
    expect(
      await decodeVorbisRange(
        fixture('librosa-brahms.hq.ogg'),
        openVorbis,
        () => 20 * sr,
        () => sr,
      ),
    ).not.toBeNull();
  });

  it('serves loadAudio with an offset: the whole load cut there, at the native rate and resampled', async () => {
    const path = join(FIXTURES_DIR, 'originals', 'librosa-brahms.hq.ogg');
    const native = await loadAudio(path, { sr: null });
    const sr = native.sr;
    for (const [offset, duration] of [
      [12.5, 3],
      [30, null],
    ] as const) {
      const s = Math.trunc(offset * sr);
      const cut = native.y.subarray(s, duration === null ? native.y.length : s + Math.trunc(duration * sr));
      expect(sameBits((await loadAudio(path, { sr: null, offset, duration })).y, cut)).toBe(true);
      expect(sameBits((await loadAudio(readFileSync(path), { sr: 22050, offset, duration })).y, resample(cut, sr, 22050))).toBe(true);
    }
  });
});
