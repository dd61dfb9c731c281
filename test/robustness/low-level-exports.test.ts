/**
 * Hostile input at the low-level exports (src/dsp, src/matrix.ts and the small helpers re-exported
 * from src/index.ts), found by a fuzz of them: each bad argument is a typed MirkitError at once,
 * never a TypeError / RangeError, a hang, gigabytes or NaN / Infinity out of finite input; valid
 * arguments give the values they gave before.
 */
import { describe, expect, it } from 'vitest';
import * as m from '../../src/index.js';
import { assertFinite, expectMirkit } from './util.js';
import { withinHangBound } from '../helpers/hang-guard.js';

const y = Float32Array.from({ length: 4096 }, (_, i) => Math.sin(i * 0.05) * 0.5);
const mat = m.matrixFromRows([
  [1, 2, 3],
  [4, 5, 6],
]);
/** Sizes that threw a RangeError (1e308, Infinity, -1) or ran for minutes / allocated gigabytes (2^31). */
const HUGE = [1e308, 2 ** 31];

describe('sizes of the low-level exports', () => {
  it('window, filter and table lengths beyond their bounds -> BAD_OPTION at once', () => {
    withinHangBound(() => {
      for (const n of HUGE) {
        expectMirkit(() => m.medianFilter1d(y, n), 'BAD_OPTION');
        expectMirkit(() => m.getWindow('hann', n), 'BAD_OPTION');
        expectMirkit(() => new m.SlidingMedian(n), 'BAD_OPTION');
        expectMirkit(() => m.fftFrequencies(22050, n), 'BAD_OPTION');
        expectMirkit(() => m.melFrequencies(n), 'BAD_OPTION');
        expectMirkit(() => m.cqToChroma(n), 'BAD_OPTION');
        expectMirkit(() => m.dctMatrix(n), 'BAD_OPTION');
        expectMirkit(() => m.dctMatrix(n, { nOut: 1 }), 'BAD_OPTION');
        expectMirkit(() => m.padCenter([1, 2], n), 'BAD_OPTION');
        expectMirkit(() => m.tempoFrequencies(n), 'BAD_OPTION');
        expectMirkit(() => m.createDeltaKernel(n), 'BAD_OPTION');
        expectMirkit(() => m.padSignal(y, n, 0), 'BAD_OPTION');
        expectMirkit(() => m.frameCount(100, n, 1, true), 'BAD_OPTION');
        expectMirkit(() => m.createMatrix(n, n), 'BAD_OPTION');
      }
      expectMirkit(() => m.padCenter([1, 2], Infinity), 'BAD_OPTION');
      expectMirkit(() => m.tempoFrequencies(-1), 'BAD_OPTION');
      expectMirkit(() => m.melFrequencies(-1), 'BAD_OPTION');
      expectMirkit(() => m.medianFilter1d(y, 0), 'BAD_OPTION');
      expectMirkit(() => m.padSignal(y, -1, 0), 'BAD_OPTION');
      expectMirkit(() => m.padSignal(y, 1.5, 0), 'BAD_OPTION');
      expectMirkit(() => m.padSignal(y, 1, 1, 'wrap' as m.PadMode), 'BAD_OPTION');
      expectMirkit(() => m.frameCount(Number.NaN, 2, 1, true), 'BAD_OPTION');
      expectMirkit(() => m.frameCount(10, 2, 0, true), 'BAD_OPTION');
      expectMirkit(() => m.frameCount(10, 2, 1, 'yes' as unknown as boolean), 'BAD_OPTION');
      expectMirkit(() => m.createMatrix(-1, -1), 'BAD_OPTION');
      expectMirkit(() => m.createMatrix(2.5, 2), 'BAD_OPTION');
      expectMirkit(() => new m.SlidingMedian(3).run(new Float64Array(4), 2, 4, new Float64Array(4), 0), 'BAD_OPTION');
      expectMirkit(() => m.reflectIndex(-1, 0), 'BAD_OPTION');
    });
  });

  it('the bounds themselves are accepted', () => {
    expect(m.medianFilter1d(y, m.MAX_KERNEL_SIZE).length).toBe(y.length);
    expect(new m.SlidingMedian(m.MAX_KERNEL_SIZE).size).toBe(m.MAX_KERNEL_SIZE);
    expect(m.getWindow('hann', m.MAX_N_FFT).length).toBe(m.MAX_N_FFT);
    expect(m.padCenter([1], m.MAX_N_FFT).length).toBe(m.MAX_N_FFT);
    expect(m.tempoFrequencies(0).length).toBe(0);
    expect(m.melFrequencies(0).length).toBe(0);
    expect(m.frameCount(0, 4, 2, false)).toBe(0);
  });
});

