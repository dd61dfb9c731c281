import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MirkitError } from '../../src/errors.js';
import { loadAudio, resample } from '../../src/audio/index.js';
import { DATA_DIR, FIXTURES_DIR, describeShared, fixtureAudio, fixtureJson, snrDb, withWasmFft } from '../helpers/shared.js';

/** Builds a WAV file. `frames[c][i]` are raw integer codes for pcm, sample values for float. */
function makeWav(frames: number[][], sr: number, bits: number, float = false, extensible = false): Uint8Array {
  const C = frames.length;
  const n = frames[0].length;
  const bps = bits / 8;
  const fmtSize = extensible ? 40 : 16;
  const dataBytes = n * C * bps;
  const buf = new Uint8Array(12 + 8 + fmtSize + 8 + dataBytes);
  const dv = new DataView(buf.buffer);
  const str = (at: number, s: string) => [...s].forEach((ch, i) => (buf[at + i] = ch.charCodeAt(0)));
  str(0, 'RIFF');
  dv.setUint32(4, buf.length - 8, true);
  str(8, 'WAVE');
  str(12, 'fmt ');
  dv.setUint32(16, fmtSize, true);
  const code = float ? 3 : 1;
  dv.setUint16(20, extensible ? 0xfffe : code, true);
  dv.setUint16(22, C, true);
  dv.setUint32(24, sr, true);
  dv.setUint32(28, sr * C * bps, true);
  dv.setUint16(32, C * bps, true);
  dv.setUint16(34, bits, true);
  if (extensible) {
    dv.setUint16(36, 22, true);
    dv.setUint16(38, bits, true);
    dv.setUint16(44, code, true); // first two bytes of the sub-format GUID
  }
  const d = 20 + fmtSize;
  str(d, 'data');
  dv.setUint32(d + 4, dataBytes, true);
  let o = d + 8;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++, o += bps) {
      const v = frames[c][i];
      if (float) bits === 32 ? dv.setFloat32(o, v, true) : dv.setFloat64(o, v, true);
      else if (bits === 8) dv.setUint8(o, v);
      else if (bits === 16) dv.setInt16(o, v, true);
      else if (bits === 24) {
        dv.setUint8(o, v & 0xff);
        dv.setUint8(o + 1, (v >> 8) & 0xff);
        dv.setInt8(o + 2, v >> 16);
      } else dv.setInt32(o, v, true);
    }
  }
  return buf;
}

function crc8(b: number[]): number {
  let c = 0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
  }
  return c;
}
function crc16(b: number[]): number {
  let c = 0;
  for (const x of b) {
    c ^= x << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x8005) & 0xffff : (c << 1) & 0xffff;
  }
  return c;
}
/** A minimal FLAC file at 44.1 kHz: 16-bit samples in VERBATIM subframes, 1024-sample blocks. */
function makeFlac(chans: number[][], block = 1024): Uint8Array {
  const C = chans.length;
  const n = chans[0].length;
  const out: number[] = [0x66, 0x4c, 0x61, 0x43, 0x80, 0, 0, 34]; // 'fLaC', last block: STREAMINFO (34 bytes)
  const info = new Array<number>(34).fill(0);
  info[0] = info[2] = block >> 8;
  info[1] = info[3] = block & 255;
  const packed = (44100n << 44n) | (BigInt(C - 1) << 41n) | (15n << 36n) | BigInt(n); // rate, channels-1, bits-1, frames
  for (let i = 0; i < 8; i++) info[10 + i] = Number((packed >> BigInt(56 - 8 * i)) & 255n);
  out.push(...info);
  for (let f = 0, start = 0; start < n; f++, start += block) {
    const bs = Math.min(block, n - start);
    // sync, fixed blocking; 16-bit (block-1) at the end, 44.1 kHz; independent channels, 16-bit; frame number
    const fr = [0xff, 0xf8, 0x79, ((C - 1) << 4) | 0x8, f, (bs - 1) >> 8, (bs - 1) & 255];
    fr.push(crc8(fr));
    for (let c = 0; c < C; c++) {
      fr.push(0x02); // VERBATIM subframe
      for (let i = 0; i < bs; i++) fr.push((chans[c][start + i] >> 8) & 255, chans[c][start + i] & 255);
    }
    const crc = crc16(fr);
    fr.push(crc >> 8, crc & 255);
    out.push(...fr);
  }
  return Uint8Array.from(out);
}

