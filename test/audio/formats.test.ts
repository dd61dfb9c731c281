/**
 * loadAudio on the formats decoded by packages with no other test here: Ogg Opus, AAC-LC in MP4,
 * raw ADTS AAC, AIFF and AIFF-C, from tiny fixtures encoded from one synthetic signal
 * (test/audio/formats/README.md): rate, channels, length, finite samples, closeness to the
 * reference, and offset/duration as a slice of the whole decode.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MirkitError } from '../../src/errors.js';
import { loadAudio } from '../../src/audio/index.js';
import { boundAiffFrames, boundMp4Tables } from '../../src/audio/container-bounds.js';
import { snrDb } from '../helpers/shared.js';
import { REF_LENGTH, REF_SR, referenceFloat, referenceWav } from './formats/reference.js';

const DIR = join(import.meta.dirname, 'formats');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));

interface Case {
  file: string;
  /** Native rate and length per channel of loadAudio's decode. */
  sr: number;
  length: number;
  /** Length per channel that `ffmpeg -i FILE -f f32le -` (ffmpeg 5.1.9) decodes. */
  ffmpegLength: number;
  /** Lower bound of the SNR (dB) of each channel against the reference at 44.1 kHz, aligned. */
  minSnr: number;
  /** Samples of the reference the fixture holds (the AIFFs hold its first 6000 frames). */
  refLength: number;
  offset: number;
  duration: number;
}

// Lengths: the Opus file's granule positions cut the pre-skip (312) and the padding: 1 s at 48 kHz,
// as ffmpeg decodes it. The MP4's edit list cuts AAC's 1024-sample priming and its padding: 44100,
// where ffmpeg 5.1 cuts the priming only (45056 = 44 frames). Raw ADTS carries no gapless information:
// ffmpeg decodes all 45 frames (46080 samples, the priming first); FAAD2 withholds its first frame,
// so its output (45056) starts at the signal itself, aligned with the reference at lag 0.
// SNRs measured (left / right): Opus at 64 kb/s 30.8 / 32.0 dB (resampled to 44.1 kHz), AAC at
// 96 kb/s 23.0 / 27.5 dB (the clicks' pre-echo); the bounds leave 3 dB. AIFF is exact.
const CASES: Case[] = [
  { file: 'synth.opus', sr: 48000, length: 48000, ffmpegLength: 48000, minSnr: 27, refLength: REF_LENGTH, offset: 0.3, duration: 0.4 },
  { file: 'synth.m4a', sr: 44100, length: 44100, ffmpegLength: 45056, minSnr: 20, refLength: REF_LENGTH, offset: 0.3, duration: 0.4 },
  { file: 'synth.aac', sr: 44100, length: 45056, ffmpegLength: 46080, minSnr: 20, refLength: REF_LENGTH, offset: 0.3, duration: 0.4 },
  { file: 'synth.aiff', sr: 44100, length: 6000, ffmpegLength: 6000, minSnr: Number.POSITIVE_INFINITY, refLength: 6000, offset: 0.05, duration: 0.05 },
  { file: 'synth.aifc', sr: 44100, length: 6000, ffmpegLength: 6000, minSnr: Number.POSITIVE_INFINITY, refLength: 6000, offset: 0.05, duration: 0.05 },
];

const allFinite = (x: Float32Array): boolean => x.every(Number.isFinite);

