import { describe, expect, it } from 'vitest';
import { frameCount, istft, padSignal, resolveStftOptions, spectrogram, stft } from '../../src/dsp/stft.js';
import { powerBands } from '../../src/dsp/stft-blocks.js';
import { melFilterbank, sparseFilterbank } from '../../src/dsp/filters.js';
import { getWindow } from '../../src/dsp/windows.js';
import { thrownCode } from '../helpers/errors.js';
import { withWasmFft } from '../helpers/shared.js';

function noise(n: number, seed = 7): Float32Array {
  let s = seed;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

describe('getWindow', () => {
  it('is the periodic hann window of scipy (fftbins=True)', () => {
    const w = getWindow('hann', 8);
    const expected = [0, 0.1464466, 0.5, 0.8535534, 1, 0.8535534, 0.5, 0.1464466];
    expected.forEach((v, i) => expect(w[i]).toBeCloseTo(v, 6));
    const sym = getWindow('hann', 5, false);
    [0, 0.5, 1, 0.5, 0].forEach((v, i) => expect(sym[i]).toBeCloseTo(v, 12));
  });
});

describe('padSignal', () => {
  it('follows numpy pad modes', () => {
    const y = [1, 2, 3, 4];
    expect(Array.from(padSignal(y, 2, 2, 'constant'))).toEqual([0, 0, 1, 2, 3, 4, 0, 0]);
    expect(Array.from(padSignal(y, 2, 2, 'reflect'))).toEqual([3, 2, 1, 2, 3, 4, 3, 2]);
    expect(Array.from(padSignal(y, 2, 2, 'edge'))).toEqual([1, 1, 1, 2, 3, 4, 4, 4]);
    // numpy repeats the reflection when the pad exceeds the signal: np.pad([1,2,3],5,'reflect')
    expect(Array.from(padSignal([1, 2, 3], 5, 5, 'reflect'))).toEqual([2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2]);
  });
});

describe('stft', () => {
  it('has librosa shape: 1 + nFft/2 bins and 1 + len // hop frames', () => {
    const X = stft(noise(22050), { nFft: 2048, hopLength: 512 });
    expect(X.rows).toBe(1025);
    expect(X.cols).toBe(1 + Math.floor(22050 / 512));
    expect(frameCount(22050, 2048, 512, false)).toBe(1 + Math.floor((22050 - 2048) / 512));
  });

  it('puts a bin-centred sine into its bin with amplitude sum(window)/2', () => {
    const n = 8192,
      k0 = 64,
      nFft = 1024;
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) y[i] = Math.cos((2 * Math.PI * k0 * i) / nFft);
    const S = spectrogram(y, { nFft, hopLength: 256 });
    const t = 10;
    let best = 0;
    for (let k = 0; k < S.rows; k++) if (S.data[k * S.cols + t] > S.data[best * S.cols + t]) best = k;
    expect(best).toBe(k0);
    expect(S.data[k0 * S.cols + t]).toBeCloseTo(nFft / 4, 2);
  });

  it('satisfies Parseval per frame', () => {
    const nFft = 512;
    const y = noise(4096, 3);
    const X = stft(y, { nFft, hopLength: 128, window: 'ones', center: false });
    const t = 5;
    let timeEnergy = 0;
    for (let i = 0; i < nFft; i++) timeEnergy += y[t * 128 + i] ** 2;
    let freqEnergy = 0;
    for (let k = 0; k < X.rows; k++) {
      const p = X.re[k * X.cols + t] ** 2 + X.im[k * X.cols + t] ** 2;
      freqEnergy += k === 0 || k === X.rows - 1 ? p : 2 * p;
    }
    expect(freqEnergy / nFft).toBeCloseTo(timeEnergy, 3);
  });

  it('istft(stft(y)) reconstructs y to 1e-5', () => {
    for (const len of [22050, 10001]) {
      const y = noise(len, len);
      const back = istft(stft(y), { length: len });
      expect(back.length).toBe(len);
      let maxErr = 0;
      for (let i = 0; i < len; i++) maxErr = Math.max(maxErr, Math.abs(back[i] - y[i]));
      expect(maxErr).toBeLessThan(1e-5);
      const noLength = istft(stft(y));
      expect(noLength.length).toBe(512 * Math.floor(len / 512));
    }
  });

  it('throws typed errors for bad input', () => {
    expect(thrownCode(() => stft(new Float32Array(0)))).toBe('EMPTY_INPUT');
    expect(thrownCode(() => stft(Float32Array.from([0, NaN, 1])))).toBe('NON_FINITE');
    expect(thrownCode(() => stft(noise(100), { center: false }))).toBe('TOO_SHORT');
    expect(thrownCode(() => stft(noise(4096), { hopLength: 0 }))).toBe('BAD_OPTION');
    expect(thrownCode(() => stft(noise(4096), { nFft: -4 }))).toBe('BAD_OPTION');
  });

  it('powerBands: the wasm path projects every frame (edges included) as the filterbank applied to the power spectrogram; null on the js path and for other windows', async () => {
    const y = noise(20000);
    const fb = sparseFilterbank(melFilterbank({ sr: 22050, nFft: 1024, nMels: 32 }));
    await withWasmFft(() => {
      for (const center of [true, false]) {
        const p = resolveStftOptions({ nFft: 1024, hopLength: 256, center, fft: 'wasm' });
        const S = spectrogram(y, { nFft: 1024, hopLength: 256, center, power: 2, fft: 'wasm' });
        const bands = powerBands(y, p, 2, fb)!;
        expect(bands.length).toBe(S.cols * 32);
        for (let t = 0; t < S.cols; t++) {
          for (let m = 0; m < 32; m++) {
            let acc = 0;
            for (let i = 0; i < fb.length[m]; i++) acc += fb.weights[fb.offset[m] + i] * S.data[(fb.start[m] + i) * S.cols + t];
            expect(bands[t * 32 + m]).toBe(Math.fround(acc));
          }
        }
      }
      expect(powerBands(y, resolveStftOptions({ nFft: 1024, fft: 'wasm' }), 3, fb)).toBeNull();
    });
    expect(powerBands(y, resolveStftOptions({ nFft: 1024, fft: 'js' }), 2, fb)).toBeNull();
    expect(powerBands(y, resolveStftOptions({ nFft: 1024, window: 'hamming', fft: 'wasm' }), 2, fb)).toBeNull();
  });
});
