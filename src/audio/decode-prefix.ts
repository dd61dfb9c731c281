/**
 * The parts of `loadAudio`'s decoding that concern particular streams: a prefix of a stream format
 * decoded chunk by chunk (a `duration` stops early) and 16-bit FLAC rescaled to libsndfile's scale.
 * @internal
 * @packageDocumentation
 */
import { fourCC } from './bytes.js';
import { join, type AudioData, type StreamDecoder } from './decoders.js';

/** Nonzero samples {@link rescaleFlac} checks the convention on. @internal */
export const FLAC_CHECK_SAMPLES = 2000;

/**
 * The FLAC decoder scales b-bit integers by 1/(2^(b-1) - 1); libsndfile (so librosa) by 1/2^(b-1).
 * For b <= 16 the integers are recovered exactly and rescaled like libsndfile, after checking on
 * the data that the decoder used that convention (a decoder already scaling by 2^(b-1) is left as is).
 * @internal
 */
export function rescaleFlac(bits: number, chans: Float32Array[]): void {
  if (flacScaleCheck(bits, chans) > 0) rescaleFlacSamples(bits, chans);
}

/**
 * The check of {@link rescaleFlac}: the first {@link FLAC_CHECK_SAMPLES} nonzero samples of
 * `chans`, channel after channel, counting on from `seen` already checked: -1 where one is off
 * the 1/(2^(b-1) - 1) grid, else how many were seen (at most {@link FLAC_CHECK_SAMPLES}), 0 for
 * none (no rescale either way). @internal
 */
export function flacScaleCheck(bits: number, chans: Float32Array[], seen = 0): number {
  const q = 2 ** (bits - 1) - 1;
  for (const c of chans) {
    for (let i = 0; i < c.length && seen < FLAC_CHECK_SAMPLES; i++) {
      if (c[i] === 0) continue;
      seen++;
      const v = c[i] * q;
      if (Math.abs(v - Math.round(v)) > 1e-3) return -1; // not the 1/(2^(b-1) - 1) convention
    }
  }
  return seen;
}

/** The rescale of {@link rescaleFlac}, sample by sample, without its check. @internal */
export function rescaleFlacSamples(bits: number, chans: Float32Array[]): void {
  const q = 2 ** (bits - 1) - 1;
  const full = 2 ** (bits - 1);
  for (const c of chans) for (let i = 0; i < c.length; i++) c[i] = Math.round(c[i] * q) / full;
}

/** Bits per sample of a FLAC stream that {@link rescaleFlac} handles (4..16), else 0. @internal */
export function flacBitsPerSample(bytes: Uint8Array): number {
  if (bytes.length < 42 || fourCC(bytes, 0) !== 'fLaC' || (bytes[4] & 0x7f) !== 0) return 0;
  const bits = (((bytes[20] & 1) << 4) | (bytes[21] >> 4)) + 1; // STREAMINFO bits per sample
  return bits >= 4 && bits <= 16 ? bits : 0;
}

/** The stream format of bytes whose prefix can be decoded alone (so a `duration` stops early), or null. @internal */
export function streamFormat(b: Uint8Array): string | null {
  if (b.length < 64) return null;
  const tag = fourCC(b, 0);
  if (tag === 'fLaC') return 'flac';
  if (tag.startsWith('ID3') || (b[0] === 0xff && (b[1] & 0xe6) === 0xe2)) return 'mp3';
  if (tag === 'OggS' && String.fromCharCode(...b.subarray(29, 35)) === 'vorbis') return 'oga';
  return null;
}

const CHUNK = 1 << 16;

/** Decodes chunk by chunk until `frames(sampleRate)` samples per channel are out (or the data ends). @internal */
export function decodePrefix(make: () => Promise<StreamDecoder>, bytes: Uint8Array, frames: (sr: number) => number): Promise<AudioData> {
  return decodeChunks(make, bytes, 0, bytes.length, (parts, n) => n >= frames(parts[parts.length - 1].sampleRate));
}

/**
 * Feeds `bytes[from, to)` to a fresh decoder from `make`, `chunk` bytes at a time (copies), until
 * `enough` holds of the parts decoded so far and their length per channel; flushes it at `to` where
 * it never does (`enough` then sees the flushed part too), and joins the parts. @internal
 */
export async function decodeChunks(
  make: () => Promise<StreamDecoder>,
  bytes: Uint8Array,
  from: number,
  to: number,
  enough: (parts: AudioData[], n: number) => boolean,
  chunk = CHUNK,
): Promise<AudioData> {
  const dec = await make();
  const parts: AudioData[] = [];
  let n = 0;
  let done = false;
  const add = (r: AudioData | undefined): void => {
    if (!r?.channelData?.length || !r.channelData[0].length) return;
    parts.push(r);
    n += r.channelData[0].length;
    done = enough(parts, n);
  };
  try {
    for (let off = from; off < to && !done; off += chunk) add(await dec(bytes.slice(off, Math.min(to, off + chunk))));
    if (!done) add(await dec()); // end of stream: flush (and free)
  } finally {
    dec.free();
  }
  return join(parts);
}
