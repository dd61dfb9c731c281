/**
 * The rhythm kernels (scripts/wasm/rhythm.wat, embedded in `./rhythm-wasm.ts`) linked to the shared
 * PFFFT instance's memory and transform on first use. Only the rhythm features import this file, so
 * the kernel's bytes stay out of bundles that never compute a tempogram. The linked instance, its
 * PFFFT setup and its scratch area are kept per PFFFT module (a WeakMap keyed by the module): they
 * hold no values between calls, so keeping them changes no result. They are the module's own rather than
 * the backend's shared `scratch`/`plan`: `eachFrame`'s visitor runs the caller's code (a user's aggregate
 * function) between blocks, which may call other kernels or plan other sizes while a block is still read.
 */
import { base85ToBytes } from '../base85.js';
import { inflateRaw } from './inflate.js';
import { pffftBackend } from './fft-wasm.js';
import { resolveFft, runsOnPffft, type FftOption } from './fft.js';
import type { PffftModule } from './pffft-module.js';
import { RHYTHM_WASM_BYTES, RHYTHM_WASM_DEFLATE_BASE85 } from './rhythm-wasm.js';

/** The embedded rhythm kernels' wasm bytes (decoded and inflated on each call; for the loader and tests). */
export function rhythmWasmBytes(): Uint8Array {
  return inflateRaw(base85ToBytes(RHYTHM_WASM_DEFLATE_BASE85), RHYTHM_WASM_BYTES);
}

/** Frames per kernel call when the lags go out lag-major: a block of 256 frames of 384 float32 lags takes 384 KB. */
const LAG_MAJOR_FRAMES = 256;

/** Frames per kernel call when they go out frame by frame: 32 frames of 384 float64 lags take 96 KB. */
const FRAME_MAJOR_FRAMES = 32;

/**
 * The windowed autocorrelations of a float64 envelope through the wasm kernel: lag l of frame t is
 * `sum_i a[i] a[i + l] / n` over `a[i] = float32(padded[t + i] * win[i])` as two PFFFT transforms give it,
 * max-normalised over the frame's lags when `maxNorm` (as src/features/tempogram.ts computes it in
 * JavaScript, bit for bit). @internal
 */
export interface AutocorrelationKernel {
  /** Writes frames 0 .. nFrames - 1 into the lag-major float32 matrix `out` (winLength rows x nFrames). */
  lagMajor(padded: Float64Array, win: Float64Array, nFrames: number, maxNorm: boolean, out: Float32Array): void;
  /** Calls `visit(t, ac)` for t = 0 .. nFrames - 1 with the float64 lags of frame t (a view valid during the call). */
  eachFrame(padded: Float64Array, win: Float64Array, nFrames: number, maxNorm: boolean, visit: (t: number, ac: Float64Array) => void): void;
}

/** A rhythm module linked to one PFFFT module, with its transform setup and scratch area. @internal */
export interface Linked {
  readonly mod: PffftModule;
  readonly autocorrelationFrames: (...args: number[]) => void;
  readonly hannSlide: (...args: number[]) => void;
  readonly exactDft: (...args: number[]) => void;
  readonly overlapAdd: (...args: number[]) => void;
  readonly sweep: (...args: number[]) => void;
  readonly decibels: (...args: number[]) => number;
  /** Transform size of `setup` (0 for none yet). */
  n: number;
  setup: number;
  /** The aligned scratch block and its size in bytes (grown on demand). */
  scratch: number;
  scratchBytes: number;
  /** DFT size of the sliding DFT's tables at `tables` (0 for none yet): its twiddles, then the exact DFT's table. */
  tablesN: number;
  tables: number;
}

/** Per PFFFT module: its linked rhythm kernels, or null where they did not instantiate. */
const linkedOf = new WeakMap<PffftModule, Linked | null>();

function link(mod: PffftModule): Linked | null {
  let linked = linkedOf.get(mod);
  if (linked === undefined) {
    linked = null;
    try {
      const env = { memory: mod.memory, fftz: mod._pffft_transform };
      const ex = new WebAssembly.Instance(new WebAssembly.Module(rhythmWasmBytes() as BufferSource), { env }).exports as Record<
        string,
        (...args: number[]) => void
      >;
      linked = {
        mod,
        autocorrelationFrames: ex.autocorrelationFrames,
        hannSlide: ex.hannSlide,
        overlapAdd: ex.overlapAdd,
        sweep: ex.sweep,
        decibels: ex.decibels as (...args: number[]) => number,
        exactDft: ex.exactDft,
        n: 0,
        setup: 0,
        scratch: 0,
        scratchBytes: 0,
        tablesN: 0,
        tables: 0,
      };
    } catch {
      linked = null;
    }
    linkedOf.set(mod, linked);
  }
  return linked;
}

