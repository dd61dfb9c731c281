/**
 * The time-averaged autocorrelation tempogram that tempo estimation reads
 * (`librosa.feature.tempogram` averaged over frames): directly for short windows, and by an exact
 * FFT sweep over all frames for long ones.
 */
import { createJsRealFft, type FftOption, type RealFft } from '../dsp/fft.js';
import { getWindow } from '../dsp/windows.js';
import { autocorrelationPlan, padCentered } from './tempogram.js';
import { BoundedCache } from '../util/cache.js';
import { meanSweepKernel } from '../dsp/tempo-kernels.js';
import { F64_TINY } from '../util/numeric.js';

/**
 * The time-average of the max-normalised autocorrelation tempogram (centred, hann), i.e.
 * `np.mean(tempogram(...), axis=-1)`. A frame's autocorrelation peaks at lag 0 (its energy), so the
 * mean is the inverse transform of the sum over frames of each frame's power spectrum divided by
 * its energy: one inverse transform in all. Frames with zero energy are skipped (librosa leaves
 * their column at zero).
 *
 * The power spectra (zero-padded to N = 2 winLength, enough for every lag) come from a sliding
 * DFT in float64 rather than one FFT per frame: with hop 1 each bin of the rectangular-window
 * spectrum `R[k]` (of samples 1..L-1 of the frame; the hann window is 0 at sample 0) updates in
 * O(1), `R[k] <- e^{2 pi i k / N} (R[k] + (-1)^k x_in) - x_out`, and since N = 2 winLength the
 * periodic hann window is exactly the 3-tap combination `X[k] = R[k] / 2 - (R[k - 2] + R[k + 2]) / 4`
 * (conjugate symmetry past both ends). Even and odd bins never mix, so each parity is swept on its
 * own contiguous array, update and power in one pass. Rounding residue cannot linger: the state
 * restarts from exact zeros whenever the window holds only zeros, and from an exact DFT of the
 * frame when the frame's energy falls far below the recent window energy (see `RESYNC_RATIO`).
 * Same numbers on every FFT backend (no FFT is used), within ~1e-13 of a float64 direct
 * autocorrelation. Exported for tests. @internal
 */
export function meanTempogram(env: Float32Array | Float64Array, winLength: number, fft: FftOption = 'auto'): Float64Array {
  const L = winLength;
  if (L < 3) return meanTempogramFft(env, L, fft);
  const n = env.length;
  const padded = padCentered(env, L, L); // L extra zeros: the sweep reads one window ahead
  const win = getWindow('hann', L);
  const inv = frameInverseEnergies(padded, win, n);
  const N = 2 * L;
  const M0 = (L >> 1) + 1; // even bins 0, 2, .., <= L
  const M1 = (L + 1) >> 1; // odd bins 1, 3, .., <= L
  // per parity: the spectrum (re/im interleaved, one guard bin at each end), twiddles, sums
  const T0 = twiddles(M0, 0, N);
  const T1 = twiddles(M1, 1, N);
  // on the wasm path the state and sums live in wasm memory and each step runs in the kernel (same operations)
  const kernel = meanSweepKernel(T0, T1, fft);
  try {
    const S0 = kernel ? kernel.S0 : new Float64Array(2 * (M0 + 2));
    const S1 = kernel ? kernel.S1 : new Float64Array(2 * (M1 + 2));
    const A0 = kernel ? kernel.A0 : new Float64Array(M0);
    const A1 = kernel ? kernel.A1 : new Float64Array(M1);
    const sweep = (q: 0 | 1, d: number, out: number, w: number): void => {
      if (kernel) kernel.sweep(q, L, d, out, w);
      else if (q === 0) sweepParity(S0, T0, M0, 0, L, d, out, w, A0);
      else sweepParity(S1, T1, M1, 1, L, d, out, w, A1);
    };
    return sweepAll(padded, inv, n, L, N, S0, S1, A0, A1, M0, M1, sweep);
  } finally {
    kernel?.release();
  }
}

