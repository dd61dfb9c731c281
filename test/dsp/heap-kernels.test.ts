import { describe, expect, it } from 'vitest';
import { wasmCepstra, wasmCqtFrames, wasmExponentsBelow, wasmFluxMean, wasmMaskedOverlapAdd } from '../../src/dsp/heap-kernels.js';
import { createRealFft } from '../../src/dsp/fft.js';
import { checkSignal } from '../../src/validate.js';
import type { MirkitError } from '../../src/errors.js';
import { pffftBackend } from '../../src/dsp/fft-wasm.js';
import { cepstraKernel } from '../../src/features/cepstra.js';
import { cachedFilterbank, projectFrames } from '../../src/features/chroma.js';
import { maskedOverlapAdd, overlapAdd } from '../../src/dsp/istft.js';
import { getWindow } from '../../src/dsp/windows.js';
import { meanPositiveDifferences } from '../../src/features/onset.js';
import { resample, resampleInts } from '../../src/audio/resample.js';

/** Seeded float32 values in [lo, hi), with some exact repeats (equal neighbours give zero flux). */
function values(length: number, lo: number, hi: number, seed: number): Float32Array {
  const v = new Float32Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    v[i] = i % 13 === 5 ? v[i - 1] : lo + (hi - lo) * (s / 2 ** 32);
  }
  return v;
}

const same = (a: Float32Array | Float64Array, b: Float32Array | Float64Array) => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));
const wasm = pffftBackend() !== null;

