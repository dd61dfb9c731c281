/**
 * The options validation layer (src/options.ts, src/option-keys.ts, src/option-table.ts): null/undefined, unknown
 * keys with librosa's snake_case spelling or a typo, wrong types, documented bounds.
 */
import { describe, expect, it } from 'vitest';
import { readOptions } from '../src/options.js';
import { CONSTRUCTOR_OPTIONS, ENTRY_POINT_OPTIONS } from '../src/option-table.js';
import { HPSS_OPTIONS, MEL_SPECTROGRAM_OPTIONS, MFCC_OPTIONS, RMS_OPTIONS, STFT_OPTIONS } from '../src/option-keys.js';
import * as mirkit from '../src/index.js';
import { MAX_BANDS, MAX_HOP_LENGTH, MAX_KERNEL_SIZE, MAX_N_FFT, MAX_ORDER } from '../src/limits.js';
import { expectMirkit } from './robustness/util.js';

describe('readOptions', () => {
  it('null and undefined mean all defaults; a non-object is BAD_OPTION', () => {
    expect(readOptions('mfcc', null, MFCC_OPTIONS)).toEqual({});
    expect(readOptions('mfcc', undefined, MFCC_OPTIONS)).toEqual({});
    for (const bad of [3, 'hopLength', true, [1, 2], () => 1]) expectMirkit(() => readOptions('mfcc', bad as unknown as object, MFCC_OPTIONS), 'BAD_OPTION');
  });

  it("librosa's snake_case names -> UNKNOWN_OPTION naming the camelCase spelling", () => {
    for (const [snake, camel] of [
      ['hop_length', 'hopLength'],
      ['n_mels', 'nMels'],
      ['n_mfcc', 'nMfcc'],
      ['n_fft', 'nFft'],
      ['win_length', 'winLength'],
    ]) {
      const e = expectMirkit(() => readOptions('mfcc', { [snake]: 512 }, MFCC_OPTIONS), 'UNKNOWN_OPTION');
      expect(e.message).toContain(`'${camel}'`);
      expect(e.details).toMatchObject({ option: snake, suggestion: camel });
    }
  });

  it('a misspelt key -> UNKNOWN_OPTION with the nearest accepted key; a far-off key lists the accepted ones', () => {
    expect(expectMirkit(() => readOptions('melSpectrogram', { nMel: 64 }, MEL_SPECTROGRAM_OPTIONS), 'UNKNOWN_OPTION').message).toContain(
      "did you mean 'nMels'",
    );
    expect(expectMirkit(() => readOptions('stft', { hoplength: 64 }, STFT_OPTIONS), 'UNKNOWN_OPTION').message).toContain("'hopLength'");
    const e = expectMirkit(() => readOptions('rms', { zzzzzzzz: 1 }, RMS_OPTIONS), 'UNKNOWN_OPTION');
    expect(e.message).toContain('frameLength');
  });

  it('wrong types and sizes beyond the documented bounds -> BAD_OPTION; absurd sr -> BAD_SAMPLE_RATE', () => {
    for (const [key, v] of [
      ['nFft', 2 ** 31],
      ['nFft', MAX_N_FFT + 1],
      ['hopLength', MAX_HOP_LENGTH + 1],
      ['nMels', MAX_BANDS + 1],
      ['nFft', '2048'],
      ['nFft', 1.5],
      ['center', 'yes'],
      ['padMode', 'wrap'],
      ['fft', 'gpu'],
    ] as const) {
      expect(expectMirkit(() => readOptions('melSpectrogram', { [key]: v }, MEL_SPECTROGRAM_OPTIONS), 'BAD_OPTION').details).toMatchObject({ option: key });
    }
    expectMirkit(() => readOptions('hpss', { kernelSize: MAX_KERNEL_SIZE + 1 }, HPSS_OPTIONS), 'BAD_OPTION');
    expectMirkit(() => readOptions('hpss', { kernelSize: [31, 2 ** 40] }, HPSS_OPTIONS), 'BAD_OPTION');
    for (const sr of [1e-3, 1e308, 0, -1, Number.NaN]) expectMirkit(() => readOptions('mfcc', { sr }, MFCC_OPTIONS), 'BAD_SAMPLE_RATE');
    // undefined values are "not given"
    expect(readOptions('mfcc', { nFft: undefined }, MFCC_OPTIONS).nFft).toBeUndefined();
  });

  it('every table entry is a public function, and every function that transforms accepts fft', () => {
    const noFft = new Set([
      'melFilterbank',
      'powerToDb',
      'amplitudeToDb',
      'rms',
      'zeroCrossingRate',
      'hpss',
      'medianFilter',
      'pitchTuning',
      'cqtFrequencies',
      'cqToChroma',
      'chromaFilterbank',
      // take a signal that is not transformed, a spectrogram column or a file
      'peakPick',
      'tag',
      'embed',
      'parseEmbeddingSet',
      // classifier tools: no signal at all
      'lbfgs',
      'asha',
      'randomSearchBudget',
      'stratifiedKFold',
      'trainTestSplit',
      'crossValidate',
      'gridSearch',
      'randomSearch',
      'precisionRecallF1',
      'precision',
      'recall',
      'f1',
      'confusionMatrix',
      'classificationReport',
      'rocAuc',
      'spectralFlatnessKernel',
      'spectralContrastKernel',
      'polyFeaturesKernel',
      'spectralCrestKernel',
      'loudnessKernel',
      'perceptualSpreadKernel',
      'perceptualSharpnessKernel',
    ]);
    for (const [fn, keys] of Object.entries(ENTRY_POINT_OPTIONS)) {
      expect(typeof (mirkit as Record<string, unknown>)[fn], fn).toBe('function');
      expect((keys as readonly string[]).includes('fft'), fn).toBe(!noFft.has(fn));
    }
  });

  it('an entry point passes its checked options on to the ones it calls (no false UNKNOWN_OPTION)', () => {
    const y = new Float32Array(4096).map((_, i) => Math.sin(i / 5));
    expect(mirkit.mfcc(y, { nMfcc: 13, nMels: 40, hopLength: 256, fft: 'js' } as never).rows).toBe(13);
    expect(mirkit.tonnetz(y, { hopLength: 512 }).rows).toBe(6);
    expect(mirkit.beatTrack(y, { tightness: 50 }).beats).toBeInstanceOf(Int32Array);
  });
});