/** The scratch area of `linked`, grown to at least `bytes` (its old contents are not kept). */
function scratchArea(linked: Linked, bytes: number): number {
  const { mod } = linked;
  if (bytes > linked.scratchBytes) {
    if (linked.scratch) mod._pffft_aligned_free(linked.scratch);
    linked.scratch = 0;
    linked.scratchBytes = 0;
    const ptr = mod._pffft_aligned_malloc(bytes);
    if (!ptr) throw new Error(`PFFFT: out of wasm memory allocating ${bytes} bytes`);
    linked.scratch = ptr;
    linked.scratchBytes = bytes;
  }
  return linked.scratch;
}

/**
 * The row stride (float32) of a lag- or bin-major block of `frames` columns: 16 more than a multiple of 16,
 * so that successive rows fall in different cache sets (a power-of-two stride such as 256 floats maps every
 * row of a 193-row block to the same few sets and evicts them frame after frame).
 */
const rowStride = (frames: number): number => ((frames + 15) & ~15) + 16;

/**
 * The rhythm kernels linked to the shared PFFFT instance, or `undefined` where `fft` is `'js'` or they cannot
 * be linked (for the kernel wrappers of `./tempo-kernels.ts`). @internal
 */
export function linkedRhythmKernels(fft: FftOption | undefined): Linked | undefined {
  if (resolveFft(fft) === 'js') return undefined;
  const backend = pffftBackend();
  return (backend ? link(backend.module) : null) ?? undefined;
}

/** `bytes` rounded up to a multiple of 16. */
const align16 = (bytes: number): number => (bytes + 15) & ~15;

/**
 * The autocorrelation kernel for windows of `winLength` lags on transforms of size `n`, or `undefined`
 * where `fft` does not resolve to PFFFT for size n or the kernel cannot be linked (the caller then keeps
 * its JavaScript loop).
 */
export function autocorrelationKernel(n: number, winLength: number, fft: FftOption | undefined): AutocorrelationKernel | undefined {
  if (!runsOnPffft(n, fft) || n < 2 * winLength - 1) return undefined;
  const backend = pffftBackend();
  const linked = backend ? link(backend.module) : null;
  if (!linked) return undefined;
  const { mod } = linked;
  /**
   * Prepares the setup of size n and a scratch area for `frames` frames of `outBytes` each: in, tmp, work
   * (n float32 each), the window, the padded envelope, the output block; copies the window and envelope
   * in and returns the byte addresses.
   */
  const prepare = (
    padded: Float64Array,
    win: Float64Array,
    nFrames: number,
    outBytes: number,
  ): { inPtr: number; winPtr: number; envPtr: number; outPtr: number } => {
    if (linked.n !== n) {
      if (linked.setup) mod._pffft_destroy_setup(linked.setup);
      linked.setup = 0;
      linked.n = 0;
      const setup = mod._pffft_new_setup(n, 0);
      if (!setup) throw new Error(`PFFFT: cannot set up a real transform of size ${n}`);
      linked.setup = setup;
      linked.n = n;
    }
    const ring = 4 * n;
    const winBytes = align16(8 * winLength);
    const envBytes = align16(8 * (nFrames - 1 + winLength));
    scratchArea(linked, 3 * ring + winBytes + envBytes + outBytes);
    const inPtr = linked.scratch;
    const winPtr = inPtr + 3 * ring;
    const envPtr = winPtr + winBytes;
    const buffer = mod.HEAPU8.buffer;
    new Float64Array(buffer, winPtr, winLength).set(win.subarray(0, winLength));
    new Float64Array(buffer, envPtr, nFrames - 1 + winLength).set(padded.subarray(0, nFrames - 1 + winLength));
    return { inPtr, winPtr, envPtr, outPtr: envPtr + envBytes };
  };
  /** Frames t0 .. t0 + count through the kernel, lag l of frame t0 + j to byte out + j * frameStep + l * lagStep. */
  const frames = (
    p: { inPtr: number; winPtr: number; envPtr: number; outPtr: number },
    t0: number,
    count: number,
    frameStep: number,
    lagStep: number,
    mode: number,
  ): void => {
    const ring = 4 * n;
    linked.autocorrelationFrames(
      linked.setup,
      p.envPtr + 8 * t0,
      count,
      winLength,
      n,
      p.winPtr,
      p.inPtr,
      p.inPtr + ring,
      p.inPtr + 2 * ring,
      p.outPtr,
      frameStep,
      lagStep,
      mode,
    );
  };
  return {
    lagMajor(padded, win, nFrames, maxNorm, out) {
      if (nFrames === 0) return;
      const C = Math.min(LAG_MAJOR_FRAMES, nFrames);
      const S = rowStride(C);
      const p = prepare(padded, win, nFrames, 4 * S * winLength);
      const heap = mod.HEAPF32; // nothing below allocates: the view stays valid
      const o = p.outPtr >> 2;
      for (let t0 = 0; t0 < nFrames; t0 += C) {
        const count = Math.min(C, nFrames - t0);
        frames(p, t0, count, 4, 4 * S, maxNorm ? 1 : 0);
        for (let l = 0; l < winLength; l++) out.set(heap.subarray(o + l * S, o + l * S + count), l * nFrames + t0);
      }
    },
    eachFrame(padded, win, nFrames, maxNorm, visit) {
      if (nFrames === 0) return;
      const C = FRAME_MAJOR_FRAMES;
      const p = prepare(padded, win, nFrames, 8 * C * winLength);
      for (let t0 = 0; t0 < nFrames; t0 += C) {
        const count = Math.min(C, nFrames - t0);
        frames(p, t0, count, 8 * winLength, 8, (maxNorm ? 1 : 0) | 2);
        // `visit` may allocate wasm memory (the buffer may then change): a view per block
        const block = new Float64Array(mod.HEAPU8.buffer, p.outPtr, count * winLength);
        for (let j = 0; j < count; j++) visit(t0 + j, block.subarray(j * winLength, (j + 1) * winLength));
      }
    },
  };
}

