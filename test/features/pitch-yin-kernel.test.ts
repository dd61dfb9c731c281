/**
 * yin's per-frame kernel (src/features/pitch-yin-kernel.ts) against `yin` on the whole signal:
 * the same f0 frame by frame, on a fixture clip and on synthetic signals, both FFT implementations.
 */
import { describe, expect, it } from 'vitest';
import { yin } from '../../src/index.js';
import { createYinFrameKernel } from '../../src/features/pitch-yin-kernel.js';
import type { FftOption } from '../../src/dsp/fft.js';
import { describeShared, fixtureAudio } from '../helpers/shared.js';

const C2_C7 = { fmin: 65.40639132514966, fmax: 2093.004522404789 };

/** The kernel's f0 of every frame of `y` (centred, zero padding), in order. */
function kernelF0(y: Float32Array, opts: Parameters<typeof createYinFrameKernel>[0]): Float64Array {
  const k = createYinFrameKernel(opts);
  const N = k.frameLength;
  const hop = opts.hopLength ?? N >> 2;
  const padded = new Float32Array(y.length + 2 * (N >> 1));
  padded.set(y, N >> 1);
  const n = 1 + Math.floor(y.length / hop);
  return Float64Array.from({ length: n }, (_, t) => k.f0(padded, t * hop, t));
}

/** Largest distance in cents between two f0 arrays of equal length. */
function worstCents(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let w = 0;
  for (let t = 0; t < a.length; t++) w = Math.max(w, Math.abs(1200 * Math.log2(a[t] / b[t])));
  return w;
}

describeShared('the yin frame kernel equals yin on a fixture clip', () => {
  for (const fft of ['auto', 'js'] as FftOption[]) {
    it(`fft '${fft}': every frame of librosa-choice`, () => {
      const y = fixtureAudio('librosa-choice');
      const o = { ...C2_C7, sr: 22050, fft };
      const ref = yin(y, o);
      const got = kernelF0(y, o);
      const w = worstCents(got, ref);
      console.log(`yin frame kernel, fft '${fft}': worst ${w} cent`);
      // 'auto' runs yin's own block transforms (identical); fft.js, one FFT pair per frame (rounding only)
      if (fft === 'auto') expect(got).toEqual(ref);
      expect(w).toBeLessThan(0.01);
    });
  }
});

describe('createYinFrameKernel', () => {
  const sr = 16000;
  const y = Float32Array.from(
    { length: 12000 },
    (_, i) => Math.sin((2 * Math.PI * 180 * (1 + i / 24000) * i) / sr) + 0.2 * Math.sin((2 * Math.PI * 900 * i) / sr),
  );

  it('equals yin with frames that are not whole hops (one FFT pair per frame in both)', () => {
    const o = { fmin: 70, fmax: 1200, sr, frameLength: 1000, hopLength: 300, troughThreshold: 0.15 };
    expect(kernelF0(y, o)).toEqual(yin(y, o));
  });

  it('equals yin with shared block transforms, and restarts on a frame index that does not follow', () => {
    const o = { fmin: 100, fmax: 2000, sr, frameLength: 1024, hopLength: 256 };
    const ref = yin(y, o);
    const k = createYinFrameKernel(o);
    const padded = new Float32Array(y.length + 1024);
    padded.set(y, 512);
    const run = (): number[] => Array.from(ref, (_, t) => k.f0(padded, t * 256, t));
    const first = run();
    expect(worstCents(first, ref)).toBeLessThan(0.01);
    expect(run()).toEqual(first); // a second signal from frame 0 reuses nothing of the first
  });

  it("refuses yin's bad options", () => {
    expect(() => createYinFrameKernel({ fmin: 5, fmax: 1000, sr })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => createYinFrameKernel({ fmin: 100, fmax: 9000, sr })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});
