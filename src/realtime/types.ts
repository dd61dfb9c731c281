/**
 * Types of the streaming analyzer ({@link createAnalyzer}): the feature names, the options and
 * the frames it returns.
 */
import type { FftOption } from '../dsp/fft.js';
import type { MelSpectrogramOptions, MfccOptions } from '../features/mel.js';
import type { ChromaStftOptions } from '../features/chroma.js';
import type { SpectralBandwidthOptions, SpectralRolloffOptions } from '../features/spectral.js';
import type { ZeroCrossingRateOptions } from '../features/zcr.js';
import type { OnsetStrengthOptions } from '../features/onset.js';
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
  melSpectrogram?: Pick<MelSpectrogramOptions, 'nMels' | 'fmin' | 'fmax' | 'htk' | 'norm'>;
  /**
   * The log-mel under `mfcc` and `onsetStrength`: `topDb` null (default) leaves it unclipped
   * (equal to `powerToDb(mel, { topDb: null })`); a number clips each frame at the RUNNING maximum
   * (over the frames so far) minus `topDb`, a running estimate of librosa's clipping at the whole
   * signal's maximum: from the frame holding the signal's loudest mel value on, `mfcc` equals
   * `mfcc(y)` exactly (and `onsetStrength` equals `onsetStrength(y)` from `lag + nFft / (2 hop)`
   * frames later); before it, frames are clipped less than librosa clips them.
   */
  logMel?: {
    /** Clip at the running maximum minus this many dB; null (default) for no clipping. */
    topDb?: number | null;
  };
  /** Cepstra of `mfcc` on the log-mel (see `logMel`). */
  mfcc?: Pick<MfccOptions, 'nMfcc' | 'dctType' | 'norm' | 'lifter'>;
  /**
   * `chromaStft`: `tuning` (fractions of a chroma bin) replaces librosa's whole-signal tuning
   * estimate; default 0 (A440). Other names as `chromaStft`'s options.
   */
  chromaStft?: Pick<ChromaStftOptions, 'tuning' | 'nChroma' | 'ctroct' | 'octwidth' | 'filterNorm' | 'baseC' | 'norm'>;
  /** `spectralBandwidth`'s `p` (default 2) and `norm` (default true). */
  spectralBandwidth?: Pick<SpectralBandwidthOptions, 'p' | 'norm'>;
  /** `spectralRolloff`'s `rollPercent` (default 0.85). */
  spectralRolloff?: Pick<SpectralRolloffOptions, 'rollPercent'>;
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
  zeroCrossingRate?: Pick<ZeroCrossingRateOptions, 'threshold' | 'zeroPos' | 'pad'>;
  /** `onsetStrength`'s `lag` (default 1); aggregate `'mean'`, centred, no detrending. */
  onsetStrength?: Pick<OnsetStrengthOptions, 'lag'>;
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
  /**
   * FFT implementation (see `FftOption`). Default `'auto'`, except `'js'` (float64) when `spectralFlatness` or
   * `spectralContrast` is requested, as their offline functions default to it (see their docs).
   */
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