describe('null options at every entry point that takes a signal', () => {
  const y = new Float32Array(8192).map((_, i) => 0.5 * Math.sin(i / 9));
  const S = mirkit.melSpectrogram(y);
  const calls: Record<string, () => unknown> = {
    stft: () => mirkit.stft(y, null as never),
    spectrogram: () => mirkit.spectrogram(y, null as never),
    melSpectrogram: () => mirkit.melSpectrogram(y, null as never),
    mfcc: () => mirkit.mfcc(y, null as never),
    powerToDb: () => mirkit.powerToDb(S, null as never),
    spectralCentroid: () => mirkit.spectralCentroid(y, null as never),
    rms: () => mirkit.rms(y, null as never),
    zeroCrossingRate: () => mirkit.zeroCrossingRate(y, null as never),
    onsetStrength: () => mirkit.onsetStrength(y, null as never),
    tempo: () => mirkit.tempo(y, null as never),
    chromaStft: () => mirkit.chromaStft(y, null as never),
    chromaCqt: () => mirkit.chromaCqt(y, null as never),
    tonnetz: () => mirkit.tonnetz(y, null as never),
    hpssAudio: () => mirkit.hpssAudio(y, null as never),
  };
  for (const [name, f] of Object.entries(calls)) it(`${name}(y, null) = ${name}(y)`, () => expect(f()).toBeTruthy());
});

