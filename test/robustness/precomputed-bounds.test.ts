/**
 * Precomputed spectrogram-like inputs (S, C, V, chroma, the hpss/istft/cqtMagnitude matrices) are
 * bounded at +-2^100 (MAX_SPECTROGRAM_VALUE): every value within it gives finite output, values beyond
 * it give BAD_DATA naming the bound. A fuzz campaign found 1e300 / 3e38 giving Infinity or NaN.
 */
import { describe, expect, it } from 'vitest';
import {
  amplitudeToDb,
  chromaCens,
  chromaCqt,
  chromaStft,
  chromaVqt,
  cqtMagnitude,
  estimateTuning,
  hpss,
  istft,
  loudness,
  melSpectrogram,
  mfcc,
  onsetStrength,
  perceptualSharpness,
  perceptualSpread,
  piptrack,
  polyFeatures,
  powerToDb,
  rms,
  spectralBandwidth,
  spectralCentroid,
  spectralContrast,
  spectralCrest,
  spectralFlatness,
  spectralFlux,
  spectralKurtosis,
  spectralRolloff,
  spectralSkewness,
  spectralSlope,
  spectralSpread,
  tonnetz,
} from '../../src/index.js';
import type { Matrix } from '../../src/matrix.js';
import { MAX_SPECTROGRAM_VALUE } from '../../src/limits.js';
import { assertFinite, expectMirkit } from './util.js';

/** The largest float32 below 2^100 and the largest float64 below it. */
const BELOW32 = 2 ** 100 - 2 ** 76;
const BELOW64 = 2 ** 100 - 2 ** 47;

type Input = { m: Matrix; c: { rows: number; cols: number; re: Float32Array; im: Float32Array } };

/** Patterns of magnitude v: constant, a lone peak, alternating with tiny values. */
function inputs(rows: number, cols: number, v: number, f64: boolean): Input[] {
  const n = rows * cols;
  const pats = [
    Array.from({ length: n }, () => v),
    Array.from({ length: n }, (_, i) => (i === 3 ? v : 0)),
    Array.from({ length: n }, (_, i) => (i % 2 ? v : 1e-30)),
  ];
  return pats.map((p) => ({
    m: { rows, cols, data: f64 ? Float64Array.from(p) : Float32Array.from(p) },
    c: { rows, cols, re: Float32Array.from(p), im: Float32Array.from(p, (x) => -x) },
  }));
}

/** Every output number (matrices, arrays, result objects). */
function finiteAll(r: unknown, what: string): void {
  if (r === null || r === undefined || typeof r === 'string' || typeof r === 'boolean') return;
  if (typeof r === 'number') return assertFinite([r], what);
  if (ArrayBuffer.isView(r)) return assertFinite(r as unknown as ArrayLike<number>, what);
  if (Array.isArray(r)) return r.forEach((x, i) => finiteAll(x, `${what}[${i}]`));
  for (const [k, x] of Object.entries(r as object)) finiteAll(x, `${what}.${k}`);
}

