/**
 * One octave of the constant-Q transform: the octave's centred frames of the (decimated) signal
 * projected on its sparse kernel, by one of three frame engines: fft.js two real frames per
 * complex FFT, the call's batch FFT (PFFFT-wasm), or a sliding DFT on the kernel's bins.
 */
import { createRealFft, splitRealPair, type FftOption } from '../dsp/fft.js';
import type { FftJsInstance as FftJs } from '../dsp/fft-js-class.js';
import type { PadMode } from '../dsp/stft.js';
import { padSignalUnchecked } from '../dsp/padding.js';
import type { CqtKernel } from './cqt-kernel.js';
import { wasmCqtFrames } from '../dsp/heap-kernels.js';

/** Octaves with a hop up to this many samples update their spectra by a sliding DFT (js backend). */
export const SLIDE_MAX_HOP = 32;
/**
 * On the wasm backend a PFFFT per frame (about 3 us for 1024 points, copies included) is cheaper
 * than the sliding DFT from hop 16 up (measured on the 252-bin, 36-per-octave CQT): the sliding
 * DFT is kept for hops up to this.
 */
export const SLIDE_MAX_HOP_WASM = 8;
/** Frames between exact FFTs in the sliding DFT (bounds the accumulated rounding error). */
const SLIDE_RESYNC = 128;

/**
 * A {@link CqtKernel} in the layout of the projection loop: the contiguous bin range
 * `binLo .. binLo + nb` the kernel reads, and each row as one contiguous run of bins (gaps left by
 * the sparsification are zero coefficients, which add exact zeros) with its coefficients
 * interleaved `(re, im)`.
 */
export interface DenseKernel {
  /** First FFT bin read by any row. */
  binLo: number;
  /** Number of bins from `binLo` to the last bin read, inclusive. */
  nb: number;
  /** First bin of each row, relative to `binLo`. */
  rowFirst: Int32Array;
  /** Number of bins of each row. */
  rowLen: Int32Array;
  /** Offset of each row's coefficients in `coef` (in floats: 2 per bin). */
  rowOff: Int32Array;
  /** Interleaved (re, im) coefficients of all rows. */
  coef: Float64Array;
}

const denseCache = new WeakMap<CqtKernel, DenseKernel>();
/** The dense-row form of a kernel (cached per kernel object; kernels are immutable). */
export function denseKernel(k: CqtKernel): DenseKernel {
  const hit = denseCache.get(k);
  if (hit) return hit;
  const n = k.nFilters;
  let binLo = Infinity;
  let binHi = -1;
  for (let q = 0; q < k.bins.length; q++) {
    binLo = Math.min(binLo, k.bins[q]);
    binHi = Math.max(binHi, k.bins[q]);
  }
  if (binHi < 0) binLo = binHi = 0;
  const rowFirst = new Int32Array(n);
  const rowLen = new Int32Array(n);
  const rowOff = new Int32Array(n);
  let total = 0;
  for (let j = 0; j < n; j++) {
    const q0 = k.rowStart[j];
    const q1 = k.rowStart[j + 1];
    if (q1 > q0) {
      // bins of a row are ascending (they are collected in bin order)
      rowFirst[j] = k.bins[q0] - binLo;
      rowLen[j] = k.bins[q1 - 1] - k.bins[q0] + 1;
    }
    rowOff[j] = 2 * total;
    total += rowLen[j];
  }
  const coef = new Float64Array(2 * total);
  for (let j = 0; j < n; j++) {
    for (let q = k.rowStart[j]; q < k.rowStart[j + 1]; q++) {
      const o = rowOff[j] + 2 * (k.bins[q] - binLo - rowFirst[j]);
      coef[o] = k.re[q];
      coef[o + 1] = k.im[q];
    }
  }
  const dk: DenseKernel = { binLo, nb: binHi - binLo + 1, rowFirst, rowLen, rowOff, coef };
  denseCache.set(k, dk);
  return dk;
}

/**
 * The kernel rows times one frame's spectrum: `resp[2j], resp[2j+1]` = row j's complex response.
 * The spectrum's bin `binLo + i` is `(sRe[sOff + i], sIm[sOff + i])`.
 */
function projectFrame(dk: DenseKernel, sRe: Float64Array, sIm: Float64Array, sOff: number, resp: Float64Array): void {
  const { rowFirst, rowLen, rowOff, coef } = dk;
  const n = rowFirst.length;
  for (let j = 0; j < n; j++) {
    let ar = 0;
    let ai = 0;
    let c = rowOff[j];
    const b0 = sOff + rowFirst[j];
    const b1 = b0 + rowLen[j];
    for (let b = b0; b < b1; b++, c += 2) {
      const dr = sRe[b];
      const di = sIm[b];
      const br = coef[c];
      const bi = coef[c + 1];
      ar += br * dr - bi * di;
      ai += br * di + bi * dr;
    }
    resp[2 * j] = ar;
    resp[2 * j + 1] = ai;
  }
}

