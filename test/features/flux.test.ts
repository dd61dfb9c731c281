import { describe, expect, it } from 'vitest';
import { spectralFlux, spectralFluxKernel } from '../../src/features/flux.js';
import { kernelContext } from '../../src/features/descriptor.js';
import { describeShared, fixtureAudio } from '../helpers/shared.js';
import { checkDriver, meydaRect, windowedFrames } from './descriptor-helpers.js';

describeShared('spectralFlux vs Meyda 5.6', () => {
  it("Meyda's spectralFlux throws (undeclared variable), so mirkit follows the definition", async () => {
    const M = await meydaRect();
    const [a, b] = windowedFrames(fixtureAudio('gtzan-country-00000'), 40).slice(5, 7);
    expect(() => M.extract('spectralFlux', b, a)).toThrow(/not defined/);
  });
});

describe('spectralFlux', () => {
  it('sums only the increases from the previous frame; frame 0 is 0', () => {
    const k = spectralFluxKernel(kernelContext(22050, 2048));
    const prev = new Float64Array(1025),
      cur = new Float64Array(1025),
      out = new Float64Array(1);
    prev[3] = 2;
    cur[3] = 1;
    cur[10] = 0.5;
    prev[11] = 0.25;
    cur[11] = 1;
    k.compute(cur, out, prev);
    expect(out[0]).toBeCloseTo(1.25, 12);
    k.compute(cur, out, null);
    expect(out[0]).toBe(0);
  });
  it('jumps at a note onset', () => {
    const y = new Float32Array(22050);
    for (let i = 11025; i < y.length; i++) y[i] = 0.5 * Math.sin(i * 0.2);
    const f = spectralFlux(y);
    let best = 0;
    for (let t = 1; t < f.cols; t++) if (f.data[t] > f.data[best]) best = t;
    expect(Math.abs(best * 512 - 11025)).toBeLessThanOrEqual(1024);
    expect(f.data[0]).toBe(0);
  });
  it('driver and kernel agree, y and S agree, silence and bad input handled', () => {
    checkDriver(spectralFlux, spectralFluxKernel(kernelContext(22050, 2048)));
  });
});
