// Public exports of src/features. Each module adds its own export lines here.
//
// Every feature function here is synchronous and takes `fft?: 'auto' | 'js' | 'wasm'` in its
// options: `'auto'` (default) computes its spectra in PFFFT-wasm SIMD where it runs, `'js'` in
// fft.js (float64, 2-5x slower); results equal within float32 rounding. No call changes another's.
export { melSpectrogram, mfcc, type MelSpectrogramOptions, type MfccOptions } from './mel.js';
export { powerToDb, amplitudeToDb, type DbOptions, type DbRef } from './db.js';
export {
  spectralCentroid,
  spectralBandwidth,
  spectralRolloff,
  type SpectralFeatureOptions,
  type SpectralBandwidthOptions,
  type SpectralRolloffOptions,
} from './spectral.js';
export { rms, type RmsOptions } from './rms.js';
export { zeroCrossingRate, type ZeroCrossingRateOptions } from './zcr.js';
export { onsetStrength, type OnsetStrengthOptions, type OnsetAggregate } from './onset.js';
export { tempo, tempoFrequencies, type TempoOptions } from './tempo.js';
export { tempogram, type TempogramOptions } from './tempogram.js';
export { beatTrack, type BeatTrackOptions, type BeatTrackResult } from './beat.js';
export { hpss, hpssAudio, type HpssOptions, type HpssAudioOptions, type HpssResult } from './hpss.js';
export {
  estimateTuning,
  piptrack,
  type PiptrackResult,
  pitchTuning,
  type EstimateTuningOptions,
  type PiptrackOptions,
  type PitchTuningOptions,
  type SpectrogramInput,
} from './tuning.js';
export {
  cqt,
  cqtMagnitude,
  cqtFrequencies,
  cqtFilterLengths,
  cqtKernel,
  cqToChroma,
  C1_HZ,
  type CqtOptions,
  type CqtFrequencyOptions,
  type CqtKernel,
  type CqToChromaOptions,
} from './cqt.js';
export {
  chromaFilterbank,
  chromaStft,
  chromaCqt,
  chromaCens,
  type ChromaFilterbankOptions,
  type ChromaStftOptions,
  type ChromaCqtOptions,
  type ChromaCensOptions,
} from './chroma.js';
export { tonnetz, type TonnetzOptions } from './tonnetz.js';
export {
  kernelContext,
  type DescriptorOptions,
  type DescriptorKernel,
  type KernelContext,
  type KernelFactory,
  type SharedKernelPart,
  type SharedStage,
} from './descriptor.js';
export { spectralFlatness, spectralFlatnessKernel, type SpectralFlatnessOptions, type SpectralFlatnessKernelOptions } from './flatness.js';
export { spectralContrast, spectralContrastKernel, type SpectralContrastOptions, type SpectralContrastKernelOptions } from './contrast.js';
export { polyFeatures, polyFeaturesKernel, type PolyFeaturesOptions, type PolyFeaturesKernelOptions } from './poly.js';
export { spectralSlope, spectralSlopeKernel } from './slope.js';
export { spectralSpread, spectralSpreadKernel } from './spread.js';
export { spectralSkewness, spectralSkewnessKernel } from './skewness.js';
export { spectralKurtosis, spectralKurtosisKernel } from './kurtosis.js';
export { spectralCrest, spectralCrestKernel, type SpectralCrestOptions, type SpectralCrestKernelOptions } from './crest.js';
export { spectralFlux, spectralFluxKernel } from './flux.js';
export { loudness, loudnessKernel, hzToBark, barkBandOfBin, type LoudnessOptions, type LoudnessKernelOptions, type LoudnessResult } from './loudness.js';
export { perceptualSpread, perceptualSpreadKernel } from './perceptual-spread.js';
export { perceptualSharpness, perceptualSharpnessKernel, sharpnessWeight } from './perceptual-sharpness.js';
export { yin, type YinOptions, type YinBaseOptions } from './pitch-yin.js';
export { pyin, type PyinOptions, type PyinResult } from './pitch-pyin.js';
export { vqt, vqtMagnitude, chromaVqt, type VqtOptions, type ChromaVqtOptions } from './vqt.js';
export { delta, createDeltaKernel, type DeltaOptions, type DeltaKernel } from './delta.js';
export { stackMemory, createStackMemoryKernel, type StackMemoryOptions, type StackMemoryKernel } from './stack-memory.js';
export type { ColumnKernel } from './frame-ring.js';
export { onsetDetect, onsetBacktrack, peakPick, type OnsetDetectOptions, type PeakPickOptions } from './onset-detect.js';
export { trim, split, type TrimOptions, type TrimResult } from './trim.js';
export {
  fourierTempogram,
  fourierTempogramMagnitude,
  fourierTempoFrequencies,
  type FourierTempogramOptions,
  type ComplexTempogram,
} from './fourier-tempogram.js';
export { plp, type PlpOptions } from './plp.js';
export type { SpectralInputOptions } from './frames.js';