/** Output sink of the CQT engine: complex planes, or magnitudes only. */
export interface CqtSink {
  re?: Float32Array;
  im?: Float32Array;
  mag?: Float32Array;
}

/** Writes one frame's scaled responses of `nOct` rows (from `row0`) into column `t` of the sink. */
function storeFrame(sink: CqtSink, cols: number, row0: number, t: number, resp: Float64Array, scales: Float64Array): void {
  const n = scales.length;
  const mag = sink.mag;
  if (mag) {
    for (let j = 0, o = row0 * cols + t; j < n; j++, o += cols) {
      const ar = resp[2 * j];
      const ai = resp[2 * j + 1];
      mag[o] = Math.sqrt(ar * ar + ai * ai) * scales[j];
    }
  } else {
    const re = sink.re!;
    const im = sink.im!;
    for (let j = 0, o = row0 * cols + t; j < n; j++, o += cols) {
      re[o] = resp[2 * j] * scales[j];
      im[o] = resp[2 * j + 1] * scales[j];
    }
  }
}

/** Writes `src[start .. start + n)` (zeros outside `src`) into the real (part 0) or imaginary (part 1) lane of `dst`. */
function fillFrame(dst: Float64Array, part: number, src: Float32Array | Float64Array, start: number, n: number): void {
  const len = src.length;
  if (start >= 0 && start + n <= len) {
    for (let i = 0; i < n; i++) dst[2 * i + part] = src[start + i];
    return;
  }
  for (let i = 0; i < n; i++) {
    const j = start + i;
    dst[2 * i + part] = j >= 0 && j < len ? src[j] : 0;
  }
}

/** Zero-padded (or reflect/edge-padded) copy of `y` as Float64, `half` samples each side. */
export function padForFrames(y: Float32Array | Float64Array, half: number, mode: PadMode): Float64Array {
  if (mode !== 'constant') return Float64Array.from(padSignalUnchecked(y, half, half, mode)); // y: checked by the caller
  const out = new Float64Array(y.length + 2 * half);
  out.set(y, half);
  return out;
}

/** Everything one octave's pass needs. */
export interface OctaveJob {
  /** The octave's signal: padded (offset 0) or, with constant padding, the signal itself (offset -nFft/2). */
  src: Float32Array | Float64Array;
  offset: number;
  hop: number;
  nFft: number;
  nFrames: number;
  dk: DenseKernel;
  sink: CqtSink;
  cols: number;
  row0: number;
  scales: Float64Array;
  /** FFT implementation of the call. */
  fft: FftOption;
}

/** Frames of one octave through fft.js: two real frames per complex FFT, only the kernel's bins unpacked. */
export function octaveJsFft(job: OctaveJob, fft: FftJs, buf: Float64Array, out: Float64Array): void {
  const { src, offset, hop, nFft, nFrames, dk, sink, cols, row0, scales } = job;
  const { binLo, nb } = dk;
  const aRe = new Float64Array(nb);
  const aIm = new Float64Array(nb);
  const bRe = new Float64Array(nb);
  const bIm = new Float64Array(nb);
  const resp = new Float64Array(2 * scales.length);
  for (let t = 0; t < nFrames; t += 2) {
    const two = t + 1 < nFrames;
    const sa = t * hop + offset;
    fillFrame(buf, 0, src, sa, nFft);
    if (two) fillFrame(buf, 1, src, sa + hop, nFft);
    else for (let n = 0; n < nFft; n++) buf[2 * n + 1] = 0;
    fft.transform(out, buf);
    splitRealPair(out, nFft, binLo, nb, aRe, aIm, bRe, bIm);
    projectFrame(dk, aRe, aIm, 0, resp);
    storeFrame(sink, cols, row0, t, resp, scales);
    if (two) {
      projectFrame(dk, bRe, bIm, 0, resp);
      storeFrame(sink, cols, row0, t + 1, resp, scales);
    }
  }
}

/**
 * Frames of one octave through the active backend's FFT plan (PFFFT-wasm), rectangular window:
 * each frame is a float32 view of the zero-padded signal, which the plan copies natively.
 */
