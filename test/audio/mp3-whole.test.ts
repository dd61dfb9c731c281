import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { decodeMp3Whole } from '../../src/audio/mp3-whole.js';
import { join as joinParts, openDecoder } from '../../src/audio/decoders.js';
import { mixChannels } from '../../src/audio/downmix.js';
import { FIXTURES_DIR, describeShared } from '../helpers/shared.js';

const openMp3 = async () => ((await import('@audio/decode-mp3')) as unknown as { decoder(): Promise<unknown> }).decoder();

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describeShared('decodeMp3Whole on the fixture MP3', () => {
  const bytes = () => new Uint8Array(readFileSync(join(FIXTURES_DIR, 'originals', 'fma-000002.mp3')));

  it('gives the samples of the general streaming decoder, bit for bit; with mix, their float32 mean', async () => {
    const dec = await openDecoder('mp3');
    const general = joinParts([await dec(bytes()), await dec()]);
    expect(general.channelData.length).toBe(2);
    const fast = await decodeMp3Whole(bytes(), openMp3);
    expect(fast?.sampleRate).toBe(general.sampleRate);
    expect(fast?.channelData.length).toBe(2);
    general.channelData.forEach((c, k) => expect(sameBits(fast?.channelData[k] ?? new Float32Array(0), c)).toBe(true));
    const mixed = await decodeMp3Whole(bytes(), openMp3, true);
    const n = general.channelData[0].length;
    const want = new Float32Array(n);
    mixChannels(general.channelData, n, want, 0, false);
    expect(mixed?.channelData.length).toBe(1);
    expect(sameBits(mixed?.channelData[0] ?? new Float32Array(0), want)).toBe(true);
  });

  it('hands the file to the general path (null) when the codec is not the expected one, and frees it', async () => {
    let freed = 0;
    const r = await decodeMp3Whole(bytes(), async () => ({ _decoder: 1, free: () => void freed++ }));
    expect(r).toBeNull();
    expect(freed).toBe(1);
  });
});
