/**
 * A strict, fast reader for RIFF/WAVE files holding integer PCM (8/16/24/32-bit) or IEEE float
 * (32/64-bit) samples, with libsndfile's conversion to float32 (so samples equal what
 * `soundfile.read(dtype='float32')` and therefore librosa get).
 */
import { MirkitError } from '../errors.js';
import { fourCC } from './bytes.js';

/** What a WAV header says about its audio. */
export interface WavInfo {
  /** `'pcm'` (integer) or `'float'` (IEEE float). */
  readonly encoding: 'pcm' | 'float';
  /** Bits per sample: 8, 16, 24 or 32 for pcm; 32 or 64 for float. */
  readonly bitsPerSample: number;
  /** Number of interleaved channels (>= 1). */
  readonly channels: number;
  /** Sample rate in Hz. */
  readonly sampleRate: number;
  /** Byte offset of the first sample in the file. */
  readonly dataOffset: number;
  /** Number of frames (samples per channel) in the data chunk. */
  readonly frames: number;
}

/** True when the bytes start like a RIFF/WAVE file. */
export function isWav(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && fourCC(bytes, 0) === 'RIFF' && fourCC(bytes, 8) === 'WAVE';
}

const fail = (msg: string): never => {
  throw new MirkitError('DECODE_FAILED', `WAV: ${msg}`);
};

/**
 * Parses the header of a RIFF/WAVE file. Returns `null` for a valid WAV whose sample encoding this
 * reader does not handle (ADPCM, mu-law, ...), so a generic decoder can be tried.
 * Throws `DECODE_FAILED` for a truncated or inconsistent file (missing `fmt `/`data` chunk, a
 * chunk running past the end of the file, zero channels or sample rate, mismatched block size), and
 * for an ADPCM header whose blocks cannot hold what it claims (see `checkAdpcmBlocks`).
 */
export function parseWavHeader(bytes: Uint8Array): WavInfo | null {
  if (!isWav(bytes)) fail('not a RIFF/WAVE file');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  let pos = 12;
  let fmt: AdpcmFmt | null = null;
  while (pos + 8 <= n) {
    const id = fourCC(bytes, pos);
    const size = dv.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > n) fail(`the fmt chunk is truncated (${Math.max(0, n - body)} of ${size} bytes present)`);
      let code = dv.getUint16(body, true);
      const channels = dv.getUint16(body + 2, true);
      const sampleRate = dv.getUint32(body + 4, true);
      const blockAlign = dv.getUint16(body + 12, true);
      const bits = dv.getUint16(body + 14, true);
      if (code === 0xfffe) {
        if (size < 40 || body + 26 > n) fail('the WAVE_FORMAT_EXTENSIBLE fmt chunk is truncated');
        code = dv.getUint16(body + 24, true);
      }
      fmt = { code, channels, sampleRate, blockAlign, bits, body };
    } else if (id === 'data') {
      if (!fmt) fail('the data chunk comes before any fmt chunk');
      const f = fmt!;
      if (f.code === WAVE_FORMAT_ADPCM || f.code === WAVE_FORMAT_IMA_ADPCM) checkAdpcmBlocks(f, dv);
      if (f.code !== 1 && f.code !== 3) return null;
      if (f.channels === 0) fail('the header declares 0 channels');
      if (f.sampleRate === 0) fail('the header declares a sample rate of 0 Hz');
      const encoding = f.code === 3 ? 'float' : 'pcm';
      const okBits = encoding === 'pcm' ? [8, 16, 24, 32] : [32, 64];
      if (!okBits.includes(f.bits)) fail(`unsupported ${f.bits}-bit ${encoding} samples`);
      const frameBytes = (f.channels * f.bits) / 8;
      if (f.blockAlign !== 0 && f.blockAlign !== frameBytes) {
        fail(`block size ${f.blockAlign} does not match ${f.channels} channels x ${f.bits} bits`);
      }
      const available = n - body;
      let dataBytes = size;
      if (size === 0xffffffff)
        dataBytes = available; // written while streaming: size unknown
      else if (size > available) {
        fail(`truncated file: the data chunk declares ${size} bytes but only ${available} are present`);
      }
      return {
        encoding,
        bitsPerSample: f.bits,
        channels: f.channels,
        sampleRate: f.sampleRate,
        dataOffset: body,
        frames: Math.floor(dataBytes / frameBytes),
      };
    }
    if (body + size > n) fail(`the '${id.replace(/[^\x20-\x7e]/g, '?')}' chunk runs past the end of the file`);
    pos = body + size + (size & 1);
  }
  return fail(fmt ? 'no data chunk' : 'no fmt chunk (truncated header?)');
}

