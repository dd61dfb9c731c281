/**
 * The WebAssembly FFT implementation: PFFFT (`@echogarden/pffft-wasm`, BSD-3-Clause; the SIMD
 * build's `pffft.wasm`, embedded deflated as base-85 text in `./pffft-simd-wasm.ts`, loaded by `./pffft-module.ts`) instantiated synchronously
 * with `new WebAssembly.Module`/`new WebAssembly.Instance` and the three host functions the
 * emscripten build imports, supplied here: no emscripten glue, no file read, no asset URL, no
 * `await`. The module is instantiated once per process or page on first use ({@link pffftBackend})
 * and its plans are pure functions of their input: sharing the instance changes no result.
 *
 * Memory: each FFT size gets one "core" (a PFFFT setup plus three 16-byte-aligned float32
 * buffers of n floats: input, output, work) in a small LRU cache of {@link PFFFT_CACHE_SIZE}
 * sizes. Plans returned by {@link PffftBackend.create} are light handles that borrow the core of
 * their size on every call; an evicted core is freed and transparently re-created if an old
 * handle is used again. So the wasm heap holds at most {@link PFFFT_CACHE_SIZE} cores however
 * many plans are created, and no plan ever needs disposing. Every call runs to completion
 * synchronously, so interleaved async callers never see each other's buffers.
 */
import { checkFrameOutput, checkFrames, checkPacked, type RealFft } from './fft-plan.js';
import { heapHannSpectrum, heapPower, unpack64, windowFrame } from './fft-wasm-heap.js';
import { instantiatePffft, pffftSimdWasmBytes, type PffftModule } from './pffft-module.js';
import { wasmSimdSupported } from '../util/wasm.js';
import type { SparseFilterbank } from './filters.js';
import { kernelPowerFrames, kernelSpectrumFrames, type FrameKernelPlan } from './pffft-frames.js';

export { instantiatePffft, pffftSimdWasmBytes } from './pffft-module.js';
export { wasmSimdSupported } from '../util/wasm.js';

const PFFFT_REAL = 0;
const PFFFT_FORWARD = 0;
const PFFFT_BACKWARD = 1;

/** How many FFT sizes keep their PFFFT setup and aligned buffers alive at once (LRU). */
export const PFFFT_CACHE_SIZE = 8;

/** Which PFFFT build a backend runs (only the SIMD build is embedded). */
export type PffftBuild = 'simd' | 'non-simd';

/**
 * Whether PFFFT's real transform handles size `n`: n = 2^a 3^b 5^c with a >= 5 (a multiple of
 * 32, the SIMD build's constraint).
 */
export function pffftSupports(n: number): boolean {
  if (!Number.isInteger(n) || n < 32 || n % 32 !== 0) return false;
  let m = n / 32;
  for (const p of [2, 3, 5]) while (m % p === 0) m /= p;
  return m === 1;
}

/** Per-size PFFFT state: the setup and its three aligned buffers (byte pointers). */
interface Core {
  readonly n: number;
  setup: number;
  inPtr: number;
  outPtr: number;
  workPtr: number;
  /** Set once freed by eviction or {@link PffftBackend.clear}; handles then re-acquire. */
  freed: boolean;
  /** Tick of the last use, for least-recently-used eviction. */
  lastUse: number;
}

/** Memory accounting of a loaded backend, for tests and diagnostics. */
export interface PffftStats {
  /** Bytes of wasm linear memory (grows, never shrinks). */
  heapBytes: number;
  /** FFT sizes whose setup and buffers are alive, least recently used first. */
  cachedSizes: number[];
  /** Aligned blocks currently allocated by mirkit (setups, the kernels' scratch area and filterbank copies excluded): 3 per cached size. */
  liveAllocations: number;
}

/** A loaded PFFFT module with its plan cache. */
export interface PffftBackend {
  /** The build that loaded. */
  readonly build: PffftBuild;
  /** Whether size n is handled (see {@link pffftSupports}). */
  supports(n: number): boolean;
  /** A real FFT plan of size n (n must satisfy {@link pffftSupports}). */
  create(n: number): RealFft;
  /** Frees every cached setup and buffer (plans stay usable and re-acquire lazily). */
  clear(): void;
  /** Memory accounting. */
  stats(): PffftStats;
  /** The instantiated module, for the kernels that run on its memory (`./heap-kernels.ts`). @internal */
  readonly module: PffftModule;
  /** Byte address of the kernels' scratch area of at least `floats` float32, 16-byte aligned (valid until the next call). @internal */
  scratch(floats: number): number;
  /** The PFFFT setup of size n and its three n-float buffers, for a kernel that transforms (valid until another size is acquired). @internal */
  plan(n: number): { setup: number; inPtr: number; outPtr: number; workPtr: number };
}

