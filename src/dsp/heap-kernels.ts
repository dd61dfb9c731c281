/**
 * mirkit's elementwise wasm kernels on PFFFT's memory (scripts/wasm/hann-power.wat) for arrays that
 * live in JavaScript: each call copies its input into the backend's scratch area in chunks, runs the
 * kernel there and copies the result out. Every kernel computes the same operations in the same
 * order as its JavaScript loop, so the two give the same values bit for bit; a function returns
 * `false` where `fft` resolves to `'js'` or the kernel is unavailable, and the caller runs its loop.
 */
import { pffftBackend, type PffftBackend } from './fft-wasm.js';
import { resolveFft, type FftOption } from './fft.js';

/** The shared PFFFT backend for a kernel call under `fft`: `null` for `'js'` or where PFFFT cannot run. */
function backendFor(fft: FftOption): PffftBackend | null {
  return resolveFft(fft) === 'js' ? null : pffftBackend();
}

/** Frames per call of the cepstra kernel (a multiple of 8). */
const CEPSTRA_FRAMES = 512;

/**
 * The folded type-2 DCT of frame-major float32 frames (`n` bands each, `T` frames) into the
 * bin-major `out` (`rows` x `T`): coefficient k of frame t = (the float64 sum in j order of
 * `F[k * len + j]` times the frame's folded bands, sums for even k, differences for odd k) times
 * `lift[k]`, as `cepstraKernel` in src/features/mel.ts computes it, each band first raised to
 * `floor` (a float32); `false` where the kernel is unavailable. @internal
 */
export function wasmCepstra(
  src: Float32Array,
  n: number,
  T: number,
  F: ArrayLike<number>,
  lift: ArrayLike<number>,
  out: Float32Array,
  fft: FftOption,
  floor = Number.NEGATIVE_INFINITY,
): boolean {
  const backend = backendFor(fft);
  const kernel = backend?.module._mirkit_cepstra;
  if (!backend || !kernel) return false;
  const rows = lift.length;
  const len = F.length / rows;
  const mod = backend.module;
  const fBytes = (8 * F.length + 15) & ~15;
  const liftBytes = (8 * rows + 15) & ~15;
  const foldBytes = 128 * len;
  // one area for the largest chunk (the first): the DCT rows and lifter copied in once
  const most = (Math.min(CEPSTRA_FRAMES, T) + 7) & ~7;
  const fPtr = backend.scratch((fBytes + liftBytes + foldBytes) / 4 + most * (n + rows));
  const liftPtr = fPtr + fBytes;
  const foldPtr = liftPtr + liftBytes;
  const srcPtr = foldPtr + foldBytes;
  const bytes = mod.HEAPU8.buffer; // nothing below allocates wasm memory: the views stay valid
  new Float64Array(bytes, fPtr, F.length).set(F);
  new Float64Array(bytes, liftPtr, rows).set(lift);
  const heap = mod.HEAPF32;
  for (let t0 = 0; t0 < T; t0 += CEPSTRA_FRAMES) {
    const count = Math.min(CEPSTRA_FRAMES, T - t0);
    const count8 = (count + 7) & ~7;
    const dstPtr = srcPtr + 4 * count8 * n;
    heap.set(src.subarray(t0 * n, (t0 + count) * n), srcPtr >> 2);
    heap.fill(0, (srcPtr >> 2) + count * n, (srcPtr >> 2) + count8 * n); // the frames past count: zeros
    kernel(srcPtr, n, count, fPtr, len, rows, liftPtr, foldPtr, dstPtr, 4 * count8, floor);
    for (let k = 0; k < rows; k++) {
      const o = (dstPtr >> 2) + k * count8;
      out.set(heap.subarray(o, o + count), k * T + t0);
    }
  }
  return true;
}

/** Frames per call of the flux kernel (a multiple of 4). */
const FLUX_FRAMES = 1024;

