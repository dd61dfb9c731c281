import { describe, expect, it } from 'vitest';
import { tonnetz } from '../../src/features/tonnetz.js';
import { chromaCens } from '../../src/features/chroma.js';
import { matrixFromRows, type Matrix } from '../../src/matrix.js';
import { CLIPS, describeShared, fixtureAudio, fixtureFeature, meanAbsError, normalisedMaxError, withWasmFft } from '../helpers/shared.js';

const SR = 22050;
const quiet = { onWarning: () => {} };
function tone(freqs: number[], seconds = 2, sr = SR): Float32Array {
  const y = new Float32Array(Math.round(seconds * sr));
  for (let i = 0; i < y.length; i++) {
    let v = 0;
    for (const f of freqs) v += Math.sin((2 * Math.PI * f * i) / sr);
    y[i] = (0.5 * v) / freqs.length;
  }
  return y;
}
/** Harte et al.'s tonal centroid of a pitch-class set, written out from the paper's definition. */
function centroid(pcs: number[]): number[] {
  const out = [0, 0, 0, 0, 0, 0];
  for (const l of pcs) {
    const w = 1 / pcs.length;
    out[0] += w * Math.sin((l * 7 * Math.PI) / 6);
    out[1] += w * Math.cos((l * 7 * Math.PI) / 6);
    out[2] += w * Math.sin((l * 3 * Math.PI) / 2);
    out[3] += w * Math.cos((l * 3 * Math.PI) / 2);
    out[4] += w * 0.5 * Math.sin((l * 2 * Math.PI) / 3);
    out[5] += w * 0.5 * Math.cos((l * 2 * Math.PI) / 3);
  }
  return out;
}

describe('tonnetz (synthetic)', () => {
  it('of an ideal C major chroma is the C major tonal centroid', () => {
    const col = Array.from({ length: 12 }, (_, c) => ([0, 4, 7].includes(c) ? 2 : 0)); // any scale: L1-normalised inside
    const chroma = matrixFromRows(col.map((v) => [v, v]));
    const T = tonnetz(null, { chroma });
    expect(T.rows).toBe(6);
    const expected = centroid([0, 4, 7]);
    for (let p = 0; p < 6; p++) expect(T.data[p * 2]).toBeCloseTo(expected[p], 12);
  });
  it('of a synthesized C major triad lies close to the C major centroid', () => {
    const y = tone([261.63, 329.63, 392.0], 3);
    const T = tonnetz(y, { sr: SR, ...quiet });
    const t = Math.floor(T.cols / 2);
    const got = Array.from({ length: 6 }, (_, p) => T.data[p * T.cols + t]);
    const exp = centroid([0, 4, 7]);
    const dot = got.reduce((s, v, i) => s + v * exp[i], 0);
    const cos = dot / Math.hypot(...got) / Math.hypot(...exp);
    expect(cos).toBeGreaterThan(0.95);
  });
  it('is zero (not NaN) for silence and validates input', () => {
    const T = tonnetz(new Float32Array(SR), quiet);
    expect(T.data.every((v) => v === 0)).toBe(true);
    expect(() => tonnetz(null)).toThrowError(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => tonnetz(null, { chroma: { rows: 12, cols: 2, data: new Float32Array(5) } })).toThrowError(expect.objectContaining({ code: 'BAD_SHAPE' }));
    expect(() => tonnetz(Float32Array.from([NaN]))).toThrowError(expect.objectContaining({ code: 'NON_FINITE' }));
  });
});

/** tonnetz and tonnetz-from-CENS of a fixture clip against librosa's, on the active FFT backend. */
function expectTonnetzLikeLibrosa(clip: string, label: string): void {
  const y = fixtureAudio(clip);
  const report: string[] = [];
  const check = (key: string, m: Matrix): void => {
    const ref = fixtureFeature(clip, key);
    expect([m.rows, m.cols]).toEqual([ref.rows, ref.cols]);
    const nmax = normalisedMaxError(m.data, ref.data);
    const mae = meanAbsError(m.data, ref.data);
    report.push(`${key} nmax ${nmax.toExponential(2)} mae ${mae.toExponential(2)}`);
    expect(nmax).toBeLessThanOrEqual(2e-2);
    expect(mae).toBeLessThanOrEqual(2e-3);
  };
  try {
    check('tonnetz', tonnetz(y, { sr: SR, ...quiet }));
    check('tonnetz_from_cens', tonnetz(y, { sr: SR, chroma: chromaCens(y, { sr: SR, ...quiet }) }));
  } finally {
    console.log(`[${label}] ${clip}: ${report.join(' | ')}`);
  }
}

describeShared('tonnetz vs librosa 0.11 (fixtures)', () => {
  for (const clip of CLIPS) {
    it(`${clip}: tonnetz and tonnetz_from_cens <= 2e-2 (mean abs <= 2e-3)`, () => expectTonnetzLikeLibrosa(clip, 'tonnetz'));
  }
});

describeShared('tonnetz on the PFFFT-wasm FFT backend vs librosa 0.11 (fixtures)', () => {
  for (const clip of CLIPS) {
    it(`${clip}: tonnetz and tonnetz_from_cens <= 2e-2 (mean abs <= 2e-3)`, () => withWasmFft(() => expectTonnetzLikeLibrosa(clip, 'tonnetz wasm')));
  }
});
