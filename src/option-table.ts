/**
 * The option keys of every public entry point and classifier constructor, as two records
 * (`ENTRY_POINT_OPTIONS`, `CONSTRUCTOR_OPTIONS`) assembled from the per-function lists of
 * `src/option-keys.ts` and `src/constructor-option-keys.ts`. The records name the functions and
 * classes whose options `readOptions` / `readConstructorOptions` check and type the list each one
 * passes; at run time only the tests and tools read them, and no feature or class imports this
 * module, so a consumer's bundle holds only the lists of the functions it uses.
 */
import * as C from './constructor-option-keys.js';
import * as K from './option-keys.js';

/** Accepted option keys per public entry point. */
export const ENTRY_POINT_OPTIONS = {
  loadAudio: K.LOAD_AUDIO_OPTIONS,
  resample: K.RESAMPLE_OPTIONS,
  stft: K.STFT_OPTIONS,
  istft: K.ISTFT_OPTIONS,
  spectrogram: K.SPECTROGRAM_OPTIONS,
  melFilterbank: K.MEL_FILTERBANK_OPTIONS,
  melSpectrogram: K.MEL_SPECTROGRAM_OPTIONS,
  mfcc: K.MFCC_OPTIONS,
  powerToDb: K.TO_DB_OPTIONS,
  amplitudeToDb: K.TO_DB_OPTIONS,
  spectralCentroid: K.SPECTRAL_CENTROID_OPTIONS,
  spectralBandwidth: K.SPECTRAL_BANDWIDTH_OPTIONS,
  spectralRolloff: K.SPECTRAL_ROLLOFF_OPTIONS,
  rms: K.RMS_OPTIONS,
  zeroCrossingRate: K.ZERO_CROSSING_RATE_OPTIONS,
  onsetStrength: K.ONSET_STRENGTH_OPTIONS,
  tempo: K.TEMPO_OPTIONS,
  tempogram: K.TEMPOGRAM_OPTIONS,
  beatTrack: K.BEAT_TRACK_OPTIONS,
  hpss: K.HPSS_OPTIONS,
  hpssAudio: K.HPSS_AUDIO_OPTIONS,
  medianFilter: K.MEDIAN_FILTER_OPTIONS,
  piptrack: K.PIPTRACK_OPTIONS,
  pitchTuning: K.PITCH_TUNING_OPTIONS,
  estimateTuning: K.ESTIMATE_TUNING_OPTIONS,
  cqt: K.CQT_OPTIONS,
  cqtMagnitude: K.CQT_OPTIONS,
  cqtFrequencies: K.CQT_FREQUENCIES_OPTIONS,
  cqToChroma: K.CQ_TO_CHROMA_OPTIONS,
  chromaFilterbank: K.CHROMA_FILTERBANK_OPTIONS,
  chromaStft: K.CHROMA_STFT_OPTIONS,
  chromaCqt: K.CHROMA_CQT_OPTIONS,
  chromaCens: K.CHROMA_CENS_OPTIONS,
  tonnetz: K.TONNETZ_OPTIONS,
  extractFeatures: K.EXTRACT_FEATURES_OPTIONS,
  classify: K.CLASSIFY_OPTIONS,
  delta: K.DELTA_OPTIONS,
  createDeltaKernel: K.DELTA_OPTIONS,
  stackMemory: K.STACK_MEMORY_OPTIONS,
  createStackMemoryKernel: K.STACK_MEMORY_OPTIONS,
  peakPick: K.PEAK_PICK_OPTIONS,
  onsetDetect: K.ONSET_DETECT_OPTIONS,
  fourierTempogram: K.FOURIER_TEMPOGRAM_OPTIONS,
  fourierTempogramMagnitude: K.FOURIER_TEMPOGRAM_OPTIONS,
  plp: K.PLP_OPTIONS,
  trim: K.TRIM_OPTIONS,
  split: K.TRIM_OPTIONS,
  yin: K.YIN_OPTIONS,
  pyin: K.PYIN_OPTIONS,
  vqt: K.VQT_OPTIONS,
  vqtMagnitude: K.VQT_OPTIONS,
  chromaVqt: K.CHROMA_VQT_OPTIONS,
  spectralFlatness: K.SPECTRAL_FLATNESS_OPTIONS,
  spectralFlatnessKernel: K.SPECTRAL_FLATNESS_KERNEL_OPTIONS,
  spectralContrast: K.SPECTRAL_CONTRAST_OPTIONS,
  spectralContrastKernel: K.SPECTRAL_CONTRAST_KERNEL_OPTIONS,
  polyFeatures: K.POLY_FEATURES_OPTIONS,
  polyFeaturesKernel: K.POLY_FEATURES_KERNEL_OPTIONS,
  spectralSlope: K.SPECTRAL_INPUT_OPTIONS,
  spectralSpread: K.SPECTRAL_INPUT_OPTIONS,
  spectralSkewness: K.SPECTRAL_INPUT_OPTIONS,
  spectralKurtosis: K.SPECTRAL_INPUT_OPTIONS,
  spectralCrest: K.SPECTRAL_CREST_OPTIONS,
  spectralCrestKernel: K.SPECTRAL_CREST_KERNEL_OPTIONS,
  spectralFlux: K.SPECTRAL_INPUT_OPTIONS,
  loudness: K.LOUDNESS_OPTIONS,
  loudnessKernel: K.LOUDNESS_KERNEL_OPTIONS,
  perceptualSpread: K.PERCEPTUAL_SPREAD_OPTIONS,
  perceptualSpreadKernel: K.LOUDNESS_KERNEL_OPTIONS,
  perceptualSharpness: K.PERCEPTUAL_SHARPNESS_OPTIONS,
  perceptualSharpnessKernel: K.LOUDNESS_KERNEL_OPTIONS,
  lbfgs: K.LBFGS_OPTIONS,
  tag: K.TAG_OPTIONS,
  embed: K.EMBED_OPTIONS,
  parseEmbeddingSet: K.PARSE_EMBEDDING_SET_OPTIONS,
  stratifiedKFold: K.STRATIFIED_K_FOLD_OPTIONS,
  trainTestSplit: K.TRAIN_TEST_SPLIT_OPTIONS,
  crossValidate: K.CROSS_VALIDATE_OPTIONS,
  gridSearch: K.GRID_SEARCH_OPTIONS,
  randomSearch: K.RANDOM_SEARCH_OPTIONS,
  precisionRecallF1: K.PRECISION_RECALL_F1_OPTIONS,
  precision: K.PRECISION_RECALL_F1_OPTIONS,
  recall: K.PRECISION_RECALL_F1_OPTIONS,
  f1: K.PRECISION_RECALL_F1_OPTIONS,
  confusionMatrix: K.CONFUSION_MATRIX_OPTIONS,
  classificationReport: K.CLASSIFICATION_REPORT_OPTIONS,
  rocAuc: K.ROC_AUC_OPTIONS,
  asha: K.ASHA_OPTIONS,
  randomSearchBudget: K.RANDOM_SEARCH_BUDGET_OPTIONS,
} as const satisfies Record<string, readonly string[]>;

