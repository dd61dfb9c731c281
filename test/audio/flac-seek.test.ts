import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MirkitError } from '../../src/errors.js';
import { loadAudio } from '../../src/audio/index.js';
import { openDecoder } from '../../src/audio/decoders.js';
import { flacBitsPerSample } from '../../src/audio/decode-prefix.js';
import { decodeFlacRange, findFlacFrame, readFlacMetadata } from '../../src/audio/flac-seek.js';
import { DATA_DIR, describeShared } from '../helpers/shared.js';

function crc8(b: ArrayLike<number>, from = 0, to = b.length): number {
  let c = 0;
  for (let i = from; i < to; i++) {
    c ^= b[i];
    for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
  }
  return c;
}
function crc16(b: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < b.length; i++) {
    c ^= b[i] << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x8005) & 0xffff : (c << 1) & 0xffff;
  }
  return c;
}
/** A frame number as FLAC codes it (UTF-8 style). */
function utf8(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x800) return [0xc0 | (n >> 6), 0x80 | (n & 63)];
  return [0xe0 | (n >> 12), 0x80 | ((n >> 6) & 63), 0x80 | (n & 63)];
}

/** A SEEKTABLE block (type 3) of points [sample, offset from the first frame]. */
function seekTable(points: [number, number][], last: boolean): number[] {
  const len = 18 * points.length;
  const out = [(last ? 0x80 : 0) | 3, len >> 16, (len >> 8) & 255, len & 255];
  const u64 = (v: number): number[] => [0, 0, 0, 0, (v >>> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255];
  for (const [s, o] of points) out.push(...u64(s), ...u64(o), 0x10, 0);
  return out;
}

/** STREAMINFO + optional blocks, then frames (as bytes); `minBlock` may differ from `block` (variable). */
function flacFile(C: number, bits: number, total: number, block: number, frames: number[][], seek: [number, number][] | null, minBlock = block): Uint8Array {
  const out: number[] = [0x66, 0x4c, 0x61, 0x43, seek ? 0 : 0x80, 0, 0, 34];
  const info = new Array<number>(34).fill(0);
  [info[0], info[1], info[2], info[3]] = [minBlock >> 8, minBlock & 255, block >> 8, block & 255];
  const packed = (44100n << 44n) | (BigInt(C - 1) << 41n) | (BigInt(bits - 1) << 36n) | BigInt(total);
  for (let i = 0; i < 8; i++) info[10 + i] = Number((packed >> BigInt(56 - 8 * i)) & 255n);
  out.push(...info);
  if (seek) out.push(...seekTable(seek, true));
  for (const f of frames) for (const x of f) out.push(x);
  return Uint8Array.from(out);
}

/** VERBATIM frames of integer channels, fixed block size, 16- or 24-bit; frame offsets relative to the first frame. */
function synthFrames(chans: number[][], block: number, bits: 16 | 24): { frames: number[][]; offsets: number[] } {
  const C = chans.length;
  const n = chans[0].length;
  const frames: number[][] = [];
  const offsets: number[] = [];
  let at = 0;
  for (let f = 0, start = 0; start < n; f++, start += block) {
    const bs = Math.min(block, n - start);
    const fr = [0xff, 0xf8, 0x79, ((C - 1) << 4) | (bits === 16 ? 0x8 : 0xc), ...utf8(f), (bs - 1) >> 8, (bs - 1) & 255];
    fr.push(crc8(fr));
    for (let c = 0; c < C; c++) {
      fr.push(0x02); // VERBATIM subframe
      for (let i = 0; i < bs; i++) {
        const v = chans[c][start + i];
        if (bits === 24) fr.push((v >> 16) & 255);
        fr.push((v >> 8) & 255, v & 255);
      }
    }
    const crc = crc16(fr);
    fr.push(crc >> 8, crc & 255);
    frames.push(fr);
    offsets.push(at);
    at += fr.length;
  }
  return { frames, offsets };
}

function synth(n: number, C: number, amp: number, silentHead = 0): number[][] {
  return Array.from({ length: C }, (_, c) =>
    Array.from({ length: n }, (_, i) => (i < silentHead ? 0 : Math.round(amp * Math.sin(i / (7 + c)) + (amp / 9) * Math.sin(i * 0.37 * (c + 1))))),
  );
}

const cut = (x: Float32Array, s: number, count: number | null): number[] => Array.from(x.subarray(s, count === null ? undefined : s + count));

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof MirkitError ? e.code : String(e);
  }
}

/**
 * Checks loads of `bytes` from sample `s` on (for `count` samples) against the whole decode cut
 * there, channels and mono mix, and whether the range was decoded from a frame near it.
 */