/** The sweep of {@link meanTempogram} over all frames, its summed spectrum turned into lags. */
function sweepAll(
  padded: Float64Array,
  inv: Float64Array,
  n: number,
  L: number,
  N: number,
  S0: Float64Array,
  S1: Float64Array,
  A0: Float64Array,
  A1: Float64Array,
  M0: number,
  M1: number,
  sweep: (q: 0 | 1, d: number, out: number, w: number) => void,
): Float64Array {
  let nonZero = 0; // non-zero samples in the window
  let zero = true; // the state is exactly zero
  // Rounding residue of past windows stays in the state at ~1e-16 of their magnitude; a frame
  // whose hann energy is far below that (a few small values at a window edge after loud ones)
  // would feel it, so such a frame restarts the state from an exact DFT first.
  let rect = 0; // sum of squares in the rectangular window (sliding; a gauge only)
  let peak = 0; // largest `rect` since the state was last exact
  let plan: ExactPlan | null = null;
  // the state of frame s holds padded[s + 1, s + L) (the hann window is 0 at j = 0, so sample s
  // never counts: leaving it out spares the hann combination a cancellation). The sweep starts at
  // frame 0, loaded by an exact FFT, rather than sliding in from zeros: L warm-up steps of O(L)
  // each would dominate when the window is much longer than the envelope (high rates, small hops).
  for (let j = 0; j < L - 1; j++) {
    const v = padded[j];
    if (v !== 0) nonZero++;
    rect += v * v;
  }
  peak = rect;
  let built = false; // the state has been loaded since it was last reset to zeros
  for (let s = -1; s < n; s++) {
    const out = s + 1 >= 0 ? padded[s + 1] : 0;
    const inc = padded[s + L];
    if (out !== 0) nonZero--;
    if (inc !== 0) nonZero++;
    if (nonZero === 0) {
      if (!zero) {
        S0.fill(0);
        S1.fill(0);
        zero = true;
      }
      built = true; // exact zeros: the sweep may slide on from here
      rect = 0;
      peak = 0;
      continue;
    }
    zero = false;
    rect += inc * inc - out * out;
    if (rect > peak) peak = rect;
    const t = s + 1; // the frame held after this step
    const w = t >= 0 && t < n ? inv[t] : 0;
    if (!built || (w > 0 && w * peak > RESYNC_RATIO)) {
      built = true;
      // load frame t exactly, one bin rotation back, and let the sweep rotate it into place
      plan ??= exactPlan(N);
      exactWindowSpectrum(padded, t, L, plan, S0, S1);
      peak = rect;
      sweep(0, 0, 0, w);
      sweep(1, 0, 0, w);
    } else {
      sweep(0, inc, out, w);
      sweep(1, -inc, out, w);
    }
  }
  // the sweeps summed |2 X|^2: scale by 1/4 (exact)
  const acc = new Float64Array(L + 1);
  for (let m = 0; m < M0; m++) acc[2 * m] = 0.25 * A0[m];
  for (let m = 0; m < M1; m++) acc[2 * m + 1] = 0.25 * A1[m];
  return evenSpectrumToLags(acc, L, N, 1 / n);
}

/** Windows up to this many lags turn their summed spectrum into lags by a direct cosine sum (above: an FFT). */
const DIRECT_LAGS_MAX = 4096;

/** A frame whose energy is below `1 / RESYNC_RATIO` of the recent window energy resynchronises the sliding DFT. */
const RESYNC_RATIO = 1e8;

/** A float64 real FFT of size N with its scratch, for {@link exactWindowSpectrum}. */
interface ExactPlan {
  fft: RealFft;
  buf: Float64Array;
  re: Float64Array;
  im: Float64Array;
}

const jsPlans = new BoundedCache<number, RealFft>(8);
/** A float64 js-backend FFT plan of size N (cached: Bluestein plans cost more to set up than to run). */
function jsPlan(N: number): RealFft {
  return jsPlans.get(N, () => createJsRealFft(N));
}

/** The float64 (js, whatever the call's `fft`) plan of size N for resynchronisation. */
function exactPlan(N: number): ExactPlan {
  return { fft: jsPlan(N), buf: new Float64Array(N), re: new Float64Array((N >> 1) + 1), im: new Float64Array((N >> 1) + 1) };
}

/**
 * Frame t's spectrum `R[k] = sum_{j=1}^{L-1} x[t + j] e^{-2 pi i j k / N}` (N = 2L) rotated back
 * by one bin step (`e^{-2 pi i k / N}`, phases j + 1), as the state of {@link meanTempogram}
 * before a sweep with no incoming or outgoing sample (bin q + 2m at `S_q[2 (m + 1)]`): the
 * float64 FFT of the frame placed at offsets 2..L of an N-point buffer, so a resynchronisation
 * costs one FFT (O(N log N)) however often degenerate input asks for it. Frame t >= 0 lies
 * inside `padded`.
 */