/**
 * The mean positive flux of a frame-major float32 log spectrogram `s` (`bands` per frame, `T`
 * frames), every value first raised to `floor` (a float32; `-Infinity` for none): for t <
 * T - lag, `out[outOffset + t]` = the float32 sum in band order of `max(0, max(s[t + lag][b],
 * floor) - max(s[t][b], floor))`, divided by `bands` in float32, as `meanPositiveDifferences` in
 * src/features/onset.ts computes it on the floored values; `false` where the kernel is
 * unavailable. @internal
 */
// biome-ignore format: one line
export function wasmFluxMean(s: Float32Array, bands: number, T: number, lag: number, floor: number, out: Float64Array, outOffset: number, fft: FftOption): boolean {
  const backend = backendFor(fft);
  const kernel = backend?.module._mirkit_flux_mean;
  if (!backend || !kernel) return false;
  const mod = backend.module;
  const nDiff = T - lag;
  for (let t0 = 0; t0 < nDiff; t0 += FLUX_FRAMES) {
    const count = Math.min(FLUX_FRAMES, nDiff - t0);
    const count4 = (count + 3) & ~3;
    // the frames t0 .. t0 + count + lag, room to count4 + lag frames, then count4 outputs
    const area = backend.scratch((count4 + lag) * bands + count4);
    const heap = mod.HEAPF32;
    const a = area >> 2;
    heap.set(s.subarray(t0 * bands, (t0 + count + lag) * bands), a);
    heap.fill(0, a + (count + lag) * bands, a + (count4 + lag) * bands);
    const dst = area + 4 * (count4 + lag) * bands;
    kernel(area, bands, count, 4 * lag * bands, floor, dst);
    const d = dst >> 2;
    for (let t = 0; t < count; t++) out[outOffset + t0 + t] = heap[d + t];
  }
  return true;
}

/** Words per call of the exponent scan (256 KB of scratch). */
const SCAN_WORDS = 1 << 16;

/**
 * Whether no word `w` of `words` (float32 bit patterns) has `(w & 0x7f800000) + add` reaching the
 * int32 sign bit, as `exponentsBelow32` in src/validate.ts decides it; `null` where the kernel is
 * unavailable. @internal
 */
export function wasmExponentsBelow(words: Int32Array, add: number): boolean | null {
  const backend = pffftBackend();
  const kernel = backend?.module._mirkit_exponents_below;
  if (!backend || !kernel) return null;
  const mod = backend.module;
  let acc = 0;
  for (let i0 = 0; i0 < words.length; i0 += SCAN_WORDS) {
    const count = Math.min(SCAN_WORDS, words.length - i0);
    const area = backend.scratch(count + 4);
    const heap = new Int32Array(mod.HEAPU8.buffer, area, count + 4);
    heap.set(words.subarray(i0, i0 + count));
    heap.fill(0, count); // zero words pass
    acc |= kernel(area, count, add);
  }
  return acc >= 0;
}

/** Frames per call of the twelve-row projection (an even number). */
const CHROMA_FRAMES = 256;

/**
 * The twelve-row projection of frame-major float32 frames (frame t's `bins` values at `S[t * ts ..]`)
 * with the bin-major float32 weights `w` (the twelve weights of bin k at `w[12 k ..]`): row c of
 * frame t = the float64 sum in bin order of `w[12 k + c] * S[t ts + k]`, rounded to float32, into
 * `out[c * outCols + t0 + t]`, as `project12` in src/features/chroma-filterbank.ts computes it;
 * `false` where the kernel is unavailable. @internal
 */
