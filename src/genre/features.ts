import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkSampleRate, checkSignal } from '../validate.js';
import { resolveStftOptions, stftFrameMajor, type FrameMajorStft, type PadMode } from '../dsp/stft.js';
import { transposeInto } from '../dsp/transpose.js';
import { melSpectrogram } from '../features/mel.js';
import { powerToDb } from '../features/db.js';
import { mfcc } from '../features/mel.js';
import { spectralBandwidth, spectralCentroid, spectralRolloff } from '../features/spectral.js';
import { rms } from '../features/rms.js';
import { zeroCrossingRate } from '../features/zcr.js';
import { chromaStft } from '../features/chroma.js';
import { tonnetz } from '../features/tonnetz.js';
import { onsetStrength } from '../features/onset.js';
import { tempo } from '../features/tempo.js';
import { beatTrack } from '../features/beat.js';
import { hpssAudioFrames, resolveHpssAudio } from '../features/hpss.js';
import { summarize } from '../stats/summary.js';

/** Names of the clip feature sets that {@link extractFeatures} computes. */
export type FeatureSetName = 'gtzan57' | 'seed';

/** A named clip feature vector. */
export interface FeatureVector {
  /** Column names, stable across releases. */
  names: string[];
  /** Values, in the order of `names`. */
  values: Float64Array;
}

/** Options of {@link extractFeatures}. */
export interface ExtractFeaturesOptions {
  /** Sample rate of `y` in Hz. Default 22050. */
  sr?: number;
  /** Which feature set. Default `'gtzan57'`. */
  set?: FeatureSetName;
}

/** The 57 columns of the GTZAN Kaggle table (`features_30_sec.csv` minus filename, length, label), in its order. */
export const GTZAN57_NAMES: readonly string[] = [
  'chroma_stft_mean', 'chroma_stft_var', 'rms_mean', 'rms_var',
  'spectral_centroid_mean', 'spectral_centroid_var', 'spectral_bandwidth_mean', 'spectral_bandwidth_var',
  'rolloff_mean', 'rolloff_var', 'zero_crossing_rate_mean', 'zero_crossing_rate_var',
  'harmony_mean', 'harmony_var', 'perceptr_mean', 'perceptr_var', 'tempo',
  ...Array.from({ length: 20 }, (_, i) => [`mfcc${i + 1}_mean`, `mfcc${i + 1}_var`]).flat(),
];

const STAT_NAMES = ['mean', 'std', 'skew', 'kurtosis', 'median', 'min', 'max'] as const;
const pad2 = (i: number): string => String(i).padStart(2, '0');

/** The column names of the `seed` set: MFCC (20 x 7 statistics), Tonnetz (6 x 7), tempo, harmonic and percussive power. */
export const SEED_NAMES: readonly string[] = [
  ...STAT_NAMES.flatMap((s) => Array.from({ length: 20 }, (_, i) => `mfcc_${s}_${pad2(i + 1)}`)),
  ...STAT_NAMES.flatMap((s) => Array.from({ length: 6 }, (_, i) => `tonnetz_${s}_${i + 1}`)),
  'tempo',
  'harmonic_power',
  'percussive_power',
];

/** Mean and (population) variance of all values, accumulated in float64. */
function meanVar(x: ArrayLike<number>): [number, number] {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const m = s / x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - m) * (x[i] - m);
  return [m, v / x.length];
}

function valuesOf(x: Matrix | Float32Array | Float64Array): ArrayLike<number> {
  return 'data' in x ? x.data : x;
}

/**
 * The GTZAN Kaggle vector, computed as that table was: librosa before 0.10, i.e. reflect padding
 * for every STFT and for rms, HPSS waveforms as the istft of H and P without `length` cut or
 * zero-padded to the input length, tempo from the beat tracker on a median-aggregated onset envelope.
 */
function gtzan57(y: Float32Array | Float64Array, sr: number): Float64Array {
  const padMode: PadMode = 'reflect';
  const st = resolveStftOptions({ nFft: 2048, hopLength: 512, padMode });
  // one STFT (frame-major) for HPSS, chroma, spectral shape and mel/onset/MFCC
  let X: FrameMajorStft | null = stftFrameMajor(y, st);
  const len = y.length;
  const { harmonic, percussive } = hpssAudioFrames(X, st, resolveHpssAudio(), len, true);
  if (harmonic.length !== len) throw new MirkitError('BAD_SHAPE', 'internal: harmonic length mismatch');
  const S = binMajor(X, 1);
  const P = binMajor(X, 2);
  X = null; // the complex STFT is no longer needed
  const out: number[] = [];
  const push = (x: Matrix | Float32Array | Float64Array): void => {
    out.push(...meanVar(valuesOf(x)));
  };
  push(chromaStft(y, { sr, S: P }));
  push(rms(y, { padMode }));
  push(spectralCentroid(y, { sr, S }));
  push(spectralBandwidth(y, { sr, S }));
  push(spectralRolloff(y, { sr, S }));
  push(zeroCrossingRate(y));
  push(harmonic);
  push(percussive);
  const logMel = powerToDb(melSpectrogram(y, { sr, S: P }));
  const onsetEnv = onsetStrength(y, { sr, S: logMel, aggregate: 'median' });
  out.push(beatTrack(y, { sr, onsetEnvelope: onsetEnv }).tempo);
  const M = mfcc(y, { sr, S: logMel, nMfcc: 20 });
  for (let r = 0; r < 20; r++) out.push(...meanVar(M.data.subarray(r * M.cols, (r + 1) * M.cols)));
  return Float64Array.from(out);
}

