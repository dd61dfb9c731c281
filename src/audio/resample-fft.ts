/**
 * FFT stages of the resampler: overlap-save convolution with a sharp filter (two real blocks per
 * complex FFT, with spectrum folding for power-of-two decimation), and the PFFFT-wasm 2:1 stage.
 */
import { FftJsClass, type FftJsInstance } from '../dsp/fft-js-class.js';
import { createRealFft } from '../dsp/fft.js';
import { wasmDecimate2 } from '../dsp/heap-kernels.js';
import { cached, type Kernel, kernelAt } from './resample-kernel.js';
import { dot, type Out, type Samples, type Seg, window64 } from './resample-segment.js';

const FFT = FftJsClass;

interface FftPlan {
  N: number;
  P: number;
  fft: FftJsInstance;
  /** Real spectrum of the circularly centred kernel (zero phase). */
  H: Float64Array;
}

/**
 * The first `count` bins of the spectrum of the kernel placed circularly around index 0 in an
 * `fft.size`-point frame (real and even because the kernel is symmetric), in float64.
 */
function circularSpectrum(kernel: Kernel, fft: FftJsInstance, count: number): Float64Array {
  const n = fft.size;
  const P = (kernel.nTaps - 1) / 2;
  const buf = new Float64Array(2 * n);
  buf[0] = kernelAt(kernel, 0);
  for (let t = 1; t <= P; t++) {
    const v = kernelAt(kernel, t);
    buf[2 * t] = v;
    buf[2 * (n - t)] = v;
  }
  const spec = new Float64Array(2 * n);
  fft.transform(spec, buf);
  const H = new Float64Array(count);
  for (let k = 0; k < count; k++) H[k] = spec[2 * k];
  return H;
}

function fftPlan(kernel: Kernel): FftPlan {
  return cached(
    `fft:${kernel.key}`,
    () => {
      const P = (kernel.nTaps - 1) / 2;
      let N = 1024;
      while (N < 16 * P) N *= 2;
      const fft = new FFT(N);
      return { N, P, fft, H: circularSpectrum(kernel, fft, N) };
    },
    (p) => p.N * 8,
  );
}

/** Block length of the 2:1 decimator on the wasm backend (a real FFT of this size, an inverse of half). */
export const WASM_BLOCK = 8192;

/**
 * Real spectrum (bins 0..n/2) of the kernel placed circularly around index 0 at FFT size n
 * (real and even because the kernel is symmetric), computed in float64.
 */
function kernelSpectrum(kernel: Kernel, n: number): Float64Array {
  return cached(
    `spec:${kernel.key}:${n}`,
    () => {
      return circularSpectrum(kernel, new FFT(n), n / 2 + 1);
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

/**
 * Integer-step filtering: `out[n] = gain * sum_t h(t) s[j0 + n*M - t]` for n < count (s = the
 * segment's signal). FFT overlap-save, two real blocks per complex FFT; short jobs go direct.
 */
export function filterStep(seg: Seg, kernel: Kernel, j0: number, M: number, count: number, gain: number, out: Out, wasm = false): void {
  if (count <= 0) return;
  const P = (kernel.nTaps - 1) / 2;
  const jLast = j0 + (count - 1) * M;
  if (count * kernel.nTaps <= 1 << 18) {
    const h = cached(
      `taps:${kernel.key}`,
      () => Float64Array.from({ length: 2 * P + 1 }, (_, i) => kernelAt(kernel, P - i)),
      (t) => t.length,
    );
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
  const ifft = cached(
    `ifft:${Nm}`,
    () => new FFT(Nm),
    () => Nm,
  );
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
        const h0 = H[k],
          h1 = H[kk];
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
  // the whole loop below in wasm memory where the kernel runs (the same samples)
  if (wasmDecimate2(x, j0 - Pm - offset, N, V, ab, i0, per, count, out, 'wasm')) return;
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
    const a = ab[j],
      b = ab[j + 1];
    const xr = X[j],
      xi = X[j + 1],
      zr = X[j2],
      zi = X[j2 + 1];
    Yd[j] = a * xr + b * zr;
    Yd[j + 1] = a * xi - b * zi;
  }
}
