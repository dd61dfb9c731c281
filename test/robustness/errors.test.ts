/**
 * Typed errors at the public entry points (issue #9): each bad input throws `MirkitError` with its
 * stable code and a message that says what to do.
 */
import { describe, expect, it } from 'vitest';
import { MirkitError } from '../../src/errors.js';
import { checkFeatureMatrix, checkMatrix, checkSignal } from '../../src/validate.js';
import { stft, istft, spectrogram } from '../../src/dsp/stft.js';
import { melSpectrogram, mfcc } from '../../src/features/mel.js';
import { powerToDb } from '../../src/features/db.js';
import { spectralCentroid } from '../../src/features/spectral.js';
import { rms } from '../../src/features/rms.js';
import { zeroCrossingRate } from '../../src/features/zcr.js';
import { chromaStft, chromaCqt } from '../../src/features/chroma.js';
import { cqt } from '../../src/features/cqt.js';
import { tonnetz } from '../../src/features/tonnetz.js';
import { onsetStrength } from '../../src/features/onset.js';
import { tempo } from '../../src/features/tempo.js';
import { beatTrack } from '../../src/features/beat.js';
import { hpss, hpssAudio } from '../../src/features/hpss.js';
import { estimateTuning } from '../../src/features/tuning.js';
import { summarize } from '../../src/stats/summary.js';
import { resample } from '../../src/audio/resample.js';
import { loadAudio } from '../../src/audio/load.js';
import { extractFeatures } from '../../src/genre/features.js';
import { fromJSON } from '../../src/classifiers/registry.js';
import { KNeighbors } from '../../src/classifiers/knn.js';
import { LinearDiscriminantAnalysis } from '../../src/classifiers/lda.js';
import { QuadraticDiscriminantAnalysis } from '../../src/classifiers/qda.js';
import { LogisticRegression } from '../../src/classifiers/logistic.js';
import { RandomForest } from '../../src/classifiers/forest.js';
import { GradientBoosting } from '../../src/classifiers/gradient-boosting.js';
import { DecisionTree } from '../../src/classifiers/tree.js';
import { SVC } from '../../src/classifiers/svc.js';
import { Pipeline } from '../../src/classifiers/pipeline.js';
import { StandardScaler } from '../../src/classifiers/scaler.js';
import { expectMirkit, expectMirkitAsync, pcm16Wav } from './util.js';
import { describeWeights, genreModules } from './weights.js';

const sine = (n: number, sr = 22050, f = 440) => Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f * i) / sr));
const y = sine(4096);
const withNaN = (() => {
  const a = y.slice();
  a[100] = Number.NaN;
  return a;
})();
const withInf = (() => {
  const a = y.slice();
  a[7] = -Infinity;
  return a;
})();

/** Signal entry points, each called with a signal and extra options. */
const SIGNAL_FUNCS: [string, (y: Float32Array, o?: Record<string, unknown>) => unknown][] = [
  ['stft', (s, o) => stft(s, o)],
  ['spectrogram', (s, o) => spectrogram(s, o)],
  ['melSpectrogram', (s, o) => melSpectrogram(s, o)],
  ['mfcc', (s, o) => mfcc(s, o)],
  ['spectralCentroid', (s, o) => spectralCentroid(s, o)],
  ['rms', (s, o) => rms(s, o)],
  ['zeroCrossingRate', (s, o) => zeroCrossingRate(s, o)],
  ['chromaStft', (s, o) => chromaStft(s, o)],
  ['estimateTuning', (s, o) => estimateTuning(s, o)],
  ['cqt', (s, o) => cqt(s, { onWarning: () => undefined, ...o })],
  ['chromaCqt', (s, o) => chromaCqt(s, { onWarning: () => undefined, ...o })],
  ['tonnetz', (s, o) => tonnetz(s, { onWarning: () => undefined, ...o })],
  ['onsetStrength', (s, o) => onsetStrength(s, o)],
  ['tempo', (s, o) => tempo(s, o)],
  ['beatTrack', (s, o) => beatTrack(s, o)],
  ['hpssAudio', (s, o) => hpssAudio(s, o)],
  ['extractFeatures', (s, o) => extractFeatures(s, o)],
  ['resample', (s, o) => resample(s, (o?.sr as number) ?? 22050, 16000)],
];
/** The ones taking `sr`. */
const WITH_SR = new Set([
  'melSpectrogram',
  'mfcc',
  'spectralCentroid',
  'chromaStft',
  'estimateTuning',
  'cqt',
  'chromaCqt',
  'tonnetz',
  'onsetStrength',
  'tempo',
  'beatTrack',
  'extractFeatures',
  'resample',
]);

