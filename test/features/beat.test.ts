import { describe, expect, it } from 'vitest';
import { beatTrack } from '../../src/features/beat.js';
import { CLIPS, describeShared, fixtureAudio, fixtureJson, withWasmFft } from '../helpers/shared.js';
import { thrownCode } from '../helpers/errors.js';

describeShared('beatTrack vs librosa.beat.beat_track (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const sc = fixtureJson(clip).scalars;
      const ref: number[] = sc.beat_frames;
      const { tempo, beats } = beatTrack(fixtureAudio(clip), { sr: 22050 });
      expect(beats).toBeInstanceOf(Int32Array);
      const ours = Array.from(beats);
      const matched = ref.filter((b) => ours.some((o) => Math.abs(o - b) <= 1)).length;
      const extra = ours.filter((o) => !ref.some((b) => Math.abs(o - b) <= 1)).length;
      const exact = ref.filter((b) => ours.includes(b)).length;
      console.log(
        `beat_track ${clip}: tempo ${tempo} (librosa ${sc.beat_track_tempo}); ${matched}/${ref.length} matched within 1 frame ` +
          `(${exact} exact), ${extra} extra of ${ours.length}`,
      );
      expect(tempo).toBeCloseTo(sc.beat_track_tempo, 6);
      expect(matched / ref.length).toBeGreaterThanOrEqual(0.95);
      expect(extra / ref.length).toBeLessThanOrEqual(0.05);
    });
  }

  it('legacy settings (onset padMode reflect) give kaggle57_legacy tempo on gtzan-country-00000', () => {
    const clip = 'gtzan-country-00000';
    expect(beatTrack(fixtureAudio(clip), { padMode: 'reflect' }).tempo).toBeCloseTo(fixtureJson(clip).kaggle57_legacy.tempo, 6);
  });

  it('units samples and time', () => {
    const clip = 'madmom-sample';
    const ref: number[] = fixtureJson(clip).scalars.beat_frames;
    const times: number[] = fixtureJson(clip).scalars.beat_times;
    const y = fixtureAudio(clip);
    const f = beatTrack(y).beats;
    const s = beatTrack(y, { units: 'samples' }).beats;
    const t = beatTrack(y, { units: 'time' }).beats;
    expect(Array.from(s)).toEqual(Array.from(f, (v) => v * 512));
    expect(t).toBeInstanceOf(Float64Array);
    if (Array.from(f).join() === ref.join()) for (let i = 0; i < t.length; i++) expect(t[i]).toBeCloseTo(times[i], 9);
  });
});

describeShared('beatTrack on the PFFFT-wasm FFT backend vs librosa (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, async () => {
      await withWasmFft(async (fft) => {
        const sc = fixtureJson(clip).scalars;
        const ref: number[] = sc.beat_frames;
        const { tempo, beats } = beatTrack(fixtureAudio(clip), { sr: 22050 });
        const ours = Array.from(beats);
        const matched = ref.filter((b) => ours.some((o) => Math.abs(o - b) <= 1)).length;
        const extra = ours.filter((o) => !ref.some((b) => Math.abs(o - b) <= 1)).length;
        expect(tempo).toBeCloseTo(sc.beat_track_tempo, 6);
        expect(matched / ref.length).toBeGreaterThanOrEqual(0.95);
        expect(extra / ref.length).toBeLessThanOrEqual(0.05);
      });
    });
  }
});

describe('beatTrack', () => {
  const sr = 22050;
  /** An onset envelope with a pulse every `period` frames plus a little noise. */
  function env(n: number, period: number): Float32Array {
    const e = new Float32Array(n);
    for (let i = 0; i < n; i++) e[i] = 0.05 * (((i * 7919) % 13) / 13);
    for (let i = 10; i < n; i += period) e[i] += 1;
    return e;
  }

  it('tracks a steady pulse train at its period', () => {
    const e = env(1000, 20);
    const { tempo, beats } = beatTrack(null, { onsetEnvelope: e, sr });
    expect(tempo).toBeCloseTo((60 * sr) / (512 * 20), 6);
    expect(beats.length).toBeGreaterThan(40);
    for (const b of beats) expect(Math.abs((((b - 10) % 20) + 20) % 20)).toBeLessThanOrEqual(1);
  });

  it('a given bpm, trim=false and tightness change the result sensibly', () => {
    const e = env(1000, 20);
    const fixed = beatTrack(null, { onsetEnvelope: e, bpm: (60 * sr) / (512 * 20) });
    expect(fixed.tempo).toBeCloseTo((60 * sr) / (512 * 20), 9);
    const untrimmed = beatTrack(null, { onsetEnvelope: e, trim: false });
    expect(untrimmed.beats.length).toBeGreaterThanOrEqual(fixed.beats.length);
    const loose = beatTrack(null, { onsetEnvelope: e, tightness: 1 });
    expect(loose.beats.length).toBeGreaterThan(0);
  });

  it('silence: tempo 0 and no beats (librosa)', () => {
    const r = beatTrack(new Float32Array(sr * 2), { sr });
    expect(r.tempo).toBe(0);
    expect(r.beats.length).toBe(0);
    expect(beatTrack(null, { onsetEnvelope: new Float32Array(100) }).beats.length).toBe(0);
  });

  it('rejects bad input with MirkitError', () => {
    expect(thrownCode(() => beatTrack(new Float32Array(0)))).toBe('EMPTY_INPUT');
    expect(thrownCode(() => beatTrack(null))).toBe('EMPTY_INPUT');
    expect(thrownCode(() => beatTrack(null, { onsetEnvelope: [0, NaN] }))).toBe('NON_FINITE');
    expect(thrownCode(() => beatTrack(null, { onsetEnvelope: [0, 1], tightness: 0 }))).toBe('BAD_OPTION');
    expect(thrownCode(() => beatTrack(null, { onsetEnvelope: [0, 1], bpm: -3 }))).toBe('BAD_OPTION');
    expect(thrownCode(() => beatTrack(null, { onsetEnvelope: [0, 1], units: 'beats' as 'frames' }))).toBe('BAD_OPTION');
  });
});