describe('arguments of the wrong type -> MirkitError, never a TypeError', () => {
  it('null and plain objects where signals, matrices and complex matrices go', () => {
    expectMirkit(() => m.medianFilter1d(null as unknown as number[]), 'BAD_DATA');
    expectMirkit(() => m.padSignal(null as unknown as number[], 3, 5), 'BAD_DATA');
    expectMirkit(() => m.frameSignal(null as unknown as Float32Array, 4, 2, true, 'constant'), 'BAD_DATA');
    expectMirkit(() => m.magnitude(null as unknown as m.ComplexMatrix), 'BAD_SHAPE');
    expectMirkit(() => m.magnitude(mat as unknown as m.ComplexMatrix), 'BAD_SHAPE');
    expectMirkit(() => m.istft({ rows: 3, cols: 4, re: new Float32Array(12) } as unknown as m.ComplexMatrix), 'BAD_SHAPE');
    expectMirkit(() => m.transpose(null as unknown as m.Matrix), 'BAD_SHAPE');
    expectMirkit(() => m.matrixRow(null as unknown as m.Matrix, 0), 'BAD_SHAPE');
    expectMirkit(() => m.matrixToRows(null as unknown as m.Matrix), 'BAD_SHAPE');
    expectMirkit(() => m.matrixFromRows(null as unknown as number[][]), 'BAD_SHAPE');
    expectMirkit(() => m.matrixFromRows([[1], null as unknown as number[]]), 'BAD_SHAPE');
    expectMirkit(() => m.matrixFrom(1, 2, null as unknown as Float32Array), 'BAD_SHAPE');
    expectMirkit(() => m.sparseFilterbank(null as unknown as m.Matrix), 'BAD_SHAPE');
    expectMirkit(() => m.getWindow(null as unknown as m.WindowSpec, 4), 'BAD_OPTION');
    expectMirkit(() => m.padCenter(null as unknown as number[], 4), 'BAD_OPTION');
    expectMirkit(() => m.dctMatrix(4, 'ortho' as unknown as object), 'BAD_OPTION');
    expect(m.dctMatrix(4, null as unknown as object).rows).toBe(4); // null options are the defaults, as elsewhere
    expectMirkit(() => m.barkBandOfBin(null as unknown as Float64Array), 'BAD_OPTION');
  });

  it('the *Kernel factories refuse a context that is not a KernelContext', () => {
    const factories: ((ctx: m.KernelContext) => unknown)[] = [
      m.spectralFluxKernel,
      m.loudnessKernel,
      m.perceptualSharpnessKernel,
      m.perceptualSpreadKernel,
      m.polyFeaturesKernel,
      m.spectralSkewnessKernel,
      m.spectralSpreadKernel,
      m.spectralSlopeKernel,
      m.spectralContrastKernel,
      m.spectralFlatnessKernel,
      m.spectralKurtosisKernel,
      m.spectralCrestKernel,
    ];
    const ctx = m.kernelContext(22050, 2048);
    const nanFreq = { ...ctx, freq: Float64Array.from(ctx.freq, (f, k) => (k === 3 ? Number.NaN : f)) };
    for (const f of factories) {
      expectMirkit(() => f(null as unknown as m.KernelContext), 'BAD_OPTION');
      expectMirkit(() => f({ sr: 22050, nFft: 2048 } as m.KernelContext), 'BAD_OPTION');
      expectMirkit(() => f({ ...ctx, sr: Number.NaN }), 'BAD_SAMPLE_RATE');
      expectMirkit(() => f({ ...ctx, nFft: 1e308 }), 'BAD_OPTION');
      expect(expectMirkit(() => f(nanFreq), 'NON_FINITE').details).toMatchObject({ index: 3 });
      expect(f(ctx)).toBeDefined();
    }
    expectMirkit(() => m.createDeltaKernel(null as unknown as number), 'BAD_OPTION');
    expectMirkit(() => m.createStackMemoryKernel(null as unknown as number), 'BAD_OPTION');
  });
});

