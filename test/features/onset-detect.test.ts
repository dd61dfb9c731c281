import { describe, expect, it } from 'vitest';
import { onsetBacktrack, onsetDetect, peakPick } from '../../src/features/onset-detect.js';
import { onsetStrength } from '../../src/features/onset.js';
import { MirkitError } from '../../src/errors.js';
import { CLIPS, describeShared, fixtureAudio, fixtureFeature } from '../helpers/shared.js';
import { moreJson } from '../helpers/more-fixture.js';

describeShared('onsetDetect vs librosa.onset.onset_detect (6 clips, frames identical)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const ref = moreJson(clip).features['onset.onset_detect'];
      const y = fixtureAudio(clip);
      const plain = Array.from(onsetDetect(y, { sr: 22050 }));
      const back = Array.from(onsetDetect(y, { sr: 22050, backtrack: true }));
      // from librosa's own envelope (7 significant digits) as well
      const envRef = Float32Array.from(fixtureFeature(clip, 'onset_strength').data);
      const plainRefEnv = Array.from(onsetDetect({ onsetEnvelope: envRef }));
      console.log(`onset_detect ${clip}: ${plain.length} onsets (librosa ${ref.backtrack_false.length}); from librosa's envelope ${plainRefEnv.length}`);
      expect(plain).toEqual(ref.backtrack_false);
      expect(back).toEqual(ref.backtrack_true);
      expect(plainRefEnv).toEqual(ref.backtrack_false);
    });
  }
});

describe('peakPick / onsetBacktrack / onsetDetect', () => {
  it('picks local maxima above the local mean, skipping `wait` frames', () => {
    const x = [0, 1, 0, 0, 0.5, 0.6, 0, 0, 0, 2, 0];
    // max over [n - 1, n + 2), mean over [n - 1, n + 1)
    const p = { preMax: 1, postMax: 2, preAvg: 1, postAvg: 1 };
    expect(Array.from(peakPick(x, { ...p, delta: 0, wait: 0 }))).toEqual([1, 5, 7, 9]); // 7: a flat 0 equals its mean
    expect(Array.from(peakPick(x, { ...p, delta: 0.1, wait: 0 }))).toEqual([1, 9]);
    // a wait of 4 frames after frame 1 hides frame 5
    expect(Array.from(peakPick(x, { ...p, delta: 0, wait: 4 }))).toEqual([1, 7]);
    expect(() => peakPick(x, { preMax: 1, postMax: 0, preAvg: 1, postAvg: 1, delta: 0, wait: 0 })).toThrow(MirkitError);
  });
  it('backtracks to the preceding local minimum (frame 0 always one)', () => {
    const e = [3, 2, 1, 2, 5, 4, 4, 6, 1, 0, 0, 3];
    // minima: 0, 2, 5 (4 <= 5 and 4 < 4? no), 6? (4 <= 4 and 4 < 6: yes), 10? (0 <= 0, 0 < 3: yes)
    expect(Array.from(onsetBacktrack([1, 4, 7, 11], e))).toEqual([0, 2, 6, 10]);
  });
  it('finds nothing in silence and converts units', () => {
    expect(onsetDetect(new Float32Array(22050)).length).toBe(0);
    const y = new Float32Array(22050 * 2);
    for (let k = 0; k < 4; k++) for (let i = 0; i < 400; i++) y[5000 + k * 10000 + i] = Math.sin(i * 0.3) * (1 - i / 400);
    const frames = onsetDetect(y);
    expect(frames.length).toBeGreaterThanOrEqual(3);
    expect(Array.from(onsetDetect(y, { units: 'samples' }))).toEqual(Array.from(frames, (f) => f * 512));
    const t = onsetDetect(y, { units: 'time' });
    expect(t[0]).toBeCloseTo((frames[0] * 512) / 22050, 12);
    expect(Array.from(onsetDetect(null, { onsetEnvelope: onsetStrength(y) }))).toEqual(Array.from(frames));
    expect(() => onsetDetect(null)).toThrow(MirkitError);
    expect(() => onsetDetect(y, { units: 'beats' as 'time' })).toThrow(MirkitError);
  });
});
