/**
 * The chunk arrays of the feature sets' streamed STFT passes (src/genre/features.ts), kept between
 * calls as a spare (src/util/spare-buffer.ts): 11 MB for a 2048-point STFT, which a batch of clips
 * then writes into pages it has written before (on this project's machine each fresh 4 KiB page costs
 * a 15-20 us fault: about 1600 of them a clip). Each pass writes every value it reads, so what a
 * previous call left there is never read. @internal
 * @packageDocumentation
 */
import { resolveHpssAudio } from '../features/hpss.js';
import { SpareBuffer, spareFloat32 } from '../util/spare-buffer.js';

/** Frames per chunk of the streaming pass (plus the harmonic median's halo on each side). @internal */
export const CHUNK = 512;

/** The spare of the passes' chunk arrays (one buffer for both passes; exported for the tests). @internal */
export const spareChunks = new SpareBuffer();

/**
 * Float32 views of `sizes[i]` values each, one after another on one buffer of `bytes` (at least their
 * sum): the spare one where it fits, else fresh. Give the buffer back with `spareChunks.keep` once
 * no view of it is in use. @internal
 */
export function chunkArrays(bytes: number, sizes: number[]): { arrays: Float32Array[]; buffer: ArrayBufferLike } {
  const all = spareFloat32(spareChunks, bytes >> 2);
  let at = 0;
  const arrays = sizes.map((n) => {
    const a = all.subarray(at, at + n);
    at += n;
    return a;
  });
  return { arrays, buffer: all.buffer };
}

/**
 * Bytes of the chunk arrays of the first pass over `frames` frames of `bins` bins: four arrays of a
 * chunk and the harmonic median's halo (the spectrum's two parts, the magnitude, the percussive median)
 * and the power of a chunk.
 * The chroma pass asks for as many, so that both take the same spare. @internal
 */
export function passBytes(frames: number, bins: number): number {
  const chunk = Math.min(CHUNK, frames);
  const maxSpan = chunk + 2 * (resolveHpssAudio().winHarm >> 1);
  return 4 * (4 * maxSpan + chunk) * bins;
}
