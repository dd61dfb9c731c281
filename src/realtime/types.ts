/**
 * Types of the streaming analyzer ({@link createAnalyzer}): the feature names, the options and
 * the frames it returns.
 */
import type { FftOption } from '../dsp/fft.js';
import type { MelNorm } from '../dsp/filters.js';
import type { DctNorm, DctType } from '../dsp/dct.js';
import type { SpectralFlatnessKernelOptions } from '../features/flatness.js';
import type { SpectralContrastKernelOptions } from '../features/contrast.js';
import type { PolyFeaturesKernelOptions } from '../features/poly.js';
import type { SpectralCrestKernelOptions } from '../features/crest.js';
import type { LoudnessKernelOptions } from '../features/loudness.js';

/**
 * The features a streaming analyzer computes frame by frame, named as the offline functions.
 * Rows per frame: `melSpectrogram` nMels (128), `mfcc` nMfcc (20), `chromaStft` nChroma (12),
 * `spectralContrast` nBands + 1 (7), `polyFeatures` order + 1 (2), `loudness` nBands + 1 (24
 * specific loudnesses, then the total), every other feature 1.
 */
export type AnalyzerFeature =
  | 'melSpectrogram'
  | 'mfcc'
  | 'chromaStft'
  | 'spectralCentroid'
  | 'spectralBandwidth'
  | 'spectralRolloff'
  | 'spectralFlatness'
  | 'spectralContrast'
  | 'polyFeatures'
  | 'rms'
  | 'zeroCrossingRate'
  | 'onsetStrength'
  | 'spectralSlope'
  | 'spectralSpread'
  | 'spectralSkewness'
  | 'spectralKurtosis'
  | 'spectralCrest'
  | 'spectralFlux'
  | 'loudness'
  | 'perceptualSpread'
  | 'perceptualSharpness';

/**
 * Per-feature options of the analyzer, librosa's names as in the offline functions. The mel
 * options of `melSpectrogram` also define the mel spectrogram under `mfcc` and `onsetStrength`
 * (one mel spectrogram per frame serves all three).
 */
export interface AnalyzerFeatureOptions {
  /** Mel filterbank of `melSpectrogram`, `mfcc` and `onsetStrength` (power 2). */
  melSpectrogram?: { nMels?: number; fmin?: number; fmax?: number; htk?: boolean; norm?: MelNorm };
  /** Cepstra of `mfcc` on `powerToDb(mel, { topDb: null })` (see {@link createAnalyzer}). */
  mfcc?: { nMfcc?: number; dctType?: DctType; norm?: DctNorm; lifter?: number };
  /**
   * `chromaStft`: `tuning` (fractions of a chroma bin) replaces librosa's whole-signal tuning
   * estimate; default 0 (A440). Other names as `chromaStft`'s options.
   */
  chromaStft?: { tuning?: number; nChroma?: number; ctroct?: number; octwidth?: number | null; filterNorm?: number | null; baseC?: boolean; norm?: number | null };
  /** `spectralBandwidth`'s `p` (default 2) and `norm` (default true). */
  spectralBandwidth?: { p?: number; norm?: boolean };
  /** `spectralRolloff`'s `rollPercent` (default 0.85). */
  spectralRolloff?: { rollPercent?: number };
  /** `spectralFlatness`'s kernel options. */
  spectralFlatness?: SpectralFlatnessKernelOptions;
  /** `spectralContrast`'s kernel options (no `topDb` clipping: see {@link createAnalyzer}). */
  spectralContrast?: Omit<SpectralContrastKernelOptions, 'floorDb'>;
  /** `polyFeatures`'s `order`. */
  polyFeatures?: PolyFeaturesKernelOptions;
  /** `spectralCrest`'s kernel options. */
  spectralCrest?: SpectralCrestKernelOptions;
  /** `loudness`'s kernel options. */
  loudness?: LoudnessKernelOptions;
  /** `perceptualSpread`'s kernel options. */
  perceptualSpread?: LoudnessKernelOptions;
  /** `perceptualSharpness`'s kernel options. */
  perceptualSharpness?: LoudnessKernelOptions;
  /** `zeroCrossingRate`'s `threshold` (1e-10), `zeroPos` (true) and `pad` (false). */
  zeroCrossingRate?: { threshold?: number; zeroPos?: boolean; pad?: boolean };
  /** `onsetStrength`'s `lag` (default 1); aggregate `'mean'`, centred, no detrending. */
  onsetStrength?: { lag?: number };
}

/** Options of {@link createAnalyzer}. */
export interface AnalyzerOptions {
  /** Sample rate of the pushed samples in Hz (required). */
  sr: number;
  /** Features computed for every frame (at least one). */
  features: readonly AnalyzerFeature[];
  /** FFT size = frame length of every feature (rms and zero-crossing rate included). Default 2048. */
  nFft?: number;
  /** Hop between frames in samples. Default 512. */
  hopLength?: number;
  /** FFT implementation (see `FftOption`). Default `'auto'`. */
  fft?: FftOption;
  /** Per-feature options. */
  options?: AnalyzerFeatureOptions;
}

/** One analysis frame: its index, its centre time and one column per requested feature. */
export interface Frame {
  /** Frame index t (0-based), as the column index of the offline functions. */
  index: number;
  /** Centre time of the frame in seconds, `index * hopLength / sr` (librosa's `frames_to_time`). */
  time: number;
  /** One column per requested feature (length = its rows), keyed by the feature's name. */
  values: Record<string, Float32Array>;
}

/** A streaming analyzer; see {@link createAnalyzer}. */
export interface Analyzer {
  /** Sample rate in Hz. */
  readonly sr: number;
  /** FFT size (frame length) in samples. */
  readonly nFft: number;
  /** Hop between frames in samples. */
  readonly hopLength: number;
  /** The requested features, in order. */
  readonly features: readonly AnalyzerFeature[];
  /** Rows per frame of each feature. */
  readonly rows: Readonly<Record<string, number>>;
  /** Appends samples; returns the frames they completed (possibly none), in order. */
  push(chunk: Float32Array | Float64Array | ArrayLike<number>): Frame[];
  /**
   * Ends the signal: pads `nFft / 2` zeros and returns the remaining frames; then the analyzer
   * is reset and the next `push` starts a new signal at frame 0. No frames for a signal of no samples.
   */
  flush(): Frame[];
  /** Drops all buffered samples and state: the next `push` starts a new signal at frame 0. */
  reset(): void;
}
