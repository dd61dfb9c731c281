import { describe, expect, it } from 'vitest';
import { spectralCrest, spectralCrestKernel } from '../../src/features/crest.js';
import { kernelContext } from '../../src/features/descriptor.js';
import { CLIPS, describeShared } from '../helpers/shared.js';
import { checkDriver, kernelValue, meydaContext, meydaOnClip, rel } from './descriptor-helpers.js';
import { errorCode, sine } from './spectral-helpers.js';

describeShared("spectralCrest vs Meyda 5.6 (fixture clips, Meyda's own spectra)", () => {
  for (const clip of CLIPS) {
    it(`${clip}: mirkit (power spectrum) = Meyda (peak / rms of magnitudes) squared`, async () => {
      const k = spectralCrestKernel(meydaContext());
      for (const { amp, values } of await meydaOnClip(clip, ['spectralCrest'])) {
        expect(rel(kernelValue(k, amp), values.spectralCrest ** 2)).toBeLessThan(1e-5);
      }
    });
  }
});

describe('spectralCrest', () => {
  it('is 1 for a flat spectrum, K for one bin, large for a sine', () => {
    const ctx = kernelContext(22050, 2048);
    const k = spectralCrestKernel(ctx);
    expect(kernelValue(k, new Float64Array(1025).fill(0.3))).toBeCloseTo(1, 12);
    expect(
      kernelValue(
        k,
        ctx.freq.map((_, i) => (i === 9 ? 1 : 0)),
      ),
    ).toBeCloseTo(1025, 9);
    expect(spectralCrest(sine(1000)).data[10]).toBeGreaterThan(100);
    expect(errorCode(() => spectralCrest(sine(1000), { power: 0 }))).toBe('BAD_OPTION');
  });
  it('driver and kernel agree, y and S agree, silence and bad input handled', () => {
    checkDriver(spectralCrest, spectralCrestKernel(kernelContext(22050, 2048)));
  });
});
