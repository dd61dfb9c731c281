/**
 * A WebAssembly SIMD kernel of the sliding-window median (the engine of `medianLines` on float32
 * lines where WebAssembly SIMD validates), assembled here from its instructions: no binary asset,
 * no async loading (the module is 1-3 KB, compiled synchronously on first use).
 *
 * The window is kept unsorted in `ceil(k / 4)` f32x4 vectors (a ring: the incoming sample
 * replaces the outgoing one in its slot; lanes past k hold +Infinity). The median moves by at
 * most one rank per step, so from the previous median m the new one is m itself, the largest
 * value below m, or the smallest above m: one pass over the vectors counts the values below and
 * at most m (compare masks) and finds both neighbours (values outside the wanted side masked to
 * NaN, which `pmax`/`pmin` skip), and scalar selects pick the answer: no branches. Two lines run
 * side by side in one call (two independent dependency chains). The result is an element of the
 * window, as the sorted-window filter's.
 */
import { BoundedCache } from '../util/cache.js';
import { WASM_HEADER } from '../util/wasm.js';
import { reflectIndex } from './reflect.js';
import { selectInPlace } from './select.js';

/** Signed LEB128 of a 32-bit integer. */
function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** Unsigned LEB128. */
function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** A section: id, byte length, contents. */
function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const get = (l: number): number[] => [0x20, ...uleb(l)];
const set = (l: number): number[] => [0x21, ...uleb(l)];
const tee = (l: number): number[] => [0x22, ...uleb(l)];
const i32c = (v: number): number[] => [0x41, ...sleb(v)];
const f32c = (v: number): number[] => {
  const b = new Uint8Array(new Float32Array([v]).buffer);
  return [0x43, b[0], b[1], b[2], b[3]];
};
const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
const i32add = 0x6a,
  i32sub = 0x6b,
  i32shl = 0x74;
const i32eq = 0x46,
  i32gtu = 0x4b,
  i32leu = 0x4d,
  i32geu = 0x4f;
const select = 0x1b;
const f32load = (off = 0): number[] => [0x2a, 2, ...uleb(off)];
const f32store = (off = 0): number[] => [0x38, 2, ...uleb(off)];
/** The address of float32 element `index` of the array at the address in local `base`: `base + (index << 2)` (`index`: code leaving an i32). */
const f32addr = (base: number, index: number[]): number[] => [...get(base), ...index, ...i32c(2), i32shl, i32add];
// SIMD opcodes (after the 0xfd prefix)
// biome-ignore format: an opcode table, one line per group
const V128_LOAD = 0x00, SPLAT_F32 = 0x13, SHUFFLE = 0x0d, I32_EXTRACT = 0x1b, F32_EXTRACT = 0x1f;
// biome-ignore format: an opcode table, one line per group
const F32_LE = 0x45, F32_GE = 0x46, V128_OR = 0x50, V128_CONST = 0x0c, I32_ADD = 0xae, F32_PMIN = 0xea, F32_PMAX = 0xeb;
/** i8x16.shuffle lanes swapping the 64-bit halves, and the 32-bit lanes within each half. */
const SWAP_HALVES = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
const SWAP_PAIRS = [4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11];

/** Lines filtered side by side by one kernel call (two independent dependency chains). */
const LINES = 2;

/**
 * Local indices of the kernel for `L` lines: params `n, k, r`, per line `ext, out, win` (byte
 * offsets) and the starting median `m`; then i32, f32 and v128 locals.
 */
function layout(L: number) {
  const p0 = 3 + 4 * L;
  const f0 = p0 + 2 + 2 * L;
  const v0 = f0 + 2 * L;
  return {
    N: 0,
    K: 1,
    R: 2,
    EXT: (l: number) => 3 + 3 * l,
    OUT: (l: number) => 4 + 3 * l,
    WIN: (l: number) => 5 + 3 * l,
    M: (l: number) => 3 + 3 * L + l,
    I: p0,
    SLOT: p0 + 1,
    A: (l: number) => p0 + 2 + 2 * l,
    B: (l: number) => p0 + 3 + 2 * l,
    BELOW: (l: number) => f0 + 2 * l,
    ABOVE: (l: number) => f0 + 2 * l + 1,
    NEG: v0,
    POS: v0 + 1,
    T: v0 + 2,
    W: v0 + 3,
    GE: v0 + 4,
    LE: v0 + 5,
    ZERO: v0 + 6,
    MV: (l: number) => v0 + 7 + 5 * l,
    ACCGE: (l: number) => v0 + 8 + 5 * l,
    ACCLE: (l: number) => v0 + 9 + 5 * l,
    MX: (l: number) => v0 + 10 + 5 * l,
    MN: (l: number) => v0 + 11 + 5 * l,
    counts: { i32: 2 + 2 * L, f32: 2 * L, v128: 7 + 5 * L },
  };
}

