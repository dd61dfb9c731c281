/**
 * Per-file feature extraction as `mirkit extract` runs it, in the main thread or in a worker:
 * `loadAudio(path, { sr })` then `extractFeatures(y, { sr, set })`.
 */
import { decodeWavFrames, parseWavHeader } from '../audio/wav.js';
import { MirkitError } from '../errors.js';
import { libraryFunction, type ExtractFeaturesFn, type FeatureVector, type LoadAudioFn } from './lib.js';

/** The feature sets `mirkit extract --set` offers (those of `extractFeatures`). */
export const FEATURE_SETS: readonly string[] = ['gtzan57', 'seed'];

/**
 * A hidden feature set for testing the command's machinery without the real feature code: it reads
 * WAV files with `audio/wav.ts` (no resampling) and returns `duration` (s) and `rms`. Not offered by
 * `mirkit extract --set`; `runExtract` accepts it.
 */
export const TEST_FEATURE_SET = 'rms-test';

/** Extracts one file's feature vector from its path. */
export type PathExtractor = (path: string) => Promise<FeatureVector>;

/**
 * The extractor `mirkit extract` uses for a feature set: decode with `loadAudio` (resampled to `sr`),
 * then `extractFeatures` with that set. The library functions are loaded on first use.
 *
 * @param set - a name from {@link FEATURE_SETS} (or {@link TEST_FEATURE_SET})
 * @param sr - sample rate to decode at (Hz)
 */
export function createPathExtractor(set: string, sr: number): PathExtractor {
  if (set === TEST_FEATURE_SET) return testExtract;
  let fns: Promise<[LoadAudioFn, ExtractFeaturesFn]> | undefined;
  let wasm: Promise<void> | undefined;
  return async (path) => {
    fns ??= Promise.all([libraryFunction<LoadAudioFn>('loadAudio'), libraryFunction<ExtractFeaturesFn>('extractFeatures')]);
    wasm ??= libraryFunction<() => Promise<boolean>>('useWasmFft').then(
      (use) => use().then(() => undefined),
      () => undefined, // a build without it keeps the js FFT
    );
    const [loadAudio, extractFeatures] = await fns;
    await wasm; // once per worker: the PFFFT-wasm SIMD FFT for extractFeatures
    const audio = await loadAudio(path, { sr });
    return extractFeatures(audio.y, { sr: audio.sr, set });
  };
}

async function testExtract(path: string): Promise<FeatureVector> {
  const fs = await import('node:fs/promises');
  const { y, sr } = readWavMono(new Uint8Array(await fs.readFile(path)));
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * y[i];
  return { names: ['duration', 'rms'], values: Float64Array.of(y.length / sr, Math.sqrt(s / y.length)) };
}

/**
 * The samples of a WAV file at its own rate, channels averaged, read with the library's WAV reader
 * (`audio/wav.ts`); used by {@link TEST_FEATURE_SET}.
 *
 * @throws MirkitError `DECODE_FAILED` for a file that reader does not take, or one without samples
 */
export function readWavMono(bytes: Uint8Array): { y: Float32Array; sr: number } {
  const info = parseWavHeader(bytes);
  if (!info) throw new MirkitError('DECODE_FAILED', 'WAV: unsupported sample encoding');
  if (info.frames === 0) throw new MirkitError('DECODE_FAILED', 'WAV: no samples');
  const channels = decodeWavFrames(bytes, info, 0, info.frames);
  const y = new Float32Array(info.frames);
  for (const c of channels) for (let i = 0; i < y.length; i++) y[i] += c[i] / channels.length;
  return { y, sr: info.sampleRate };
}
