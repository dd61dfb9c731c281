import { describe, expect, it } from 'vitest';
import { perceptualSpread, perceptualSpreadKernel } from '../../src/features/perceptual-spread.js';
import { kernelContext } from '../../src/features/descriptor.js';
import { CLIPS, describeShared } from '../helpers/shared.js';
import { checkDriver, kernelValue, meydaBandOfBin, meydaContext, meydaOnClip, rel } from './descriptor-helpers.js';

describeShared("perceptualSpread vs Meyda 5.6 (fixture clips, Meyda's own spectra)", () => {
  for (const clip of CLIPS) {
    it(`${clip}: the same formula, equal on Meyda's loudness (power 1, its bands)`, async () => {
      const k = perceptualSpreadKernel(meydaContext(), { power: 1, bandOfBin: meydaBandOfBin() });
      for (const { amp, values } of await meydaOnClip(clip, ['perceptualSpread'])) {
        expect(rel(kernelValue(k, amp), values.perceptualSpread)).toBeLessThan(1e-4);
      }
    });
  }
});

describe('perceptualSpread', () => {
  it('is 0 with all loudness in one band and grows as it spreads', () => {
    const ctx = kernelContext(22050, 2048);
    const k = perceptualSpreadKernel(ctx);
    expect(
      kernelValue(
        k,
        ctx.freq.map((_, i) => (i === 100 ? 1 : 0)),
      ),
    ).toBe(0);
    const v = kernelValue(k, new Float64Array(1025).fill(1));
    expect(v).toBeGreaterThan(0.5);
    expect(v).toBeLessThan(1);
  });
  it('driver and kernel agree, y and S agree, silence and bad input handled', () => {
    checkDriver(perceptualSpread, perceptualSpreadKernel(kernelContext(22050, 2048)));
  });
});
