/**
 * The portable real FFT, all in float64: for powers of two, power spectra and a lone frame (such
 * as each of a streaming analyzer's) on the radix-4 transform of `./fft-radix4.ts`, complex spectra
 * on fft.js radix-4 (two real frames per complex transform in the batch forms); Bluestein
 * (chirp-z) on fft.js for other sizes.
 */
import { FftJsClass, type FftJsInstance } from './fft-js-class.js';
import { MirkitError } from '../errors.js';
import { createRadix4RealTransform, type Radix4RealTransform } from './fft-radix4.js';
import { checkFrameOutput, checkFrames, framesVia, powerFramesVia, spectrumFramesVia, type RealFft } from './fft-plan.js';

const FFT = FftJsClass;

const isPow2 = (n: number): boolean => n >= 2 && (n & (n - 1)) === 0;

/** The size-n fft.js plan, built on first use (its tables cost ~0.35 ms at n = 2048, and power spectra never need it). */
function lazyFftJs(n: number): () => FftJsInstance {
  let plan: FftJsInstance | undefined;
  return () => (plan ??= new FFT(n));
}

/** Radix-4 real FFT from fft.js for power-of-two sizes. */
function pow2RealFft(n: number, plan: () => FftJsInstance): RealFft {
  // scratch made on first use, like the fft.js plan: batch forms never touch it
  let out: Float64Array | undefined;
  let full: Float64Array | undefined;
  const half = n >> 1;
  return {
    size: n,
    forward(input, re, im) {
      out ??= new Float64Array(2 * n);
      plan().realTransform(out, input);
      for (let k = 0; k <= half; k++) {
        re[k] = out[2 * k];
        im[k] = out[2 * k + 1];
      }
    },
    inverse(re, im, output) {
      // Hermitian completion, then a complex inverse transform (scaled by 1/n by fft.js).
      full ??= new Float64Array(2 * n);
      out ??= new Float64Array(2 * n);
      for (let k = 0; k <= half; k++) {
        full[2 * k] = re[k];
        full[2 * k + 1] = k === 0 || k === half ? 0 : im[k];
      }
      for (let k = half + 1; k < n; k++) {
        full[2 * k] = re[n - k];
        full[2 * k + 1] = -im[n - k];
      }
      plan().inverseTransform(out, full);
      for (let i = 0; i < n; i++) output[i] = out[2 * i];
    },
  };
}

/**
 * {@link RealFft.forwardFrames} of a power-of-two fft.js plan: two windowed real frames per
 * complex FFT (frame t in the real part, t + 1 in the imaginary part), separated by the
 * Hermitian symmetry of each: `A[k] = (Z[k] + conj Z[n-k]) / 2`, `B[k] = (Z[k] - conj Z[n-k]) / 2i`.
 */
function pow2Frames(n: number, plan: () => FftJsInstance, lone: Radix4RealTransform): NonNullable<RealFft['forwardFrames']> {
  const bins = (n >> 1) + 1;
  return (signal, start, hop, nFrames, window, visit) => {
    checkFrames(n, signal.length, start, hop, nFrames, window.length);
    const pp = pairPlan(n, plan(), lone); // per call: `visit` may run this plan again
    const out = pp.z;
    const reA = new Float64Array(bins);
    const imA = new Float64Array(bins);
    const reB = new Float64Array(bins);
    const imB = new Float64Array(bins);
    forEachFramePair(pp, { signal, start, hop, nFrames, window }, (t, two, silent) => {
      if (two) splitRealPair(out, n, 0, bins, reA, imA, reB, imB);
      else unpackLone(out, bins, reA, imA, 0);
      if (silent & 1) zeroSpectrum(reA, imA, 0, bins);
      if (silent & 2) zeroSpectrum(reB, imB, 0, bins);
      visit(t, reA, imA);
      if (two) visit(t + 1, reB, imB);
    });
  };
}

/**
 * Windows frames t and t + 1 into the interleaved complex buffer of {@link pow2Frames} (frame t
 * in the real parts, t + 1 in the imaginary parts). Returns which windowed frames are all zeros
 * (bit 1: frame t, bit 2: frame t + 1): their spectra must be written as exact zeros, since the
 * separation of a silent frame from a sounding partner leaves the partner's round-off (~1e-16 of
 * its peak) where numpy's rfft gives 0, and ratios such as the spectral centroid of a silent frame
 * would read that noise.
 */