async function expectReject(p: Promise<unknown>, code: string): Promise<MirkitError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(MirkitError);
    expect((e as MirkitError).code).toBe(code);
    return e as MirkitError;
  }
  throw new Error(`expected a MirkitError ${code}`);
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>, n: number, lag = 0): number {
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = Math.max(0, -lag); i < n && i + lag < a.length; i++) {
    const x = a[i + lag],
      y = b[i];
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('loadAudio: WAV', () => {
  it('downmixes a 16-bit stereo WAV by averaging (sr: null keeps the rate)', async () => {
    const L = [0, 32767, -32768, 1000, -5, 12345];
    const R = [0, 32767, 32767, -1000, 7, 1];
    const { y, sr } = await loadAudio(makeWav([L, R], 8000, 16), { sr: null });
    expect(sr).toBe(8000);
    expect(y).toBeInstanceOf(Float32Array);
    expect(Array.from(y)).toEqual(L.map((l, i) => Math.fround((l / 32768 + R[i] / 32768) / 2)));
  });

  it('names the first bad sample of a float stereo mix, as NON_FINITE / BAD_DATA, whichever channel holds it', async () => {
    const L = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    for (const [bad, code] of [
      [Number.NaN, 'NON_FINITE'],
      [Number.NEGATIVE_INFINITY, 'NON_FINITE'],
      [1e8, 'BAD_DATA'],
    ] as const) {
      for (const mono of [true, false]) {
        const R = L.map((v, i) => (i === 3 ? bad : -v));
        const e = await expectReject(loadAudio(makeWav([L, R], 8000, 32, true), { sr: null, mono }), code);
        expect(e.message).toMatch(/^the decoded audio\[3\] is /);
        const e2 = await expectReject(loadAudio(makeWav([R, L], 8000, 32, true), { mono }), code);
        expect(e2.message).toMatch(/^the decoded audio\[3\] is /);
      }
    }
  });

  it('reads 8/24/32-bit PCM and 32/64-bit float, plain and WAVE_FORMAT_EXTENSIBLE', async () => {
    const cases: [number[], number, boolean, (v: number) => number][] = [
      [[0, 255, 128, 1], 8, false, (v) => (v - 128) / 128],
      [[0, 8388607, -8388608, -1, 4660], 24, false, (v) => v / 8388608],
      [[0, 2147483647, -2147483648, 123456789], 32, false, (v) => Math.fround(v) / 2147483648],
      [[0, 0.5, -1, 0.1, 1.5], 32, true, (v) => Math.fround(v)],
      [[0, 0.5, -1, 0.1], 64, true, (v) => Math.fround(v)],
    ];
    for (const [vals, bits, float, expected] of cases) {
      for (const ext of [false, true]) {
        const { y } = await loadAudio(makeWav([vals], 16000, bits, float, ext), { sr: null });
        expect(Array.from(y), `${bits}-bit ${float ? 'float' : 'pcm'}${ext ? ' ext' : ''}`).toEqual(vals.map((v) => Math.fround(expected(v))));
      }
    }
  });

  it('applies offset/duration at the native rate like librosa (floor(offset * sr), floor(duration * sr))', async () => {
    const n = 8000;
    const ramp = Array.from({ length: n }, (_, i) => i - 4000);
    const bytes = makeWav([ramp], 8000, 16);
    const { y } = await loadAudio(bytes, { sr: null, offset: 0.25, duration: 0.1 });
    expect(y.length).toBe(800);
    expect(y[0]).toBe((2000 - 4000) / 32768);
    expect(y[799]).toBe((2799 - 4000) / 32768);
    const tail = await loadAudio(bytes.buffer as ArrayBuffer, { sr: null, offset: 0.9 });
    expect(tail.y.length).toBe(800);
    const rs = await loadAudio(bytes, { sr: 4000, offset: 0.5 });
    expect(rs.y.length).toBe(2000);
    expect(rs.sr).toBe(4000);
  });

  it('returns the channels with mono: false', async () => {
    const { y, channels } = await loadAudio(
      makeWav(
        [
          [100, 200, 300],
          [300, 200, 100],
        ],
        8000,
        16,
      ),
      { sr: null, mono: false },
    );
    expect(channels).toHaveLength(2);
    expect(Array.from(channels![0])).toEqual([100, 200, 300].map((v) => v / 32768));
    expect(Array.from(y)).toEqual([200, 200, 200].map((v) => v / 32768));
  });

  it('resamples a WAV to the default 22050 Hz', async () => {
    const n = 4410;
    const s = Array.from({ length: n }, (_, i) => Math.round(10000 * Math.sin((2 * Math.PI * 440 * i) / 44100)));
    const { y, sr } = await loadAudio(makeWav([s], 44100, 16));
    expect(sr).toBe(22050);
    expect(y.length).toBe(2205);
    const direct = resample(
      Float32Array.from(s, (v) => v / 32768),
      44100,
      22050,
    );
    expect(Array.from(y)).toEqual(Array.from(direct));
  });

  it('16-bit mono and stereo WAVs resampled as integers (both backends) equal resample of the float mix', async () => {
    const n = 44100;
    const left = Array.from({ length: n }, (_, i) => Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / 44100) + 3000 * Math.sin(i / 3.7)));
    const right = left.map((v, i) => (i % 3 === 0 ? -32768 : i % 3 === 1 ? 32767 : -v));
    const mix = Float32Array.from(left, (v, i) => (v / 32768 + right[i] / 32768) / 2);
    const wav = makeWav([left], 44100, 16);
    const wav2 = makeWav([left, right], 44100, 16);
    // the same file at an odd byte offset: no Int16Array view, the float path
    const odd = new Uint8Array(wav.length + 1).subarray(1);
    odd.set(wav);
    {
      for (const fft of ['js', 'auto'] as const) {
        const direct = Array.from(
          resample(
            Float32Array.from(left, (v) => v / 32768),
            44100,
            22050,
            { fft },
          ),
        );
        for (const bytes of [wav, odd]) {
          const { y, sr, channels } = await loadAudio(bytes, { mono: false, fft });
          expect(sr).toBe(22050);
          expect(Array.from(y)).toEqual(direct);
          expect(channels).toEqual([y]);
        }
        const part = await loadAudio(wav, { offset: 0.25, duration: 0.5, fft });
        expect(Array.from(part.y)).toEqual(
          Array.from(
            resample(
              Float32Array.from(left.slice(11025, 33075), (v) => v / 32768),
              44100,
              22050,
              { fft },
            ),
          ),
        );
        const stereo = await loadAudio(wav2, { fft });
        expect(Array.from(stereo.y)).toEqual(Array.from(resample(mix, 44100, 22050, { fft })));
        const both = await loadAudio(wav2, { mono: false, offset: 0.1, fft });
        expect(Array.from(both.y)).toEqual(Array.from(resample(mix.subarray(4410), 44100, 22050, { fft })));
        expect(both.channels).toHaveLength(2);
      }
    }
  });
});

