import { describe, expect, it } from 'vitest';
import { loadAudio } from '../../src/audio/load.js';
import { parseWavHeader } from '../../src/audio/wav.js';
import { MirkitError } from '../../src/errors.js';

/** A RIFF/WAVE file: a `fmt ` chunk of the given fields (and extension bytes), then `data`. */
function wav(fields: { code: number; channels: number; rate: number; blockAlign: number; bits: number }, ext: number[] | null, data: Uint8Array): Uint8Array {
  const fmtSize = 16 + (ext ? 2 + 2 * ext.length : 0);
  const out = new Uint8Array(12 + 8 + fmtSize + 8 + data.length);
  const dv = new DataView(out.buffer);
  const tag = (at: number, s: string) => [...s].forEach((c, i) => (out[at + i] = c.charCodeAt(0)));
  tag(0, 'RIFF');
  dv.setUint32(4, out.length - 8, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  dv.setUint32(16, fmtSize, true);
  dv.setUint16(20, fields.code, true);
  dv.setUint16(22, fields.channels, true);
  dv.setUint32(24, fields.rate, true);
  dv.setUint32(28, fields.rate * fields.blockAlign, true);
  dv.setUint16(32, fields.blockAlign, true);
  dv.setUint16(34, fields.bits, true);
  if (ext) {
    dv.setUint16(36, 2 * ext.length, true); // cbSize
    ext.forEach((v, i) => dv.setUint16(38 + 2 * i, v, true));
  }
  const at = 20 + fmtSize;
  tag(at, 'data');
  dv.setUint32(at + 4, data.length, true);
  out.set(data, at + 8);
  return out;
}

/** `n` pseudo-random bytes (any nibbles are a valid ADPCM stream). */
function bytes(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    b[i] = s >>> 24;
  }
  return b;
}

describe('WAV: ADPCM headers (decoded by the generic decoder)', () => {
  it('decodes valid IMA and Microsoft ADPCM: samples per block as the block size allows', async () => {
    // IMA, mono, 256-byte blocks: 1 + (256 - 4) * 2 = 505 samples a block; stereo 512-byte blocks: the same
    for (const [channels, blockAlign] of [
      [1, 256],
      [2, 512],
    ]) {
      const blocks = 8;
      const file = wav({ code: 0x11, channels, rate: 22050, blockAlign, bits: 4 }, [505], bytes(blocks * blockAlign));
      expect(parseWavHeader(file)).toBeNull();
      const { y, sr } = await loadAudio(file, { sr: null });
      expect(sr).toBe(22050);
      expect(y.length).toBe(blocks * 505);
      expect(y.every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
    }
    // Microsoft ADPCM, mono, 256-byte blocks: 2 + (256 - 7) * 2 = 500; predictor index 0 in each block
    const data = bytes(4 * 256, 7);
    for (let b = 0; b < 4; b++) data[b * 256] = 0;
    const ms = wav({ code: 0x2, channels: 1, rate: 22050, blockAlign: 256, bits: 4 }, [500, 0], data);
    const { y } = await loadAudio(ms, { sr: null });
    expect(y.length).toBe(4 * 500);
    expect(y.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('regression: a header claiming more samples than its blocks hold is DECODE_FAILED, not millions of samples', async () => {
    const bad: Array<[string, Uint8Array, RegExp]> = [
      // no extension: the decoder would read cbSize and samples per block from the 'data' tag (about 12,500 samples per byte)
      ['16-bit IMA, 2-byte blocks', wav({ code: 0x11, channels: 1, rate: 22050, blockAlign: 2, bits: 16 }, null, new Uint8Array(8000)), /4 expected/],
      ['IMA, 2-byte blocks', wav({ code: 0x11, channels: 1, rate: 22050, blockAlign: 2, bits: 4 }, null, new Uint8Array(8000)), /cannot hold/],
      [
        'IMA, 65535 samples declared for 8-byte blocks',
        wav({ code: 0x11, channels: 1, rate: 22050, blockAlign: 8, bits: 4 }, [65535], new Uint8Array(8000)),
        /at most 9 samples/,
      ],
      [
        'IMA, no extension, 5-byte blocks',
        wav({ code: 0x11, channels: 1, rate: 22050, blockAlign: 5, bits: 4 }, null, new Uint8Array(8000)),
        /at most 3 samples/,
      ],
      [
        'MS ADPCM, blocks shorter than 2 channel headers',
        wav({ code: 0x2, channels: 2, rate: 22050, blockAlign: 14, bits: 4 }, [2, 0], new Uint8Array(8000)),
        /cannot hold/,
      ],
      [
        'MS ADPCM, 4000 samples declared for 64-byte blocks',
        wav({ code: 0x2, channels: 1, rate: 22050, blockAlign: 64, bits: 4 }, [4000, 0], new Uint8Array(8000)),
        /at most 116 samples/,
      ],
      ['IMA, 0 channels', wav({ code: 0x11, channels: 0, rate: 22050, blockAlign: 256, bits: 4 }, [505], new Uint8Array(8000)), /0 channels/],
    ];
    for (const [what, file, message] of bad) {
      const err = await loadAudio(file).catch((e: unknown) => e);
      expect(err, what).toBeInstanceOf(MirkitError);
      expect((err as MirkitError).code, what).toBe('DECODE_FAILED');
      expect((err as MirkitError).message, what).toMatch(message);
    }
  });
});

describe('loadAudio: the sample rate a file declares', () => {
  it('regression: outside [100 Hz, 768 kHz] is DECODE_FAILED before any resampling (an AudioBuffer: BAD_SAMPLE_RATE)', async () => {
    const pcm = new Uint8Array(4000);
    for (const rate of [2_100_000, 768_001, 99, 1]) {
      const file = wav({ code: 1, channels: 1, rate, blockAlign: 2, bits: 16 }, null, pcm);
      await expect(loadAudio(file)).rejects.toMatchObject({ code: 'DECODE_FAILED', message: expect.stringMatching(`sample rate of ${rate} Hz`) });
      await expect(loadAudio(file, { sr: null })).rejects.toMatchObject({ code: 'DECODE_FAILED' });
    }
    for (const rate of [100, 768_000]) {
      const { y, sr } = await loadAudio(wav({ code: 1, channels: 1, rate, blockAlign: 2, bits: 16 }, null, pcm), { sr: null });
      expect([sr, y.length]).toEqual([rate, 2000]);
    }
    const buffer = (sampleRate: number) => ({ sampleRate, numberOfChannels: 1, getChannelData: () => new Float32Array(10) });
    await expect(loadAudio(buffer(50))).rejects.toMatchObject({ code: 'BAD_SAMPLE_RATE' });
    await expect(loadAudio(buffer(1e7))).rejects.toMatchObject({ code: 'BAD_SAMPLE_RATE' });
  });
});
