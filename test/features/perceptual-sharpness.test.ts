import { describe, expect, it } from 'vitest';
import { perceptualSharpness, perceptualSharpnessKernel, sharpnessWeight } from '../../src/features/perceptual-sharpness.js';
import { kernelContext } from '../../src/features/descriptor.js';
import { CLIPS, describeShared } from '../helpers/shared.js';
import { checkDriver, kernelValue, meydaBandOfBin, meydaContext, meydaOnClip, rel } from './descriptor-helpers.js';
import { sine } from './spectral-helpers.js';

describeShared("perceptualSharpness vs Meyda 5.6 (fixture clips, Meyda's own spectra)", () => {
  for (const clip of CLIPS) {
    it(`${clip}: Meyda computes its shifted, constant-above-15-Bark expression; mirkit the Zwicker-Fastl sum`, async () => {
      const k = perceptualSharpnessKernel(meydaContext(), { power: 1, bandOfBin: meydaBandOfBin() });
      let differs = 0,
        n = 0;
      for (const { amp, values } of await meydaOnClip(clip, ['perceptualSharpness', 'loudness'])) {
        const { specific, total } = values.loudness;
        let meydaExpr = 0,
          zwicker = 0;
        for (let i = 0; i < 24; i++) {
          meydaExpr += i < 15 ? (i + 1) * specific[i + 1] : 0.066 * Math.exp(0.171 * (i + 1));
          zwicker += (i + 1) * sharpnessWeight(i + 1) * specific[i];
        }
        expect(rel(values.perceptualSharpness, (0.11 * meydaExpr) / total)).toBeLessThan(1e-6);
        const ours = kernelValue(k, amp);
        expect(rel(ours, (0.11 * zwicker) / total)).toBeLessThan(1e-5);
        if (rel(ours, values.perceptualSharpness) > 1e-3) differs++;
        n++;
      }
      expect(differs).toBe(n);
    });
  }
});

describe('perceptualSharpness', () => {
  it('rises with frequency and weights bands above 15 Bark by g(z)', () => {
    const s = (f: number) => perceptualSharpness(sine(f, 22050, 0.5)).data[10];
    expect(s(500)).toBeLessThan(s(2000));
    expect(s(2000)).toBeLessThan(s(8000));
    expect(sharpnessWeight(10)).toBe(1);
    expect(sharpnessWeight(24)).toBeCloseTo(4.0, 1);
  });
  it('driver and kernel agree, y and S agree, silence and bad input handled', () => {
    checkDriver(perceptualSharpness, perceptualSharpnessKernel(kernelContext(22050, 2048)));
  });
});
