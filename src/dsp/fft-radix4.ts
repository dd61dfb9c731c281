/**
 * The portable path's own real FFT for power-of-two sizes, float64 throughout: a frame's n real
 * samples are read as m = n/2 complex points `z[p] = x[2p] + i x[2p+1]`, transformed by an
 * iterative decimation-in-time radix-4 FFT (for m = 2 * 4^K: two 4^K-point transforms of the even
 * and odd points, joined by one radix-2 stage) and separated into the real signal's spectrum.
 * It serves the streaming analyzer's one frame at a time and, through {@link
 * Radix4RealTransform.powerFrames}, every power spectrum of the `'js'` path.
 *
 * Decimation in time, radix 4 (block length L, q = L/4, w = e^(-2 pi i / L)): the points are loaded
 * in base-4 digit-reversed order, and a stage combines the four length-q transforms a, b, c, d of a
 * block (at j, j + q, j + 2q, j + 3q) into `y_r = a + (-i)^r w^j b + (-1)^r w^2j c + i^r w^3j d` at
 * j + r q. The first stage (L = 4, unit twiddles) reads its four points straight from the signal,
 * windowing them on the way, so no pass loads the frame on its own.
 *
 * Separation (W = e^(-2 pi i / n)): for k and m - k, `E = (Z[k] + conj Z[m-k]) / 2`,
 * `O = (Z[k] - conj Z[m-k]) / 2i`, `X[k] = E + W^k O`, `X[m-k] = conj(E - W^k O)`.
 * @internal
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { checkFrameOutput, checkFrames, powerOf, type RealFft } from './fft-plan.js';
import { doubleArray } from '../util/doubles.js';
import { BoundedCache } from '../util/cache.js';

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
  /** {@link RealFft.powerFrames}: {@link Radix4RealTransform.powerWindowed} of every frame, bit for bit. */
  powerFrames: NonNullable<RealFft['powerFrames']>;
}

/** The frame's transform state: scratch `re`/`im` (m points) and the tables of the plan. */
interface Plan {
  /** Complex points m = n / 2. */
  m: number;
  /** Points of each radix-4 transform: m, or m / 2 when a radix-2 stage joins two of them. */
  h: number;
  /** Base-4 digit reversal of 0..h-1. */
  reversed: number[];
  /** Twiddles of the radix-4 stages after the first (L = 16 .. h): w^j, w^2j, w^3j as cos, -sin pairs. */
  twiddles: number[][];
  /** The radix-2 stage's e^(-2 pi i k / m), k < h, as cos, -sin pairs (empty when h = m). */
  join: number[];
  /** The separation's W^k, k = 0..m/2. */
  sepRe: number[];
  sepIm: number[];
  re: number[];
  im: number[];
}

/** cos, -sin of 2 pi r / L for r = `factor * j`, j < count, `stride` values apart from `at`. */
function fillTwiddles(t: number[], count: number, factor: number, L: number, stride: number, at: number): void {
  for (let j = 0; j < count; j++) {
    const angle = (2 * Math.PI * ((factor * j) % L)) / L;
    t[stride * j + at] = Math.cos(angle);
    t[stride * j + at + 1] = -Math.sin(angle);
  }
}

/** The tables of a size (a plan's all but its scratch): never written, so plans of a size share them. */
const tablesBySize = new BoundedCache<number, Omit<Plan, 're' | 'im'>>(8);

function makePlan(n: number): Plan {
  const t = tablesBySize.get(n, () => makeTables(n));
  // one object literal, so that every plan has one hidden class: plans spread from the tables did
  // not, and each new plan deoptimised the transform, which then ran unoptimised for a while
  const { m, h, reversed, twiddles, join, sepRe, sepIm } = t;
  return { m, h, reversed, twiddles, join, sepRe, sepIm, re: doubleArray(m), im: doubleArray(m) };
}

function makeTables(n: number): Omit<Plan, 're' | 'im'> {
  const m = Math.max(1, n >> 1);
  const depth = Math.floor(Math.log2(m) / 2);
  const h = 4 ** depth;
  const reversed: number[] = [];
  for (let p = 0; p < h; p++) {
    let r = 0;
    for (let d = 0, x = p; d < depth; d++, x >>= 2) r = r * 4 + (x & 3);
    reversed.push(r);
  }
  const twiddles: number[][] = [];
  for (let L = 16; L <= h; L *= 4) {
    const t = doubleArray(6 * (L / 4));
    for (let r = 1; r <= 3; r++) fillTwiddles(t, L / 4, r, L, 6, 2 * (r - 1));
    twiddles.push(t);
  }
  const join = doubleArray(h < m ? 2 * h : 0);
  if (h < m) fillTwiddles(join, h, 1, m, 2, 0);
  const sepRe = doubleArray((m >> 1) + 1);
  const sepIm = doubleArray((m >> 1) + 1);
  for (let k = 0; k <= m >> 1; k++) {
    sepRe[k] = Math.cos((2 * Math.PI * k) / n);
    sepIm[k] = -Math.sin((2 * Math.PI * k) / n);
  }
  return { m, h, reversed, twiddles, join, sepRe, sepIm };
}