describe.skipIf(!wasm)('the heap kernels (src/dsp/heap-kernels.ts)', () => {
  it('wasmCepstra equals the JavaScript type-2 DCT kernel bit for bit (odd and even band counts, partial passes, several calls)', () => {
    const cases: Array<[number, number, number, number]> = [
      [128, 20, 1296, 0],
      [127, 13, 1001, 22],
      [40, 40, 9, 0],
      [5, 3, 517, 3],
      [64, 1, 1100, 0],
    ];
    for (const [n, nMfcc, T, lifter] of cases) {
      const src = values(n * T, -80, 20, n + T);
      const kernel = cepstraKernel(n, nMfcc, 2, 'ortho', lifter);
      const viaJs = new Float32Array(nMfcc * T);
      kernel(src, T, n, 1, viaJs, 'js');
      const viaWasm = new Float32Array(nMfcc * T).fill(Number.NaN);
      kernel(src, T, n, 1, viaWasm, 'auto');
      expect(same(viaJs, viaWasm), `n ${n}, ${nMfcc} coefficients, ${T} frames`).toBe(true);
      // with a clip level: both paths equal the DCT of the clipped values
      const floor = Math.fround(-31.7);
      const clippedSrc = Float32Array.from(src, (v) => Math.max(v, floor));
      const ofClipped = new Float32Array(nMfcc * T);
      kernel(clippedSrc, T, n, 1, ofClipped, 'js');
      for (const fft of ['js', 'auto'] as const) {
        const got = new Float32Array(nMfcc * T);
        kernel(src, T, n, 1, got, fft, floor);
        expect(same(ofClipped, got), `clipped, ${fft}, n ${n}, ${T} frames`).toBe(true);
      }
    }
  });

  it('wasmCepstra writes every coefficient (no frame of the last pass left out)', () => {
    const src = values(128 * 13, -80, 20, 3);
    const out = new Float32Array(20 * 13).fill(Number.NaN);
    const D = new Float64Array(20 * 64).fill(0.01);
    expect(wasmCepstra(src, 128, 13, D, new Float64Array(20).fill(1), out, 'auto')).toBe(true);
    expect(wasmCepstra(src, 128, 13, D, new Float64Array(20).fill(1), out, 'js')).toBe(false); // 'js' keeps the JavaScript loop
    expect(out.every(Number.isFinite)).toBe(true);
  });

  it('wasmFluxMean equals meanPositiveDifferences, frame by frame on the clipped values and four at a time clipping as it reads, bit for bit (lags, clip levels, partial chunks)', () => {
    for (const [bands, T, lag, level] of [
      [128, 1296, 1, -40],
      [128, 2100, 2, Number.NEGATIVE_INFINITY],
      [7, 9, 3, 0],
      [40, 1030, 1, 5],
    ] as const) {
      const s = values(bands * T, -80, 20, bands * 7 + T);
      const floor = Math.fround(level);
      const clippedValues = Float32Array.from(s, (v) => Math.max(v, floor));
      const expected = new Float64Array(T - lag + 2);
      for (let t = 0; t < T - lag; t++) {
        const one = { cur: (t + lag) * bands, ref: t * bands, bands, stride: 1, step: 0, count: 1, floor: Number.NEGATIVE_INFINITY, at: 2 + t };
        meanPositiveDifferences(clippedValues, clippedValues, one, expected);
      }
      const together = new Float64Array(T - lag + 2);
      meanPositiveDifferences(s, s, { cur: lag * bands, ref: 0, bands, stride: 1, step: bands, count: T - lag, floor, at: 2 }, together);
      expect(same(expected, together), `four frames at a time: ${bands} bands, ${T} frames, lag ${lag}, clip ${level}`).toBe(true);
      const got = new Float64Array(T - lag + 2);
      expect(wasmFluxMean(s, bands, T, lag, floor, got, 2, 'auto')).toBe(true);
      expect(same(expected, got), `${bands} bands, ${T} frames, lag ${lag}, clip ${level}`).toBe(true);
    }
  });

  it('wasmExponentsBelow decides as the JavaScript scan (NaN, infinities, the 2^24 bound, subnormals, every chunk position)', () => {
    const scan = (w: Int32Array, add: number) => {
      let acc = 0;
      for (let i = 0; i < w.length; i++) acc |= (w[i] & 0x7f800000) + add;
      return acc >= 0;
    };
    const bound24 = (256 - (127 + 24)) << 23;
    const finite = 0x00800000;
    for (const length of [1, 5, 65536, 65537, 200003]) {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -(2 ** 24), 2 ** 24 - 1, 1e-40, 3e38]) {
        for (const at of [0, length >> 1, length - 1]) {
          const x = values(length, -1, 1, length + at);
          x[at] = bad;
          const w = new Int32Array(x.buffer);
          for (const add of [bound24, finite]) expect(wasmExponentsBelow(w, add), `${length} values, ${bad} at ${at}`).toBe(scan(w, add));
        }
      }
    }
  });

  it('checkSignal on a long signal names the first bad sample as before', () => {
    const x = values(100000, -1, 1, 9);
    expect(checkSignal(x, 'y')).toBe(x);
    x[99999] = Number.NaN;
    x[70000] = 2 ** 25;
    const err = (() => {
      try {
        checkSignal(x, 'y');
      } catch (e) {
        return e as MirkitError;
      }
    })();
    expect(err?.code).toBe('NON_FINITE');
    expect(err?.message).toMatch(/y\[99999\]/);
    x[99999] = 0;
    expect(() => checkSignal(x, 'y')).toThrow(/y\[70000\] is 33554432/);
  });

  it('the twelve-row chroma projection equals the JavaScript one bit for bit (odd counts, chunk edges, strided frames, an output offset)', () => {
    for (const [bins, frames, ts] of [
      [1025, 1296, 1025],
      [1025, 263, 1025],
      [513, 301, 600],
      [1025, 8, 1025],
    ]) {
      const fb = cachedFilterbank({ sr: 22050, nFft: 2 * (bins - 1), nChroma: 12, tuning: 0.1 }).data as Float32Array;
      const S = values(frames * ts, 0, 50, bins + frames);
      const viaJs = new Float32Array(12 * (frames + 3));
      const viaWasm = new Float32Array(12 * (frames + 3));
      projectFrames(fb, 12, S, bins, frames, ts, viaJs, frames + 3, 2, 'js');
      projectFrames(fb, 12, S, bins, frames, ts, viaWasm, frames + 3, 2, 'auto');
      expect(same(viaJs, viaWasm), `${bins} bins, ${frames} frames, stride ${ts}`).toBe(true);
    }
  });

  it('the masked overlap-add equals overlapAdd with the same masks on the wasm plan bit for bit (sizes, hops, windows, chunk edges, lengths)', () => {
    for (const [nFft, hop, nFrames, window, length] of [
      [2048, 512, 1296, 'hann', 661500],
      [1024, 256, 33, 'hamming', undefined],
      [512, 128, 65, 'hann', 8000],
    ] as const) {
      const bins = nFft / 2 + 1;
      const re = values(bins * nFrames, -3, 3, nFft + 1);
      const im = values(bins * nFrames, -3, 3, nFft + 2);
      const m1 = values(bins * nFrames, 0, 1, nFft + 3);
      const m2 = Float32Array.from(m1, (v) => 1 - v);
      const win = getWindow(window, nFft);
      // the kernel runs for this size (so the comparison below is kernel against loop)
      expect(wasmMaskedOverlapAdd(nFft, hop, win, 1, re, im, [m1], [new Float64Array(nFft)], 'auto')).toBe(true);
      const viaKernel = maskedOverlapAdd(nFft, hop, win, nFrames, true, length, re, im, [m1, m2], 'auto');
      const viaLoop = overlapAdd(
        nFft,
        hop,
        win,
        nFrames,
        true,
        length,
        2,
        (t, q, spec) => {
          const m = q === 0 ? m1 : m2;
          for (let k = 0; k < bins; k++) {
            spec[2 * k] = re[t * bins + k] * m[t * bins + k];
            spec[2 * k + 1] = im[t * bins + k] * m[t * bins + k];
          }
        },
        'auto',
      );
      for (let q = 0; q < 2; q++) expect(same(viaKernel[q], viaLoop[q]), `${nFft}/${hop}, ${nFrames} frames, part ${q}`).toBe(true);
    }
  });

  it('the CQT octave kernel gives the complex row sums of PFFFT packed spectra bit for bit (unaligned hops, chunk edges, empty rows)', () => {
    const n = 1024;
    const rowsCount = 36;
    const rowFirst = new Int32Array(rowsCount);
    const rowLen = new Int32Array(rowsCount);
    const rowOff = new Int32Array(rowsCount);
    let total = 0;
    for (let j = 0; j < rowsCount; j++) {
      rowFirst[j] = 3 * j;
      rowLen[j] = j === 7 ? 0 : 5 + (j % 9);
      rowOff[j] = 2 * total;
      total += rowLen[j];
    }
    const dk = { binLo: 20, rowFirst, rowLen, rowOff, coef: Float64Array.from(values(2 * total, -1, 1, 77)) };
    const hop = 37;
    const nFrames = 70;
    const signal = values((nFrames - 1) * hop + n, -1, 1, 5);
    const fft = createRealFft(n, 'auto');
    const packed = new Float32Array(n);
    let frames = 0;
    const ok = wasmCqtFrames(
      n,
      hop,
      nFrames,
      signal,
      dk,
      (t, resp) => {
        fft.forwardPacked!(signal.subarray(t * hop, t * hop + n), packed);
        const expected = new Float64Array(2 * rowsCount);
        for (let j = 0; j < rowsCount; j++) {
          let ar = 0;
          let ai = 0;
          for (let i = 0, c = rowOff[j]; i < rowLen[j]; i++, c += 2) {
            const b = 2 * (dk.binLo + rowFirst[j] + i);
            const dr = packed[b];
            const di = packed[b + 1];
            ar += dk.coef[c] * dr - dk.coef[c + 1] * di;
            ai += dk.coef[c] * di + dk.coef[c + 1] * dr;
          }
          expected[2 * j] = ar;
          expected[2 * j + 1] = ai;
        }
        expect(same(expected, Float64Array.from(resp)), `frame ${t}`).toBe(true);
        frames++;
      },
      'auto',
    );
    expect(ok).toBe(true);
    expect(frames).toBe(nFrames);
  });

  it("the 2:1 decimator gives the JavaScript overlap-save loop's samples bit for bit (lengths, chunk edges, float64 and int16 input)", () => {
    const mod = pffftBackend()!.module as { _mirkit_decimate2?: (...args: number[]) => void };
    const kernel = mod._mirkit_decimate2!;
    expect(kernel).toBeTypeOf('function');
    let calls = 0;
    const run = <T>(withKernel: boolean, f: () => T): T => {
      mod._mirkit_decimate2 = withKernel
        ? (...args: number[]) => {
            calls++;
            kernel(...args);
          }
        : undefined;
      try {
        return f();
      } finally {
        mod._mirkit_decimate2 = kernel;
      }
    };
    // 7808 input samples per block, 64 blocks per kernel call: 1.2 M samples cross two calls
    for (const n of [3, 500, 7808, 8192, 20001, 1_200_003]) {
      const y = values(n, -1, 1, n);
      for (const [from, to] of [
        [22050, 11025],
        [44100, 22050],
      ]) {
        const before = calls;
        const viaKernel = run(true, () => resample(y, from, to));
        if (n > 8192) expect(calls).toBeGreaterThan(before); // shorter ones are filtered directly
        expect(
          same(
            viaKernel,
            run(false, () => resample(y, from, to)),
          ),
        ).toBe(true);
        const y64 = Float64Array.from(y, (v, i) => v + i * 1e-12);
        expect(
          same(
            run(true, () => resample(y64, from, to)),
            run(false, () => resample(y64, from, to)),
          ),
        ).toBe(true);
      }
      const ints = Int16Array.from(y, (v) => Math.round(v * 32767));
      expect(
        same(
          run(true, () => resampleInts(ints, 1 / 32768, 44100, 22050)),
          run(false, () => resampleInts(ints, 1 / 32768, 44100, 22050)),
        ),
      ).toBe(true);
    }
  });
});
