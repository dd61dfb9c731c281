/**
 * The WebAssembly FFT backend: PFFFT (`@echogarden/pffft-wasm`, BSD-3) compiled with and without
 * WebAssembly SIMD. Loaded on demand by {@link useWasmFft} in `./fft.ts`; nothing here runs
 * until then, and nothing is imported at module top level (the package is reached through a
 * dynamic `import()`, so the browser build and the CJS build both stay free of it until asked).
 *
 * Memory: each FFT size gets one "core" (a PFFFT setup plus three 16-byte-aligned float32
 * buffers of n floats: input, output, work) in a small LRU cache of {@link PFFFT_CACHE_SIZE}
 * sizes. Plans returned by {@link PffftBackend.create} are light handles that borrow the core of
 * their size on every call; an evicted core is freed and transparently re-created if an old
 * handle is used again. So the wasm heap holds at most {@link PFFFT_CACHE_SIZE} cores however
 * many plans are created, and no plan ever needs disposing.
 */
import { MirkitError } from '../errors.js';
import type { RealFft } from './fft.js';

/** The part of the emscripten module of `@echogarden/pffft-wasm` that mirkit uses. */
interface PffftModule {
  _pffft_new_setup(n: number, transform: number): number;
  _pffft_destroy_setup(setup: number): void;
  _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: number): void;
  _pffft_aligned_malloc(bytes: number): number;
  _pffft_aligned_free(ptr: number): void;
  _pffft_simd_size(): number;
  /** Float32 view of the wasm memory; replaced by the glue whenever the memory grows. */
  HEAPF32: Float32Array;
  HEAPU8: Uint8Array;
}

type PffftFactory = (moduleArg?: Record<string, unknown>) => Promise<PffftModule>;

const PFFFT_REAL = 0;
const PFFFT_FORWARD = 0;
const PFFFT_BACKWARD = 1;

/** How many FFT sizes keep their PFFFT setup and aligned buffers alive at once (LRU). */
export const PFFFT_CACHE_SIZE = 8;

/** Which PFFFT build a backend runs. */
export type PffftBuild = 'simd' | 'non-simd';

/**
 * Whether PFFFT's real transform handles size `n`: n = 2^a 3^b 5^c with a >= 5 (a multiple of
 * 32, the SIMD build's constraint; the same rule is used for the scalar build so that both
 * wasm backends pick the same sizes).
 */
export function pffftSupports(n: number): boolean {
  if (!Number.isInteger(n) || n < 32 || n % 32 !== 0) return false;
  let m = n / 32;
  for (const p of [2, 3, 5]) while (m % p === 0) m /= p;
  return m === 1;
}

/** A tiny module whose one function uses a v128 value: valid only where WebAssembly SIMD is. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b, // code: i32.const 0; i8x16.splat; end
]);

/** True where WebAssembly exists and validates SIMD instructions. */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
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
  /** Aligned blocks currently allocated by mirkit (setups excluded): 3 per cached size. */
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
}

