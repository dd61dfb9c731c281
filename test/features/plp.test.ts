import { describe, expect, it } from 'vitest';
import { plp } from '../../src/features/plp.js';
import { onsetStrength } from '../../src/features/onset.js';
import { MirkitError } from '../../src/errors.js';
import { CLIPS, describeShared, fixtureAudio, normalisedMaxError } from '../helpers/shared.js';
import { moreMatrix } from '../helpers/more-fixture.js';
import { thrownCode } from '../helpers/errors.js';

describeShared('plp vs librosa.beat.plp (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const ref = moreMatrix(clip, 'beat.plp');
      const ours = plp(fixtureAudio(clip), { sr: 22050 });
      expect(ours.length).toBe(ref.cols);
      const e = normalisedMaxError(ours, ref.data);
      console.log(`plp ${clip}: ${e.toExponential(2)}`);
      expect(e).toBeLessThanOrEqual(1e-4);
    });
  }
});

describe('plp', () => {
  it('pulses at the period of a click train, within [0, 1]', () => {
    const sr = 22050,
      y = new Float32Array(sr * 12);
    const period = Math.round(sr * 0.5); // 120 BPM
    for (let s = 1000; s < y.length; s += period) for (let i = 0; i < 300; i++) y[s + i] = Math.sin(i * 0.9) * (1 - i / 300);
    const p = plp(y, { sr });
    let max = 0,
      min = Infinity;
    for (const v of p) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    expect(max).toBeCloseTo(1, 6);
    expect(min).toBeGreaterThanOrEqual(0);
    // local maxima of the pulse in the middle of the clip sit one beat period (~21.5 frames) apart
    const peaks: number[] = [];
    for (let i = 100; i < p.length - 100; i++) if (p[i] > p[i - 1] && p[i] >= p[i + 1] && p[i] > 0.3) peaks.push(i);
    for (let i = 1; i < peaks.length; i++) expect(Math.abs(peaks[i] - peaks[i - 1] - period / 512)).toBeLessThan(1.5);
    expect(Array.from(plp(null, { onsetEnvelope: onsetStrength(y, { sr, aggregate: 'median' }), sr }))).toEqual(Array.from(p));
  });
  it('rejects tempoMax <= tempoMin', () => {
    expect(() => plp(new Float32Array(22050), { tempoMin: 200, tempoMax: 100 })).toThrow(MirkitError);
  });
  it('refuses a Fourier tempogram of more than 2^28 values (BAD_OPTION), before allocating', () => {
    expect(thrownCode(() => plp(null, { onsetEnvelope: new Float32Array(20000).fill(1), winLength: 2 ** 20 }))).toBe('BAD_OPTION');
  });
});
