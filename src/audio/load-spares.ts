/**
 * `loadAudio`'s spare buffers (see src/util/spare-buffer.ts): the bytes of a file it read and the
 * decoded mono mix at the file's rate are dropped once the mix is resampled, and the next load
 * reads and decodes into them instead of fresh memory.
 * @internal
 * @packageDocumentation
 */
import { SpareBuffer } from '../util/spare-buffer.js';

/** The decoded mono mix's spare (a float32 array's buffer). @internal */
export const spareMix = new SpareBuffer();

/** The spare for the bytes of a file read from a path. @internal */
export const spareFileBytes = new SpareBuffer();

/** A float32 array of at least `n` samples on the mix's spare buffer, or undefined (a `Float32ArrayProvider`). @internal */
export function takeSpareMix(n: number): Float32Array | undefined {
  const b = spareMix.take(4 * n);
  return b && new Float32Array(b, 0, b.byteLength >> 2);
}