/**
 * Loads the windowed frame at `s` and runs the first radix-4 stage: transform `half` (0, or 1 for
 * the odd points when a radix-2 stage follows) takes the complex points `stride * p + half`, group
 * j (of 4) the points p = r, r + h/4, r + 2h/4, r + 3h/4 with r the reversal of j. The groups go in
 * the order of r (so the signal is read front to back in four runs), each written at its j (the
 * reversal being its own inverse, j = reversed[r]). With h = 1 the point is only loaded.
 */
function firstStage(pl: Plan, x: ArrayLike<number>, s: number, w: ArrayLike<number>, half: number): void {
  const { h, reversed, re, im } = pl;
  const stride = h < pl.m ? 2 : 1;
  const base = half * h;
  const step = (h >> 1) * stride; // samples between the group's points: 2 * stride * h / 4
  const off = 2 * half;
  if (h === 1) {
    re[base] = x[s + off] * w[off];
    im[base] = x[s + off + 1] * w[off + 1];
    return;
  }
  const q = h >> 2;
  const adv = 2 * stride;
  for (let r = 0, p0 = off; r < q; r++, p0 += adv) {
    const p1 = p0 + step;
    const p2 = p1 + step;
    const p3 = p2 + step;
    const ar = x[s + p0] * w[p0];
    const ai = x[s + p0 + 1] * w[p0 + 1];
    const br = x[s + p1] * w[p1];
    const bi = x[s + p1 + 1] * w[p1 + 1];
    const cr = x[s + p2] * w[p2];
    const ci = x[s + p2 + 1] * w[p2 + 1];
    const dr = x[s + p3] * w[p3];
    const di = x[s + p3 + 1] * w[p3 + 1];
    const o = base + reversed[r];
    combine(re, im, o, o + 1, o + 2, o + 3, ar, ai, br, bi, cr, ci, dr, di);
  }
}

/**
 * The radix-4 butterfly of a, b, c, d (b, c, d already multiplied by their twiddles), written to
 * `i0..i3`: `y_r = a + (-i)^r b + (-1)^r c + i^r d`. The one place the first and later stages combine.
 */
function combine(
  re: number[],
  im: number[],
  i0: number,
  i1: number,
  i2: number,
  i3: number,
  ar: number,
  ai: number,
  br: number,
  bi: number,
  cr: number,
  ci: number,
  dr: number,
  di: number,
): void {
  const t0r = ar + cr;
  const t0i = ai + ci;
  const t1r = ar - cr;
  const t1i = ai - ci;
  const t2r = br + dr;
  const t2i = bi + di;
  const t3r = bi - di; // (b - d) * (-i)
  const t3i = dr - br;
  re[i0] = t0r + t2r;
  im[i0] = t0i + t2i;
  re[i1] = t1r + t3r;
  im[i1] = t1i + t3i;
  re[i2] = t0r - t2r;
  im[i2] = t0i - t2i;
  re[i3] = t1r - t3r;
  im[i3] = t1i - t3i;
}

/** One radix-4 stage of block length L over all m points in place (twiddles `tw`: six values per j). */
function laterStage(re: number[], im: number[], m: number, L: number, tw: number[]): void {
  const q = L >> 2;
  // j = 0: unit twiddles, no products
  for (let i0 = 0; i0 < m; i0 += L)
    combine(re, im, i0, i0 + q, i0 + 2 * q, i0 + 3 * q, re[i0], im[i0], re[i0 + q], im[i0 + q], re[i0 + 2 * q], im[i0 + 2 * q], re[i0 + 3 * q], im[i0 + 3 * q]);
  for (let j = 1, t = 6; j < q; j++, t += 6) {
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
      let xr = re[i1];
      let xi = im[i1];
      const br = xr * w1r - xi * w1i;
      const bi = xr * w1i + xi * w1r;
      xr = re[i2];
      xi = im[i2];
      const cr = xr * w2r - xi * w2i;
      const ci = xr * w2i + xi * w2r;
      xr = re[i3];
      xi = im[i3];
      const dr = xr * w3r - xi * w3i;
      const di = xr * w3i + xi * w3r;
      combine(re, im, i0, i1, i2, i3, ar, ai, br, bi, cr, ci, dr, di);
    }
  }
}

/** The radix-2 stage joining the even points' transform (0..h-1) and the odd points' (h..2h-1). */
function joinHalves(re: number[], im: number[], h: number, tw: number[]): void {
  for (let k = 0; k < h; k++) {
    const wr = tw[2 * k];
    const wi = tw[2 * k + 1];
    const xr = re[k + h];
    const xi = im[k + h];
    const br = xr * wr - xi * wi;
    const bi = xr * wi + xi * wr;
    const ar = re[k];
    const ai = im[k];
    re[k] = ar + br;
    im[k] = ai + bi;
    re[k + h] = ar - br;
    im[k + h] = ai - bi;
  }
}