/** Horizontal reduction of the v128 on the stack with `op` (through local `t`), leaving lane 0. */
function horizontal(op: number, extract: number, t: number): number[] {
  return [
    ...tee(t),
    ...get(t),
    ...get(t),
    ...simd(SHUFFLE, ...SWAP_HALVES),
    ...simd(op),
    ...tee(t),
    ...get(t),
    ...get(t),
    ...simd(SHUFFLE, ...SWAP_PAIRS),
    ...simd(op),
    ...simd(extract, 0),
  ];
}

/**
 * `median(n, k, r, ext_0, out_0, win_0, ..., m_0, ...)` over `L` lines at once, windows of
 * `nvec` vectors (k <= 4 nvec, unused lanes +Infinity): for i = 1 .. n-1 each line's window holds
 * ext[i .. i + k) (ring slot = sample index mod k; the replacement for step i + 1 is stored after
 * step i's loads, so no load waits on a store), and out[i] receives its element of rank r, found
 * from the previous median (`m` for i = 0). Byte offsets; windows 16-byte aligned; the caller
 * stores the replacement of step 1 (slot 0) first.
 */
function kernelBody(nvec: number, L: number): number[] {
  const x = layout(L);
  const lines = Array.from({ length: L }, (_, l) => l);
  const code: number[] = [
    ...f32c(-Infinity),
    ...simd(SPLAT_F32),
    ...set(x.NEG),
    ...f32c(Infinity),
    ...simd(SPLAT_F32),
    ...set(x.POS),
    ...simd(V128_CONST, ...new Array(16).fill(0)),
    ...set(x.ZERO),
    ...i32c(1),
    ...set(x.I),
    // step 2's replacement goes to slot 1 mod k
    ...i32c(0),
    ...i32c(1),
    ...get(x.K),
    ...i32c(1),
    i32eq,
    select,
    ...set(x.SLOT),
    0x02,
    0x40, // block $done
    0x03,
    0x40, // loop $steps
    ...get(x.I),
    ...get(x.N),
    i32geu,
    0x0d,
    1, // br_if $done
  ];
  for (const l of lines) code.push(...get(x.M(l)), ...simd(SPLAT_F32), ...set(x.MV(l)));
  for (let v = 0; v < nvec; v++) {
    for (const l of lines) {
      // masks w >= m and w <= m; candidates: w where w < m (else NaN, all ones: w | (w >= m)),
      // w where w > m (else NaN); pmax/pmin skip NaN lanes when the accumulator is the first operand
      code.push(...get(x.WIN(l)), ...simd(V128_LOAD, 4, ...uleb(16 * v)), ...tee(x.W), ...get(x.MV(l)), ...simd(F32_GE), ...set(x.GE));
      code.push(...get(x.W), ...get(x.MV(l)), ...simd(F32_LE), ...set(x.LE));
      const first = v === 0;
      code.push(...get(first ? x.ZERO : x.ACCGE(l)), ...get(x.GE), ...simd(I32_ADD), ...set(x.ACCGE(l)));
      code.push(...get(first ? x.ZERO : x.ACCLE(l)), ...get(x.LE), ...simd(I32_ADD), ...set(x.ACCLE(l)));
      code.push(...get(first ? x.NEG : x.MX(l)), ...get(x.W), ...get(x.GE), ...simd(V128_OR), ...simd(F32_PMAX), ...set(x.MX(l)));
      code.push(...get(first ? x.POS : x.MN(l)), ...get(x.W), ...get(x.LE), ...simd(V128_OR), ...simd(F32_PMIN), ...set(x.MN(l)));
    }
  }
  for (const l of lines) {
    // win[slot] = ext[i + k] (the next step's sample; one past the line on the last step, harmless)
    code.push(...f32addr(x.WIN(l), get(x.SLOT)), ...f32addr(x.EXT(l), [...get(x.I), ...get(x.K), i32add]), ...f32load(), ...f32store());
  }
  // slot = slot + 1 == k ? 0 : slot + 1
  code.push(...i32c(0), ...get(x.SLOT), ...i32c(1), i32add, ...tee(x.SLOT), ...get(x.SLOT), ...get(x.K), i32eq, select, ...set(x.SLOT));
  for (const l of lines) {
    code.push(
      // a = count(w < m) = 4 nvec - count(w >= m) (mask lanes are -1), b = count(w <= m)
      ...i32c(4 * nvec),
      ...get(x.ACCGE(l)),
      ...horizontal(I32_ADD, I32_EXTRACT, x.T),
      i32add,
      ...set(x.A(l)),
      ...i32c(0),
      ...get(x.ACCLE(l)),
      ...horizontal(I32_ADD, I32_EXTRACT, x.T),
      i32sub,
      ...set(x.B(l)),
      // the largest value below m and the smallest above it
      ...get(x.MX(l)),
      ...horizontal(F32_PMAX, F32_EXTRACT, x.T),
      ...set(x.BELOW(l)),
      ...get(x.MN(l)),
      ...horizontal(F32_PMIN, F32_EXTRACT, x.T),
      ...set(x.ABOVE(l)),
      // m = a > r ? below : (b <= r ? above : m)
      ...get(x.BELOW(l)),
      ...get(x.ABOVE(l)),
      ...get(x.M(l)),
      ...get(x.B(l)),
      ...get(x.R),
      i32leu,
      select,
      ...get(x.A(l)),
      ...get(x.R),
      i32gtu,
      select,
      ...set(x.M(l)),
      // out[i] = m
      ...f32addr(x.OUT(l), get(x.I)),
      ...get(x.M(l)),
      ...f32store(),
    );
  }
  code.push(
    ...get(x.I),
    ...i32c(1),
    i32add,
    ...set(x.I),
    0x0c,
    0, // br $steps
    0x0b, // end loop $steps
    0x0b, // end block $done
    0x0b, // end function
  );
  const c = x.counts;
  return [3, ...uleb(c.i32), 0x7f, ...uleb(c.f32), 0x7d, ...uleb(c.v128), 0x7b, ...code];
}

