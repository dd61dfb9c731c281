import { describe, expect, it } from 'vitest';
import { spectralKurtosis, spectralKurtosisKernel } from '../../src/features/kurtosis.js';
import { kernelContext } from '../../src/features/descriptor.js';
import { CLIPS, describeShared } from '../helpers/shared.js';
import { checkDriver, kernelValue, meydaContext, meydaOnClip, rel } from './descriptor-helpers.js';

describeShared("spectralKurtosis vs Meyda 5.6 (fixture clips, Meyda's own spectra)", () => {
  for (const clip of CLIPS) {
    it(`${clip}: Meyda = mirkit + 6 mu1 mu2 (1 - mu1) / sigma^4 (its wrong expansion term)`, async () => {
      const k = spectralKurtosisKernel(meydaContext());
      for (const { amp, values } of await meydaOnClip(clip, ['spectralKurtosis'])) {
        let s = 0,
          s1 = 0,
          s2 = 0;
        for (let i = 0; i < amp.length; i++) {
          s += amp[i];
          s1 += i * amp[i];
          s2 += i * i * amp[i];
        }
        const mu1 = s1 / s,
          mu2 = s2 / s,
          var_ = mu2 - mu1 * mu1;
        const ours = kernelValue(k, amp);
        expect(rel(ours + (6 * mu1 * mu2 * (1 - mu1)) / (var_ * var_), values.spectralKurtosis)).toBeLessThan(1e-4);
        expect(ours).toBeGreaterThan(1); // a kurtosis is >= 1; Meyda's is negative on music
      }
    });
  }
});

describe('spectralKurtosis', () => {
  it('is 3 for a Gaussian-shaped spectrum (not excess kurtosis)', () => {
    const ctx = kernelContext(22050, 2048);
    const g = ctx.freq.map((f) => Math.exp(-(((f - 5000) / 400) ** 2) / 2));
    expect(kernelValue(spectralKurtosisKernel(ctx), g)).toBeCloseTo(3, 4);
  });
  it('driver and kernel agree, y and S agree, silence and bad input handled', () => {
    checkDriver(spectralKurtosis, spectralKurtosisKernel(kernelContext(22050, 2048)));
  });
});
