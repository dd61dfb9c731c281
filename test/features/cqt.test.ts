import { describe, expect, it } from 'vitest';
import { cqt, cqtFilterLengths, cqtFrequencies, cqtMagnitude, cqToChroma } from '../../src/features/cqt.js';
import { chromaVqt, vqt, vqtMagnitude } from '../../src/features/vqt.js';
import { chromaCqt } from '../../src/features/chroma-cqt.js';
import { MirkitError } from '../../src/errors.js';
import { withWasmFft } from '../helpers/shared.js';
import { MAX_CQT_KERNEL_WORK } from '../../src/limits.js';

const SR = 22050;
function tone(freqs: number[], seconds = 2, sr = SR): Float32Array {
  const y = new Float32Array(Math.round(seconds * sr));
  for (let i = 0; i < y.length; i++) {
    let v = 0;
    for (const f of freqs) v += Math.sin((2 * Math.PI * f * i) / sr);
    y[i] = (0.5 * v) / freqs.length;
  }
  return y;
}

describe('cqtFrequencies / cqtFilterLengths', () => {
  it('start at C1 with 12 bins per octave; A4 is bin 45', () => {
    const f = cqtFrequencies(84);
    expect(f[0]).toBeCloseTo(32.70319566257483, 10);
    expect(f[45]).toBeCloseTo(440, 9);
    const t = cqtFrequencies(3, { tuning: 0.5, binsPerOctave: 36 });
    expect(t[0]).toBeCloseTo(32.70319566257483 * 2 ** (0.5 / 36), 10);
  });
  it('filter lengths are Q sr / f with Q = 1 / alpha', () => {
    const alpha = (2 ** (2 / 12) - 1) / (2 ** (2 / 12) + 1);
    const L = cqtFilterLengths(84);
    expect(L[45]).toBeCloseTo(22050 / alpha / 440, 6);
  });
});

