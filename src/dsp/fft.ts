import FFTJS from 'fft.js';
import { MirkitError } from '../errors.js';

/** A real-input FFT plan of one size. Forward transforms are unnormalised and inverse ones scaled by 1/n, as numpy's `rfft`/`irfft`. */
export interface RealFft {
  /** Transform size n (any n >= 1; powers of two are fastest). */
  readonly size: number;
  /**
   * Forward real FFT of `input` (length n): writes bins 0..n/2 (n/2 + 1 values, n even;
   * floor(n/2) + 1 in general) into `re` and `im`.
   */
  forward(input: ArrayLike<number>, re: Float32Array | Float64Array, im: Float32Array | Float64Array): void;
  /** Inverse of {@link RealFft.forward}: the n real samples from bins 0..floor(n/2), scaled by 1/n (numpy `irfft`). */
  inverse(re: ArrayLike<number>, im: ArrayLike<number>, output: Float32Array | Float64Array): void;
}

interface FftJsInstance {
  size: number;
  realTransform(out: Float64Array, data: ArrayLike<number>): void;
  transform(out: Float64Array, data: ArrayLike<number>): void;
  inverseTransform(out: Float64Array, data: ArrayLike<number>): void;
}
type FftJsCtor = new (size: number) => FftJsInstance;
const FFT = FFTJS as unknown as FftJsCtor;

const isPow2 = (n: number): boolean => n >= 2 && (n & (n - 1)) === 0;

/** Radix-4 real FFT from fft.js for power-of-two sizes. */
function pow2RealFft(n: number): RealFft {
  const plan = new FFT(n);
  const out = new Float64Array(2 * n);
  const full = new Float64Array(2 * n);
  const half = n >> 1;
  return {
    size: n,
    forward(input, re, im) {
      plan.realTransform(out, input);
      for (let k = 0; k <= half; k++) {
        re[k] = out[2 * k];
        im[k] = out[2 * k + 1];
      }
    },
    inverse(re, im, output) {
      // Hermitian completion, then a complex inverse transform (scaled by 1/n by fft.js).
      for (let k = 0; k <= half; k++) {
        full[2 * k] = re[k];
        full[2 * k + 1] = k === 0 || k === half ? 0 : im[k];
      }
      for (let k = half + 1; k < n; k++) {
        full[2 * k] = re[n - k];
        full[2 * k + 1] = -im[n - k];
      }
      plan.inverseTransform(out, full);
      for (let i = 0; i < n; i++) output[i] = out[2 * i];
    },
  };
}

/** Bluestein (chirp-z) real FFT for sizes that are not powers of two. */
function bluesteinRealFft(n: number): RealFft {
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const plan = new FFT(m);
  // chirp w[k] = exp(-i pi k^2 / n); k^2 taken mod 2n to keep the angle accurate
  const wRe = new Float64Array(n);
  const wIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = (Math.PI * ((k * k) % (2 * n))) / n;
    wRe[k] = Math.cos(a);
    wIm[k] = -Math.sin(a);
  }
  const b = new Float64Array(2 * m);
  b[0] = wRe[0];
  b[1] = -wIm[0];
  for (let k = 1; k < n; k++) {
    b[2 * k] = b[2 * (m - k)] = wRe[k];
    b[2 * k + 1] = b[2 * (m - k) + 1] = -wIm[k];
  }
  const bHat = new Float64Array(2 * m);
  plan.transform(bHat, b);
  const a = new Float64Array(2 * m);
  const aHat = new Float64Array(2 * m);
  const conv = new Float64Array(2 * m);
  const xr = new Float64Array(n);
  const xi = new Float64Array(n);

  /** Full complex DFT of (xr, xi) in place, sign -1 (forward) or +1 (inverse, unscaled). */
  function dft(sign: 1 | -1): void {
    a.fill(0);
    for (let k = 0; k < n; k++) {
      const cr = wRe[k];
      const ci = sign < 0 ? wIm[k] : -wIm[k];
      a[2 * k] = xr[k] * cr - xi[k] * ci;
      a[2 * k + 1] = xr[k] * ci + xi[k] * cr;
    }
    plan.transform(aHat, a);
    for (let k = 0; k < m; k++) {
      const br = bHat[2 * k], bi = sign < 0 ? bHat[2 * k + 1] : -bHat[2 * k + 1];
      const ar = aHat[2 * k], ai = aHat[2 * k + 1];
      aHat[2 * k] = ar * br - ai * bi;
      aHat[2 * k + 1] = ar * bi + ai * br;
    }
    plan.inverseTransform(conv, aHat);
    for (let k = 0; k < n; k++) {
      const cr = wRe[k];
      const ci = sign < 0 ? wIm[k] : -wIm[k];
      const vr = conv[2 * k], vi = conv[2 * k + 1];
      xr[k] = vr * cr - vi * ci;
      xi[k] = vr * ci + vi * cr;
    }
  }
  const bins = (n >> 1) + 1;
  return {
    size: n,
    forward(input, re, im) {
      for (let k = 0; k < n; k++) {
        xr[k] = input[k];
        xi[k] = 0;
      }
      dft(-1);
      for (let k = 0; k < bins; k++) {
        re[k] = xr[k];
        im[k] = xi[k];
      }
    },
    inverse(re, im, output) {
      for (let k = 0; k < bins; k++) {
        xr[k] = re[k];
        xi[k] = k === 0 || (n % 2 === 0 && k === n / 2) ? 0 : im[k];
      }
      for (let k = bins; k < n; k++) {
        xr[k] = re[n - k];
        xi[k] = -im[n - k];
      }
      dft(1);
      for (let k = 0; k < n; k++) output[k] = xr[k] / n;
    },
  };
}

/** Trivial plan for n = 1. */
function unitRealFft(): RealFft {
  return {
    size: 1,
    forward(input, re, im) {
      re[0] = input[0];
      im[0] = 0;
    },
    inverse(re, _im, output) {
      output[0] = re[0];
    },
  };
}

/**
 * Creates a real FFT plan of size `n` (fft.js radix-4 for powers of two, Bluestein otherwise).
 * Plans hold scratch buffers: use one plan per concurrent caller.
 *
 * @example
 * ```ts
 * const fft = createRealFft(2048);
 * const re = new Float64Array(1025), im = new Float64Array(1025);
 * fft.forward(frame, re, im);
 * ```
 */
export function createRealFft(n: number): RealFft {
  if (!Number.isInteger(n) || n < 1) throw new MirkitError('BAD_OPTION', `FFT size must be a positive integer, got ${n}`);
  if (n === 1) return unitRealFft();
  return isPow2(n) ? pow2RealFft(n) : bluesteinRealFft(n);
}