describe('typed errors: signals', () => {
  for (const [name, f] of SIGNAL_FUNCS) {
    it(`${name}: empty -> EMPTY_INPUT, NaN/Inf -> NON_FINITE`, () => {
      const e = expectMirkit(() => f(new Float32Array(0)), 'EMPTY_INPUT');
      expect(e.message).toMatch(/empty/i);
      expect(expectMirkit(() => f(withNaN), 'NON_FINITE').message).toMatch(/NaN/);
      expect(expectMirkit(() => f(withInf), 'NON_FINITE').message).toMatch(/Infinity/);
      expect(expectMirkit(() => f([] as unknown as Float32Array), 'EMPTY_INPUT')).toBeInstanceOf(MirkitError);
    });
    if (WITH_SR.has(name)) {
      it(`${name}: sample rate not a positive finite number -> BAD_SAMPLE_RATE`, () => {
        for (const sr of [0, -22050, Number.NaN, Infinity, '22050' as unknown as number]) {
          expect(expectMirkit(() => f(y, { sr }), 'BAD_SAMPLE_RATE').message).toMatch(/positive/);
        }
      });
    }
  }

  it('long signals: the first non-finite sample is reported, in float32 and float64, at any position', () => {
    for (const A of [Float32Array, Float64Array]) {
      for (const n of [63, 64, 1001]) {
        for (const bad of [Number.NaN, Infinity, -Infinity]) {
          for (const at of [0, n >> 1, n - 1]) {
            const x = new A(n).fill(-0.25);
            x[at] = bad;
            if (at + 1 < n) x[n - 1] = Number.NaN; // a later bad sample must not be the one named
            const e = expectMirkit(() => checkSignal(x), 'NON_FINITE');
            expect(e.details).toEqual({ index: at });
            expect(e.message).toContain(`y[${at}] is ${bad}`);
          }
        }
        // finite samples up to the bound 2^24 (int24-scaled audio) and subnormals pass
        const ok = new A(n).fill(2 ** 24 - 1);
        ok[1] = -5e-324;
        expect(checkSignal(ok)).toBe(ok);
        expect(checkSignal(ok.subarray(1))).toHaveLength(n - 1);
        // finite extremes beyond it (the largest float32, float64's max, -2^24) -> BAD_DATA naming the first
        for (const big of [A === Float32Array ? 3.4028234663852886e38 : Number.MAX_VALUE, -(2 ** 24), 1e30]) {
          const x = new A(n).fill(0.5);
          x[n >> 1] = big;
          expect(expectMirkit(() => checkSignal(x), 'BAD_DATA').details).toEqual({ index: n >> 1, bound: 2 ** 24 });
        }
      }
    }
    // float32 matrices: a bad value at every position of the four-word steps and the tail is found
    for (let n = 64; n < 72; n++) {
      for (let at = 0; at < n; at++) {
        const data = new Float32Array(n).fill(0.5);
        data[at] = at % 2 ? Number.NaN : -Infinity;
        expect(expectMirkit(() => checkMatrix({ rows: 1, cols: n, data }, 'S'), 'NON_FINITE').message).toContain(`index ${at}`);
      }
      expect(checkMatrix({ rows: 1, cols: n, data: new Float32Array(n).fill(3e38) }, 'S').cols).toBe(n);
    }
    // the feature functions' check (the wasm scan from 4096 float32 values) decides and names as checkMatrix does
    for (const n of [4095, 4096, 5003, 70000]) {
      for (const at of [0, 1, n >> 1, n - 2, n - 1]) {
        for (const bad of [Number.NaN, Infinity, -Infinity]) {
          const data = new Float32Array(n).fill(-3e38);
          data[at] = bad;
          const M = { rows: 1, cols: n, data };
          const e = expectMirkit(() => checkFeatureMatrix(M, 'data'), 'NON_FINITE');
          expect(e.message).toBe(expectMirkit(() => checkMatrix(M, 'data'), 'NON_FINITE').message);
        }
      }
      const ok = { rows: 1, cols: n, data: new Float32Array(n).fill(3.4e38) };
      expect(checkFeatureMatrix(ok, 'data')).toBe(ok);
    }
    expectMirkit(() => checkFeatureMatrix({ rows: 2, cols: 0, data: new Float32Array(0) }, 'data'), 'EMPTY_INPUT');
    expectMirkit(() => checkFeatureMatrix({ rows: 3, cols: 2, data: new Float32Array(5) }, 'data'), 'BAD_SHAPE');
    const m = { rows: 10, cols: 10, data: new Float64Array(100) };
    m.data[57] = -Infinity;
    expect(expectMirkit(() => checkMatrix(m, 'S'), 'NON_FINITE').message).toMatch(/index 57/);
  });

  it('a non-array signal -> BAD_DATA', () => {
    expectMirkit(() => stft('abc' as unknown as Float32Array), 'BAD_DATA');
    expectMirkit(() => mfcc({} as unknown as Float32Array), 'BAD_DATA');
  });
});

