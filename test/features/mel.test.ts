import { describe, expect, it } from 'vitest';
import { cachedFilterbank, filterBlock, keepSpareMelBands, melSpectrogram, mfcc, takeSpareMelBands } from '../../src/features/mel.js';
import { onsetStrength } from '../../src/features/onset.js';
import { melFilterbank, melFrequencies, sparseFilterbank } from '../../src/dsp/filters.js';
import { spectrogram } from '../../src/dsp/stft.js';
import { CLIPS, describeShared, fixtureAudio, withWasmFft } from '../helpers/shared.js';
import { compareFeature, errorCode, sine } from './spectral-helpers.js';

describeShared('melSpectrogram vs librosa.feature.melspectrogram (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      compareFeature(clip, 'melspectrogram', melSpectrogram(fixtureAudio(clip), { sr: 22050 }));
    });
  }
});

describeShared('melSpectrogram on the PFFFT-wasm FFT backend (float32 FFTs)', () => {
  it('matches librosa on two clips', async () => {
    await withWasmFft(async (fft) => {
      for (const clip of ['gtzan-country-00000', 'librosa-choice']) compareFeature(clip, 'melspectrogram', melSpectrogram(fixtureAudio(clip), { sr: 22050 }));
    });
  });
});

describe('melSpectrogram', () => {
  it('puts a sine in the mel band whose centre is nearest', () => {
    const sr = 22050;
    for (const f of [300, 1000, 2500, 6000]) {
      const M = melSpectrogram(sine(f, sr), { sr });
      const t = Math.floor(M.cols / 2);
      let best = 0;
      for (let m = 1; m < M.rows; m++) if (M.data[m * M.cols + t] > M.data[best * M.cols + t]) best = m;
      const centres = melFrequencies(130, 0, sr / 2).subarray(1, 129);
      // the peak band's triangle contains f
      expect(centres[best - 1] ?? 0).toBeLessThan(f);
      expect(centres[best + 1]).toBeGreaterThan(f);
    }
  });

  it('from a precomputed power spectrogram equals the filterbank product', () => {
    const y = sine(440, 22050, 0.5);
    const S = spectrogram(y, { power: 2 });
    const a = melSpectrogram(y, { nMels: 40 });
    const b = melSpectrogram(null, { S, nMels: 40 });
    const fb = melFilterbank({ nMels: 40 });
    expect([b.rows, b.cols]).toEqual([40, S.cols]);
    let maxDiff = 0,
      maxRef = 0;
    for (let m = 0; m < 40; m++) {
      for (let t = 0; t < S.cols; t++) {
        let s = 0;
        for (let k = 0; k < S.rows; k++) s += fb.data[m * S.rows + k] * S.data[k * S.cols + t];
        maxDiff = Math.max(maxDiff, Math.abs(b.data[m * S.cols + t] - s), Math.abs(a.data[m * S.cols + t] - s));
        maxRef = Math.max(maxRef, s);
      }
    }
    expect(maxDiff / maxRef).toBeLessThan(1e-5);
  });

  it('power 1, htk, fmin/fmax and frame count options', () => {
    const y = sine(1000, 16000, 1);
    const M = melSpectrogram(y, { sr: 16000, nFft: 512, hopLength: 160, power: 1, nMels: 40, fmin: 20, fmax: 7600, htk: true });
    expect(M.rows).toBe(40);
    expect(M.cols).toBe(1 + Math.floor(16000 / 160));
    const M2 = melSpectrogram(y, { sr: 16000, nFft: 512, hopLength: 160, center: false });
    expect(M2.cols).toBe(1 + Math.floor((16000 - 512) / 160));
    // librosa's feature functions default to hop 512 whatever nFft is (not nFft / 4)
    expect(melSpectrogram(y, { sr: 16000, nFft: 1024 }).cols).toBe(1 + Math.floor(16000 / 512));
  });

  it('rejects bad input with MirkitError codes', () => {
    expect(errorCode(() => melSpectrogram(new Float32Array(0)))).toBe('EMPTY_INPUT');
    expect(errorCode(() => melSpectrogram(Float32Array.of(0, NaN, 1)))).toBe('NON_FINITE');
    expect(errorCode(() => melSpectrogram(Float32Array.of(0, Infinity)))).toBe('NON_FINITE');
    expect(errorCode(() => melSpectrogram(sine(440), { sr: 0 }))).toBe('BAD_SAMPLE_RATE');
    expect(errorCode(() => melSpectrogram(sine(440), { sr: -22050 }))).toBe('BAD_SAMPLE_RATE');
    expect(errorCode(() => melSpectrogram(sine(440), { nFft: 128, nMels: 128 }))).toBe('BAD_OPTION');
    expect(errorCode(() => melSpectrogram(sine(440), { fmax: 20000 }))).toBe('BAD_OPTION');
    expect(errorCode(() => melSpectrogram(new Float32Array(1000), { center: false }))).toBe('TOO_SHORT');
    const S = spectrogram(sine(440, 22050, 0.2), { nFft: 1024 });
    expect(errorCode(() => melSpectrogram(null, { S, nFft: 2048 }))).toBe('BAD_SHAPE');
    expect(errorCode(() => melSpectrogram(null, { S: { rows: 3, cols: 2, data: new Float32Array(5) } }))).toBe('BAD_SHAPE');
  });
});

