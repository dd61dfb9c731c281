/**
 * Access to ../shared (fixtures, data, baselines) for tests, read in place.
 * Where ../shared is absent (a user's fresh clone) tests that need it skip with a message;
 * where CI is set they fail instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
/** Absolute path of ../shared beside the project root. */
export const SHARED_DIR = resolve(here, '..', '..', '..', 'shared');
export const FIXTURES_DIR = join(SHARED_DIR, 'fixtures');
export const DATA_DIR = join(SHARED_DIR, 'data');
export const BASELINES_DIR = join(SHARED_DIR, 'baselines');
export const HAVE_SHARED = existsSync(join(FIXTURES_DIR, 'README.md'));

if (!HAVE_SHARED && process.env.CI) {
  throw new Error(`../shared is required under CI but was not found at ${SHARED_DIR}`);
}

/** `describe` that runs only where ../shared exists (and fails loudly under CI when it does not). */
export const describeShared: typeof describe = (
  HAVE_SHARED
    ? describe
    : (name: string, fn: () => void) => {
        describe.skip(`${name} [skipped: ../shared not found at ${SHARED_DIR}]`, fn);
      }
) as typeof describe;

/** The six public fixture clips. */
export const CLIPS = ['gtzan-country-00000', 'fma-000002', 'ballroom-waltz-105901', 'librosa-choice', 'librosa-brahms', 'madmom-sample'] as const;
export type ClipName = (typeof CLIPS)[number];

/** Reads a 32-bit float or 16-bit PCM mono/multichannel WAV into Float32 (first channel or mean). */
export function readWavFloat(path: string): { y: Float32Array; sr: number } {
  const buf = readFileSync(path);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 12;
  let fmt = 0,
    channels = 1,
    sr = 0,
    bits = 0;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    const size = dv.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'fmt ') {
      fmt = dv.getUint16(body, true);
      channels = dv.getUint16(body + 2, true);
      sr = dv.getUint32(body + 4, true);
      bits = dv.getUint16(body + 14, true);
      if (fmt === 0xfffe) fmt = dv.getUint16(body + 24, true);
    } else if (id === 'data') {
      const bytesPer = bits / 8;
      const n = Math.floor(Math.min(size, buf.length - body) / (bytesPer * channels));
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let c = 0; c < channels; c++) {
          const off = body + (i * channels + c) * bytesPer;
          s += fmt === 3 ? dv.getFloat32(off, true) : dv.getInt16(off, true) / 32768;
        }
        y[i] = s / channels;
      }
      return { y, sr };
    }
    pos = body + size + (size & 1);
  }
  throw new Error(`no data chunk in ${path}`);
}

const jsonCache = new Map<string, any>();
/** The parsed `<clip>.json` fixture (cached). */
export function fixtureJson(clip: string): any {
  if (!jsonCache.has(clip)) jsonCache.set(clip, JSON.parse(readFileSync(join(FIXTURES_DIR, `${clip}.json`), 'utf8')));
  return jsonCache.get(clip);
}

const wavCache = new Map<string, Float32Array>();
/** The canonical 22050 Hz float wav of a clip, exactly librosa's input (cached). */
export function fixtureAudio(clip: string): Float32Array {
  if (!wavCache.has(clip)) wavCache.set(clip, readWavFloat(join(FIXTURES_DIR, `${clip}.wav`)).y);
  return wavCache.get(clip)!;
}

/** Raw little-endian float32 file. */
export function readF32(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** A fixture feature `[rows][frames]` flattened row-major. */
export function fixtureFeature(clip: string, key: string): { rows: number; cols: number; data: Float64Array } {
  const rowsArr: number[][] = fixtureJson(clip).features[key];
  const rows = rowsArr.length,
    cols = rowsArr[0].length;
  const data = new Float64Array(rows * cols);
  rowsArr.forEach((r, i) => data.set(r, i * cols));
  return { rows, cols, data };
}

/** `max|ours - ref| / max|ref|` over all values (lengths must match). */
export function normalisedMaxError(ours: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (ours.length !== ref.length) throw new Error(`length mismatch: ${ours.length} vs ${ref.length}`);
  let maxErr = 0,
    maxRef = 0;
  for (let i = 0; i < ref.length; i++) {
    const e = Math.abs(ours[i] - ref[i]);
    if (!(e <= maxErr)) maxErr = e; // NaN propagates as failure
    maxRef = Math.max(maxRef, Math.abs(ref[i]));
  }
  return maxRef === 0 ? maxErr : maxErr / maxRef;
}

/** Mean absolute error. */
export function meanAbsError(ours: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (ours.length !== ref.length) throw new Error(`length mismatch: ${ours.length} vs ${ref.length}`);
  let s = 0;
  for (let i = 0; i < ref.length; i++) s += Math.abs(ours[i] - ref[i]);
  return s / ref.length;
}

/** Signal-to-noise ratio of `ours` against `ref`, in dB. */
export function snrDb(ours: ArrayLike<number>, ref: ArrayLike<number>): number {
  let sig = 0,
    noise = 0;
  for (let i = 0; i < ref.length; i++) {
    sig += ref[i] * ref[i];
    const d = ours[i] - ref[i];
    noise += d * d;
  }
  return 10 * Math.log10(sig / noise);
}

/** Reads a JSON file under ../shared. */
export function sharedJson(rel: string): any {
  return JSON.parse(readFileSync(join(SHARED_DIR, rel), 'utf8'));
}

/**
 * Runs `body` where `fft: 'auto'` (every function's default) is PFFFT-wasm, handing it the FFT
 * module. There is no backend switch any more: the default already is wasm where it runs, and
 * test/dsp/vitest.js.config.ts reruns the fixture tests with every FFT forced to fft.js. Where
 * PFFFT cannot run, fails under CI and otherwise skips with a message (a host without
 * WebAssembly SIMD).
 */
export async function withWasmFft(body: (fft: typeof import('../../src/dsp/fft.js')) => unknown): Promise<void> {
  const fft = await import('../../src/dsp/fft.js');
  if ((globalThis as { mirkitTestFftForcedJs?: boolean }).mirkitTestFftForcedJs) return; // the js run (vitest.js.config.ts)
  if (fft.resolveFft('auto') === 'js') {
    if (process.env.CI) throw new Error('the PFFFT-wasm FFT failed to load');
    console.warn('PFFFT-wasm FFT unavailable here: wasm comparison skipped');
    return;
  }
  await body(fft);
}
