import FFTJS from 'fft.js';
import { MirkitError } from '../errors.js';
import { checkFrameOutput, checkFrames, loadPffft, type PffftBackend, type PffftBuild } from './fft-wasm.js';

/**
 * A real-input FFT plan of one size. Forward transforms are unnormalised and inverse ones scaled
 * by 1/n, as numpy's `rfft`/`irfft`. Plans from {@link createRealFft} run on the active backend
 * ({@link fftBackend}): fft.js in float64 by default, PFFFT-wasm in float32 after
 * {@link useWasmFft}. Calls are synchronous and leave no state behind, so one plan may be shared
 * by any number of callers on one thread.
 */
export interface RealFft {
  /** Transform size n (any n >= 1; fastest: powers of two, and 2^a 3^b 5^c with a >= 5 on the wasm backend). */
  readonly size: number;
  /**
   * Forward real FFT of `input` (length n): writes bins 0..n/2 (n/2 + 1 values, n even;
   * floor(n/2) + 1 in general) into `re` and `im`.
   */
  forward(input: ArrayLike<number>, re: Float32Array | Float64Array, im: Float32Array | Float64Array): void;
  /** Inverse of {@link RealFft.forward}: the n real samples from bins 0..floor(n/2), scaled by 1/n (numpy `irfft`). */
  inverse(re: ArrayLike<number>, im: ArrayLike<number>, output: Float32Array | Float64Array): void;
  /**
   * Optional batch form of {@link RealFft.forward} for framed signals: for t = 0..nFrames-1,
   * transforms `signal[start + t*hop + i] * window[i]` (i < n) and calls `visit(t, re, im)` with
   * bins 0..floor(n/2). `re`/`im` are scratch arrays owned by this call, valid only during
   * `visit`. Plans from {@link createRealFft} always have it (the wasm backend windows straight
   * into its float32 buffer); call {@link forwardFrames} to use it on any plan.
   */
  forwardFrames?(
    signal: ArrayLike<number>,
    start: number,
    hop: number,
    nFrames: number,
    window: ArrayLike<number>,
    visit: (frame: number, re: Float64Array, im: Float64Array) => void,
  ): void;
  /**
   * Optional batch form writing power spectra straight into a frame-major float32 array: for
   * t = 0..nFrames-1, `out[outOffset + t * bins + k] = |X_t[k]| ** power` (bins = floor(n/2) + 1)
   * with `X_t` the FFT of `signal[start + t*hop + i] * window[i]` (i < n). Power 2 is
   * `re² + im²`, power 1 its square root, other powers `Math.pow(re² + im², power / 2)`, each
   * computed in float64 from the backend's spectrum and rounded once to float32. With
   * `periodicHann` the caller asserts that `window` is the periodic Hann window of length n
   * (`getWindow('hann', n)`): the wasm backend then copies the raw frame natively and applies
   * the window in the frequency domain (`Y[k] = X[k]/2 - (X[k-1] + X[k+1])/4`), equal within
   * float32 rounding; other backends ignore the hint. Plans from
   * {@link createRealFft} always have it; call {@link forwardPowerFrames} to use it on any plan.
   */
  powerFrames?(
    signal: ArrayLike<number>,
    start: number,
    hop: number,
    nFrames: number,
    window: ArrayLike<number>,
    power: number,
    out: Float32Array,
    outOffset: number,
    periodicHann?: boolean,
  ): void;
  /**
   * Optional batch form writing complex spectra frame-major into float32 planes:
   * `re[outOffset + t * bins + k]`, `im[...]` for t = 0..nFrames-1 (see {@link RealFft.powerFrames},
   * also for `periodicHann`).
   * Plans from {@link createRealFft} always have it; call {@link forwardSpectrumFrames} for any plan.
   */
  spectrumFrames?(
    signal: ArrayLike<number>,
    start: number,
    hop: number,
    nFrames: number,
    window: ArrayLike<number>,
    re: Float32Array,
    im: Float32Array,
    outOffset: number,
    periodicHann?: boolean,
  ): void;
  /**
   * Optional raw forward transform (the wasm backend has it; js plans do not): copies the first n
   * values of `input` into the backend natively (integer samples converted as they are, unscaled),
   * and writes the n floats of PFFFT's ordered packed real spectrum to `out`:
   * `[X0.re, X(n/2).re, X1.re, X1.im, X2.re, X2.im, ..., X(n/2-1).re, X(n/2-1).im]`, unnormalised.
   * No per-element JavaScript: two native copies around the transform. Throws `BAD_SHAPE` when
   * `input` has fewer than n values or `out` fewer than n.
   */
  forwardPacked?(input: Float32Array | Float64Array | Int16Array | Int32Array, out: Float32Array): void;
  /**
   * Optional raw inverse of {@link RealFft.forwardPacked}: the n real samples of the packed
   * spectrum `spec` (first n values, same layout) into `out`, unscaled (n times numpy's `irfft`).
   * Throws `BAD_SHAPE` when `spec` or `out` has fewer than n values.
   */
  inversePacked?(spec: Float32Array, out: Float32Array): void;
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

/**
 * {@link RealFft.forwardFrames} of a power-of-two fft.js plan: two windowed real frames per
 * complex FFT (frame t in the real part, t + 1 in the imaginary part), separated by the
 * Hermitian symmetry of each: `A[k] = (Z[k] + conj Z[n-k]) / 2`, `B[k] = (Z[k] - conj Z[n-k]) / 2i`.
 */
function pow2Frames(n: number): NonNullable<RealFft['forwardFrames']> {
  const plan = new FFT(n);
  const half = n >> 1;
  const bins = half + 1;
  return (signal, start, hop, nFrames, window, visit) => {
    checkFrames(n, signal.length, start, hop, nFrames, window.length);
    const buf = new Float64Array(2 * n);
    const out = new Float64Array(2 * n);
    const reA = new Float64Array(bins);
    const imA = new Float64Array(bins);
    const reB = new Float64Array(bins);
    const imB = new Float64Array(bins);
    for (let t = 0; t < nFrames; t += 2) {
      const two = t + 1 < nFrames;
      const s = start + t * hop;
      if (two) {
        const s2 = s + hop;
        for (let i = 0; i < n; i++) {
          const w = window[i];
          buf[2 * i] = signal[s + i] * w;
          buf[2 * i + 1] = signal[s2 + i] * w;
        }
      } else {
        for (let i = 0; i < n; i++) {
          buf[2 * i] = signal[s + i] * window[i];
          buf[2 * i + 1] = 0;
        }
      }
      plan.transform(out, buf);
      splitRealPair(out, n, 0, bins, reA, imA, reB, imB);
      visit(t, reA, imA);
      if (two) visit(t + 1, reB, imB);
    }
  };
}

/** Windows frames t and t + 1 (when `two`) into the interleaved complex buffer of {@link pow2Frames}. */
function windowPair(buf: Float64Array, signal: ArrayLike<number>, s: number, hop: number, two: boolean, window: ArrayLike<number>, n: number): void {
  if (two) {
    const s2 = s + hop;
    for (let i = 0; i < n; i++) {
      const w = window[i];
      buf[2 * i] = signal[s + i] * w;
      buf[2 * i + 1] = signal[s2 + i] * w;
    }
  } else {
    for (let i = 0; i < n; i++) {
      buf[2 * i] = signal[s + i] * window[i];
      buf[2 * i + 1] = 0;
    }
  }
}

/** `pw ** (power / 2)`: power 2 as is, 1 the square root, else `Math.pow`. */
function powerOf(pw: number, power: number): number {
  return power === 2 ? pw : power === 1 ? Math.sqrt(pw) : Math.pow(pw, power / 2);
}

/**
 * {@link RealFft.powerFrames} of a power-of-two fft.js plan: the two-frames-per-complex-FFT
 * trick of {@link pow2Frames}, with the power of both separated spectra written straight into
 * `out` (the same float64 arithmetic as `forwardFrames` followed by `re² + im²`).
 */
function pow2PowerFrames(n: number): NonNullable<RealFft['powerFrames']> {
  const plan = new FFT(n);
  const half = n >> 1;
  const bins = half + 1;
  // scratch owned by the plan (calls are synchronous and never re-enter)
  const buf = new Float64Array(2 * n);
  const z = new Float64Array(2 * n);
  return (signal, start, hop, nFrames, window, power, out, outOffset) => {
    checkFrames(n, signal.length, start, hop, nFrames, window.length);
    checkFrameOutput(out.length, outOffset, nFrames * bins);
    for (let t = 0; t < nFrames; t += 2) {
      const two = t + 1 < nFrames;
      windowPair(buf, signal, start + t * hop, hop, two, window, n);
      plan.transform(z, buf);
      const oa = outOffset + t * bins;
      const ob = oa + bins;
      for (let k = 0; k <= half; k++) {
        const m = k === 0 ? 0 : n - k;
        const zr = z[2 * k];
        const zi = z[2 * k + 1];
        const wr = z[2 * m];
        const wi = z[2 * m + 1];
        const ar = 0.5 * (zr + wr);
        const ai = 0.5 * (zi - wi);
        const br = 0.5 * (zi + wi);
        const bi = 0.5 * (wr - zr);
        if (power === 2) {
          out[oa + k] = ar * ar + ai * ai;
          if (two) out[ob + k] = br * br + bi * bi;
        } else {
          out[oa + k] = powerOf(ar * ar + ai * ai, power);
          if (two) out[ob + k] = powerOf(br * br + bi * bi, power);
        }
      }
    }
  };
}

/** {@link RealFft.spectrumFrames} of a power-of-two fft.js plan (two frames per complex FFT). */
function pow2SpectrumFrames(n: number): NonNullable<RealFft['spectrumFrames']> {
  const plan = new FFT(n);
  const half = n >> 1;
  const bins = half + 1;
  // scratch owned by the plan (calls are synchronous and never re-enter)
  const buf = new Float64Array(2 * n);
  const z = new Float64Array(2 * n);
  return (signal, start, hop, nFrames, window, re, im, outOffset) => {
    checkFrames(n, signal.length, start, hop, nFrames, window.length);
    checkFrameOutput(Math.min(re.length, im.length), outOffset, nFrames * bins);
    for (let t = 0; t < nFrames; t += 2) {
      const two = t + 1 < nFrames;
      windowPair(buf, signal, start + t * hop, hop, two, window, n);
      plan.transform(z, buf);
      const oa = outOffset + t * bins;
      const ob = oa + bins;
      for (let k = 0; k <= half; k++) {
        const m = k === 0 ? 0 : n - k;
        const zr = z[2 * k];
        const zi = z[2 * k + 1];
        const wr = z[2 * m];
        const wi = z[2 * m + 1];
        re[oa + k] = 0.5 * (zr + wr);
        im[oa + k] = 0.5 * (zi - wi);
        if (two) {
          re[ob + k] = 0.5 * (zi + wi);
          im[ob + k] = 0.5 * (wr - zr);
        }
      }
    }
  };
}

/** Generic {@link RealFft.powerFrames} on top of a plan's `forwardFrames` (or `forward`). */
function powerFramesVia(fft: RealFft): NonNullable<RealFft['powerFrames']> {
  return (signal, start, hop, nFrames, window, power, out, outOffset) => {
    const bins = (fft.size >> 1) + 1;
    checkFrameOutput(out.length, outOffset, nFrames * bins);
    forwardFrames(fft, signal, start, hop, nFrames, window, (t, re, im) => {
      const o = outOffset + t * bins;
      for (let k = 0; k < bins; k++) out[o + k] = powerOf(re[k] * re[k] + im[k] * im[k], power);
    });
  };
}

/** Generic {@link RealFft.spectrumFrames} on top of a plan's `forwardFrames` (or `forward`). */
function spectrumFramesVia(fft: RealFft): NonNullable<RealFft['spectrumFrames']> {
  return (signal, start, hop, nFrames, window, re, im, outOffset) => {
    const bins = (fft.size >> 1) + 1;
    checkFrameOutput(Math.min(re.length, im.length), outOffset, nFrames * bins);
    forwardFrames(fft, signal, start, hop, nFrames, window, (t, fr, fi) => {
      const o = outOffset + t * bins;
      for (let k = 0; k < bins; k++) {
        re[o + k] = fr[k];
        im[o + k] = fi[k];
      }
    });
  };
}

/**
 * Power spectra `|FFT(frame t * window)| ** power` of `nFrames` frames of `signal` (frame t
 * starts at `start + t * hop`), written frame-major into `out` from `outOffset`
 * (`out[outOffset + t * bins + k]`, bins = floor(n/2) + 1), in float32. Uses the plan's
 * {@link RealFft.powerFrames} when it has one (no per-frame callbacks or float64 scratch: the
 * wasm backend squares straight out of its heap), otherwise {@link forwardFrames}. Values equal
 * `forwardFrames` followed by `Math.fround(re² + im²)` (power 2). Throws `BAD_SHAPE` when a frame
 * overruns the signal or `out` is too short. `periodicHann`: see {@link RealFft.powerFrames}.
 *
 * @example
 * ```ts
 * const out = new Float32Array(nFrames * 1025);
 * forwardPowerFrames(createRealFft(2048), padded, 0, 512, nFrames, win, 2, out);
 * ```
 */
export function forwardPowerFrames(
  fft: RealFft,
  signal: ArrayLike<number>,
  start: number,
  hop: number,
  nFrames: number,
  window: ArrayLike<number>,
  power: number,
  out: Float32Array,
  outOffset = 0,
  periodicHann = false,
): void {
  if (fft.powerFrames) fft.powerFrames(signal, start, hop, nFrames, window, power, out, outOffset, periodicHann);
  else powerFramesVia(fft)(signal, start, hop, nFrames, window, power, out, outOffset);
}

/**
 * Complex spectra of `nFrames` windowed frames written frame-major into float32 planes
 * (`re[outOffset + t * bins + k]`, `im[...]`), through the plan's {@link RealFft.spectrumFrames}
 * when it has one, otherwise {@link forwardFrames}.
 *
 * @example
 * ```ts
 * forwardSpectrumFrames(createRealFft(2048), padded, 0, 512, nFrames, win, re, im);
 * ```
 */
export function forwardSpectrumFrames(
  fft: RealFft,
  signal: ArrayLike<number>,
  start: number,
  hop: number,
  nFrames: number,
  window: ArrayLike<number>,
  re: Float32Array,
  im: Float32Array,
  outOffset = 0,
  periodicHann = false,
): void {
  if (fft.spectrumFrames) fft.spectrumFrames(signal, start, hop, nFrames, window, re, im, outOffset, periodicHann);
  else spectrumFramesVia(fft)(signal, start, hop, nFrames, window, re, im, outOffset);
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
  aRe: Float64Array,
  aIm: Float64Array,
  bRe: Float64Array,
  bIm: Float64Array,
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

/** Generic {@link RealFft.forwardFrames}: windows each frame into a float64 buffer and calls `forward`. */
function framesVia(fft: RealFft): NonNullable<RealFft['forwardFrames']> {
  return (signal, start, hop, nFrames, window, visit) => {
    const n = fft.size;
    checkFrames(n, signal.length, start, hop, nFrames, window.length);
    const bins = (n >> 1) + 1;
    const buf = new Float64Array(n);
    const re = new Float64Array(bins);
    const im = new Float64Array(bins);
    for (let t = 0; t < nFrames; t++) {
      const s = start + t * hop;
      for (let i = 0; i < n; i++) buf[i] = signal[s + i] * window[i];
      fft.forward(buf, re, im);
      visit(t, re, im);
    }
  };
}

/**
 * Windowed forward FFTs of `nFrames` frames of `signal` (frame t starts at `start + t * hop`),
 * handing each spectrum (bins 0..floor(n/2), scratch arrays valid during the call) to `visit`.
 * Uses the plan's own {@link RealFft.forwardFrames} when it has one, otherwise windows into a
 * float64 buffer and calls {@link RealFft.forward}. The engine of `forEachSpectrumFrame`.
 * Throws `BAD_SHAPE` when a frame would run past the signal or the window length is not n.
 *
 * @example
 * ```ts
 * const fft = createRealFft(2048);
 * forwardFrames(fft, padded, 0, 512, nFrames, win, (t, re, im) => { ... });
 * ```
 */
export function forwardFrames(
  fft: RealFft,
  signal: ArrayLike<number>,
  start: number,
  hop: number,
  nFrames: number,
  window: ArrayLike<number>,
  visit: (frame: number, re: Float64Array, im: Float64Array) => void,
): void {
  (fft.forwardFrames ? fft.forwardFrames.bind(fft) : framesVia(fft))(signal, start, hop, nFrames, window, visit);
}

/** The FFT backends: `'js'` (fft.js/Bluestein, float64), `'wasm-simd'` and `'wasm'` (PFFFT, float32). */
export type FftBackend = 'wasm-simd' | 'wasm' | 'js';

/**
 * Which FFT implementation a transforming function uses: `'auto'` (the fastest available), `'js'`
 * or `'wasm'`. Placeholder of the `fft` branch's contract: accepted and ignored here.
 */
export type FftOption = 'auto' | 'js' | 'wasm';

let active: PffftBackend | null = null;
const loaded = new Map<PffftBuild, Promise<PffftBackend>>();

/** Options of {@link useWasmFft}. */
export interface UseWasmFftOptions {
  /**
   * `undefined` (default): the SIMD build where WebAssembly SIMD validates, else the scalar
   * build. `true`: only the SIMD build. `false`: only the scalar build (for comparisons).
   */
  simd?: boolean;
  /**
   * The bytes of `pffft.wasm` of each build, for hosts where the file beside the package's glue
   * cannot be located (no bundler asset support). Without them Node reads the file from
   * `node_modules` and browsers load the asset URL their bundler emitted; nothing else is fetched.
   */
  wasmBinary?: {
    /** Bytes of `pffft.wasm` from the SIMD build (`@echogarden/pffft-wasm/dist/simd`). */
    simd?: ArrayBuffer | Uint8Array;
    /** Bytes of `pffft.wasm` from the scalar build (`@echogarden/pffft-wasm/dist/non-simd`). */
    nonSimd?: ArrayBuffer | Uint8Array;
  };
}

async function tryLoad(build: PffftBuild, opts: UseWasmFftOptions): Promise<PffftBackend | null> {
  let p = loaded.get(build);
  if (!p) {
    const wasmBinary = build === 'simd' ? opts.wasmBinary?.simd : opts.wasmBinary?.nonSimd;
    p = loadPffft(build, { wasmBinary });
    loaded.set(build, p);
  }
  try {
    return await p;
  } catch {
    if (loaded.get(build) === p) loaded.delete(build); // allow a retry (e.g. with wasmBinary)
    return null;
  }
}

/**
 * Switches {@link createRealFft} to PFFFT compiled to WebAssembly (`@echogarden/pffft-wasm`):
 * loads the SIMD build, falling back to the scalar build, and resolves `true` once one is
 * active ({@link fftBackend} then says which). Resolves `false`, leaving the backend unchanged,
 * where neither loads (no WebAssembly, `.wasm` not found). Safe to call repeatedly: each build
 * loads once per process/page.
 *
 * Afterwards sizes n = 2^a 3^b 5^c with a >= 5 (32, 64, 96, ..., 2048, 4096) run in PFFFT in
 * float32 (inputs and outputs converted; relative error ~1e-7 of the spectrum's peak, far
 * inside librosa's complex64 output); other sizes keep fft.js/Bluestein. Plans already created
 * keep the backend they were made with. Wasm memory stays bounded: each size keeps one PFFFT
 * setup and three aligned buffers, cached for the {@link PFFFT_CACHE_SIZE} most recently used
 * sizes; plans need no disposing.
 *
 * Loading: Node (ESM or CJS) reads `pffft.wasm` from `node_modules`. In browsers the package's
 * glue loads `new URL('pffft.wasm', import.meta.url)`, which Vite and webpack 5 emit as assets;
 * its Node branch holds an `import('module')` that the bundler must leave alone (Vite does;
 * esbuild needs `--external:module`, webpack may need `resolve.fallback: { module: false }`).
 * Where the bundler does not emit the assets (esbuild: both builds are named `pffft.wasm`),
 * pass the bytes in `wasmBinary`.
 *
 * @example
 * ```ts
 * if (await useWasmFft()) console.log(fftBackend()); // 'wasm-simd'
 * const S = spectrogram(y, { power: 2 });           // now through PFFFT
 * ```
 */
export async function useWasmFft(opts: UseWasmFftOptions = {}): Promise<boolean> {
  const builds: PffftBuild[] = opts.simd === true ? ['simd'] : opts.simd === false ? ['non-simd'] : ['simd', 'non-simd'];
  for (const build of builds) {
    const backend = await tryLoad(build, opts);
    if (backend) {
      active = backend;
      return true;
    }
  }
  return false;
}

/** Switches {@link createRealFft} back to fft.js/Bluestein (float64), the default. Loaded wasm stays cached. */
export function useJsFft(): void {
  active = null;
}

/** The backend {@link createRealFft} uses now for the sizes PFFFT handles: `'js'` until {@link useWasmFft}. */
export function fftBackend(): FftBackend {
  return active === null ? 'js' : active.build === 'simd' ? 'wasm-simd' : 'wasm';
}

/** Memory figures of the WebAssembly FFT backend, from {@link wasmFftStats}. */
export interface WasmFftStats {
  /** Size of the wasm module's heap in bytes. */
  heapBytes: number;
  /** FFT sizes whose plans are cached (at most 8, least recently used evicted). */
  cachedSizes: number[];
  /** Aligned buffers currently allocated in the wasm heap. */
  liveAllocations: number;
}

/**
 * Wasm memory accounting of the active PFFFT backend (`null` on the js backend): linear memory
 * size in bytes, the FFT sizes whose setup and buffers are cached, and mirkit's live aligned
 * allocations (3 per cached size). For tests and diagnostics.
 */
export function wasmFftStats(): WasmFftStats | null {
  return active ? active.stats() : null;
}

/**
 * A real FFT plan of size `n` on the js backend whatever {@link fftBackend} says: fft.js radix-4
 * for powers of two, Bluestein otherwise, in float64. For comparisons and benchmarks.
 */
export function createJsRealFft(n: number): RealFft {
  if (!Number.isInteger(n) || n < 1) throw new MirkitError('BAD_OPTION', `FFT size must be a positive integer, got ${n}`);
  const plan = n === 1 ? unitRealFft() : isPow2(n) ? pow2RealFft(n) : bluesteinRealFft(n);
  // powers of two >= 4: two real frames per complex FFT; otherwise frame by frame
  const pairs = isPow2(n) && n >= 4;
  plan.forwardFrames = pairs ? pow2Frames(n) : framesVia(plan);
  plan.powerFrames = pairs ? pow2PowerFrames(n) : powerFramesVia(plan);
  plan.spectrumFrames = pairs ? pow2SpectrumFrames(n) : spectrumFramesVia(plan);
  return plan;
}

/**
 * Creates a real FFT plan of size `n` on the active backend ({@link fftBackend}): PFFFT-wasm
 * (float32) for n = 2^a 3^b 5^c, a >= 5, after {@link useWasmFft}; otherwise fft.js radix-4 for
 * powers of two and Bluestein for other sizes (float64). Plans keep only scratch buffers
 * (wasm plans borrow cached per-size buffers), are cheap, and need no disposing. Throws
 * `BAD_OPTION` unless n is a positive integer.
 *
 * @example
 * ```ts
 * const fft = createRealFft(2048);
 * const re = new Float64Array(1025), im = new Float64Array(1025);
 * fft.forward(frame, re, im);
 * ```
 */
export function createRealFft(n: number, _fft?: FftOption): RealFft {
  if (!Number.isInteger(n) || n < 1) throw new MirkitError('BAD_OPTION', `FFT size must be a positive integer, got ${n}`);
  if (active && active.supports(n)) return active.create(n);
  return createJsRealFft(n);
}

export { PFFFT_CACHE_SIZE, pffftSupports, wasmSimdSupported } from './fft-wasm.js';
