import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { medianColumnsWasmBytes, simdMedianDownColumns, simdMedianLines } from '../../src/dsp/median-columns.js';
import { medianDownColumns, medianLines, SlidingMedian } from '../../src/dsp/median.js';
import { transposeInto } from '../../src/dsp/transpose.js';
import { compileWat } from '../../scripts/wasm/compile.js';

/** Deterministic pseudo-random numbers (an LCG). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** The definition through contiguous lines: transpose, `medianLines` on every column, transpose back. */
function viaLines(src: Float32Array, rows: number, cols: number, size: number): Float32Array {
  const lines = new Float32Array(rows * cols),
    out = new Float32Array(rows * cols);
  transposeInto(src, rows, cols, lines);
  medianLines(lines, rows, cols, size, lines);
  transposeInto(lines, cols, rows, out);
  return out;
}

/** Indices where `a` and `b` differ, sign of zero included. */
const differing = (a: Float32Array, b: Float32Array): number => a.reduce((n, v, i) => n + (Object.is(v, b[i]) ? 0 : 1), 0);

describe('simdMedianDownColumns (the WebAssembly SIMD median down the columns)', () => {
  it('embeds the compilation of scripts/wasm/median-columns.wat (run `npm run build:kernels` after editing it)', async () => {
    const compiled = await compileWat(join(__dirname, '..', '..', 'scripts', 'wasm', 'median-columns.wat'));
    expect(Buffer.from(medianColumnsWasmBytes()).equals(Buffer.from(compiled))).toBe(true);
  });

  // shapes: columns in and out of whole groups of eight, windows longer than the lines, even windows, one column
  const shapes: Array<[rows: number, cols: number, size: number]> = [
    [200, 1025, 31],
    [50, 7, 31],
    [3, 9, 5],
    [2, 1, 1],
    [40, 16, 1],
    [40, 17, 2],
    [33, 8, 4],
    [100, 30, 30],
    [10, 3, 31],
    [2, 2, 31],
    [64, 24, 3],
  ];
  const kinds: Record<string, (r: () => number) => number> = {
    uniform: (r) => r(),
    ties: (r) => Math.floor(r() * 4),
    'zeros and negatives': (r) => (r() < 0.4 ? 0 : r() - 0.7),
    'wide range': (r) => (r() - 0.5) * 10 ** Math.floor(r() * 60 - 30),
  };
  for (const [rows, cols, size] of shapes)
    for (const [kind, draw] of Object.entries(kinds))
      it(`equals the lines' median bit for bit: ${rows} x ${cols}, window ${size}, ${kind}`, () => {
        const r = rng(rows * 7919 + cols * 31 + size);
        const src = Float32Array.from({ length: rows * cols }, () => draw(r));
        const out = new Float32Array(rows * cols).fill(NaN);
        expect(simdMedianDownColumns(src, rows, cols, size, out)).toBe(true);
        expect(differing(out, viaLines(src, rows, cols, size))).toBe(0);
      });

  for (const [rows, cols, size] of shapes)
    it(`along contiguous lines (simdMedianLines) equals the sorted-window filter: ${cols} lines of ${rows}, window ${size}`, () => {
      const r = rng(rows + 17 * cols + 5 * size);
      const draw = kinds[['uniform', 'ties', 'zeros and negatives', 'wide range'][(rows + cols) % 4]];
      const src = Float32Array.from({ length: rows * cols }, () => draw(r));
      const expected = new Float32Array(rows * cols);
      const f = new SlidingMedian(size);
      for (let l = 0; l < cols; l++) f.run(src, l * rows, rows, expected, l * rows);
      const out = new Float64Array(rows * cols).fill(NaN); // a float64 destination takes the same values
      expect(simdMedianLines(src, rows, cols, size, out)).toBe(true);
      expect(differing(Float32Array.from(out), expected)).toBe(0);
      // in place, through medianLines (eight lines or more take this kernel)
      medianLines(src, rows, cols, size, src);
      expect(differing(src, expected)).toBe(0);
    });

  it('goes through a long matrix in blocks of lanes (its memory kept at 16 MiB), in place too', () => {
    // 40000 rows: 48 lanes a block, so 100 columns take three blocks (48, 48, 4)
    const rows = 40_000,
      cols = 100,
      size = 31;
    const r = rng(11);
    const src = Float32Array.from({ length: rows * cols }, () => Math.floor(r() * 50));
    const lines = new Float32Array(rows * cols);
    transposeInto(src, rows, cols, lines);
    const expectedLines = new Float32Array(rows * cols);
    const f = new SlidingMedian(size);
    for (let l = 0; l < cols; l++) f.run(lines, l * rows, rows, expectedLines, l * rows);
    const expected = new Float32Array(rows * cols);
    transposeInto(expectedLines, cols, rows, expected);
    const out = src.slice();
    expect(simdMedianDownColumns(out, rows, cols, size, out)).toBe(true);
    expect(differing(out, expected)).toBe(0);
    expect(simdMedianLines(lines, rows, cols, size, lines)).toBe(true);
    expect(differing(lines, expectedLines)).toBe(0);
  });

  it('works in place and leaves single rows and windows above 4096 to the caller', () => {
    const r = rng(5);
    const src = Float32Array.from({ length: 60 * 13 }, () => r());
    const expected = viaLines(src, 60, 13, 9);
    medianDownColumns(src, 60, 13, 9, src);
    expect(differing(src, expected)).toBe(0);
    const one = Float32Array.of(3, 1, 2);
    expect(simdMedianDownColumns(one, 1, 3, 3, new Float32Array(3))).toBe(false);
    expect(simdMedianDownColumns(src, 60, 13, 4097, new Float32Array(60 * 13))).toBe(false);
    // the caller's path gives the same definition there
    const out = new Float32Array(3);
    medianDownColumns(one, 1, 3, 3, out);
    expect(Array.from(out)).toEqual([3, 1, 2]);
  });
});