describe('loadAudio: compressed formats', () => {
  it("decodes FLAC with libsndfile's scaling (bit-identical to soundfile for 16-bit)", async () => {
    const n = 3000;
    const L = Array.from({ length: n }, (_, i) => Math.round(12000 * Math.sin(i / 20)));
    const R = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -32768 : Math.round(-7000 * Math.cos(i / 33))));
    const { y, sr } = await loadAudio(makeFlac([L, R]), { sr: null });
    expect(sr).toBe(44100);
    expect(y.length).toBe(n);
    for (let i = 0; i < n; i++) expect(y[i]).toBe(Math.fround((L[i] / 32768 + R[i] / 32768) / 2));
  });
  it('reads the format of a view from its own first bytes, not from its parent buffer', async () => {
    const flac = makeFlac([Array.from({ length: 2000 }, (_, i) => Math.round(9000 * Math.sin(i / 9)))]);
    const ref = await loadAudio(flac, { sr: null });
    // the parent starts with an mp3 sync word and ends with a view of a whole FLAC file
    const parent = new Uint8Array(flac.length + 5);
    parent.set([0xff, 0xfb, 0x90, 0x64, 0x00]);
    parent.set(flac, 5);
    const { y } = await loadAudio(parent.subarray(5), { sr: null });
    expect(Array.from(y)).toEqual(Array.from(ref.y));
  });
});

