// Public exports of src/dsp.
export { createRealFft, resolveFft, type FftOption, type RealFft, type FrameSpan } from './fft.js';
export { getWindow, padCenter, type WindowName, type WindowSpec } from './windows.js';
export {
  stft,
  istft,
  spectrogram,
  magnitude,
  padSignal,
  frameCount,
  frameSignal,
  forEachSpectrumFrame,
  resolveStftOptions,
  type ComplexMatrix,
  type StftOptions,
  type SpectrogramOptions,
  type IstftOptions,
  type PadMode,
  type ResolvedStft,
} from './stft.js';
export {
  useWasmFft,
  useJsFft,
  fftBackend,
  wasmFftStats,
  type WasmFftStats,
  createJsRealFft,
  forwardFrames,
  forwardPowerFrames,
  forwardSpectrumFrames,
  pffftSupports,
  wasmSimdSupported,
  PFFFT_CACHE_SIZE,
  type FftBackend,
  type UseWasmFftOptions,
} from './fft.js';
export {
  hzToMel,
  melToHz,
  melFrequencies,
  fftFrequencies,
  melFilterbank,
  sparseFilterbank,
  type MelFilterbankOptions,
  type MelNorm,
  type SparseFilterbank,
} from './filters.js';
export { dctMatrix, type DctType, type DctNorm } from './dct.js';
export { medianFilter, medianFilter1d, SlidingMedian, reflectIndex, type MedianFilterOptions } from './median.js';