/** Options of {@link loadPffft}. */
export interface LoadPffftOptions {
  /** The wasm bytes of the requested build, to skip locating `pffft.wasm` beside the glue. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

async function importFactory(build: PffftBuild): Promise<PffftFactory> {
  // Two literal specifiers so that bundlers see (and emit) both builds and their .wasm assets.
  // The package ships no type declarations (TS7016), hence the ts-ignore on each literal import.
  const mod = (build === 'simd'
    ? // @ts-ignore
      await import('@echogarden/pffft-wasm/simd')
    : // @ts-ignore
      await import('@echogarden/pffft-wasm')) as unknown as { default?: PffftFactory };
  const factory = mod.default ?? (mod as unknown as PffftFactory);
  if (typeof factory !== 'function') throw new Error('@echogarden/pffft-wasm: no module factory export');
  return factory;
}

/**
 * Loads one PFFFT build and wraps it as a {@link PffftBackend}. Rejects where the build cannot be
 * instantiated (no WebAssembly, no SIMD for the `'simd'` build, the `.wasm` file not found).
 * Never fetches anything but the package's own `pffft.wasm` (a file read in Node; the asset URL
 * the bundler emitted in browsers) unless `wasmBinary` is given.
 */
export async function loadPffft(build: PffftBuild, opts: LoadPffftOptions = {}): Promise<PffftBackend> {
  if (typeof WebAssembly !== 'object') throw new Error('WebAssembly is not available');
  if (build === 'simd' && !wasmSimdSupported()) throw new Error('WebAssembly SIMD is not available');
  const factory = await importFactory(build);
  const moduleArg: Record<string, unknown> = {
    // The glue's own diagnostics; failures surface as the rejected promise instead.
    print: () => {},
    printErr: () => {},
  };
  if (opts.wasmBinary) moduleArg.wasmBinary = opts.wasmBinary;
  const mod = await factory(moduleArg);
  const simdSize = mod._pffft_simd_size();
  if (build === 'simd' && simdSize !== 4) throw new Error(`PFFFT SIMD build reports SIMD width ${simdSize}`);
  return makeBackend(mod, build);
}

function makeBackend(mod: PffftModule, build: PffftBuild): PffftBackend {
  const cores = new Map<number, Core>();
  let tick = 0;
  let liveAllocations = 0;

  function alloc(floats: number): number {
    const ptr = mod._pffft_aligned_malloc(floats * 4);
    if (!ptr) throw new Error(`PFFFT: out of wasm memory allocating ${floats} floats`);
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
        if (nFrames === 0) return;
        // no callbacks inside: the core and the heap view stay valid for the whole batch
        const c = live();
        const heap = mod.HEAPF32;
        const { setup, inPtr, outPtr, workPtr } = c;
        const i0 = inPtr >> 2;
        const o = outPtr >> 2;
        const native = periodicHann && (signal instanceof Float32Array || signal instanceof Float64Array) && n >= 8;
        for (let t = 0, s = start, ob = outOffset; t < nFrames; t++, s += hop, ob += half + 1) {
          if (native) heap.set((signal as Float32Array | Float64Array).subarray(s, s + n), i0);
          else windowFrame(heap, i0, signal, s, window, n);
          mod._pffft_transform_ordered(setup, inPtr, outPtr, workPtr, PFFFT_FORWARD);
          if (native) heapHannPower(heap, o, half, power, out, ob);
          else heapPower(heap, o, half, power, out, ob);
        }
      },
      spectrumFrames(signal, start, hop, nFrames, window, re, im, outOffset, periodicHann = false) {
        checkFrames(n, signal.length, start, hop, nFrames, window.length);
        checkFrameOutput(Math.min(re.length, im.length), outOffset, nFrames * (half + 1));
        if (nFrames === 0) return;
        const c = live();
        const heap = mod.HEAPF32;
        const { setup, inPtr, outPtr, workPtr } = c;
        const i0 = inPtr >> 2;
        const o = outPtr >> 2;
        const native = periodicHann && (signal instanceof Float32Array || signal instanceof Float64Array) && n >= 8;
        for (let t = 0, s = start, ob = outOffset; t < nFrames; t++, s += hop, ob += half + 1) {
          if (native) {
            heap.set((signal as Float32Array | Float64Array).subarray(s, s + n), i0);
            mod._pffft_transform_ordered(setup, inPtr, outPtr, workPtr, PFFFT_FORWARD);
            heapHannSpectrum(heap, o, half, re, im, ob);
            continue;
          }
          windowFrame(heap, i0, signal, s, window, n);
          mod._pffft_transform_ordered(setup, inPtr, outPtr, workPtr, PFFFT_FORWARD);
          re[ob] = heap[o];
          im[ob] = 0;
          re[ob + half] = heap[o + 1];
          im[ob + half] = 0;
          for (let k = 1, j = o + 2; k < half; k++, j += 2) {
            re[ob + k] = heap[j];
            im[ob + k] = heap[j + 1];
          }
        }
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
    supports: pffftSupports,
    create,
    clear() {
      for (const c of cores.values()) release(c);
      cores.clear();
    },
    stats() {
      const byUse = [...cores.values()].sort((a, b) => a.lastUse - b.lastUse);
      return { heapBytes: mod.HEAPU8.byteLength, cachedSizes: byUse.map((c) => c.n), liveAllocations };
    },
  };
}

/**
 * Validates the arguments of {@link RealFft.forwardFrames}: every frame
 * `signal[start + t * hop .. + n)` must lie inside the signal and the window must have n values.
 */
export function checkFrames(n: number, length: number, start: number, hop: number, nFrames: number, windowLength: number): void {
  if (!Number.isInteger(nFrames) || nFrames < 0) throw new MirkitError('BAD_OPTION', `nFrames must be a non-negative integer, got ${nFrames}`);
  if (!Number.isInteger(start) || start < 0) throw new MirkitError('BAD_OPTION', `start must be a non-negative integer, got ${start}`);
  if (!Number.isInteger(hop) || hop < 1) throw new MirkitError('BAD_OPTION', `hop must be a positive integer, got ${hop}`);
  if (windowLength !== n) throw new MirkitError('BAD_SHAPE', `window has ${windowLength} values, the FFT size is ${n}`);
  if (nFrames > 0 && start + (nFrames - 1) * hop + n > length) {
    throw new MirkitError('BAD_SHAPE', `${nFrames} frames of ${n} samples from ${start} with hop ${hop} overrun a signal of ${length} samples`);
  }
}

/** Throws `BAD_SHAPE` unless the input and the output of a packed n-point transform hold n values each. */
function checkPacked(n: number, inLength: number, outLength: number): void {
  if (inLength < n || outLength < n) {
    throw new MirkitError('BAD_SHAPE', `a packed ${n}-point FFT needs ${n} input and ${n} output values, got ${inLength} and ${outLength}`);
  }
}

/** Throws `BAD_SHAPE` unless `need` values fit in an output of `length` values from `offset`. */
export function checkFrameOutput(length: number, offset: number, need: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + need > length) {
    throw new MirkitError('BAD_SHAPE', `output of ${length} values cannot hold ${need} values from offset ${offset}`);
  }
}

