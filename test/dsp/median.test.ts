import { describe, expect, it } from 'vitest';
import { medianFilter, medianFilter1d, medianInPlace, medianLines, reflectIndex, selectInPlace, SlidingMedian } from '../../src/dsp/median.js';
import { MirkitError } from '../../src/errors.js';

/** Brute force: scipy.ndimage.median_filter(x, size, mode='reflect') by sorting every window. */
function bruteMedian(x: ArrayLike<number>, size: number): number[] {
  const n = x.length;
  const left = size >> 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const w: number[] = [];
    for (let j = 0; j < size; j++) {
      let k = i - left + j;
      // reflect (d c b a | a b c d | d c b a), repeated for long pads
      for (;;) {
        if (k < 0) k = -k - 1;
        else if (k >= n) k = 2 * n - k - 1;
        else break;
      }
      w.push(x[k]);
    }
    w.sort((a, b) => a - b);
    out.push(w[size >> 1]);
  }
  return out;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('reflectIndex', () => {
  it('is scipy mode reflect: the edge sample repeats', () => {
    // line a b c d (n = 4): indices -4..7 -> d c b a | a b c d | d c b a
    const got = [];
    for (let i = -4; i < 8; i++) got.push(reflectIndex(i, 4));
    expect(got).toEqual([3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0]);
    // pads longer than the line keep reflecting (period 2n)
    for (const n of [1, 2, 3, 5]) {
      for (let i = -20; i < 20; i++) {
        let k = i;
        for (;;) {
          if (k < 0) k = -k - 1;
          else if (k >= n) k = 2 * n - k - 1;
          else break;
        }
        expect(reflectIndex(i, n)).toBe(k);
      }
    }
  });
});

describe('medianFilter1d vs brute-force sort', () => {
  const rand = rng(1234);
  for (const size of [1, 2, 3, 4, 5, 8, 17, 31]) {
    for (const n of [1, 2, 3, 7, 16, 40, 300]) {
      it(`size ${size}, n ${n}`, () => {
        const x = new Float32Array(n);
        for (let i = 0; i < n; i++) x[i] = rand() < 0.2 ? Math.floor(rand() * 4) : rand() * 10 - 5; // with ties
        const ours = Array.from(medianFilter1d(x, size));
        expect(ours).toEqual(bruteMedian(x, size).map(Math.fround));
      });
    }
  }

  it('Float64 input keeps double precision', () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i * 0.37) + 1e-12 * i);
    const ours = medianFilter1d(x, 9);
    expect(ours).toBeInstanceOf(Float64Array);
    expect(Array.from(ours)).toEqual(bruteMedian(x, 9));
  });

  it('a reused SlidingMedian gives the same answers', () => {
    const f = new SlidingMedian(5);
    const a = Float64Array.from([5, 1, 4, 2, 3, 9, 0, 7]);
    const out = new Float64Array(8);
    f.run(a, 0, 8, out, 0);
    f.run(a, 0, 8, out, 0);
    expect(Array.from(out)).toEqual(bruteMedian(a, 5));
  });
});

describe('medianFilter on matrices', () => {
  it("filters along columns ('cols', time) and rows ('rows', frequency), boundaries included", () => {
    const rand = rng(99);
    const rows = 37,
      cols = 53;
    const data = new Float32Array(rows * cols);
    for (let i = 0; i < data.length; i++) data[i] = rand();
    const m = { rows, cols, data };
    for (const size of [31, 6]) {
      const h = medianFilter(m, { size, axis: 'cols' });
      const p = medianFilter(m, { size, axis: 'rows' });
      for (let r = 0; r < rows; r++) {
        const ref = bruteMedian(data.subarray(r * cols, (r + 1) * cols), size);
        expect(Array.from(h.data.subarray(r * cols, (r + 1) * cols))).toEqual(ref);
      }
      for (let c = 0; c < cols; c++) {
        const col = Array.from({ length: rows }, (_, r) => data[r * cols + c]);
        const ref = bruteMedian(col, size);
        expect(Array.from({ length: rows }, (_, r) => p.data[r * cols + c])).toEqual(ref);
      }
    }
  });

  it('rejects bad input', () => {
    expect(() => medianFilter1d(new Float32Array(0))).toThrow(MirkitError);
    expect(() => medianFilter1d([1, NaN, 2])).toThrow(MirkitError);
    expect(() => medianFilter({ rows: 2, cols: 2, data: new Float32Array(4) }, { size: 0 })).toThrow(MirkitError);
    expect(() => medianFilter({ rows: 2, cols: 2, data: new Float32Array(4) }, { axis: 'x' as 'rows' })).toThrow(MirkitError);
    expect(() => medianFilter({ rows: 2, cols: 3, data: new Float32Array(4) })).toThrow(MirkitError);
  });
});

