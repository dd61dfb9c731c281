/**
 * Issue 16's families of hostile input, one named regression test each: a typed MirkitError (or
 * the right, finite answer), at once, never NaN, never a hang, never gigabytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as m from '../../src/index.js';
import { assertFinite, assertMatrix, expectMirkit, expectMirkitAsync, pcm16Wav } from './util.js';
import { withinHangBound, withinHangBoundAsync } from '../helpers/hang-guard.js';
import { monoWav } from '../helpers/wav.js';

const SR = 22050;
const tone = (n: number, amp = 0.5) => new Float32Array(n).map((_, i) => amp * Math.sin((2 * Math.PI * 440 * i) / SR));

/** A 32-bit float mono WAV of `y`. */
function floatWav(y: ArrayLike<number>, sr = SR): Uint8Array {
  return monoWav(y, sr, 'float32');
}

describe('hostile options', () => {
  const y = tone(4096);
  it('nFft = 2^31 and a huge HPSS kernelSize fail at once, before allocating', () => {
    withinHangBound(() => expectMirkit(() => m.stft(y, { nFft: 2 ** 31 }), 'BAD_OPTION'));
    withinHangBound(() => expectMirkit(() => m.melSpectrogram(y, { nFft: 2 ** 31 }), 'BAD_OPTION'));
    withinHangBound(() => expectMirkit(() => m.hpssAudio(y, { kernelSize: 2 ** 30 }), 'BAD_OPTION'));
    withinHangBound(() => expectMirkit(() => m.hpss(m.spectrogram(y), { kernelSize: [31, 1e9] }), 'BAD_OPTION'));
  });

  it('work whose result would exceed 2^28 values is refused before allocating', () => {
    const long = new Float32Array(1 << 22);
    const e = withinHangBound(() => expectMirkit(() => m.stft(long, { nFft: 1 << 16, hopLength: 1 }), 'BAD_OPTION'));
    expect(e.message).toMatch(/2\^28/);
  });

  it("librosa's snake_case names and typos -> UNKNOWN_OPTION with the right spelling", () => {
    expect(expectMirkit(() => m.melSpectrogram(y, { hop_length: 256 } as never), 'UNKNOWN_OPTION').message).toContain("'hopLength'");
    expect(expectMirkit(() => m.melSpectrogram(y, { n_mels: 64 } as never), 'UNKNOWN_OPTION').message).toContain("'nMels'");
    expect(expectMirkit(() => m.mfcc(y, { n_mfcc: 13 } as never), 'UNKNOWN_OPTION').message).toContain("'nMfcc'");
    expect(expectMirkit(() => m.chromaStft(y, { nChrome: 12 } as never), 'UNKNOWN_OPTION').message).toContain("'nChroma'");
  });

  it('an absurd but finite sr -> BAD_SAMPLE_RATE everywhere', () => {
    for (const sr of [1e-3, 1e308]) {
      for (const f of [
        () => m.mfcc(y, { sr }),
        () => m.tempo(y, { sr }),
        () => m.chromaCqt(y, { sr }),
        () => m.extractFeatures(y, { sr }),
        () => m.melFilterbank({ sr }),
      ]) {
        expectMirkit(f, 'BAD_SAMPLE_RATE');
      }
    }
  });
});

describe('option values that cannot be shown as text', () => {
  const y = tone(4096);
  it('regression: a Symbol or a prototype-less object as an option value -> BAD_OPTION (or the key’s own code), never a TypeError', () => {
    const odd = [Symbol('x'), Object.create(null)];
    for (const v of odd) {
      for (const f of [
        () => m.mfcc(y, { sr: v }),
        () => m.mfcc(y, { dctType: v }),
        () => m.melSpectrogram(y, { norm: v }),
        () => m.onsetStrength(y, { aggregate: v }),
        () => m.tempogram(y, { norm: v }),
        () => m.spectralRolloff(y, { rollPercent: v }),
        () => m.resample(y, 22050, 16000, { resType: v }),
      ]) {
        expectMirkit(f as () => unknown, 'BAD_OPTION');
      }
      // entry points that read sr themselves name it by its own code
      expectMirkit(() => m.createAnalyzer({ sr: v as never, features: ['rms'] }), 'BAD_SAMPLE_RATE');
      expectMirkit(() => new m.SVC({ C: Symbol('C') as never }), 'BAD_OPTION');
    }
    // a prototype-less dictionary stays a valid classifier option
    const weights = Object.assign(Object.create(null), { a: 1, b: 2 });
    expect(() => new m.SVC({ classWeight: weights })).not.toThrow();
  });
});

