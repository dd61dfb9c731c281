/**
 * A float64 real FFT of one frame for power-of-two sizes, written for the streaming analyzer's
 * one-frame-at-a-time use: the n real samples are read as n/2 complex points `x[2m] + i x[2m+1]`,
 * transformed by an iterative decimation-in-frequency radix-4 FFT (one radix-2 stage last when
 * n/2 is not a power of 4) with per-stage twiddle tables, and separated into the real signal's
 * spectrum. The radix-4 stages leave their output in digit-reversed order; the separation reads it
 * through a position table instead of permuting it.
 *
 * Decimation in frequency, radix 4 (block length L, q = L/4, w = e^(-2 pi i / L)): for j < q,
 * with a, b, c, d the points j, j + q, j + 2q, j + 3q of the block,
 * `y_r = (a + (-i)^r b + (-1)^r c + i^r d) w^(r j)` is written at j + r q; the q points at r q ..
 * (r + 1) q - 1 are then a block whose DFT holds the block's frequencies r, r + 4, r + 8, ...
 */
import { MirkitError } from '../errors.js';
import { powerOf } from './fft-plan.js';

/** A {@link createRadix4RealTransform} plan: one frame of `size` real samples to bins 0..size/2. */
export interface Radix4RealTransform {
  /** Frame length n (a power of two >= 2). */
  readonly size: number;
  /**
   * Writes the spectrum `X[k] = sum_t frame[t] e^(-2 pi i k t / n)` of `frame` (n values) as
   * interleaved complex values into `out[2k], out[2k + 1]`, k = 0..n/2 (`out` at least n + 2
   * long; entries beyond are left as they are). `X[0]` and `X[n/2]` have exact zero imaginary parts.
   */
  forward(frame: ArrayLike<number>, out: Float64Array): void;
  /**
   * {@link Radix4RealTransform.forward} of the windowed frame `signal[start + t] * window[t]`
   * (t < n; the product taken in float64), read straight from the signal. Returns false when every
   * windowed sample is zero (then `out` holds zeros, computed as for any frame).
   */
  forwardWindowed(signal: ArrayLike<number>, start: number, window: ArrayLike<number>, out: Float64Array): boolean;
  /**
   * The spectrum's `|X[k]| ** power` (k = 0..n/2) of the windowed frame of
   * {@link Radix4RealTransform.forwardWindowed}, into `out[offset + k]`: `re² + im²` in float64
   * from the same values `forwardWindowed` writes, raised as `powerOf` does, rounded once to
   * float32. Returns false when every windowed sample is zero (then the values written are zeros).
   */
  powerWindowed(signal: ArrayLike<number>, start: number, window: ArrayLike<number>, power: number, out: Float32Array, offset: number): boolean;
}

/** The radices of the stages for m complex points, first stage first: 4 while it divides, then a 2 if m = 2 * 4^k. */
function stageRadices(m: number): number[] {
  const radices: number[] = [];
  let rest = m;
  while (rest >= 4) {
    radices.push(4);
    rest /= 4;
  }
  if (rest === 2) radices.push(2);
  return radices;
}

/**
 * Where each frequency lies after the stages: `position[k]` is the index holding `Z[k]`. Output
 * index p has the digits d1, d2, ... (stage radices, most significant first) and holds frequency
 * `d1 + r1 d2 + r1 r2 d3 + ...` (each stage sorts its block's frequencies by their residue).
 */
function outputPositions(m: number, radices: number[]): Int32Array {
  const position = new Int32Array(m);
  for (let p = 0; p < m; p++) {
    let rest = p;
    let size = m;
    let freq = 0;
    let scale = 1;
    for (const r of radices) {
      size /= r;
      const digit = Math.floor(rest / size);
      rest -= digit * size;
      freq += digit * scale;
      scale *= r;
    }
    position[freq] = p;
  }
  return position;
}

/**
 * The twiddles of a radix-4 stage of block length L: for j < L/4, `w^j, w^2j, w^3j` (w =
 * e^(-2 pi i / L)) as cos, -sin pairs, six values per j (read in order by the stage's loop).
 */