describe('loadAudio: AudioBuffer-like input', () => {
  const buffer = (chans: Float32Array[], sampleRate: number) => ({
    sampleRate,
    numberOfChannels: chans.length,
    getChannelData: (i: number) => chans[i],
  });

  it('averages the channels and resamples', async () => {
    const a = Float32Array.from({ length: 4800 }, (_, i) => Math.sin(i / 10));
    const b = Float32Array.from({ length: 4800 }, (_, i) => Math.cos(i / 7));
    const native = await loadAudio(buffer([a, b], 48000), { sr: null });
    expect(native.sr).toBe(48000);
    for (let i = 0; i < a.length; i++) expect(native.y[i]).toBe(Math.fround((a[i] + b[i]) / 2));
    const rs = await loadAudio(buffer([a, b], 48000));
    expect(rs.sr).toBe(22050);
    expect(rs.y.length).toBe(Math.ceil(4800 * (22050 / 48000)));
  });

  it("does not hand back the caller's own channel buffer", async () => {
    const a = new Float32Array([0.1, 0.2, 0.3]);
    const { y } = await loadAudio(buffer([a], 22050));
    expect(y).not.toBe(a);
    expect(Array.from(y)).toEqual(Array.from(a));
  });

  it('rejects NaN samples and bad rates', async () => {
    await expectReject(loadAudio(buffer([new Float32Array([0, NaN, 0])], 22050)), 'NON_FINITE');
    await expectReject(loadAudio(buffer([new Float32Array(10)], 0)), 'BAD_SAMPLE_RATE');
    await expectReject(loadAudio(buffer([new Float32Array(0)], 22050)), 'EMPTY_INPUT');
  });
});