function windowPair(buf: Float64Array, signal: ArrayLike<number>, s: number, hop: number, window: ArrayLike<number>, n: number): number {
  let anyA = false;
  let anyB = false;
  const s2 = s + hop;
  for (let i = 0; i < n; i++) {
    const w = window[i];
    const a = signal[s + i] * w;
    const b = signal[s2 + i] * w;
    buf[2 * i] = a;
    buf[2 * i + 1] = b;
    anyA ||= a !== 0;
    anyB ||= b !== 0;
  }
  return (anyA ? 0 : 1) | (anyB ? 0 : 2);
}

/** Writes exact zeros to bins `o .. o + bins` of `re` and `im` (the spectrum of a silent frame). */
function zeroSpectrum(re: Float32Array | Float64Array, im: Float32Array | Float64Array, o: number, bins: number): void {
  re.fill(0, o, o + bins);
  im.fill(0, o, o + bins);
}

/**
 * An fft.js plan with the interleaved buffers of one frame pair (`buf` in, `z` out) and the
 * one-frame transform of a lone frame (whose scratch is used only within one call, so plans may
 * share it).
 */
interface PairPlan {
  plan: FftJsInstance;
  buf: Float64Array;
  z: Float64Array;
  lone: Radix4RealTransform;
}

/** A {@link PairPlan} of size n (a power of two >= 4) with fresh buffers. */
function pairPlan(n: number, plan: FftJsInstance, lone: Radix4RealTransform): PairPlan {
  return { plan, buf: new Float64Array(2 * n), z: new Float64Array(2 * n), lone };
}

/**
 * The frame-pair loop of the batch forms (frames already checked): for t = 0, 2, 4, ... windows
 * frames t and t + 1 into `buf`, transforms it into `z` and calls `pair(t, two, silent)` (`two`:
 * frame t + 1 exists; `silent`: bit 0 / bit 1 set when frame t / t + 1 is all zeros, see
 * {@link windowPair}). A lone frame (the last of an odd count, or a streaming analyzer's one frame
 * per push) takes the one-frame radix-4 transform (`./fft-radix4.ts`, an n/2-point complex
 * transform and a separation, windowing fused into its first pass): then
 * (`two` false) `z` holds the frame's own spectrum `X[k]` at `2k, 2k + 1`, k = 0..n/2, not a pair
 * to separate (separating it as a pair with a zero partner gives the same values).
 */
function forEachFramePair(
  pp: PairPlan,
  frames: { signal: ArrayLike<number>; start: number; hop: number; nFrames: number; window: ArrayLike<number> },
  pair: (t: number, two: boolean, silent: number) => void,
): void {
  const { signal, start, hop, nFrames, window } = frames;
  const { plan, buf, z, lone } = pp;
  const n = buf.length >> 1;
  for (let t = 0; t < nFrames; t += 2) {
    const two = t + 1 < nFrames;
    let silent: number;
    if (two) {
      silent = windowPair(buf, signal, start + t * hop, hop, window, n);
      plan.transform(z, buf);
    } else silent = lone.forwardWindowed(signal, start + t * hop, window, z) ? 0 : 1;
    pair(t, two, silent);
  }
}

/** A lone frame's spectrum (see {@link forEachFramePair}) from interleaved `z` into `re`/`im` from `o`. */
function unpackLone(z: Float64Array, bins: number, re: Float32Array | Float64Array, im: Float32Array | Float64Array, o: number): void {
  for (let k = 0; k < bins; k++) {
    re[o + k] = z[2 * k];
    im[o + k] = z[2 * k + 1];
  }
}

