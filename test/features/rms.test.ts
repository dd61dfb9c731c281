import { describe, expect, it } from 'vitest';
import { rms } from '../../src/features/rms.js';
import { spectrogram } from '../../src/dsp/stft.js';
import { CLIPS, describeShared, fixtureAudio } from '../helpers/shared.js';
import { compareFeature, errorCode, sine } from './spectral-helpers.js';

describeShared('rms vs librosa.feature.rms (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      compareFeature(clip, 'rms', rms(fixtureAudio(clip)));
    });
  }
});

describe('rms', () => {
  it('of a constant is its absolute value (full frames), lower at the zero-padded edges', () => {
    const y = new Float32Array(10000).fill(-0.25);
    const e = rms(y);
    expect(e.rows).toBe(1);
    expect(e.cols).toBe(1 + Math.floor(10000 / 512));
    expect(e.data[5]).toBeCloseTo(0.25, 6);
    expect(e.data[0]).toBeCloseTo(0.25 * Math.sqrt(0.5), 3); // half the first frame is padding
    const nc = rms(y, { center: false, frameLength: 1000, hopLength: 300 });
    expect(nc.cols).toBe(1 + Math.floor((10000 - 1000) / 300));
    for (const v of nc.data) expect(v).toBeCloseTo(0.25, 6);
  });

  it('reflect/edge padding and odd frame/hop combinations', () => {
    const y = new Float32Array(5000).fill(0.5);
    for (const v of rms(y, { padMode: 'edge', frameLength: 1001, hopLength: 333 }).data) expect(v).toBeCloseTo(0.5, 6);
  });

  it("from S follows librosa's Parseval formula (a sine's rms ≈ amp / sqrt 2)", () => {
    const y = sine(1000, 22050, 1, 0.8);
    const S = spectrogram(y, { power: 1, window: 'ones' });
    const fromS = rms(null, { S });
    const fromY = rms(y);
    const t = 10;
    expect(fromY.data[t]).toBeCloseTo(0.8 / Math.SQRT2, 3);
    expect(fromS.data[t]).toBeCloseTo(fromY.data[t], 2);
  });

  it('rejects bad input with MirkitError codes', () => {
    expect(errorCode(() => rms(new Float32Array(0)))).toBe('EMPTY_INPUT');
    expect(errorCode(() => rms(Float32Array.of(1, Infinity)))).toBe('NON_FINITE');
    expect(errorCode(() => rms(new Float32Array(100), { center: false }))).toBe('TOO_SHORT');
    expect(errorCode(() => rms(sine(440), { frameLength: 0 }))).toBe('BAD_OPTION');
    expect(errorCode(() => rms(null, { S: { rows: 513, cols: 3, data: new Float32Array(513 * 3) } }))).toBe('BAD_SHAPE');
  });
});
