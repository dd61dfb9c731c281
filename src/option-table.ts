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
const CQT = ['sr', 'hopLength', 'fmin', 'nBins', 'binsPerOctave', 'tuning', 'filterScale', 'norm', 'sparsity', 'window', 'scale', 'padMode', 'onWarning', 'fft'] as const;
const CHROMA_CQT = ['sr', 'C', 'hopLength', 'fmin', 'norm', 'threshold', 'tuning', 'nChroma', 'nOctaves', 'binsPerOctave', 'cqtMode', 'onWarning', 'fft'] as const;
const CHROMA_FILTERS = ['nChroma', 'tuning', 'ctroct', 'octwidth', 'baseC'] as const;
const PIPTRACK = [...SPECTRAL_INPUT, 'fmin', 'fmax', 'threshold'] as const;
const HPSS = ['kernelSize', 'power', 'margin'] as const;

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
} as const satisfies Record<string, readonly string[]>;

/** Name of a public function whose options `readOptions` checks. */
export type EntryPoint = keyof typeof ENTRY_POINT_OPTIONS;