describe('loadAudio on Opus, M4A/AAC, ADTS AAC, AIFF and AIFF-C', () => {
  const ref = referenceFloat();

  for (const c of CASES) {
    describe(c.file, () => {
      it('native rate, stereo: rate, channels, length, finite, close to the reference', async () => {
        const out = await loadAudio(read(c.file), { sr: null, mono: false });
        expect(out.sr).toBe(c.sr);
        expect(out.channels).toHaveLength(2);
        expect(out.y.length).toBe(c.length);
        // the codec's delay is cut (or, ADTS, withheld by FAAD2): never more than ffmpeg's own decode
        expect(c.length).toBeLessThanOrEqual(c.ffmpegLength);
        for (const ch of out.channels ?? []) {
          expect(ch.length).toBe(c.length);
          expect(allFinite(ch)).toBe(true);
        }
        for (let i = 0; i < 64; i++) expect(out.y[1000 + i]).toBeCloseTo((out.channels![0][1000 + i] + out.channels![1][1000 + i]) / 2, 6);
        // at the reference's rate (Opus resampled by loadAudio), aligned at lag 0
        const at44 = c.sr === REF_SR ? out : await loadAudio(read(c.file), { sr: REF_SR, mono: false });
        for (let k = 0; k < 2; k++) {
          const x = at44.channels![k].subarray(0, c.refLength);
          const r = ref[k].subarray(0, c.refLength);
          if (c.minSnr === Number.POSITIVE_INFINITY) expect(Array.from(x)).toEqual(Array.from(r));
          else expect(snrDb(x, r)).toBeGreaterThan(c.minSnr);
        }
      });

      it('default (22050 Hz mono): length and closeness to the reference WAV loaded the same way', async () => {
        const out = await loadAudio(read(c.file));
        expect(out.sr).toBe(22050);
        expect(out.channels).toBeUndefined();
        expect(out.y.length).toBe(Math.ceil((c.length * 22050) / c.sr));
        expect(allFinite(out.y)).toBe(true);
        const wav = await loadAudio(referenceWav());
        const n = Math.ceil((c.refLength * 22050) / REF_SR) - 64; // the resampler's edge at the fixture's end
        const snr = snrDb(out.y.subarray(0, n), wav.y.subarray(0, n));
        expect(snr).toBeGreaterThan(c.minSnr === Number.POSITIVE_INFINITY ? 90 : c.minSnr);
      });

      it('offset/duration equal a slice of the whole decode (native rate)', async () => {
        const bytes = read(c.file);
        const full = await loadAudio(bytes, { sr: null });
        const part = await loadAudio(bytes, { sr: null, offset: c.offset, duration: c.duration });
        const s = Math.trunc(c.offset * c.sr);
        const n = Math.trunc(c.duration * c.sr);
        expect(part.y.length).toBe(n);
        expect(Array.from(part.y)).toEqual(Array.from(full.y.subarray(s, s + n)));
        const stereo = await loadAudio(bytes, { sr: null, mono: false });
        const partStereo = await loadAudio(bytes, { sr: null, mono: false, offset: c.offset, duration: c.duration });
        for (let k = 0; k < 2; k++) expect(Array.from(partStereo.channels![k])).toEqual(Array.from(stereo.channels![k].subarray(s, s + n)));
      });

      it('an offset past the end is EMPTY_INPUT; truncated to its first bytes, DECODE_FAILED', async () => {
        const bytes = read(c.file);
        await expect(loadAudio(bytes, { offset: 5 })).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
        const head = bytes.slice(0, 40);
        const err = await loadAudio(head).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MirkitError);
        expect((err as MirkitError).code).toBe('DECODE_FAILED');
      });
    });
  }
});

/** Offset of the first box `type` (its size field) in an MP4 file. */
function boxAt(b: Uint8Array, type: string): number {
  for (let i = 4; i + 4 <= b.length; i++) if (String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3]) === type) return i - 4;
  throw new Error(`no ${type} box`);
}
const setU32 = (b: Uint8Array, at: number, v: number): void => new DataView(b.buffer, b.byteOffset).setUint32(at, v);

/** An AIFF-C file of `blocks` IMA4 blocks (34 bytes each, mono) or GSM frames (33 bytes) declaring `declared` of them. */
function makeAifc(comp: 'ima4' | 'GSM ', blocks: number, declared: number): Uint8Array {
  const per = comp === 'ima4' ? 34 : 33;
  const b = new Uint8Array(12 + 8 + 24 + 16 + per * blocks);
  const dv = new DataView(b.buffer);
  const str = (at: number, s: string): void => [...s].forEach((ch, i) => dv.setUint8(at + i, ch.charCodeAt(0)));
  str(0, 'FORM');
  dv.setUint32(4, b.length - 8);
  str(8, 'AIFC');
  str(12, 'COMM');
  dv.setUint32(16, 24);
  dv.setUint16(20, 1); // channels
  dv.setUint32(22, declared);
  dv.setUint16(26, 16);
  dv.setUint16(28, 0x400e); // 44100 as an 80-bit float
  dv.setUint16(30, 0xac44);
  str(38, comp);
  str(44, 'SSND');
  dv.setUint32(48, 8 + per * blocks);
  for (let i = 60; i < b.length; i++) b[i] = (i * 37) & 0x77; // any bytes decode
  return b;
}