/** {@link RealFft.spectrumFrames} of a power-of-two fft.js plan (two frames per complex FFT). */
function pow2SpectrumFrames(n: number, plan: () => FftJsInstance, lone: Radix4RealTransform): NonNullable<RealFft['spectrumFrames']> {
  const bins = (n >> 1) + 1;
  let pp: PairPlan | undefined; // scratch owned by the plan, made on first use (calls are synchronous and never re-enter)
  return (signal, start, hop, nFrames, window, re, im, outOffset) => {
    pp ??= pairPlan(n, plan(), lone);
    const scratch = pp;
    checkFrames(n, signal.length, start, hop, nFrames, window.length);
    checkFrameOutput(Math.min(re.length, im.length), outOffset, nFrames * bins);
    forEachFramePair(scratch, { signal, start, hop, nFrames, window }, (t, two, silent) => {
      const oa = outOffset + t * bins;
      const ob = oa + bins;
      if (two) splitRealPair(scratch.z, n, 0, bins, re.subarray(oa), im.subarray(oa), re.subarray(ob), im.subarray(ob));
      else unpackLone(scratch.z, bins, re, im, oa);
      if (silent & 1) zeroSpectrum(re, im, oa, bins);
      if (silent & 2) zeroSpectrum(re, im, ob, bins);
    });
  };
}

/**
 * Separates the n-point complex FFT `z` (interleaved) of two real frames packed as `a + i b` into
 * their spectra, by the Hermitian symmetry of each: `A[k] = (Z[k] + conj Z[n-k]) / 2`,
 * `B[k] = (Z[k] - conj Z[n-k]) / 2i`, for bins `kLo .. kLo + count` written from index 0 of the
 * outputs (the js backend's two-frames-per-transform trick; the CQT unpacks only its kernel's
 * bins). @internal
 */
export function splitRealPair(
  z: Float64Array,
  n: number,
  kLo: number,
  count: number,
  aRe: Float32Array | Float64Array,
  aIm: Float32Array | Float64Array,
  bRe: Float32Array | Float64Array,
  bIm: Float32Array | Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const k = kLo + i;
    const m = k === 0 ? 0 : n - k;
    const zr = z[2 * k];
    const zi = z[2 * k + 1];
    const wr = z[2 * m];
    const wi = z[2 * m + 1];
    aRe[i] = 0.5 * (zr + wr);
    aIm[i] = 0.5 * (zi - wi);
    bRe[i] = 0.5 * (zi + wi);
    bIm[i] = 0.5 * (wr - zr);
  }
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
      const br = bHat[2 * k],
        bi = sign < 0 ? bHat[2 * k + 1] : -bHat[2 * k + 1];
      const ar = aHat[2 * k],
        ai = aHat[2 * k + 1];
      aHat[2 * k] = ar * br - ai * bi;
      aHat[2 * k + 1] = ar * bi + ai * br;
    }
    plan.inverseTransform(conv, aHat);
    for (let k = 0; k < n; k++) {
      const cr = wRe[k];
      const ci = sign < 0 ? wIm[k] : -wIm[k];
      const vr = conv[2 * k],
        vi = conv[2 * k + 1];
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
 * A real FFT plan of size `n` on the js backend whatever {@link fftBackend} says: for powers of two
 * fft.js radix-4 and mirkit's radix-4 transform (see the module comment), Bluestein otherwise, in
 * float64. For comparisons and benchmarks.
 */
export function createJsRealFft(n: number): RealFft {
  if (!Number.isInteger(n) || n < 1) throw new MirkitError('BAD_OPTION', `FFT size must be a positive integer, got ${n}`);
  const fftJs = lazyFftJs(n);
  const plan = n === 1 ? unitRealFft() : isPow2(n) ? pow2RealFft(n, fftJs) : bluesteinRealFft(n);
  if (!isPow2(n) || n < 4) {
    // frame by frame
    plan.forwardFrames = framesVia(plan);
    plan.powerFrames = powerFramesVia(plan);
    plan.spectrumFrames = spectrumFramesVia(plan);
    return plan;
  }
  // powers of two >= 4: power spectra and lone frames on one radix-4 transform, complex spectra two
  // frames per fft.js FFT (each call is done with a plan's scratch before it returns, so the forms share them,
  // and the fft.js plan with `forward` and `inverse`)
  const radix4 = createRadix4RealTransform(n);
  plan.forwardFrames = pow2Frames(n, fftJs, radix4);
  plan.powerFrames = radix4.powerFrames;
  plan.spectrumFrames = pow2SpectrumFrames(n, fftJs, radix4);
  return plan;
}