/**
 * Windows `n` samples of `signal` from `s` into the heap at float index `i0`
 * (`heap[i0 + i] = signal[s + i] * window[i]`, the product in float64 rounded to float32 as
 * stored), through a loop specialised to the array types (float32 or float64 signal, float64
 * window: what the STFT passes) so that the element accesses stay monomorphic.
 */
function windowFrame(heap: Float32Array, i0: number, signal: ArrayLike<number>, s: number, window: ArrayLike<number>, n: number): void {
  if (window instanceof Float64Array) {
    if (signal instanceof Float32Array) return window32(heap, i0, signal, s, window, n);
    if (signal instanceof Float64Array) return window64(heap, i0, signal, s, window, n);
  }
  for (let i = 0; i < n; i++) heap[i0 + i] = signal[s + i] * window[i];
}

/** {@link windowFrame} of a Float32Array signal. */
function window32(heap: Float32Array, i0: number, x: Float32Array, s: number, w: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) heap[i0 + i] = x[s + i] * w[i];
}

/** {@link windowFrame} of a Float64Array signal. */
function window64(heap: Float32Array, i0: number, x: Float64Array, s: number, w: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) heap[i0 + i] = x[s + i] * w[i];
}

/** PFFFT's ordered real output at float index `o` (`[X0, X(n/2), re1, im1, ...]`) into float64 `re`/`im` (bins 0..half). */
function unpack64(heap: Float32Array, o: number, half: number, re: Float64Array, im: Float64Array): void {
  re[0] = heap[o];
  im[0] = 0;
  re[half] = heap[o + 1];
  im[half] = 0;
  let k = 1;
  let j = o + 2;
  for (; k + 1 < half; k += 2, j += 4) {
    re[k] = heap[j];
    im[k] = heap[j + 1];
    re[k + 1] = heap[j + 2];
    im[k + 1] = heap[j + 3];
  }
  for (; k < half; k++, j += 2) {
    re[k] = heap[j];
    im[k] = heap[j + 1];
  }
}

/**
 * `|X[k]| ** power` of PFFFT's ordered real output at float index `o` (`[X0, X(n/2), re1, im1, ...]`)
 * into `out[ob .. ob + n/2]`, computed in float64 from the float32 values.
 */
function heapPower(heap: Float32Array, o: number, half: number, power: number, out: Float32Array, ob: number): void {
  const dc = heap[o];
  const ny = heap[o + 1];
  if (power === 2) {
    out[ob] = dc * dc;
    out[ob + half] = ny * ny;
    for (let k = 1, j = o + 2; k < half; k++, j += 2) {
      const a = heap[j];
      const b = heap[j + 1];
      out[ob + k] = a * a + b * b;
    }
  } else if (power === 1) {
    out[ob] = Math.sqrt(dc * dc);
    out[ob + half] = Math.sqrt(ny * ny);
    for (let k = 1, j = o + 2; k < half; k++, j += 2) {
      const a = heap[j];
      const b = heap[j + 1];
      out[ob + k] = Math.sqrt(a * a + b * b);
    }
  } else {
    const e = power / 2;
    out[ob] = Math.pow(dc * dc, e);
    out[ob + half] = Math.pow(ny * ny, e);
    for (let k = 1, j = o + 2; k < half; k++, j += 2) {
      const a = heap[j];
      const b = heap[j + 1];
      out[ob + k] = Math.pow(a * a + b * b, e);
    }
  }
}

/**
 * {@link heapPower} of the spectrum of the Hann-windowed frame from the spectrum X of the raw
 * frame (periodic Hann = 1/2 - cos/2, so `Y[k] = X[k]/2 - (X[k-1] + X[k+1])/4`, with
 * `X[-1] = conj X[1]` and `X[n/2+1] = conj X[n/2-1]`), in float64. Needs n >= 8. The inner
 * bins are computed as `4 Y[k] = 2 X[k] - (X[k-1] + X[k+1])` and scaled back by 1/16 in the
 * power: scaling by powers of two is exact, so the values equal the direct formula's.
 */
