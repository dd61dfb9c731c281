/**
 * Inverse short-time Fourier transform (`librosa.istft`) and the windowed overlap-add it rests on.
 */
import { MirkitError } from '../errors.js';
import { checkPositiveInt, checkBoundedMatrix } from '../validate.js';
import { createRealFft, type FftOption, type RealFft } from './fft.js';
import { FftJsClass } from './fft-js-class.js';
import { wasmMaskedOverlapAdd } from './heap-kernels.js';
import { getWindow, padCenter, type WindowSpec } from './windows.js';
import { transposeInto } from './transpose.js';
import { windowSumSquare } from './window-sum-square.js';
import { F32_TINY } from '../util/numeric.js';
import type { ComplexMatrix } from './stft.js';
import { readOptions } from '../options.js';
import { checkComplexShape } from './complex.js';
import { ISTFT_OPTIONS } from '../option-keys.js';

/** Options of {@link istft}. */
export interface IstftOptions {
  /** Hop in samples. Default `winLength / 4`. */
  hopLength?: number;
  /** Window length. Default `nFft` (= `2 * (rows - 1)`). */
  winLength?: number;
  /** Default `nFft` = `2 * (rows - 1)`. */
  nFft?: number;
  /** Window. Default `'hann'`. */
  window?: WindowSpec;
  /** Whether the STFT was centred. Default true. */
  center?: boolean;
  /** Exact output length (zero-padded or cut), as librosa's `length`. */
  length?: number;
  /** FFT implementation for this call (see {@link FftOption}). Default `'auto'`. */
  fft?: FftOption;
}

/**
 * Inverse STFT by weighted overlap-add, equal to `librosa.istft`: each frame's inverse FFT is
 * multiplied by the window, overlap-added and divided by the summed squared window where that
 * sum is non-negligible. With `length` the output has exactly that many samples.
 */
export function istft(X: ComplexMatrix, opts: IstftOptions = {}): Float32Array {
  opts = readOptions('istft', opts, ISTFT_OPTIONS);
  checkComplexShape(X, 'istft expects a ComplexMatrix { rows, cols, re, im } as returned by stft');
  checkBoundedMatrix({ rows: X.rows, cols: X.cols, data: X.re }, 'stft real part');
  checkBoundedMatrix({ rows: X.rows, cols: X.cols, data: X.im }, 'stft imaginary part');
  const nFft = checkPositiveInt(opts.nFft ?? 2 * (X.rows - 1), 'nFft');
  if (Math.floor(nFft / 2) + 1 !== X.rows) throw new MirkitError('BAD_SHAPE', `nFft ${nFft} does not match ${X.rows} frequency bins`);
  const winLength = checkPositiveInt(opts.winLength ?? nFft, 'winLength');
  const hop = checkPositiveInt(opts.hopLength ?? Math.floor(winLength / 4), 'hopLength');
  const center = opts.center ?? true;
  const win = padCenter(getWindow(opts.window ?? 'hann', winLength), nFft);
  let nFrames = X.cols;
  if (opts.length !== undefined) {
    const length = opts.length;
    if (!Number.isInteger(length) || length < 0) throw new MirkitError('BAD_OPTION', `length must be a non-negative integer, got ${length}`);
    const paddedLength = center ? length + 2 * Math.floor(nFft / 2) : length;
    nFrames = Math.min(X.cols, Math.ceil(paddedLength / hop));
  }
  const fm = new Float32Array(nFrames * X.rows);
  const fi = new Float32Array(nFrames * X.rows);
  // bin-major -> frame-major (blocked), so each frame's inverse FFT reads contiguous bins
  if (nFrames === X.cols) {
    transposeInto(X.re, X.rows, X.cols, fm);
    transposeInto(X.im, X.rows, X.cols, fi);
  } else {
    for (let k = 0; k < X.rows; k++) {
      for (let t = 0; t < nFrames; t++) {
        fm[t * X.rows + k] = X.re[k * X.cols + t];
        fi[t * X.rows + k] = X.im[k * X.cols + t];
      }
    }
  }
  const rows = X.rows;
  return overlapAdd(
    nFft,
    hop,
    win,
    nFrames,
    center,
    opts.length,
    1,
    (t, _part, spec) => {
      const o = t * rows;
      for (let k = 0; k < rows; k++) {
        spec[2 * k] = fm[o + k];
        spec[2 * k + 1] = fi[o + k];
      }
    },
    opts.fft,
  )[0];
}