/** The whole module for windows of `nvec` vectors and `L` lines: one memory (exported), one function `median`. */
function moduleBytes(nvec: number, L = LINES): Uint8Array<ArrayBuffer> {
  const fn = kernelBody(nvec, L);
  const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  const params = [...new Array(3 + 3 * L).fill(0x7f), ...new Array(L).fill(0x7d)];
  const bytes = [
    ...WASM_HEADER,
    ...section(1, [1, 0x60, ...uleb(params.length), ...params, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...name('memory'), 2, 0, ...name('median'), 0, 0]),
    ...section(10, [1, ...uleb(fn.length), ...fn]),
  ];
  return new Uint8Array(bytes);
}

/** The compiled kernel and its memory. */
interface Kernel {
  memory: WebAssembly.Memory;
  median: (n: number, k: number, r: number, ext0: number, out0: number, win0: number, ext1: number, out1: number, win1: number, m0: number, m1: number) => void;
}

/** Longest window handled by the kernel (longer windows keep the JavaScript filter). */
const MAX_VECS = 16;

/** Compiled kernels per window length in vectors (null: WebAssembly SIMD not available). */
const kernels = new BoundedCache<number, Kernel | null>(MAX_VECS);

/** The kernel for windows of `nvec` vectors, compiled on first use; null where WebAssembly SIMD is not available. */
function getKernel(nvec: number): Kernel | null {
  return kernels.get(nvec, () => compileKernel(nvec));
}

