import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { decodeMp3Range } from '../../src/audio/mp3-seek.js';
import { decodeMp3Whole } from '../../src/audio/mp3-whole.js';
import { mp3Layout } from '../../src/audio/mp3-frames.js';
import { loadAudio, resample } from '../../src/audio/index.js';
import { FIXTURES_DIR, SHARED_DIR, describeShared } from '../helpers/shared.js';

const openMp3 = async () => ((await import('@audio/decode-mp3')) as unknown as { decoder(): Promise<unknown> }).decoder();
const fixture = () => new Uint8Array(readFileSync(join(FIXTURES_DIR, 'originals', 'fma-000002.mp3')));

function sameBits(a: Float32Array | undefined, b: Float32Array): boolean {
  return !!a && a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/**
 * The fixture's audio frames `times` times over (a longer stream), after its ID3 tag and, with
 * `info`, its Info frame (whose frame count then covers the first copy alone).
 */
function repeated(bytes: Uint8Array, times: number, info = true): Uint8Array {
  const first = mp3Layout(bytes)?.offsets[0] ?? 0;
  const head = info ? bytes.subarray(0, first) : bytes.subarray(0, first - 835); // the Info frame: 835 bytes
  const audio = bytes.subarray(first);
  const out = new Uint8Array(head.length + times * audio.length);
  out.set(head);
  for (let i = 0; i < times; i++) out.set(audio, head.length + i * audio.length);
  return out;
}

describeShared('decodeMp3Range', () => {
  it("gives the whole decode's mono mix at every offset, bit for bit, for every warm-up margin", async () => {
    const bytes = fixture();
    const whole = (await decodeMp3Whole(bytes, openMp3, true))?.channelData[0] as Float32Array;
    const sr = 44100;
    let decoded = 0;
    for (const t of [0.2, 0.61, 1, 2.5, 7.3, 11.11, 20, 25.5, 29.5]) {
      for (const margin of [0, 1, 2, 5]) {
        const start = Math.trunc(t * sr);
        const count = Math.trunc(0.3 * sr);
        const r = await decodeMp3Range(
          bytes,
          openMp3,
          () => start,
          () => count,
          margin,
        );
        if (r === null) continue; // only a start in the first frames
        decoded++;
        expect(r.sampleRate).toBe(sr);
        expect(sameBits(r.channelData[0], whole.subarray(start, start + count))).toBe(true);
      }
    }
    expect(decoded).toBeGreaterThan(30);
  });

  it("stops at the gapless end, and on a stream without an Info frame at the decoder's last sample", async () => {
    const bytes = fixture();
    const whole = (await decodeMp3Whole(bytes, openMp3, true))?.channelData[0] as Float32Array;
    const start = whole.length - 5000;
    const tail = await decodeMp3Range(
      bytes,
      openMp3,
      () => start,
      () => 1e9,
    );
    expect(sameBits(tail?.channelData[0], whole.subarray(start))).toBe(true);
    // an Info frame counting fewer frames than there are: the decoder drops its end cut (left to it)
    const counted = repeated(bytes, 2);
    const wholeCounted = (await decodeMp3Whole(counted, openMp3, true))?.channelData[0] as Float32Array;
    expect(wholeCounted.length).toBe(2 * 1148 * 1152 - 529);
    expect(
      await decodeMp3Range(
        counted,
        openMp3,
        () => whole.length - 700,
        () => 44100,
      ),
    ).toBeNull();
    // no Info frame: no cut at either end
    const long = repeated(bytes, 3, false);
    const wholeLong = (await decodeMp3Whole(long, openMp3, true))?.channelData[0] as Float32Array;
    expect(wholeLong.length).toBe(3 * 1148 * 1152);
    for (const s of [1148 * 1152 - 100, 2 * 1148 * 1152, wholeLong.length - 3000]) {
      const r = await decodeMp3Range(
        long,
        openMp3,
        () => s,
        () => 44100,
      );
      expect(sameBits(r?.channelData[0], wholeLong.subarray(s, s + 44100))).toBe(true);
    }
  });

  it('is null where it does not apply: the first frames, at or past the end, MPEG-2, a foreign codec', async () => {
    const bytes = fixture();
    const n = 1148 * 1152 - 529;
    // in the first frames, at the end, past it
    for (const first of [100, n, n + 44100]) {
      expect(
        await decodeMp3Range(
          bytes,
          openMp3,
          () => first,
          () => 1000,
        ),
        `start ${first}`,
      ).toBeNull();
    }
    let freed = 0;
    const foreign = async () => ({ free: () => void freed++ });
    expect(
      await decodeMp3Range(
        bytes,
        foreign,
        () => 441000,
        () => 1000,
      ),
    ).toBeNull();
    expect(freed).toBe(1);
    const lsf = join(SHARED_DIR, 'models', 'musicnn', 'audio', 'joram-moments_of_clarity-08-solipsism-59-88.mp3');
    if (existsSync(lsf))
      expect(
        await decodeMp3Range(
          new Uint8Array(readFileSync(lsf)),
          openMp3,
          () => 160000,
          () => 1000,
        ),
      ).toBeNull();
  });

  it('serves loadAudio with an offset: the samples of the whole load cut there, at the native rate and resampled', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mirkit-seek-')), 'long.mp3');
    writeFileSync(path, repeated(fixture(), 2, false));
    const native = await loadAudio(path, { sr: null });
    for (const [offset, duration] of [
      [33.3, 5],
      [41, null],
      [59.5, 10],
    ] as const) {
      const s = Math.trunc(offset * 44100);
      const e = duration === null ? native.y.length : Math.min(native.y.length, s + Math.trunc(duration * 44100));
      const cut = native.y.subarray(s, e);
      expect(sameBits((await loadAudio(path, { sr: null, offset, duration })).y, cut)).toBe(true);
      expect(sameBits((await loadAudio(readFileSync(path), { sr: 22050, offset, duration })).y, resample(cut, 44100, 22050))).toBe(true);
    }
    await expect(loadAudio(path, { offset: native.y.length / 44100 + 1 })).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
  });
});
