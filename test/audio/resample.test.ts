import { describe, expect, it } from 'vitest';
import { MirkitError } from '../../src/errors.js';
import { decimateChecked, resample, resampleChecked, resampleInts } from '../../src/audio/resample.js';
import { withWasmFft } from '../helpers/shared.js';

function sine(n: number, sr: number, f: number, amp = 0.5, phase = 0): Float32Array {
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = amp * Math.sin((2 * Math.PI * f * i) / sr + phase);
  return y;
}

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MirkitError);
    expect((e as MirkitError).code).toBe(code);
    return;
  }
  throw new Error(`expected MirkitError ${code}`);
}

/** Max |y - analytic sine at the output rate| over the samples at least `edge` away from both ends. */
function sineError(y: ArrayLike<number>, sr: number, f: number, amp: number, phase: number, edge: number): number {
  let err = 0;
  for (let i = edge; i < y.length - edge; i++) {
    err = Math.max(err, Math.abs(y[i] - amp * Math.sin((2 * Math.PI * f * i) / sr + phase)));
  }
  return err;
}

function rmsRange(y: ArrayLike<number>, a: number, b: number): number {
  let s = 0;
  for (let i = a; i < b; i++) s += y[i] * y[i];
  return Math.sqrt(s / (b - a));
}

const RATIOS: [number, number][] = [
  [44100, 22050],
  [22050, 11025],
  [48000, 22050],
  [22050, 44100],
  [22050, 16000],
  [16000, 22050],
  [8000, 44100],
  [44100, 48000],
  [48000, 44100],
  [96000, 22050],
  [44100, 22051], // irrational-looking: interpolated kernel
  [11025, 5512.5], // what librosa's CQT asks for (non-integer rates)
];

