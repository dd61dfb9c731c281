/**
 * Band-limited resampling with zero-phase Kaiser-windowed sinc filters, designed to the
 * specification of libsoxr's HQ/VHQ presets (what librosa 0.11 uses by default).
 *
 * - integer decimation (44100 -> 22050, 22050 -> 11025, ...): one sharp filter by FFT
 *   overlap-save convolution (two real blocks per complex FFT; for power-of-two steps the
 *   spectrum is folded so that only the kept samples are inverse-transformed); on the
 *   PFFFT-wasm backend the 2:1 stage of float32 signals uses a real FFT per block and a real
 *   inverse of half the size;
 * - other rational downsampling (48000 -> 22050, 22050 -> 16000): a short polyphase filter to
 *   twice the target rate, then the sharp 2:1 FFT stage;
 * - rational upsampling: the sharp filter as an FFT 1:2 interpolator, then a short polyphase
 *   filter to the target rate;
 * - any other ratio: one stage with the kernel tabulated finely and linearly interpolated.
 */
import FFTJS from 'fft.js';
import { MirkitError } from '../errors.js';
import { checkSampleRate, checkSignal } from '../validate.js';
import { createRealFft, pffftSupports, resolveFft, type FftOption } from '../dsp/fft.js';
import { readOptions } from '../options.js';

/** Resampling quality, named after librosa's `res_type` values. */
export type ResampleType = 'soxr_hq' | 'soxr_vhq';

/** Options of {@link resample}. */
export interface ResampleOptions {
  /**
   * Filter quality, librosa's `res_type`. `'soxr_hq'` (default, librosa's default): passband to
   * 0.914 of the lower Nyquist, stopband from the lower Nyquist, 126 dB rejection.
   * `'soxr_vhq'`: passband to 0.911, 175 dB rejection, about 40 % longer filter.
   */
  resType?: ResampleType;
  /**
   * librosa's `fix` (default `true`): the output has exactly `ceil(len * toSr / fromSr)` samples
   * (soxr yields `round(len * toSr / fromSr)`; librosa pads its last sample with a zero when the
   * two differ, and so does this). With `false` the raw `round(...)` length is returned.
   */
  fix?: boolean;
  /**
   * librosa's `scale` (default `false`): divide the output by `sqrt(toSr / fromSr)` so that the
   * total energy is kept (librosa's CQT uses this for its octave decimation).
   */
  scale?: boolean;
  /**
   * FFT implementation for this call: `'auto'` (default) runs the 2:1 stage of a Float32Array
   * signal in PFFFT-wasm (float32 FFTs) where it runs; `'js'` keeps the float64 fft.js path.
   */
  fft?: FftOption;
}

interface QualitySpec {
  /** End of the passband as a fraction of the lower Nyquist frequency. */
  passbandEnd: number;
  /** Stopband attenuation in dB. */
  att: number;
}

// libsoxr's documented presets: HQ is 20-bit precision, VHQ 28-bit; rejection is
// (bits + 1) * 20 log10(2) dB, the stopband starts at the lower Nyquist and the passband
// ends where the -3 dB point of that rejection lands at 95 % of the Nyquist (values below
// evaluated once from soxr's quality description).
const QUALITY: Record<ResampleType, QualitySpec> = {
  soxr_hq: { passbandEnd: 0.9137436532733066, att: 21 * 20 * Math.log10(2) },
  soxr_vhq: { passbandEnd: 0.9113283198951663, att: 29 * 20 * Math.log10(2) },
};