/** Frames per call of the sliding-DFT kernel (a divisor of every resynchronisation period it is given). */
export const SLIDE_FRAMES = 512;

/**
 * The sliding DFT of the Fourier tempogram through the wasm kernel (`hannSlide` of scripts/wasm/rhythm.wat):
 * the same float64 operations in the same order as the JavaScript sliding DFT, so the same values. @internal
 */
export interface SlidingHannKernel {
  /**
   * Frames t = 0 .. T - 1 of `padded` (n samples each, hop 1; `padded` holds T + n values) through the
   * rectangular sliding DFT, restarted from an exact DFT of the frame (float64 sums in sample order, as
   * `exactDft` of src/features/fourier-tempogram.ts makes them) whenever t is a multiple of `resync` (a
   * multiple of {@link SLIDE_FRAMES}), windowed by the periodic
   * Hann window as 3 taps: bins 0 .. n/2 into the bin-major float32 planes `re` and `im` (rows of T), or,
   * with `im` null, their magnitudes into `re`.
   */
  binMajor(padded: Float64Array, n: number, T: number, resync: number, re: Float32Array, im: Float32Array | null): void;
  /**
   * {@link SlidingHannKernel.binMajor}'s complex values and their magnitudes into frame-major planes instead
   * (`re[t * (n/2 + 1) + k]`).
   */
  frameMajor(padded: Float64Array, n: number, T: number, resync: number, re: Float32Array, im: Float32Array, mag: Float32Array): void;
}