// biome-ignore format: the parameters of projectFrames, one line
export function wasmChroma12(w: Float32Array, S: Float32Array, bins: number, frames: number, ts: number, out: Float32Array, outCols: number, t0: number, fft: FftOption): boolean {
  const backend = backendFor(fft);
  const kernel = backend?.module._mirkit_chroma12;
  if (!backend || !kernel) return false;
  const mod = backend.module;
  const wBytes = (8 * w.length + 15) & ~15;
  // one area for the largest chunk (the first): the weights copied in once
  const most = (Math.min(CHROMA_FRAMES, frames) + 1) & ~1;
  const area = backend.scratch(wBytes / 4 + most * (bins + 12));
  const srcPtr = area + wBytes;
  new Float64Array(mod.HEAPU8.buffer, area, w.length).set(w);
  const heap = mod.HEAPF32; // nothing below allocates wasm memory: the view stays valid
  const s0 = srcPtr >> 2;
  for (let f0 = 0; f0 < frames; f0 += CHROMA_FRAMES) {
    const count = Math.min(CHROMA_FRAMES, frames - f0);
    const count2 = (count + 1) & ~1;
    const dstPtr = srcPtr + 4 * count2 * bins;
    if (ts === bins) heap.set(S.subarray(f0 * ts, f0 * ts + count * bins), s0);
    else for (let t = 0; t < count; t++) heap.set(S.subarray((f0 + t) * ts, (f0 + t) * ts + bins), s0 + t * bins);
    heap.fill(0, s0 + count * bins, s0 + count2 * bins); // an odd count's partner frame
    kernel(srcPtr, bins, count2, area, dstPtr);
    for (let c = 0; c < 12; c++) {
      const o = (dstPtr >> 2) + c * count2;
      out.set(heap.subarray(o, o + count), c * outCols + t0 + f0);
    }
  }
  return true;
}

/** Frames per call of the masked overlap-add. */
const OLA_FRAMES = 32;

/**
 * Adds, for every frame t < nFrames and each mask `masks[q]`, `irfft(X_t mask_t) * win` into
 * `ys[q][t hop ..]`: the frame-major float32 STFT `re`/`im` (`n/2 + 1` bins per frame) times the
 * frame-major float32 mask (float32 products), inverse-transformed by PFFFT (size n, a multiple of
 * 32 PFFFT handles) and scaled by `1/n` and the window (float64), as `inverseAdder` in
 * src/dsp/istft.ts adds it on the wasm plan: the same values; `false` where the kernel is
 * unavailable (nothing added). @internal
 */
export function wasmMaskedOverlapAdd(
  n: number,
  hop: number,
  win: ArrayLike<number>,
  nFrames: number,
  re: Float32Array,
  im: Float32Array,
  masks: Float32Array[],
  ys: Float64Array[],
  fft: FftOption,
): boolean {
  const backend = backendFor(fft);
  const kernel = backend?.module._mirkit_masked_overlap_add;
  if (!backend || !kernel || n % 32 !== 0 || !backend.supports(n)) return false;
  if (nFrames <= 0) return true; // nothing to add
  const mod = backend.module;
  const bins = (n >> 1) + 1;
  const { setup, inPtr, outPtr, workPtr } = backend.plan(n);
  // one area for the largest chunk (the first): the window (float64) copied in once, then the chunk's
  // accumulator (float64), re, im and one mask (float32)
  const most = Math.min(OLA_FRAMES, nFrames);
  const mostSpan = (most - 1) * hop + n;
  const winPtr = backend.scratch(2 * n + 2 * mostSpan + 3 * most * bins + 4);
  const accPtr = winPtr + 8 * n;
  const rePtr = accPtr + 8 * mostSpan;
  const imPtr = rePtr + 4 * most * bins;
  const maskPtr = imPtr + 4 * most * bins;
  const bytes = mod.HEAPU8.buffer; // nothing below allocates wasm memory: the views stay valid
  const w = new Float64Array(bytes, winPtr, n);
  for (let i = 0; i < n; i++) w[i] = win[i];
  const heap = mod.HEAPF32;
  for (let t0 = 0; t0 < nFrames; t0 += OLA_FRAMES) {
    const count = Math.min(OLA_FRAMES, nFrames - t0);
    const span = (count - 1) * hop + n; // samples the chunk's frames touch
    const planes = count * bins;
    heap.set(re.subarray(t0 * bins, t0 * bins + planes), rePtr >> 2);
    heap.set(im.subarray(t0 * bins, t0 * bins + planes), imPtr >> 2);
    const acc = new Float64Array(bytes, accPtr, span);
    for (let q = 0; q < masks.length; q++) {
      heap.set(masks[q].subarray(t0 * bins, t0 * bins + planes), maskPtr >> 2);
      const y = ys[q];
      const o = t0 * hop;
      acc.set(y.subarray(o, o + span));
      kernel(setup, n, count, rePtr, imPtr, maskPtr, hop, 1 / n, winPtr, inPtr, outPtr, workPtr, accPtr);
      y.set(acc, o);
    }
  }
  return true;
}

