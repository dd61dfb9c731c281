/**
 * The autocorrelations of {@link yin}'s frames (lags 0 .. maxPeriod), by one FFT pair per frame or,
 * when the frame is whole hops and every lag shorter than a hop, by transforms of hop-long blocks
 * shared by overlapping frames.
 * @internal
 */
import { FftJsClass } from '../dsp/fft-js-class.js';
import { createRealFft, resolveFft, splitRealPair, type FftOption } from '../dsp/fft.js';

/**
 * @internal The autocorrelation of frame t, whose N samples start at `sig[s]`; frames must come in
 * ascending order (the block strategies reuse the transforms of earlier frames' blocks), and the
 * returned array is reused by the next call.
 */
export type FrameAutocorrelation = (t: number, sig: ArrayLike<number>, s: number) => Float64Array;

/**
 * @internal The autocorrelation of N-sample frames every `hop` samples, lags 0 .. `maxPeriod`, by
 * the fastest strategy for the FFT implementation `fft`. `whole` is the whole signal when it is
 * known in advance: only then may fft.js transform two blocks at a time (the second one past the
 * frame). Every strategy gives the same values up to float rounding; for the same arguments
 * (`whole` aside) the same strategy, hence the same values.
 */
export function yinAutocorrelation(N: number, hop: number, maxPeriod: number, fft: FftOption | undefined, whole?: ArrayLike<number>): FrameAutocorrelation {
  const blocks = N % hop === 0 && maxPeriod < hop;
  if (!blocks) return frameAutocorrelation(N, fft);
  // the js backend transforms two real blocks per complex FFT and inverts two frames per complex FFT
  // (its pairing of frames t and t + 1 needs K = N / hop >= 2 blocks a frame)
  if (resolveFft(fft) === 'js') return whole && N >= 2 * hop ? blockAutocorrelationJs(whole, N, hop, maxPeriod) : frameAutocorrelation(N, fft);
  return blockAutocorrelation(N, hop, fft);
}

/**
 * Autocorrelation (lags 0 .. at least maxPeriod) of the N-sample frame starting at `sig[s]`, one
 * FFT pair per frame: the frame zero-padded to a power of two >= 2N - 1, its power spectrum, the
 * inverse transform.
 */
function frameAutocorrelation(N: number, fft?: FftOption): FrameAutocorrelation {
  let M = 1;
  while (M < 2 * N - 1) M *= 2;
  const plan = createRealFft(M, fft);
  const bins = (M >> 1) + 1;
  const frame = new Float64Array(M);
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  const acf = new Float64Array(M);
  return (_t, sig, s) => {
    for (let i = 0; i < N; i++) frame[i] = sig[s + i];
    plan.forward(frame, re, im);
    for (let k = 0; k < bins; k++) {
      re[k] = re[k] * re[k] + im[k] * im[k];
      im[k] = 0;
    }
    plan.inverse(re, im, acf);
    return acf;
  };
}

/**
 * The same autocorrelations when the frame is `K = N / hop` whole hops and every lag is shorter
 * than a hop: the frame's lag-k products split over its hop-long blocks b, each pairing with
 * itself and the next block, `r(k) = sum_{b<K-1} (A_b x (A_b + A_{b+1})) + A_{K-1} x A_{K-1}` with
 * `x` the cross-correlation. In the frequency domain (size M >= 2 hop, block b+1 shifted by hop =
 * a factor (-1)^j when M = 2 hop) that is a sum of spectra: one M-point FFT per block (each block
 * serves K frames) and one inverse per frame, instead of a (2N)-point pair per frame.
 */
