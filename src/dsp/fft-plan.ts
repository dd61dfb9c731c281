/**
 * The real-FFT plan interface shared by the js ({@link createJsRealFft} in `./fft-js.ts`) and
 * the WebAssembly (`./fft-wasm.ts`) implementations, their argument checks, and the batch
 * drivers that run any plan over frames. Imports no implementation, so neither imports the other.
 */
import { MirkitError } from '../errors.js';
import type { SparseFilterbank } from './filters.js';

/**
 * The frames a batch transform reads, the leading arguments of {@link RealFft.forwardFrames} and the
 * other batch forms: frame t (t = 0..nFrames-1) is `signal[start + t * hop + i] * window[i]` for
 * i < n, so the window has n values and every frame must lie inside the signal.
 */
export type FrameSpan = [signal: ArrayLike<number>, start: number, hop: number, nFrames: number, window: ArrayLike<number>];

/**
 * A real-input FFT plan of one size. Forward transforms are unnormalised and inverse ones scaled
 * by 1/n, as numpy's `rfft`/`irfft`. Plans from `createRealFft(n, fft)` run on the implementation
 * the caller chose: fft.js in float64 (`'js'`) or PFFFT-wasm in float32 (`'wasm'`, and `'auto'`
 * where it runs). Calls are synchronous and leave no state behind, so one plan may be shared by
 * any number of callers on one thread.
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
  forwardFrames?(...args: [...FrameSpan, visit: (frame: number, re: Float64Array, im: Float64Array) => void]): void;
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
  powerFrames?(...args: [...FrameSpan, power: number, out: Float32Array, outOffset: number, periodicHann?: boolean]): void;
  /**
   * Optional: {@link RealFft.powerFrames} with the periodic Hann window (power 1 or 2) projected on
   * the sparse filterbank `fb` (e.g. mel bands) without handing the power out:
   * `out[outOffset + t * fb.rows + m]` = the float64 sum in bin order of `fb.weights[fb.offset[m] + i]
   * * P_t[fb.start[m] + i]` (i < `fb.length[m]`, `P_t` frame t's float32 power), rounded to float32.
   * Returns false, writing nothing, where this plan cannot (no kernel, another power, `fb.cols` not
   * n/2 + 1): the answer depends on those alone, never on the frames. The wasm backend has it, and
   * keeps a copy of the last `fb` in wasm memory by identity: treat a filterbank passed here as
   * immutable (mirkit never modifies its cached mel filterbanks).
   */
  powerBandsFrames?(
    signal: Float32Array | Float64Array,
    start: number,
    hop: number,
    nFrames: number,
    power: number,
    fb: SparseFilterbank,
    out: Float32Array,
    outOffset: number,
  ): boolean;
  /**
   * Optional batch form writing complex spectra frame-major into float32 planes:
   * `re[outOffset + t * bins + k]`, `im[...]` for t = 0..nFrames-1 (see {@link RealFft.powerFrames},
   * also for `periodicHann`).
   * Plans from {@link createRealFft} always have it; call {@link forwardSpectrumFrames} for any plan.
   */
  spectrumFrames?(...args: [...FrameSpan, re: Float32Array, im: Float32Array, outOffset: number, periodicHann?: boolean]): void;
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

/**
 * Validates the arguments of {@link RealFft.forwardFrames}: every frame
 * `signal[start + t * hop .. + n)` must lie inside the signal and the window must have n values.
 */
export function checkFrames(n: number, length: number, start: number, hop: number, nFrames: number, windowLength: number): void {
  if (!Number.isInteger(nFrames) || nFrames < 0) throw new MirkitError('BAD_OPTION', `nFrames must be a non-negative integer, got ${nFrames}`);
  if (!Number.isInteger(start) || start < 0) throw new MirkitError('BAD_OPTION', `start must be a non-negative integer, got ${start}`);
  if (!Number.isInteger(hop) || hop < 1) throw new MirkitError('BAD_OPTION', `hop must be a positive integer, got ${hop}`);
  if (windowLength !== n) throw new MirkitError('BAD_SHAPE', `window has ${windowLength} values, the FFT size is ${n}`);
  if (nFrames > 0 && start + (nFrames - 1) * hop + n > length) {
    throw new MirkitError('BAD_SHAPE', `${nFrames} frames of ${n} samples from ${start} with hop ${hop} overrun a signal of ${length} samples`);
  }
}

/** Throws `BAD_SHAPE` unless the input and the output of a packed n-point transform hold n values each. */
export function checkPacked(n: number, inLength: number, outLength: number): void {
  if (inLength < n || outLength < n) {
    throw new MirkitError('BAD_SHAPE', `a packed ${n}-point FFT needs ${n} input and ${n} output values, got ${inLength} and ${outLength}`);
  }
}

/** Throws `BAD_SHAPE` unless `need` values fit in an output of `length` values from `offset`. */
export function checkFrameOutput(length: number, offset: number, need: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + need > length) {
    throw new MirkitError('BAD_SHAPE', `output of ${length} values cannot hold ${need} values from offset ${offset}`);
  }
}

/** @internal `pw ** (power / 2)`: power 2 as is, 1 the square root, else `Math.pow`. */
export function powerOf(pw: number, power: number): number {
  return power === 2 ? pw : power === 1 ? Math.sqrt(pw) : Math.pow(pw, power / 2);
}

/** Generic {@link RealFft.powerFrames} on top of a plan's `forwardFrames` (or `forward`). */
export function powerFramesVia(fft: RealFft): NonNullable<RealFft['powerFrames']> {
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
export function spectrumFramesVia(fft: RealFft): NonNullable<RealFft['spectrumFrames']> {
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
export function forwardPowerFrames(fft: RealFft, ...args: [...FrameSpan, power: number, out: Float32Array, outOffset?: number, periodicHann?: boolean]): void {
  const [signal, start, hop, nFrames, window, power, out, outOffset = 0, periodicHann = false] = args;
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
  ...args: [...FrameSpan, re: Float32Array, im: Float32Array, outOffset?: number, periodicHann?: boolean]
): void {
  const [signal, start, hop, nFrames, window, re, im, outOffset = 0, periodicHann = false] = args;
  if (fft.spectrumFrames) fft.spectrumFrames(signal, start, hop, nFrames, window, re, im, outOffset, periodicHann);
  else spectrumFramesVia(fft)(signal, start, hop, nFrames, window, re, im, outOffset);
}

/** @internal Generic {@link RealFft.forwardFrames}: windows each frame into a float64 buffer and calls `forward`. */
export function framesVia(fft: RealFft): NonNullable<RealFft['forwardFrames']> {
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
export function forwardFrames(fft: RealFft, ...args: Parameters<NonNullable<RealFft['forwardFrames']>>): void {
  (fft.forwardFrames ? fft.forwardFrames.bind(fft) : framesVia(fft))(...args);
}