/** Frames per call of the CQT octave kernel. */
const CQT_FRAMES = 64;

/** A CQT octave's kernel rows as the wasm kernel reads them (the dense-row layout of src/features/cqt-octave.ts). */
export interface CqtRows {
  /** First FFT bin read by any row. */
  binLo: number;
  /** First bin of each row, relative to `binLo`. */
  rowFirst: Int32Array;
  /** Number of bins of each row. */
  rowLen: Int32Array;
  /** Offset of each row's coefficients in `coef` (in floats: 2 per bin). */
  rowOff: Int32Array;
  /** Interleaved (re, im) float64 coefficients of all rows. */
  coef: Float64Array;
}

/**
 * The complex responses of `nFrames` frames of `signal` (frame t = `signal[t hop .. t hop + n)`,
 * rectangular window) on the kernel rows `dk`, through PFFFT's forward transform of size n and the
 * rows' complex sums in bin order, as `projectFrame` in src/features/cqt-octave.ts computes them
 * on PFFFT's packed output: `visit(t, resp)` gets frame t's responses as `(re, im)` pairs (a view
 * valid during the call); `false` where the kernel is unavailable (nothing visited). @internal
 */
export function wasmCqtFrames(
  n: number,
  hop: number,
  nFrames: number,
  signal: Float32Array,
  dk: CqtRows,
  visit: (t: number, resp: Float64Array) => void,
  fft: FftOption,
): boolean {
  const backend = backendFor(fft);
  const kernel = backend?.module._mirkit_cqt_frames;
  if (!backend || !kernel || !backend.supports(n)) return false;
  if (nFrames <= 0) return true; // nothing to visit
  const mod = backend.module;
  const rows = dk.rowFirst.length;
  const { setup, inPtr, outPtr, workPtr } = backend.plan(n);
  const coefBytes = (8 * dk.coef.length + 15) & ~15;
  const tableBytes = (12 * rows + 15) & ~15;
  // one area for the largest chunk (the first): the coefficients and the row table written once
  const most = Math.min(CQT_FRAMES, nFrames);
  const spanBytes = (4 * ((most - 1) * hop + n) + 15) & ~15;
  const coefPtr = backend.scratch((coefBytes + tableBytes + spanBytes) / 4 + 4 * rows * most);
  const tablePtr = coefPtr + coefBytes;
  const sigPtr = tablePtr + tableBytes;
  const respPtr = sigPtr + spanBytes;
  const bytes = mod.HEAPU8.buffer; // nothing below allocates wasm memory (visit only reads): the views stay valid
  new Float64Array(bytes, coefPtr, dk.coef.length).set(dk.coef);
  const table = new Int32Array(bytes, tablePtr, 3 * rows);
  for (let j = 0; j < rows; j++) {
    table[3 * j] = 8 * (dk.binLo + dk.rowFirst[j]);
    table[3 * j + 1] = coefPtr + 8 * dk.rowOff[j];
    table[3 * j + 2] = coefPtr + 8 * dk.rowOff[j] + 16 * dk.rowLen[j];
  }
  const heap = mod.HEAPF32;
  for (let t0 = 0; t0 < nFrames; t0 += CQT_FRAMES) {
    const count = Math.min(CQT_FRAMES, nFrames - t0);
    heap.set(signal.subarray(t0 * hop, t0 * hop + (count - 1) * hop + n), sigPtr >> 2);
    kernel(setup, n, count, sigPtr, 4 * hop, inPtr, outPtr, workPtr, rows, tablePtr, respPtr);
    const resp = new Float64Array(bytes, respPtr, 2 * rows * count);
    for (let t = 0; t < count; t++) visit(t0 + t, resp.subarray(2 * rows * t, 2 * rows * (t + 1)));
  }
  return true;
}