const CASES: [string, number, number, (x: Input) => unknown][] = [
  ['melSpectrogram', 1025, 2, (x) => melSpectrogram(null, { S: x.m })],
  ['mfcc', 128, 2, (x) => mfcc(null, { S: x.m })],
  ['rms', 1025, 2, (x) => rms(null, { S: x.m })],
  ['loudness', 1025, 2, (x) => loudness(null, { S: x.m })],
  ['spectralCentroid', 1025, 2, (x) => spectralCentroid(null, { S: x.m })],
  ['spectralBandwidth', 1025, 2, (x) => spectralBandwidth(null, { S: x.m })],
  ['spectralBandwidth p 4 at 768 kHz', 1025, 2, (x) => spectralBandwidth(null, { S: x.m, p: 4, sr: 768000 })],
  ['spectralBandwidth p 0.25', 1025, 2, (x) => spectralBandwidth(null, { S: x.m, p: 0.25 })],
  ['spectralRolloff', 1025, 2, (x) => spectralRolloff(null, { S: x.m })],
  ['spectralContrast', 1025, 2, (x) => spectralContrast(null, { S: x.m })],
  ['spectralFlatness', 1025, 2, (x) => spectralFlatness(null, { S: x.m })],
  ['polyFeatures order 3', 1025, 2, (x) => polyFeatures(null, { S: x.m, order: 3 })],
  ['spectralSlope', 1025, 2, (x) => spectralSlope(null, { S: x.m })],
  ['spectralSpread', 1025, 2, (x) => spectralSpread(null, { S: x.m })],
  ['spectralSkewness', 1025, 2, (x) => spectralSkewness(null, { S: x.m })],
  ['spectralKurtosis at 768 kHz', 1025, 2, (x) => spectralKurtosis(null, { S: x.m, sr: 768000 })],
  ['spectralCrest', 1025, 2, (x) => spectralCrest(null, { S: x.m })],
  ['spectralFlux', 1025, 2, (x) => spectralFlux(null, { S: x.m })],
  ['perceptualSpread', 1025, 2, (x) => perceptualSpread(null, { S: x.m })],
  ['perceptualSharpness', 1025, 2, (x) => perceptualSharpness(null, { S: x.m })],
  ['chromaStft', 1025, 2, (x) => chromaStft(null, { S: x.m })],
  ['onsetStrength', 128, 3, (x) => onsetStrength(null, { S: x.m })],
  ['piptrack', 1025, 2, (x) => piptrack(null, { S: x.m })],
  ['estimateTuning', 1025, 2, (x) => estimateTuning(null, { S: x.m })],
  ['powerToDb', 3, 3, (x) => powerToDb(x.m, { topDb: null })],
  ['amplitudeToDb', 3, 3, (x) => amplitudeToDb(x.m, { topDb: null })],
  ['chromaCqt', 84, 4, (x) => chromaCqt(null, { C: x.m })],
  ['chromaCens', 84, 4, (x) => chromaCens(null, { C: x.m })],
  ['chromaVqt', 84, 4, (x) => chromaVqt(null, { V: x.m })],
  ['tonnetz', 12, 4, (x) => tonnetz(null, { chroma: x.m })],
  ['hpss (magnitude, margin 2)', 4, 4, (x) => hpss(x.m, { margin: 2 })],
  ['hpss (magnitude, power 16, margin 1e6)', 6, 6, (x) => hpss(x.m, { power: 16, margin: 1e6 })],
  ['hpss (complex)', 4, 4, (x) => hpss(x.c, { margin: 2 })],
  ['istft', 1025, 4, (x) => istft(x.c)],
  ['cqtMagnitude (complex)', 84, 4, (x) => cqtMagnitude(x.c)],
];

describe('precomputed spectrogram values: finite up to 2^100, BAD_DATA beyond (fuzz findings)', () => {
  it('MAX_SPECTROGRAM_VALUE is 2^100', () => expect(MAX_SPECTROGRAM_VALUE).toBe(2 ** 100));

  for (const [name, rows, cols, f] of CASES) {
    it(`${name}: finite just below the bound`, () => {
      for (const x of inputs(rows, cols, BELOW32, false)) finiteAll(f(x), name);
      // the complex inputs are float32 only
      if (!name.includes('complex') && name !== 'istft') for (const x of inputs(rows, cols, BELOW64, true)) finiteAll(f(x), name);
    });

    it(`${name}: BAD_DATA naming the bound at 2^100, 3e38 and 1e300`, () => {
      for (const [v, f64] of [
        [2 ** 100, false],
        [3e38, false],
        [1e300, true],
      ] as const) {
        if (f64 && (name.includes('complex') || name === 'istft')) continue;
        for (const x of inputs(rows, cols, v, f64)) {
          const e = expectMirkit(() => f(x), 'BAD_DATA');
          expect(e.message).toContain('2^100');
          expect(e.details?.bound).toBe(2 ** 100);
        }
      }
    });
  }

  it('the reported cases', () => {
    expectMirkit(() => melSpectrogram(null, { S: { rows: 1025, cols: 2, data: new Float64Array(2050).fill(1e300) } }), 'BAD_DATA');
    expectMirkit(() => amplitudeToDb({ rows: 1, cols: 1, data: new Float64Array([1e300]) }), 'BAD_DATA');
    expectMirkit(() => chromaCqt(null, { C: { rows: 84, cols: 4, data: new Float32Array(336).fill(3e38) } }), 'BAD_DATA');
    expectMirkit(() => chromaVqt(null, { V: { rows: 84, cols: 4, data: new Float32Array(336).fill(3e38) } }), 'BAD_DATA');
    expectMirkit(() => hpss({ rows: 4, cols: 4, data: new Float32Array(16).fill(3e38) }, { margin: 2 }), 'BAD_DATA');
    expectMirkit(() => istft({ rows: 1025, cols: 4, re: new Float32Array(4100).fill(3e38), im: new Float32Array(4100) }), 'BAD_DATA');
  });
});