describe('NaN, strings and Infinity in, or produced', () => {
  it('padSignal and frameSignal check the signal (NON_FINITE with the index), as the other entry points', () => {
    expect(expectMirkit(() => m.padSignal([Number.NaN, 1], 1, 1), 'NON_FINITE').details).toMatchObject({ index: 0 });
    expect(expectMirkit(() => m.frameSignal(Float32Array.of(0, Number.POSITIVE_INFINITY), 2, 1, true, 'constant'), 'NON_FINITE').details).toMatchObject({
      index: 1,
    });
    expectMirkit(() => m.padSignal([], 1, 1), 'EMPTY_INPUT');
    // valid input: the values of np.pad as before, loud samples included (padding cannot overflow)
    expect(Array.from(m.padSignal([1, 2, 3], 2, 2, 'reflect'))).toEqual([3, 2, 1, 2, 3, 2, 1]);
    expect(Array.from(m.padSignal([1, 2, 3], 1, 2, 'edge'))).toEqual([1, 1, 2, 3, 3, 3]);
    expect(Array.from(m.padSignal(Float64Array.of(1e30), 1, 0))).toEqual([0, Math.fround(1e30)]);
    const { padded, nFrames } = m.frameSignal(Float32Array.of(1, 2, 3, 4, 5), 4, 2, true, 'constant');
    expect(Array.from(padded)).toEqual([0, 0, 1, 2, 3, 4, 5, 0, 0]);
    expect(nFrames).toBe(m.frameCount(5, 4, 2, true));
    expectMirkit(() => m.frameSignal(Float32Array.of(1, 2), 4, 2, false, 'constant'), 'TOO_SHORT');
  });

  it('magnitude bounds its power and never gives NaN or Infinity', () => {
    const X = m.stft(y, { nFft: 256 });
    expectMirkit(() => m.magnitude(X, Number.NaN), 'BAD_OPTION');
    expectMirkit(() => m.magnitude(X, 0), 'BAD_OPTION');
    expectMirkit(() => m.magnitude(X, m.MAX_SPECTROGRAM_POWER + 1), 'BAD_OPTION');
    const zero = { rows: 2, cols: 2, re: new Float32Array(4), im: new Float32Array(4) };
    expectMirkit(() => m.magnitude(zero, -1), 'BAD_OPTION');
    assertFinite(m.magnitude(zero, 0.5).data, 'magnitude of zeros');
    const nan = { rows: 2, cols: 2, re: Float32Array.of(0, Number.NaN, 0, 0), im: new Float32Array(4) };
    expectMirkit(() => m.magnitude(nan), 'NON_FINITE');
    const loud = { rows: 1, cols: 1, re: Float32Array.of(3e38), im: Float32Array.of(3e38) };
    expectMirkit(() => m.magnitude(loud), 'BAD_DATA');
    // valid input: |X| and |X|^2 as before
    const mag = m.magnitude(X);
    const pow = m.magnitude(X, 2);
    for (const i of [0, 5, 300, X.re.length - 1]) {
      expect(mag.data[i]).toBe(Math.fround(Math.sqrt(X.re[i] * X.re[i] + X.im[i] * X.im[i])));
      expect(pow.data[i]).toBe(Math.fround(X.re[i] * X.re[i] + X.im[i] * X.im[i]));
    }
  });

  it('hzToMel, melToHz, hzToBark refuse NaN, strings, Infinity and negatives; frameCount its arguments', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1, '5', null]) {
      expectMirkit(() => m.hzToMel(bad as number), 'BAD_OPTION');
      expectMirkit(() => m.melToHz(bad as number), 'BAD_OPTION');
      expectMirkit(() => m.hzToBark(bad as number), 'BAD_OPTION');
    }
    expectMirkit(() => m.hzToMel(1000, 'yes' as unknown as boolean), 'BAD_OPTION');
    expectMirkit(() => m.melToHz(1e308), 'BAD_OPTION'); // its frequency overflows
    expectMirkit(() => m.melToHz(1e6, true), 'BAD_OPTION');
    expectMirkit(() => m.melFrequencies(4, 0, 1e308), 'BAD_OPTION');
    expect(m.hzToMel(1000)).toBeCloseTo(15, 12);
    expect(m.melToHz(15)).toBeCloseTo(1000, 9);
    expect(m.hzToBark(0)).toBe(0);
    assertFinite([m.hzToMel(1e308), m.hzToMel(1e308, true), m.hzToBark(1e308)], 'large frequencies');
  });

  it('transpose and sparseFilterbank refuse ragged, NaN-dimension and huge claimed shapes at once', () => {
    withinHangBound(() => {
      for (const bad of [
        { rows: 2, cols: 3, data: new Float32Array(2) },
        { rows: Number.NaN, cols: 1, data: new Float32Array(1) },
        { rows: 1e9, cols: 1e9, data: new Float32Array(1) },
        { rows: 1e9, cols: 1e9 },
        { rows: 2.5, cols: 2, data: new Float32Array(5) },
      ]) {
        expectMirkit(() => m.transpose(bad as m.Matrix), 'BAD_SHAPE');
        expectMirkit(() => m.sparseFilterbank(bad as m.Matrix), 'BAD_SHAPE');
        expectMirkit(() => m.matrixRow(bad as m.Matrix, 0), 'BAD_SHAPE');
      }
    });
    expectMirkit(() => m.sparseFilterbank({ rows: 1, cols: 2, data: Float32Array.of(1, Number.NaN) }), 'NON_FINITE');
    expectMirkit(() => m.matrixRow(mat, 2), 'BAD_OPTION');
    expectMirkit(() => m.matrixRow(mat, -1), 'BAD_OPTION');
    expect(m.matrixToRows(m.transpose(mat))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(Array.from(m.matrixRow(mat, 1))).toEqual([4, 5, 6]);
    const fb = m.melFilterbank({ nMels: 16, nFft: 512 });
    const sp = m.sparseFilterbank(fb);
    expect(sp.rows).toBe(16);
    expect(sp.weights.length).toBeGreaterThan(0);
  });
});