/** The sliding-DFT kernel, or `undefined` where `fft` is `'js'` or the kernels cannot be linked (the caller keeps its JavaScript loop). */
export function slidingHannKernel(fft: FftOption | undefined): SlidingHannKernel | undefined {
  if (resolveFft(fft) === 'js') return undefined;
  const backend = pffftBackend();
  const linked = backend ? link(backend.module) : null;
  if (!linked) return undefined;
  const { mod } = linked;
  /**
   * The sliding DFT's tables for size n in wasm memory (kept for the last n: pure functions of it): the
   * twiddles `[cos, cos, -sin, sin]` of 2 pi k / n for k <= n/2, then the exact DFT's `[cos, -sin]` of 2 pi i / n.
   */
  const slideTables = (n: number): number => {
    if (linked.tablesN !== n) {
      if (linked.tables) mod._pffft_aligned_free(linked.tables);
      linked.tables = 0;
      linked.tablesN = 0;
      const bins = (n >> 1) + 1;
      const ptr = mod._pffft_aligned_malloc(32 * bins + 16 * n);
      if (!ptr) throw new Error(`PFFFT: out of wasm memory allocating the tables of size ${n}`);
      const tw = new Float64Array(mod.HEAPU8.buffer, ptr, 4 * bins + 2 * n);
      for (let k = 0; k < bins; k++) {
        const c = Math.cos((2 * Math.PI * k) / n);
        const s = Math.sin((2 * Math.PI * k) / n);
        tw.set([c, c, -s, s], 4 * k);
      }
      for (let i = 0; i < n; i++) {
        tw[4 * bins + 2 * i] = Math.cos((2 * Math.PI * i) / n);
        tw[4 * bins + 2 * i + 1] = -Math.sin((2 * Math.PI * i) / n);
      }
      linked.tables = ptr;
      linked.tablesN = n;
    }
    return linked.tables;
  };
  /**
   * Frames 0 .. T - 1 through the kernel in blocks of up to SLIDE_FRAMES (`binMajor`: each block's planes
   * bin-major, else frame-major; `mode` bit 1: the complex planes, bit 0: the magnitudes); `emit(heap, t0,
   * count, S, reAt, imAt, magAt)` copies a block out of the heap, its planes at float32 indices reAt, imAt, magAt
   * (bin-major rows S floats apart).
   */
  const slide = (
    padded: Float64Array,
    n: number,
    T: number,
    resync: number,
    binMajor: boolean,
    mode: number,
    emit: (heap: Float32Array, t0: number, count: number, S: number, reAt: number, imAt: number, magAt: number) => void,
  ): void => {
    if (T === 0) return;
    if (resync % SLIDE_FRAMES !== 0) throw new Error(`resync ${resync} is not a multiple of ${SLIDE_FRAMES}`);
    const bins = (n >> 1) + 1;
    const C = Math.min(SLIDE_FRAMES, T);
    const stateBytes = 16 * (bins + 2);
    const envBytes = align16(8 * (T + n));
    const S = binMajor ? rowStride(C) : C;
    const planeBytes = 4 * S * bins;
    // the planes the mode writes: re and im (bit 1), the magnitudes (bit 0)
    const planes = (mode & 2 ? 2 : 0) + (mode & 1);
    const twPtr = slideTables(n);
    const tablePtr = twPtr + 32 * bins;
    const statePtr = scratchArea(linked, stateBytes + envBytes + planes * planeBytes);
    const envPtr = statePtr + stateBytes;
    const rePtr = envPtr + envBytes;
    const imPtr = rePtr + planeBytes;
    const magPtr = mode & 2 ? imPtr + planeBytes : rePtr;
    const buffer = mod.HEAPU8.buffer; // nothing below allocates wasm memory: the views stay valid
    new Float64Array(buffer, envPtr, T + n).set(padded.subarray(0, T + n));
    const heap = mod.HEAPF32;
    const [frameStep, binStep] = binMajor ? [4, 4 * S] : [4 * bins, 4];
    for (let t0 = 0; t0 < T; t0 += C) {
      const count = Math.min(C, T - t0);
      // restart from the exact DFT (bins 0 .. n/2 + 1) of frame t0
      if (t0 % resync === 0) linked.exactDft(statePtr + 16, tablePtr, envPtr + 8 * t0, n, bins + 1);
      linked.hannSlide(statePtr, twPtr, envPtr + 8 * t0, count, bins, n, rePtr, imPtr, magPtr, frameStep, binStep, mode);
      emit(heap, t0, count, S, rePtr >> 2, imPtr >> 2, magPtr >> 2);
    }
  };
  return {
    binMajor(padded, n, T, resync, re, im) {
      const bins = (n >> 1) + 1;
      slide(padded, n, T, resync, true, im ? 2 : 1, (heap, t0, count, S, reAt, imAt, magAt) => {
        for (let k = 0; k < bins; k++) {
          if (im) {
            re.set(heap.subarray(reAt + k * S, reAt + k * S + count), k * T + t0);
            im.set(heap.subarray(imAt + k * S, imAt + k * S + count), k * T + t0);
          } else re.set(heap.subarray(magAt + k * S, magAt + k * S + count), k * T + t0);
        }
      });
    },
    frameMajor(padded, n, T, resync, re, im, mag) {
      const bins = (n >> 1) + 1;
      slide(padded, n, T, resync, false, 3, (heap, t0, count, _S, reAt, imAt, magAt) => {
        re.set(heap.subarray(reAt, reAt + count * bins), t0 * bins);
        im.set(heap.subarray(imAt, imAt + count * bins), t0 * bins);
        mag.set(heap.subarray(magAt, magAt + count * bins), t0 * bins);
      });
    },
  };
}
