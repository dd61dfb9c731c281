import { describe, expect, it } from 'vitest';
import { MIN_SAMPLES, PATCH_FRAMES, musicnnPatches } from '../../src/tagging/frontend.js';
import { isMirkitError } from '../../src/errors.js';
import { describeShared } from '../helpers/shared.js';
import { TAG_CLIPS, reference16k, referenceJson } from './reference.js';

describeShared('musicnn front end against the reference (log10(10000 float16(mel) + 1), reflect padding)', () => {
  for (const clip of TAG_CLIPS) {
    it(`${clip}: frames, patch starts, band means of the log-mel and the first frame`, () => {
      const fe = referenceJson(clip, 'MSD_musicnn').frontend;
      const p = musicnnPatches(reference16k(clip));
      expect(p.frames).toBe(fe.frames);
      expect(p.starts).toEqual(fe.patch_starts);
      expect(Array.from(p.data.subarray(0, 96))).toEqual(fe.logmel_patch0_frame0.map((v: number) => expect.closeTo(v, 4)));
      // logmel_band_mean: the mean over every frame of the clip; the patches hold all but the tail frames,
      // so compare the band means over the patches with a tolerance that covers the few tail frames
      const means = new Float64Array(96);
      for (let i = 0; i < p.data.length; i++) means[i % 96] += p.data[i] / (p.count * PATCH_FRAMES);
      const tail = (p.frames - p.count * PATCH_FRAMES) / p.frames;
      let maxErr = 0;
      fe.logmel_band_mean.forEach((v: number, m: number) => (maxErr = Math.max(maxErr, Math.abs(means[m] - v))));
      expect(maxErr).toBeLessThanOrEqual(5 * tail + 1e-4);
    });
  }
});

describe('musicnnPatches', () => {
  it('cuts 187-frame patches without overlap and drops the tail', () => {
    const y = new Float32Array(MIN_SAMPLES * 2 + 1000).map((_, i) => Math.sin(i * 0.05));
    const p = musicnnPatches(y);
    expect(p.frames).toBe(1 + Math.floor(y.length / 256));
    expect(p.count).toBe(Math.floor(p.frames / PATCH_FRAMES));
    expect(p.data.length).toBe(p.count * PATCH_FRAMES * 96);
    expect(p.data.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });
  it('exactly one patch at the minimum length; TOO_SHORT one sample below it', () => {
    expect(musicnnPatches(new Float32Array(MIN_SAMPLES)).count).toBe(1);
    let err: unknown;
    try {
      musicnnPatches(new Float32Array(MIN_SAMPLES - 1));
    } catch (e) {
      err = e;
    }
    expect(isMirkitError(err, 'TOO_SHORT')).toBe(true);
  });
  it('loud input (|x| < 2^24): mel values beyond float16 are kept, not inf, so the log-mel is finite and still rises', () => {
    const square = (amp: number) => new Float32Array(48000).map((_, i) => (Math.floor(i / 36) % 2 ? amp : -amp));
    const p = musicnnPatches(square(16));
    expect(p.data.every(Number.isFinite)).toBe(true);
    // the reference's float16 cast saturates to inf from 65520; a clamp at 65504 would cap the log-mel here
    const capped = Math.log10(Math.fround(Math.fround(10000 * 65504) + 1));
    expect(Math.max(...p.data)).toBeGreaterThan(capped + 0.4);
    const full = musicnnPatches(Float64Array.from(square(2 ** 24 - 1)));
    expect(full.data.every(Number.isFinite)).toBe(true);
  });
  it('a y that is not an array of samples is BAD_DATA; a number[] is read as samples', () => {
    for (const y of [null, undefined, 'abc', { length: MIN_SAMPLES }]) {
      let err: unknown;
      try {
        musicnnPatches(y as unknown as Float32Array);
      } catch (e) {
        err = e;
      }
      expect(isMirkitError(err, 'BAD_DATA')).toBe(true);
    }
    expect(musicnnPatches(Array.from({ length: MIN_SAMPLES }, () => 0) as unknown as Float32Array).count).toBe(1);
  });
});