/** Blocks per call of the decimator kernel (bounds its scratch area: about 0.5 M samples of signal at n = 8192). */
const DECIMATE_BLOCKS = 64;

/**
 * The overlap-save 2:1 decimation of src/audio/resample-fft.ts on `n`-sample blocks, run in wasm
 * memory: block b starts at `x[from + b * step]` (zeros outside `x`), is transformed with PFFFT's
 * ordered real transform of `n` points, folded with the float64 gains `ab` (`foldGains` there) to
 * the `n/2 + 1` bins of the decimated block, inverted with the ordered transform of `n/2` points,
 * and its samples `i0 .. i0 + per` go to `out[b * per ..]` (`count` in all). The same operations
 * as `decimate2Wasm`'s JavaScript loop, so the same samples bit for bit; `false` where the
 * kernel is unavailable. @internal
 */
export function wasmDecimate2(
  x: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> },
  from: number,
  n: number,
  step: number,
  ab: Float64Array,
  i0: number,
  per: number,
  count: number,
  out: Float32Array | Float64Array,
  fft: FftOption,
): boolean {
  const backend = backendFor(fft);
  const kernel = backend?.module._mirkit_decimate2;
  if (!backend || !kernel || n % 64 !== 0 || !backend.supports(n) || !backend.supports(n / 2)) return false;
  const blocks = Math.ceil(count / per);
  if (blocks <= 0) return true;
  const mod = backend.module;
  const fwd = backend.plan(n);
  const inv = backend.plan(n / 2);
  const abBytes = (8 * ab.length + 15) & ~15;
  // one area for the largest chunk (the first): the gains written once, the chunk's signal span and output
  const most = Math.min(DECIMATE_BLOCKS, blocks);
  const spanFloats = ((most - 1) * step + n + 3) & ~3;
  const abPtr = backend.scratch(abBytes / 4 + spanFloats + most * per);
  const sigPtr = abPtr + abBytes;
  const dstPtr = sigPtr + 4 * spanFloats;
  new Float64Array(mod.HEAPU8.buffer, abPtr, ab.length).set(ab); // nothing below allocates wasm memory
  const heap = mod.HEAPF32;
  for (let b0 = 0; b0 < blocks; b0 += DECIMATE_BLOCKS) {
    const cnt = Math.min(DECIMATE_BLOCKS, blocks - b0);
    const start = from + b0 * step;
    const span = (cnt - 1) * step + n;
    // the span, zeros where it runs past either end of x
    const a = Math.min(span, Math.max(0, -start));
    const e = Math.max(a, Math.min(span, x.length - start));
    const s0 = sigPtr >> 2;
    heap.fill(0, s0, s0 + a);
    if (e > a) heap.set(x.subarray(start + a, start + e), s0 + a);
    heap.fill(0, s0 + e, s0 + span);
    const done = b0 * per;
    const c = Math.min(cnt * per, count - done);
    kernel(fwd.setup, inv.setup, sigPtr, n, cnt, 4 * step, abPtr, fwd.inPtr, fwd.outPtr, inv.inPtr, inv.outPtr, fwd.workPtr, dstPtr, i0, per, c);
    out.set(heap.subarray(dstPtr >> 2, (dstPtr >> 2) + c), done);
  }
  return true;
}
