import { describe, expect, it } from 'vitest';
import { estimateTuning, piptrack, pitchTuning } from '../../src/features/tuning.js';
import { spectrogram } from '../../src/dsp/stft.js';
import { MirkitError } from '../../src/errors.js';
import { CLIPS, describeShared, fixtureAudio, fixtureJson, withWasmFft } from '../helpers/shared.js';

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

describe('pitchTuning', () => {
  it('finds the offset of notes tuned +25 cents (librosa docstring example)', () => {
    const freqs = Array.from({ length: 24 }, (_, k) => 55 * 2 ** (0.25 / 12) * 2 ** (k / 12));
    expect(pitchTuning(freqs)).toBeCloseTo(0.25, 10);
  });
  it('returns 0 for an empty or non-positive set, and works in other bin resolutions', () => {
    expect(pitchTuning([])).toBe(0);
    expect(pitchTuning([0, -3])).toBe(0);
    // a quarter of a 36-per-octave bin below A440
    expect(pitchTuning([440 * 2 ** (-0.25 / 36)], { binsPerOctave: 36 })).toBeCloseTo(-0.25, 10);
  });
  it('validates options', () => {
    expect(() => pitchTuning([440], { resolution: 0 })).toThrow(MirkitError);
    expect(() => pitchTuning([440], { binsPerOctave: 0 })).toThrow(MirkitError);
  });
});

describe('estimateTuning / piptrack (synthetic)', () => {
  it('measures a slightly sharp tone', () => {
    const y = tone([440 * 2 ** (0.2 / 12), 660 * 2 ** (0.2 / 12)]);
    expect(estimateTuning(y, { sr: SR })).toBeCloseTo(0.2, 1);
    expect(Math.abs(estimateTuning(y, { sr: SR }) - 0.2)).toBeLessThanOrEqual(0.02 + 1e-9);
  });
  it('accepts a precomputed spectrogram (magnitude or power) as { S } or opts.S', () => {
    const y = tone([440 * 2 ** (-0.3 / 12)]);
    const S = spectrogram(y, { power: 1 });
    const a = estimateTuning(y, { sr: SR });
    expect(estimateTuning({ S }, { sr: SR })).toBe(a);
    expect(estimateTuning(null, { sr: SR, S })).toBe(a);
    expect(Math.abs(a + 0.3)).toBeLessThanOrEqual(0.02 + 1e-9);
  });
  it('gives 0 (no NaN) for silence', () => {
    expect(estimateTuning(new Float32Array(22050), { sr: SR })).toBe(0);
  });
  it('piptrack marks the tone bin with its interpolated frequency', () => {
    const y = tone([1000]);
    const { pitches, magnitudes } = piptrack(y, { sr: SR });
    expect(pitches.rows).toBe(1025);
    const t = 20;
    let best = -1,
      bestMag = 0;
    for (let k = 0; k < pitches.rows; k++) {
      const m = magnitudes.data[k * pitches.cols + t];
      if (m > bestMag) {
        bestMag = m;
        best = k;
      }
    }
    expect(Math.abs(pitches.data[best * pitches.cols + t] - 1000)).toBeLessThan(3);
  });
  it('validates input', () => {
    expect(() => estimateTuning(new Float32Array(0))).toThrowError(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => estimateTuning(Float32Array.from([0, NaN, 0]))).toThrowError(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => estimateTuning(tone([440]), { sr: -1 })).toThrowError(expect.objectContaining({ code: 'BAD_SAMPLE_RATE' }));
    expect(() => estimateTuning(null)).toThrowError(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => estimateTuning({ S: { rows: 3, cols: 2, data: new Float32Array(5) } })).toThrowError(expect.objectContaining({ code: 'BAD_SHAPE' }));
  });
});

describeShared('estimateTuning vs librosa.estimate_tuning (fixtures)', () => {
  for (const clip of CLIPS) {
    it(`${clip}: tuning_12 and tuning_36 within 0.01`, () => {
      const y = fixtureAudio(clip);
      const ref = fixtureJson(clip).scalars;
      const t12 = estimateTuning(y, { sr: SR, binsPerOctave: 12 });
      const t36 = estimateTuning(y, { sr: SR, binsPerOctave: 36 });
      console.log(
        `[tuning] ${clip}: tuning_12 ours ${t12.toFixed(2)} librosa ${ref.tuning_12.toFixed(2)} | tuning_36 ours ${t36.toFixed(2)} librosa ${ref.tuning_36.toFixed(2)}`,
      );
      expect(Math.abs(t12 - ref.tuning_12)).toBeLessThanOrEqual(0.01 + 1e-12);
      expect(Math.abs(t36 - ref.tuning_36)).toBeLessThanOrEqual(0.01 + 1e-12);
    });
  }
});

describeShared('estimateTuning on the PFFFT-wasm FFT backend vs librosa (fixtures)', () => {
  for (const clip of CLIPS) {
    it(`${clip}: tuning_12 and tuning_36 within 0.01`, async () => {
      await withWasmFft(async (fft) => {
        const y = fixtureAudio(clip);
        const ref = fixtureJson(clip).scalars;
        const t12 = estimateTuning(y, { sr: SR, binsPerOctave: 12 });
        const t36 = estimateTuning(y, { sr: SR, binsPerOctave: 36 });
        console.log(
          `[tuning wasm] ${clip}: tuning_12 ours ${t12.toFixed(2)} librosa ${ref.tuning_12.toFixed(2)} | tuning_36 ours ${t36.toFixed(2)} librosa ${ref.tuning_36.toFixed(2)}`,
        );
        expect(Math.abs(t12 - ref.tuning_12)).toBeLessThanOrEqual(0.01 + 1e-12);
        expect(Math.abs(t36 - ref.tuning_36)).toBeLessThanOrEqual(0.01 + 1e-12);
      });
    });
  }
});