describe('typed errors: options out of range', () => {
  it('nFft not a positive integer -> BAD_OPTION (stft, spectrogram, mel, mfcc, chroma, onset, hpssAudio)', () => {
    for (const nFft of [0, -2048, 1.5, Number.NaN]) {
      for (const f of [
        () => stft(y, { nFft }),
        () => spectrogram(y, { nFft }),
        () => melSpectrogram(y, { nFft }),
        () => mfcc(y, { nFft }),
        () => chromaStft(y, { nFft }),
        () => onsetStrength(y, { nFft }),
        () => hpssAudio(y, { nFft }),
        () => spectralCentroid(y, { nFft }),
      ]) {
        expect(expectMirkit(f, 'BAD_OPTION').message).toMatch(/nFft/);
      }
    }
  });
  it('hopLength 0 -> BAD_OPTION', () => {
    for (const f of [
      () => stft(y, { hopLength: 0 }),
      () => melSpectrogram(y, { hopLength: 0 }),
      () => rms(y, { hopLength: 0 }),
      () => zeroCrossingRate(y, { hopLength: 0 }),
      () => cqt(y, { hopLength: 0 }),
      () => onsetStrength(y, { hopLength: 0 }),
      () => tempo(y, { hopLength: 0 }),
      () => beatTrack(y, { hopLength: 0 }),
      () => istft(stft(y), { hopLength: 0 }),
    ]) {
      expect(expectMirkit(f, 'BAD_OPTION').message).toMatch(/hopLength/);
    }
  });
  it('nMels > nFft/2 + 1 -> BAD_OPTION (empty mel filters)', () => {
    expect(expectMirkit(() => melSpectrogram(y, { nFft: 64, nMels: 40 }), 'BAD_OPTION').message).toMatch(/nMels/);
    expectMirkit(() => mfcc(y, { nFft: 64, nMels: 40 }), 'BAD_OPTION');
  });
  it('fmax > sr/2 -> BAD_OPTION', () => {
    expect(expectMirkit(() => melSpectrogram(y, { sr: 22050, fmax: 16000 }), 'BAD_OPTION').message).toMatch(/fmax/);
  });
  it('negative duration / offset, bad timeoutMs -> BAD_OPTION (loadAudio)', async () => {
    const wav = new Uint8Array(64);
    await expectMirkitAsync(() => loadAudio(wav, { duration: -1 }), 'BAD_OPTION');
    await expectMirkitAsync(() => loadAudio(wav, { offset: -0.5 }), 'BAD_OPTION');
    await expectMirkitAsync(() => loadAudio(wav, { timeoutMs: 0 }), 'BAD_OPTION');
    await expectMirkitAsync(() => loadAudio(wav, { sr: 0 }), 'BAD_SAMPLE_RATE');
  });
  it('an unknown feature set -> BAD_OPTION', () => {
    expectMirkit(() => extractFeatures(y, { set: 'nope' as never }), 'BAD_OPTION');
  });
  it('a clip too short for clip features -> TOO_SHORT with the minimum', () => {
    expect(expectMirkit(() => extractFeatures(sine(1000)), 'TOO_SHORT').message).toMatch(/2048/);
  });
});