describe('filterBlock', () => {
  it('gives every frame of a block (eight at a time, the rest one at a time) the bits of that frame alone, and the float64 sum of its weighted bins', () => {
    const fb = cachedFilterbank(22050, 512, { nMels: 40 });
    const bins = 257;
    const count = 13; // one pass of eight, then five frames one at a time
    const block = Float32Array.from({ length: count * bins }, (_, i) => Math.abs(Math.sin(i * 0.37)) * (1 + (i % 7)));
    const together = new Float32Array(count * fb.rows);
    filterBlock(fb, block, bins, count, together, 0, fb.rows, 1);
    const dense = melFilterbank({ sr: 22050, nFft: 512, nMels: 40 });
    expect(sparseFilterbank(dense).rows).toBe(fb.rows);
    for (let t = 0; t < count; t++) {
      const alone = new Float32Array(fb.rows);
      filterBlock(fb, block.subarray(t * bins, (t + 1) * bins), bins, 1, alone, 0, fb.rows, 1);
      expect(Array.from(together.subarray(t * fb.rows, (t + 1) * fb.rows))).toEqual(Array.from(alone));
      for (let m = 0; m < fb.rows; m++) {
        let s = 0;
        for (let k = 0; k < bins; k++) s += dense.data[m * bins + k] * block[t * bins + k];
        expect(together[t * fb.rows + m]).toBeCloseTo(s, 4);
      }
    }
  });
});

describe('the spare frame-major mel bands', () => {
  const clip = (n: number, f: number): Float32Array =>
    Float32Array.from({ length: n }, (_, i) => 0.3 * Math.sin(f * i) + 0.1 * Math.sin(0.37 * f * i * (1 + i / n)));
  /** Takes the spare away, whatever its size. */
  const drain = (): void => {
    for (let n = 1 << 22; n >= 1; n >>= 1) if (takeSpareMelBands(n)) return;
  };
  const bits = (x: Float32Array | Float64Array): string => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64');

  it('are reused across calls of other lengths and band counts with the values of fresh arrays, and never handed out', () => {
    const a = clip(40_000, 0.05);
    const b = clip(23_456, 0.11);
    for (const fft of ['auto', 'js'] as const) {
      // each result first computed into fresh arrays: the spare taken away before each call
      const freshA = (drain(), mfcc(a, { fft }));
      const freshB = (drain(), mfcc(b, { fft, nMels: 64, nMfcc: 13 }));
      const freshOnset = (drain(), onsetStrength(a, { fft }));
      const freshMel = (drain(), melSpectrogram(b, { fft }));
      const M = melSpectrogram(a, { fft });
      const kept = bits(M.data);
      for (let round = 0; round < 3; round++) {
        expect(bits(mfcc(a, { fft }).data)).toBe(bits(freshA.data));
        expect(bits(mfcc(b, { fft, nMels: 64, nMfcc: 13 }).data)).toBe(bits(freshB.data));
        expect(bits(onsetStrength(a, { fft }))).toBe(bits(freshOnset));
        expect(bits(melSpectrogram(b, { fft }).data)).toBe(bits(freshMel.data));
      }
      expect(bits(M.data)).toBe(kept); // a returned mel spectrogram is the caller's: later calls leave it alone
    }
  });

  it('is kept by mfcc and taken by the next call', () => {
    const a = clip(30_000, 0.07);
    mfcc(a);
    const n = 128 * (1 + Math.floor(30_000 / 512));
    const spare = takeSpareMelBands(n);
    expect(spare?.length).toBe(n);
    expect(takeSpareMelBands(n)).toBeUndefined();
    keepSpareMelBands(spare as Float32Array);
    expect(takeSpareMelBands(n)?.buffer).toBe(spare?.buffer);
  });
});