function stageTwiddles(L: number): Float64Array {
  const q = L / 4;
  const tw = new Float64Array(6 * q);
  for (let j = 0; j < q; j++) {
    for (let r = 1; r <= 3; r++) {
      const angle = (2 * Math.PI * ((r * j) % L)) / L;
      tw[6 * j + 2 * (r - 1)] = Math.cos(angle);
      tw[6 * j + 2 * (r - 1) + 1] = -Math.sin(angle);
    }
  }
  return tw;
}

/**
 * One radix-4 stage of block length L over `re`/`im` (m points) in place, twiddles `tw` (at L = 4
 * the single j's twiddles are ones, exact). The loop runs over j outside and the blocks inside, so
 * each j's three twiddles are loaded once for all m / L blocks.
 */
function radix4Stage(re: Float64Array, im: Float64Array, m: number, L: number, tw: Float64Array): void {
  const q = L >> 2;
  for (let j = 0, t = 0; j < q; j++, t += 6) {
    const w1r = tw[t];
    const w1i = tw[t + 1];
    const w2r = tw[t + 2];
    const w2i = tw[t + 3];
    const w3r = tw[t + 4];
    const w3i = tw[t + 5];
    for (let i0 = j; i0 < m; i0 += L) {
      const i1 = i0 + q;
      const i2 = i1 + q;
      const i3 = i2 + q;
      const ar = re[i0];
      const ai = im[i0];
      const br = re[i1];
      const bi = im[i1];
      const cr = re[i2];
      const ci = im[i2];
      const dr = re[i3];
      const di = im[i3];
      const t0r = ar + cr;
      const t0i = ai + ci;
      const t1r = ar - cr;
      const t1i = ai - ci;
      const t2r = br + dr;
      const t2i = bi + di;
      const t3r = br - dr;
      const t3i = bi - di;
      re[i0] = t0r + t2r;
      im[i0] = t0i + t2i;
      const y1r = t1r + t3i;
      const y1i = t1i - t3r;
      const y2r = t0r - t2r;
      const y2i = t0i - t2i;
      const y3r = t1r - t3i;
      const y3i = t1i + t3r;
      re[i1] = y1r * w1r - y1i * w1i;
      im[i1] = y1r * w1i + y1i * w1r;
      re[i2] = y2r * w2r - y2i * w2i;
      im[i2] = y2r * w2i + y2i * w2r;
      re[i3] = y3r * w3r - y3i * w3i;
      im[i3] = y3r * w3i + y3i * w3r;
    }
  }
}

/** The last stage when it is radix 2 (L = 2) over `re`/`im` (m points) in place. */
function radix2Last(re: Float64Array, im: Float64Array, m: number): void {
  for (let i0 = 0; i0 < m; i0 += 2) {
    const ar = re[i0];
    const ai = im[i0];
    const br = re[i0 + 1];
    const bi = im[i0 + 1];
    re[i0] = ar + br;
    im[i0] = ai + bi;
    re[i0 + 1] = ar - br;
    im[i0 + 1] = ai - bi;
  }
}

/**
 * The real signal's spectrum from the m-point transform Z of its complex points (`Z[k]` at
 * `position[k]` of `re`/`im`) into interleaved `out`, bins 0..m: `X[k] = E[k] + W^k O[k]` with
 * `E = (Z[k] + conj Z[m-k]) / 2`, `O = (Z[k] - conj Z[m-k]) / 2i`, `W = e^(-2 pi i / 2m)`
 * (`sepRe`/`sepIm`, k = 0..m). Bins k and m - k are made together from the same two points:
 * `X[m-k] = conj(E[k] - W^k O[k])`.
 */
