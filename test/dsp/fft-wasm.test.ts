import { describe, expect, it } from 'vitest';
import {
  PFFFT_CACHE_SIZE,
  createJsRealFft,
  createRealFft,
  fftBackend,
  forwardFrames,
  pffftSupports,
  resolveFft,
  useJsFft,
  useWasmFft,
  wasmFftStats,
  wasmSimdSupported,
  type RealFft,
} from '../../src/dsp/fft.js';
import { instantiatePffft, pffftSimdWasmBytes } from '../../src/dsp/fft-wasm.js';
import { base64ToBytes } from '../../src/base64.js';
import { spectrogram } from '../../src/dsp/stft.js';
import { getWindow } from '../../src/dsp/windows.js';
import { MirkitError } from '../../src/errors.js';
import { describeShared, fixtureAudio } from '../helpers/shared.js';
import { directDft, noise } from '../helpers/dft.js';

/** max |a - b| / max |b| over complex bins. */
function relErr(re: ArrayLike<number>, im: ArrayLike<number>, refRe: ArrayLike<number>, refIm: ArrayLike<number>): number {
  let e = 0,
    m = 0;
  for (let k = 0; k < refRe.length; k++) {
    e = Math.max(e, Math.hypot(re[k] - refRe[k], im[k] - refIm[k]));
    m = Math.max(m, Math.hypot(refRe[k], refIm[k]));
  }
  return e / m;
}

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0,
    m = 0;
  for (let i = 0; i < b.length; i++) {
    e = Math.max(e, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return e / m;
}

/** Forward vs DFT and forward+inverse round trip; returns [forward error, round-trip error]. */
function check(fft: RealFft, n: number): [number, number] {
  const x = noise(n, n);
  const bins = Math.floor(n / 2) + 1;
  const re = new Float64Array(bins),
    im = new Float64Array(bins);
  fft.forward(x, re, im);
  const ref = directDft(x);
  const back = new Float64Array(n);
  fft.inverse(ref.re, ref.im, back);
  return [relErr(re, im, ref.re, ref.im), maxRel(back, x)];
}

const WASM_SIZES = [32, 64, 512, 2048, 4096, 96];
const JS_ONLY_SIZES = [16, 100, 48, 224, 1000, 1];

describe('pffftSupports', () => {
  it('accepts 2^a 3^b 5^c with a >= 5 only', () => {
    for (const n of [32, 64, 96, 160, 480, 2048, 4096, 3 * 5 * 32]) expect(pffftSupports(n)).toBe(true);
    for (const n of [0, 1, 16, 48, 100, 224, 1000, 2047, 32.5, -32]) expect(pffftSupports(n)).toBe(false);
  });
});

describe('the FFT as a value', () => {
  it("'auto' is PFFFT-wasm SIMD in Node 20, with no set-up call; 'js' is fft.js", () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(resolveFft()).toBe('wasm-simd');
    expect(resolveFft('auto')).toBe('wasm-simd');
    expect(resolveFft('wasm')).toBe('wasm-simd');
    expect(resolveFft('js')).toBe('js');
    expect(() => resolveFft('gpu' as never)).toThrow(MirkitError);
    expect(() => createRealFft(64, 'fast' as never)).toThrow(MirkitError);
  });

  it('the deprecated switches change nothing', async () => {
    const x = Float64Array.from({ length: 2048 }, (_, i) => Math.sin(i * 0.37) + 0.1 * Math.cos(i * 1.3));
    const spectrum = (plan: RealFft): Float64Array => {
      const re = new Float64Array(1025),
        im = new Float64Array(1025);
      plan.forward(x, re, im);
      return Float64Array.from([...re, ...im]);
    };
    const before = spectrum(createRealFft(2048));
    useJsFft();
    expect(fftBackend()).toBe('wasm-simd');
    expect(spectrum(createRealFft(2048))).toEqual(before);
    expect(await useWasmFft({ simd: false })).toBe(true);
    expect(spectrum(createRealFft(2048))).toEqual(before);
    expect(spectrum(createRealFft(2048, 'js'))).toEqual(spectrum(createJsRealFft(2048)));
    expect(wasmFftStats()).not.toBeNull();
  });

  it('instantiates from bytes with no glue; bad bytes throw', () => {
    const mod = instantiatePffft(pffftSimdWasmBytes());
    expect(mod._pffft_simd_size()).toBe(4);
    const broken = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0xff]);
    expect(() => instantiatePffft(broken)).toThrow();
    expect(Array.from(base64ToBytes('TWFu'))).toEqual([77, 97, 110]);
    expect(Array.from(base64ToBytes('TWE='))).toEqual([77, 97]);
    expect(Array.from(base64ToBytes('TQ=='))).toEqual([77]);
  });
});