async function expectSameAsWhole(bytes: Uint8Array, cases: [number, number | null][], seeks: (s: number) => boolean): Promise<void> {
  const whole = await loadAudio(bytes, { sr: null, mono: false });
  const sr = whole.sr;
  const chans = whole.channels ?? [whole.y];
  for (const [s, count] of cases) {
    const offset = (s + 0.5) / sr; // Math.trunc(offset * sr) = s
    const duration = count === null ? null : (count + 0.5) / sr;
    if (s >= whole.y.length || count === 0) {
      expect(await code(loadAudio(bytes, { sr: null, offset, duration })), `s=${s}`).toBe('EMPTY_INPUT');
      continue;
    }
    const r = await loadAudio(bytes, { sr: null, mono: false, offset, duration });
    expect(r.channels?.length, `s=${s}`).toBe(chans.length);
    r.channels?.forEach((c, k) => expect(Array.from(c), `s=${s} channel ${k}`).toEqual(cut(chans[k], s, count)));
    const m = await loadAudio(bytes, { sr: null, offset, duration });
    expect(Array.from(m.y), `s=${s} mono`).toEqual(cut(whole.y, s, count));
    const range = await decodeFlacRange(
      bytes,
      flacBitsPerSample(bytes),
      () => s,
      () => count ?? Number.MAX_SAFE_INTEGER,
      () => openDecoder('flac'),
    );
    expect(range !== null, `s=${s}: decoded from a frame near it`).toBe(seeks(s));
    if (range) range.channelData.forEach((c, k) => expect(Array.from(c), `s=${s} range channel ${k}`).toEqual(cut(chans[k], s, count)));
  }
}

describe('FLAC ranges decoded from a frame at or before the offset (flac-seek)', () => {
  const B = 64;
  const n = 2600 * B + 37; // frame numbers of 1, 2 and 3 bytes; a short last frame
  const chans = synth(n, 2, 12000);
  const { frames, offsets } = synthFrames(chans, B, 16);
  const last = frames.length - 1;
  const cases: [number, number | null][] = [
    [0, 500],
    [10, 100], // inside the first frame
    [B, 300], // frame boundaries
    [2 * B, B],
    [127 * B, 5 * B],
    [128 * B - 1, 2],
    [2048 * B, 1000],
    [1500 * B + 17, null],
    [last * B, null], // the last frame
    [last * B + 5, 1000],
    [n - 1, 1],
    [n - 1, null],
    [n, 10], // past the end
    [n + 5000, null],
    [300 * B, 0],
  ];
  // from frame 2 on, where the frames before hold the 2000 nonzero samples that decide the rescale
  const fast = (s: number): boolean => s >= 40 * B && s < n;
  const seekPoints = (every: number): [number, number][] => offsets.flatMap((o, f) => (f % every === 0 ? [[f * B, o] as [number, number]] : []));

  it('a 16-bit stereo stream without a SEEKTABLE: the same samples as the whole decode cut, bit for bit', async () => {
    await expectSameAsWhole(flacFile(2, 16, n, B, frames, null), cases, (s) => fast(s) && s !== 300 * B);
  });

  it('with a SEEKTABLE, and with one whose offsets are wrong', async () => {
    const withTable = flacFile(2, 16, n, B, frames, seekPoints(100));
    await expectSameAsWhole(withTable, cases, (s) => fast(s) && s !== 300 * B);
    const info = readFlacMetadata(withTable);
    expect(info?.seekPoints.length).toBe(27);
    const bogus = flacFile(
      2,
      16,
      n,
      B,
      frames,
      seekPoints(100).map(([s, o]) => [s, o + 3]),
    );
    await expectSameAsWhole(bogus, cases.slice(4, 9), fast);
  });

  it('finds the frame of the offset (or the one before) with and without a SEEKTABLE', () => {
    for (const bytes of [flacFile(2, 16, n, B, frames, null), flacFile(2, 16, n, B, frames, seekPoints(100))]) {
      const info = readFlacMetadata(bytes);
      if (!info) throw new Error('no metadata');
      for (const k of [2, 127, 128, 1000, 2047, 2048, last]) {
        const at = findFlacFrame(bytes, info, k);
        expect(at?.number).toBeLessThanOrEqual(k);
        expect(at?.number).toBeGreaterThanOrEqual(k - 1);
        expect(at?.pos).toBe(info.firstFrame + offsets[at?.number ?? 0]);
      }
    }
  });

  it('a 24-bit mono stream (not rescaled)', async () => {
    const m = 700 * B;
    const mono = synth(m, 1, 3_000_000);
    await expectSameAsWhole(
      flacFile(1, 24, m, B, synthFrames(mono, B, 24).frames, null),
      [
        [5 * B, 1000],
        [333 * B + 9, null],
      ],
      () => true,
    );
  });

  it('decides the 16-bit rescale on the first frames: decodes past a silent start, falls back where it holds too few samples', async () => {
    const m = 400 * B;
    const late = synth(m, 2, 9000, 50 * B);
    await expectSameAsWhole(
      flacFile(2, 16, m, B, synthFrames(late, B, 16).frames, null),
      [
        [100 * B, 500],
        [300 * B + 3, null],
        [40 * B, 2000], // the frames before hold too few nonzero samples in channel 0: from the start
        [60 * B, 500],
      ],
      (s) => s >= 100 * B,
    );
  });

  it('falls back to the decode from the start for variable block sizes, unknown length, and no valid first frame', async () => {
    const at = (bytes: Uint8Array): Promise<unknown> =>
      decodeFlacRange(
        bytes,
        16,
        () => 500 * B,
        () => 100,
        () => openDecoder('flac'),
      );
    expect(await at(flacFile(2, 16, n, B, frames, null, 16))).toBeNull(); // min != max block size
    expect(await at(flacFile(2, 16, 0, B, frames, null))).toBeNull(); // total unknown
    const badFirst = frames.map((f) => f.slice());
    badFirst[0][5] ^= 1; // header CRC-8 fails
    expect(await at(flacFile(2, 16, n, B, badFirst, null))).toBeNull();
    const noSync = frames.map((f) => [0, ...f.slice(1)]);
    expect(await at(flacFile(2, 16, n, B, noSync, null))).toBeNull();
    // a frame whose CRC-16 fails is never a start: the one before it is taken
    const badCrc = frames.map((f) => f.slice());
    badCrc[500][40] ^= 0x10;
    const bytes = flacFile(2, 16, n, B, badCrc, null);
    const info = readFlacMetadata(bytes);
    expect(info && findFlacFrame(bytes, info, 500)?.number).toBeLessThan(500);
  });
});

