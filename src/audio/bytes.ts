/**
 * Reading the fixed-width fields of container headers (RIFF, MP4, AIFF, FLAC, MP3 tags) from bytes.
 * @internal
 * @packageDocumentation
 */

/** The big-endian unsigned 32-bit integer at `b[at .. at + 4)`. @internal */
export function u32be(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** The four-character code (chunk or box type, magic) at `b[at .. at + 4)`. @internal */
export function fourCC(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
}
