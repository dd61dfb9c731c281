import { describe, expect, it } from 'vitest';
import { spectralSkewness, spectralSkewnessKernel } from '../../src/features/skewness.js';
import { kernelContext } from '../../src/features/descriptor.js';
import { CLIPS, describeShared } from '../helpers/shared.js';
import { checkDriver, kernelValue, meydaContext, meydaOnClip, rel } from './descriptor-helpers.js';

describeShared("spectralSkewness vs Meyda 5.6 (fixture clips, Meyda's own spectra)", () => {
  for (const clip of CLIPS) {
    it(`${clip}: equal`, async () => {
      const k = spectralSkewnessKernel(meydaContext());
      for (const { amp, values } of await meydaOnClip(clip, ['spectralSkewness'])) {
        expect(rel(kernelValue(k, amp), values.spectralSkewness)).toBeLessThan(1e-5);
      }
    });
  }
});

describe('spectralSkewness', () => {
  it('is positive for energy low in the spectrum and 0 for a symmetric one', () => {
    const ctx = kernelContext(22050, 2048);
    const k = spectralSkewnessKernel(ctx);
    const low = ctx.freq.map((f) => Math.exp(-f / 500));
    expect(kernelValue(k, low)).toBeGreaterThan(1);
    const sym = ctx.freq.map((_, i) => (i === 500 || i === 502 ? 1 : i === 501 ? 2 : 0));
    expect(Math.abs(kernelValue(k, sym))).toBeLessThan(1e-9);
    expect(
      kernelValue(
        k,
        ctx.freq.map((_, i) => (i === 7 ? 1 : 0)),
      ),
    ).toBe(0);
  });
  it('driver and kernel agree, y and S agree, silence and bad input handled', () => {
    checkDriver(spectralSkewness, spectralSkewnessKernel(kernelContext(22050, 2048)));
  });
});