function exactWindowSpectrum(padded: Float64Array, t: number, L: number, plan: ExactPlan, S0: Float64Array, S1: Float64Array): void {
  const { fft, buf, re, im } = plan;
  buf.fill(0);
  for (let i = 2; i <= L; i++) buf[i] = padded[t + i - 1];
  fft.forward(buf, re, im);
  for (let k = 0; k <= L; k++) {
    const S = k & 1 ? S1 : S0;
    const i = 2 * (k >> 1) + 2;
    S[i] = re[k];
    S[i + 1] = im[k];
  }
}

/** `1 / energy` of each hann-windowed frame `padded[t, t + L) * win` (0 for a frame of zeros). */
function frameInverseEnergies(padded: Float64Array, win: Float64Array, n: number): Float64Array {
  const L = win.length;
  const inv = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    // four partial sums: independent dependency chains
    // biome-ignore format: accumulators, one line
    let e0 = 0, e1 = 0, e2 = 0, e3 = 0;
    let j = 0;
    for (; j + 3 < L; j += 4) {
      const v0 = padded[t + j] * win[j];
      const v1 = padded[t + j + 1] * win[j + 1];
      const v2 = padded[t + j + 2] * win[j + 2];
      const v3 = padded[t + j + 3] * win[j + 3];
      e0 += v0 * v0;
      e1 += v1 * v1;
      e2 += v2 * v2;
      e3 += v3 * v3;
    }
    for (; j < L; j++) {
      const v = padded[t + j] * win[j];
      e0 += v * v;
    }
    const e = e0 + e1 + (e2 + e3);
    inv[t] = e >= F64_TINY ? 1 / e : 0;
  }
  return inv;
}

/** `e^{2 pi i k / N}` for the bins k = q, q + 2, .. (M of them), re/im interleaved. */
function twiddles(M: number, q: number, N: number): Float64Array {
  const T = new Float64Array(2 * M);
  for (let m = 0; m < M; m++) {
    const a = (2 * Math.PI * (q + 2 * m)) / N;
    T[2 * m] = Math.cos(a);
    T[2 * m + 1] = Math.sin(a);
  }
  return T;
}

/**
 * The sliding-DFT update of the bins at `S[2 .. end)` (re/im interleaved): each becomes
 * `(S + d) T - out`, with the twiddles `T` from their start.
 */
function rotateBins(S: Float64Array, T: Float64Array, end: number, d: number, out: number): void {
  for (let i = 2, j = 0; i < end; i += 2, j += 2) {
    const a = S[i] + d,
      b = S[i + 1];
    const c = T[j],
      s = T[j + 1];
    S[i] = a * c - b * s - out;
    S[i + 1] = a * s + b * c;
  }
}

/**
 * One step of the sliding DFT on the bins of one parity q (`S[2 (m + 1)]` = bin q + 2m): each bin
 * becomes `(R + d) e^{2 pi i k / N} - out` (`d` = (-1)^k times the incoming sample); when `weight` > 0, also adds `weight |2 X|^2` of the hann
 * spectrum `2 X[m] = R[m] - (R[m - 1] + R[m + 1]) / 2` to `A[m]`, in the same pass (the
 * neighbours ride in locals). Needs M >= 2.
 */
