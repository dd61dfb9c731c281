/**
 * FFT backends: the real 2048-point FFTs of a 30 s clip (hop 512, centred: 1296 frames) with
 * fft.js, PFFFT-wasm scalar and PFFFT-wasm SIMD, and a full `spectrogram(y, { power: 2 })` under
 * each backend. `npx tsx bench/fft.ts` prints the table; `npm run bench fft` includes it.
 */
import FFTJS from 'fft.js';
import { createRealFft, forwardFrames, forwardPowerFrames, type RealFft } from '../src/dsp/fft.js';
import { frameSignal, resolveStftOptions, spectrogram } from '../src/dsp/stft.js';
import { getWindow } from '../src/dsp/windows.js';
import { hannPowerReference } from '../test/helpers/hann-power-reference.js';
import type { Matrix } from '../src/matrix.js';
import { Bench } from 'tinybench';
import { type BenchRow, runIfMain, benchClip } from './util.js';

const N_FFT = 2048;
const HOP = 512;

/** Per-frame window + `forward` over every frame: what `forEachSpectrumFrame` does today. */
function perFrame(fft: RealFft, padded: ArrayLike<number>, nFrames: number, win: Float64Array): number {
  const buf = new Float64Array(N_FFT);
  const re = new Float64Array(N_FFT / 2 + 1);
  const im = new Float64Array(N_FFT / 2 + 1);
  let acc = 0;
  for (let t = 0; t < nFrames; t++) {
    const start = t * HOP;
    for (let i = 0; i < N_FFT; i++) buf[i] = padded[start + i] * win[i];
    fft.forward(buf, re, im);
    acc += re[7];
  }
  return acc;
}

/** The same through the batch `forwardFrames` (wasm windows straight into its float32 buffer). */
function batched(fft: RealFft, padded: ArrayLike<number>, nFrames: number, win: Float64Array): number {
  let acc = 0;
  forwardFrames(fft, padded, 0, HOP, nFrames, win, (_t, re) => {
    acc += re[7];
  });
  return acc;
}

/**
 * `spectrogram(y, { power: 2 })` with `forEachSpectrumFrame` switched to {@link forwardFrames}:
 * the change proposed for src/dsp/stft.ts, measured here before it lands.
 */
function spectrogramBatched(y: Float32Array, fft: 'js' | 'wasm'): Matrix {
  const p = resolveStftOptions({});
  const win = getWindow(p.window, p.winLength);
  const { padded, nFrames } = frameSignal(y, p.nFft, p.hopLength, p.center, p.padMode);
  const bins = p.nFft / 2 + 1;
  const data = new Float32Array(bins * nFrames);
  forwardFrames(createRealFft(p.nFft, fft), padded, 0, p.hopLength, nFrames, win, (t, re, im) => {
    for (let k = 0; k < bins; k++) data[k * nFrames + t] = re[k] * re[k] + im[k] * im[k];
  });
  return { rows: bins, cols: nFrames, data };
}

/**
 * Median wall time of a tinybench task, and the median CPU time (`process.cpuUsage`, user +
 * system) of 15 further runs: on a busy machine the CPU time is the steadier figure.
 */
async function measure(fn: () => unknown): Promise<{ median: number; cpu: number }> {
  const bench = new Bench({ iterations: 30, time: 1500, warmup: true });
  bench.add('x', fn as () => void);
  await bench.run();
  const r = bench.tasks[0].result as unknown as { latency?: { p50?: number } } | undefined;
  if (r?.latency?.p50 === undefined) throw new Error('tinybench returned no latency');
  const cpu: number[] = [];
  for (let i = 0; i < 15; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  return { median: r.latency.p50, cpu: cpu[7] };
}

/** Runs the suite; rows are `stage` (backend and what is timed) and the median in ms. */
export async function run(): Promise<BenchRow[]> {
  const { y, source } = benchClip();
  const { padded, nFrames } = frameSignal(y, N_FFT, HOP, true, 'constant');
  const win = getWindow('hann', N_FFT);
  const rows: BenchRow[] = [];
  const note = `${nFrames} frames of ${source}`;
  const add = async (stage: string, fn: () => unknown, extra?: string): Promise<void> => {
    const { median, cpu } = await measure(fn);
    rows.push({ stage, medianMs: median, cpuMs: cpu, note: extra ?? note });
  };

  // The transforms alone, on pre-windowed frames.
  const frames = Array.from({ length: nFrames }, (_, t) => {
    const f = new Float64Array(N_FFT);
    for (let i = 0; i < N_FFT; i++) f[i] = padded[t * HOP + i] * win[i];
    return f;
  });
  const FFT = FFTJS as unknown as new (n: number) => { realTransform(out: Float64Array, x: ArrayLike<number>): void };
  const raw = new FFT(N_FFT);
  const out = new Float64Array(2 * N_FFT);
  await add('fft: fft.js realTransform (no unpack)', () => {
    for (const f of frames) raw.realTransform(out, f);
  });
  const transformAll = (fft: RealFft) => (): void => {
    const re = new Float64Array(N_FFT / 2 + 1),
      im = new Float64Array(N_FFT / 2 + 1);
    for (const f of frames) fft.forward(f, re, im);
  };

  for (const label of ['js', 'wasm'] as const) {
    const fft = createRealFft(N_FFT, label);
    await add(`fft: ${label} forward`, transformAll(fft));
    await add(`window+fft: ${label} per-frame forward`, () => perFrame(fft, padded, nFrames, win));
    await add(`window+fft: ${label} forwardFrames`, () => batched(fft, padded, nFrames, win));
    await add(`spectrogram: ${label}`, () => spectrogram(y, { power: 2, fft: label }), 'spectrogram(y, {power: 2}), stft.ts as is');
    await add(`spectrogram: ${label} via forwardFrames`, () => spectrogramBatched(y, label), 'proposed forEachSpectrumFrame');
  }
  // the power engine's wasm path: the kernel (frames copied once per block, transformed, windowed in
  // the frequency domain and squared in wasm) against the JavaScript loop it replaced (kept as the
  // tests' reference), run per frame on PFFFT's packed output; equal values (test/dsp/hann-power-wasm.test.ts)
  const wasm = createRealFft(N_FFT, 'wasm');
  const padded32 = Float32Array.from(padded);
  const block = new Float32Array(16 * (N_FFT / 2 + 1));
  await add(
    'power frames: wasm kernel',
    () => {
      for (let t0 = 0; t0 < nFrames; t0 += 16) forwardPowerFrames(wasm, padded32, t0 * HOP, HOP, Math.min(16, nFrames - t0), win, 2, block, 0, true);
    },
    `${note}; blocks of 16, periodic Hann in the frequency domain`,
  );
  const packed = new Float32Array(N_FFT);
  await add(
    'power frames: wasm FFT + JS loop',
    () => {
      for (let t = 0; t < nFrames; t++) {
        wasm.forwardPacked!(padded32.subarray(t * HOP, t * HOP + N_FFT), packed);
        hannPowerReference(packed, 0, N_FFT / 2, 2, block, (t % 16) * (N_FFT / 2 + 1));
      }
    },
    `${note}; the loop the kernel replaced`,
  );
  return rows;
}

runIfMain(import.meta.url, run);
