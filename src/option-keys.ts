/**
 * The option keys each public entry point accepts, one export per entry point (or per group of
 * entry points that accept the same keys), passed by the entry point to `readOptions`:
 * `readOptions('mfcc', opts, MFCC_OPTIONS)`. Every function that transforms (computes an FFT
 * somewhere below it) accepts `fft`. A key added to an options interface must be added here too,
 * or the function refuses it.
 *
 * One export per entry point, rather than one record of them all, lets a consumer's bundler keep
 * only the lists of the functions it uses (the lists built from shared groups are `@__PURE__` calls
 * of `src/util/key-lists.ts`, which bundlers drop when unused, unlike an array spread). The record
 * of them all, `ENTRY_POINT_OPTIONS`, is assembled in `src/option-table.ts`, which no feature imports.
 */

import { keys, without } from './util/key-lists.js';

const STFT = ['nFft', 'hopLength', 'winLength', 'window', 'center', 'padMode'] as const;
const MEL_BANDS = ['nMels', 'fmin', 'fmax', 'htk'] as const;
const TEMPO_PRIOR = ['onsetEnvelope', 'startBpm', 'prior'] as const;
const CHROMA_FILTERS = ['nChroma', 'tuning', 'ctroct', 'octwidth', 'baseC'] as const;
const HPSS = ['kernelSize', 'power', 'margin'] as const;
const FLATNESS_KERNEL = ['amin', 'power'] as const;
const CONTRAST_KERNEL = ['fmin', 'nBands', 'quantile', 'linear', 'amin'] as const;
const TAGGING = ['model', 'weights', 'batchSize'] as const;

/** Keys of `loadAudio`. */
export const LOAD_AUDIO_OPTIONS = ['sr', 'mono', 'offset', 'duration', 'resType', 'timeoutMs', 'fft', 'threads'] as const;
/** Keys of `resample`. */
export const RESAMPLE_OPTIONS = ['resType', 'fix', 'scale', 'fft'] as const;
/** Keys of `stft`. */
export const STFT_OPTIONS = /* @__PURE__ */ keys(STFT, ['fft']);
/** Keys of `istft`. */
export const ISTFT_OPTIONS = ['hopLength', 'winLength', 'nFft', 'window', 'center', 'length', 'fft'] as const;
/** Keys of `spectrogram`. */
export const SPECTROGRAM_OPTIONS = /* @__PURE__ */ keys(STFT, ['power', 'fft']);
/**
 * Keys of the spectral shape features that take only a signal or spectrogram (`spectralSlope`,
 * `spectralSpread`, `spectralSkewness`, `spectralKurtosis`, `spectralFlux`); the start of every
 * other list of a feature computed from a spectrogram.
 */