describe('cqt', () => {
  it('has librosa shape: nBins x (1 + len // hop), and peaks at the tone bin', () => {
    const y = tone([440]);
    const C = cqt(y, { sr: SR });
    expect(C.rows).toBe(84);
    expect(C.cols).toBe(1 + Math.floor(y.length / 512));
    const M = cqtMagnitude(C);
    const t = Math.floor(C.cols / 2);
    let best = 0;
    for (let k = 0; k < 84; k++) if (M.data[k * M.cols + t] > M.data[best * M.cols + t]) best = k;
    expect(best).toBe(45);
  });
  it('cqtMagnitude(y) equals |cqt(y)|', () => {
    const y = tone([220, 1000], 1);
    const a = cqtMagnitude(cqt(y, { nBins: 72, binsPerOctave: 24 }));
    const b = cqtMagnitude(y, { nBins: 72, binsPerOctave: 24 });
    expect(b.rows).toBe(a.rows);
    for (let i = 0; i < a.data.length; i++) expect(b.data[i]).toBeCloseTo(a.data[i], 5);
  });
  it('early downsampling (few low bins) agrees with the full recursive path', () => {
    const y = new Float32Array(SR * 3);
    for (let i = 0; i < y.length; i++) y[i] = 0.3 * Math.sin((2 * Math.PI * 55 * i) / SR) + 0.2 * Math.sin((2 * Math.PI * 98 * i) / SR);
    for (const scale of [true, false]) {
      const full = cqtMagnitude(y, { nBins: 84, scale }); // no early downsampling
      const low = cqtMagnitude(y, { nBins: 24, scale }); // downsampled by 64 first
      expect(low.cols).toBe(full.cols);
      let maxd = 0,
        maxv = 0;
      for (let k = 0; k < 24; k++) {
        for (let t = 10; t < full.cols - 10; t++) {
          maxd = Math.max(maxd, Math.abs(full.data[k * full.cols + t] - low.data[k * low.cols + t]));
          maxv = Math.max(maxv, full.data[k * full.cols + t]);
        }
      }
      expect(maxd / maxv).toBeLessThan(1e-3);
    }
    const partial = cqtMagnitude(y, { nBins: 100 });
    expect(partial.rows).toBe(100);
    expect(partial.data.every(Number.isFinite)).toBe(true);
  });
  it('is zero for silence (no NaN)', () => {
    const M = cqtMagnitude(new Float32Array(11025), { nBins: 252, binsPerOctave: 36 });
    expect(M.data.every((v) => v === 0)).toBe(true);
  });
  it('warns like librosa when the lowest octave is shorter than its frame, and proceeds', () => {
    const warnings: string[] = [];
    const M = cqtMagnitude(tone([440], 2.8), { nBins: 252, binsPerOctave: 36, onWarning: (m) => warnings.push(m) });
    expect(warnings.some((w) => /n_fft=1024 is too large for input signal of length=965/.test(w))).toBe(true);
    expect(M.data.every(Number.isFinite)).toBe(true);
  });
  it('validates input and options', () => {
    expect(() => cqt(new Float32Array(0))).toThrowError(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => cqt(Float32Array.from([0, Infinity]))).toThrowError(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => cqt(tone([440], 0.5), { sr: 0 })).toThrowError(expect.objectContaining({ code: 'BAD_SAMPLE_RATE' }));
    expect(() => cqt(tone([440], 0.5), { nBins: 120 })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => cqt(tone([440], 0.5), { hopLength: 0 })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
  });

  it('refuses an octave kernel of more than 2^26 filter-FFT points (BAD_OPTION) before designing it', () => {
    // 4096 filters of 65536 points: about a minute of kernel design before the bound
    const huge = { binsPerOctave: 4096, nBins: 4096, fmin: 1000 };
    expect(() => cqt(tone([440], 1), huge)).toThrowError(
      expect.objectContaining({ code: 'BAD_OPTION', details: { option: 'binsPerOctave', filters: 4096, nFft: 65536, bound: MAX_CQT_KERNEL_WORK } }),
    );
    expect(() => vqt(tone([440], 1), huge)).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});

describe('cqToChroma', () => {
  it('folds 3 bins per semitone onto 12 pitch classes starting at C', () => {
    const M = cqToChroma(252, { binsPerOctave: 36 });
    expect(M.rows).toBe(12);
    expect(M.cols).toBe(252);
    for (let j = 0; j < 252; j++) {
      let s = 0;
      for (let c = 0; c < 12; c++) s += M.data[c * 252 + j];
      expect(s).toBe(1);
    }
    // bins 0 and 1 (C and a third of a semitone above) -> C, bin 35 (a third below C) -> C
    expect(M.data[0 * 252 + 0]).toBe(1);
    expect(M.data[0 * 252 + 1]).toBe(1);
    expect(M.data[0 * 252 + 35]).toBe(1);
    expect(M.data[9 * 252 + 27]).toBe(1); // A
  });
  it('is the identity per octave for 12 bins per octave, rolled for other fmin', () => {
    const M = cqToChroma(24);
    for (let j = 0; j < 24; j++) expect(M.data[(j % 12) * 24 + j]).toBe(1);
    const A = cqToChroma(12, { fmin: 55 }); // starts at A
    expect(A.data[9 * 12 + 0]).toBe(1);
    expect(() => cqToChroma(24, { binsPerOctave: 18 })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});

describe('cqt on the PFFFT-wasm FFT backend', () => {
  it('equals the js backend within float32 rounding (batch FFT and sliding-DFT octaves, all pad modes)', async () => {
    const y = tone([65, 220, 1000, 3000], 3);
    const opts = [
      { nBins: 252, binsPerOctave: 36, tuning: -0.07 },
      { nBins: 84, padMode: 'reflect' as const },
      { nBins: 72, binsPerOctave: 24, hopLength: 256, padMode: 'edge' as const, scale: false },
    ];
    const js = opts.map((o) => cqt(y, { sr: SR, ...o, onWarning: () => {} }));
    await withWasmFft(async (fft) => {
      opts.forEach((o, i) => {
        const w = cqt(y, { sr: SR, ...o, onWarning: () => {} });
        const ref = js[i];
        expect([w.rows, w.cols]).toEqual([ref.rows, ref.cols]);
        let peak = 0;
        for (let j = 0; j < ref.re.length; j++) peak = Math.max(peak, Math.hypot(ref.re[j], ref.im[j]));
        let err = 0;
        for (let j = 0; j < ref.re.length; j++) err = Math.max(err, Math.hypot(w.re[j] - ref.re[j], w.im[j] - ref.im[j]));
        expect(err / peak).toBeLessThan(1e-5);
      });
    });
  });
});

describe('cqt / vqt: every octave checked before any filter is designed (fuzz findings)', () => {
  const noise = Float32Array.from({ length: 4096 }, (_, i) => Math.sin(i * 12.9898) * 0.5);
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return e instanceof MirkitError ? e.code : `not a MirkitError: ${String(e)}`;
    }
    return 'no error';
  };

  it('refuses an odd hop whose undownsampled low octaves exceed the kernel bound at once', () => {
    for (const f of [
      () => cqt(new Float32Array(3000), { sr: 768000, hopLength: 4097, binsPerOctave: 36, nBins: 252 }),
      () => chromaCqt(new Float32Array(3000), { sr: 768000, hopLength: 4097 }),
    ]) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MirkitError);
      expect((err as MirkitError).code).toBe('BAD_OPTION');
      expect((err as MirkitError).message).toMatch(/CQT kernel would need \d+ filter FFTs/);
      expect((err as MirkitError).details).toMatchObject({ option: 'binsPerOctave', bound: MAX_CQT_KERNEL_WORK });
      // the kernels are designed lowest octave first, before any transform (it ran 15.9 s / 14.7 s before, transforming the top six octaves first)
    }
  });

  it('vqt, vqtMagnitude and chromaVqt refuse a denormal fmin and a gamma wider than an octave rate with BAD_OPTION', () => {
    for (const opts of [{ fmin: 5e-324 }, { gamma: 1000 }]) {
      expect(code(() => vqt(noise, opts))).toBe('BAD_OPTION');
      expect(code(() => vqtMagnitude(noise, opts))).toBe('BAD_OPTION');
      expect(code(() => chromaVqt(noise, opts))).toBe('BAD_OPTION');
    }
    expect(code(() => cqt(noise, { fmin: 5e-324 }))).toBe('BAD_OPTION');
    // a gamma the octaves' rates still hold is fine
    const V = vqtMagnitude(noise, { gamma: 100 });
    expect(V.data.every(Number.isFinite)).toBe(true);
  });

  it('cqtFilterLengths refuses a denormal fmin instead of returning NaN, and accepts its own options', () => {
    expect(code(() => cqtFilterLengths(84, { fmin: 5e-324 }))).toBe('BAD_OPTION');
    expect(code(() => cqtFilterLengths(84, { fmin: 1e-310 }))).toBe('BAD_OPTION');
    const L = cqtFilterLengths(84, { fmin: 1e-300 });
    expect(L.every(Number.isFinite)).toBe(true);
    // sr, filterScale and window are cqtFilterLengths' own options (cqtFrequencies refused them)
    const L2 = cqtFilterLengths(84, { sr: 44100, filterScale: 0.5, window: 'hann' });
    expect(L2[0]).toBeCloseTo(cqtFilterLengths(84)[0], 6);
    expect(code(() => cqtFilterLengths(84, { srr: 1 } as never))).toBe('UNKNOWN_OPTION');
  });

  it('cqtMagnitude of a ComplexMatrix: finite up to 2^100, BAD_DATA beyond', () => {
    const below = Math.fround(2 ** 100 - 2 ** 76);
    const X = { rows: 2, cols: 2, re: new Float32Array(4).fill(below), im: new Float32Array(4).fill(below) };
    expect(cqtMagnitude(X).data.every(Number.isFinite)).toBe(true);
    const Y = { rows: 2, cols: 2, re: new Float32Array(4).fill(3e38), im: new Float32Array(4).fill(3e38) };
    expect(code(() => cqtMagnitude(Y))).toBe('BAD_DATA');
  });
});