function sweepParity(S: Float64Array, T: Float64Array, M: number, q: number, L: number, d: number, out: number, weight: number, A: Float64Array): void {
  const end = 2 * M + 2;
  if (weight === 0) {
    rotateBins(S, T, end, d, out);
    return;
  }
  rotateBins(S, T, 6, d, out);
  // low guard: bin q - 2 = conj(bin 2 - q)
  const lo = 2 * (1 - q) + 2;
  S[0] = S[lo];
  S[1] = -S[lo + 1];
  let pr = S[2],
    pi = S[3],
    cr = S[4],
    ci = S[5];
  {
    const xr = pr - 0.5 * (S[0] + cr);
    const xi = pi - 0.5 * (S[1] + ci);
    A[0] += (xr * xr + xi * xi) * weight;
  }
  let i = 6;
  for (let m = 2, j = 4; m < M; m++, i += 2, j += 2) {
    const a = S[i] + d,
      b = S[i + 1];
    const c = T[j],
      s = T[j + 1];
    const nr = a * c - b * s - out;
    const ni = a * s + b * c;
    S[i] = nr;
    S[i + 1] = ni;
    const xr = cr - 0.5 * (pr + nr);
    const xi = ci - 0.5 * (pi + ni);
    A[m - 1] += (xr * xr + xi * xi) * weight;
    pr = cr;
    pi = ci;
    cr = nr;
    ci = ni;
  }
  // high guard: bin q + 2M (L + 1 or L + 2) = conj(bin N - q - 2M)
  const hi = 2 * (L - q - M) + 2;
  const gr = S[hi],
    gi = -S[hi + 1];
  const xr = cr - 0.5 * (pr + gr);
  const xi = ci - 0.5 * (pi + gi);
  A[M - 1] += (xr * xr + xi * xi) * weight;
}

/**
 * Lags 0..L-1 of the inverse DFT (size N) of the real even spectrum `acc[0..N/2]`, times `scale`:
 * `(acc[0] + (-1)^l acc[N/2] + 2 sum_k acc[k] cos(2 pi k l / N)) / N`, in float64.
 */
function evenSpectrumToLags(acc: Float64Array, L: number, N: number, scale: number): Float64Array {
  const half = N >> 1;
  if (L > DIRECT_LAGS_MAX) {
    // long windows (high rates, small hops): one float64 FFT of the even spectrum, not O(L^2)
    const full = new Float64Array(N);
    for (let k = 0; k <= half; k++) full[k] = acc[k];
    for (let k = half + 1; k < N; k++) full[k] = acc[N - k];
    const re = new Float64Array(half + 1);
    const im = new Float64Array(half + 1);
    jsPlan(N).forward(full, re, im);
    const out = new Float64Array(L);
    for (let l = 0; l < L; l++) out[l] = (re[l] / N) * scale;
    return out;
  }
  const cos = new Float64Array(N);
  for (let i = 0; i < N; i++) cos[i] = Math.cos((2 * Math.PI * i) / N);
  const out = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    // biome-ignore format: accumulators, one line
    let s0 = 0, s1 = 0, idx = 0, k = 1;
    for (; k + 1 < half; k += 2) {
      idx += l;
      if (idx >= N) idx -= N;
      s0 += acc[k] * cos[idx];
      idx += l;
      if (idx >= N) idx -= N;
      s1 += acc[k + 1] * cos[idx];
    }
    for (; k < half; k++) {
      idx += l;
      if (idx >= N) idx -= N;
      s0 += acc[k] * cos[idx];
    }
    out[l] = ((acc[0] + (l & 1 ? -acc[half] : acc[half]) + 2 * (s0 + s1)) / N) * scale;
  }
  return out;
}

/** {@link meanTempogram} through one FFT per frame (tiny windows, where the sliding DFT has too few bins). */
function meanTempogramFft(env: Float32Array | Float64Array, winLength: number, fftOption: FftOption): Float64Array {
  const n = env.length;
  const win = getWindow('hann', winLength);
  const padded = padCentered(env, winLength, 0);
  const { N, fft, buf, re, im } = autocorrelationPlan(winLength, fftOption);
  const half = N >> 1;
  const acc = new Float64Array(N);
  for (let t = 0; t < n; t++) {
    let energy = 0;
    for (let j = 0; j < winLength; j++) {
      const v = padded[t + j] * win[j];
      buf[j] = v;
      energy += v * v;
    }
    if (!(energy >= F64_TINY)) continue; // an all-zero frame: librosa leaves zeros
    fft.forward(buf, re, im);
    const inv = 1 / energy;
    for (let k = 0; k <= half; k++) acc[k] += (re[k] * re[k] + im[k] * im[k]) * inv;
  }
  for (let k = half + 1; k < N; k++) acc[k] = acc[N - k];
  // the summed spectrum is real and even: its inverse transform is its forward transform / N
  fft.forward(acc, re, im);
  const tg = new Float64Array(winLength);
  for (let l = 0; l < winLength; l++) tg[l] = re[l] / N / n;
  return tg;
}