describe('the entry points merged after the validation layer', () => {
  const y = new Float32Array(8192).map((_, i) => 0.5 * Math.sin(i / 9) + 0.1 * Math.sin(i / 2.3));
  const M = mirkit.mfcc(y, { nMfcc: 8 });
  const ctx = mirkit.kernelContext(22050, 2048);
  const env = mirkit.onsetStrength(y);
  const calls: Record<string, (o: unknown) => unknown> = {
    delta: (o) => mirkit.delta(M, o as never),
    createDeltaKernel: (o) => mirkit.createDeltaKernel(8, o as never),
    stackMemory: (o) => mirkit.stackMemory(M, o as never),
    createStackMemoryKernel: (o) => mirkit.createStackMemoryKernel(8, o as never),
    onsetDetect: (o) => mirkit.onsetDetect(y, o as never),
    peakPick: (o) => mirkit.peakPick(env, (o ?? { preMax: 1, postMax: 1, preAvg: 1, postAvg: 1, delta: 0.1, wait: 1 }) as never),
    fourierTempogram: (o) => mirkit.fourierTempogram(y, o as never),
    fourierTempogramMagnitude: (o) => mirkit.fourierTempogramMagnitude(y, o as never),
    plp: (o) => mirkit.plp(y, o as never),
    trim: (o) => mirkit.trim(y, o as never),
    split: (o) => mirkit.split(y, o as never),
    yin: (o) => mirkit.yin(y, (o ?? { fmin: 100, fmax: 1000 }) as never),
    pyin: (o) => mirkit.pyin(y, (o ?? { fmin: 100, fmax: 1000 }) as never),
    vqt: (o) => mirkit.vqt(y, o as never),
    vqtMagnitude: (o) => mirkit.vqtMagnitude(y, o as never),
    chromaVqt: (o) => mirkit.chromaVqt(y, o as never),
    spectralFlatness: (o) => mirkit.spectralFlatness(y, o as never),
    spectralFlatnessKernel: (o) => mirkit.spectralFlatnessKernel(ctx, o as never),
    spectralContrast: (o) => mirkit.spectralContrast(y, o as never),
    spectralContrastKernel: (o) => mirkit.spectralContrastKernel(ctx, o as never),
    polyFeatures: (o) => mirkit.polyFeatures(y, o as never),
    polyFeaturesKernel: (o) => mirkit.polyFeaturesKernel(ctx, o as never),
    spectralSlope: (o) => mirkit.spectralSlope(y, o as never),
    spectralSpread: (o) => mirkit.spectralSpread(y, o as never),
    spectralSkewness: (o) => mirkit.spectralSkewness(y, o as never),
    spectralKurtosis: (o) => mirkit.spectralKurtosis(y, o as never),
    spectralCrest: (o) => mirkit.spectralCrest(y, o as never),
    spectralCrestKernel: (o) => mirkit.spectralCrestKernel(ctx, o as never),
    spectralFlux: (o) => mirkit.spectralFlux(y, o as never),
    loudness: (o) => mirkit.loudness(y, o as never),
    loudnessKernel: (o) => mirkit.loudnessKernel(ctx, o as never),
    perceptualSpread: (o) => mirkit.perceptualSpread(y, o as never),
    perceptualSpreadKernel: (o) => mirkit.perceptualSpreadKernel(ctx, o as never),
    perceptualSharpness: (o) => mirkit.perceptualSharpness(y, o as never),
    perceptualSharpnessKernel: (o) => mirkit.perceptualSharpnessKernel(ctx, o as never),
  };
  for (const [name, f] of Object.entries(calls)) {
    it(`${name}: null = defaults, snake_case -> UNKNOWN_OPTION with the camelCase spelling, a non-object -> BAD_OPTION`, () => {
      expect(name in ENTRY_POINT_OPTIONS, name).toBe(true);
      if (name !== 'peakPick' && name !== 'yin' && name !== 'pyin') expect(f(null)).toBeTruthy();
      const e = expectMirkit(() => f({ hop_length: 512 }), 'UNKNOWN_OPTION');
      expect(e.message).toContain(name);
      // a key near none: the message lists the function's own keys (the list its call site passes)
      const far = expectMirkit(() => f({ zzzzzzzzzz: 1 }), 'UNKNOWN_OPTION');
      expect(far.message).toBe(
        `${name} has no option 'zzzzzzzzzz'; accepted options: ${ENTRY_POINT_OPTIONS[name as keyof typeof ENTRY_POINT_OPTIONS].join(', ')}`,
      );
      expectMirkit(() => f(7), 'BAD_OPTION');
    });
  }

  it('sizes beyond the documented bounds are refused before any work', () => {
    expectMirkit(() => mirkit.delta(M, { width: 2 ** 31 + 1 }), 'BAD_OPTION');
    expectMirkit(() => mirkit.delta(M, { width: MAX_KERNEL_SIZE + 2 }), 'BAD_OPTION');
    expectMirkit(() => mirkit.stackMemory(M, { nSteps: 1e9 }), 'BAD_OPTION');
    expectMirkit(() => mirkit.stackMemory(M, { delay: 2 ** 40 }), 'BAD_OPTION');
    expectMirkit(() => mirkit.polyFeatures(y, { order: MAX_ORDER + 1 }), 'BAD_OPTION');
    expectMirkit(() => mirkit.spectralContrast(y, { nBands: MAX_BANDS + 1 }), 'BAD_OPTION');
    expectMirkit(() => mirkit.loudness(y, { nBands: 2 ** 31 }), 'BAD_OPTION');
    expectMirkit(() => mirkit.pyin(y, { fmin: 100, fmax: 1000, nThresholds: 2 ** 31 }), 'BAD_OPTION');
    expectMirkit(() => mirkit.yin(y, { fmin: 100, fmax: 1000, frameLength: 2 ** 31 }), 'BAD_OPTION');
    expectMirkit(() => mirkit.fourierTempogram(y, { winLength: 2 ** 31 }), 'BAD_OPTION');
    expectMirkit(() => mirkit.vqt(y, { nBins: 1e9 }), 'BAD_OPTION');
    expectMirkit(() => mirkit.trim(y, { frameLength: 2 ** 31 }), 'BAD_OPTION');
  });

  it('tag and embed refuse bad options before loading anything (no TensorFlow.js needed)', async () => {
    for (const f of [mirkit.tag, mirkit.embed] as ((y: unknown, o: unknown) => Promise<unknown>)[]) {
      await expect(f({ y, sr: 22050 }, { batch_size: 4 })).rejects.toMatchObject({ code: 'UNKNOWN_OPTION', details: { suggestion: 'batchSize' } });
      await expect(f({ y, sr: 22050 }, 'fast')).rejects.toMatchObject({ code: 'BAD_OPTION' });
    }
    await expect(mirkit.tag({ y, sr: 22050 }, { topk: 3 } as never)).rejects.toMatchObject({ code: 'UNKNOWN_OPTION', details: { suggestion: 'top' } });
  });

  it('parseEmbeddingSet refuses unknown options', () => {
    expectMirkit(() => mirkit.parseEmbeddingSet(new Uint8Array(0), 'a,b\n', { label_column: 'genre' } as never), 'UNKNOWN_OPTION');
  });
});

