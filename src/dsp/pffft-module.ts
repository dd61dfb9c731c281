/**
 * Loading the embedded PFFFT build: its bytes (deflated base-85 in `./pffft-simd-wasm.ts`) and a
 * synchronous instantiation that supplies the three host functions the emscripten build imports.
 */
import { MirkitError } from '../errors.js';
import { base85ToBytes } from '../base85.js';
import { PFFFT_SIMD_WASM_BYTES, PFFFT_SIMD_WASM_DEFLATE_BASE85 } from './pffft-simd-wasm.js';
import { inflateRaw } from './inflate.js';
import { HANN_POWER_WASM_BYTES, HANN_POWER_WASM_DEFLATE_BASE85 } from './hann-power-wasm.js';

/** The PFFFT functions mirkit calls, under their C names, plus a float32 view kept current. */
export interface PffftModule {
  _pffft_new_setup(n: number, transform: number): number;
  _pffft_destroy_setup(setup: number): void;
  _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: number): void;
  /** The transform with the spectrum in PFFFT's internal order (for kernels that need no ordering). */
  _pffft_transform(setup: number, input: number, output: number, work: number, direction: number): void;
  _pffft_aligned_malloc(bytes: number): number;
  _pffft_aligned_free(ptr: number): void;
  _pffft_simd_size(): number;
  /**
   * mirkit's kernel on PFFFT's memory (scripts/wasm/hann-power.wat), absent where it did not
   * instantiate: `(setup, sig, hopBytes, nFrames, n, in, out, work, dst, mode)` transforms nFrames
   * raw float32 frames (frame t at byte `sig + t * hopBytes`) and writes the power (mode 2) or
   * magnitude (mode 1) of their periodic-Hann-windowed spectra, bins 0 .. n/2, frame-major at `dst`.
   */
  readonly _mirkit_hann_power_frames?: (...args: number[]) => void;
  /**
   * mirkit's filterbank kernel on PFFFT's memory (`sparseBands` of scripts/wasm/hann-power.wat), absent
   * where it did not instantiate: `(src, srcStride, count, dst, dstStride, rows, bands, weights)` writes
   * the float32 bands of `count` float32 spectra (frame t at byte `src + t * srcStride`) to byte `dst + t *
   * dstStride` (both areas need room up to the next multiple of 8 frames), band m = the float64 sum in bin
   * order of `weights[offset[m] + i] * spectrum[start[m] + i]`, i < `length[m]` (float64 `weights`; int32
   * triples `4 start[m], 8 offset[m], 8 (offset[m] + length[m])` at `bands`).
   */
  readonly _mirkit_sparse_bands?: (...args: number[]) => void;
  /** The wasm memory, for kernels linked to it later (src/dsp/rhythm-kernel.ts). */
  readonly memory: WebAssembly.Memory;
  /**
   * mirkit's folded type-2 DCT kernel (`cepstra` of scripts/wasm/hann-power.wat), absent where it did not
   * instantiate: `(src, n, count, F, len, rows, lift, fold, dst, dstStride)`, eight frames per pass.
   */
  readonly _mirkit_cepstra?: (...args: number[]) => void;
  /**
   * mirkit's onset-flux kernel (`fluxMean` of scripts/wasm/hann-power.wat), absent where it did not
   * instantiate: `(src, bands, count, lagBytes, floor, dst)`, four frames per step.
   */
  readonly _mirkit_flux_mean?: (...args: number[]) => void;
  /**
   * mirkit's exponent scan (`exponentsBelow` of scripts/wasm/hann-power.wat), absent where it did not
   * instantiate: `(ptr, count, add)` returns the or of `(w & 0x7f800000) + add` over int32 words.
   */
  readonly _mirkit_exponents_below?: (...args: number[]) => number;
  /**
   * mirkit's twelve-row projection (`chroma12` of scripts/wasm/hann-power.wat), absent where it did not
   * instantiate: `(src, bins, count, w, dst)`, two frames per pass.
   */
  readonly _mirkit_chroma12?: (...args: number[]) => void;
  /**
   * mirkit's masked inverse STFT step (`maskedOverlapAdd` of scripts/wasm/hann-power.wat), absent where it
   * did not instantiate: `(setup, n, count, re, im, mask, hop, scale, win, spec, out, work, acc)`.
   */
  readonly _mirkit_masked_overlap_add?: (...args: number[]) => void;
  /**
   * mirkit's CQT octave kernel (`cqtFrames` of scripts/wasm/hann-power.wat), absent where it did not
   * instantiate: `(setup, n, count, sig, hopBytes, in, out, work, rows, table, resp)`.
   */
  readonly _mirkit_cqt_frames?: (...args: number[]) => void;
  /**
   * mirkit's 2:1 decimator of the resampler (`decimate2` of scripts/wasm/hann-power.wat), absent where it
   * did not instantiate: `(fwd, inv, src, n, blocks, stepBytes, ab, in, X, Yd, yd, work, dst, i0, per, count)`.
   */
  readonly _mirkit_decimate2?: (...args: number[]) => void;
  /** Float32 view of the wasm memory (re-created after the memory grows). */
  readonly HEAPF32: Float32Array;
  /** Byte view of the wasm memory. */
  readonly HEAPU8: Uint8Array;
}

