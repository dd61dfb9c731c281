/**
 * Determinism (issue #9): the same input and seed give bit-identical features and predictions across
 * runs, across fresh model instances and across `toJSON` / `fromJSON` (through a JSON string, as a
 * saved file would be), for every classifier family and the bundled `genreModel()`.
 */
import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/genre/features.js';
import { mfcc } from '../../src/features/mel.js';
import { beatTrack } from '../../src/features/beat.js';
import { hpssAudio } from '../../src/features/hpss.js';
import { fromJSON } from '../../src/classifiers/registry.js';
import { RandomForest } from '../../src/classifiers/forest.js';
import { GradientBoosting } from '../../src/classifiers/gradient-boosting.js';
import { SVC } from '../../src/classifiers/svc.js';
import { LogisticRegression } from '../../src/classifiers/logistic.js';
import { KNeighbors } from '../../src/classifiers/knn.js';
import { LinearDiscriminantAnalysis } from '../../src/classifiers/lda.js';
import { QuadraticDiscriminantAnalysis } from '../../src/classifiers/qda.js';
import { DecisionTree } from '../../src/classifiers/tree.js';
import { Pipeline } from '../../src/classifiers/pipeline.js';
import { StandardScaler } from '../../src/classifiers/scaler.js';
import type { Classifier } from '../../src/classifiers/types.js';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { determinismClip, rng, synth } from './util.js';
import { describeWeights, genreModules } from './weights.js';
import { wavFile } from '../helpers/wav.js';

const SR = 22050;
/** 8 s of tones, clicks and noise. */
const clip = determinismClip();

/** Bitwise equality of two numeric arrays (NaN-safe, distinguishes -0). */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const fa = Float64Array.from(a),
    fb = Float64Array.from(b);
  const ua = new BigUint64Array(fa.buffer),
    ub = new BigUint64Array(fb.buffer);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}
const flat = (p: number[][]) => p.flat();

describe('determinism: features', () => {
  // (a Float64Array of the same samples is another input: it is analysed in float64 and may differ
  // in the last bits, so it is not compared here)
  it('extractFeatures (both sets) is bit-identical across runs and input copies', () => {
    for (const set of ['gtzan57', 'seed'] as const) {
      const a = extractFeatures(clip, { sr: SR, set });
      const b = extractFeatures(clip.slice(), { sr: SR, set });
      const c = extractFeatures(clip, { sr: SR, set });
      expect(sameBits(a.values, b.values)).toBe(true);
      expect(sameBits(a.values, c.values)).toBe(true);
      expect(b.names).toEqual(a.names);
    }
  });
  it('extractFeatures (both sets) is bit-identical in another process', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'determinism.child.ts')], {
      cwd: resolve(here, '..', '..'),
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (r.status !== 0) throw new Error(`determinism child failed: ${r.stderr}`);
    const other = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, string>;
    for (const set of ['gtzan57', 'seed'] as const) {
      expect(other[set]).toBe(Buffer.from(extractFeatures(clip, { sr: SR, set }).values.buffer).toString('hex'));
    }
  }, 300_000);
  it('mfcc, beatTrack and hpssAudio are bit-identical across runs and leave the input untouched', () => {
    const copy = clip.slice();
    expect(sameBits(mfcc(clip, { sr: SR }).data, mfcc(clip, { sr: SR }).data)).toBe(true);
    const b1 = beatTrack(clip, { sr: SR }),
      b2 = beatTrack(clip, { sr: SR });
    expect(b1.tempo).toBe(b2.tempo);
    expect(Array.from(b1.beats)).toEqual(Array.from(b2.beats));
    const h1 = hpssAudio(clip, { sr: SR }),
      h2 = hpssAudio(clip, { sr: SR });
    expect(sameBits(h1.harmonic, h2.harmonic) && sameBits(h1.percussive, h2.percussive)).toBe(true);
    expect(sameBits(clip, copy)).toBe(true);
  });
});

