/**
 * The WebAssembly SIMD kernel of sliding medians down the columns of a row-major float32 matrix
 * (scripts/wasm/median-columns.wat, embedded in `./median-columns-wasm.ts`): every column is a line,
 * eight columns are filtered at a time on the matrix as it is, so HPSS's median along time runs on a
 * frame-major spectrogram and its median along frequency on a bin-major one with no transpose of
 * their lines. `medianDownColumns` in `./median.ts` is its caller, with the transposing fallback.
 */
import { base85ToBytes } from '../base85.js';
import { inflateRaw } from './inflate.js';
import { reflectIndex } from './reflect.js';
import { selectInPlace } from './select.js';
import { MEDIAN_COLUMNS_WASM_BYTES, MEDIAN_COLUMNS_WASM_DEFLATE_BASE85 } from './median-columns-wasm.js';

/** The embedded kernel's wasm bytes (decoded and inflated on each call; for the loader and tests). @internal */
export function medianColumnsWasmBytes(): Uint8Array {
  return inflateRaw(base85ToBytes(MEDIAN_COLUMNS_WASM_DEFLATE_BASE85), MEDIAN_COLUMNS_WASM_BYTES);
}

/** The instantiated kernel and its memory. */
interface Kernel {
  memory: WebAssembly.Memory;
  medianColumns: (src: number, stride: number, n: number, k: number, r: number, pairs: number, init: number, dst: number) => void;
}

/** The kernel, instantiated on first use (`null`: WebAssembly SIMD is not available). It keeps no values between calls. */
let kernel: Kernel | null | undefined;

function getKernel(): Kernel | null {
  if (kernel === undefined) {
    kernel = null;
    try {
      if (typeof WebAssembly === 'object') {
        const bytes = medianColumnsWasmBytes() as BufferSource;
        if (WebAssembly.validate(bytes)) kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Kernel;
      }
    } catch {
      kernel = null;
    }
  }
  return kernel;
}

/** Windows longer than this are left to the caller's path (the kernel's memory holds rows + size - 1 padded rows). */
const MAX_SIZE = 4096;

/**
 * Sliding medians (window `size`, reflect boundary, rank `floor(size / 2)`: `SlidingMedian`'s
 * semantics) of every column of the row-major `rows x cols` float32 matrix `src`, down the rows,
 * into `dst` (the same layout; may be `src`), through the kernel. Values are elements of each
 * window, equal to the sorted-window filter's (a window holding both -0 and +0 may give either
 * zero). Finite inputs. Returns false, doing nothing, where the kernel is not available (no
 * WebAssembly SIMD), for a single row, or for windows above 4096.
 * @internal
 */
export function simdMedianDownColumns(src: Float32Array, rows: number, cols: number, size: number, dst: Float32Array): boolean {
  const k = size <= MAX_SIZE && rows >= 2 && cols >= 1 ? getKernel() : null;
  if (!k) return false;
  const left = size >> 1;
  const padded = rows + size - 1;
  const colsP = (cols + 7) & ~7; // columns in whole pairs of lane groups
  const stride = colsP * 4;
  // floats: the padded rows, the first medians, the output rows
  const srcAt = 0,
    initAt = padded * colsP,
    dstAt = initAt + colsP;
  const need = (dstAt + rows * colsP) * 4;
  const mem = k.memory;
  if (mem.buffer.byteLength < need) {
    try {
      mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
    } catch {
      return false; // beyond what the engine gives one memory: the caller's path takes it
    }
  }
  const heap = new Float32Array(mem.buffer);
  for (let i = 0; i < padded; i++) {
    const from = reflectIndex(i - left, rows) * cols;
    const to = srcAt + i * colsP;
    heap.set(src.subarray(from, from + cols), to);
    heap.fill(0, to + cols, to + colsP);
  }
  // each column's first median by selection; a zero one by the sort, which orders -0 before +0
  // (the sign the sorted-window filter gives)
  const first = new Float32Array(size);
  for (let c = 0; c < cols; c++) {
    for (let j = 0; j < size; j++) first[j] = heap[srcAt + j * colsP + c];
    let m = selectInPlace(first, size, left);
    if (m === 0) m = first.sort()[left];
    heap[initAt + c] = m;
  }
  heap.fill(0, initAt + cols, initAt + colsP);
  k.medianColumns(srcAt * 4, stride, rows, size, left, colsP >> 3, initAt * 4, dstAt * 4);
  if (colsP === cols) dst.set(heap.subarray(dstAt, dstAt + rows * cols));
  else for (let t = 0; t < rows; t++) dst.set(heap.subarray(dstAt + t * colsP, dstAt + t * colsP + cols), t * cols);
  return true;
}
