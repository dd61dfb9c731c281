/**
 * The fft.js radix-4 class, typed: the one place that imports `fft.js`. Callers that need its
 * complex transforms directly (kernel design, fused two-real-frame passes) use {@link FftJsClass};
 * everything else goes through `createRealFft`.
 *
 * Give its transforms Float64Arrays only: fft.js's own `createComplexArray` returns a plain Array, and one
 * transform of a plain Array makes every later transform in the process slower (its element accesses see
 * two kinds of array: `onsetStrength` with `fft: 'js'` took 1.4-1.7x as long after a `chromaCqt`).
 */
import FFTJS from 'fft.js';

/** An fft.js plan of one power-of-two size (interleaved complex arrays of `2 * size` floats). */
export interface FftJsInstance {
  /** Transform size. */
  size: number;
  /** Forward transform of a real input (the upper half of `out` is left for `completeSpectrum`). */
  realTransform(out: Float64Array, data: ArrayLike<number>): void;
  /** Forward complex transform. */
  transform(out: Float64Array, data: ArrayLike<number>): void;
  /** Inverse complex transform (scaled by 1 / size). */
  inverseTransform(out: Float64Array, data: ArrayLike<number>): void;
}

/** The fft.js constructor: `new FftJsClass(n)` for a power of two `n >= 2`. */
export const FftJsClass = FFTJS as unknown as new (size: number) => FftJsInstance;
