/**
 * The signal segments the resampling stages read (zero outside the segment), and the small
 * kernels they share: zero-padded windows of a segment and dot products.
 */
import { resampleInts } from './resample.js';

export type Out = Float32Array | Float64Array;

/**
 * A signal segment: `x[i]` is sample `i + offset` of a signal that is zero outside the segment.
 */
export interface Seg {
  x: Samples;
  offset: number;
}

/** Sample arrays the FFT stages read (integers only on the wasm 2:1 path, see {@link resampleInts}). */
export type Samples = Float32Array | Float64Array | Int16Array | Int32Array;

/** Copies the segment into a zero-padded Float64Array covering signal indices lo .. lo + n - 1. */
export function window64(seg: Seg, lo: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const { x, offset } = seg;
  const i0 = Math.max(0, offset - lo);
  const i1 = Math.min(n, offset + x.length - lo);
  if (i1 > i0) out.set(x.subarray(lo + i0 - offset, lo + i1 - offset), i0); // native copy (and f32 -> f64)
  return out;
}

/** sum_{j<W} a[ia + j] * b[ib + j] with four independent accumulators. */
export function dot(a: Float64Array, ia: number, b: Float64Array, ib: number, W: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let j = 0;
  for (; j + 3 < W; j += 4) {
    s0 += a[ia + j] * b[ib + j];
    s1 += a[ia + j + 1] * b[ib + j + 1];
    s2 += a[ia + j + 2] * b[ib + j + 2];
    s3 += a[ia + j + 3] * b[ib + j + 3];
  }
  for (; j < W; j++) s0 += a[ia + j] * b[ib + j];
  return s0 + s1 + (s2 + s3);
}
