import { describe, expect, it } from 'vitest';
import { spectralFlatness, spectralFlatnessKernel } from '../../src/features/flatness.js';
import { kernelContext } from '../../src/features/descriptor.js';
import { spectrogram } from '../../src/dsp/stft.js';
import { CLIPS, describeShared, fixtureAudio, withWasmFft } from '../helpers/shared.js';
import { compareMore } from './descriptor-helpers.js';
import { errorCode, sine } from './spectral-helpers.js';

describeShared('spectralFlatness vs librosa (6 clips, .more fixtures)', () => {
  for (const clip of CLIPS) it(clip, () => void compareMore(clip, spectralFlatness(fixtureAudio(clip)), 'feature.spectral_flatness'));
});

describeShared('flatness on the PFFFT-wasm FFT backend (float32 FFTs)', () => {
  it('matches librosa on two clips', async () => {
    await withWasmFft(() => {
      for (const clip of ['gtzan-country-00000', 'librosa-choice']) compareMore(clip, spectralFlatness(fixtureAudio(clip)), 'feature.spectral_flatness');
    });
  });
});

describe('spectralFlatness', () => {
  it('is near 0 for a sine, near 1 for white noise, 1 for silence', () => {
    const t = 20;
    expect(spectralFlatness(sine(1000)).data[t]).toBeLessThan(1e-3);
    const y = new Float32Array(22050);
    let s = 7;
    for (let i = 0; i < y.length; i++) y[i] = (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5;
    const f = spectralFlatness(y).data[t];
    expect(f).toBeGreaterThan(0.4); // exp(-gamma) = 0.56 for exponential power values
    expect(f).toBeLessThan(0.7);
    for (const v of spectralFlatness(new Float32Array(4096)).data) expect(v).toBeCloseTo(1, 12);
  });

  it('gives the same from y and from a magnitude S, and the kernel equals the driver', () => {
    const y = sine(440, 22050, 0.5);
    const S = spectrogram(y, { power: 1, fft: 'js' }); // the js FFT, as spectralFlatness's default;
    const a = spectralFlatness(y),
      b = spectralFlatness(null, { S });
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    const k = spectralFlatnessKernel(kernelContext(22050, 2048));
    const col = new Float64Array(S.rows),
      out = new Float64Array(1);
    for (let r = 0; r < S.rows; r++) col[r] = S.data[r * S.cols + 3];
    k.compute(col, out, null);
    expect(out[0]).toBe(b.data[3]);
  });

  it('equals the direct geometric / arithmetic mean, also where products of 8 bins overflow', () => {
    const k = spectralFlatnessKernel(kernelContext(22050, 64), { power: 1 });
    const col = new Float64Array(33).map((_, i) => (i % 5 === 0 ? 1e200 : i % 3 === 0 ? 0 : 0.5 + i));
    let lg = 0,
      s = 0;
    for (const a of col) {
      const v = Math.max(a, 1e-10);
      lg += Math.log(v);
      s += v;
    }
    const out = new Float64Array(1);
    k.compute(col, out, null);
    expect(Math.abs(out[0] - Math.exp(lg / 33) / (s / 33)) / out[0]).toBeLessThan(1e-12);
  });

  it('rejects bad options and input with MirkitError codes', () => {
    expect(errorCode(() => spectralFlatness(sine(440), { power: 0 }))).toBe('BAD_OPTION');
    expect(errorCode(() => spectralFlatness(sine(440), { amin: -1 }))).toBe('BAD_OPTION');
    expect(errorCode(() => spectralFlatness(new Float32Array(0)))).toBe('EMPTY_INPUT');
    expect(errorCode(() => spectralFlatness(null, { S: { rows: 3, cols: 2, data: new Float64Array([1, -1, 0, 0, 0, 0]) } }))).toBe('BAD_DATA');
  });
});