describe('loadAudio: errors', () => {
  const wav = makeWav([[1, 2, 3, 4]], 8000, 16);

  it('DECODE_FAILED for bytes that are not audio, empty, truncated or inconsistent', async () => {
    await expectReject(loadAudio(new TextEncoder().encode('definitely not an audio file, just text')), 'DECODE_FAILED');
    await expectReject(loadAudio(new Uint8Array(0)), 'DECODE_FAILED');
    await expectReject(loadAudio(new ArrayBuffer(0)), 'DECODE_FAILED');
    await expectReject(loadAudio(wav.subarray(0, 20)), 'DECODE_FAILED'); // header cut inside fmt
    await expectReject(loadAudio(wav.subarray(0, 40)), 'DECODE_FAILED'); // no data chunk
    await expectReject(loadAudio(wav.subarray(0, wav.length - 2)), 'DECODE_FAILED'); // data shorter than declared
    const zeroRate = wav.slice();
    new DataView(zeroRate.buffer).setUint32(24, 0, true);
    await expectReject(loadAudio(zeroRate), 'DECODE_FAILED');
    const badAlign = wav.slice();
    new DataView(badAlign.buffer).setUint16(32, 3, true);
    await expectReject(loadAudio(badAlign), 'DECODE_FAILED');
    const junk = new Uint8Array(4000).map((_, i) => (i * 7919) & 0xff);
    for (const magic of ['ID3', 'OggS', 'fLaC']) {
      const b = junk.slice();
      [...magic].forEach((c, i) => (b[i] = c.charCodeAt(0)));
      await expectReject(loadAudio(b), 'DECODE_FAILED');
    }
  });

  it('EMPTY_INPUT when nothing is left to return', async () => {
    await expectReject(loadAudio(makeWav([[]], 8000, 16)), 'EMPTY_INPUT');
    await expectReject(loadAudio(wav, { offset: 10 }), 'EMPTY_INPUT');
    await expectReject(loadAudio(wav, { duration: 0 }), 'EMPTY_INPUT');
  });

  it('FILE_NOT_FOUND, BAD_SAMPLE_RATE, BAD_OPTION, BAD_DATA', async () => {
    await expectReject(loadAudio('/nonexistent/dir/missing.wav'), 'FILE_NOT_FOUND');
    await expectReject(loadAudio(tmpdir()), 'FILE_NOT_FOUND');
    for (const sr of [0, -22050, NaN]) await expectReject(loadAudio(wav, { sr }), 'BAD_SAMPLE_RATE');
    await expectReject(loadAudio(wav, { offset: -1 }), 'BAD_OPTION');
    await expectReject(loadAudio(wav, { duration: -0.5 }), 'BAD_OPTION');
    await expectReject(loadAudio(wav, { offset: NaN }), 'BAD_OPTION');
    await expectReject(loadAudio(new Float32Array(100) as never), 'BAD_DATA');
    await expectReject(loadAudio(42 as never), 'BAD_DATA');
  });

  it('reads a file path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirkit-audio-'));
    const p = join(dir, 'x.wav');
    writeFileSync(p, wav);
    const { y, sr } = await loadAudio(p, { sr: null });
    expect(sr).toBe(8000);
    expect(Array.from(y)).toEqual([1, 2, 3, 4].map((v) => v / 32768));
  });
});

const ORIGINALS: [string, string, number][] = [
  // clip, original file, max |ours - librosa| allowed on the stored sample windows
  ['ballroom-waltz-105901', 'ballroom-waltz-105901.wav', 1e-5],
  ['librosa-choice', 'librosa-choice.hq.ogg', 1e-4],
  ['librosa-brahms', 'librosa-brahms.hq.ogg', 1e-4],
  ['fma-000002', 'fma-000002.mp3', 1e-4],
];

/** loadAudio of an original file against librosa.load: length, samples, rms, lag, and a duration-limited prefix. */
async function expectLikeLibrosa(clip: string, file: string, tol: number, label = ''): Promise<void> {
  const j = fixtureJson(clip);
  const bytes = readFileSync(join(FIXTURES_DIR, 'originals', file));
  const { y, sr } = await loadAudio(bytes);
  expect(sr).toBe(22050);
  expect(y.length).toBe(j.load.length);

  const ref = fixtureAudio(clip); // librosa's load, truncated to 661500 samples
  const n = ref.length;
  const corr = correlation(y, ref, n);
  expect(corr).toBeGreaterThanOrEqual(0.999);
  // Decoder delay check: the best lag by cross-correlation over +-64 samples.
  let bestLag = 0,
    best = -Infinity;
  for (let lag = -64; lag <= 64; lag++) {
    const c = correlation(y, ref, Math.min(n, 100_000), lag);
    if (c > best) [best, bestLag] = [c, lag];
  }
  expect(bestLag).toBe(0);
  const snr = snrDb(y.subarray(0, n), ref);
  console.log(
    `[audio]${label} ${file}: length ${y.length} (librosa ${j.load.length}), corr ${corr.toFixed(9)}, lag ${bestLag}, SNR vs librosa ${snr.toFixed(1)} dB`,
  );
  expect(snr).toBeGreaterThan(60);

  for (const [key, at] of [
    ['samples_0_64', 0],
    ['samples_10000_10064', 10000],
  ] as const) {
    const want: number[] = j.load[key];
    for (let i = 0; i < want.length; i++) expect(Math.abs(y[at + i] - want[i]), `${key}[${i}]`).toBeLessThan(tol);
  }
  let ss = 0;
  for (let i = 0; i < y.length; i++) ss += y[i] * y[i];
  expect(Math.sqrt(ss / y.length) / j.load.rms - 1).toBeLessThan(1e-4);

  // duration: decoding stops early (compressed formats decode a prefix); same samples up to the cut.
  const head = await loadAudio(bytes, { duration: 5 });
  expect(head.y.length).toBe(110250);
  let d = 0;
  for (let i = 0; i < 110250 - 200; i++) d = Math.max(d, Math.abs(head.y[i] - y[i]));
  expect(d).toBeLessThan(1e-6);
}