{
  describe('wasm-simd plans', () => {
    for (const n of WASM_SIZES) {
      it(`forward/inverse equal a direct DFT to 1e-5 for n = ${n}`, () => {
        const fft = createRealFft(n, 'wasm');
        expect(wasmFftStats()!.cachedSizes).toContain(n); // really the PFFFT plan
        const [fwd, inv] = check(fft, n);
        expect(fwd).toBeLessThan(1e-5);
        expect(inv).toBeLessThan(1e-5);
        expect(fwd).toBeGreaterThan(0); // float32 inside: not bit-equal to float64
      });
    }

    for (const n of JS_ONLY_SIZES) {
      it(`falls back to fft.js/Bluestein (float64) for n = ${n}`, () => {
        const before = wasmFftStats()!.cachedSizes;
        const fft = createRealFft(n, 'wasm');
        expect(wasmFftStats()!.cachedSizes).toEqual(before);
        const [fwd, inv] = check(fft, n);
        expect(fwd).toBeLessThan(1e-12);
        expect(inv).toBeLessThan(1e-12);
      });
    }

    it('accepts number[] and Float32Array inputs and longer inputs (first n values)', () => {
      const n = 64;
      const x = noise(n + 10, 3);
      const fft = createRealFft(n, 'wasm');
      const outs = [Array.from(x.subarray(0, n)), Float32Array.from(x.subarray(0, n)), x].map((input) => {
        const re = new Float64Array(33),
          im = new Float64Array(33);
        fft.forward(input, re, im);
        return { re, im };
      });
      for (const o of outs.slice(1)) {
        expect(relErr(o.re, o.im, outs[0].re, outs[0].im)).toBeLessThan(1e-7);
      }
    });

    it('forwardPacked/inversePacked: PFFFT ordered packed layout, unscaled inverse, native input conversion', () => {
      for (const n of [32, 96, 2048, 8192]) {
        const fft = createRealFft(n, 'wasm');
        const x = noise(n + 3, 21);
        const X = new Float32Array(n);
        fft.forwardPacked!(x, X); // a longer input: the first n values
        const re = new Float64Array(n / 2 + 1),
          im = new Float64Array(n / 2 + 1);
        fft.forward(x, re, im);
        // the same float32 transform as forward, repacked
        expect(X[0]).toBe(re[0]);
        expect(X[1]).toBe(re[n / 2]);
        for (let k = 1; k < n / 2; k++) {
          expect(X[2 * k]).toBe(re[k]);
          expect(X[2 * k + 1]).toBe(im[k]);
        }
        const back = new Float32Array(n);
        fft.inversePacked!(X, back);
        let e = 0;
        for (let i = 0; i < n; i++) e = Math.max(e, Math.abs(back[i] / n - x[i]));
        expect(e).toBeLessThan(1e-6);
        // integer samples are converted as their plain values, float64 rounded like a float32 copy
        const i16 = Int16Array.from(x.subarray(0, n), (v) => Math.round(v * 32767));
        const Xi = new Float32Array(n),
          Xf = new Float32Array(n);
        fft.forwardPacked!(i16, Xi);
        fft.forwardPacked!(Float32Array.from(i16), Xf);
        expect(Xi).toEqual(Xf);
        expect(() => fft.forwardPacked!(new Float32Array(n - 1), X)).toThrow(MirkitError);
        expect(() => fft.inversePacked!(X, new Float32Array(n - 1))).toThrow(MirkitError);
      }
      expect(createJsRealFft(64).forwardPacked).toBeUndefined();
    });

    it('forwardFrames equals windowed forward per frame', () => {
      const n = 512,
        hop = 128,
        nFrames = 20,
        start = 7;
      const signal = Float32Array.from(noise(start + hop * (nFrames - 1) + n, 11));
      const win = getWindow('hann', n);
      const fft = createRealFft(n, 'wasm');
      const buf = new Float64Array(n),
        re = new Float64Array(n / 2 + 1),
        im = new Float64Array(n / 2 + 1);
      let seen = 0;
      forwardFrames(fft, signal, start, hop, nFrames, win, (t, fr, fi) => {
        for (let i = 0; i < n; i++) buf[i] = signal[start + t * hop + i] * win[i];
        fft.forward(buf, re, im);
        expect(relErr(fr, fi, re, im)).toBeLessThan(1e-6);
        seen++;
      });
      expect(seen).toBe(nFrames);
      expect(() => forwardFrames(fft, signal, start + 1, hop, nFrames, win, () => {})).toThrow(MirkitError);
      expect(() => forwardFrames(fft, signal, 0, hop, 1, getWindow('hann', 256), () => {})).toThrow(MirkitError);
    });

    it('is re-entrant: visit may use plans of the same and other sizes', () => {
      const n = 256,
        nFrames = 4;
      const signal = noise(n * nFrames, 5);
      const win = new Float64Array(n).fill(1);
      const outer = createRealFft(n, 'wasm');
      const ref = createJsRealFft(n);
      const re = new Float64Array(n / 2 + 1),
        im = new Float64Array(n / 2 + 1);
      forwardFrames(outer, signal, 0, n, nFrames, win, (t, fr, fi) => {
        // nested use of the same size and of many other sizes (forcing cache evictions)
        createRealFft(n, 'wasm').forward(noise(n, 99), re, im);
        for (let j = 1; j <= PFFFT_CACHE_SIZE + 2; j++) createRealFft(32 * j * (j % 2 ? 1 : 2)).forward(noise(32 * j * (j % 2 ? 1 : 2)), re, im);
        const r2 = new Float64Array(n / 2 + 1),
          i2 = new Float64Array(n / 2 + 1);
        ref.forward(signal.subarray(t * n, t * n + n), r2, i2);
        expect(relErr(fr, fi, r2, i2)).toBeLessThan(1e-6);
      });
    });

    it('keeps wasm memory bounded however many plans are made', () => {
      // 12 sizes > PFFFT_CACHE_SIZE: every createRealFft misses the cache and evicts a size, so a
      // leak of even one buffer per eviction (~4.5 MB a round) would outgrow the heap
      const sizes = [32, 96, 480, 1024, 2048, 4096, 6144, 8192, 12288, 16384, 24576, 32768];
      const x = noise(32768, 4);
      const use = (): void => {
        for (let rep = 0; rep < 10; rep++) {
          for (const n of sizes) {
            const fft = createRealFft(n, 'wasm');
            const re = new Float64Array(n / 2 + 1),
              im = new Float64Array(n / 2 + 1),
              y = new Float64Array(n);
            fft.forward(x.subarray(0, n), re, im);
            fft.inverse(re, im, y);
          }
        }
      };
      use();
      const after1 = wasmFftStats()!;
      for (let round = 0; round < 5; round++) use();
      const after6 = wasmFftStats()!;
      expect(after6.heapBytes).toBe(after1.heapBytes);
      expect(after6.cachedSizes.length).toBe(PFFFT_CACHE_SIZE);
      expect(after6.cachedSizes).toEqual(sizes.slice(-PFFFT_CACHE_SIZE)); // least recently used first
      expect(after6.liveAllocations).toBe(3 * PFFFT_CACHE_SIZE);
    });

    it('an evicted plan keeps working (re-acquires its buffers)', () => {
      const fft = createRealFft(2048, 'wasm');
      const others = [32, 64, 96, 128, 160, 192, 256, 320, 384, 480].slice(0, PFFFT_CACHE_SIZE);
      for (const m of others) createRealFft(m, 'wasm');
      expect(wasmFftStats()!.cachedSizes).not.toContain(2048);
      const [fwd, inv] = check(fft, 2048);
      expect(fwd).toBeLessThan(1e-5);
      expect(inv).toBeLessThan(1e-5);
    });
  });
}