describe('determinism: process-wide state', () => {
  // There is no process-wide FFT backend: each call names its FFT (`fft`, default 'auto'). Loading
  // audio changes nothing; features are bit-identical for one FFT and agree closely between the two.
  // (Stage by stage, before and after classify / an fft: 'js' call: fft-isolation.test.ts.)
  it('extractFeatures(y) is bit-identical before and after a loadAudio call in the same process', async () => {
    const { loadAudio } = await import('../../src/audio/load.js');
    const { fftBackend } = await import('../../src/dsp/fft.js');
    const y = determinismClip();
    const before = extractFeatures(y, { sr: SR, set: 'gtzan57' }).values;
    const wav = wavFile(4410, SR).bytes; // 0.2 s of silence
    const backend = fftBackend();
    await loadAudio(wav, { sr: SR });
    expect(fftBackend()).toBe(backend);
    expect(sameBits(before, extractFeatures(y, { sr: SR, set: 'gtzan57' }).values)).toBe(true);
  }, 300_000);

  it('the js and wasm FFTs give gtzan57 vectors within 1e-4 relative (or 1e-6 absolute)', async () => {
    const y = determinismClip();
    const js = extractFeatures(y, { sr: SR, set: 'gtzan57', fft: 'js' }).values;
    const wasm = extractFeatures(y, { sr: SR, set: 'gtzan57', fft: 'wasm' }).values;
    let worst = 0;
    js.forEach((v, i) => {
      const d = Math.abs(v - wasm[i]);
      if (d > 1e-6) worst = Math.max(worst, d / Math.abs(v));
    });
    console.log(`gtzan57, js vs wasm FFT: worst relative difference ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
  }, 300_000);
});

describe('determinism: classifiers', () => {
  // 3 classes, 10 features, 150 rows, overlapping clusters (so the models are not trivially certain)
  const r = rng(42);
  const X: number[][] = [];
  const y: string[] = [];
  for (let i = 0; i < 150; i++) {
    const c = i % 3;
    X.push(Array.from({ length: 10 }, (_, j) => (j < 4 ? c * 0.8 : 0) + (2 * r() - 1) * 1.5 + j * 10));
    y.push(['blues', 'jazz', 'rock'][c]);
  }
  const Xtest = Array.from({ length: 40 }, () => Array.from({ length: 10 }, (_, j) => (2 * r() - 1) * 3 + j * 10));

  const makers: [string, () => Classifier][] = [
    ['RandomForest', () => new RandomForest({ nEstimators: 30, maxFeatures: 'sqrt', classWeight: 'balanced', seed: 123 })],
    ['GradientBoosting', () => new GradientBoosting({ learningRate: 0.1, maxDepth: 3, nEstimators: 30, subsample: 0.5, seed: 123 })],
    ['SVC', () => new SVC({ kernel: 'rbf', C: 3, gamma: 'scale', probability: true, seed: 123 })],
    ['LogisticRegression', () => new LogisticRegression({ C: 1 })],
    ['KNeighbors', () => new KNeighbors({ nNeighbors: 5 })],
    ['LinearDiscriminantAnalysis', () => new LinearDiscriminantAnalysis({ shrinkage: 'auto' })],
    ['QuadraticDiscriminantAnalysis', () => new QuadraticDiscriminantAnalysis({ regParam: 0.1 })],
    ['DecisionTree', () => new DecisionTree({ maxDepth: 5 })],
    ['Pipeline(StandardScaler, SVC)', () => new Pipeline([new StandardScaler(), new SVC({ C: 3, probability: true, seed: 9 })])],
  ];

  for (const [name, make] of makers) {
    it(`${name}: same data and seed -> bit-identical predictions across fits, refits and toJSON/fromJSON`, async () => {
      const a = make();
      await a.fit(X, y);
      const b = make();
      await b.fit(X, y);
      const pa = a.predictProba(Xtest);
      expect(sameBits(flat(pa), flat(b.predictProba(Xtest)))).toBe(true);
      expect(b.predict(Xtest)).toEqual(a.predict(Xtest));
      for (const row of pa) {
        for (const v of row) expect(Number.isFinite(v)).toBe(true);
        expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
      }
      // refit of the same instance starts from scratch
      await b.fit(X, y);
      expect(sameBits(flat(pa), flat(b.predictProba(Xtest)))).toBe(true);
      // through a JSON string, twice
      const text = JSON.stringify(a.toJSON());
      const restored = fromJSON(JSON.parse(text));
      expect(sameBits(flat(pa), flat(restored.predictProba(Xtest)))).toBe(true);
      expect(restored.predict(Xtest)).toEqual(a.predict(Xtest));
      expect(restored.classes).toEqual(a.classes);
      expect(JSON.stringify(restored.toJSON())).toBe(text);
    });
  }
});

describeWeights('determinism: the bundled model and classify', () => {
  it('genreModel(): fresh copies and a toJSON/fromJSON round trip give bit-identical probabilities', async () => {
    const { genreModel } = await genreModules();
    const fv = Array.from(extractFeatures(clip, { sr: SR, set: 'gtzan57' }).values);
    const fv2 = Array.from(extractFeatures(synth('square', SR * 3, SR, 5), { sr: SR, set: 'gtzan57' }).values);
    const m1 = genreModel();
    const m2 = genreModel();
    const p1 = m1.predictProba([fv, fv2]);
    expect(sameBits(flat(p1), flat(m2.predictProba([fv, fv2])))).toBe(true);
    const text = JSON.stringify(m1.toJSON());
    const back = fromJSON(JSON.parse(text));
    expect(sameBits(flat(p1), flat(back.predictProba([fv, fv2])))).toBe(true);
    expect(back.predict([fv, fv2])).toEqual(m1.predict([fv, fv2]));
    expect(JSON.stringify(back.toJSON())).toBe(text);
  });
  it('classify: the same clip twice gives bit-identical probabilities', async () => {
    const { classify } = await genreModules();
    const a = await classify({ y: clip, sr: SR });
    const b = await classify({ y: clip.slice(), sr: SR });
    expect(b.genre).toBe(a.genre);
    const keys = Object.keys(a.probabilities);
    expect(
      sameBits(
        keys.map((k) => a.probabilities[k]),
        keys.map((k) => b.probabilities[k]),
      ),
    ).toBe(true);
  });
});