/**
 * The weighted overlap-add of librosa's istft for `parts` signals at once (sharing the window
 * sum-square): for each frame t and part, `fill(t, part, spec)` writes the frame's bins
 * interleaved (`spec[2k]`, `spec[2k + 1]` = real and imaginary part of bin k; float32 scratch),
 * which are inverse-transformed (on the FFT `fft`), windowed and overlap-added
 * ({@link inverseAdder}). Returns the `parts` outputs trimmed as {@link istft} does (centre cut,
 * `length` pad/cut).
 */
export function overlapAdd(
  nFft: number,
  hop: number,
  win: Float32Array | Float64Array,
  nFrames: number,
  center: boolean,
  length: number | undefined,
  parts: number,
  fill: (frame: number, part: number, spec: Float32Array) => void,
  fft: FftOption = 'auto',
): Float32Array[] {
  const bins = Math.floor(nFft / 2) + 1;
  const total = nFrames > 0 ? nFft + hop * (nFrames - 1) : 0;
  const ys: Float64Array[] = [];
  for (let q = 0; q < parts; q++) ys.push(new Float64Array(total));
  const plan = createRealFft(nFft, fft);
  const addInverse = inverseAdder(plan, win);
  const addPair = inversePairAdder(plan, win);
  const spec = new Float32Array(2 * bins);
  const specB = new Float32Array(2 * bins);
  // job j is part j % parts of frame floor(j / parts), in the order of the plain loop; two at a time
  // on a plan with a paired inverse (each output still gets its frames' sums in frame order)
  const jobs = nFrames * parts;
  let j = 0;
  if (addPair) {
    for (; j + 1 < jobs; j += 2) {
      const tA = Math.floor(j / parts);
      const tB = Math.floor((j + 1) / parts);
      fill(tA, j % parts, spec);
      fill(tB, (j + 1) % parts, specB);
      addPair(spec, ys[j % parts], tA * hop, specB, ys[(j + 1) % parts], tB * hop);
    }
  }
  for (; j < jobs; j++) {
    const t = Math.floor(j / parts);
    fill(t, j % parts, spec);
    addInverse(spec, ys[j % parts], t * hop);
  }
  return normalizedOutputs(ys, nFft, hop, win, nFrames, center, length);
}

/**
 * {@link overlapAdd} of `masks.length` masked copies of one frame-major float32 STFT (`re`, `im`:
 * `nFft/2 + 1` bins per frame; part q's bins are `X * masks[q]`, float32 products, as librosa's
 * complex64): through the wasm kernel on the default path (the same values), else through
 * {@link overlapAdd}. HPSS's two inverse STFTs.
 */
// biome-ignore format: overlapAdd's framing parameters, then the STFT and masks, one line
export function maskedOverlapAdd(nFft: number, hop: number, win: Float32Array | Float64Array, nFrames: number, center: boolean, length: number | undefined, re: Float32Array, im: Float32Array, masks: Float32Array[], fft: FftOption = 'auto', ): Float32Array[] {
  if (nFrames > 0) {
    const total = nFft + hop * (nFrames - 1);
    const ys = masks.map(() => new Float64Array(total));
    if (wasmMaskedOverlapAdd(nFft, hop, win, nFrames, re, im, masks, ys, fft)) return normalizedOutputs(ys, nFft, hop, win, nFrames, center, length);
  }
  const bins = Math.floor(nFft / 2) + 1;
  const fill = (t: number, part: number, spec: Float32Array): void => {
    const m = masks[part];
    const o = t * bins;
    for (let k = 0; k < bins; k++) {
      const w = m[o + k];
      spec[2 * k] = re[o + k] * w; // stored as float32: librosa's complex64 product
      spec[2 * k + 1] = im[o + k] * w;
    }
  };
  return overlapAdd(nFft, hop, win, nFrames, center, length, masks.length, fill, fft);
}

/** The overlap-added sums `ys` divided by the window's summed squares (where not tiny), trimmed as {@link istft} does. */
function normalizedOutputs(
  ys: Float64Array[],
  nFft: number,
  hop: number,
  win: ArrayLike<number>,
  nFrames: number,
  center: boolean,
  length: number | undefined,
): Float32Array[] {
  const total = nFrames > 0 ? nFft + hop * (nFrames - 1) : 0;
  const wss = windowSumSquare(win, nFft, hop, nFrames, total);
  const tiny = F32_TINY;
  const start = center ? Math.floor(nFft / 2) : 0;
  const outLen = length !== undefined ? length : Math.max(0, total - (center ? 2 * Math.floor(nFft / 2) : 0));
  const avail = Math.max(0, Math.min(outLen, total - start));
  return ys.map((y) => {
    const out = new Float32Array(outLen);
    for (let i = 0; i < avail; i++) {
      const w = wss[start + i];
      out[i] = w > tiny ? y[start + i] / w : y[start + i];
    }
    return out;
  });
}

