/**
 * The options validation layer (src/options.ts, src/option-table.ts): null/undefined, unknown
 * keys with librosa's snake_case spelling or a typo, wrong types, documented bounds.
 */
import { describe, expect, it } from 'vitest';
import { readOptions, ENTRY_POINT_OPTIONS } from '../src/options.js';
import * as mirkit from '../src/index.js';
import { MAX_BANDS, MAX_HOP_LENGTH, MAX_KERNEL_SIZE, MAX_N_FFT } from '../src/limits.js';
import { expectMirkit } from './robustness/util.js';

describe('readOptions', () => {
  it('null and undefined mean all defaults; a non-object is BAD_OPTION', () => {
    expect(readOptions('mfcc', null)).toEqual({});
    expect(readOptions('mfcc', undefined)).toEqual({});
    for (const bad of [3, 'hopLength', true, [1, 2], () => 1]) expectMirkit(() => readOptions('mfcc', bad as unknown as object), 'BAD_OPTION');
  });

  it("librosa's snake_case names -> UNKNOWN_OPTION naming the camelCase spelling", () => {
    for (const [snake, camel] of [['hop_length', 'hopLength'], ['n_mels', 'nMels'], ['n_mfcc', 'nMfcc'], ['n_fft', 'nFft'], ['win_length', 'winLength']]) {
      const e = expectMirkit(() => readOptions('mfcc', { [snake]: 512 }), 'UNKNOWN_OPTION');
      expect(e.message).toContain(`'${camel}'`);
      expect(e.details).toMatchObject({ option: snake, suggestion: camel });
    }
  });

  it('a misspelt key -> UNKNOWN_OPTION with the nearest accepted key; a far-off key lists the accepted ones', () => {
    expect(expectMirkit(() => readOptions('melSpectrogram', { nMel: 64 }), 'UNKNOWN_OPTION').message).toContain("did you mean 'nMels'");
    expect(expectMirkit(() => readOptions('stft', { hoplength: 64 }), 'UNKNOWN_OPTION').message).toContain("'hopLength'");
    const e = expectMirkit(() => readOptions('rms', { zzzzzzzz: 1 }), 'UNKNOWN_OPTION');
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
      expect(expectMirkit(() => readOptions('melSpectrogram', { [key]: v }), 'BAD_OPTION').details).toMatchObject({ option: key });
    }
    expectMirkit(() => readOptions('hpss', { kernelSize: MAX_KERNEL_SIZE + 1 }), 'BAD_OPTION');
    expectMirkit(() => readOptions('hpss', { kernelSize: [31, 2 ** 40] }), 'BAD_OPTION');
    for (const sr of [1e-3, 1e308, 0, -1, Number.NaN]) expectMirkit(() => readOptions('mfcc', { sr }), 'BAD_SAMPLE_RATE');
    // undefined values are "not given"
    expect(readOptions('mfcc', { nFft: undefined }).nFft).toBeUndefined();
  });

  it('every table entry is a public function, and every function that transforms (resampling included: its 2:1 stage runs on the FFT) accepts fft', () => {
    const noFft = new Set(['melFilterbank', 'powerToDb', 'amplitudeToDb', 'rms', 'zeroCrossingRate', 'hpss', 'medianFilter', 'pitchTuning', 'cqtFrequencies', 'cqToChroma', 'chromaFilterbank']);
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