describe('families found by the feature fuzz (2026-12-05)', () => {
  let seed = 9;
  const noise = new Float32Array(8192).map(() => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 0.5);
  it('regression: bounds checked before the work (beatTrack bpm, tuning resolution, streamed p and lag)', () => {
    expectMirkit(() => m.beatTrack(noise, { bpm: 1e-6 }), 'BAD_OPTION'); // was a RangeError (a 5e9-value array)
    expectMirkit(() => m.beatTrack(noise, { bpm: 0.5 }), 'BAD_OPTION');
    const slow = m.beatTrack(noise, { bpm: 1 }); // a beat longer than the clip: no tap array beyond the envelope
    expect(slow.tempo).toBe(1);
    expect(slow.beats.length).toBeLessThanOrEqual(1);
    expectMirkit(() => m.pitchTuning([440], { resolution: 1e-300 }), 'BAD_OPTION');
    expectMirkit(() => m.estimateTuning(noise, { resolution: 1e-9 }), 'BAD_OPTION');
    expect(Number.isFinite(m.pitchTuning([440, 445], { resolution: 2 ** -20 }))).toBe(true);
    for (const [features, options] of [
      [['spectralBandwidth'], { spectralBandwidth: { p: 1e9 } }],
      [['spectralBandwidth'], { spectralBandwidth: { p: 5e-324 } }],
      [['onsetStrength'], { onsetStrength: { lag: 2 ** 25 } }],
    ] as const) {
      expectMirkit(() => m.createAnalyzer({ sr: SR, features: [...features], options: options as never }), 'BAD_OPTION');
    }
    expectMirkit(() => m.spectralBandwidth(noise, { p: 5e-324 }), 'BAD_OPTION');
  });

  it('regression: options that made NaN (denormal fmax, lifter) and matrices with fractional rows', () => {
    expectMirkit(() => m.melFilterbank({ fmax: 5e-324 }), 'BAD_OPTION');
    assertFinite(m.melSpectrogram(noise, { fmin: 1000, fmax: 1000 + 1e-10 }).data, 'mel'); // distinct edges, no bin inside: zeros
    expectMirkit(() => m.mfcc(noise, { lifter: 5e-324 }), 'BAD_OPTION');
    assertFinite(m.mfcc(noise, { lifter: 1e-300 }).data, 'mfcc');
    const frac = { rows: 2.5, cols: 2, data: new Float32Array(5) };
    for (const f of [
      () => m.stackMemory(frac as never),
      () => m.hpss(frac as never),
      () => m.powerToDb(frac as never),
      () => m.tonnetz(null, { chroma: frac as never }),
    ]) {
      expectMirkit(f, 'BAD_SHAPE');
    }
  });
});