describe('bad sizes', () => {
  it('createRealFft rejects bad sizes on both implementations', () => {
    for (const fft of ['js', 'wasm', 'auto'] as const) {
      expect(() => createRealFft(0, fft)).toThrow(MirkitError);
      expect(() => createRealFft(64.5, fft)).toThrow(MirkitError);
    }
  });
});

describeShared('power spectrogram of real audio: wasm vs fft.js', () => {
  it('differs from the float64 fft.js path by < 1e-5 of the peak (librosa tolerance 1e-3)', async () => {
    const y = fixtureAudio('gtzan-country-00000');
    const ref = spectrogram(y, { power: 2, fft: 'js' });
    {
      const S = spectrogram(y, { power: 2, fft: 'wasm' });
      expect(S.rows).toBe(ref.rows);
      expect(S.cols).toBe(ref.cols);
      let maxErr = 0,
        peak = 0,
        worstRelAboveFloor = 0;
      for (let i = 0; i < ref.data.length; i++) peak = Math.max(peak, ref.data[i]);
      for (let i = 0; i < ref.data.length; i++) {
        const e = Math.abs(S.data[i] - ref.data[i]);
        maxErr = Math.max(maxErr, e);
        // bins within 60 dB of the peak: elementwise relative difference
        if (ref.data[i] > peak * 1e-6) worstRelAboveFloor = Math.max(worstRelAboveFloor, e / ref.data[i]);
      }
      console.log(
        `wasm-simd: max |dS|/max S = ${(maxErr / peak).toExponential(2)}, worst elementwise rel (bins > -60 dB) = ${worstRelAboveFloor.toExponential(2)}`,
      );
      expect(maxErr / peak).toBeLessThan(1e-5);
      expect(worstRelAboveFloor).toBeLessThan(1e-3);
    }
  });
});
