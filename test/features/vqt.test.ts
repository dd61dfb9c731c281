import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromaVqt, vqt, vqtMagnitude } from '../../src/features/vqt.js';
import { cqtMagnitude } from '../../src/features/cqt.js';
import { MirkitError } from '../../src/errors.js';
import { CLIPS, describeShared, FIXTURES_DIR, fixtureAudio, normalisedMaxError, withWasmFft } from '../helpers/shared.js';

const SR = 22050;
const quiet = { onWarning: () => {} };

function tone(f: number, seconds = 2): Float32Array {
  const y = new Float32Array(Math.round(seconds * SR));
  for (let i = 0; i < y.length; i++) y[i] = 0.5 * Math.sin((2 * Math.PI * f * i) / SR);
  return y;
}

describe('vqt', () => {
  it('with gamma 0 is the CQT; with the ERB offset its low bins are wider (shorter filters)', () => {
    const y = tone(110);
    const c = cqtMagnitude(y, { sr: SR });
    const v0 = vqtMagnitude(y, { sr: SR, gamma: 0 });
    expect(normalisedMaxError(v0.data, c.data)).toBeLessThan(1e-6);
    const v = vqt(y, { sr: SR });
    expect(v.rows).toBe(84);
    expect(v.cols).toBe(c.cols);
    const mag = cqtMagnitude(v);
    const t = Math.floor(mag.cols / 2);
    let best = 0;
    for (let k = 0; k < 84; k++) if (mag.data[k * mag.cols + t] > mag.data[best * mag.cols + t]) best = k;
    expect(best).toBe(21); // A2 = 110 Hz, 21 semitones above C1
    // a wider filter leaks more into the neighbouring bin than the constant-Q one
    const leakV = mag.data[20 * mag.cols + t] / mag.data[21 * mag.cols + t];
    const leakC = c.data[20 * c.cols + t] / c.data[21 * c.cols + t];
    expect(leakV).toBeGreaterThan(leakC);
  });
  it('rejects other interval sets and negative gamma', () => {
    const y = tone(220, 1);
    expect(() => vqt(y, { intervals: 'ji5' as never })).toThrow(MirkitError);
    expect(() => vqt(y, { gamma: -1 })).toThrow(MirkitError);
    expect(() => chromaVqt(null)).toThrow(MirkitError);
  });
});

describe('chromaVqt', () => {
  it('an A440 tone peaks at A (row 9) and frames are max-normalised', () => {
    const ch = chromaVqt(tone(440), { sr: SR });
    expect(ch.rows).toBe(12);
    const t = Math.floor(ch.cols / 2);
    expect(ch.data[9 * ch.cols + t]).toBeCloseTo(1, 6);
    for (let k = 0; k < 12; k++) if (k !== 9) expect(ch.data[k * ch.cols + t]).toBeLessThan(1);
  });
  it('accepts a precomputed V', () => {
    const y = tone(330, 1);
    const V = vqtMagnitude(y, { sr: SR, gamma: 0 });
    const a = chromaVqt(null, { V });
    const b = chromaVqt(y, { sr: SR });
    expect(normalisedMaxError(a.data, b.data)).toBeLessThan(1e-6);
  });
});

/** The `.more.json` matrix of a key, flattened row-major. */
function moreMatrix(clip: string, key: string): { rows: number; cols: number; data: Float64Array } {
  const m = JSON.parse(readFileSync(join(FIXTURES_DIR, `${clip}.more.json`), 'utf8')).features[key];
  const [rows, cols] = m.shape;
  const data = new Float64Array(rows * cols);
  m.data.forEach((r: number[], i: number) => data.set(r, i * cols));
  return { rows, cols, data };
}

function compareWithLibrosa(clip: string): void {
  const y = fixtureAudio(clip);
  const refV = moreMatrix(clip, 'vqt');
  const V = vqtMagnitude(y, { sr: SR, ...quiet });
  expect([V.rows, V.cols]).toEqual([refV.rows, refV.cols]);
  expect(normalisedMaxError(V.data, refV.data)).toBeLessThanOrEqual(2e-2);
  const refC = moreMatrix(clip, 'feature.chroma_vqt');
  const C = chromaVqt(y, { sr: SR, ...quiet });
  expect([C.rows, C.cols]).toEqual([refC.rows, refC.cols]);
  expect(normalisedMaxError(C.data, refC.data)).toBeLessThanOrEqual(2e-2);
}

describeShared('vqt and chroma_vqt equal librosa 0.11 on the fixture clips', () => {
  for (const clip of CLIPS) it(`${clip} (js FFT)`, () => compareWithLibrosa(clip));
  it('gtzan-country-00000 and madmom-sample on the PFFFT-wasm backend', async () => {
    await withWasmFft(() => {
      compareWithLibrosa('gtzan-country-00000');
      compareWithLibrosa('madmom-sample');
    });
  });
});
