/**
 * Per-file feature extraction as `mirkit extract` runs it, in the main thread or in a worker:
 * `loadAudio(path, { sr })` then `extractFeatures(y, { sr, set })`.
 */
import { MirkitError } from '../errors.js';
import { libraryFunction, type ExtractFeaturesFn, type FeatureVector, type LoadAudioFn } from './lib.js';

/** The feature sets `mirkit extract --set` offers (those of `extractFeatures`). */
export const FEATURE_SETS: readonly string[] = ['gtzan57', 'seed'];

/**
 * A hidden feature set for testing the command's machinery without the real feature code: it reads
 * 16-bit PCM or 32-bit float WAV files itself (no resampling) and returns `duration` (s) and `rms`.
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
  const { y, sr } = decodeWavForTest(new Uint8Array(await fs.readFile(path)));
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * y[i];
  return { names: ['duration', 'rms'], values: Float64Array.of(y.length / sr, Math.sqrt(s / y.length)) };
}

/**
 * A minimal WAV reader (RIFF, PCM 16-bit or IEEE float 32-bit, channels averaged) behind
 * {@link TEST_FEATURE_SET}.
 *
 * @throws MirkitError `DECODE_FAILED` for anything else
 */
export function decodeWavForTest(bytes: Uint8Array): { y: Float32Array; sr: number } {
  const fail = (why: string): never => {
    throw new MirkitError('DECODE_FAILED', `not a readable WAV file: ${why}`);
  };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') fail('no RIFF/WAVE header');
  let pos = 12;
  let format = 0;
  let channels = 0;
  let sr = 0;
  let bits = 0;
  while (pos + 8 <= bytes.length) {
    const id = tag(pos);
    const size = dv.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) fail('short fmt chunk');
      format = dv.getUint16(body, true);
      channels = dv.getUint16(body + 2, true);
      sr = dv.getUint32(body + 4, true);
      bits = dv.getUint16(body + 14, true);
    } else if (id === 'data') {
      if (!((format === 1 && bits === 16) || (format === 3 && bits === 32)) || channels < 1 || sr <= 0) fail(`unsupported format ${format}/${bits}-bit`);
      const width = bits / 8;
      const n = Math.floor(Math.min(size, bytes.length - body) / (width * channels));
      if (n === 0) fail('no samples');
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let c = 0; c < channels; c++) {
          const off = body + (i * channels + c) * width;
          s += format === 3 ? dv.getFloat32(off, true) : dv.getInt16(off, true) / 32768;
        }
        y[i] = s / channels;
      }
      return { y, sr };
    }
    pos = body + size + (size & 1);
  }
  return fail('no data chunk');
}