function blockAutocorrelation(N: number, hop: number, fft?: FftOption): FrameAutocorrelation {
  const K = N / hop;
  let M = 1;
  while (M < 2 * hop) M *= 2;
  const plan = createRealFft(M, fft);
  const bins = (M >> 1) + 1;
  // per block b (ring of K): Q_b = |A_b|^2 and, once block b+1 is known, P_b = conj(A_b) (A_b + shifted A_{b+1})
  const ringQ = Array.from({ length: K + 1 }, () => new Float64Array(bins));
  const ringPr = Array.from({ length: K + 1 }, () => new Float64Array(bins));
  const ringPi = Array.from({ length: K + 1 }, () => new Float64Array(bins));
  // phase of a shift by hop samples: e^{-2 pi i j hop / M}
  const { shRe, shIm } = shiftPhases(bins, hop, M);
  const block = new Float64Array(M);
  const aRe = [new Float64Array(bins), new Float64Array(bins)];
  const aIm = [new Float64Array(bins), new Float64Array(bins)];
  const sRe = new Float64Array(bins);
  const sIm = new Float64Array(bins);
  const acf = new Float64Array(M);
  let next = 0; // next block index to transform
  /** Block b, whose first sample is `sig[s]`. */
  const transform = (b: number, sig: ArrayLike<number>, s: number): void => {
    for (let i = 0; i < hop; i++) block[i] = sig[s + i];
    const cr = aRe[b & 1];
    const ci = aIm[b & 1];
    plan.forward(block, cr, ci);
    const q = ringQ[b % (K + 1)];
    for (let j = 0; j < bins; j++) q[j] = cr[j] * cr[j] + ci[j] * ci[j];
    if (b > 0) {
      const pr = aRe[(b - 1) & 1];
      const pi = aIm[(b - 1) & 1];
      const Pr = ringPr[(b - 1) % (K + 1)];
      const Pi = ringPi[(b - 1) % (K + 1)];
      const Q = ringQ[(b - 1) % (K + 1)];
      for (let j = 0; j < bins; j++) {
        const nr = cr[j] * shRe[j] - ci[j] * shIm[j];
        const ni = cr[j] * shIm[j] + ci[j] * shRe[j];
        const ar = pr[j];
        const ai = pi[j];
        Pr[j] = Q[j] + ar * nr + ai * ni;
        Pi[j] = ar * ni - ai * nr;
      }
    }
  };
  return (t, sig, s) => {
    // block b of frame t starts at s + (b - t) hop (within the frame: b < t + K)
    for (; next < t + K; next++) transform(next, sig, s + (next - t) * hop);
    sRe.set(ringQ[(t + K - 1) % (K + 1)]);
    sIm.fill(0);
    for (let b = t; b < t + K - 1; b++) {
      const Pr = ringPr[b % (K + 1)];
      const Pi = ringPi[b % (K + 1)];
      for (let j = 0; j < bins; j++) {
        sRe[j] += Pr[j];
        sIm[j] += Pi[j];
      }
    }
    plan.inverse(sRe, sIm, acf);
    return acf;
  };
}

const FFT = FftJsClass;

/**
 * {@link blockAutocorrelation} on fft.js with half the transforms: blocks b and b+1 share one
 * complex FFT (real and imaginary parts, separated by Hermitian symmetry), and frames t and t+1
 * one complex inverse (`S_t + i S_{t+1}`: both autocorrelations are real); lags up to `maxLag` are returned.
 */