describe('hostile signals', () => {
  it('a float WAV holding NaN or Inf -> NON_FINITE at load (any target rate)', async () => {
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      const y = tone(2000);
      y[777] = bad;
      for (const sr of [null, SR, 16000]) {
        const e = await expectMirkitAsync(() => m.loadAudio(floatWav(y), { sr }), 'NON_FINITE');
        expect(e.message).toContain('777');
      }
    }
  });

  it('finite samples far outside [-1, 1] (1e30, 3e38) -> BAD_DATA at load and at every feature', async () => {
    for (const big of [1e30, 3e38, -(2 ** 24)]) {
      const y = tone(4096);
      y[100] = big;
      await expectMirkitAsync(() => m.loadAudio(floatWav(y), { sr: null }), 'BAD_DATA');
      for (const f of [() => m.mfcc(y), () => m.spectralCentroid(y), () => m.chromaStft(y), () => m.tonnetz(y), () => m.rms(y), () => m.hpssAudio(y)]) {
        expectMirkit(f, 'BAD_DATA');
      }
    }
  });

  it('int16- and int24-scaled audio (up to 32768, 2^23) gives finite features', () => {
    for (const amp of [32768, 2 ** 23]) {
      const y = tone(SR * 3, amp);
      assertMatrix(m.mfcc(y), 'mfcc', 20);
      assertMatrix(m.chromaStft(y), 'chroma', 12);
      assertMatrix(m.tonnetz(y), 'tonnetz', 6);
      assertFinite(m.extractFeatures(y, { set: 'gtzan57' }).values, 'gtzan57');
    }
  });

  it('chromaStft with nFft = 1 -> BAD_OPTION, never NaN; nFft = 2 is finite', () => {
    const y = tone(4096);
    expectMirkit(() => m.chromaStft(y, { nFft: 1 }), 'BAD_OPTION');
    expectMirkit(() => m.chromaFilterbank({ nFft: 1 }), 'BAD_OPTION');
    assertMatrix(m.chromaStft(y, { nFft: 2, hopLength: 512 }), 'chroma nFft=2', 12);
  });
});