/** Modified Bessel function of the first kind, order 0 (power series). */
function besselI0(x: number): number {
  const q = (x * x) / 4;
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/**
 * A zero-phase low-pass kernel on a continuous time axis measured in input samples:
 * `h(t) = sin(pi fc t) / (pi t) * I0(beta sqrt(1 - (t/T)^2)) / I0(beta)` for `|t| < T`.
 */
interface Kernel {
  /** Cut-off (-6 dB point) as a fraction of the input Nyquist frequency. */
  fc: number;
  /** Kaiser window shape parameter. */
  beta: number;
  /** Half-width T of the window in input samples. */
  half: number;
  /** Number of taps the kernel spans on the integer grid (odd). */
  nTaps: number;
  /** 1 / I0(beta). */
  norm: number;
  /** Identifies the design in table caches. */
  key: string;
}

/**
 * Kaiser design (Kaiser 1974): the order follows from the attenuation and the transition width,
 * beta from the attenuation. `fp` (end of the passband) and `fs` (start of the stopband) are
 * fractions of the input Nyquist frequency (they may exceed 1 for an interpolating kernel).
 */
function designKernel(fp: number, fs: number, att: number): Kernel {
  const tr = 0.5 * (fs - fp); // from the -6 dB point to either band edge
  const fc = fs - tr;
  const beta = att > 50 ? 0.1102 * (att - 8.7) : att > 21 ? 0.5842 * Math.pow(att - 21, 0.4) + 0.07886 * (att - 21) : 0;
  let n = Math.ceil((att - 7.95) / (2.285 * 2 * Math.PI * tr) + 1);
  n = Math.max(5, Math.ceil((n - 1) / 4) * 4 + 1); // odd, symmetric about its centre tap
  return { fc, beta, half: n / 2, nTaps: n, norm: 1 / besselI0(beta), key: `${fp}:${fs}:${att}` };
}

/** The anti-aliasing/anti-imaging filter of the spec for a conversion by `r = min(1, toSr/fromSr)`. */
const mainKernel = (spec: QualitySpec, r: number): Kernel => designKernel(spec.passbandEnd * r, r, spec.att);

function kernelAt(k: Kernel, t: number): number {
  const a = Math.abs(t);
  if (a >= k.half) return 0;
  const y = t / k.half;
  const w = besselI0(k.beta * Math.sqrt(1 - y * y)) * k.norm;
  if (a < 1e-12) return k.fc * w;
  const x = Math.PI * t;
  return (Math.sin(k.fc * x) / x) * w;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** `{ L, M }` with `toSr / fromSr = L / M` in lowest terms, or null for an irrational-looking ratio. */
function rationalRatio(fromSr: number, toSr: number): { L: number; M: number } | null {
  for (let scale = 1; scale <= 1e6; scale *= 10) {
    const a = fromSr * scale;
    const b = toSr * scale;
    const ai = Math.round(a);
    const bi = Math.round(b);
    if (Math.abs(a - ai) < 1e-9 * Math.max(1, a) && Math.abs(b - bi) < 1e-9 * Math.max(1, b) && ai > 0 && bi > 0) {
      if (ai > 2 ** 40 || bi > 2 ** 40) return null;
      const g = gcd(ai, bi);
      return { L: bi / g, M: ai / g };
    }
  }
  return null;
}

type Out = Float32Array | Float64Array;

/**
 * A signal segment: `x[i]` is sample `i + offset` of a signal that is zero outside the segment.
 */
interface Seg {
  x: Samples;
  offset: number;
}

/** Sample arrays the FFT stages read (integers only on the wasm 2:1 path, see {@link resampleInts}). */
type Samples = Float32Array | Float64Array | Int16Array | Int32Array;

/** Small cache of filter tables and FFT plans (a few MB at most), keyed by design. */
const cache = new Map<string, unknown>();
function cached<T>(key: string, make: () => T, size: (t: T) => number): T {
  let t = cache.get(key) as T | undefined;
  if (t === undefined) {
    t = make();
    if (size(t) <= 1 << 20) {
      if (cache.size >= 12) cache.delete(cache.keys().next().value as string);
      cache.set(key, t);
    }
  }
  return t;
}

/** Copies the segment into a zero-padded Float64Array covering signal indices lo .. lo + n - 1. */
function window64(seg: Seg, lo: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const { x, offset } = seg;
  const i0 = Math.max(0, offset - lo);
  const i1 = Math.min(n, offset + x.length - lo);
  if (i1 > i0) out.set(x.subarray(lo + i0 - offset, lo + i1 - offset), i0); // native copy (and f32 -> f64)
  return out;
}

interface FftJsInstance {
  transform(out: Float64Array, data: Float64Array): void;
  inverseTransform(out: Float64Array, data: Float64Array): void;
}
const FFT = FFTJS as unknown as new (size: number) => FftJsInstance;

interface FftPlan {
  N: number;
  P: number;
  fft: FftJsInstance;
  /** Real spectrum of the circularly centred kernel (zero phase). */
  H: Float64Array;
}

function fftPlan(kernel: Kernel): FftPlan {
  return cached(
    `fft:${kernel.key}`,
    () => {
      const P = (kernel.nTaps - 1) / 2;
      let N = 1024;
      while (N < 16 * P) N *= 2;
      const fft = new FFT(N);
      // Kernel placed circularly around index 0: its spectrum is real and even.
      const buf = new Float64Array(2 * N);
      buf[0] = kernelAt(kernel, 0);
      for (let t = 1; t <= P; t++) {
        const v = kernelAt(kernel, t);
        buf[2 * t] = v;
        buf[2 * (N - t)] = v;
      }
      const spec = new Float64Array(2 * N);
      fft.transform(spec, buf);
      const H = new Float64Array(N);
      for (let k = 0; k < N; k++) H[k] = spec[2 * k];
      return { N, P, fft, H };
    },
    (p) => p.N * 8,
  );
}

/** Block length of the 2:1 decimator on the wasm backend (a real FFT of this size, an inverse of half). */
const WASM_BLOCK = 8192;

/**
 * Real spectrum (bins 0..n/2) of the kernel placed circularly around index 0 at FFT size n
 * (real and even because the kernel is symmetric), computed in float64.
 */
function kernelSpectrum(kernel: Kernel, n: number): Float64Array {
  return cached(
    `spec:${kernel.key}:${n}`,
    () => {
      const P = (kernel.nTaps - 1) / 2;
      const fft = new FFT(n);
      const buf = new Float64Array(2 * n);
      buf[0] = kernelAt(kernel, 0);
      for (let t = 1; t <= P; t++) {
        const v = kernelAt(kernel, t);
        buf[2 * t] = v;
        buf[2 * (n - t)] = v;
      }
      const spec = new Float64Array(2 * n);
      fft.transform(spec, buf);
      const H = new Float64Array(n / 2 + 1);
      for (let k = 0; k <= n / 2; k++) H[k] = spec[2 * k];
      return H;
    },
    (h) => h.length,
  );
}

/** dst[2i + part] = signal[from + i] for i < N (zero outside the segment). */
function loadStrided(dst: Float64Array, part: number, seg: Seg, from: number, N: number): void {
  const { x, offset } = seg;
  const i0 = Math.min(N, Math.max(0, offset - from));
  const i1 = Math.max(i0, Math.min(N, offset + x.length - from));
  if (i0 === 0 && i1 === N && (x instanceof Float32Array || x instanceof Float64Array)) {
    // interior block: one monomorphic copy loop per element type
    if (x instanceof Float32Array) copyStrided32(dst, part, x, from - offset, N);
    else copyStrided64(dst, part, x, from - offset, N);
    return;
  }
  for (let i = 0; i < i0; i++) dst[2 * i + part] = 0;
  for (let i = i0, k = from + i0 - offset; i < i1; i++, k++) dst[2 * i + part] = x[k];
  for (let i = i1; i < N; i++) dst[2 * i + part] = 0;
}

function copyStrided32(dst: Float64Array, part: number, x: Float32Array, k: number, N: number): void {
  for (let i = 0, j = part; i < N; i++, j += 2) dst[j] = x[k + i];
}

function copyStrided64(dst: Float64Array, part: number, x: Float64Array, k: number, N: number): void {
  for (let i = 0, j = part; i < N; i++, j += 2) dst[j] = x[k + i];
}

/** sum_{j<W} a[ia + j] * b[ib + j] with four independent accumulators. */
function dot(a: Float64Array, ia: number, b: Float64Array, ib: number, W: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let j = 0;
  for (; j + 3 < W; j += 4) {
    s0 += a[ia + j] * b[ib + j];
    s1 += a[ia + j + 1] * b[ib + j + 1];
    s2 += a[ia + j + 2] * b[ib + j + 2];
    s3 += a[ia + j + 3] * b[ib + j + 3];
  }
  for (; j < W; j++) s0 += a[ia + j] * b[ib + j];
  return s0 + s1 + (s2 + s3);
}

/**
 * Integer-step filtering: `out[n] = gain * sum_t h(t) s[j0 + n*M - t]` for n < count (s = the
 * segment's signal). FFT overlap-save, two real blocks per complex FFT; short jobs go direct.
 */
function filterStep(seg: Seg, kernel: Kernel, j0: number, M: number, count: number, gain: number, out: Out, wasm = false): void {
  if (count <= 0) return;
  const P = (kernel.nTaps - 1) / 2;
  const jLast = j0 + (count - 1) * M;
  if (count * kernel.nTaps <= 1 << 18) {
    const h = cached(`taps:${kernel.key}`, () => Float64Array.from({ length: 2 * P + 1 }, (_, i) => kernelAt(kernel, P - i)), (t) => t.length);
    const xp = window64(seg, j0 - P, jLast - j0 + 2 * P + 1);
    for (let n = 0; n < count; n++) out[n] = dot(h, 0, xp, n * M, 2 * P + 1) * gain;
    return;
  }
  if (M === 2 && wasm) {
    decimate2Wasm(seg, kernel, j0, count, gain, out);
    return;
  }
  const { N, fft, H } = fftPlan(kernel);
  if (M >= 2 && (M & (M - 1)) === 0 && N / M >= 256) {
    filterDecimateFolded(seg, kernel, j0, M, count, gain, out);
    return;
  }
  const V = N - 2 * P; // valid outputs per block
  const z = new Float64Array(2 * N);
  const Z = new Float64Array(2 * N);
  const r = new Float64Array(2 * N);
  for (let s = j0; s <= jLast; s += 2 * V) {
    const s2 = s + V;
    loadStrided(z, 0, seg, s - P, N);
    loadStrided(z, 1, seg, s2 - P, N);
    fft.transform(Z, z);
    for (let k = 0; k < N; k++) {
      const h = H[k];
      Z[2 * k] *= h;
      Z[2 * k + 1] *= h;
    }
    fft.inverseTransform(r, Z);
    // Signal index j = s + m is at r[2 * (P + m)] (block A); j = s2 + m at r[2 * (P + m) + 1] (block B).
    let n = Math.ceil((s - j0) / M);
    let j = j0 + n * M;
    const endA = Math.min(s + V, jLast + 1);
    for (; j < endA; j += M, n++) out[n] = r[2 * (P + j - s)] * gain;
    const endB = Math.min(s2 + V, jLast + 1);
    for (; j < endB; j += M, n++) out[n] = r[2 * (P + j - s2) + 1] * gain;
  }
}

/**
 * {@link filterStep} for a power-of-two step M: only every M-th output is needed, so the filtered
 * spectrum is folded to N/M bins and inverted with an N/M-point FFT (y[mM] = IFFT_{N/M}(sum_q
 * Y[k + qN/M])[m] / M), which saves most of the inverse transform.
 */
function filterDecimateFolded(seg: Seg, kernel: Kernel, j0: number, M: number, count: number, gain: number, out: Out): void {
  const { N, fft, H } = fftPlan(kernel);
  const Nm = N / M;
  const ifft = cached(`ifft:${Nm}`, () => new FFT(Nm), () => Nm);
  const P = (kernel.nTaps - 1) / 2;
  const Pm = Math.ceil(P / M) * M; // half-width padded to a multiple of M keeps blocks aligned
  const V = N - 2 * Pm; // a multiple of M
  const jLast = j0 + (count - 1) * M;
  const z = new Float64Array(2 * N);
  const Z = new Float64Array(2 * N);
  const F = new Float64Array(2 * Nm);
  const r = new Float64Array(2 * Nm);
  // The inverse runs as a forward FFT of the conjugate (no 1/n pass): A = Re r, B = -Im r.
  const g = gain / M / Nm;
  const i0 = Pm / M; // r index of the first valid output of a block
  const per = V / M; // valid outputs per block
  for (let s = j0; s <= jLast; s += 2 * V) {
    loadStrided(z, 0, seg, s - Pm, N);
    loadStrided(z, 1, seg, s + V - Pm, N);
    fft.transform(Z, z);
    if (M === 2) {
      for (let k = 0, kk = Nm; k < Nm; k++, kk++) {
        const h0 = H[k], h1 = H[kk];
        F[2 * k] = Z[2 * k] * h0 + Z[2 * kk] * h1;
        F[2 * k + 1] = -(Z[2 * k + 1] * h0 + Z[2 * kk + 1] * h1);
      }
    } else {
      F.fill(0);
      for (let q = 0; q < M; q++) {
        for (let k = 0, kk = q * Nm; k < Nm; k++, kk++) {
          const h = H[kk];
          F[2 * k] += Z[2 * kk] * h;
          F[2 * k + 1] -= Z[2 * kk + 1] * h;
        }
      }
    }
    ifft.transform(r, F);
    // Output n = (s - j0) / M + m (block A) is r[2 (i0 + m)]; block B follows with -r[2 (i0 + m) + 1].
    const nA = (s - j0) / M;
    const cA = Math.min(per, count - nA);
    for (let m = 0, i = 2 * i0; m < cA; m++, i += 2) out[nA + m] = r[i] * g;
    const nB = nA + per;
    const cB = Math.min(per, count - nB);
    for (let m = 0, i = 2 * i0 + 1; m < cB; m++, i += 2) out[nB + m] = -r[i] * g;
  }
}

/**
 * {@link filterStep} for M = 2 on PFFFT-wasm (float32 FFTs, like every spectral stage on
 * `fft: 'auto'`/`'wasm'`): a real FFT of each block of N input samples, the filtered spectrum
 * folded to the N/2 + 1 bins of the decimated block, and a real inverse of N/2 points, both
 * through the plans' raw packed transforms (native copies only; the inverse's 1/(N/2) is folded
 * into the kernel gain, a power of two, so the values equal scaling after the inverse).
 */
function decimate2Wasm(seg: Seg, kernel: Kernel, j0: number, count: number, gain: number, out: Out): void {
  const N = WASM_BLOCK;
  const fwd = createRealFft(N, 'wasm');
  const inv = createRealFft(N / 2, 'wasm');
  if (!fwd.forwardPacked || !inv.inversePacked) return filterDecimateFolded(seg, kernel, j0, 2, count, gain, out);
  const H = kernelSpectrum(kernel, N);
  const P = (kernel.nTaps - 1) / 2;
  const Pm = P + (P & 1);
  const V = N - 2 * Pm;
  const half = N / 2;
  const quarter = N / 4;
  const X = new Float32Array(N); // packed: [X0, X(N/2), re1, im1, ...]
  const Yd = new Float32Array(half); // packed spectrum of the decimated block
  const yd = new Float32Array(half);
  const edge = seg.x instanceof Float64Array ? new Float64Array(N) : new Float32Array(N);
  // Y_d[k] = (Y[k] + conj Y[N/2 - k]) / 2 for k <= N/4, Y = H X (H real and even); times
  // 2/N for the unscaled inverse.
  const ab = foldGains(H, gain / N, quarter);
  const i0 = Pm / 2;
  const per = V / 2;
  const { x, offset } = seg;
  for (let n0 = 0; n0 < count; n0 += per) {
    const from = j0 + 2 * n0 - Pm - offset; // index in x of the block's first sample
    let block: Samples;
    if (from >= 0 && from + N <= x.length) block = x.subarray(from, from + N);
    else {
      edge.fill(0);
      const a = Math.max(0, -from);
      const b = Math.min(N, x.length - from);
      if (b > a) edge.set(x.subarray(from + a, from + b), a);
      block = edge;
    }
    fwd.forwardPacked(block, X);
    foldHalf(X, ab, quarter, Yd);
    inv.inversePacked(Yd, yd);
    const c = Math.min(per, count - n0);
    out.set(yd.subarray(i0, i0 + c), n0);
  }
}

/**
 * The gains of the 2:1 fold of {@link decimate2Wasm}, interleaved for one sequential read:
 * `ab[2k] = g H[k]`, `ab[2k + 1] = g H[N/2 - k]` for k = 0..N/4 (H: bins 0..N/2).
 */
function foldGains(H: Float64Array, g: number, quarter: number): Float64Array {
  const half = 2 * quarter;
  const ab = new Float64Array(2 * quarter + 2);
  for (let k = 0; k <= quarter; k++) {
    ab[2 * k] = H[k] * g;
    ab[2 * k + 1] = H[half - k] * g;
  }
  return ab;
}

/**
 * The 2:1 fold on packed spectra: from X (N floats, bins 0..N/2) into Yd (N/2 floats,
 * `[Yd0, Yd(N/4), re1, im1, ...]`), `Yd[k] = a_k X[k] + b_k conj X[N/2-k]` for k = 0..N/4 with the
 * gains `ab` of {@link foldGains}.
 */
function foldHalf(X: Float32Array, ab: Float64Array, quarter: number, Yd: Float32Array): void {
  Yd[0] = ab[0] * X[0] + ab[1] * X[1]; // DC and Nyquist of X are real
  Yd[1] = 2 * (ab[2 * quarter] * X[2 * quarter]); // bin N/4 meets itself: twice its real part
  for (let j = 2, j2 = 4 * quarter - 2; j < 2 * quarter; j += 2, j2 -= 2) {
    const a = ab[j], b = ab[j + 1];
    const xr = X[j], xi = X[j + 1], zr = X[j2], zi = X[j2 + 1];
    Yd[j] = a * xr + b * zr;
    Yd[j + 1] = a * xi - b * zi;
  }
}

/**
 * Polyphase resampling by L/M: `out[i] = gain * sum_k h(t_i - k) s[k]` with output time
 * `t_i = (i0 + i) * M / L` in input samples, for i < count.
 */
function polyphase(seg: Seg, L: number, M: number, kernel: Kernel, i0: number, count: number, gain: number, out: Out): void {
  if (count <= 0) return;
  const K = Math.ceil(kernel.half);
  const W = 2 * K; // taps per output: k = base-K+1 .. base+K
  const table = cached(
    `poly:${kernel.key}:${L}`,
    () => {
      const t = new Float64Array(L * W);
      for (let p = 0; p < L; p++) for (let j = 0; j < W; j++) t[p * W + j] = kernelAt(kernel, p / L + K - 1 - j);
      return t;
    },
    (t) => t.length,
  );
  const pos0 = i0 * M;
  let base = Math.floor(pos0 / L);
  let p = pos0 - base * L;
  const lastBase = Math.floor(((i0 + count - 1) * M) / L);
  const lo = base - K + 1;
  const xp = window64(seg, lo, lastBase + K - lo + 1);
  const mDiv = Math.floor(M / L);
  const mRem = M - mDiv * L;
  for (let i = 0; i < count; i++) {
    out[i] = dot(table, p * W, xp, base - K + 1 - lo, W) * gain;
    base += mDiv;
    p += mRem;
    if (p >= L) {
      p -= L;
      base++;
    }
  }
}

/** Any ratio: the kernel tabulated finely (2048 points per zero crossing) and linearly interpolated. */
function interpolated(seg: Seg, step: number, kernel: Kernel, count: number, gain: number, out: Out): void {
  const K = Math.ceil(kernel.half);
  const W = 2 * K;
  const S = Math.max(64, Math.ceil(2048 * kernel.fc)); // table points per input sample
  const tlen = Math.ceil(kernel.half * S) + 2;
  const table = cached(
    `interp:${kernel.key}`,
    () => Float64Array.from({ length: tlen }, (_, i) => kernelAt(kernel, i / S)),
    (t) => t.length,
  );
  const lo = -K;
  const xp = window64(seg, lo, Math.floor((count - 1) * step) + 2 * K + 2);
  for (let n = 0; n < count; n++) {
    const t = n * step;
    const base = Math.floor(t);
    const frac = t - base;
    const x0 = base - K + 1 - lo;
    let acc = 0;
    for (let j = 0; j < W; j++) {
      const d = Math.abs(frac + K - 1 - j) * S;
      const i = Math.floor(d);
      if (i >= tlen - 1) continue;
      acc += (table[i] + (table[i + 1] - table[i]) * (d - i)) * xp[x0 + j];
    }
    out[n] = acc * gain;
  }
}

/** A polyphase table of more than 2^22 coefficients (32 MiB) is not worth building. */
const tooManyPhases = (L: number, k: Kernel): boolean => L * 2 * Math.ceil(k.half) > 1 << 22;

/**
 * The conversion of the first `count` output samples (output n at input time n * fromSr / toSr).
 *
 * - integer decimation by M: one sharp filter, FFT convolution taking every M-th sample;
 * - other rational downsampling: a short polyphase filter to twice the target rate (it only has to
 *   keep 0 .. 0.457 toSr and reject what would fold below toSr/2), then the sharp 2:1 FFT stage;
 * - rational upsampling: the sharp filter as an FFT 1:2 interpolator (zero-stuffing), then a short
 *   polyphase filter from twice the source rate to the target;
 * - anything else: one interpolated-kernel stage.
 */
function convert(x: Samples, fromSr: number, toSr: number, spec: QualitySpec, count: number, gain: number, out: Out, wasm: boolean): void {
  const seg: Seg = { x, offset: 0 };
  const rat = rationalRatio(fromSr, toSr);
  const ratio = toSr / fromSr;
  if (!rat) {
    interpolated(seg, fromSr / toSr, mainKernel(spec, Math.min(1, ratio)), count, gain, out);
    return;
  }
  const { L, M } = rat;
  if (L === 1) {
    filterStep(seg, mainKernel(spec, 1 / M), 0, M, count, gain, out, wasm);
    return;
  }
  const sharp = mainKernel(spec, 0.5);
  if (M === 1 && L === 2) {
    const up = new Float64Array(2 * x.length);
    for (let i = 0; i < x.length; i++) up[2 * i] = x[i];
    filterStep({ x: up, offset: 0 }, sharp, 0, 1, count, 2 * gain, out);
    return;
  }
  const P = (sharp.nTaps - 1) / 2;
  if (ratio < 1) {
    // fromSr -> 2 toSr (= L2/M2 of fromSr), then 2:1.
    const g = gcd(2 * L, M);
    const L2 = (2 * L) / g, M2 = M / g;
    const loose = designKernel(spec.passbandEnd * ratio, 3 * ratio, spec.att);
    if (tooManyPhases(L2, loose)) return interpolated(seg, fromSr / toSr, mainKernel(spec, ratio), count, gain, out);
    const n2 = 2 * (count - 1) + 2 * P + 1;
    const mid = new Float64Array(n2);
    polyphase(seg, L2, M2, loose, -P, n2, 1, mid);
    filterStep({ x: mid, offset: -P }, sharp, 0, 2, count, gain, out, wasm);
    return;
  }
  // 1:2 to 2 fromSr, then 2 fromSr -> toSr (= L2/M2 of 2 fromSr).
  const g = gcd(L, 2 * M);
  const L2 = L / g, M2 = (2 * M) / g;
  const loose = designKernel(spec.passbandEnd * 0.5, 1.5, spec.att);
  if (tooManyPhases(L2, loose)) return interpolated(seg, fromSr / toSr, mainKernel(spec, 1), count, gain, out);
  const K2 = Math.ceil(loose.half);
  const lo = -K2;
  const hi = Math.floor(((count - 1) * M2) / L2) + K2 + 1;
  const up = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) up[2 * i] = x[i];
  const mid = new Float64Array(hi - lo + 1);
  filterStep({ x: up, offset: 0 }, sharp, lo, 1, mid.length, 2, mid);
  polyphase({ x: mid, offset: lo }, L2, M2, loose, 0, count, gain, out);
}

/**
 * Resamples a mono signal from `fromSr` to `toSr` Hz with a high-quality band-limited
 * (windowed-sinc) filter. Equivalent of `librosa.resample(y, orig_sr=fromSr, target_sr=toSr)`
 * with librosa 0.11's default `res_type='soxr_hq'`: the filter follows soxr's HQ
 * specification (passband flat to 0.914 of the lower Nyquist frequency, stopband from the
 * lower Nyquist with 126 dB rejection), is linear-phase and delay-compensated (output sample
 * `n` lies at input time `n * fromSr / toSr`, exactly as soxr's output), and the signal is
 * zero outside its ends. Against librosa's own output the difference is about -107 dB (SNR)
 * for 44100 -> 22050.
 *
 * Integer decimation (44100 -> 22050, 22050 -> 11025) runs by FFT convolution: for 30 s of
 * 44.1 kHz audio about 6 ms of CPU by default (`fft: 'auto'`), where the 2:1 stage of a
 * Float32Array signal runs in PFFFT-wasm (float32 FFTs, within ~2e-7 of the float64 result), and
 * about 20 ms with `fft: 'js'` (float64 fft.js; Float64Array signals always take the float64
 * path, so their output does not depend on `fft`). Other rational ratios add a short
 * polyphase stage (48000 -> 22050: about 60-90 ms); irrational-looking ratios (rates that are not
 * multiples of 10^-6 Hz) use one interpolated-kernel stage (slower, ~1 s per 30 s).
 *
 * @param y - mono signal (any sample values, must be finite and non-empty)
 * @param fromSr - sample rate of `y` in Hz (> 0)
 * @param toSr - target sample rate in Hz (> 0)
 * @param opts - {@link ResampleOptions}: `resType` ('soxr_hq'), `fix` (true), `scale` (false), `fft` ('auto')
 * @returns a new array of the input's element type (`Float64Array` stays `Float64Array`,
 *   anything else becomes `Float32Array`) of length `ceil(y.length * toSr / fromSr)`;
 *   when `fromSr === toSr` a copy of `y`
 * @throws MirkitError `BAD_SAMPLE_RATE` (a rate not a positive finite number, or a ratio outside
 *   1/256 .. 256), `EMPTY_INPUT`, `NON_FINITE`, `BAD_DATA` (not an array), `BAD_OPTION` (unknown
 *   `resType`), `TOO_SHORT` (`fix: false` and no output sample)
 *
 * @example
 * ```ts
 * const y22 = resample(y44, 44100, 22050); // y22.length === Math.ceil(y44.length / 2)
 * ```
 */
export function resample(y: Float64Array, fromSr: number, toSr: number, opts?: ResampleOptions): Float64Array;
export function resample(y: Float32Array | number[], fromSr: number, toSr: number, opts?: ResampleOptions): Float32Array;
export function resample(y: Float32Array | Float64Array | number[], fromSr: number, toSr: number, opts?: ResampleOptions): Float32Array | Float64Array;
export function resample(
  y: Float32Array | Float64Array | number[],
  fromSr: number,
  toSr: number,
  opts: ResampleOptions = {},
): Float32Array | Float64Array {
  opts = readOptions('resample', opts);
  return resampleSamples(checkSignal(y, 'y', false), 1, fromSr, toSr, opts);
}

/**
 * {@link resample} of integer samples standing for `x[i] * scale`, for `loadAudio`'s 16-bit WAV
 * path (`scale` 2^-15 for one channel as libsndfile reads it, 2^-16 for the sum of two channels,
 * which is their float32 mean exactly). The integers must have at most 24 significant bits and
 * `scale` must be a power of two: then the values equal `resample(Float32Array.from(x, (v) => v * scale), ...)`
 * bit for bit, and where the PFFFT-wasm 2:1 stage runs (44.1 -> 22.05 kHz unless `fft: 'js'`)
 * the integers go straight into the FFT (converted natively, the scale folded into the filter
 * gain), sparing the float32 copy of the whole signal. Other conversions build that copy and
 * proceed as {@link resample}. Throws as {@link resample}.
 */
export function resampleInts(x: Int16Array | Int32Array, scale: number, fromSr: number, toSr: number, opts: ResampleOptions = {}): Float32Array {
  if (x.length === 0) checkSignal(new Float32Array(0)); // EMPTY_INPUT, as resample
  return resampleSamples(x, scale, fromSr, toSr, opts) as Float32Array;
}

/** `x[i] * scale` as float32 (one monomorphic loop per integer type). */
function scaledFloat32(x: Int16Array | Int32Array, scale: number): Float32Array {
  return x instanceof Int16Array ? scaled16(x, scale) : scaled32(x, scale);
}

function scaled16(x: Int16Array, scale: number): Float32Array {
  const f = new Float32Array(x.length);
  for (let i = 0; i < f.length; i++) f[i] = x[i] * scale;
  return f;
}

function scaled32(x: Int32Array, scale: number): Float32Array {
  const f = new Float32Array(x.length);
  for (let i = 0; i < f.length; i++) f[i] = x[i] * scale;
  return f;
}

/** A positive finite rate (resample reads only the ratio of the two). Throws `BAD_SAMPLE_RATE`. */
function checkRate(sr: unknown, name: string): void {
  if (typeof sr !== 'number' || !Number.isFinite(sr) || sr <= 0) {
    throw new MirkitError('BAD_SAMPLE_RATE', `${name} must be a positive finite number of Hz, got ${String(sr)}`);
  }
}

/** {@link resample} of checked samples that stand for `x[i] * scale` (scale a power of two). */
function resampleSamples(x: Samples, scale: number, fromSr: number, toSr: number, opts: ResampleOptions): Float32Array | Float64Array {
  // only the ratio matters here (resample(y, 2, 1) halves the rate): positive and finite is enough
  checkRate(fromSr, 'fromSr');
  checkRate(toSr, 'toSr');
  const resType = opts.resType ?? 'soxr_hq';
  const spec = Object.prototype.hasOwnProperty.call(QUALITY, resType) ? QUALITY[resType] : undefined;
  if (!spec) {
    throw new MirkitError('BAD_OPTION', `resType must be 'soxr_hq' or 'soxr_vhq', got ${String(resType)}`, { option: 'resType' });
  }
  const fix = opts.fix ?? true;
  const isF64 = x instanceof Float64Array;
  const len = x.length;
  const ratio = toSr / fromSr;
  const gain = opts.scale ? 1 / Math.sqrt(ratio) : 1;

  if (fromSr === toSr) {
    const copy = isF64 ? new Float64Array(x) : new Float32Array(x);
    const g = gain * scale;
    if (g !== 1) for (let i = 0; i < copy.length; i++) copy[i] *= g;
    return copy;
  }

  const rat = rationalRatio(fromSr, toSr);
  // Output lengths, in librosa's and soxr's own float arithmetic: librosa pads/cuts to
  // ceil(len * (toSr / fromSr)); soxr emits floor(len / (fromSr / toSr) + 0.5) samples.
  let nOut = Math.ceil(len * ratio);
  let nValid = Math.floor(len / (fromSr / toSr) + 0.5);
  nValid = Math.min(nValid, nOut);
  if (!fix) nOut = nValid;
  if (!(ratio >= 1 / 256 && ratio <= 256) || nOut > 2 ** 30) {
    throw new MirkitError(
      'BAD_SAMPLE_RATE',
      `cannot resample from ${fromSr} Hz to ${toSr} Hz: the ratio must lie within 1/256 .. 256 and give at most 2^30 samples`,
      { fromSr, toSr },
    );
  }
  if (nOut < 1) {
    throw new MirkitError('TOO_SHORT', `${len} samples at ${fromSr} Hz give no sample at ${toSr} Hz; pass a longer signal or fix: true`, { fromSr, toSr });
  }
  const out: Out = isF64 ? new Float64Array(nOut) : new Float32Array(nOut);
  if (nValid <= 0) return out;

  // float32 signals take the PFFFT-wasm 2:1 stage unless `fft: 'js'` (float32 FFTs, as every
  // spectral stage then); float64 signals always keep the float64 fft.js path.
  const wasm = !isF64 && resolveFft(opts.fft) !== 'js' && pffftSupports(WASM_BLOCK);
  if ((x instanceof Int16Array || x instanceof Int32Array) && !(wasm && rat?.L === 1 && rat.M === 2)) {
    // integers only feed the PFFFT 2:1 stage directly; elsewhere the float32 signal, exactly scaled
    convert(scaledFloat32(x, scale), fromSr, toSr, spec, nValid, gain, out, wasm);
  } else convert(x, fromSr, toSr, spec, nValid, gain * scale, out, wasm);
  return out;
}
