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

/** Windows longer than this are left to the caller's path (the kernel's memory holds n + size - 1 padded rows). */
const MAX_SIZE = 4096;

/** Lines filtered side by side per transposing block (a block's columns span one cache line of the input per line). */
const BLOCK = 16;

/** The kernel's working area in its memory (float offsets): the padded input rows, the first medians, the output rows. */
interface Area {
  heap: Float32Array;
  /** Lanes per row: the lines rounded up to whole pairs of lane groups (eight). */
  lanesP: number;
  initAt: number;
  dstAt: number;
}

/**
 * Most bytes of kernel memory one call uses: lines are filtered in blocks of lanes that fit (at least
 * eight), and the memory, which never shrinks, stays at most this size (a 30 s clip's spectrogram,
 * 1025 bins x 1296 frames, fits whole in 11 MB; a 10-minute one goes through in blocks of 80 bins).
 */
const MAX_AREA_BYTES = 16 << 20;

/** Lanes per block for lines of `n` values and windows of `size`: a multiple of eight that fits {@link MAX_AREA_BYTES}. */
function lanesPerBlock(n: number, size: number): number {
  return Math.max(8, Math.floor(MAX_AREA_BYTES / (4 * (2 * n + size)) / 8) * 8);
}

/**
 * The area for `lanes` lines of `n` values and windows of `size` (input rows from float 0), the
 * memory grown to hold it; null where the kernel is not available, the window is above
 * {@link MAX_SIZE} or the memory cannot grow that far.
 */
function areaFor(n: number, lanes: number, size: number): { k: Kernel; a: Area } | null {
  const k = size <= MAX_SIZE && n >= 2 && lanes >= 1 ? getKernel() : null;
  if (!k) return null;
  const lanesP = (lanes + 7) & ~7;
  const initAt = (n + size - 1) * lanesP,
    dstAt = initAt + lanesP;
  const need = (dstAt + n * lanesP) * 4;
  const mem = k.memory;
  if (mem.buffer.byteLength < need) {
    try {
      mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
    } catch {
      return null; // beyond what the engine gives one memory: the caller's path takes it
    }
  }
  return { k, a: { heap: new Float32Array(mem.buffer), lanesP, initAt, dstAt } };
}

/**
 * Each lane's first median (rank `floor(size / 2)` of input rows 0 .. size - 1) by selection, a zero one
 * by the sort, which orders -0 before +0 (the sign the sorted-window filter gives); then the kernel.
 */
function run(k: Kernel, a: Area, n: number, lanes: number, size: number): void {
  const { heap, lanesP, initAt, dstAt } = a;
  const left = size >> 1;
  const first = new Float32Array(size);
  for (let c = 0; c < lanes; c++) {
    for (let j = 0; j < size; j++) first[j] = heap[j * lanesP + c];
    let m = selectInPlace(first, size, left);
    if (m === 0) m = first.sort()[left];
    heap[initAt + c] = m;
  }
  heap.fill(0, initAt + lanes, initAt + lanesP);
  k.medianColumns(0, lanesP * 4, n, size, left, lanesP >> 3, initAt * 4, dstAt * 4);
}

/**
 * For each block of at most {@link lanesPerBlock} of the `count` lines of `n` values: `fill` copies the
 * block's lines (`b0 .. b0 + lanes`) into the area's input rows, the kernel filters them and `drain`
 * copies its output rows out. False, having done nothing, where the kernel cannot take the first block
 * (later blocks need no more memory).
 */
function eachBlock(
  n: number,
  count: number,
  size: number,
  fill: (a: Area, b0: number, lanes: number) => void,
  drain: (a: Area, b0: number, lanes: number) => void,
): boolean {
  const block = lanesPerBlock(n, size);
  for (let b0 = 0; b0 < count; b0 += block) {
    const lanes = Math.min(block, count - b0);
    const got = areaFor(n, lanes, size);
    if (!got) return false;
    fill(got.a, b0, lanes);
    run(got.k, got.a, n, lanes, size);
    drain(got.a, b0, lanes);
  }
  return true;
}

/**
 * Sliding medians (window `size`, reflect boundary, rank `floor(size / 2)`: `SlidingMedian`'s
 * semantics) of every column of the row-major `rows x cols` float32 matrix `src`, down the rows,
 * into `dst` (the same layout; may be `src`: a block reads and writes its own columns only), through
 * the kernel. Values are elements of each window, equal to the sorted-window filter's (a window
 * holding both -0 and +0 may give either zero). Finite inputs. Returns false, doing nothing, where
 * the kernel is not available (no WebAssembly SIMD), for a single row, or for windows above 4096.
 * @internal
 */
export function simdMedianDownColumns(src: Float32Array, rows: number, cols: number, size: number, dst: Float32Array): boolean {
  const left = size >> 1;
  const reflected = Int32Array.from({ length: rows + size - 1 }, (_, i) => reflectIndex(i - left, rows) * cols);
  return eachBlock(
    rows,
    cols,
    size,
    ({ heap, lanesP }, c0, lanes) => {
      for (let i = 0; i < reflected.length; i++) {
        const from = reflected[i] + c0;
        heap.set(src.subarray(from, from + lanes), i * lanesP);
        heap.fill(0, i * lanesP + lanes, (i + 1) * lanesP);
      }
    },
    ({ heap, lanesP, dstAt }, c0, lanes) => {
      if (lanesP === cols) dst.set(heap.subarray(dstAt, dstAt + rows * cols));
      else for (let t = 0; t < rows; t++) dst.set(heap.subarray(dstAt + t * lanesP, dstAt + t * lanesP + lanes), t * cols + c0);
    },
  );
}

/**
 * The same medians along `count` contiguous lines of `n` values (line l at `src[l * n ..)`, the
 * layout of `medianLines`) into the same places of `dst` (may be `src`: a block's lines are copied in
 * whole before any is written): the lines are copied into the kernel's lanes transposed (blocks of
 * {@link BLOCK} lines) and back. Returns false, doing nothing, where {@link simdMedianDownColumns} would.
 * @internal
 */
export function simdMedianLines(src: Float32Array, n: number, count: number, size: number, dst: Float32Array | Float64Array): boolean {
  const left = size >> 1;
  const padded = n + size - 1;
  const from = Int32Array.from({ length: padded }, (_, i) => reflectIndex(i - left, n));
  return eachBlock(
    n,
    count,
    size,
    ({ heap, lanesP }, b0, lanes) => {
      for (let l0 = 0; l0 < lanes; l0 += BLOCK) {
        const l1 = Math.min(lanes, l0 + BLOCK);
        for (let i = 0; i < padded; i++) {
          const o = i * lanesP,
            j = from[i] + b0 * n;
          for (let l = l0; l < l1; l++) heap[o + l] = src[l * n + j];
        }
      }
      if (lanesP > lanes) for (let i = 0; i < padded; i++) heap.fill(0, i * lanesP + lanes, (i + 1) * lanesP);
    },
    ({ heap, lanesP, dstAt }, b0, lanes) => {
      for (let l0 = 0; l0 < lanes; l0 += BLOCK) {
        const l1 = Math.min(lanes, l0 + BLOCK);
        for (let t = 0; t < n; t++) {
          const o = dstAt + t * lanesP,
            d = b0 * n + t;
          for (let l = l0; l < l1; l++) dst[l * n + d] = heap[o + l];
        }
      }
    },
  );
}
