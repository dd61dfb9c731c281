import { MAX_SPARE_BYTES, type SpareBuffer } from '../../src/util/spare-buffer.js';

/** Takes a spare's buffer, whatever its size, or undefined where none is kept. */
export function takeAny<B extends ArrayBuffer | SharedArrayBuffer>(spare: SpareBuffer<B>): B | undefined {
  for (let n = MAX_SPARE_BYTES; n >= 1; n >>= 1) {
    const b = spare.take(n);
    if (b) return b;
  }
  return undefined;
}
