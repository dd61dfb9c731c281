import { describe, expect, it } from 'vitest';
import { split, trim } from '../../src/features/trim.js';
import { MirkitError } from '../../src/errors.js';
import { CLIPS, describeShared, fixtureAudio } from '../helpers/shared.js';
import { moreJson } from '../helpers/more-fixture.js';

describeShared('trim / split vs librosa.effects.trim / split (top_db 60, 6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const f = moreJson(clip).features;
      const y = fixtureAudio(clip);
      const t = trim(y, { topDb: 60 });
      expect([t.start, t.end]).toEqual(f['effects.trim']);
      expect(t.y.length).toBe(t.end - t.start);
      expect(split(y, { topDb: 60 })).toEqual(f['effects.split']);
    });
  }
});

/** Seeded uniform noise in [-1, 1). */
function noise(n: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    x[i] = (s / 2 ** 32) * 2 - 1;
  }
  return x;
}

describe('trim / split', () => {
  // zeros [0, 22050), noise [22050, 44100), zeros [44100, 88200), noise [88200, 99225), zeros to 110250
  const y = new Float32Array(110250);
  y.set(noise(22050, 1), 22050);
  y.set(noise(11025, 2), 88200);
  it('trims to the frames (hop 512, frame 2048 centred) that touch sound', () => {
    // frame t spans [512 t - 1024, 512 t + 1024): frame 42 is the first to reach sample 22050,
    // frame 195 the last to reach sample 99224
    const t = trim(y);
    expect([t.start, t.end]).toEqual([42 * 512, 196 * 512]);
    expect(t.y[0]).toBe(y[42 * 512]);
  });
  it('splits at silent runs', () => {
    expect(split(y)).toEqual([
      [42 * 512, 89 * 512],
      [171 * 512, 196 * 512],
    ]);
    // a quieter second burst (-70 dB) falls under a 60 dB threshold but not under 80
    const z = Float32Array.from(y);
    for (let i = 88200; i < 99225; i++) z[i] *= 10 ** (-70 / 20);
    expect(split(z, { topDb: 60 })).toEqual([[42 * 512, 89 * 512]]);
    expect(split(z, { topDb: 80 }).length).toBe(2);
  });
  it('keeps an all-zero signal whole (as librosa) and clips the end to the signal', () => {
    expect(split(new Float32Array(5000))).toEqual([[0, 5000]]);
    const t = trim(new Float32Array(5000));
    expect([t.start, t.end]).toEqual([0, 5000]);
    expect(() => trim(new Float32Array(0))).toThrow(MirkitError);
  });
  it('checks the samples as the RMS reads them: bad ones throw, large valid ones pass', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return (e as MirkitError).code;
      }
      return undefined;
    };
    for (const f of [trim, split]) {
      const nan = Float32Array.from(y);
      nan[60000] = Number.NaN;
      expect(code(() => f(nan))).toBe('NON_FINITE');
      const inf = Float64Array.from(y);
      inf[5] = -Infinity;
      expect(code(() => f(inf))).toBe('NON_FINITE');
      const big = Float32Array.from(y);
      big[90000] = 2 ** 25;
      expect(code(() => f(big))).toBe('BAD_DATA');
      // the same on the fallback path (hop not dividing half the frame)
      expect(code(() => f(nan, { frameLength: 2048, hopLength: 500 }))).toBe('NON_FINITE');
    }
    // int24-scaled audio: hop sums of squares beyond 2^48 (the full check runs and passes), same result
    const scaled = Float32Array.from(y, (v) => v * 2 ** 23);
    expect(split(scaled)).toEqual(split(y));
    expect(trim(scaled).end).toBe(trim(y).end);
  });
});