describe('typed errors: matrices of the wrong shape between stages', () => {
  const S = spectrogram(y, { nFft: 512 });
  const mel = melSpectrogram(y, { nMels: 64 });
  it('a spectrogram whose rows do not match nFft -> BAD_SHAPE', () => {
    expectMirkit(() => melSpectrogram(null, { S, nFft: 2048 }), 'BAD_SHAPE');
    expectMirkit(() => spectralCentroid(null, { S, nFft: 2048 }), 'BAD_SHAPE');
    expectMirkit(() => rms(null, { S, frameLength: 2048 }), 'BAD_SHAPE');
  });
  it('not a Matrix, or data.length != rows*cols -> BAD_SHAPE', () => {
    const bad = { rows: 3, cols: 3, data: new Float32Array(8) };
    expectMirkit(() => powerToDb(bad), 'BAD_SHAPE');
    expectMirkit(() => summarize(bad), 'BAD_SHAPE');
    expectMirkit(() => hpss(bad), 'BAD_SHAPE');
    expectMirkit(() => melSpectrogram(null, { S: bad }), 'BAD_SHAPE');
    expectMirkit(() => istft({ rows: 3, cols: 2, re: new Float32Array(6), im: new Float32Array(5) }), 'BAD_SHAPE');
  });
  it('a chroma that is not a Matrix -> BAD_SHAPE (any row count is librosa-valid: linspace(0, 12, n))', () => {
    expectMirkit(() => tonnetz(null, { chroma: { rows: 12, cols: 4, data: new Float32Array(47) } }), 'BAD_SHAPE');
    expectMirkit(() => tonnetz(null, { chroma: [[1, 2]] as never }), 'BAD_SHAPE');
    expectMirkit(() => chromaCqt(null, { C: { rows: 84, cols: 3, data: new Float32Array(5) } }), 'BAD_SHAPE');
    void mel;
  });
  it('an empty matrix -> EMPTY_INPUT; a NaN in a matrix -> NON_FINITE', () => {
    expectMirkit(() => powerToDb({ rows: 4, cols: 0, data: new Float32Array(0) }), 'EMPTY_INPUT');
    const nan = { rows: 2, cols: 2, data: Float32Array.from([1, Number.NaN, 2, 3]) };
    expectMirkit(() => powerToDb(nan), 'NON_FINITE');
    expectMirkit(() => summarize(nan), 'NON_FINITE');
    expectMirkit(() => mfcc(null, { S: nan }), 'NON_FINITE');
  });
  it('an onset envelope with NaN -> NON_FINITE; empty -> EMPTY_INPUT', () => {
    expectMirkit(() => tempo(null, { onsetEnvelope: [1, Number.NaN, 2] }), 'NON_FINITE');
    expectMirkit(() => beatTrack(null, { onsetEnvelope: new Float32Array(0) }), 'EMPTY_INPUT');
    expectMirkit(() => beatTrack(null, {}), 'EMPTY_INPUT');
  });
});

describe('typed errors: files', () => {
  it('not audio -> DECODE_FAILED; zero-length -> DECODE_FAILED; missing path -> FILE_NOT_FOUND', async () => {
    const text = new TextEncoder().encode('this is not an audio file at all, just some words. '.repeat(50));
    expect((await expectMirkitAsync(() => loadAudio(text, { timeoutMs: 10_000 }), 'DECODE_FAILED')).message).toMatch(/decode|supported/i);
    await expectMirkitAsync(() => loadAudio(new Uint8Array(0)), 'DECODE_FAILED');
    await expectMirkitAsync(() => loadAudio(new ArrayBuffer(0)), 'DECODE_FAILED');
    await expectMirkitAsync(() => loadAudio('/nonexistent/dir/song.mp3'), 'FILE_NOT_FOUND');
    await expectMirkitAsync(() => loadAudio(42 as never), 'BAD_DATA');
  });
  it('a WAV header lying about its size -> DECODE_FAILED saying the file is truncated', async () => {
    const wav = pcm16Wav(sine(2205), 22050);
    const dv = new DataView(wav.buffer);
    dv.setUint32(40, 10_000_000, true); // data chunk claims 10 MB
    dv.setUint32(4, 10_000_036, true); // RIFF size too
    expect((await expectMirkitAsync(() => loadAudio(wav, { sr: null }), 'DECODE_FAILED')).message).toMatch(/truncated/);
    // a RIFF size smaller than the file (the data chunk is right): reads the data
    const small = wav.slice();
    new DataView(small.buffer).setUint32(40, 2205 * 2, true);
    new DataView(small.buffer).setUint32(4, 100, true);
    const r = await loadAudio(small, { sr: null }).catch((e: unknown) => e);
    if (r instanceof Error) expect(r).toBeInstanceOf(MirkitError);
    else expect((r as { y: Float32Array }).y.length).toBe(2205);
    // a header claiming a data chunk but holding none at all
    const headerOnly = wav.slice(0, 44);
    await expectMirkitAsync(() => loadAudio(headerOnly, { sr: null }), ['DECODE_FAILED', 'EMPTY_INPUT']);
    // a fmt chunk with 0 channels / 0 Hz
    const zeroCh = wav.slice();
    new DataView(zeroCh.buffer).setUint16(22, 0, true);
    await expectMirkitAsync(() => loadAudio(zeroCh, { sr: null, timeoutMs: 10_000 }), 'DECODE_FAILED');
    const zeroSr = wav.slice();
    new DataView(zeroSr.buffer).setUint32(24, 0, true);
    await expectMirkitAsync(() => loadAudio(zeroSr, { sr: null, timeoutMs: 10_000 }), 'DECODE_FAILED');
  });
  it('a valid WAV with no samples -> EMPTY_INPUT', async () => {
    await expectMirkitAsync(() => loadAudio(pcm16Wav(new Float32Array(0), 22050)), ['EMPTY_INPUT']);
  });
  it('an AudioBuffer-like with NaN -> NON_FINITE; sampleRate 0 -> BAD_SAMPLE_RATE', async () => {
    const buf = (sr: number, d: Float32Array) => ({ sampleRate: sr, numberOfChannels: 1, getChannelData: () => d });
    await expectMirkitAsync(() => loadAudio(buf(22050, withNaN)), 'NON_FINITE');
    await expectMirkitAsync(() => loadAudio(buf(0, y)), 'BAD_SAMPLE_RATE');
  });
});