describeShared('FLAC ranges of real files (GTZAN pop, flac-seek)', () => {
  /** The byte offsets of a file's frames from the first frame (header walk by frame number). */
  function frameOffsets(b: Uint8Array, first: number, B: number, total: number): number[] {
    const out = [0];
    const frames = Math.ceil(total / B);
    for (let p = first + 6; out.length < frames && p + 6 < b.length; p++) {
      const num = utf8(out.length);
      const bs = b[p + 2] >> 4;
      const end = p + 4 + num.length + (bs === 7 ? 2 : bs === 6 ? 1 : 0); // the CRC-8 (rates from STREAMINFO or coded)
      if (b[p] === 0xff && b[p + 1] === 0xf8 && num.every((x, i) => b[p + 4 + i] === x) && crc8(b, p, end) === b[end]) out.push(p - first);
    }
    return out;
  }

  for (const name of ['pop.00000.flac', 'pop.00001.flac', 'pop.00002.flac']) {
    it(`${name}: the same samples as the whole decode cut, with and without a SEEKTABLE`, async () => {
      const b = new Uint8Array(readFileSync(join(DATA_DIR, 'gtzan', 'audio', 'pop', name)));
      const info = readFlacMetadata(b);
      if (!info) throw new Error('not FLAC');
      const B = info.blockSize;
      const total = info.total;
      const cases: [number, number | null][] = [
        [0, 1000],
        [B - 1, 2 * B],
        [2 * B, 22050],
        [50 * B, B],
        [Math.floor(total / 2), 5 * 22050],
        [Math.floor(total / B) * B - B, null],
        [total - 100, 5000],
        [total, 10],
      ];
      const fast = (s: number): boolean => s >= 2 * B && s < total;
      await expectSameAsWhole(b, cases, fast);
      // the same stream with a SEEKTABLE inserted after STREAMINFO, a point every 20 frames
      const offsets = frameOffsets(b, info.firstFrame, B, total);
      expect(offsets.length).toBe(Math.ceil(total / B));
      const table = seekTable(
        offsets.flatMap((o, f) => (f % 20 === 0 ? [[f * B, o] as [number, number]] : [])),
        false,
      );
      const withTable = new Uint8Array(b.length + table.length);
      withTable.set(b.subarray(0, 42));
      withTable[4] &= 0x7f; // STREAMINFO is no longer the last block
      withTable.set(table, 42);
      withTable.set(b.subarray(42), 42 + table.length);
      expect(readFlacMetadata(withTable)?.seekPoints.length).toBe(Math.ceil(offsets.length / 20));
      await expectSameAsWhole(withTable, cases, fast);
    });
  }
});