describe('resample', () => {
  it('gives librosa output lengths ceil(len * toSr / fromSr)', () => {
    for (const [a, b] of RATIOS) {
      for (const n of [1, 2, 3, 7, 100, 1001, 4097]) {
        const y = resample(sine(n, a, 440), a, b);
        expect(y.length, `${a}->${b} n=${n}`).toBe(Math.ceil(n * (b / a)));
      }
    }
  });

  it("fix: false gives soxr's round(len * ratio) samples", () => {
    expect(resample(new Float32Array(3), 44100, 22050, { fix: false }).length).toBe(2);
    expect(resample(new Float32Array(5), 48000, 22050, { fix: false }).length).toBe(2); // 2.297 -> 2 (librosa pads to 3)
    expect(resample(new Float32Array(5), 48000, 22050).length).toBe(3);
  });

  it('keeps amplitude and phase of a sine below the new Nyquist', () => {
    const cases: [number, number, number][] = [
      [44100, 22050, 1000],
      [44100, 22050, 9500],
      [22050, 11025, 3000],
      [48000, 22050, 5000],
      [22050, 44100, 7000],
      [22050, 16000, 5000],
      [44100, 48000, 12000],
      [44100, 22051, 4000],
      [11025, 5512.5, 1200],
    ];
    for (const [a, b, f] of cases) {
      const n = Math.round(a * 0.5);
      const phase = 0.7;
      const y = resample(sine(n, a, f, 0.5, phase), a, b);
      const err = sineError(y, b, f, 0.5, phase, Math.ceil(b * 0.02));
      expect(err, `${a}->${b} at ${f} Hz`).toBeLessThan(1e-3);
    }
  });

  it('attenuates a tone above the new Nyquist by more than 80 dB', () => {
    const cases: [number, number, number][] = [
      [44100, 22050, 12000],
      [44100, 22050, 20000],
      [48000, 22050, 13000],
      [22050, 11025, 6000],
      [22050, 16000, 9000],
      [44100, 22051, 12500],
    ];
    for (const [a, b, f] of cases) {
      const n = Math.round(a * 0.5);
      const y = resample(sine(n, a, f, 0.5), a, b);
      const edge = Math.ceil(b * 0.02);
      const rms = rmsRange(y, edge, y.length - edge);
      const db = 20 * Math.log10(rms / (0.5 / Math.SQRT2));
      expect(db, `${a}->${b} at ${f} Hz`).toBeLessThan(-80);
    }
  });

  it('keeps DC gain at 1 and is zero-phase (an impulse stays centred)', () => {
    const y = resample(new Float32Array(8000).fill(0.25), 44100, 22050);
    for (let i = 500; i < y.length - 500; i++) expect(Math.abs(y[i] - 0.25)).toBeLessThan(1e-5);
    const imp = new Float64Array(2001);
    imp[1000] = 1;
    const r = resample(imp, 44100, 22050);
    let peak = 0;
    for (let i = 1; i < r.length; i++) if (Math.abs(r[i]) > Math.abs(r[peak])) peak = i;
    expect(peak).toBe(500);
    expect(r[499]).toBeCloseTo(r[501], 12); // symmetric
  });

  it('gives the same result from the direct and the FFT engines', () => {
    // 1300 samples -> 650 outputs are filtered directly; the same signal with zeros appended goes by FFT.
    for (const [a, b] of [
      [44100, 22050],
      [88200, 22050],
      [48000, 22050],
    ] as const) {
      const x = Float64Array.from({ length: 1300 }, (_, i) => Math.sin(i / 3) + 0.3 * Math.cos(i / 17));
      const padded = new Float64Array(40000);
      padded.set(x);
      const direct = resample(x, a, b, { fix: false });
      const viaFft = resample(padded, a, b);
      let err = 0;
      for (let i = 0; i < direct.length - 1; i++) err = Math.max(err, Math.abs(direct[i] - viaFft[i]));
      expect(err, `${a}->${b}`).toBeLessThan(1e-12);
    }
  });

  it('returns a copy when the rates are equal', () => {
    const x = sine(1000, 22050, 440);
    const y = resample(x, 22050, 22050);
    expect(y).not.toBe(x);
    expect(Array.from(y)).toEqual(Array.from(x));
  });

  it('keeps Float64Array, turns number[] into Float32Array, applies scale', () => {
    const x64 = Float64Array.from(sine(4410, 44100, 440));
    const y64 = resample(x64, 44100, 22050);
    expect(y64).toBeInstanceOf(Float64Array);
    expect(resample([0, 0.5, 1, 0.5, 0], 44100, 22050)).toBeInstanceOf(Float32Array);
    const ys = resample(x64, 44100, 22050, { scale: true });
    for (let i = 0; i < y64.length; i++) expect(ys[i]).toBeCloseTo(y64[i] * Math.SQRT2, 12);
  });

  it('supports soxr_vhq', () => {
    const y = resample(sine(22050, 44100, 12000), 44100, 22050, { resType: 'soxr_vhq' });
    const rms = rmsRange(y, 400, y.length - 400);
    expect(20 * Math.log10(rms / (0.5 / Math.SQRT2))).toBeLessThan(-120);
  });

  it('throws MirkitError on bad input', () => {
    const x = sine(100, 22050, 440);
    for (const sr of [0, -1, NaN, Infinity, '22050' as unknown as number]) {
      expectCode(() => resample(x, sr, 22050), 'BAD_SAMPLE_RATE');
      expectCode(() => resample(x, 22050, sr), 'BAD_SAMPLE_RATE');
    }
    expectCode(() => resample(x, 44100, 1), 'BAD_SAMPLE_RATE'); // ratio beyond 1/256
    expectCode(() => resample(new Float32Array(0), 44100, 22050), 'EMPTY_INPUT');
    const bad = x.slice();
    bad[50] = NaN;
    expectCode(() => resample(bad, 44100, 22050), 'NON_FINITE');
    expectCode(() => resample(x, 44100, 22050, { resType: 'kaiser_best' as never }), 'BAD_OPTION');
    expectCode(() => resample(x, 44100, 22050, { resType: 'toString' as never }), 'BAD_OPTION');
    expectCode(() => resample('abc' as never, 44100, 22050), 'BAD_DATA');
  });

  it('takes samples up to 2^100 in magnitude and refuses larger or non-finite ones, wherever they are', () => {
    for (const Arr of [Float32Array, Float64Array]) {
      for (const at of [0, 63, 499]) {
        const ok = new Arr(500);
        ok[at] = -(2 ** 99) * 1.5; // below 2^100: taken
        expect(resample(ok, 44100, 22050).length).toBe(250);
        const big = new Arr(500);
        big[at] = 2 ** 100;
        expectCode(() => resample(big, 44100, 22050), 'BAD_DATA');
        const inf = new Arr(500);
        inf[at] = -Infinity;
        expectCode(() => resample(inf, 44100, 22050), 'NON_FINITE');
      }
    }
  });
});