/** The `fmt ` chunk's fields read here (`body`: where the chunk's body starts). */
interface AdpcmFmt {
  code: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bits: number;
  body: number;
}

const WAVE_FORMAT_ADPCM = 0x0002; // Microsoft ADPCM
const WAVE_FORMAT_IMA_ADPCM = 0x0011;

/**
 * Checks an ADPCM header (decoded by the generic decoder) for blocks that can hold what it
 * claims: 4-bit samples, a block of `blockAlign` bytes longer than its per-channel headers (IMA: 4
 * bytes, Microsoft: 7), and at most as many samples per block (`cbSize` >= 2 declares them, read as
 * that decoder reads them) as its nibbles code after the header's own (IMA: 1, Microsoft: 2). A
 * header claiming more would make a few bytes decode into millions of samples (about 12,500 per byte
 * with a 2-byte block); `DECODE_FAILED` instead.
 */
function checkAdpcmBlocks(f: AdpcmFmt, dv: DataView): void {
  const ima = f.code === WAVE_FORMAT_IMA_ADPCM;
  const kind = ima ? 'IMA ADPCM' : 'Microsoft ADPCM';
  if (f.channels === 0) fail('the header declares 0 channels');
  if (f.bits !== 4) fail(`${kind} with ${f.bits} bits per sample (4 expected)`);
  const head = (ima ? 4 : 7) * f.channels;
  if (f.blockAlign <= head) fail(`${kind} blocks of ${f.blockAlign} bytes cannot hold ${f.channels} channel headers of ${head / f.channels} bytes`);
  const most = (ima ? 1 : 2) + ((f.blockAlign - head) * 2) / f.channels;
  const declared = f.body + 20 <= dv.byteLength && dv.getUint16(f.body + 16, true) >= 2 ? dv.getUint16(f.body + 18, true) : 0;
  if (declared > most) fail(`${kind} blocks of ${f.blockAlign} bytes hold at most ${Math.floor(most)} samples per channel, the header declares ${declared}`);
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes `count` frames starting at frame `start` into one float32 array per channel, scaled
 * like libsndfile: int16 / 2^15, int24 / 2^23, int32 / 2^31 (rounded to float32), (uint8 - 128) / 2^7,
 * float64 rounded to float32.
 *
 * Samples are read through typed-array views of `bytes` where the data is aligned (one pass, no
 * intermediate arrays). With `owned: true` the caller gives up `bytes` (e.g. a file it just read),
 * and mono little-endian float32 data is returned as a view of it without any copy; otherwise the
 * result never shares memory with `bytes`.
 */
export function decodeWavFrames(bytes: Uint8Array, info: WavInfo, start: number, count: number, owned = false): Float32Array[] {
  const { channels: C, bitsPerSample: bits, encoding } = info;
  const bps = bits / 8;
  const frameBytes = C * bps;
  const first = Math.max(0, Math.min(start, info.frames));
  const m = Math.max(0, Math.min(count, info.frames - first));
  const abs = bytes.byteOffset + info.dataOffset + first * frameBytes;
  const buf = bytes.buffer;
  if (m === 0) return Array.from({ length: C }, () => new Float32Array(0));
  if (encoding === 'float' && bits === 32 && C === 1 && littleEndianHost) {
    if (owned && abs % 4 === 0) return [new Float32Array(buf, abs, m)];
    return [new Float32Array(buf.slice(abs, abs + m * 4))];
  }
  const out: Float32Array[] = [];
  for (let c = 0; c < C; c++) out.push(new Float32Array(m));
  const aligned = littleEndianHost && abs % bps === 0;
  if (encoding === 'float') {
    if (bits === 32 && aligned) deinterleave(new Float32Array(buf, abs, m * C), C, 1, out);
    else if (bits === 64 && aligned) deinterleave(new Float64Array(buf, abs, m * C), C, 1, out);
    else {
      const dv = new DataView(buf, abs, m * frameBytes);
      for (let i = 0, o = 0; i < m; i++) {
        for (let c = 0; c < C; c++, o += bps) out[c][i] = bits === 32 ? dv.getFloat32(o, true) : dv.getFloat64(o, true);
      }
    }
  } else if (bits === 16) {
    if (aligned) deinterleave(new Int16Array(buf, abs, m * C), C, 1 / 32768, out);
    else {
      const dv = new DataView(buf, abs, m * frameBytes);
      for (let i = 0, o = 0; i < m; i++) for (let c = 0; c < C; c++, o += 2) out[c][i] = dv.getInt16(o, true) * (1 / 32768);
    }
  } else if (bits === 24) {
    const b = new Uint8Array(buf, abs, m * frameBytes);
    const s = 1 / 8388608;
    for (let c = 0; c < C; c++) {
      const y = out[c];
      for (let i = 0, o = 3 * c; i < m; i++, o += frameBytes) y[i] = (b[o] | (b[o + 1] << 8) | ((b[o + 2] << 24) >> 8)) * s;
    }
  } else if (bits === 32) {
    const s = 1 / 2147483648;
    if (aligned) {
      const v = new Int32Array(buf, abs, m * C);
      for (let c = 0; c < C; c++) {
        const y = out[c];
        for (let i = 0, k = c; i < m; i++, k += C) y[i] = Math.fround(v[k]) * s;
      }
    } else {
      const dv = new DataView(buf, abs, m * frameBytes);
      for (let i = 0, o = 0; i < m; i++) for (let c = 0; c < C; c++, o += 4) out[c][i] = Math.fround(dv.getInt32(o, true)) * s;
    }
  } else {
    const b = new Uint8Array(buf, abs, m * C);
    for (let c = 0; c < C; c++) {
      const y = out[c];
      for (let i = 0, k = c; i < m; i++, k += C) y[i] = (b[k] - 128) / 128;
    }
  }
  return out;
}

/**
 * The mono mix of frames `start .. start + count` of a 16-bit PCM file as integers with their
 * scale, `{ samples, scale }`, sample i standing for `samples[i] * scale`: for one channel an
 * `Int16Array` view of `bytes` (no copy) with scale 2^-15 (libsndfile's); for two channels the
 * sums `left + right` in an `Int32Array` with scale 2^-16, which is exactly the float32 mean of
 * the two libsndfile channels. `null` for other encodings or channel counts, on a big-endian host,
 * or for data at an odd byte offset.
 */
export function pcm16Mix(bytes: Uint8Array, info: WavInfo, start: number, count: number): { samples: Int16Array | Int32Array; scale: number } | null {
  const C = info.channels;
  if (info.encoding !== 'pcm' || info.bitsPerSample !== 16 || C > 2 || !littleEndianHost) return null;
  const first = Math.max(0, Math.min(start, info.frames));
  const m = Math.max(0, Math.min(count, info.frames - first));
  const abs = bytes.byteOffset + info.dataOffset + 2 * C * first;
  if (abs % 2 !== 0) return null;
  const v = new Int16Array(bytes.buffer, abs, m * C);
  if (C === 1) return { samples: v, scale: 1 / 32768 };
  const sum = new Int32Array(m);
  for (let i = 0, k = 0; i < m; i++, k += 2) sum[i] = v[k] + v[k + 1];
  return { samples: sum, scale: 1 / 65536 };
}

/** out[c][i] = v[i * C + c] * scale for every channel c (one monomorphic loop per source type). */
function deinterleave(v: Int16Array | Float32Array | Float64Array, C: number, scale: number, out: Float32Array[]): void {
  if (v instanceof Int16Array) deinterleave16(v, C, scale, out);
  else if (v instanceof Float32Array) deinterleave32(v, C, scale, out);
  else deinterleave64(v, C, scale, out);
}

function deinterleave16(v: Int16Array, C: number, scale: number, out: Float32Array[]): void {
  const m = out[0].length;
  if (C === 1) {
    const y = out[0];
    for (let i = 0; i < m; i++) y[i] = v[i] * scale;
    return;
  }
  for (let c = 0; c < C; c++) {
    const y = out[c];
    for (let i = 0, k = c; i < m; i++, k += C) y[i] = v[k] * scale;
  }
}

function deinterleave32(v: Float32Array, C: number, scale: number, out: Float32Array[]): void {
  const m = out[0].length;
  for (let c = 0; c < C; c++) {
    const y = out[c];
    for (let i = 0, k = c; i < m; i++, k += C) y[i] = v[k] * scale;
  }
}

function deinterleave64(v: Float64Array, C: number, scale: number, out: Float32Array[]): void {
  const m = out[0].length;
  for (let c = 0; c < C; c++) {
    const y = out[c];
    for (let i = 0, k = c; i < m; i++, k += C) y[i] = v[k] * scale;
  }
}