/** The embedded SIMD build's bytes (decoded and inflated on each call; for the loader and tests). */
export function pffftSimdWasmBytes(): Uint8Array {
  return inflateRaw(base85ToBytes(PFFFT_SIMD_WASM_DEFLATE_BASE85), PFFFT_SIMD_WASM_BYTES);
}

/** The embedded power-spectrum kernels' wasm bytes (decoded and inflated on each call; for the loader and tests). */
export function hannPowerWasmBytes(): Uint8Array {
  return inflateRaw(base85ToBytes(HANN_POWER_WASM_DEFLATE_BASE85), HANN_POWER_WASM_BYTES);
}

/** emscripten's heap limit for this build: 2 GiB. */
const HEAP_MAX = 2147483648;

/**
 * Instantiates PFFFT from its wasm bytes synchronously and wires the three imports of the
 * emscripten build: `a.a` (`__assert_fail`: throws), `a.b` (`emscripten_resize_heap`: grows the
 * memory to at least the requested size, by about 20 % at a time, as emscripten does), `a.c`
 * (`_emscripten_memcpy_js`: a copy within the memory). Exports are minified names; their meaning
 * is fixed by the build: d memory, e constructors, f aligned_malloc, h aligned_free,
 * j simd_size, k new_setup, l destroy_setup, o transform, p transform_ordered.
 */
export function instantiatePffft(bytes: Uint8Array): PffftModule {
  let memory: WebAssembly.Memory | undefined;
  let f32 = new Float32Array(0);
  let u8 = new Uint8Array(0);
  const views = (): void => {
    if (u8.buffer !== memory!.buffer) {
      u8 = new Uint8Array(memory!.buffer);
      f32 = new Float32Array(memory!.buffer);
    }
  };
  const imports = {
    a: {
      a: (_cond: number, _file: number, line: number): never => {
        throw new MirkitError('UNSUPPORTED', `PFFFT assertion failed (line ${line})`);
      },
      b: (requested: number): number => {
        const old = memory!.buffer.byteLength;
        requested >>>= 0;
        if (requested > HEAP_MAX) return 0;
        for (let cut = 1; cut <= 4; cut *= 2) {
          let size = old * (1 + 0.2 / cut);
          size = Math.min(size, requested + 100663296);
          size = Math.min(HEAP_MAX, Math.ceil(Math.max(requested, size) / 65536) * 65536);
          try {
            memory!.grow(((size - old + 65535) / 65536) | 0);
            views();
            return 1;
          } catch {
            // try a smaller step
          }
        }
        return 0;
      },
      c: (dest: number, src: number, num: number): void => {
        views();
        u8.copyWithin(dest, src, src + num);
      },
    },
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), imports);
  const ex = instance.exports as Record<string, unknown>;
  memory = ex.d as WebAssembly.Memory;
  views();
  (ex.e as () => void)();
  const fn = (name: string) => ex[name] as (...args: number[]) => number;
  const kernels = instantiateKernels(memory, ex.p as (...args: number[]) => void);
  return {
    memory,
    _mirkit_hann_power_frames: kernels?.hannPowerFrames,
    _mirkit_sparse_bands: kernels?.sparseBands,
    _mirkit_cepstra: kernels?.cepstra,
    _mirkit_flux_mean: kernels?.fluxMean,
    _mirkit_exponents_below: kernels?.exponentsBelow,
    _mirkit_chroma12: kernels?.chroma12,
    _mirkit_masked_overlap_add: kernels?.maskedOverlapAdd,
    _mirkit_cqt_frames: kernels?.cqtFrames,
    _mirkit_decimate2: kernels?.decimate2,
    _pffft_aligned_malloc: fn('f'),
    _pffft_aligned_free: fn('h'),
    _pffft_simd_size: fn('j'),
    _pffft_new_setup: fn('k'),
    _pffft_destroy_setup: fn('l'),
    _pffft_transform_ordered: fn('p'),
    _pffft_transform: fn('o'),
    get HEAPF32() {
      views();
      return f32;
    },
    get HEAPU8() {
      views();
      return u8;
    },
  };
}

/**
 * The power-spectrum kernels (`./hann-power-wasm.ts`) linked to PFFFT's memory and transform: their
 * exports, or `undefined` where the host refuses them (the callers then keep their JavaScript loops).
 */
function instantiateKernels(memory: WebAssembly.Memory, fft: (...args: number[]) => void): Record<string, (...args: number[]) => number> | undefined {
  try {
    const env = { memory, fft };
    return new WebAssembly.Instance(new WebAssembly.Module(hannPowerWasmBytes() as BufferSource), { env }).exports as Record<
      string,
      (...args: number[]) => number
    >;
  } catch {
    return undefined;
  }
}
