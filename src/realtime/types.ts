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
import type { DeltaOptions } from '../features/delta.js';
import type { StackMemoryOptions } from '../features/stack-memory.js';
import type { YinOptions } from '../features/pitch-yin.js';

/**
 * The features a streaming analyzer computes from each frame alone (or with the frames before it),
 * named as the offline functions; `delta` and `stackMemory` apply to one of them. Rows per frame:
 * `melSpectrogram` nMels (128), `mfcc` nMfcc (20), `chromaStft` nChroma (12), `spectralContrast`
 * nBands + 1 (7), `polyFeatures` order + 1 (2), `loudness` nBands + 1 (24 specific loudnesses,
 * then the total), every other feature 1 (`yin`: f0 in Hz).
 */
export type AnalyzerSourceFeature =
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
  | 'perceptualSharpness'
  | 'yin';

/**
 * The features a streaming analyzer computes frame by frame: the {@link AnalyzerSourceFeature}s,
 * and `delta` / `stackMemory` of one of them (chosen by `options.delta.feature` /
 * `options.stackMemory.feature`, default `'mfcc'`; rows: the source's rows, resp. `nSteps` times
 * them). `delta` is known `(width - 1) / 2` frames (4 by default) after its frame, `stackMemory`
 * with a negative `delay` `-delay * (nSteps - 1)` frames after (0 with a positive one, the
 * default); `push` holds frames back until every value is known (see {@link Analyzer.latency}).
 */
export type AnalyzerFeature = AnalyzerSourceFeature | 'delta' | 'stackMemory';

/** Options of the analyzer's `delta`: `delta(F, { width, order })` of the requested feature F's frames. */
export interface AnalyzerDeltaOptions extends Pick<DeltaOptions, 'width' | 'order'> {
  /** The requested feature whose frames are differentiated (it must be in `features`). Default `'mfcc'`. */
  feature?: AnalyzerSourceFeature;
}

/** Options of the analyzer's `stackMemory`: `stackMemory(F, { nSteps, delay })` of the requested feature F's frames. */
export interface AnalyzerStackMemoryOptions extends Pick<StackMemoryOptions, 'nSteps' | 'delay'> {
  /** The requested feature whose frames are stacked (it must be in `features`). Default `'mfcc'`. */
  feature?: AnalyzerSourceFeature;
}

/**
 * Options of the analyzer's `yin` (`fmin`, `fmax` required, as `yin`'s). Its frame length and hop
 * are the analyzer's `nFft` and `hopLength`, and its frames centred with zero padding: equal to
 * `yin(y, { sr, fmin, fmax, troughThreshold, frameLength: nFft, hopLength })`.
 */
export type AnalyzerYinOptions = Pick<YinOptions, 'fmin' | 'fmax' | 'troughThreshold'>;

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
  /** `yin`'s `fmin` and `fmax` (required when `yin` is requested) and `troughThreshold` (0.1). */
  yin?: AnalyzerYinOptions;
  /**
   * `delta`'s source feature (default `'mfcc'`), `width` (9) and `order` (1); or a list of them,
   * whose columns stack in the list's order (e.g. `[{}, { order: 2 }]`: MFCC deltas and
   * delta-deltas, 40 rows), known as late as the widest entry.
   */
  delta?: AnalyzerDeltaOptions | AnalyzerDeltaOptions[];
  /** `stackMemory`'s source feature (default `'mfcc'`), `nSteps` (2) and `delay` (1). */
  stackMemory?: AnalyzerStackMemoryOptions;
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
  /**
   * Frames `push` holds back after their samples are in, until every requested value of them is
   * known: `(width - 1) / 2` with `delta` (4 by default), `-delay * (nSteps - 1)` with a
   * look-ahead `stackMemory` (negative `delay`), the larger of the two; 0 otherwise.
   */
  readonly latency: number;
  /**
   * Appends samples; returns the frames they completed (possibly none), in order, each with all its
   * values (with `delta`, frame t comes out once frame `t + latency` is complete).
   */
  push(chunk: Float32Array | Float64Array | ArrayLike<number>): Frame[];
  /**
   * Ends the signal: pads `nFft / 2` zeros and returns the remaining frames (the last `latency`
   * ones with `delta`'s and `stackMemory`'s edge handling, as the offline functions at the end of
   * the signal); then the analyzer is reset and the next `push` starts a new signal at frame 0. No
   * frames for a signal of no samples. Throws `TOO_SHORT` (after resetting) when `delta` is
   * requested and the signal has fewer than `width` frames, as `delta` does.
   */
  flush(): Frame[];
  /** Drops all buffered samples and state: the next `push` starts a new signal at frame 0. */
  reset(): void;
}