describe('typed errors: models', () => {
  const X = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(i * 1.3), i % 3]);
  const labels = X.map((_, i) => (i % 2 ? 'a' : 'b'));
  const makers: [
    string,
    () => { fit: (X: number[][], y: string[]) => unknown; predict: (X: number[][]) => unknown; predictProba: (X: number[][]) => unknown; toJSON: () => object },
  ][] = [
    ['KNeighbors', () => new KNeighbors({ nNeighbors: 3 })],
    ['LinearDiscriminantAnalysis', () => new LinearDiscriminantAnalysis({ shrinkage: 0.1 })],
    ['QuadraticDiscriminantAnalysis', () => new QuadraticDiscriminantAnalysis({ regParam: 0.1 })],
    ['LogisticRegression', () => new LogisticRegression({})],
    ['DecisionTree', () => new DecisionTree({ maxDepth: 3 })],
    ['RandomForest', () => new RandomForest({ nEstimators: 5, seed: 1 })],
    ['GradientBoosting', () => new GradientBoosting({ nEstimators: 5, seed: 1 })],
    ['SVC', () => new SVC({ probability: true, seed: 1 } as never)],
    ['Pipeline', () => new Pipeline([new StandardScaler(), new KNeighbors({ nNeighbors: 3 })])],
  ];
  for (const [name, make] of makers) {
    it(`${name}: predict before fit -> NOT_FITTED; wrong feature count -> BAD_SHAPE; NaN features -> NON_FINITE`, async () => {
      const m = make();
      expect(expectMirkit(() => m.predict(X), 'NOT_FITTED').message).toMatch(/fit/);
      expectMirkit(() => m.predictProba(X), 'NOT_FITTED');
      await m.fit(X, labels);
      expect(expectMirkit(() => m.predict([[1, 2]]), 'BAD_SHAPE').message).toMatch(/features/);
      expectMirkit(() => m.predictProba([[1, 2, 3, 4]]), 'BAD_SHAPE');
      expectMirkit(() => m.predict([[1, Number.NaN, 3]]), 'NON_FINITE');
      expectMirkit(() => m.predict([]), 'EMPTY_INPUT');
    });
  }
  it('fromJSON: malformed, unknown format version, mismatched dimensions -> BAD_MODEL', async () => {
    expectMirkit(() => fromJSON('{"format": "mirkit-model", '), 'BAD_MODEL');
    expectMirkit(() => fromJSON(null), 'BAD_MODEL');
    expectMirkit(() => fromJSON([1, 2]), 'BAD_MODEL');
    expectMirkit(() => fromJSON({ format: 'something-else' }), 'BAD_MODEL');
    expectMirkit(() => fromJSON({ format: 'mirkit-model', version: 1, type: 'NoSuchModel', params: {} }), 'BAD_MODEL');
    for (const [, make] of makers) {
      const m = make();
      await m.fit(X, labels);
      const j = JSON.parse(JSON.stringify(m.toJSON()));
      expect(expectMirkit(() => fromJSON({ ...j, version: 999 }), 'BAD_MODEL').message).toMatch(/version/);
      expectMirkit(() => fromJSON({ ...j, state: 'garbage' }), 'BAD_MODEL');
      expectMirkit(() => fromJSON({ ...j, params: null }), 'BAD_MODEL');
      // mismatched dimensions: every array of numbers in the state loses its last element
      const cut = (o: unknown): unknown =>
        Array.isArray(o)
          ? o.length > 1 && o.every((v) => typeof v === 'number')
            ? o.slice(0, -1)
            : o.map(cut)
          : o && typeof o === 'object'
            ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, cut(v)]))
            : o;
      expect(expectMirkit(() => fromJSON({ ...j, state: cut(j.state) }), 'BAD_MODEL').message).toMatch(/malformed|must|invalid|inconsistent/);
    }
    // a Pipeline whose scaler and model disagree on the feature count: refused at load or at predict
    const scaler = new StandardScaler().fit(X.map((r) => r.slice(0, 2)));
    const knn = new KNeighbors({ nNeighbors: 3 });
    knn.fit(X, labels);
    const glued = { ...new Pipeline([new StandardScaler(), new KNeighbors()]).toJSON() } as Record<string, unknown>;
    const pj = JSON.parse(JSON.stringify(new Pipeline([new StandardScaler(), new KNeighbors({ nNeighbors: 3 })]).toJSON()));
    void glued;
    const steps = [scaler.toJSON(), knn.toJSON()];
    const mismatched = { ...pj, state: pj.state && typeof pj.state === 'object' ? { ...pj.state, steps } : { steps }, params: { ...pj.params, steps } };
    try {
      const m = fromJSON(JSON.parse(JSON.stringify(mismatched)));
      expectMirkit(() => m.predict([[1, 2]]), 'BAD_SHAPE');
    } catch (e) {
      if (!(e instanceof MirkitError)) throw e;
    }
  });
});

