import { describe, expect, it } from 'vitest';
import { spectralSpread, spectralSpreadKernel } from '../../src/features/spread.js';
import { spectralBandwidth } from '../../src/features/spectral.js';
import { kernelContext } from '../../src/features/descriptor.js';
import { CLIPS, describeShared } from '../helpers/shared.js';
import { checkDriver, kernelValue, meydaContext, meydaOnClip, rel } from './descriptor-helpers.js';
import { sine } from './spectral-helpers.js';

describeShared("spectralSpread vs Meyda 5.6 (fixture clips, Meyda's own spectra)", () => {
  for (const clip of CLIPS) {
    it(`${clip}: mirkit (Hz) = Meyda (bins) x sr / nFft`, async () => {
      const k = spectralSpreadKernel(meydaContext());
      for (const { amp, values } of await meydaOnClip(clip, ['spectralSpread'])) {
        expect(rel(kernelValue(k, amp), values.spectralSpread * (22050 / 2048))).toBeLessThan(1e-5);
      }
    });
  }
});

describe('spectralSpread', () => {
  it('equals spectralBandwidth (p = 2) and is small for a sine', () => {
    const y = sine(2000, 22050, 0.5);
    const a = spectralSpread(y),
      b = spectralBandwidth(y);
    for (let t = 0; t < a.cols; t++) expect(a.data[t]).toBeCloseTo(b.data[t], 6);
    expect(a.data[10]).toBeLessThan(100);
  });
  it('driver and kernel agree, y and S agree, silence and bad input handled', () => {
    checkDriver(spectralSpread, spectralSpreadKernel(kernelContext(22050, 2048)));
  });
});