describeShared('loadAudio vs librosa.load (../shared fixtures)', () => {
  it('returns the canonical 22050 Hz float wav bit-identically', async () => {
    for (const clip of ['madmom-sample', 'gtzan-country-00000']) {
      const ref = fixtureAudio(clip);
      const { y, sr } = await loadAudio(join(FIXTURES_DIR, `${clip}.wav`));
      expect(sr).toBe(22050);
      expect(y.length).toBe(ref.length);
      expect(Buffer.from(y.buffer, y.byteOffset, y.byteLength).equals(Buffer.from(ref.buffer, ref.byteOffset, ref.byteLength))).toBe(true);
    }
  });

  for (const [clip, file, tol] of ORIGINALS) {
    it(`${file}: librosa's length, samples and rms; correlation >= 0.999`, () => expectLikeLibrosa(clip, file, tol));
  }

  it('a view at an offset in a larger buffer (a subarray, a pooled Buffer) decodes as a copy of its bytes', async () => {
    const files = [
      join(FIXTURES_DIR, 'originals', 'fma-000002.mp3'),
      join(FIXTURES_DIR, 'originals', 'librosa-choice.hq.ogg'),
      join(DATA_DIR, 'gtzan', 'audio', 'pop', 'pop.00006.flac'),
    ];
    for (const file of files) {
      const bytes = readFileSync(file);
      const parent = new Uint8Array(bytes.length + 3);
      parent.set(bytes, 3);
      const copy = await loadAudio(parent.slice(3), { duration: 4 });
      const view = await loadAudio(parent.subarray(3), { duration: 4 });
      expect(view.y.length, file).toBe(88200);
      expect(
        Buffer.from(view.y.buffer, view.y.byteOffset, view.y.byteLength).equals(Buffer.from(copy.y.buffer, copy.y.byteOffset, copy.y.byteLength)),
        file,
      ).toBe(true);
    }
  });

  it('offset/duration on a compressed file equal a slice of the whole decode (native rate)', async () => {
    const bytes = readFileSync(join(FIXTURES_DIR, 'originals', 'librosa-choice.hq.ogg'));
    const full = await loadAudio(bytes, { sr: null });
    expect(full.sr).toBe(44100);
    const part = await loadAudio(bytes, { sr: null, offset: 1.5, duration: 2 });
    expect(part.y.length).toBe(88200);
    expect(Array.from(part.y.subarray(0, 256))).toEqual(Array.from(full.y.subarray(66150, 66150 + 256)));
  });
});

describeShared('loadAudio vs librosa.load on the PFFFT-wasm FFT backend (float32 2:1 stage)', () => {
  it('the original files: same length, samples, rms and tolerances as on the js backend', async () => {
    await withWasmFft(async (fft) => {
      for (const [clip, file, tol] of ORIGINALS) await expectLikeLibrosa(clip, file, tol, ` (${fft.fftBackend()})`);
    });
  });
});
