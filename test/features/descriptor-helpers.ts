/** Shared helpers of the descriptor tests (not a test file itself). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Matrix } from '../../src/matrix.js';
import type { DescriptorKernel, KernelContext } from '../../src/features/descriptor.js';
import { fftFrequencies } from '../../src/dsp/filters.js';
import { spectrogram } from '../../src/dsp/stft.js';
import { FIXTURES_DIR, fixtureAudio, normalisedMaxError } from '../helpers/shared.js';
import { errorCode } from './spectral-helpers.js';

const cache = new Map<string, any>();

/** A matrix of `<clip>.more.json` (`features[key]`, or `features[key][sub]`), row-major. */
export function moreFeature(clip: string, key: string, sub?: string): Matrix {
  let j = cache.get(clip);
  if (!j) {
    j = JSON.parse(readFileSync(join(FIXTURES_DIR, `${clip}.more.json`), 'utf8'));
    cache.set(clip, j);
  }
  const m = sub ? j.features[key][sub] : j.features[key];
  const [rows, cols] = m.shape as [number, number];
  const data = new Float64Array(rows * cols);
  (m.data as number[][]).forEach((r, i) => data.set(r, i * cols));
  return { rows, cols, data };
}

/** Compares with a librosa matrix of the .more fixtures at normalised max error `tol` (1e-4); returns the error. */
export function compareMore(clip: string, ours: Matrix, key: string, sub?: string, tol = 1e-4): number {
  const ref = moreFeature(clip, key, sub);
  expect([ours.rows, ours.cols]).toEqual([ref.rows, ref.cols]);
  const err = normalisedMaxError(ours.data, ref.data);
  console.log(`[librosa-compat] ${key}${sub ? '.' + sub : ''} ${clip}: normalised max error ${err.toExponential(2)}`);
  expect(err).toBeLessThanOrEqual(tol);
  return err;
}

/** Meyda's module set up for 2048-sample frames at 22050 Hz with no window of its own. */
export async function meydaRect(): Promise<any> {
  const mod: any = await import('meyda');
  const M = mod.default ?? mod;
  M.bufferSize = 2048;
  M.sampleRate = 22050;
  M.windowingFunction = 'rect';
  return M;
}

/**
 * Every `step`-th centred frame of `y` (zero padding 1024 each side, librosa's centring) times
 * the periodic hann window, in float32: fed to Meyda with its `'rect'` window, its spectra are
 * the first 1024 bins of mirkit's STFT frames.
 */
export function windowedFrames(y: Float32Array, step: number): Float32Array[] {
  const n = 2048,
    hop = 512;
  const padded = new Float32Array(y.length + n);
  padded.set(y, n / 2);
  const T = 1 + Math.floor(y.length / hop);
  const out: Float32Array[] = [];
  for (let t = 0; t < T; t += step) {
    const f = new Float32Array(n);
    for (let i = 0; i < n; i++) f[i] = padded[t * hop + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
    out.push(f);
  }
  return out;
}

/** The kernel context of Meyda's spectra: 1024 bins of a 2048-point FFT at 22050 Hz (no Nyquist bin). */
export function meydaContext(): KernelContext {
  return { sr: 22050, nFft: 2048, freq: fftFrequencies(22050, 2048).slice(0, 1024) };
}

/** Meyda 5.6's loudness bands (equal division of [0, bark(f of bin 1023)] into 24, last bin dropped) as a bin -> band table. */
export function meydaBandOfBin(): Int32Array {
  const K = 1024;
  const bark = new Float32Array(K);
  for (let i = 0; i < K; i++) {
    const f = (i * 22050) / 2048;
    bark[i] = 13 * Math.atan(f / 1315.8) + 3.5 * Math.atan((f / 7518) ** 2);
  }
  const limits = new Int32Array(25);
  let end = bark[K - 1] / 24,
    band = 1;
  for (let i = 0; i < K; i++) {
    while (bark[i] > end) {
      limits[band++] = i;
      end = (band * bark[K - 1]) / 24;
    }
  }
  limits[24] = K - 1;
  const out = new Int32Array(K).fill(-1);
  for (let b = 0; b < 24; b++) for (let i = limits[b]; i < limits[b + 1]; i++) out[i] = b;
  return out;
}

/** Meyda on every 16th frame of a fixture clip: its amplitude spectrum and the requested features per frame (silent frames skipped). */
export async function meydaOnClip(clip: string, features: string[], step = 16): Promise<Array<{ amp: Float32Array; values: Record<string, any> }>> {
  const M = await meydaRect();
  const out: Array<{ amp: Float32Array; values: Record<string, any> }> = [];
  for (const w of windowedFrames(fixtureAudio(clip), step)) {
    const amp = M.extract('amplitudeSpectrum', w) as Float32Array;
    let s = 0;
    for (const v of amp) s += v;
    if (!(s > 1e-6)) continue;
    out.push({ amp: Float32Array.from(amp), values: M.extract(features, w) });
  }
  return out;
}

/** Runs a kernel on one column and returns its first value (or all with `all`). */
export function kernelValue(k: DescriptorKernel, column: ArrayLike<number>, prev: ArrayLike<number> | null = null): number {
  const out = new Float64Array(k.rows);
  k.compute(column, out, prev);
  return out[0];
}

/** Relative difference |a - b| / max(|b|, tiny). */
export function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);
}

/**
 * The checks every offline descriptor driver must pass: same values from `y` and from the
 * magnitude `S`, the kernel on a column of `S` equals the driver's frame, finite values on
 * silence, `BAD_DATA` on a negative `S`, `EMPTY_INPUT` on nothing.
 */
export function checkDriver(fn: (y: Float32Array | null, o?: { S?: Matrix }) => Matrix, kernel: DescriptorKernel): void {
  const y = new Float32Array(11025);
  for (let i = 0; i < y.length; i++) y[i] = 0.4 * Math.sin(i * 0.21) + 0.2 * Math.sin(i * 0.93 + 1) * Math.sin(i * 0.001);
  const S = spectrogram(y, { power: 1 });
  const a = fn(y),
    b = fn(null, { S });
  expect(Array.from(b.data)).toEqual(Array.from(a.data));
  expect(a.cols).toBe(S.cols);
  const col = new Float64Array(S.rows),
    prev = new Float64Array(S.rows),
    out = new Float64Array(kernel.rows);
  for (const t of [1, 5, S.cols - 1]) {
    for (let r = 0; r < S.rows; r++) {
      col[r] = S.data[r * S.cols + t];
      prev[r] = S.data[r * S.cols + t - 1];
    }
    kernel.compute(col, out, prev);
    for (let r = 0; r < kernel.rows; r++) expect(out[r]).toBeCloseTo(a.data[r * a.cols + t], 10);
  }
  for (const v of fn(new Float32Array(4096)).data) expect(Number.isFinite(v)).toBe(true);
  expect(errorCode(() => fn(null, { S: { rows: 3, cols: 2, data: new Float64Array([1, -1, 0, 0, 0, 0]) } }))).toBe('BAD_DATA');
  expect(errorCode(() => fn(null))).toBe('EMPTY_INPUT');
}
