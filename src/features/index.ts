// Public exports of src/features. Each module adds its own export lines here.
//
// Every feature function here is synchronous and takes `fft?: 'auto' | 'js' | 'wasm'` in its
// options: `'auto'` (default) computes its spectra in PFFFT-wasm SIMD where it runs, `'js'` in
// fft.js (float64, 2-5x slower); results equal within float32 rounding. No call changes another's.
export {};
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
export { tempo, tempogram, tempoFrequencies, type TempoOptions, type TempogramOptions } from './tempo.js';
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