describe('corrupt counts in MP4 sample tables and AIFF-C COMM chunks are bounded (regressions)', () => {
  const m4a = read('synth.m4a');

  // each was, unbounded, an Array(count) in @audio/decode-mp4: with 2^32 - 1, > 10 s or > 1.5 GB RSS
  // from this 13 KB file; the counts are cut to the entries the box holds
  for (const [box, at] of [
    ['stsz', 16],
    ['stco', 12],
    ['stsc', 12],
    ['stts', 12],
    ['elst', 12],
  ] as const) {
    it(`an MP4 ${box} declaring 2^32 - 1 entries decodes like the intact file`, async () => {
      const b = m4a.slice();
      setU32(b, boxAt(b, box) + at, 0xffffffff);
      const t0 = performance.now();
      const out = await loadAudio(b, { sr: null });
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(out.y.length).toBe(44100);
    });
  }

  it('an MP4 stsz with a fixed sample size and 2^32 - 1 samples fails as DECODE_FAILED at once', async () => {
    const b = m4a.slice();
    setU32(b, boxAt(b, 'stsz') + 12, 100);
    setU32(b, boxAt(b, 'stsz') + 16, 0xffffffff);
    const t0 = performance.now();
    await expect(loadAudio(b)).rejects.toMatchObject({ code: 'DECODE_FAILED' });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('an edit list declaring 65536 edits keeps its one real edit (the gapless window)', async () => {
    // unbounded, the garbage past the box counted as edits: no window, 45056 samples with AAC's priming
    const b = m4a.slice();
    setU32(b, boxAt(b, 'elst') + 12, 65536);
    expect((await loadAudio(b, { sr: null })).y.length).toBe(44100);
  });

  it('boundMp4Tables returns an intact file as it is and cuts a count in a copy', () => {
    expect(boundMp4Tables(m4a)).toBe(m4a);
    const b = m4a.slice();
    const stco = boxAt(b, 'stco');
    setU32(b, stco + 12, 0xffffffff);
    const cut = boundMp4Tables(b);
    expect(cut).not.toBe(b);
    expect(new DataView(b.buffer).getUint32(stco + 12)).toBe(0xffffffff);
    expect(new DataView(cut.buffer).getUint32(stco + 12)).toBe((new DataView(b.buffer).getUint32(stco) - 16) / 4);
  });

  it('an IMA4 AIFF-C declaring more blocks than it holds decodes what its bytes hold', async () => {
    // unbounded: 65536 blocks of output (4194304 samples) from 400 bytes; 2^22 blocks was > 1.5 GB RSS
    const intact = await loadAudio(makeAifc('ima4', 10, 10), { sr: null });
    expect(intact.y.length).toBe(640);
    for (const declared of [65536, 1 << 22, 0xffffffff]) {
      const out = await loadAudio(makeAifc('ima4', 10, declared), { sr: null });
      expect(out.y.length).toBeLessThanOrEqual(Math.floor(400 / 34) * 64);
      expect(Array.from(out.y.subarray(0, 640))).toEqual(Array.from(intact.y));
    }
  });

  it('a GSM AIFF-C whose COMM and SSND both declare 2^31 frames decodes what its bytes hold', async () => {
    const b = makeAifc('GSM ', 10, 0x7fffffff);
    setU32(b, 48, 0xffffffff); // SSND size
    setU32(b, 4, 0xffffffff); // FORM size
    const out = await loadAudio(b, { sr: null });
    expect(out.y.length).toBeLessThanOrEqual(Math.floor(b.length / 33) * 160);
    expect(out.y.every(Number.isFinite)).toBe(true);
    expect(boundAiffFrames(makeAifc('GSM ', 10, 10))).toEqual(makeAifc('GSM ', 10, 10));
  });
});