/**
 * The inverse-transform-and-add step of an overlap-add on `plan` (size n) with window `win`:
 * `add(spec, acc, off)` adds `irfft(X) * win` into `acc[off .. off + n)`, X's bins given interleaved
 * (`spec[2k]`, `spec[2k + 1]`: real and imaginary part of bin k, k = 0 .. n/2; float32 scratch that
 * the step may change). On a plan with `inversePacked` (wasm) and an even n, `spec` becomes PFFFT's
 * packed layout by moving the Nyquist bin's real part into slot 1 (the imaginary parts of bins 0
 * and n/2 are ignored, as by every inverse real FFT): the frame goes in and out by native copies
 * and the 1/n scale joins the window, with the same products as `inverse`. Other plans get the bins
 * as float64 planes.
 */
export function inverseAdder(plan: RealFft, win: ArrayLike<number>): (spec: Float32Array, acc: Float64Array, off: number) => void {
  const n = plan.size;
  const bins = Math.floor(n / 2) + 1;
  if (plan.inversePacked !== undefined && n % 2 === 0) {
    const inversePacked = plan.inversePacked.bind(plan);
    const scale = 1 / n;
    const frame = new Float32Array(n);
    return (spec, acc, off) => {
      spec[1] = spec[n]; // X(n/2).re into PFFFT's slot
      inversePacked(spec, frame);
      for (let i = 0; i < n; i++) acc[off + i] += frame[i] * scale * win[i];
    };
  }
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  const frame = new Float64Array(n);
  return (spec, acc, off) => {
    for (let k = 0; k < bins; k++) {
      re[k] = spec[2 * k];
      im[k] = spec[2 * k + 1];
    }
    plan.inverse(re, im, frame);
    for (let i = 0; i < n; i++) acc[off + i] += frame[i] * win[i];
  };
}

/**
 * The paired form of {@link inverseAdder} for the portable plans of power-of-two sizes (no packed
 * inverse): `add(specA, accA, offA, specB, accB, offB)` adds `irfft(A) * win` into `accA[offA ..]`,
 * then `irfft(B) * win` into `accB[offB ..]` (the same arrays, overlapping, are fine: A's sums go
 * first), both inverses from one complex fft.js transform of `A + iB`: both signals are real, so
 * they come out as its real and imaginary parts (half the transforms of two calls, equal to them
 * within float64 rounding). The imaginary parts of bins 0 and n/2 are ignored, as by
 * {@link inverseAdder}. `undefined` for other plans.
 */
export function inversePairAdder(
  plan: RealFft,
  win: ArrayLike<number>,
): ((specA: Float32Array, accA: Float64Array, offA: number, specB: Float32Array, accB: Float64Array, offB: number) => void) | undefined {
  const n = plan.size;
  if (plan.inversePacked !== undefined || n < 4 || (n & (n - 1)) !== 0) return undefined;
  const half = n >> 1;
  const fft = new FftJsClass(n);
  const full = new Float64Array(2 * n);
  const out = new Float64Array(2 * n);
  return (specA, accA, offA, specB, accB, offB) => {
    // Z = A + iB over the whole circle (A and B Hermitian)
    full[0] = specA[0];
    full[1] = specB[0];
    full[n] = specA[n];
    full[n + 1] = specB[n];
    for (let k = 1; k < half; k++) {
      const ar = specA[2 * k];
      const ai = specA[2 * k + 1];
      const br = specB[2 * k];
      const bi = specB[2 * k + 1];
      full[2 * k] = ar - bi;
      full[2 * k + 1] = ai + br;
      full[2 * (n - k)] = ar + bi;
      full[2 * (n - k) + 1] = br - ai;
    }
    fft.inverseTransform(out, full);
    for (let i = 0; i < n; i++) accA[offA + i] += out[2 * i] * win[i];
    for (let i = 0; i < n; i++) accB[offB + i] += out[2 * i + 1] * win[i];
  };
}
