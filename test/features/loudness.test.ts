import { describe, expect, it } from 'vitest';
import { barkBandOfBin, hzToBark, loudness, loudnessKernel } from '../../src/features/loudness.js';
import { kernelContext } from '../../src/features/descriptor.js';
import { CLIPS, describeShared } from '../helpers/shared.js';
import { checkDriver, meydaBandOfBin, meydaContext, meydaOnClip, rel } from './descriptor-helpers.js';
import { errorCode, sine } from './spectral-helpers.js';

describeShared("loudness vs Meyda 5.6 (fixture clips, Meyda's own spectra)", () => {
  for (const clip of CLIPS) {
    it(`${clip}: with magnitudes (power 1) and Meyda's equal bands the kernel gives Meyda's values; Zwicker's bands and intensities differ`, async () => {
      const ctx = meydaContext();
      const asMeyda = loudnessKernel(ctx, { power: 1, bandOfBin: meydaBandOfBin() });
      const zwicker = loudnessKernel(ctx);
      const out = new Float64Array(25),
        z = new Float64Array(25);
      let differs = 0,
        n = 0;
      for (const { amp, values } of await meydaOnClip(clip, ['loudness'])) {
        asMeyda.compute(amp, out, null);
        for (let b = 0; b < 24; b++) expect(rel(out[b], values.loudness.specific[b])).toBeLessThan(1e-5);
        expect(rel(out[24], values.loudness.total)).toBeLessThan(1e-5);
        zwicker.compute(amp, z, null);
        let worst = 0;
        for (let b = 0; b < 24; b++) worst = Math.max(worst, rel(z[b], values.loudness.specific[b]));
        if (worst > 0.01) differs++;
        n++;
      }
      expect(differs).toBe(n);
    });
  }
});

describe('loudness', () => {
  it('Bark scale and 1-Bark critical bands', () => {
    expect(hzToBark(1000)).toBeCloseTo(8.5, 0);
    expect(hzToBark(0)).toBe(0);
    const band = barkBandOfBin(kernelContext(22050, 2048).freq);
    expect(band[0]).toBe(0);
    expect(band[1024]).toBe(22); // Nyquist at 22.9 Bark
    for (let k = 1; k < band.length; k++) expect(band[k]).toBeGreaterThanOrEqual(band[k - 1]);
  });
  it('a sine puts its loudness in its critical band; doubling the amplitude scales N by 2^0.46', () => {
    const a = loudness(sine(1000, 22050, 0.5, 0.25)),
      b = loudness(sine(1000, 22050, 0.5, 0.5));
    const t = 10,
      T = a.total.cols;
    const col = Array.from({ length: 24 }, (_, r) => a.specific.data[r * T + t]);
    expect(col.indexOf(Math.max(...col))).toBe(Math.floor(hzToBark(1000)));
    expect(rel(b.specific.data[8 * T + t] / a.specific.data[8 * T + t], 2 ** 0.46)).toBeLessThan(1e-6);
    expect(a.specific.rows).toBe(24);
    expect(a.total.rows).toBe(1);
  });
  it('driver and kernel agree, y and S agree, silence and bad input handled', () => {
    const fn = (y: Float32Array | null, o = {}) => {
      const r = loudness(y, o);
      const T = r.total.cols;
      const data = new Float64Array(25 * T);
      data.set(r.specific.data);
      data.set(r.total.data, 24 * T);
      return { rows: 25, cols: T, data };
    };
    checkDriver(fn, loudnessKernel(kernelContext(22050, 2048)));
    expect(errorCode(() => loudness(sine(100), { nBands: 0 }))).toBe('BAD_OPTION');
    expect(errorCode(() => loudness(sine(100), { bandOfBin: new Int32Array(3) }))).toBe('BAD_SHAPE');
  });
});