describe('selectInPlace / medianInPlace (order statistics without sorting)', () => {
  it('selectInPlace finds every rank and partitions around it (ties, zeros, sorted and reversed input)', () => {
    const r = rng(11);
    for (let trial = 0; trial < 400; trial++) {
      const n = 1 + Math.floor(r() * 200);
      const kind = trial % 4;
      const a = new Float64Array(n + 2);
      for (let i = 0; i < a.length; i++)
        a[i] = kind === 0 ? r() : kind === 1 ? Math.floor(r() * 4) : kind === 2 ? (r() < 0.7 ? 0 : r()) : trial % 8 === 3 ? i : -i;
      const sorted = Array.from(a.subarray(0, n)).sort((x, y) => x - y);
      const k = Math.floor(r() * n);
      const b = a.slice();
      const v = selectInPlace(b, n, k);
      expect(v).toBe(sorted[k]);
      expect(b[k]).toBe(v);
      for (let i = 0; i < k; i++) expect(b[i]).toBeLessThanOrEqual(v);
      for (let i = k + 1; i < n; i++) expect(b[i]).toBeGreaterThanOrEqual(v);
      expect(Array.from(b.subarray(n))).toEqual(Array.from(a.subarray(n))); // values past n untouched
      expect(Array.from(b.subarray(0, n)).sort((x, y) => x - y)).toEqual(sorted); // a permutation
    }
  });

  it('medianInPlace is np.median (float64, and float32 arithmetic for float32 data)', () => {
    expect(medianInPlace(Float64Array.of(4, 1, 3, 2), 4)).toBe(2.5);
    expect(medianInPlace(Float64Array.of(5, 1, 4), 3)).toBe(4);
    expect(medianInPlace(Float64Array.of(7), 1)).toBe(7);
    const r = rng(5);
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + 2 * Math.floor(r() * 70);
      const a = Float64Array.from({ length: n }, () => Math.fround(r() < 0.5 ? 0 : r() * 10));
      const s = a.slice().sort();
      const h = n >> 1;
      expect(medianInPlace(a.slice(), n, true)).toBe(Math.fround(Math.fround(s[h - 1] + s[h]) / 2));
      expect(medianInPlace(a.slice(), n)).toBe((s[h - 1] + s[h]) / 2);
    }
  });

  it('rejects a bad n or k', () => {
    expect(() => selectInPlace(new Float64Array(3), 4, 0)).toThrow(MirkitError);
    expect(() => selectInPlace(new Float64Array(3), 3, 3)).toThrow(MirkitError);
    expect(() => selectInPlace(new Float64Array(3), 0, 0)).toThrow(MirkitError);
  });
});

describe('medianLines (the WebAssembly SIMD kernel on float32 lines)', () => {
  it('equals the sorted-window filter for every window size, line count and length, with ties and negative values', () => {
    const rand = rng(2024);
    for (const size of [1, 2, 3, 4, 5, 8, 9, 16, 17, 31, 32, 33, 63, 64, 65]) {
      for (const [n, count] of [
        [1, 2],
        [2, 3],
        [7, 2],
        [31, 5],
        [100, 4],
        [257, 3],
      ] as const) {
        const src = new Float32Array(n * count);
        for (let i = 0; i < src.length; i++) src[i] = rand() < 0.3 ? Math.floor(rand() * 3) - 1 : Math.fround(rand() * 8 - 4);
        const got = new Float32Array(src.length);
        medianLines(src, n, count, size, got);
        const ref = new Float32Array(src.length);
        const f = new SlidingMedian(size);
        for (let l = 0; l < count; l++) f.run(src, l * n, n, ref, l * n);
        expect(Array.from(got), `size ${size}, n ${n}, count ${count}`).toEqual(Array.from(ref));
        // in place, as the HPSS harmonic filter runs it
        const inPlace = Float32Array.from(src);
        medianLines(inPlace, n, count, size, inPlace);
        expect(Array.from(inPlace)).toEqual(Array.from(ref));
      }
    }
  });
});