describe('saved models that lie', () => {
  const X: number[][] = [];
  const yl: string[] = [];
  for (let i = 0; i < 45; i++) {
    const c = i % 3;
    X.push([c + 0.1 * Math.sin(i), c * 2 + 0.1 * Math.cos(i * 1.3), -c + 0.05 * i]);
    yl.push(['a', 'b', 'c'][c]);
  }
  const clone = <T>(j: T): T => JSON.parse(JSON.stringify(j)) as T;
  type J = { state: Record<string, unknown>; params: Record<string, unknown> };

  /** Fits `model`, then expects every mutation of its JSON to be refused with BAD_MODEL naming `path`. */
  async function lies(model: m.Classifier, mutations: [string, (j: J) => void][]): Promise<void> {
    await model.fit(X, yl);
    const good = model.toJSON() as unknown as J;
    expect(m.fromJSON(clone(good)).predict(X)).toEqual(model.predict(X));
    for (const [path, mutate] of mutations) {
      const j = clone(good);
      mutate(j);
      const e = expectMirkit(() => m.fromJSON(j), 'BAD_MODEL');
      expect(e.message, path).toContain(path);
    }
  }
  const dupClasses: [string, (j: J) => void] = ['state.classes', (j) => ((j.state.classes as string[])[2] = 'a')];

  it('SVC: non-finite or negative gamma, negative support-vector counts, duplicate labels, wrong lengths, bad params', async () => {
    await lies(new m.SVC({ probability: false }), [
      ['state.gamma', (j) => (j.state.gamma = JSON.parse('1e999'))],
      ['state.gamma', (j) => (j.state.gamma = -1)],
      ['state.gamma', (j) => (j.state.gamma = null)],
      ['state.coef0', (j) => (j.state.coef0 = JSON.parse('-1e999'))],
      ['state.degree', (j) => (j.state.degree = 1e9)],
      ['state.nSV', (j) => ((j.state.nSV as number[])[0] = -(j.state.nSV as number[])[0])],
      ['state.nSV', (j) => ((j.state.nSV as number[]).length = 2)],
      ['state.sv', (j) => (j.state.sv as number[]).pop()],
      ['state.rho', (j) => (j.state.rho as number[]).push(1)],
      ['params.C', (j) => (j.params.C = -3)],
      dupClasses,
    ]);
  });

  it('LogisticRegression, KNeighbors, StandardScaler', async () => {
    await lies(new m.LogisticRegression(), [
      ['state.coef', (j) => (j.state.coef as number[]).pop()],
      ['state.intercept', (j) => ((j.state.intercept as unknown[])[0] = 'x')],
      dupClasses,
    ]);
    await lies(new m.KNeighbors({ nNeighbors: 3 }), [
      ['state.y', (j) => ((j.state.y as number[])[0] = -1)],
      ['state.y', (j) => (j.state.y = [])],
      ['state.X', (j) => (j.state.X as number[]).pop()],
      dupClasses,
    ]);
    const s = new m.StandardScaler().fit(X);
    const good = s.toJSON() as unknown as J;
    for (const [path, mutate] of [
      ['state.scale', (j: J) => ((j.state.scale as number[])[1] = 0)],
      ['state.variance', (j: J) => ((j.state.variance as number[])[0] = -1)],
      ['state.mean', (j: J) => ((j.state.mean as unknown[])[0] = null)],
    ] as const) {
      const j = clone(good);
      mutate(j);
      expect(expectMirkit(() => m.fromJSON(j), 'BAD_MODEL').message).toContain(path);
    }
  });

  it('DecisionTree, RandomForest, GradientBoosting, ObliviousBoosting', async () => {
    const tree = (j: J) => j.state.tree as Record<string, number[]>;
    const leaf = (t: Record<string, number[]>) => t.feature.findIndex((f) => f < 0);
    await lies(new m.DecisionTree({ seed: 1 }), [
      ['tree.value', (j) => (tree(j).value[leaf(tree(j)) * 3] = -5)],
      ['tree.feature', (j) => (tree(j).feature[0] = 0.5)],
      ['tree node 0', (j) => (tree(j).left[0] = 0)],
      ['tree', (j) => tree(j).threshold.pop()],
      dupClasses,
    ]);
    await lies(new m.RandomForest({ nEstimators: 3, seed: 1 }), [
      ['state.trees', (j) => (j.state.trees = [])],
      ['params.nEstimators', (j) => (j.params.nEstimators = -1)],
      dupClasses,
    ]);
    await lies(new m.GradientBoosting({ nEstimators: 3, seed: 1 }), [
      ['state.init', (j) => (j.state.init as number[]).pop()],
      ['state.trees', (j) => (j.state.trees as unknown[]).pop()],
      dupClasses,
    ]);
    await lies(new m.ObliviousBoosting({ nEstimators: 3, seed: 1 } as never), [
      ['tree.features', (j) => ((j.state.trees as { features: number[] }[])[0].features = Array(31).fill(0))],
      ['tree.features', (j) => ((j.state.trees as { features: number[] }[])[0].features[0] = -1)],
      dupClasses,
    ]);
  });

  it('MLPClassifier (neural JSON): duplicate labels, bad sampleShape, non-finite weights', async () => {
    const mlp = await new m.MLPClassifier({ hiddenLayerSizes: [4], epochs: 3, batchSize: 16, seed: 1 }).fit(X, yl);
    const good = mlp.toJSON() as unknown as J;
    const nanWeights = (j: J) => {
      const w = j.state.weights as { weightData: string };
      const bytes = Buffer.from(w.weightData, 'base64');
      bytes.writeFloatLE(Number.NaN, 4);
      w.weightData = bytes.toString('base64');
    };
    for (const [path, mutate] of [
      ['classes', (j: J) => ((j.state.classes as string[])[1] = 'a')],
      ['sampleShape', (j: J) => (j.state.sampleShape = [-3])],
      ['state.weights', nanWeights],
    ] as const) {
      const j = clone(good);
      mutate(j);
      expect((await expectMirkitAsync(() => m.fromJSONAsync(j), 'BAD_MODEL')).message).toContain(path);
    }
    mlp.dispose();
  });

  it('SVC fitted on finite but huge features (1e300) -> BAD_DATA, and never predicts NaN', async () => {
    const huge = X.map((r) => r.map((v) => v * 1e300));
    await expectMirkitAsync(() => new m.SVC().fit(huge, yl), 'BAD_DATA');
    const svc = await new m.SVC().fit(X, yl);
    for (const f of [() => svc.predict(huge), () => svc.predictProba(huge)]) {
      try {
        const r = f();
        for (const row of r) if (Array.isArray(row)) assertFinite(row, 'proba');
      } catch (e) {
        expect(e).toBeInstanceOf(m.MirkitError);
      }
    }
  });
});