function blockAutocorrelationJs(sig: ArrayLike<number>, N: number, hop: number, maxLag: number): FrameAutocorrelation {
  const K = N / hop;
  let M = 1;
  while (M < 2 * hop) M *= 2;
  const plan = new FFT(M);
  const bins = (M >> 1) + 1;
  const len = sig.length;
  const R = K + 2; // ring slots: blocks t .. t + K (+1 for the pair transform)
  const specRe = Array.from({ length: R }, () => new Float64Array(bins));
  const specIm = Array.from({ length: R }, () => new Float64Array(bins));
  const ringQ = Array.from({ length: R }, () => new Float64Array(bins));
  const ringPr = Array.from({ length: R }, () => new Float64Array(bins));
  const ringPi = Array.from({ length: R }, () => new Float64Array(bins));
  const { shRe, shIm } = shiftPhases(bins, hop, M);
  const buf = new Float64Array(2 * M);
  const out = new Float64Array(2 * M);
  const acf = [new Float64Array(M), new Float64Array(M)];
  let transformed = 0; // blocks < transformed have spectra (and Q)
  let withP = 0; // blocks < withP have P
  let ready = -2; // frames ready: ready and ready + 1
  const transformPair = (b: number): void => {
    buf.fill(0);
    for (let part = 0; part < 2; part++) {
      const s = (b + part) * hop;
      for (let i = 0; i < hop; i++) {
        const j = s + i;
        buf[2 * i + part] = j < len ? sig[j] : 0;
      }
    }
    plan.transform(out, buf);
    splitRealPair(out, M, 0, bins, specRe[b % R], specIm[b % R], specRe[(b + 1) % R], specIm[(b + 1) % R]);
    for (let q = b; q < b + 2; q++) {
      const cr = specRe[q % R];
      const ci = specIm[q % R];
      const Q = ringQ[q % R];
      for (let j = 0; j < bins; j++) Q[j] = cr[j] * cr[j] + ci[j] * ci[j];
    }
  };
  const makeP = (b: number): void => {
    const ar = specRe[b % R];
    const ai = specIm[b % R];
    const cr = specRe[(b + 1) % R];
    const ci = specIm[(b + 1) % R];
    const Q = ringQ[b % R];
    const Pr = ringPr[b % R];
    const Pi = ringPi[b % R];
    for (let j = 0; j < bins; j++) {
      const nr = cr[j] * shRe[j] - ci[j] * shIm[j];
      const ni = cr[j] * shIm[j] + ci[j] * shRe[j];
      Pr[j] = Q[j] + ar[j] * nr + ai[j] * ni;
      Pi[j] = ar[j] * ni - ai[j] * nr;
    }
  };
  const cRe = new Float64Array(bins);
  const cIm = new Float64Array(bins);
  return (t) => {
    if (t !== ready && t !== ready + 1) {
      // frames t and t + 1 need blocks up to t + K, and P of blocks up to t + K - 1
      while (transformed < t + K + 1) {
        transformPair(transformed);
        transformed += 2;
      }
      while (withP < t + K) makeP(withP++);
      // S_t = P_t + C + Q_{t+K-1}, S_{t+1} = C + P_{t+K-1} + Q_{t+K}, C = sum of the shared P_{t+1 .. t+K-2}
      cRe.fill(0);
      cIm.fill(0);
      for (let b = t + 1; b < t + K - 1; b++) {
        const Pr = ringPr[b % R];
        const Pi = ringPi[b % R];
        for (let j = 0; j < bins; j++) {
          cRe[j] += Pr[j];
          cIm[j] += Pi[j];
        }
      }
      const p0r = ringPr[t % R];
      const p0i = ringPi[t % R];
      const p1r = ringPr[(t + K - 1) % R];
      const p1i = ringPi[(t + K - 1) % R];
      const q0 = ringQ[(t + K - 1) % R];
      const q1 = ringQ[(t + K) % R];
      // Z = S_t + i S_{t+1}, each Hermitian-completed (imaginary parts at 0 and M/2 are 0)
      const half = M >> 1;
      for (let k = 0; k <= half; k++) {
        const aR = p0r[k] + cRe[k] + q0[k];
        const bR = cRe[k] + p1r[k] + q1[k];
        const edge = k === 0 || k === half;
        const aI = edge ? 0 : p0i[k] + cIm[k];
        const bI = edge ? 0 : cIm[k] + p1i[k];
        buf[2 * k] = aR - bI;
        buf[2 * k + 1] = aI + bR;
        if (!edge) {
          const m = 2 * (M - k);
          buf[m] = aR + bI;
          buf[m + 1] = -aI + bR;
        }
      }
      plan.inverseTransform(out, buf);
      const [x, y] = acf;
      for (let i = 0; i <= maxLag; i++) {
        x[i] = out[2 * i];
        y[i] = out[2 * i + 1];
      }
      ready = t;
    }
    return acf[t - ready];
  };
}

/** The phases `e^{-2 pi i j hop / M}` (j < bins) of a shift by `hop` samples in an M-point DFT. */
function shiftPhases(bins: number, hop: number, M: number): { shRe: Float64Array; shIm: Float64Array } {
  const shRe = new Float64Array(bins);
  const shIm = new Float64Array(bins);
  for (let j = 0; j < bins; j++) {
    const ph = (-2 * Math.PI * ((j * hop) % M)) / M;
    shRe[j] = Math.cos(ph);
    shIm[j] = Math.sin(ph);
  }
  return { shRe, shIm };
}
