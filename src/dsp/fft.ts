/**
 * The FFT provider: {@link createRealFft}`(n, fft)` returns a real FFT plan of the implementation
 * the caller names, as a value. There is no process-wide backend: every transforming function
 * takes `fft?: FftOption` in its options and passes it down, so what one call does never changes
 * the output of another.
 *
 * - `'js'`: fft.js radix-4 for powers of two, Bluestein otherwise, float64 (`./fft-js.ts`).
 * - `'wasm'`: PFFFT, WebAssembly SIMD, float32 (`./fft-wasm.ts`), embedded in the library and
 *   instantiated synchronously on first use; sizes PFFFT does not handle run on `'js'`.
 * - `'auto'` (default): `'wasm'` where it runs in this host, else `'js'`.
 */
import { MirkitError } from '../errors.js';
import { createJsRealFft } from './fft-js.js';
import { pffftBackend, pffftSupports } from './fft-wasm.js';
import type { RealFft } from './fft-plan.js';
import { shown } from '../util/shown.js';

export type { FrameSpan, RealFft } from './fft-plan.js';
export { forwardFrames, forwardPowerFrames, forwardSpectrumFrames } from './fft-plan.js';
export { createJsRealFft, splitRealPair } from './fft-js.js';
export { PFFFT_CACHE_SIZE, pffftSupports, wasmSimdSupported } from './fft-wasm.js';

/**
 * Which FFT implementation a call uses: `'auto'` (default) the fastest that runs in this host
 * with no set-up call (PFFFT WebAssembly SIMD in Node >= 16.4 and current browsers, else
 * fft.js); `'js'` the portable float64 fft.js/Bluestein path; `'wasm'` PFFFT in float32, which
 * throws `UNSUPPORTED` where WebAssembly SIMD is unavailable. Results of `'js'` and `'wasm'`
 * agree within float32 rounding (relative error ~1e-7 of a spectrum's peak), far inside
 * librosa's complex64 output.
 */
export type FftOption = 'auto' | 'js' | 'wasm';

/** The implementations behind {@link FftOption}: `'js'`, `'wasm-simd'` (PFFFT SIMD); `'wasm'` is no longer produced. */
export type FftBackend = 'wasm-simd' | 'wasm' | 'js';

/**
 * The implementation `fft` resolves to in this host: `'wasm-simd'` for `'wasm'` (throws
 * `UNSUPPORTED` where it cannot run) and for `'auto'` where PFFFT runs, else `'js'`. Throws
 * `BAD_OPTION` for anything but `'auto'`, `'js'`, `'wasm'` or `undefined` (= `'auto'`).
 *
 * @example
 * ```ts
 * resolveFft();       // 'wasm-simd' in Node 20
 * resolveFft('js');   // 'js'
 * ```
 */
export function resolveFft(fft: FftOption = 'auto'): 'wasm-simd' | 'js' {
  if (fft === 'js') return 'js';
  if (fft !== 'auto' && fft !== 'wasm') {
    throw new MirkitError('BAD_OPTION', `fft must be 'auto', 'js' or 'wasm', got ${shown(fft)}`, { option: 'fft' });
  }
  if (pffftBackend()) return 'wasm-simd';
  if (fft === 'wasm') {
    throw new MirkitError('UNSUPPORTED', "fft: 'wasm' needs WebAssembly SIMD, which this host lacks; use 'auto' or 'js'", {
      option: 'fft',
    });
  }
  return 'js';
}

/**
 * Creates a real FFT plan of size `n` on the implementation `fft` names (see {@link FftOption};
 * default `'auto'`): PFFFT-wasm (float32) for n = 2^a 3^b 5^c, a >= 5, when `fft` resolves to
 * wasm; otherwise fft.js radix-4 for powers of two and Bluestein for other sizes (float64).
 * Synchronous, with no set-up call. Plans keep only scratch buffers (wasm plans borrow cached
 * per-size buffers), are cheap, and need no disposing. Throws `BAD_OPTION` unless n is a
 * positive integer or for an unknown `fft`; `UNSUPPORTED` for `'wasm'` where it cannot run.
 *
 * @example
 * ```ts
 * const fft = createRealFft(2048);              // 'auto'
 * const ref = createRealFft(2048, 'js');        // float64 fft.js
 * const re = new Float64Array(1025), im = new Float64Array(1025);
 * fft.forward(frame, re, im);
 * ```
 */
export function createRealFft(n: number, fft: FftOption = 'auto'): RealFft {
  if (!Number.isInteger(n) || n < 1) throw new MirkitError('BAD_OPTION', `FFT size must be a positive integer, got ${n}`);
  return runsOnPffft(n, fft) ? pffftBackend()!.create(n) : createJsRealFft(n);
}

/**
 * Whether {@link createRealFft}`(n, fft)` gives a PFFFT-wasm plan (`fft` resolves to wasm and
 * PFFFT handles size n), so that callers choose their path as the plan will. @internal
 */
export function runsOnPffft(n: number, fft: FftOption = 'auto'): boolean {
  return resolveFft(fft) !== 'js' && pffftSupports(n);
}

/** Options of {@link useWasmFft} (deprecated: accepted and ignored). */
export interface UseWasmFftOptions {
  /** Ignored: only the embedded SIMD build exists. */
  simd?: boolean;
  /** Ignored: the wasm bytes are embedded in the library. */
  wasmBinary?: {
    /** Ignored. */
    simd?: ArrayBuffer | Uint8Array;
    /** Ignored. */
    nonSimd?: ArrayBuffer | Uint8Array;
  };
}

/**
 * @deprecated There is no process-wide FFT backend any more: every transforming function takes
 * `fft?: 'auto' | 'js' | 'wasm'` and `'auto'` (default) already uses PFFFT-wasm where it runs.
 * Kept for compatibility: changes nothing and resolves whether PFFFT runs in this host
 * (`resolveFft('auto') === 'wasm-simd'`).
 */
export async function useWasmFft(_opts: UseWasmFftOptions = {}): Promise<boolean> {
  return resolveFft('auto') === 'wasm-simd';
}

/**
 * @deprecated Changes nothing (there is no process-wide FFT backend any more); pass
 * `fft: 'js'` in a call's options to run that call on fft.js.
 */
export function useJsFft(): void {}

/**
 * @deprecated Says what `fft: 'auto'` resolves to in this host ({@link resolveFft}); it no
 * longer depends on earlier calls.
 */
export function fftBackend(): FftBackend {
  return resolveFft('auto');
}

/** Memory figures of the WebAssembly FFT, from {@link wasmFftStats}. */
export interface WasmFftStats {
  /** Size of the wasm module's heap in bytes. */
  heapBytes: number;
  /** FFT sizes whose plans are cached (at most 8, least recently used evicted). */
  cachedSizes: number[];
  /** Aligned buffers currently allocated in the wasm heap. */
  liveAllocations: number;
}

/**
 * Wasm memory accounting of the embedded PFFFT (`null` where it cannot run): linear memory size
 * in bytes, the FFT sizes whose setup and buffers are cached, and mirkit's live aligned
 * allocations (3 per cached size). For tests and diagnostics; reading it changes nothing.
 */
export function wasmFftStats(): WasmFftStats | null {
  const b = pffftBackend();
  return b ? b.stats() : null;
}
