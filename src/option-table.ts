/**
 * The option keys each public entry point accepts (read by `readOptions` in `src/options.ts`).
 * Every function that transforms (computes an FFT somewhere below it) accepts `fft`.
 * A key added to an options interface must be added here too, or the function refuses it.
 */

const STFT = ['nFft', 'hopLength', 'winLength', 'window', 'center', 'padMode'] as const;
const SPECTRAL_INPUT = [...STFT, 'sr', 'S', 'fft'] as const;
const MEL_BANDS = ['nMels', 'fmin', 'fmax', 'htk'] as const;
const MEL = [...SPECTRAL_INPUT, ...MEL_BANDS, 'power', 'norm'] as const;
const MFCC = [...SPECTRAL_INPUT, ...MEL_BANDS, 'power', 'nMfcc', 'dctType', 'norm', 'melNorm', 'lifter'] as const;
const ONSET = [...SPECTRAL_INPUT, ...MEL_BANDS, 'norm', 'lag', 'maxSize', 'ref', 'detrend', 'aggregate'] as const;
const TEMPO_PRIOR = ['onsetEnvelope', 'startBpm', 'prior'] as const;
const CQT = [
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
const CHROMA_CQT = [
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
const CHROMA_FILTERS = ['nChroma', 'tuning', 'ctroct', 'octwidth', 'baseC'] as const;
const PIPTRACK = [...SPECTRAL_INPUT, 'fmin', 'fmax', 'threshold'] as const;
const HPSS = ['kernelSize', 'power', 'margin'] as const;
const PEAK_PICK = ['preMax', 'postMax', 'preAvg', 'postAvg', 'delta', 'wait'] as const;
const YIN = ['fmin', 'fmax', 'sr', 'frameLength', 'hopLength', 'center', 'padMode', 'fft'] as const;
const VQT = [...CQT, 'gamma', 'intervals'] as const;
const TRIM = ['topDb', 'ref', 'frameLength', 'hopLength', 'fft'] as const;
const FLATNESS_KERNEL = ['amin', 'power'] as const;
const CONTRAST_KERNEL = ['fmin', 'nBands', 'quantile', 'linear', 'amin'] as const;
const LOUDNESS_KERNEL = ['nBands', 'power', 'bandOfBin'] as const;
const DELTA = ['width', 'order', 'mode', 'fft'] as const;
const STACK_MEMORY = ['nSteps', 'delay', 'fft'] as const;
const TAGGING = ['model', 'weights', 'batchSize'] as const;

/** Accepted option keys per public entry point. */
export const ENTRY_POINT_OPTIONS = {
  loadAudio: ['sr', 'mono', 'offset', 'duration', 'resType', 'timeoutMs', 'fft'],
  resample: ['resType', 'fix', 'scale', 'fft'],
  stft: [...STFT, 'fft'],
  istft: ['hopLength', 'winLength', 'nFft', 'window', 'center', 'length', 'fft'],
  spectrogram: [...STFT, 'power', 'fft'],
  melFilterbank: ['sr', 'nFft', ...MEL_BANDS, 'norm'],
  melSpectrogram: MEL,
  mfcc: MFCC,
  powerToDb: ['ref', 'amin', 'topDb'],
  amplitudeToDb: ['ref', 'amin', 'topDb'],
  spectralCentroid: [...SPECTRAL_INPUT, 'freq'],
  spectralBandwidth: [...SPECTRAL_INPUT, 'freq', 'centroid', 'norm', 'p'],
  spectralRolloff: [...SPECTRAL_INPUT, 'freq', 'rollPercent'],
  rms: ['S', 'frameLength', 'hopLength', 'center', 'padMode'],
  zeroCrossingRate: ['frameLength', 'hopLength', 'center', 'threshold', 'refMagnitude', 'pad', 'zeroPos'],
  onsetStrength: [...ONSET, 'center'],
  tempo: [...ONSET, ...TEMPO_PRIOR, 'center', 'stdBpm', 'acSize', 'maxTempo'],
  tempogram: [...ONSET, 'onsetEnvelope', 'center', 'norm'],
  beatTrack: [...ONSET, ...TEMPO_PRIOR, 'center', 'tightness', 'trim', 'bpm', 'units'],
  hpss: [...HPSS, 'mask'],
  hpssAudio: [...STFT, ...HPSS, 'sr', 'legacyIstft', 'stft', 'fft'],
  medianFilter: ['size', 'axis'],
  piptrack: PIPTRACK,
  pitchTuning: ['resolution', 'binsPerOctave'],
  estimateTuning: [...PIPTRACK, 'resolution', 'binsPerOctave'],
  cqt: CQT,
  cqtMagnitude: CQT,
  cqtFrequencies: ['fmin', 'binsPerOctave', 'tuning'],
  cqToChroma: ['binsPerOctave', 'nChroma', 'fmin', 'baseC'],
  chromaFilterbank: ['sr', 'nFft', ...CHROMA_FILTERS, 'norm'],
  chromaStft: [...SPECTRAL_INPUT, ...CHROMA_FILTERS, 'norm', 'filterNorm'],
  chromaCqt: CHROMA_CQT,
  chromaCens: [...CHROMA_CQT.filter((k) => k !== 'threshold'), 'winLenSmooth', 'smoothingWindow'],
  tonnetz: [...CHROMA_CQT, 'chroma'],
  extractFeatures: ['sr', 'set', 'fft'],
  classify: ['model', 'windowSeconds', 'maxWindows', 'fft'],
  delta: DELTA,
  createDeltaKernel: DELTA,
  stackMemory: STACK_MEMORY,
  createStackMemoryKernel: STACK_MEMORY,
  peakPick: PEAK_PICK,
  onsetDetect: [...ONSET, 'onsetEnvelope', 'backtrack', 'energy', 'units', 'normalize', ...PEAK_PICK],
  fourierTempogram: [...ONSET, 'onsetEnvelope'],
  fourierTempogramMagnitude: [...ONSET, 'onsetEnvelope'],
  plp: [...ONSET.filter((k) => k !== 'window' && k !== 'center'), 'onsetEnvelope', 'tempoMin', 'tempoMax', 'prior'],
  trim: TRIM,
  split: TRIM,
  yin: [...YIN, 'troughThreshold'],
  pyin: [...YIN, 'nThresholds', 'betaParameters', 'boltzmannParameter', 'resolution', 'maxTransitionRate', 'switchProb', 'noTroughProb', 'fillNa'],
  vqt: VQT,
  vqtMagnitude: VQT,
  chromaVqt: [
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
  ],
  spectralFlatness: [...SPECTRAL_INPUT, ...FLATNESS_KERNEL],
  spectralFlatnessKernel: FLATNESS_KERNEL,
  spectralContrast: [...SPECTRAL_INPUT, ...CONTRAST_KERNEL, 'topDb'],
  spectralContrastKernel: [...CONTRAST_KERNEL, 'floorDb'],
  polyFeatures: [...SPECTRAL_INPUT, 'order'],
  polyFeaturesKernel: ['order'],
  spectralSlope: SPECTRAL_INPUT,
  spectralSpread: SPECTRAL_INPUT,
  spectralSkewness: SPECTRAL_INPUT,
  spectralKurtosis: SPECTRAL_INPUT,
  spectralCrest: [...SPECTRAL_INPUT, 'power'],
  spectralCrestKernel: ['power'],
  spectralFlux: SPECTRAL_INPUT,
  loudness: [...SPECTRAL_INPUT, ...LOUDNESS_KERNEL],
  loudnessKernel: LOUDNESS_KERNEL,
  perceptualSpread: [...SPECTRAL_INPUT, ...LOUDNESS_KERNEL],
  perceptualSpreadKernel: LOUDNESS_KERNEL,
  perceptualSharpness: [...SPECTRAL_INPUT, ...LOUDNESS_KERNEL],
  perceptualSharpnessKernel: LOUDNESS_KERNEL,
  tag: [...TAGGING, 'top'],
  embed: [...TAGGING, 'layer'],
  parseEmbeddingSet: ['dtype', 'dims', 'frames', 'labelColumn', 'splitColumn', 'nFramesColumn', 'dropUnlabelled'],
} as const satisfies Record<string, readonly string[]>;

/** Name of a public function whose options `readOptions` checks. */
export type EntryPoint = keyof typeof ENTRY_POINT_OPTIONS;

const TRAINING = [
  'optimizer',
  'learningRate',
  'momentum',
  'batchSize',
  'epochs',
  'earlyStopping',
  'validationFraction',
  'nIterNoChange',
  'tol',
  'alpha',
  'seed',
] as const;
const TREE = ['criterion', 'maxDepth', 'minSamplesSplit', 'minSamplesLeaf', 'maxFeatures', 'classWeight', 'seed'] as const;

/** Accepted option keys per classifier (and pipeline step) constructor, read by `readConstructorOptions`. */
export const CONSTRUCTOR_OPTIONS = {
  SVC: ['kernel', 'C', 'gamma', 'degree', 'coef0', 'tol', 'shrinking', 'cacheSize', 'probability', 'classWeight', 'seed', 'solver'],
  LogisticRegression: ['C', 'penalty', 'maxIter', 'tol', 'fitIntercept'],
  KNeighbors: ['nNeighbors', 'weights'],
  DecisionTree: TREE,
  RandomForest: [...TREE, 'nEstimators', 'bootstrap'],
  GradientBoosting: ['learningRate', 'nEstimators', 'maxDepth', 'subsample', 'minSamplesSplit', 'minSamplesLeaf', 'seed'],
  ObliviousBoosting: ['nEstimators', 'learningRate', 'depth', 'l2LeafReg', 'borderCount', 'rsm', 'subsample', 'seed'],
  MLPClassifier: [...TRAINING, 'hiddenLayerSizes', 'activation', 'dropout', 'maxIter', 'standardize'],
  CNNClassifier: [...TRAINING, 'filters', 'kernelSize', 'poolSize', 'dropout', 'sequenceLength', 'timeAxis'],
  LSTMClassifier: [...TRAINING, 'hiddenSize', 'numLayers', 'dropout', 'outputDropout', 'sequenceLength', 'timeAxis'],
  StandardScaler: ['withMean', 'withStd'],
  SequencePooling: ['stats', 'timeAxis', 'sequenceLength'],
  VotingClassifier: ['weights'],
} as const satisfies Record<string, readonly string[]>;

/** Name of a classifier (or pipeline step) class whose constructor options `readConstructorOptions` checks. */
export type ConstructorName = keyof typeof CONSTRUCTOR_OPTIONS;