/** Name of a public function whose options `readOptions` checks. */
export type EntryPoint = keyof typeof ENTRY_POINT_OPTIONS;

/** The key list entry point `F` passes to `readOptions` (its own export of `src/option-keys.ts`). */
export type EntryPointKeys<F extends EntryPoint> = (typeof ENTRY_POINT_OPTIONS)[F];

/** Accepted option keys per classifier (and pipeline step) constructor, read by `readConstructorOptions`. */
export const CONSTRUCTOR_OPTIONS = {
  SVC: C.SVC_OPTIONS,
  LogisticRegression: C.LOGISTIC_REGRESSION_OPTIONS,
  KNeighbors: C.KNEIGHBORS_OPTIONS,
  LinearDiscriminantAnalysis: C.LINEAR_DISCRIMINANT_ANALYSIS_OPTIONS,
  QuadraticDiscriminantAnalysis: C.QUADRATIC_DISCRIMINANT_ANALYSIS_OPTIONS,
  DecisionTree: C.DECISION_TREE_OPTIONS,
  RandomForest: C.RANDOM_FOREST_OPTIONS,
  GradientBoosting: C.GRADIENT_BOOSTING_OPTIONS,
  ObliviousBoosting: C.OBLIVIOUS_BOOSTING_OPTIONS,
  MLPClassifier: C.MLP_CLASSIFIER_OPTIONS,
  CNNClassifier: C.CNN_CLASSIFIER_OPTIONS,
  LSTMClassifier: C.LSTM_CLASSIFIER_OPTIONS,
  StandardScaler: C.STANDARD_SCALER_OPTIONS,
  SequencePooling: C.SEQUENCE_POOLING_OPTIONS,
  VotingClassifier: C.VOTING_CLASSIFIER_OPTIONS,
  FrameLevelClassifier: C.FRAME_LEVEL_CLASSIFIER_OPTIONS,
} as const satisfies Record<string, readonly string[]>;

/** Name of a classifier (or pipeline step) class whose constructor options `readConstructorOptions` checks. */
export type ConstructorName = keyof typeof CONSTRUCTOR_OPTIONS;

/** The key list constructor `N` passes to `readConstructorOptions` (its own export of `src/constructor-option-keys.ts`). */
export type ConstructorKeys<N extends ConstructorName> = (typeof CONSTRUCTOR_OPTIONS)[N];