/** The m-point transform Z of the windowed frame at `s` into the plan's `re`/`im`, natural order. */
function transform(pl: Plan, x: ArrayLike<number>, s: number, w: ArrayLike<number>): void {
  const { m, h, re, im, twiddles } = pl;
  firstStage(pl, x, s, w, 0);
  if (h < m) firstStage(pl, x, s, w, 1);
  for (let i = 0; i < twiddles.length; i++) laterStage(re, im, m, 16 << (2 * i), twiddles[i]);
  if (h < m) joinHalves(re, im, h, pl.join);
}

/**
 * The spectrum X (bins 0..m) from the plan's Z: with `power` 0 as interleaved complex values into
 * `out[o + 2k]`, `out[o + 2k + 1]`; otherwise `|X[k]| ** power` into `out[o + k]` (the squares of
 * those values, raised as `powerOf` does). Z[0] pairs with itself as X[0] and X[m], Z[m/2] is
 * its own partner; these two are taken out of the loop over the other pairs.
 */
function separate(pl: Plan, out: Float64Array | Float32Array, o: number, power: number): void {
  const { m, re, im, sepRe, sepIm } = pl;
  const mid = m >> 1;
  // E = Re Z[0], O = Im Z[0]: X[0] = E + O, X[m] = E - O
  put(out, o, power, 0, re[0] + im[0], 0, m, re[0] - im[0], 0);
  // X[m/2] = conj Z[m/2]
  if (mid > 0) put(out, o, power, mid, re[mid], -im[mid], mid, re[mid], -im[mid]);
  for (let k = 1, j = m - 1; k < mid; k++, j--) {
    const ar = re[k];
    const ai = im[k];
    const br = re[j];
    const bi = -im[j];
    const er = 0.5 * (ar + br);
    const ei = 0.5 * (ai + bi);
    const or = 0.5 * (ai - bi);
    const oi = -0.5 * (ar - br);
    const tr = sepRe[k] * or - sepIm[k] * oi;
    const ti = sepRe[k] * oi + sepIm[k] * or;
    put(out, o, power, k, er + tr, ei + ti, j, er - tr, ti - ei);
  }
}

/** Writes bins k = (pr, pi) and j = (qr, qi) as {@link separate} does for `power`. */
function put(out: Float64Array | Float32Array, o: number, power: number, k: number, pr: number, pi: number, j: number, qr: number, qi: number): void {
  if (power === 0) {
    out[o + 2 * k] = pr;
    out[o + 2 * k + 1] = pi;
    out[o + 2 * j] = qr;
    out[o + 2 * j + 1] = qi;
  } else {
    out[o + k] = powerOf(pr * pr + pi * pi, power);
    out[o + j] = powerOf(qr * qr + qi * qi, power);
  }
}

/** True when some `signal[start + t] * window[t]` (t < n) is non-zero. */
function sounds(signal: ArrayLike<number>, start: number, window: ArrayLike<number>, n: number): boolean {
  // a sounding frame stops this scan at its first non-zero value (mostly the first or second)
  let t = 0;
  while (t < n && signal[start + t] * window[t] === 0) t++;
  return t < n;
}

/**
 * A plan for the real FFT of frames of n samples, n a power of two >= 2 (see the module comment):
 * float64 throughout, twiddles from `Math.cos`/`Math.sin` of exactly reduced angles, scratch owned
 * by the plan (calls are synchronous and never re-enter).
 *
 * @throws MirkitError `BAD_OPTION` when n is not a power of two >= 2.
 */
export function createRadix4RealTransform(n: number): Radix4RealTransform {
  if (!Number.isInteger(n) || n < 2 || (n & (n - 1)) !== 0)
    throw new MirkitError('BAD_OPTION', `radix-4 real transform size must be a power of two >= 2, got ${n}`);
  const pl = makePlan(n);
  let ones: number[] | undefined; // `forward`'s unit window, made on first use
  const bins = pl.m + 1;
  return {
    size: n,
    forward(frame, out) {
      ones ??= doubleArray(n).fill(1);
      transform(pl, frame, 0, ones);
      separate(pl, out, 0, 0);
    },
    forwardWindowed(signal, start, window, out) {
      transform(pl, signal, start, window);
      separate(pl, out, 0, 0);
      return sounds(signal, start, window, n);
    },
    powerWindowed(signal, start, window, power, out, offset) {
      transform(pl, signal, start, window);
      separate(pl, out, offset, power);
      return sounds(signal, start, window, n);
    },
    powerFrames(signal, start, hop, nFrames, window, power, out, outOffset) {
      checkFrames(n, signal.length, start, hop, nFrames, window.length);
      checkFrameOutput(out.length, outOffset, nFrames * bins);
      for (let t = 0; t < nFrames; t++) {
        transform(pl, signal, start + t * hop, window);
        separate(pl, out, outOffset + t * bins, power);
      }
    },
  };
}