/** Compiles the kernel for windows of `nvec` vectors; null where WebAssembly SIMD is not available. */
function compileKernel(nvec: number): Kernel | null {
  try {
    if (typeof WebAssembly === 'object') {
      const bytes = moduleBytes(nvec);
      if (WebAssembly.validate(bytes)) return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Kernel;
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * Sliding medians of float32 lines through the WebAssembly SIMD kernel (see the module comment),
 * with the semantics of `SlidingMedian` (reflect boundary, rank `floor(k/2)`), two lines per
 * kernel call. Values are elements of each window, equal to the sorted-window filter's (a
 * window holding both -0 and +0 may report either zero). For finite inputs only.
 * @internal
 */
export class SimdMedian {
  /** Window size. */
  readonly size: number;
  private readonly k: Kernel;
  private readonly nvec: number;
  private readonly first: Float32Array;
  private heap: Float32Array;

  private constructor(size: number, k: Kernel) {
    this.size = size;
    this.k = k;
    this.nvec = Math.ceil(size / 4);
    this.first = new Float32Array(size);
    this.heap = new Float32Array(k.memory.buffer);
  }

  /** A filter of window `size`, or null where WebAssembly SIMD is not available (or size > 64). */
  static create(size: number): SimdMedian | null {
    if (!Number.isInteger(size) || size < 1 || size > 4 * MAX_VECS) return null;
    const k = getKernel(Math.ceil(size / 4));
    return k ? new SimdMedian(size, k) : null;
  }

  /**
   * Filters `count` lines of `n` values, line l at `src[srcOffset + l * srcStride ..)` (reflect
   * boundary), into `dst[dstOffset + l * dstStride ..)`, contiguous. In place is safe.
   */
  runLines(
    src: Float32Array,
    srcOffset: number,
    srcStride: number,
    count: number,
    n: number,
    dst: Float32Array | Float64Array,
    dstOffset: number,
    dstStride: number,
  ): void {
    const k = this.size;
    const len = n + k - 1;
    const winF = this.nvec * 4;
    const extF = (len + 3) & ~3;
    const nF = (n + 3) & ~3;
    // per line slot s (0, 1): window, padded line, output
    const win0 = 0,
      win1 = winF;
    const ext0 = 2 * winF,
      ext1 = ext0 + extF;
    const out0 = ext1 + extF,
      out1 = out0 + nF;
    const need = (out1 + nF) * 4;
    const mem = this.k.memory;
    if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
    if (this.heap.buffer !== mem.buffer) this.heap = new Float32Array(mem.buffer);
    const h = this.heap;
    const left = k >> 1;
    for (let l = 0; l < count; l += 2) {
      const two = l + 1 < count;
      const m0 = this.load(src, srcOffset + l * srcStride, n, ext0, win0);
      // a lone last line runs beside a copy of itself
      const m1 = this.load(src, srcOffset + (two ? l + 1 : l) * srcStride, n, ext1, win1);
      h[out0] = m0;
      h[out1] = m1;
      this.k.median(n, k, left, ext0 * 4, out0 * 4, win0 * 4, ext1 * 4, out1 * 4, win1 * 4, m0, m1);
      dst.set(h.subarray(out0, out0 + n), dstOffset + l * dstStride);
      if (two) dst.set(h.subarray(out1, out1 + n), dstOffset + (l + 1) * dstStride);
    }
  }

  /**
   * Writes the reflect-padded line into the heap at float `ext`, its first window (and step 1's
   * replacement in slot 0) at float `win`, and returns (and stores as out[0]) the first median.
   */
  private load(src: Float32Array, offset: number, n: number, ext: number, win: number): number {
    const h = this.heap;
    const k = this.size;
    const left = k >> 1;
    const len = n + k - 1;
    for (let j = 0; j < left && j < len; j++) h[ext + j] = src[offset + reflectIndex(j - left, n)];
    h.set(src.subarray(offset, offset + n), ext + left);
    for (let j = left + n; j < len; j++) h[ext + j] = src[offset + reflectIndex(j - left, n)];
    const first = this.first;
    for (let s = 0; s < k; s++) {
      const v = h[ext + s];
      h[win + s] = v;
      first[s] = v;
    }
    for (let s = k; s < 4 * this.nvec; s++) h[win + s] = Infinity;
    if (n > 1) h[win] = h[ext + k]; // step 1's replacement (slot 0)
    // the first median by selection; a zero one by the sort, which orders -0 before +0 (the sign the filter has always given)
    const m = selectInPlace(first, k, left);
    if (m !== 0) return m;
    first.sort();
    return first[left];
  }
}