describeWeights('typed errors: classify and loadModel', () => {
  it('a malformed or foreign model JSON -> BAD_MODEL; a model over the wrong feature count -> BAD_SHAPE', async () => {
    const { classify, loadModel } = await genreModules();
    expectMirkit(() => loadModel('{not json'), 'BAD_MODEL');
    expectMirkit(() => loadModel({ format: 'mirkit-model', version: 1, type: 'SVC', params: {}, state: { nope: 1 } }), 'BAD_MODEL');
    expectMirkit(() => loadModel({ format: 'mirkit-model', version: 1, type: 'Pipeline', params: {}, meta: { featureSet: 'mfcc' } }), 'BAD_MODEL');
    const knn = new KNeighbors({ nNeighbors: 1 });
    knn.fit(
      [
        [1, 2, 3],
        [3, 2, 1],
      ],
      ['rock', 'pop'],
    );
    await expectMirkitAsync(() => classify({ y: sine(22050), sr: 22050 }, { model: knn }), 'BAD_SHAPE');
    await expectMirkitAsync(() => classify({ y: new Float32Array(0), sr: 22050 }), 'EMPTY_INPUT');
    await expectMirkitAsync(() => classify({ y: withNaN, sr: 22050 }), 'NON_FINITE');
    await expectMirkitAsync(() => classify({ y, sr: 0 }), 'BAD_SAMPLE_RATE');
    await expectMirkitAsync(() => classify({ y, sr: 22050 }, { windowSeconds: -1 }), 'BAD_OPTION');
    await expectMirkitAsync(() => classify(new TextEncoder().encode('not audio '.repeat(100))), 'DECODE_FAILED');
  });
  it('the bundled model: feature vectors of the wrong length -> BAD_SHAPE; its JSON with another version -> BAD_MODEL', async () => {
    const { genreModel, loadModel } = await genreModules();
    const m = genreModel();
    expect(expectMirkit(() => m.predict([[1, 2, 3]]), 'BAD_SHAPE').message).toMatch(/57/);
    expectMirkit(() => m.predictProba([new Array(58).fill(0)]), 'BAD_SHAPE');
    expectMirkit(() => m.predict([[...new Array(56).fill(0), Number.NaN]]), 'NON_FINITE');
    const j = JSON.parse(JSON.stringify(m.toJSON()));
    expectMirkit(() => loadModel({ ...j, version: j.version + 100 }), 'BAD_MODEL');
    expectMirkit(() => loadModel({ ...j, format: 'mirkit-model-v0' }), 'BAD_MODEL');
  });
});
