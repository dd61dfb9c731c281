import { describe, expect, it } from 'vitest';
import { chromaCens, chromaCqt, chromaFilterbank, chromaStft } from '../../src/features/chroma.js';
import { cqtMagnitude } from '../../src/features/cqt.js';
import { estimateTuning } from '../../src/features/tuning.js';
import { spectrogram } from '../../src/dsp/stft.js';
import { CLIPS, describeShared, fixtureAudio, fixtureFeature, meanAbsError, normalisedMaxError, withWasmFft } from '../helpers/shared.js';
import type { Matrix } from '../../src/matrix.js';

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
function argmaxRow(m: Matrix, t: number): number {
  let best = 0;
  for (let r = 1; r < m.rows; r++) if (m.data[r * m.cols + t] > m.data[best * m.cols + t]) best = r;
  return best;
}
const quiet = { onWarning: () => {} };

describe('chromaFilterbank', () => {
  it('has 12 x (1 + nFft/2) float32 weights, L2-normalised columns before octave weighting', () => {
    const fb = chromaFilterbank({ octwidth: null });
    expect(fb.rows).toBe(12);
    expect(fb.cols).toBe(1025);
    for (const k of [10, 100, 500, 1000]) {
      let s = 0;
      for (let c = 0; c < 12; c++) s += fb.data[c * 1025 + k] ** 2;
      expect(Math.sqrt(s)).toBeCloseTo(1, 5);
    }
    // bin of 440 Hz is strongest in row A (9)
    const k440 = Math.round((440 * 2048) / SR);
    let best = 0;
    for (let c = 0; c < 12; c++) if (fb.data[c * 1025 + k440] > fb.data[best * 1025 + k440]) best = c;
    expect(best).toBe(9);
  });
});

describe('chroma (synthetic)', () => {
  const a440 = tone([440, 880]);
  it('an A440 tone peaks at A in chroma_stft, chroma_cqt and chroma_cens', () => {
    for (const m of [chromaStft(a440, { sr: SR }), chromaCqt(a440, { sr: SR, ...quiet }), chromaCens(a440, { sr: SR, ...quiet })]) {
      expect(m.rows).toBe(12);
      expect(argmaxRow(m, Math.floor(m.cols / 2))).toBe(9);
    }
  });
  it('silence gives all-zero chroma, never NaN', () => {
    const z = new Float32Array(SR);
    for (const m of [chromaStft(z), chromaCqt(z, quiet), chromaCens(z, quiet)]) {
      expect(m.data.every((v) => v === 0)).toBe(true);
    }
  });
  it('max-normalises frames (norm Infinity) and L2-normalises CENS', () => {
    const y = tone([261.63, 329.63, 392]);
    const c = chromaCqt(y, quiet);
    const t = Math.floor(c.cols / 2);
    let mx = 0;
    for (let r = 0; r < 12; r++) mx = Math.max(mx, c.data[r * c.cols + t]);
    expect(mx).toBeCloseTo(1, 6);
    const e = chromaCens(y, quiet);
    let s = 0;
    for (let r = 0; r < 12; r++) s += e.data[r * e.cols + t] ** 2;
    expect(Math.sqrt(s)).toBeCloseTo(1, 5);
  });
  it('accepts precomputed inputs (S, C) with the same result', () => {
    const y = tone([300, 500], 1);
    const S = spectrogram(y, { power: 2 });
    const a = chromaStft(y, { sr: SR });
    const b = chromaStft(null, { sr: SR, S });
    for (let i = 0; i < a.data.length; i++) expect(b.data[i]).toBeCloseTo(a.data[i], 5);
    const tuning = estimateTuning(y, { binsPerOctave: 36 });
    const C = cqtMagnitude(y, { nBins: 252, binsPerOctave: 36, tuning, ...quiet });
    const c1 = chromaCqt(y, quiet);
    const c2 = chromaCqt(null, { C });
    for (let i = 0; i < c1.data.length; i++) expect(c2.data[i]).toBeCloseTo(c1.data[i], 6);
    const e1 = chromaCens(y, quiet);
    const e2 = chromaCens(null, { C });
    for (let i = 0; i < e1.data.length; i++) expect(e2.data[i]).toBeCloseTo(e1.data[i], 6);
  });
  it('validates input and options', () => {
    expect(() => chromaStft(new Float32Array(0))).toThrowError(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => chromaStft(null)).toThrowError(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => chromaCqt(Float32Array.from([1, NaN]))).toThrowError(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => chromaCqt(tone([440], 0.2), { sr: NaN })).toThrowError(expect.objectContaining({ code: 'BAD_SAMPLE_RATE' }));
    expect(() => chromaCqt(tone([440], 0.2), { binsPerOctave: 30 })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => chromaCens(tone([440], 0.2), { winLenSmooth: 0 })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => chromaCqt(null, { C: { rows: 2, cols: 2, data: new Float32Array(3) } })).toThrowError(expect.objectContaining({ code: 'BAD_SHAPE' }));
  });
});

/** chroma_stft, chroma_cqt and chroma_cens of a fixture clip against librosa's, on the active FFT backend. */
function expectChromaLikeLibrosa(clip: string, label: string): void {
  const y = fixtureAudio(clip);
  const report: string[] = [];
  const check = (key: string, m: Matrix, maxTol: number, maeTol?: number): void => {
    const ref = fixtureFeature(clip, key);
    expect([m.rows, m.cols]).toEqual([ref.rows, ref.cols]);
    const nmax = normalisedMaxError(m.data, ref.data);
    const mae = meanAbsError(m.data, ref.data);
    report.push(`${key} nmax ${nmax.toExponential(2)} mae ${mae.toExponential(2)}`);
    expect(nmax).toBeLessThanOrEqual(maxTol);
    if (maeTol !== undefined) expect(mae).toBeLessThanOrEqual(maeTol);
  };
  try {
    check('chroma_stft', chromaStft(y, { sr: SR }), 5e-3);
    check('chroma_cqt', chromaCqt(y, { sr: SR, ...quiet }), 2e-2, 2e-3);
    check('chroma_cens', chromaCens(y, { sr: SR, ...quiet }), 2e-2, 2e-3);
  } finally {
    console.log(`[${label}] ${clip}: ${report.join(' | ')}`);
  }
}

describeShared('chroma vs librosa 0.11 (fixtures)', () => {
  for (const clip of CLIPS) {
    it(`${clip}: chroma_stft <= 5e-3; chroma_cqt, chroma_cens <= 2e-2 (mean abs <= 2e-3)`, () => expectChromaLikeLibrosa(clip, 'chroma'));
  }
});

describeShared('chroma on the PFFFT-wasm FFT backend vs librosa 0.11 (fixtures)', () => {
  for (const clip of CLIPS) {
    it(`${clip}: chroma_stft <= 5e-3; chroma_cqt, chroma_cens <= 2e-2 (mean abs <= 2e-3)`, () =>
      withWasmFft(() => expectChromaLikeLibrosa(clip, 'chroma wasm')));
  }
});
