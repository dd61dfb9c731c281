import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MP3_START_ALIGNMENT, mp3Layout, parseMp3Header, warmUpFrame, type Mp3Layout } from '../../src/audio/mp3-frames.js';
import { decodeMp3Whole } from '../../src/audio/mp3-whole.js';
import { FIXTURES_DIR, describeShared } from '../helpers/shared.js';

const openMp3 = async () => ((await import('@audio/decode-mp3')) as unknown as { decoder(): Promise<unknown> }).decoder();
const fixture = () => new Uint8Array(readFileSync(join(FIXTURES_DIR, 'originals', 'fma-000002.mp3')));

describe('parseMp3Header', () => {
  it('reads MPEG-1 and MPEG-2 Layer III headers (frame length from bit rate, rate and padding)', () => {
    // MPEG-1 L3, 128 kbit/s, 44.1 kHz, no padding, joint stereo: floor(144000 * 128 / 44100) = 417
    expect(parseMp3Header(new Uint8Array([0xff, 0xfb, 0x90, 0x40]), 0)).toEqual({ mpeg1: true, sampleRate: 44100, mono: false, size: 417 });
    // the same with the padding bit: 418
    expect(parseMp3Header(new Uint8Array([0xff, 0xfb, 0x92, 0x40]), 0)?.size).toBe(418);
    // MPEG-2 L3, 32 kbit/s, 16 kHz, mono: 72000 * 32 / 16000 = 144
    expect(parseMp3Header(new Uint8Array([0xff, 0xf3, 0x48, 0xc0]), 0)).toEqual({ mpeg1: false, sampleRate: 16000, mono: true, size: 144 });
  });

  it('refuses CRC, MPEG-2.5, Layer II, free format, bad indices and a missing sync', () => {
    for (const h of [
      [0xff, 0xfa, 0x90, 0x40], // protection bit 0: CRC follows
      [0xff, 0xe3, 0x90, 0x40], // MPEG-2.5
      [0xff, 0xfd, 0x90, 0x40], // Layer II
      [0xff, 0xfb, 0x00, 0x40], // free format
      [0xff, 0xfb, 0xf0, 0x40], // bit rate index 15
      [0xff, 0xfb, 0x9c, 0x40], // sample rate index 3
      [0xfe, 0xfb, 0x90, 0x40], // no sync
    ]) {
      expect(parseMp3Header(new Uint8Array(h), 0)).toBeNull();
    }
    expect(parseMp3Header(new Uint8Array([0xff, 0xfb, 0x90]), 0)).toBeNull();
  });
});

describe('warmUpFrame', () => {
  const layout = (reservoir: number[], payload: number[]): Mp3Layout => ({
    sampleRate: 44100,
    mpeg1: true,
    mono: false,
    samplesPerFrame: 1152,
    offsets: reservoir.map((_, i) => i * 417),
    reservoir,
    payload,
    begin: 0,
    end: null,
  });

  it("starts at the aligned frame at or before the one holding frame k-1's first main data byte", () => {
    const L = layout(
      new Array(40).fill(0).map((_, i) => (i === 20 ? 450 : 100)),
      new Array(40).fill(200),
    );
    // frame 20 reads 450 bytes back: frames 19 and 18 hold 400, so its data starts in frame 17
    expect(warmUpFrame(L, 21, 0)).toBe(16);
    expect(warmUpFrame(L, 21, 2)).toBe(12);
    // frame 25's predecessor reads 100 bytes back: frame 23, aligned to 20
    expect(warmUpFrame(L, 25, 0)).toBe(20);
    for (const k of [5, 9, 17, 30]) expect(warmUpFrame(L, k, 1) % MP3_START_ALIGNMENT).toBe(0);
    expect(warmUpFrame(L, 3, 0)).toBe(0);
    expect(warmUpFrame(L, 1, 0)).toBe(0);
  });
});

describeShared('mp3Layout', () => {
  it("reads the fixture's frames and its Info frame's gapless cut, which the decoder makes", async () => {
    const bytes = fixture();
    const L = mp3Layout(bytes);
    expect(L).not.toBeNull();
    if (!L) return;
    expect([L.sampleRate, L.samplesPerFrame, L.mpeg1, L.mono]).toEqual([44100, 1152, true, false]);
    expect(L.offsets.length).toBe(1148); // the Info frame's frame count
    expect(L.begin).toBe(529); // Lavf writes delay 0: the decoder delay alone
    const whole = await decodeMp3Whole(bytes, openMp3, true);
    expect(L.end).toBe(1148 * 1152 + 529); // no padding written: past the decoded samples
    // the decoder's output: from `begin` to `end` or to the last decoded sample, whichever is first
    expect(whole?.channelData[0].length).toBe(1148 * 1152 - L.begin);
  });

  it('without the Info frame: no cut; with delay and padding written in: cut by them', async () => {
    const bytes = fixture();
    const L = mp3Layout(bytes) as Mp3Layout;
    let infoAt = L.offsets[0] - 1;
    while (parseMp3Header(bytes, infoAt)?.size !== L.offsets[0] - infoAt) infoAt--;
    const plain = new Uint8Array([...bytes.subarray(0, infoAt), ...bytes.subarray(L.offsets[0])]);
    const P = mp3Layout(plain);
    expect(P?.begin).toBe(0);
    expect(P?.end).toBeNull();
    expect((await decodeMp3Whole(plain, openMp3, true))?.channelData[0].length).toBe(1148 * 1152);

    // LAME extension: 9 bytes of name, then delay and padding (12 bits each) at bytes 21-23
    const patched = bytes.slice();
    const tag = patched.indexOf(0x4c, infoAt + 4 + 32 + 8 + 4 + 4 + 100 + 4 - 1); // 'L' of the extension's 'Lavf'
    const [delay, padding] = [576, 1000];
    patched.set([delay >> 4, ((delay & 15) << 4) | (padding >> 8), padding & 255], tag + 21);
    const D = mp3Layout(patched) as Mp3Layout;
    expect([D.begin, D.end]).toEqual([delay + 529, 1148 * 1152 - padding + 529]);
    expect((await decodeMp3Whole(patched, openMp3, true))?.channelData[0].length).toBe(1148 * 1152 - delay - padding);
  });

  it('is null for junk between frames and fine with a trailing ID3v1 tag or a frame cut short', () => {
    const bytes = fixture();
    const L = mp3Layout(bytes) as Mp3Layout;
    const junk = new Uint8Array([...bytes.subarray(0, L.offsets[500]), 1, 2, 3, ...bytes.subarray(L.offsets[500])]);
    expect(mp3Layout(junk)).toBeNull();
    const tagged = new Uint8Array([...bytes, 0x54, 0x41, 0x47, ...new Uint8Array(125)]);
    expect(mp3Layout(tagged)?.offsets.length).toBe(1148);
    expect(mp3Layout(bytes.subarray(0, bytes.length - 100))?.offsets.length).toBe(1147);
    expect(mp3Layout(new Uint8Array(1000))).toBeNull();
  });
});
