/**
 * The kernels of tempo estimation and the predominant local pulse (scripts/wasm/rhythm.wat), on wasm memory
 * of their own: plp's overlap-add of single-bin inverse DFTs and tempo's mean-tempogram sweep. Each
 * allocates its block when created and frees it on `release`.
 */
import type { FftOption } from './fft.js';
import { linkedRhythmKernels } from './rhythm-kernel.js';

/**
 * Sums of windowed sinusoids over `length` float64 outputs in wasm memory (plp's overlap-add of single-bin
 * inverse DFTs, `overlapAdd` of scripts/wasm/rhythm.wat): the same products and sums as the JavaScript loop.
 * Holds its own wasm block from creation to {@link OverlapAddKernel.release}. @internal
 */
export interface OverlapAddKernel {
  /** `out[at + j] += win[from + j] * (a * cos[i_j] - b * sin[i_j])`, j < count, i_j = (idx + j k) mod n. */
  add(at: number, from: number, count: number, idx: number, k: number, a: number, b: number): void;
  /** The sums so far (a copy). */
  result(): Float64Array;
  /** Frees the wasm block (the kernel is unusable afterwards). */
  release(): void;
}

/**
 * The overlap-add kernel for `length` outputs with the n-point tables `win`, `cos`, `sin`, or `undefined` where
 * `fft` is `'js'` or the kernels cannot be linked (the caller keeps its JavaScript loop).
 */
export function overlapAddKernel(
  length: number,
  win: Float64Array,
  cos: Float64Array,
  sin: Float64Array,
  fft: FftOption | undefined,
): OverlapAddKernel | undefined {
  const linked = linkedRhythmKernels(fft);
  if (!linked) return undefined;
  const { mod } = linked;
  const n = win.length;
  const bytes = 8 * (length + 3 * n);
  const ptr = mod._pffft_aligned_malloc(bytes);
  if (!ptr) throw new Error(`PFFFT: out of wasm memory allocating ${bytes} bytes`);
  const winPtr = ptr + 8 * length;
  const cosPtr = winPtr + 8 * n;
  const sinPtr = cosPtr + 8 * n;
  const buffer = mod.HEAPU8.buffer;
  new Float64Array(buffer, ptr, length).fill(0);
  new Float64Array(buffer, winPtr, n).set(win);
  new Float64Array(buffer, cosPtr, n).set(cos);
  new Float64Array(buffer, sinPtr, n).set(sin);
  return {
    add(at, from, count, idx, k, a, b) {
      linked.overlapAdd(ptr + 8 * at, winPtr + 8 * from, cosPtr, sinPtr, count, idx, k, a, b, n);
    },
    result() {
      return new Float64Array(mod.HEAPU8.buffer, ptr, length).slice();
    },
    release() {
      mod._pffft_aligned_free(ptr);
    },
  };
}

/**
 * tempo's mean-tempogram sweep (`sweepParity` of src/features/mean-tempogram.ts) in wasm memory: the state
 * `S0`/`S1` (float64 pairs, one guard pair at each end) and sums `A0`/`A1` of the even and odd bins are
 * views of it, zeroed, valid until {@link MeanSweepKernel.release} as long as nothing else allocates wasm
 * memory meanwhile. @internal
 */
export interface MeanSweepKernel {
  readonly S0: Float64Array;
  readonly S1: Float64Array;
  readonly A0: Float64Array;
  readonly A1: Float64Array;
  /** One step of parity q: the same operations as sweepParity(S_q, T_q, M_q, q, L, d, out, weight, A_q). */
  sweep(q: 0 | 1, L: number, d: number, out: number, weight: number): void;
  /** Frees the wasm block. */
  release(): void;
}

/** The sweep kernel for the twiddles `T0`, `T1` (cos/sin pairs of M0 and M1 bins), or `undefined` where `fft` is `'js'` or the kernels cannot be linked. */
export function meanSweepKernel(T0: Float64Array, T1: Float64Array, fft: FftOption | undefined): MeanSweepKernel | undefined {
  const linked = linkedRhythmKernels(fft);
  if (!linked) return undefined;
  const { mod } = linked;
  const M = [T0.length >> 1, T1.length >> 1];
  // per parity: state 2 (M + 2), twiddle quads 4 M, sums M float64
  const size = (m: number): number => 2 * (m + 2) + 4 * m + m + 1;
  const ptr = mod._pffft_aligned_malloc(8 * (size(M[0]) + size(M[1])));
  if (!ptr) throw new Error('PFFFT: out of wasm memory allocating the tempo sweep');
  const buffer = mod.HEAPU8.buffer;
  const parts = [T0, T1].map((T, q) => {
    const base = ptr + 8 * (q === 0 ? 0 : size(M[0]));
    const m = M[q];
    const S = new Float64Array(buffer, base, 2 * (m + 2)).fill(0);
    const tw = new Float64Array(buffer, base + 16 * (m + 2), 4 * m);
    for (let k = 0; k < m; k++) tw.set([T[2 * k], T[2 * k], -T[2 * k + 1], T[2 * k + 1]], 4 * k);
    const A = new Float64Array(buffer, base + 16 * (m + 2) + 32 * m, m).fill(0);
    return { S, twPtr: base + 16 * (m + 2), A, Sptr: base, Aptr: base + 16 * (m + 2) + 32 * m };
  });
  return {
    S0: parts[0].S,
    S1: parts[1].S,
    A0: parts[0].A,
    A1: parts[1].A,
    sweep(q, L, d, out, weight) {
      const p = parts[q];
      linked.sweep(p.Sptr, p.twPtr, M[q], q, L, d, out, weight, p.Aptr);
    },
    release() {
      mod._pffft_aligned_free(ptr);
    },
  };
}