describe('files that are not files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mirkit-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('/dev/zero (a device) -> UNSUPPORTED at once instead of reading without bound', async () => {
    await withinHangBoundAsync(() => expectMirkitAsync(() => m.loadAudio('/dev/zero'), 'UNSUPPORTED'));
  });

  it('a FIFO -> UNSUPPORTED at once (no blocking open); a directory -> FILE_NOT_FOUND', async () => {
    const fifo = join(dir, 'pipe.wav');
    execFileSync('mkfifo', [fifo]);
    await withinHangBoundAsync(async () => {
      await expectMirkitAsync(() => m.loadAudio(fifo), 'UNSUPPORTED');
      await expectMirkitAsync(() => m.loadAudio(dir), 'FILE_NOT_FOUND');
    });
  });

  it('a regular WAV file still loads', async () => {
    const { writeFileSync } = await import('node:fs');
    const p = join(dir, 'ok.wav');
    writeFileSync(p, pcm16Wav(tone(SR), SR));
    const { y, sr } = await m.loadAudio(p, { sr: null });
    expect(sr).toBe(SR);
    expect(y.length).toBe(SR);
  });
});

describe('families found by the merged-entry-point properties', () => {
  it('the CQT family (chromaCqt, tonnetz, vqt) passes its fft option down to resample without UNKNOWN_OPTION', () => {
    const y = new Float32Array(22050).map((_, i) => 0.4 * Math.sin((2 * Math.PI * 440 * i) / 22050));
    assertMatrix(m.chromaCqt(y, { fft: 'js' }), 'chromaCqt', 12);
    assertMatrix(m.vqtMagnitude(y, { fft: 'js', gamma: 5 }), 'vqtMagnitude', 84);
  });

  it('spectralContrast with a band that keeps no bin -> BAD_OPTION, never NaN (librosa averages an empty band)', () => {
    const y = new Float32Array(4096).map((_, i) => Math.sin(i));
    expect(expectMirkit(() => m.spectralContrast(y, { nFft: 64 }), 'BAD_OPTION').details).toMatchObject({ option: 'fmin' });
    expectMirkit(() => m.spectralContrastKernel(m.kernelContext(22050, 64)), 'BAD_OPTION');
    assertMatrix(m.spectralContrast(y, { nFft: 256 }), 'spectralContrast', 7);
  });

  it('istft with an absurd length -> BAD_OPTION before allocating; loadAudio takes its fft option', async () => {
    const X = m.stft(
      new Float32Array(512).map((_, i) => Math.sin(i)),
      { nFft: 32 },
    );
    for (const length of [1e308, 2 ** 40, -1, 1.5]) expectMirkit(() => m.istft(X, { length }), 'BAD_OPTION');
    expect(m.istft(X, { length: 500 })).toHaveLength(500);
    const wav = pcm16Wav(
      new Float32Array(2000).map((_, i) => 0.3 * Math.sin(i / 5)),
      44100,
    );
    expect((await m.loadAudio(wav, { fft: 'js' })).sr).toBe(22050);
  });

  it('onsetBacktrack with events that are not an array -> BAD_SHAPE', () => {
    const env = new Float32Array(64).map((_, i) => Math.abs(Math.sin(i / 3)));
    for (const ev of [null, 3, 'x']) expectMirkit(() => m.onsetBacktrack(ev as never, env), 'BAD_SHAPE');
    expect(Array.from(m.onsetBacktrack([10, 20], env))).toHaveLength(2);
  });
});

describe('families found by the full-size property run in CI', () => {
  it('resample of finite samples near float32 max -> BAD_DATA, never NaN; int24-scaled audio still resamples', () => {
    const y = new Float32Array(1024);
    y[0] = -3.0000000054977558e38; // the counterexample of the 1000-case run (22050 -> 16000)
    expectMirkit(() => m.resample(y, 22050, 16000), 'BAD_DATA');
    const loud = new Float32Array(4096).map((_, i) => 8388607 * Math.sin(i / 7));
    assertFinite(m.resample(loud, 22050, 16000), 'resample of int24-scaled audio');
  });
});
