/**
 * The fft.js radix-4 class, typed: the one place that imports `fft.js`. Callers that need its
 * complex transforms directly (kernel design, fused two-real-frame passes) use {@link FftJsClass};
 * everything else goes through `createRealFft`.
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
  /** A zeroed interleaved complex array of the plan's size. */
  createComplexArray(): Float64Array;
}

/** The fft.js constructor: `new FftJsClass(n)` for a power of two `n >= 2`. */
export const FftJsClass = FFTJS as unknown as new (size: number) => FftJsInstance;
