import { describe, expect, it } from 'vitest';
import { spectralSlope, spectralSlopeKernel } from '../../src/features/slope.js';
import { polyFeatures } from '../../src/features/poly.js';
import { kernelContext } from '../../src/features/descriptor.js';
import { spectrogram } from '../../src/dsp/stft.js';
import { CLIPS, describeShared } from '../helpers/shared.js';
import { checkDriver, kernelValue, meydaContext, meydaOnClip, rel } from './descriptor-helpers.js';
import { sine } from './spectral-helpers.js';

describeShared("spectralSlope vs Meyda 5.6 (fixture clips, Meyda's own spectra)", () => {
  const ctx = meydaContext();
  const K = ctx.freq.length;
  let sf = 0,
    sff = 0;
  for (const f of ctx.freq) {
    sf += f;
    sff += f * f;
  }
  const meydaFactor = (K * sff - sf * sf) / (sff - sf * sf); // Meyda drops K from K Σf²
  for (const clip of CLIPS) {
    it(`${clip}: Meyda = mirkit x (K Σf² - (Σf)²) / (Σf² - (Σf)²)`, async () => {
      const k = spectralSlopeKernel(ctx);
      for (const { amp, values } of await meydaOnClip(clip, ['spectralSlope'])) {
        expect(rel(kernelValue(k, amp) * meydaFactor, values.spectralSlope)).toBeLessThan(1e-4);
      }
    });
  }
});

describe('spectralSlope', () => {
  it('is the order-1 polyFeatures slope over the frame total, and exact on a linear spectrum', () => {
    const y = sine(300, 22050, 0.5);
    const S = spectrogram(y, { power: 1 });
    const s = spectralSlope(null, { S }),
      p = polyFeatures(null, { S, order: 1 });
    for (const t of [3, 9]) {
      let sum = 0;
      for (let r = 0; r < S.rows; r++) sum += S.data[r * S.cols + t];
      expect(rel(s.data[t], p.data[t] / sum)).toBeLessThan(1e-9);
    }
    const ctx = kernelContext(22050, 2048);
    const lin = ctx.freq.map((f) => 2 - f / 11025);
    const sum = lin.reduce((a, b) => a + b, 0);
    expect(rel(kernelValue(spectralSlopeKernel(ctx), lin), -1 / 11025 / sum)).toBeLessThan(1e-9);
  });
  it('driver and kernel agree, y and S agree, silence and bad input handled', () => {
    checkDriver(spectralSlope, spectralSlopeKernel(kernelContext(22050, 2048)));
  });
});