export const SPECTRAL_INPUT_OPTIONS = /* @__PURE__ */ keys(STFT, ['sr', 'S', 'fft']);
/** Keys of `melFilterbank`. */
export const MEL_FILTERBANK_OPTIONS = /* @__PURE__ */ keys(['sr', 'nFft'], MEL_BANDS, ['norm']);
/** Keys of `melSpectrogram`. */
export const MEL_SPECTROGRAM_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, MEL_BANDS, ['power', 'norm']);
/** Keys of `mfcc`. */
export const MFCC_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, MEL_BANDS, ['power', 'nMfcc', 'dctType', 'norm', 'melNorm', 'lifter']);
/** Keys of `powerToDb` and `amplitudeToDb`. */
export const TO_DB_OPTIONS = ['ref', 'amin', 'topDb'] as const;
/** Keys of `spectralCentroid`. */
export const SPECTRAL_CENTROID_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, ['freq']);
/** Keys of `spectralBandwidth`. */
export const SPECTRAL_BANDWIDTH_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, ['freq', 'centroid', 'norm', 'p']);
/** Keys of `spectralRolloff`. */
export const SPECTRAL_ROLLOFF_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, ['freq', 'rollPercent']);
/** Keys of `rms`. */
export const RMS_OPTIONS = ['S', 'frameLength', 'hopLength', 'center', 'padMode'] as const;
/** Keys of `zeroCrossingRate`. */
export const ZERO_CROSSING_RATE_OPTIONS = ['frameLength', 'hopLength', 'center', 'threshold', 'refMagnitude', 'pad', 'zeroPos'] as const;
/** The onset-envelope keys that `onsetStrength` and every function built on an onset envelope accept. */
const ONSET = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, MEL_BANDS, ['norm', 'lag', 'maxSize', 'ref', 'detrend', 'aggregate']);
/** Keys of `onsetStrength`. */
export const ONSET_STRENGTH_OPTIONS = /* @__PURE__ */ keys(ONSET, ['center']);
/** Keys of `tempo`. */
export const TEMPO_OPTIONS = /* @__PURE__ */ keys(ONSET, TEMPO_PRIOR, ['center', 'stdBpm', 'acSize', 'maxTempo']);
/** Keys of `tempogram`. */
export const TEMPOGRAM_OPTIONS = /* @__PURE__ */ keys(ONSET, ['onsetEnvelope', 'center', 'norm']);
/** Keys of `beatTrack`. */
export const BEAT_TRACK_OPTIONS = /* @__PURE__ */ keys(ONSET, TEMPO_PRIOR, ['center', 'tightness', 'trim', 'bpm', 'units']);
/** Keys of `hpss`. */
export const HPSS_OPTIONS = /* @__PURE__ */ keys(HPSS, ['mask']);
/** Keys of `hpssAudio`. */
export const HPSS_AUDIO_OPTIONS = /* @__PURE__ */ keys(STFT, HPSS, ['sr', 'legacyIstft', 'stft', 'fft']);
/** Keys of `medianFilter`. */
export const MEDIAN_FILTER_OPTIONS = ['size', 'axis'] as const;
/** Keys of `piptrack`. */
export const PIPTRACK_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, ['fmin', 'fmax', 'threshold']);
/** Keys of `pitchTuning`. */
export const PITCH_TUNING_OPTIONS = ['resolution', 'binsPerOctave'] as const;
/** Keys of `estimateTuning`. */
export const ESTIMATE_TUNING_OPTIONS = /* @__PURE__ */ keys(PIPTRACK_OPTIONS, ['resolution', 'binsPerOctave']);
/** Keys of `cqt` and `cqtMagnitude`. */
export const CQT_OPTIONS = [
  'sr',
  'hopLength',
  'fmin',
  'nBins',
  'binsPerOctave',
  'tuning',
  'filterScale',
  'norm',
  'sparsity',
  'window',
  'scale',
  'padMode',
  'onWarning',
  'fft',
] as const;
/** Keys of `cqtFrequencies`. */
export const CQT_FREQUENCIES_OPTIONS = ['fmin', 'binsPerOctave', 'tuning'] as const;
/** Keys of `cqToChroma`. */
export const CQ_TO_CHROMA_OPTIONS = ['binsPerOctave', 'nChroma', 'fmin', 'baseC'] as const;
/** Keys of `chromaFilterbank`. */
export const CHROMA_FILTERBANK_OPTIONS = /* @__PURE__ */ keys(['sr', 'nFft'], CHROMA_FILTERS, ['norm']);
/** Keys of `chromaStft`. */
export const CHROMA_STFT_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, CHROMA_FILTERS, ['norm', 'filterNorm']);
/** Keys of `chromaCqt`. */
export const CHROMA_CQT_OPTIONS = [
  'sr',
  'C',
  'hopLength',
  'fmin',
  'norm',
  'threshold',
  'tuning',
  'nChroma',
  'nOctaves',
  'binsPerOctave',
  'cqtMode',
  'onWarning',
  'fft',
] as const;
/** Keys of `chromaCens`. */
export const CHROMA_CENS_OPTIONS = /* @__PURE__ */ keys(/* @__PURE__ */ without(CHROMA_CQT_OPTIONS, 'threshold'), ['winLenSmooth', 'smoothingWindow']);
/** Keys of `tonnetz`. */
export const TONNETZ_OPTIONS = /* @__PURE__ */ keys(CHROMA_CQT_OPTIONS, ['chroma']);
/** Keys of `extractFeatures`. */
export const EXTRACT_FEATURES_OPTIONS = ['sr', 'set', 'fft'] as const;
/** Keys of `classify`. */
export const CLASSIFY_OPTIONS = ['model', 'windowSeconds', 'maxWindows', 'fft'] as const;
/** Keys of `delta` and `createDeltaKernel`. */
export const DELTA_OPTIONS = ['width', 'order', 'mode', 'fft'] as const;
/** Keys of `stackMemory` and `createStackMemoryKernel`. */
export const STACK_MEMORY_OPTIONS = ['nSteps', 'delay', 'fft'] as const;
/** Keys of `peakPick`. */
export const PEAK_PICK_OPTIONS = ['preMax', 'postMax', 'preAvg', 'postAvg', 'delta', 'wait'] as const;
/** Keys of `onsetDetect`. */
export const ONSET_DETECT_OPTIONS = /* @__PURE__ */ keys(ONSET, ['onsetEnvelope', 'backtrack', 'energy', 'units', 'normalize'], PEAK_PICK_OPTIONS);
/** Keys of `fourierTempogram` and `fourierTempogramMagnitude`. */
export const FOURIER_TEMPOGRAM_OPTIONS = /* @__PURE__ */ keys(ONSET, ['onsetEnvelope']);
/** Keys of `plp`. */
export const PLP_OPTIONS = /* @__PURE__ */ keys(/* @__PURE__ */ without(ONSET, 'window', 'center'), ['onsetEnvelope', 'tempoMin', 'tempoMax', 'prior']);
/** Keys of `trim` and `split`. */
export const TRIM_OPTIONS = ['topDb', 'ref', 'frameLength', 'hopLength', 'fft'] as const;
const YIN = ['fmin', 'fmax', 'sr', 'frameLength', 'hopLength', 'center', 'padMode', 'fft'] as const;
/** Keys of `yin`. */
export const YIN_OPTIONS = /* @__PURE__ */ keys(YIN, ['troughThreshold']);
/** Keys of `pyin`. */
export const PYIN_OPTIONS = /* @__PURE__ */ keys(YIN, [
  'nThresholds',
  'betaParameters',
  'boltzmannParameter',
  'resolution',
  'maxTransitionRate',
  'switchProb',
  'noTroughProb',
  'fillNa',
]);
/** Keys of `vqt` and `vqtMagnitude`. */
export const VQT_OPTIONS = /* @__PURE__ */ keys(CQT_OPTIONS, ['gamma', 'intervals']);
/** Keys of `chromaVqt`. */
export const CHROMA_VQT_OPTIONS = [
  'V',
  'nOctaves',
  'norm',
  'threshold',
  'fmin',
  'sr',
  'hopLength',
  'window',
  'padMode',
  'fft',
  'gamma',
  'intervals',
  'binsPerOctave',
  'tuning',
  'filterScale',
  'sparsity',
  'scale',
  'onWarning',
] as const;
/** Keys of `spectralFlatness`. */
export const SPECTRAL_FLATNESS_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, FLATNESS_KERNEL);
/** Keys of `spectralFlatnessKernel`. */
export const SPECTRAL_FLATNESS_KERNEL_OPTIONS = FLATNESS_KERNEL;
/** Keys of `spectralContrast`. */
export const SPECTRAL_CONTRAST_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, CONTRAST_KERNEL, ['topDb']);
/** Keys of `spectralContrastKernel`. */
export const SPECTRAL_CONTRAST_KERNEL_OPTIONS = /* @__PURE__ */ keys(CONTRAST_KERNEL, ['floorDb']);
/** Keys of `polyFeatures`. */
export const POLY_FEATURES_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, ['order']);
/** Keys of `polyFeaturesKernel`. */
export const POLY_FEATURES_KERNEL_OPTIONS = ['order'] as const;
/** Keys of `spectralCrest`. */
export const SPECTRAL_CREST_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, ['power']);
/** Keys of `spectralCrestKernel`. */
export const SPECTRAL_CREST_KERNEL_OPTIONS = ['power'] as const;
/** Keys of `loudnessKernel`, `perceptualSpreadKernel` and `perceptualSharpnessKernel`. */
export const LOUDNESS_KERNEL_OPTIONS = ['nBands', 'power', 'bandOfBin'] as const;
/** Keys of `loudness`. */
export const LOUDNESS_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, LOUDNESS_KERNEL_OPTIONS);
/** Keys of `perceptualSpread`. */
export const PERCEPTUAL_SPREAD_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, LOUDNESS_KERNEL_OPTIONS);
/** Keys of `perceptualSharpness`. */
export const PERCEPTUAL_SHARPNESS_OPTIONS = /* @__PURE__ */ keys(SPECTRAL_INPUT_OPTIONS, LOUDNESS_KERNEL_OPTIONS);
/** Keys of `lbfgs`. */
export const LBFGS_OPTIONS = ['maxIter', 'gtol', 'ftol', 'm'] as const;
/** Keys of `tag`. */
export const TAG_OPTIONS = /* @__PURE__ */ keys(TAGGING, ['top']);
/** Keys of `embed`. */
export const EMBED_OPTIONS = /* @__PURE__ */ keys(TAGGING, ['layer']);
/** Keys of `parseEmbeddingSet`. */
export const PARSE_EMBEDDING_SET_OPTIONS = ['dtype', 'dims', 'frames', 'labelColumn', 'splitColumn', 'nFramesColumn', 'dropUnlabelled'] as const;
/** Keys of `stratifiedKFold`. */
export const STRATIFIED_K_FOLD_OPTIONS = ['nSplits', 'shuffle', 'seed'] as const;
/** Keys of `trainTestSplit`. */
export const TRAIN_TEST_SPLIT_OPTIONS = ['testSize', 'seed', 'stratify'] as const;
/** Keys of `crossValidate`. */
export const CROSS_VALIDATE_OPTIONS = ['folds', 'cv', 'seed', 'proba', 'onFold'] as const;
/** Keys of `gridSearch`. */
export const GRID_SEARCH_OPTIONS = ['folds', 'cv', 'seed', 'scoring'] as const;
/** Keys of `randomSearch`. */
export const RANDOM_SEARCH_OPTIONS = /* @__PURE__ */ keys(GRID_SEARCH_OPTIONS, ['nIter']);
/** Keys of `precisionRecallF1`, `precision`, `recall` and `f1`. */
export const PRECISION_RECALL_F1_OPTIONS = ['average', 'labels'] as const;
/** Keys of `confusionMatrix`. */
export const CONFUSION_MATRIX_OPTIONS = ['labels'] as const;
/** Keys of `classificationReport`. */
export const CLASSIFICATION_REPORT_OPTIONS = ['labels', 'digits'] as const;
/** Keys of `rocAuc`. */
export const ROC_AUC_OPTIONS = ['average'] as const;
/** Keys of `randomSearchBudget`. */
export const RANDOM_SEARCH_BUDGET_OPTIONS = ['space', 'evaluate', 'nTrials', 'maxBudget', 'mode', 'concurrency', 'seed'] as const;
/** Keys of `asha`. */
export const ASHA_OPTIONS = /* @__PURE__ */ keys(RANDOM_SEARCH_BUDGET_OPTIONS, ['gracePeriod', 'eta', 'maxTotalBudget']);