function separate(re: Float64Array, im: Float64Array, position: Int32Array, sepRe: Float64Array, sepIm: Float64Array, m: number, out: Float64Array): void {
  // k = 0 and k = m: Z[0] alone (E = Re Z[0], O = Im Z[0]); X[m] = E - O
  const p0 = position[0];
  out[0] = re[p0] + im[p0];
  out[1] = 0;
  out[2 * m] = re[p0] - im[p0];
  out[2 * m + 1] = 0;
  const mid = m >> 1;
  for (let k = 1; k < mid; k++) {
    const p = position[k];
    const q = position[m - k];
    const ar = re[p];
    const ai = im[p];
    const br = re[q];
    const bi = -im[q];
    const er = 0.5 * (ar + br);
    const ei = 0.5 * (ai + bi);
    const or = 0.5 * (ai - bi);
    const oi = -0.5 * (ar - br);
    const wr = sepRe[k];
    const wi = sepIm[k];
    const tr = wr * or - wi * oi;
    const ti = wr * oi + wi * or;
    out[2 * k] = er + tr;
    out[2 * k + 1] = ei + ti;
    out[2 * (m - k)] = er - tr;
    out[2 * (m - k) + 1] = ti - ei;
  }
  if (m >= 2) {
    // k = m / 2: its own partner, X[m/2] = conj Z[m/2]
    const p = position[mid];
    out[2 * mid] = re[p];
    out[2 * mid + 1] = -im[p];
  }
}

/**
 * A plan for the real FFT of one frame of n samples, n a power of two >= 2 (see the module
 * comment): float64 throughout, twiddles from `Math.cos`/`Math.sin` of exactly reduced angles,
 * scratch owned by the plan (calls are synchronous and never re-enter).
 *
 * @throws MirkitError `BAD_OPTION` when n is not a power of two >= 2.
 */
export function createRadix4RealTransform(n: number): Radix4RealTransform {
  if (!Number.isInteger(n) || n < 2 || (n & (n - 1)) !== 0)
    throw new MirkitError('BAD_OPTION', `radix-4 real transform size must be a power of two >= 2, got ${n}`);
  const m = n >> 1; // complex points
  const radices = stageRadices(m);
  const position = outputPositions(m, radices);
  const twiddles: Float64Array[] = [];
  for (let L = m; L >= 4; L >>= 2) twiddles.push(stageTwiddles(L)); // every radix-4 stage, L = 4 included (unit twiddles)
  const lastIsRadix2 = radices[radices.length - 1] === 2;
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  // the separation's twiddles e^(-2 pi i k / n), k = 0..m
  const sepRe = new Float64Array(m + 1);
  const sepIm = new Float64Array(m + 1);
  for (let k = 0; k <= m; k++) {
    sepRe[k] = Math.cos((2 * Math.PI * k) / n);
    sepIm[k] = -Math.sin((2 * Math.PI * k) / n);
  }
  const spectrum = new Float64Array(n + 2); // powerWindowed's complex bins before squaring
  /** The stages over the loaded `re`/`im` (Z in digit-reversed order, see `position`). */
  const transformLoaded = (): void => {
    for (let s = 0; s < twiddles.length; s++) radix4Stage(re, im, m, m >> (2 * s), twiddles[s]);
    if (lastIsRadix2) radix2Last(re, im, m);
  };
  /**
   * Transforms `signal[start + t] * window[t]` (t < n) into `re`/`im`; false when every windowed
   * sample is zero.
   */
  const transformWindowed = (signal: ArrayLike<number>, start: number, window: ArrayLike<number>): boolean => {
    // a sounding frame stops this scan at its first non-zero value (mostly the first or second)
    let t = 0;
    while (t < n && signal[start + t] * window[t] === 0) t++;
    for (let p = 0; p < m; p++) {
      re[p] = signal[start + 2 * p] * window[2 * p];
      im[p] = signal[start + 2 * p + 1] * window[2 * p + 1];
    }
    transformLoaded();
    return t < n;
  };
  return {
    size: n,
    forward(frame, out) {
      for (let p = 0; p < m; p++) {
        re[p] = frame[2 * p];
        im[p] = frame[2 * p + 1];
      }
      transformLoaded();
      separate(re, im, position, sepRe, sepIm, m, out);
    },
    forwardWindowed(signal, start, window, out) {
      const sounding = transformWindowed(signal, start, window);
      separate(re, im, position, sepRe, sepIm, m, out);
      return sounding;
    },
    powerWindowed(signal, start, window, power, out, offset) {
      const sounding = transformWindowed(signal, start, window);
      separate(re, im, position, sepRe, sepIm, m, spectrum);
      if (power === 2) for (let k = 0; k <= m; k++) out[offset + k] = spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1];
      else for (let k = 0; k <= m; k++) out[offset + k] = powerOf(spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1], power);
      return sounding;
    },
  };
}