export function octaveBatchFft(job: OctaveJob, padded: Float32Array): void {
  const { hop, nFft, nFrames, dk, sink, cols, row0, scales } = job;
  const resp = new Float64Array(2 * scales.length);
  const fft = createRealFft(nFft, job.fft);
  const binLo = dk.binLo;
  if (fft.forwardPacked && binLo >= 1 && binLo + dk.nb <= nFft >> 1) {
    // the whole octave in wasm where the kernel runs (the same sums)
    if (wasmCqtFrames(nFft, hop, nFrames, padded, dk, (t, r) => storeFrame(sink, cols, row0, t, r, scales), job.fft)) return;
    // the kernel reads no real-only bin (0, n/2): only its band of PFFFT's packed output
    // ([X0, X(n/2), re1, im1, ...]: bin b at 2b, 2b + 1) is unpacked
    const packed = new Float32Array(nFft);
    const { nb } = dk;
    const re = new Float64Array(nb);
    const im = new Float64Array(nb);
    for (let t = 0, s = 0; t < nFrames; t++, s += hop) {
      fft.forwardPacked(padded.subarray(s, s + nFft), packed);
      for (let i = 0, b = 2 * binLo; i < nb; i++, b += 2) {
        re[i] = packed[b];
        im[i] = packed[b + 1];
      }
      projectFrame(dk, re, im, 0, resp);
      storeFrame(sink, cols, row0, t, resp, scales);
    }
    return;
  }
  const bins = (nFft >> 1) + 1;
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  for (let t = 0, s = 0; t < nFrames; t++, s += hop) {
    fft.forward(padded.subarray(s, s + nFft), re, im);
    projectFrame(dk, re, im, binLo, resp);
    storeFrame(sink, cols, row0, t, resp, scales);
  }
}

/**
 * Frames of one octave by a sliding DFT on the kernel's bins (rectangular window):
 * `X_{t+1}[k] = e^{2 pi i k h / N} (X_t[k] + sum_{m<h} (x[s+N+m] - x[s+m]) e^{-2 pi i k m / N})`,
 * re-synchronised with an exact FFT every {@link SLIDE_RESYNC} frames.
 */
export function octaveSliding(job: OctaveJob): void {
  const { src, offset, hop: h, nFft, nFrames, dk, sink, cols, row0, scales } = job;
  const { binLo, nb } = dk;
  // twiddles e^{-2 pi i k m / N}, interleaved per bin; rotations e^{2 pi i k h / N}
  const tw = new Float64Array(2 * nb * h);
  const rot = new Float64Array(2 * nb);
  for (let i = 0; i < nb; i++) {
    const k = binLo + i;
    for (let m = 0; m < h; m++) {
      const ph = (-2 * Math.PI * ((k * m) % nFft)) / nFft;
      tw[2 * (i * h + m)] = Math.cos(ph);
      tw[2 * (i * h + m) + 1] = Math.sin(ph);
    }
    const ph = (2 * Math.PI * ((k * h) % nFft)) / nFft;
    rot[2 * i] = Math.cos(ph);
    rot[2 * i + 1] = Math.sin(ph);
  }
  const exact = createRealFft(nFft, job.fft);
  const frame = new Float64Array(nFft);
  const fRe = new Float64Array((nFft >> 1) + 1);
  const fIm = new Float64Array((nFft >> 1) + 1);
  const aRe = new Float64Array(nb);
  const aIm = new Float64Array(nb);
  const diff = new Float64Array(h);
  const resp = new Float64Array(2 * scales.length);
  const len = src.length;
  for (let t = 0; t < nFrames; t++) {
    if (t % SLIDE_RESYNC === 0) {
      const s = t * h + offset;
      for (let i = 0; i < nFft; i++) {
        const j = s + i;
        frame[i] = j >= 0 && j < len ? src[j] : 0;
      }
      exact.forward(frame, fRe, fIm);
      for (let i = 0; i < nb; i++) {
        aRe[i] = fRe[binLo + i];
        aIm[i] = fIm[binLo + i];
      }
    } else {
      const s0 = (t - 1) * h + offset;
      if (s0 >= 0 && s0 + nFft + h <= len) {
        for (let m = 0; m < h; m++) diff[m] = src[s0 + nFft + m] - src[s0 + m];
      } else {
        for (let m = 0; m < h; m++) {
          const jNew = s0 + nFft + m;
          const jOld = s0 + m;
          diff[m] = (jNew >= 0 && jNew < len ? src[jNew] : 0) - (jOld >= 0 && jOld < len ? src[jOld] : 0);
        }
      }
      for (let i = 0, c = 0; i < nb; i++) {
        // two partial sums per component (even and odd m) halve the dependency chains
        let xr = aRe[i];
        let xi = aIm[i];
        let yr = 0;
        let yi = 0;
        let m = 0;
        for (; m + 1 < h; m += 2, c += 4) {
          const d0 = diff[m];
          const d1 = diff[m + 1];
          xr += d0 * tw[c];
          xi += d0 * tw[c + 1];
          yr += d1 * tw[c + 2];
          yi += d1 * tw[c + 3];
        }
        if (m < h) {
          const d = diff[m];
          xr += d * tw[c];
          xi += d * tw[c + 1];
          c += 2;
        }
        xr += yr;
        xi += yi;
        const cr = rot[2 * i];
        const ci = rot[2 * i + 1];
        aRe[i] = xr * cr - xi * ci;
        aIm[i] = xr * ci + xi * cr;
      }
    }
    projectFrame(dk, aRe, aIm, 0, resp);
    storeFrame(sink, cols, row0, t, resp, scales);
  }
}
