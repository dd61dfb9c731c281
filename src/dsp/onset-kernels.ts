/**
 * The onset envelope's decibel kernel (`decibels` of scripts/wasm/rhythm.wat), on wasm memory of its own:
 * the mel bands' decibels with the operations of the JavaScript table path of src/features/db.ts, so the
 * same values bit for bit. It lives in the rhythm module, linked on first use, so that bundles of features
 * that never compute an onset envelope do not carry it.
 */
import type { FftOption } from './fft.js';
import { linkedRhythmKernels } from './rhythm-kernel.js';

/** Values per kernel call (256 KB of wasm memory, with the table). */
const DECIBEL_VALUES = 1 << 16;

/**
 * `10 log10(max(v, amin)) - offset` of every float32 value of `values` into `out` (may be `values`)
 * as the table path of src/features/db.ts computes it (`table`: its 256 pairs `[ln c_j, 1 / c_j]`;
 * `low`: the bits of the largest float32 at most `amin`, which must be at least 2^-126;
 * `aminDb`: the value anything at most `amin` gives, the smallest there is), bit for bit; returns the
 * largest value before rounding, or `null` where `fft` resolves to `'js'` or the kernel cannot be
 * linked (the caller keeps its JavaScript loop). @internal
 */
// biome-ignore format: one line
export function wasmDecibels(values: Float32Array, out: Float32Array, table: Float64Array, low: number, aminDb: number, offset: number, fft: FftOption): number | null {
  const linked = linkedRhythmKernels(fft);
  if (!linked) return null;
  const { mod } = linked;
  const chunk = Math.min(DECIBEL_VALUES, values.length);
  const bytes = 8 * table.length + 4 * ((chunk + 3) & ~3);
  const ptr = mod._pffft_aligned_malloc(bytes);
  if (!ptr) throw new Error(`PFFFT: out of wasm memory allocating ${bytes} bytes`);
  try {
    new Float64Array(mod.HEAPU8.buffer, ptr, table.length).set(table);
    const src = (ptr >> 2) + 2 * table.length;
    let max = Number.NEGATIVE_INFINITY;
    for (let i0 = 0; i0 < values.length; i0 += DECIBEL_VALUES) {
      const count = Math.min(DECIBEL_VALUES, values.length - i0);
      const heap = mod.HEAPF32;
      heap.set(values.subarray(i0, i0 + count), src);
      heap.fill(0, src + count, src + ((count + 3) & ~3)); // a partial last quad: zeros give aminDb
      max = Math.max(max, linked.decibels(4 * src, count, ptr, low, aminDb, offset));
      out.set(heap.subarray(src, src + count), i0);
    }
    return max;
  } finally {
    mod._pffft_aligned_free(ptr);
  }
}
