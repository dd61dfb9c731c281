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

export { dot } from '../util/numeric.js';
