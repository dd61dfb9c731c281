/**
 * A spare buffer: memory a call is done with, kept for the next call to write into instead of
 * fresh memory. Fresh memory costs a page fault per 4 KiB the first time it is written, and on
 * some virtual machines (this project's benchmark machine among them) each fault takes 15-20 us:
 * the 5 MB mix of a 30 s 44.1 kHz MP3 took 17 ms to first write there, a quarter of the file's
 * load. A spare changes no value: a call that takes one owns it until it gives it back, so
 * concurrent calls never share one, and each holds at most {@link MAX_SPARE_BYTES}.
 * @internal
 * @packageDocumentation
 */

/** The largest buffer a spare keeps (16 MiB: 95 s of a 44.1 kHz mono mix). @internal */
export const MAX_SPARE_BYTES = 16 << 20;

/**
 * Gives the float32 array that `n` values are to be written into (from its start), e.g. on a
 * spare buffer, or undefined for a fresh one. @internal
 */
export type Float32ArrayProvider = (n: number) => Float32Array | undefined;

/** One spare buffer, given to one taker at a time. @internal */
export class SpareBuffer<B extends ArrayBuffer | SharedArrayBuffer = ArrayBuffer> {
  private spare: B | null = null;

  /** @param shared - keep `SharedArrayBuffer`s (for a decode thread) instead of plain buffers */
  constructor(private readonly shared = false) {}

  /**
   * The spare buffer if it holds at least `byteLength` bytes and not more than twice as many (a
   * long file's spare is not spent on a short one), for the caller to keep; undefined otherwise.
   */
  take(byteLength: number): B | undefined {
    const b = this.spare;
    if (!b || b.byteLength < byteLength || b.byteLength > 2 * byteLength) return undefined;
    this.spare = null;
    return b;
  }

  /**
   * Keeps `buffer` as the spare, in place of the one kept now (the newest suits the next call
   * best: a batch of alike inputs reuses one buffer, and a large one is not kept once smaller
   * work follows), if it is of this spare's kind (plain, or shared) and holds at most
   * {@link MAX_SPARE_BYTES} bytes (and is not detached). The caller gives up every view of it.
   */
  keep(buffer: ArrayBufferLike): void {
    const kind = this.shared ? (typeof SharedArrayBuffer === 'undefined' ? undefined : SharedArrayBuffer) : ArrayBuffer;
    if (!kind || !(buffer instanceof kind) || buffer.byteLength === 0 || buffer.byteLength > MAX_SPARE_BYTES) return;
    this.spare = buffer as B;
  }
}

/**
 * `n` float32 values on `spare`'s buffer where it fits ({@link SpareBuffer.take}), else on fresh
 * memory: every value to be written before it is read. Give `.buffer` back with `keep` once no view
 * of it is in use. @internal
 */
export function spareFloat32(spare: SpareBuffer, n: number): Float32Array {
  return new Float32Array(spare.take(4 * n) ?? new ArrayBuffer(4 * n), 0, n);
}
