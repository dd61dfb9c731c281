/**
 * Silence and near-silence (issue #9): where librosa 0.11 defines the answer, mirkit gives it.
 * Each test names the librosa behaviour it follows.
 */
import { describe, expect, it } from 'vitest';
import { melSpectrogram, mfcc } from '../../src/features/mel.js';
import { powerToDb } from '../../src/features/db.js';
import { chromaStft, chromaCqt, chromaCens } from '../../src/features/chroma.js';
import { tonnetz } from '../../src/features/tonnetz.js';
import { onsetStrength } from '../../src/features/onset.js';
import { tempo } from '../../src/features/tempo.js';
import { beatTrack } from '../../src/features/beat.js';
import { rms } from '../../src/features/rms.js';
import { zeroCrossingRate } from '../../src/features/zcr.js';
import { spectralCentroid, spectralBandwidth, spectralRolloff } from '../../src/features/spectral.js';
import { hpssAudio } from '../../src/features/hpss.js';
import { estimateTuning } from '../../src/features/tuning.js';
import { extractFeatures } from '../../src/genre/features.js';
import { assertFinite } from './util.js';

const SR = 22050;
const silence = new Float32Array(SR * 5); // 5 s of digital silence
const quiet = (() => {
  // near-silence: white noise at -140 dBFS (1e-7), below float32 audio's usual noise floor
  const y = new Float32Array(SR * 5);
  let x = 12345;
  for (let i = 0; i < y.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    y[i] = (x / 2 ** 32 - 0.5) * 2e-7;
  }
  return y;
})();
const allEqual = (d: ArrayLike<number>, v: number) => Array.prototype.every.call(d, (x: number) => x === v);

describe('silence follows librosa', () => {
  it('powerToDb of zeros (amin 1e-10, ref 1) is -100 dB everywhere', () => {
    const D = powerToDb(melSpectrogram(silence, { sr: SR }));
    expect(allEqual(D.data, -100)).toBe(true);
  });

  it('MFCC of silence: coefficient 0 = -100 * sqrt(128) (DCT-II ortho of a constant -100 dB row over 128 bands), the rest 0', () => {
    const M = mfcc(silence, { sr: SR, nMfcc: 20 });
    const c0 = -100 * Math.sqrt(128); // -1131.3708...
    for (let t = 0; t < M.cols; t++) {
      expect(M.data[t]).toBeCloseTo(c0, 3);
      for (let k = 1; k < 20; k++) expect(Math.abs(M.data[k * M.cols + t])).toBeLessThan(1e-3);
    }
  });

  it('chroma of silence is zero (librosa normalises an all-zero column to zero): chromaStft, chromaCqt, chromaCens', () => {
    expect(allEqual(chromaStft(silence, { sr: SR }).data, 0)).toBe(true);
    expect(allEqual(chromaCqt(silence, { sr: SR }).data, 0)).toBe(true);
    expect(allEqual(chromaCens(silence, { sr: SR }).data, 0)).toBe(true);
  });

  it('tonnetz of silence is zero (projection of zero chroma)', () => {
    expect(allEqual(tonnetz(silence, { sr: SR }).data, 0)).toBe(true);
  });

  it('onset strength, rms and zero-crossing rate of silence are zero', () => {
    expect(allEqual(onsetStrength(silence, { sr: SR }), 0)).toBe(true);
    expect(allEqual(rms(silence).data, 0)).toBe(true);
    expect(allEqual(zeroCrossingRate(silence).data, 0)).toBe(true);
  });

  it('spectral centroid, bandwidth and rolloff of silence are finite (librosa: 0 where the frame has no energy)', () => {
    for (const f of [spectralCentroid, spectralBandwidth]) {
      const m = f(silence, { sr: SR });
      assertFinite(m.data, f.name);
      expect(allEqual(m.data, 0)).toBe(true);
    }
    assertFinite(spectralRolloff(silence, { sr: SR }).data, 'rolloff');
  });

  it("tempo of silence is librosa's prior answer: the tempogram is flat, so the log-normal prior around 120 BPM picks the grid tempo nearest 120 (117.45 BPM)", () => {
    const bpm = tempo(silence, { sr: SR });
    // librosa: 60 * sr / (hop * lag) at the lag nearest 120 BPM: 60 * 22050 / (512 * 22) = 117.453...
    expect(bpm).toBeCloseTo((60 * SR) / (512 * 22), 6);
  });

  it('beatTrack of silence: tempo 0 and no beats (librosa returns 0, [] when the onset envelope has no onsets)', () => {
    const r = beatTrack(silence, { sr: SR });
    expect(r.tempo).toBe(0);
    expect(r.beats.length).toBe(0);
  });

  it('estimateTuning of silence is 0 (librosa: no pitches, pitch_tuning of nothing returns 0.0)', () => {
    expect(estimateTuning(silence, { sr: SR })).toBe(0);
  });

  it('hpssAudio of silence is two silent signals of the input length', () => {
    const { harmonic, percussive } = hpssAudio(silence, { sr: SR });
    expect(harmonic.length).toBe(silence.length);
    expect(allEqual(harmonic, 0) && allEqual(percussive, 0)).toBe(true);
  });

  it('extractFeatures of silence: finite vectors (both sets)', () => {
    for (const set of ['gtzan57', 'seed'] as const) assertFinite(extractFeatures(silence, { sr: SR, set }).values, set);
  });
});

describe('near-silence (-140 dBFS noise) stays finite', () => {
  it('every feature is finite; MFCC sits near the -100 dB floor; chroma is in [0, 1]', () => {
    const M = mfcc(quiet, { sr: SR });
    assertFinite(M.data, 'mfcc');
    expect(M.data[0]).toBeLessThan(-900);
    for (const C of [chromaStft(quiet, { sr: SR }), chromaCqt(quiet, { sr: SR }), chromaCens(quiet, { sr: SR })]) {
      assertFinite(C.data, 'chroma');
      for (const v of C.data) expect(v >= 0 && v <= 1 + 1e-6).toBe(true);
    }
    assertFinite(tonnetz(quiet, { sr: SR }).data, 'tonnetz');
    expect(Number.isFinite(tempo(quiet, { sr: SR }))).toBe(true);
    const b = beatTrack(quiet, { sr: SR });
    expect(Number.isFinite(b.tempo)).toBe(true);
    for (const set of ['gtzan57', 'seed'] as const) assertFinite(extractFeatures(quiet, { sr: SR, set }).values, set);
  });
});