function heapHannPower(heap: Float32Array, o: number, half: number, power: number, out: Float32Array, ob: number): void {
  // the edges, where PFFFT's packing (X0 and X(n/2) real, side by side) breaks the pattern
  const x0 = heap[o];
  const xh = heap[o + 1];
  const y0 = 0.5 * x0 - 0.5 * heap[o + 2];
  const r1 = 0.5 * heap[o + 2] - 0.25 * (x0 + heap[o + 4]);
  const i1 = 0.5 * heap[o + 3] - 0.25 * heap[o + 5];
  const jl = o + 2 * (half - 1); // X[n/2 - 1]
  const rl = 0.5 * heap[jl] - 0.25 * (heap[jl - 2] + xh);
  const il = 0.5 * heap[jl + 1] - 0.25 * heap[jl - 1];
  const yh = 0.5 * xh - 0.5 * heap[jl];
  const end = o + 2 * (half - 1);
  if (power === 2) {
    let pr = heap[o + 2], pi = heap[o + 3], cr = heap[o + 4], ci = heap[o + 5];
    for (let j = o + 6, q = ob + 2; j <= end; j += 2, q++) {
      const nr = heap[j];
      const ni = heap[j + 1];
      const zr = 2 * cr - (pr + nr); // 4 Y[k], exactly
      const zi = 2 * ci - (pi + ni);
      out[q] = (zr * zr + zi * zi) * 0.0625;
      pr = cr;
      pi = ci;
      cr = nr;
      ci = ni;
    }
    out[ob] = y0 * y0;
    out[ob + 1] = r1 * r1 + i1 * i1;
    out[ob + half - 1] = rl * rl + il * il;
    out[ob + half] = yh * yh;
  } else if (power === 1) {
    let pr = heap[o + 2], pi = heap[o + 3], cr = heap[o + 4], ci = heap[o + 5];
    for (let j = o + 6, q = ob + 2; j <= end; j += 2, q++) {
      const nr = heap[j];
      const ni = heap[j + 1];
      const zr = 2 * cr - (pr + nr); // 4 Y[k], exactly
      const zi = 2 * ci - (pi + ni);
      out[q] = Math.sqrt((zr * zr + zi * zi) * 0.0625);
      pr = cr;
      pi = ci;
      cr = nr;
      ci = ni;
    }
    out[ob] = Math.abs(y0);
    out[ob + 1] = Math.sqrt(r1 * r1 + i1 * i1);
    out[ob + half - 1] = Math.sqrt(rl * rl + il * il);
    out[ob + half] = Math.abs(yh);
  } else {
    const e = power / 2;
    let pr = heap[o + 2], pi = heap[o + 3], cr = heap[o + 4], ci = heap[o + 5];
    for (let j = o + 6, q = ob + 2; j <= end; j += 2, q++) {
      const nr = heap[j];
      const ni = heap[j + 1];
      const zr = 2 * cr - (pr + nr); // 4 Y[k], exactly
      const zi = 2 * ci - (pi + ni);
      out[q] = Math.pow((zr * zr + zi * zi) * 0.0625, e);
      pr = cr;
      pi = ci;
      cr = nr;
      ci = ni;
    }
    out[ob] = Math.pow(y0 * y0, e);
    out[ob + 1] = Math.pow(r1 * r1 + i1 * i1, e);
    out[ob + half - 1] = Math.pow(rl * rl + il * il, e);
    out[ob + half] = Math.pow(yh * yh, e);
  }
}

/** The complex spectrum of the Hann-windowed frame (see {@link heapHannPower}) into `re`/`im` from `ob`. Needs n >= 8. */
function heapHannSpectrum(heap: Float32Array, o: number, half: number, re: Float32Array, im: Float32Array, ob: number): void {
  const x0 = heap[o];
  const xh = heap[o + 1];
  const jl = o + 2 * (half - 1);
  re[ob] = 0.5 * x0 - 0.5 * heap[o + 2];
  im[ob] = 0;
  re[ob + 1] = 0.5 * heap[o + 2] - 0.25 * (x0 + heap[o + 4]);
  im[ob + 1] = 0.5 * heap[o + 3] - 0.25 * heap[o + 5];
  let pr = heap[o + 2], pi = heap[o + 3], cr = heap[o + 4], ci = heap[o + 5];
  for (let j = o + 6, q = ob + 2; j <= jl; j += 2, q++) {
    const nr = heap[j];
    const ni = heap[j + 1];
    re[q] = 0.25 * (2 * cr - (pr + nr)); // exactly 0.5 cr - 0.25 (pr + nr)
    im[q] = 0.25 * (2 * ci - (pi + ni));
    pr = cr;
    pi = ci;
    cr = nr;
    ci = ni;
  }
  re[ob + half - 1] = 0.5 * heap[jl] - 0.25 * (heap[jl - 2] + xh);
  im[ob + half - 1] = 0.5 * heap[jl + 1] - 0.25 * heap[jl - 1];
  re[ob + half] = 0.5 * xh - 0.5 * heap[jl];
  im[ob + half] = 0;
}
