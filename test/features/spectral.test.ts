import { describe, expect, it } from 'vitest';
import { spectralBandwidth, spectralCentroid, spectralRolloff } from '../../src/features/spectral.js';
import { spectrogram } from '../../src/dsp/stft.js';
import { fftFrequencies } from '../../src/dsp/filters.js';
import { CLIPS, describeShared, fixtureAudio, fixtureFeature, withWasmFft } from '../helpers/shared.js';
import { compareFeature, errorCode, sine } from './spectral-helpers.js';

describeShared('spectral centroid / bandwidth / rolloff vs librosa (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const y = fixtureAudio(clip);
      const S = spectrogram(y, { power: 1 });
      const c = spectralCentroid(y, { sr: 22050 });
      compareFeature(clip, 'spectral_centroid', c);
      compareFeature(clip, 'spectral_bandwidth', spectralBandwidth(null, { S, sr: 22050, centroid: c }));
      // rolloff is a bin frequency: allow a one-bin difference on at most 0.5% of frames
      const r = spectralRolloff(null, { S, sr: 22050 });
      const ref = fixtureFeature(clip, 'spectral_rolloff');
      expect(r.cols).toBe(ref.cols);
      const binHz = 22050 / 2048;
      let off = 0,
        worst = 0;
      for (let t = 0; t < ref.cols; t++) {
        const d = Math.abs(r.data[t] - ref.data[t]);
        worst = Math.max(worst, d);
        if (d > 1e-3 * binHz) off++;
      }
      console.log(`[librosa-compat] spectral_rolloff ${clip}: ${off}/${ref.cols} frames differ, max |diff| ${worst.toFixed(4)} Hz`);
      expect(worst).toBeLessThanOrEqual(binHz * 1.0001);
      expect(off).toBeLessThanOrEqual(Math.floor(0.005 * ref.cols));
    });
  }
});

describeShared('spectral centroid / bandwidth on the PFFFT-wasm FFT backend (float32 FFTs)', () => {
  it('match librosa on two clips, from y and from S alike', async () => {
    await withWasmFft(async (fft) => {
      for (const clip of ['gtzan-country-00000', 'librosa-choice']) {
        const y = fixtureAudio(clip);
        const c = spectralCentroid(y, { sr: 22050 });
        compareFeature(clip, 'spectral_centroid', c);
        compareFeature(clip, 'spectral_bandwidth', spectralBandwidth(y, { sr: 22050 }));
        const S = spectrogram(y, { power: 1 });
        expect(Array.from(spectralCentroid(null, { S, sr: 22050 }).data)).toEqual(Array.from(c.data));
      }
    });
  });
});

describe('spectral features on synthetic signals', () => {
  it('a sine has its centroid near its frequency, small bandwidth, rolloff just above it', () => {
    const f = 2000;
    const y = sine(f);
    const c = spectralCentroid(y);
    const bw = spectralBandwidth(y);
    const r = spectralRolloff(y);
    const t = Math.floor(c.cols / 2);
    expect(Math.abs(c.data[t] - f)).toBeLessThan(15);
    expect(bw.data[t]).toBeLessThan(100);
    expect(r.data[t]).toBeGreaterThan(f - 11);
    expect(r.data[t]).toBeLessThan(f + 40);
  });

  it('silent frames give 0 (not NaN)', () => {
    const y = new Float32Array(8192);
    for (const m of [spectralCentroid(y), spectralBandwidth(y), spectralRolloff(y)]) for (const v of m.data) expect(v).toBe(0);
  });

  it('accepts S, 1-D and 2-D freq, centroid reuse and p/norm options consistently', () => {
    const y = sine(3000, 22050, 0.3);
    const S = spectrogram(y, { power: 1 });
    const a = spectralCentroid(y);
    const b = spectralCentroid(null, { S });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const f = fftFrequencies(22050, 2048);
    const F = { rows: S.rows, cols: S.cols, data: new Float64Array(S.rows * S.cols) };
    for (let k = 0; k < S.rows; k++) F.data.fill(f[k], k * S.cols, (k + 1) * S.cols);
    expect(Array.from(spectralCentroid(null, { S, freq: F }).data)).toEqual(Array.from(b.data));
    expect(Array.from(spectralCentroid(null, { S, freq: f }).data)).toEqual(Array.from(b.data));
    const bw1 = spectralBandwidth(null, { S, p: 1 });
    const bw2 = spectralBandwidth(null, { S, p: 2 });
    expect(bw1.data[5]).toBeLessThanOrEqual(bw2.data[5] + 1e-9);
    const un = spectralBandwidth(null, { S, norm: false });
    expect(un.data[5]).toBeGreaterThan(bw2.data[5]);
    expect(spectralRolloff(null, { S, rollPercent: 0.1 }).data[5]).toBeLessThanOrEqual(spectralRolloff(null, { S, rollPercent: 0.99 }).data[5]);
  });

  it('rejects bad input with MirkitError codes', () => {
    for (const fn of [spectralCentroid, spectralBandwidth, spectralRolloff]) {
      expect(errorCode(() => fn(new Float32Array(0)))).toBe('EMPTY_INPUT');
      expect(errorCode(() => fn(Float32Array.of(0, NaN)))).toBe('NON_FINITE');
      expect(errorCode(() => fn(sine(440), { sr: 0 }))).toBe('BAD_SAMPLE_RATE');
      expect(errorCode(() => fn(new Float32Array(100), { center: false }))).toBe('TOO_SHORT');
      const S = { rows: 1025, cols: 2, data: new Float32Array(2050).fill(-1) };
      expect(errorCode(() => fn(null, { S }))).toBe('BAD_DATA');
      expect(errorCode(() => fn(null, { S: { rows: 1025, cols: 2, data: new Float32Array(2050) }, nFft: 1024 }))).toBe('BAD_SHAPE');
      expect(errorCode(() => fn(sine(440), { freq: [1, 2, 3] }))).toBe('BAD_SHAPE');
    }
    expect(errorCode(() => spectralRolloff(sine(440), { rollPercent: 1 }))).toBe('BAD_OPTION');
    expect(errorCode(() => spectralBandwidth(sine(440), { p: 0 }))).toBe('BAD_OPTION');
  });
});