describe('window values given as an array', () => {
  const X = (window: m.WindowSpec) => m.stft(y, { nFft: 8, window });

  it('NaN or Infinity -> NON_FINITE, beyond +-64 -> BAD_DATA, each naming the index', () => {
    for (const [bad, code] of [
      [Number.NaN, 'NON_FINITE'],
      [Number.POSITIVE_INFINITY, 'NON_FINITE'],
      [1e300, 'BAD_DATA'],
      [-65, 'BAD_DATA'],
    ] as const) {
      const w = [0, 0.5, 1, 0.5, 0, 0.5, 1, 0.5];
      w[5] = bad;
      expect(expectMirkit(() => m.getWindow(w, 8), code).details).toMatchObject({ index: 5 });
      expect(expectMirkit(() => X(w), code).details).toMatchObject({ index: 5 });
      expectMirkit(() => m.spectrogram(y, { nFft: 8, window: w }), code);
      expectMirkit(() => m.melSpectrogram(y, { nFft: 8, nMels: 2, window: w }), code);
      expectMirkit(() => m.istft(m.stft(y, { nFft: 8 }), { window: w }), code);
    }
    expect(expectMirkit(() => m.padCenter([1, Number.NaN], 4), 'NON_FINITE').details).toMatchObject({ index: 1 });
    expectMirkit(() => m.getWindow(['a', 1] as unknown as number[], 2), 'NON_FINITE');
    expectMirkit(() => m.getWindow([1, 2, 3], 2), 'BAD_OPTION');
  });

  it('a window within the bound gives the spectrum of the same named window; the loudest signal and window stay finite', () => {
    const named = X('hann');
    const given = X(m.getWindow('hann', 8));
    expect(Array.from(given.re)).toEqual(Array.from(named.re));
    expect(Array.from(given.im)).toEqual(Array.from(named.im));
    // samples at 2^24 and a window at the bound: the power spectrogram and the mel bands stay finite
    const loud = new Float32Array(4096).fill(2 ** 24 - 1);
    const w = new Float64Array(1024).fill(64);
    assertFinite(m.spectrogram(loud, { nFft: 1024, window: w, power: 2 }).data, 'power spectrogram');
    assertFinite(m.melSpectrogram(loud, { nFft: 1024, window: w }).data, 'mel spectrogram');
    assertFinite(m.mfcc(loud, { nFft: 1024, window: w }).data, 'mfcc');
  });
});

describe('the CQT building blocks', () => {
  it('cqtFrequencies bounds nBins; cqtKernel checks its arguments (no RangeError / TypeError)', () => {
    withinHangBound(() => expectMirkit(() => m.cqtFrequencies(1e308), 'BAD_OPTION'));
    expectMirkit(() => m.cqtFrequencies(2 ** 31), 'BAD_OPTION');
    expect(m.cqtFrequencies(4096).length).toBe(4096);
    const opts = { filterScale: 1, norm: 1, sparsity: 0.01, window: 'hann' };
    expectMirkit(() => m.cqtKernel(null as never, new Float64Array([440]), new Float64Array([0.06]), opts), 'BAD_SAMPLE_RATE');
    expectMirkit(() => m.cqtKernel(22050, null as never, new Float64Array([0.06]), opts), 'BAD_DATA');
    expectMirkit(() => m.cqtKernel(22050, new Float64Array([NaN]), new Float64Array([0.06]), opts), 'BAD_DATA');
    expectMirkit(() => m.cqtKernel(22050, new Float64Array([440]), new Float64Array([0.06, 0.06]), opts), 'BAD_DATA');
    expectMirkit(() => m.cqtKernel(22050, new Float64Array([440]), new Float64Array([0.06]), null as never), 'BAD_DATA');
    expect(m.cqtKernel(22050, new Float64Array([440]), new Float64Array([0.06]), opts)).toBeTruthy();
  });
});

describe('streaming kernel sizes', () => {
  it('createStackMemoryKernel refuses rows x nSteps above 2^28 at construction', () => {
    withinHangBound(() => expectMirkit(() => m.createStackMemoryKernel(1e308), 'BAD_OPTION'));
    expectMirkit(() => m.createStackMemoryKernel(2 ** 27, { nSteps: 3 }), 'BAD_OPTION');
    expect(m.createStackMemoryKernel(4, { nSteps: 3 }).latency).toBe(0);
  });
});