/** The one PFFFT instance of this process or page: `undefined` until first asked, `null` where it cannot run. */
let shared: PffftBackend | null | undefined;

/**
 * The embedded PFFFT (SIMD build), instantiated synchronously on first call and shared from then
 * on, or `null` where it cannot run (no WebAssembly, no SIMD, or a host that refuses synchronous
 * compilation). Whether it is `null` depends only on the host, never on earlier calls: the
 * outcome of the first attempt is kept. Its plans hold no state that outlives a call, so sharing
 * it changes no result.
 */
export function pffftBackend(): PffftBackend | null {
  if (shared === undefined) {
    shared = null;
    if (wasmSimdSupported()) {
      try {
        const mod = instantiatePffft(pffftSimdWasmBytes());
        if (mod._pffft_simd_size() === 4) shared = makeBackend(mod, 'simd');
      } catch {
        shared = null;
      }
    }
  }
  return shared;
}

function makeBackend(mod: PffftModule, build: PffftBuild): PffftBackend {
  const cores = new Map<number, Core>();
  let tick = 0;
  let liveAllocations = 0;

  /** An aligned block of `floats` float32 (throws where the wasm memory cannot grow). */
  function malloc(floats: number): number {
    const ptr = mod._pffft_aligned_malloc(floats * 4);
    if (!ptr) throw new Error(`PFFFT: out of wasm memory allocating ${floats} floats`);
    return ptr;
  }
  function alloc(floats: number): number {
    const ptr = malloc(floats);
    liveAllocations++;
    return ptr;
  }
  function release(core: Core): void {
    if (core.freed) return;
    core.freed = true;
    mod._pffft_aligned_free(core.inPtr);
    mod._pffft_aligned_free(core.outPtr);
    mod._pffft_aligned_free(core.workPtr);
    mod._pffft_destroy_setup(core.setup);
    liveAllocations -= 3;
  }
  function acquire(n: number): Core {
    const hit = cores.get(n);
    if (hit) {
      hit.lastUse = ++tick;
      return hit;
    }
    while (cores.size >= PFFFT_CACHE_SIZE) {
      let oldest: Core | undefined;
      for (const c of cores.values()) if (!oldest || c.lastUse < oldest.lastUse) oldest = c;
      release(oldest!);
      cores.delete(oldest!.n);
    }
    const setup = mod._pffft_new_setup(n, PFFFT_REAL);
    if (!setup) throw new Error(`PFFFT: cannot set up a real transform of size ${n}`);
    // The work buffer is always passed: with NULL PFFFT puts n floats on the (small) wasm stack.
    const core: Core = { n, setup, inPtr: 0, outPtr: 0, workPtr: 0, freed: false, lastUse: ++tick };
    try {
      core.inPtr = alloc(n);
      core.outPtr = alloc(n);
      core.workPtr = alloc(n);
    } catch (e) {
      for (const ptr of [core.inPtr, core.outPtr, core.workPtr]) {
        if (ptr) {
          mod._pffft_aligned_free(ptr);
          liveAllocations--;
        }
      }
      mod._pffft_destroy_setup(setup);
      throw e;
    }
    cores.set(n, core);
    return core;
  }

  const kernel = mod._mirkit_hann_power_frames;
  const bandsKernel = mod._mirkit_sparse_bands;
  let scratchPtr = 0;
  let scratchFloats = 0;
  /** The kernels' scratch area of at least `floats` float32 (one aligned block, grown on demand, freed by `clear`). */
  function scratch(floats: number): number {
    if (floats > scratchFloats) {
      if (scratchPtr) mod._pffft_aligned_free(scratchPtr);
      scratchPtr = 0;
      scratchFloats = 0;
      scratchPtr = malloc(floats);
      scratchFloats = floats;
    }
    return scratchPtr;
  }
  /** The filterbank last used and its copy in the wasm memory: float64 weights, then per band the byte offsets of its first bin, first weight and weight end. */
  let bankOf: SparseFilterbank | undefined;
  let bankPtr = 0;
  /** The wasm copy of `fb` (filterbanks are immutable: copied again only when another one comes). */
  function bank(fb: SparseFilterbank): number {
    if (fb !== bankOf) {
      if (bankPtr) mod._pffft_aligned_free(bankPtr);
      bankOf = undefined;
      bankPtr = malloc(2 * fb.weights.length + 3 * fb.rows + 4);
      new Float64Array(mod.HEAPU8.buffer, bankPtr).set(fb.weights);
      const bands = new Int32Array(mod.HEAPU8.buffer, bankPtr + 8 * fb.weights.length);
      for (let m = 0, o = 0; m < fb.rows; m++) {
        bands[o++] = 4 * fb.start[m];
        bands[o++] = 8 * fb.offset[m];
        bands[o++] = 8 * (fb.offset[m] + fb.length[m]);
      }
      bankOf = fb;
    }
    return bankPtr;
  }

  function create(n: number): RealFft {
    if (!pffftSupports(n)) throw new Error(`PFFFT does not handle size ${n}`);
    const half = n >> 1;
    const scale = 1 / n;
    let core = acquire(n);
    /** The live core of this size, re-acquired if the cache evicted the one we held. */
    const live = (): Core => {
      if (core.freed) core = acquire(n);
      core.lastUse = ++tick;
      return core;
    };
    /** Forward-transforms the input buffer of `c` and unpacks the ordered output into re/im. */
    const forwardCore = (c: Core, re: Float32Array | Float64Array, im: Float32Array | Float64Array): void => {
      mod._pffft_transform_ordered(c.setup, c.inPtr, c.outPtr, c.workPtr, PFFFT_FORWARD);
      const heap = mod.HEAPF32;
      const o = c.outPtr >> 2;
      re[0] = heap[o];
      im[0] = 0;
      re[half] = heap[o + 1];
      im[half] = 0;
      for (let k = 1, j = o + 2; k < half; k++, j += 2) {
        re[k] = heap[j];
        im[k] = heap[j + 1];
      }
    };
    /**
     * The frame loop of the float32 batch forms: frame t is copied raw (`native`: the periodic Hann
     * window is then applied in the frequency domain by `emit`) or windowed into the core's input,
     * transformed, and `emit(heap, o, t, native)` reads its packed spectrum at `heap[o ..]`. Nothing
     * inside allocates wasm memory, so the core and the heap view stay valid for the whole batch.
     */
    const eachHeapFrame = (
      signal: ArrayLike<number>,
      start: number,
      hop: number,
      nFrames: number,
      window: ArrayLike<number>,
      periodicHann: boolean,
      emit: (heap: Float32Array, o: number, t: number, native: boolean) => void,
    ): void => {
      if (nFrames === 0) return;
      const { setup, inPtr, outPtr, workPtr } = live();
      const heap = mod.HEAPF32;
      const i0 = inPtr >> 2;
      const o = outPtr >> 2;
      const native = periodicHann && (signal instanceof Float32Array || signal instanceof Float64Array) && n >= 8;
      for (let t = 0, s = start; t < nFrames; t++, s += hop) {
        if (native) heap.set((signal as Float32Array | Float64Array).subarray(s, s + n), i0);
        else windowFrame(heap, i0, signal, s, window, n);
        mod._pffft_transform_ordered(setup, inPtr, outPtr, workPtr, PFFFT_FORWARD);
        emit(heap, o, t, native);
      }
    };
    /** What the frame kernels of ./pffft-frames.ts need of this plan. */
    const framePlan: FrameKernelPlan = { mod, n, kernel: kernel!, bandsKernel, scratch, bank, core: live };
    return {
      size: n,
      forward(input, re, im) {
        const c = live();
        const heap = mod.HEAPF32;
        const i0 = c.inPtr >> 2;
        if ((input instanceof Float32Array || input instanceof Float64Array) && input.length >= n) {
          heap.set(input.length === n ? input : input.subarray(0, n), i0); // native copy (and f64 -> f32)
        } else {
          for (let i = 0; i < n; i++) heap[i0 + i] = input[i];
        }
        forwardCore(c, re, im);
      },
      inverse(re, im, output) {
        const c = live();
        let heap = mod.HEAPF32;
        const i0 = c.inPtr >> 2;
        heap[i0] = re[0];
        heap[i0 + 1] = re[half];
        for (let k = 1, j = i0 + 2; k < half; k++, j += 2) {
          heap[j] = re[k];
          heap[j + 1] = im[k];
        }
        mod._pffft_transform_ordered(c.setup, c.inPtr, c.outPtr, c.workPtr, PFFFT_BACKWARD);
        heap = mod.HEAPF32;
        const o = c.outPtr >> 2;
        for (let i = 0; i < n; i++) output[i] = heap[o + i] * scale;
      },
      forwardPacked(input, out) {
        checkPacked(n, input.length, out.length);
        const c = live();
        mod.HEAPF32.set(input.length === n ? input : input.subarray(0, n), c.inPtr >> 2); // native copy and conversion
        mod._pffft_transform_ordered(c.setup, c.inPtr, c.outPtr, c.workPtr, PFFFT_FORWARD);
        const o = c.outPtr >> 2;
        out.set(mod.HEAPF32.subarray(o, o + n));
      },
      inversePacked(spec, out) {
        checkPacked(n, spec.length, out.length);
        const c = live();
        mod.HEAPF32.set(spec.length === n ? spec : spec.subarray(0, n), c.inPtr >> 2);
        mod._pffft_transform_ordered(c.setup, c.inPtr, c.outPtr, c.workPtr, PFFFT_BACKWARD);
        const o = c.outPtr >> 2;
        out.set(mod.HEAPF32.subarray(o, o + n));
      },
      powerFrames(signal, start, hop, nFrames, window, power, out, outOffset, periodicHann = false) {
        checkFrames(n, signal.length, start, hop, nFrames, window.length);
        checkFrameOutput(out.length, outOffset, nFrames * (half + 1));
        if (periodicHann && kernel && (signal instanceof Float32Array || signal instanceof Float64Array) && (power === 2 || power === 1) && n >= 8) {
          kernelPowerFrames(framePlan, signal, start, hop, nFrames, power, out, outOffset);
          return;
        }
        // other powers (or no kernel): the window applied to the samples, then |X| ** power
        eachHeapFrame(signal, start, hop, nFrames, window, false, (heap, o, t) => heapPower(heap, o, half, power, out, outOffset + t * (half + 1)));
      },
      powerBandsFrames(signal, start, hop, nFrames, power, fb, out, outOffset) {
        if (!kernel || !bandsKernel || (power !== 2 && power !== 1) || fb.cols !== half + 1) return false;
        checkFrames(n, signal.length, start, hop, nFrames, n);
        checkFrameOutput(out.length, outOffset, nFrames * fb.rows);
        kernelPowerFrames(framePlan, signal, start, hop, nFrames, power, out, outOffset, fb);
        return true;
      },
      spectrumFrames(signal, start, hop, nFrames, window, re, im, outOffset, periodicHann = false) {
        checkFrames(n, signal.length, start, hop, nFrames, window.length);
        checkFrameOutput(Math.min(re.length, im.length), outOffset, nFrames * (half + 1));
        if (periodicHann && kernel && (signal instanceof Float32Array || signal instanceof Float64Array) && n >= 8) {
          kernelSpectrumFrames(framePlan, signal, start, hop, nFrames, re, im, outOffset);
          return;
        }
        eachHeapFrame(signal, start, hop, nFrames, window, periodicHann, (heap, o, t, native) => {
          const ob = outOffset + t * (half + 1);
          if (native) {
            heapHannSpectrum(heap, o, half, re, im, ob);
            return;
          }
          re[ob] = heap[o];
          im[ob] = 0;
          re[ob + half] = heap[o + 1];
          im[ob + half] = 0;
          for (let k = 1, j = o + 2; k < half; k++, j += 2) {
            re[ob + k] = heap[j];
            im[ob + k] = heap[j + 1];
          }
        });
      },
      forwardFrames(signal, start, hop, nFrames, window, visit) {
        checkFrames(n, signal.length, start, hop, nFrames, window.length);
        const bins = half + 1;
        const re = new Float64Array(bins);
        const im = new Float64Array(bins);
        for (let t = 0, s = start; t < nFrames; t++, s += hop) {
          // re-read core and heap every frame: `visit` may create plans (memory growth, eviction)
          const c = live();
          const heap = mod.HEAPF32;
          windowFrame(heap, c.inPtr >> 2, signal, s, window, n);
          mod._pffft_transform_ordered(c.setup, c.inPtr, c.outPtr, c.workPtr, PFFFT_FORWARD);
          unpack64(heap, c.outPtr >> 2, half, re, im);
          visit(t, re, im);
        }
      },
    };
  }

  return {
    build,
    module: mod,
    scratch,
    plan: acquire,
    supports: pffftSupports,
    create,
    clear() {
      for (const c of cores.values()) release(c);
      cores.clear();
      if (scratchPtr) mod._pffft_aligned_free(scratchPtr);
      scratchPtr = 0;
      scratchFloats = 0;
      if (bankPtr) mod._pffft_aligned_free(bankPtr);
      bankPtr = 0;
      bankOf = undefined;
    },
    stats() {
      const byUse = [...cores.values()].sort((a, b) => a.lastUse - b.lastUse);
      return { heapBytes: mod.HEAPU8.byteLength, cachedSizes: byUse.map((c) => c.n), liveAllocations };
    },
  };
}