/** `|X| ** power` of a frame-major STFT as a bin-major {@link Matrix} (as `magnitude(stft(y), power)`). */
function binMajor(X: FrameMajorStft, power: 1 | 2): Matrix {
  const n = X.re.length;
  const { re, im } = X;
  const tmp = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const pw = re[i] * re[i] + im[i] * im[i];
    tmp[i] = power === 2 ? pw : Math.sqrt(pw);
  }
  const data = new Float32Array(n);
  transposeInto(tmp, X.frames, X.bins, data);
  return { rows: X.bins, cols: X.frames, data };
}

/**
 * The study's `seed` vector: 7 statistics of MFCC (20 rows) and Tonnetz (6 rows, from chroma_cqt),
 * the global tempo, and the mean power of the harmonic and percussive signals, all with librosa
 * 0.11 defaults. The STFT is computed once (frame-major) and shared by HPSS and the mel spectrogram.
 */
function seed(y: Float32Array | Float64Array, sr: number): Float64Array {
  const sp = resolveStftOptions({ nFft: 2048, hopLength: 512 });
  // one STFT (frame-major), shared by HPSS and the mel spectrogram (MFCC, onset envelope)
  let X: FrameMajorStft | null = stftFrameMajor(y, sp);
  const { harmonic, percussive } = hpssAudioFrames(X, sp, resolveHpssAudio(), y.length, false);
  const P = binMajor(X, 2);
  X = null; // the complex STFT is no longer needed
  const logMel = powerToDb(melSpectrogram(y, { sr, S: P }));
  const M = mfcc(y, { sr, S: logMel, nMfcc: 20 });
  const T = tonnetz(y, { sr });
  const sm = summarize(M);
  const st = summarize(T);
  const out: number[] = [];
  for (const s of STAT_NAMES) out.push(...sm[s]);
  for (const s of STAT_NAMES) out.push(...st[s]);
  const onsetEnv = onsetStrength(y, { sr, S: logMel });
  out.push(tempo(y, { sr, onsetEnvelope: onsetEnv }));
  const power = (x: Float32Array): number => {
    let e = 0;
    for (let i = 0; i < x.length; i++) e += x[i] * x[i];
    return e / x.length;
  };
  out.push(power(harmonic), power(percussive));
  return Float64Array.from(out);
}

/**
 * One named feature vector of a clip.
 *
 * - `'gtzan57'` reproduces the 57 columns of the GTZAN Kaggle table (`features_30_sec.csv`) in its
 *   order and with its names, with the settings that table was computed with (see {@link GTZAN57_NAMES}).
 *   It is the input of the bundled genre model.
 * - `'seed'` is the genre study's vector: MFCC and Tonnetz statistics, tempo, harmonic and percussive power
 *   (see {@link SEED_NAMES}).
 *
 * FFT backend: like every synchronous feature function it runs on the active FFT backend
 * (`fftBackend()`): fft.js (float64) until `await useWasmFft()` switches the process to
 * PFFFT-wasm SIMD, which makes the STFT-based stages 2-5x faster with the same results within
 * float32 rounding. `loadAudio` and `classify` call `useWasmFft()` themselves.
 *
 * @example
 * ```ts
 * const { y, sr } = await loadAudio('song.mp3');
 * const { names, values } = extractFeatures(y, { sr, set: 'gtzan57' });
 * ```
 */
export function extractFeatures(y: Float32Array | Float64Array | number[], opts: ExtractFeaturesOptions = {}): FeatureVector {
  const sig = checkSignal(y);
  const sr = checkSampleRate(opts.sr ?? 22050);
  const set = opts.set ?? 'gtzan57';
  if (sig.length < 2048) {
    throw new MirkitError('TOO_SHORT', `a clip of ${sig.length} samples is too short for clip features: pass at least 2048 samples (${(2048 / sr).toFixed(3)} s)`);
  }
  if (set === 'gtzan57') return { names: [...GTZAN57_NAMES], values: gtzan57(sig, sr) };
  if (set === 'seed') return { names: [...SEED_NAMES], values: seed(sig, sr) };
  throw new MirkitError('BAD_OPTION', `unknown feature set '${String(set)}': use 'gtzan57' or 'seed'`);
}