describe('classifier constructors', () => {
  it("scikit-learn's spellings and typos -> UNKNOWN_OPTION with the accepted key", () => {
    expect(expectMirkit(() => new mirkit.SVC({ c: 3 } as never), 'UNKNOWN_OPTION').details).toMatchObject({ option: 'c', suggestion: 'C' });
    const e = expectMirkit(() => new mirkit.RandomForest({ n_estimators: 500 } as never), 'UNKNOWN_OPTION');
    expect(e.details).toMatchObject({ option: 'n_estimators', suggestion: 'nEstimators' });
    expect(e.message).toContain("'nEstimators'");
    expect(expectMirkit(() => new mirkit.KNeighbors({ n_neighbors: 3 } as never), 'UNKNOWN_OPTION').details).toMatchObject({ suggestion: 'nNeighbors' });
  });

  it('every constructor in the table is a public class that refuses unknown keys and takes null as defaults', () => {
    const est = () => [new mirkit.KNeighbors(), new mirkit.DecisionTree()];
    for (const cls of Object.keys(CONSTRUCTOR_OPTIONS)) {
      const C = (mirkit as Record<string, unknown>)[cls] as new (...a: unknown[]) => unknown;
      expect(typeof C, cls).toBe('function');
      const make = (o: unknown) => (cls === 'VotingClassifier' ? new C(est(), o) : cls === 'FrameLevelClassifier' ? new C(est()[0], o) : new C(o));
      expect(make(null), cls).toBeTruthy();
      expect(expectMirkit(() => make({ zzzzzzzzzz: 1 }), 'UNKNOWN_OPTION').message).toContain(cls);
      expectMirkit(() => make(42), 'BAD_OPTION');
    }
  });
});