describe('resample on the PFFFT-wasm FFT backend (float32 2:1 stage for float32 signals)', () => {
  it('agrees with the float64 js path within float32 precision; float64 signals stay bit-identical', async () => {
    const cases: [number, number, boolean][] = [
      [44100, 22050, false],
      [22050, 11025, false],
      [2, 1, true], // the CQT's octave step (scale: true)
      [88200, 22050, false],
      [48000, 22050, false],
      [22050, 16000, false],
      [22050, 44100, false],
    ];
    const x32 = Float32Array.from({ length: 100_003 }, (_, i) => 0.5 * Math.sin(i / 7.3) + 0.3 * Math.sin(i * 1.37) + 0.1 * Math.cos(i / 191));
    const x64 = Float64Array.from(x32);
    const js = cases.map(([a, b, scale]) => [resample(x32, a, b, { scale, fft: 'js' }), resample(x64, a, b, { scale, fft: 'js' })] as const);
    await withWasmFft(async () => {
      cases.forEach(([a, b, scale], c) => {
        const y32 = resample(x32, a, b, { scale });
        const y64 = resample(x64, a, b, { scale });
        expect(y32.length).toBe(js[c][0].length);
        let err = 0;
        for (let i = 0; i < y32.length; i++) err = Math.max(err, Math.abs(y32[i] - js[c][0][i]));
        expect(err, `${a}->${b} float32`).toBeLessThan(2e-6);
        expect(Array.from(y64), `${a}->${b} float64`).toEqual(Array.from(js[c][1]));
      });
      // the edges (zero outside the signal) and a short signal that takes several partial blocks
      const short = x32.subarray(0, 20_000);
      const a = resample(short, 44100, 22050);
      const b = resample(short, 44100, 22050, { fft: 'js' });
      let err = 0;
      for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i] - b[i]));
      expect(err).toBeLessThan(2e-6);
    });
  });
});

describe("resampleInts (loadAudio's 16-bit WAV path)", () => {
  it('equals resample of the float32 signal x * scale bit for bit, on both FFT backends', async () => {
    let seed = 5;
    const x = Int16Array.from({ length: 60_011 }, (_, i) => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return Math.round(20000 * Math.sin(i / 9.1) + ((seed >>> 20) - 2048));
    });
    x[10] = -32768;
    x[11] = 32767;
    // a stereo mix: left + right in 17 bits, scale 2^-16
    const sum = Int32Array.from(x, (v, i) => v + x[(i * 7) % x.length]);
    const inputs: [Int16Array | Int32Array, number][] = [
      [x, 1 / 32768],
      [sum, 1 / 65536],
    ];
    const cases: [number, number, boolean][] = [
      [44100, 22050, false], // the PFFFT 2:1 stage straight from the integers on wasm
      [44100, 22050, true],
      [44100, 44100, false],
      [48000, 22050, false],
      [22050, 44100, false],
    ];
    for (const fft of ['js', 'auto'] as const) {
      for (const [ints, scale] of inputs) {
        const f = Float32Array.from(ints, (v) => v * scale);
        for (const [a, b, gain] of cases) {
          const y = resampleInts(ints, scale, a, b, { scale: gain, fft });
          expect(y).toBeInstanceOf(Float32Array);
          expect(Array.from(y), `${fft} ${ints.constructor.name} ${a}->${b}`).toEqual(Array.from(resample(f, a, b, { scale: gain, fft })));
        }
      }
    }
    expect(() => resampleInts(new Int16Array(0), 1 / 32768, 44100, 22050)).toThrow(MirkitError);
  });
});

describe("decimateChecked (the CQT's octave decimation)", () => {
  it('equals resampleChecked(y, factor, 1, { scale: true }) bit for bit, float32 and float64, on both FFTs', () => {
    const n = 20_011;
    const y32 = new Float32Array(n);
    for (let i = 0; i < n; i++) y32[i] = Math.fround(0.4 * Math.sin(0.013 * i) + 0.3 * Math.sin(1.7 * i) + 0.1 * Math.cos(0.0007 * i * i));
    const y64 = Float64Array.from(y32, (v, i) => v + 1e-9 * Math.sin(i));
    let compared = 0;
    for (const y of [y32, y64, y32.subarray(0, 33)]) {
      for (const factor of [2, 4, 32]) {
        for (const fft of ['auto', 'js'] as const) {
          const want = resampleChecked(y, factor, 1, { scale: true, fft });
          const got = decimateChecked(y, factor, fft);
          expect(got.constructor).toBe(want.constructor);
          expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
          compared++;
        }
      }
    }
    expect(compared).toBe(18);
    // and resampleChecked's errors
    expect(() => decimateChecked(new Float32Array(0), 2)).toThrow(expect.objectContaining({ code: 'TOO_SHORT' }));
  });
});
