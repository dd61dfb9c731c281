// Public exports of src/dsp.
export { createRealFft, type RealFft } from './fft.js';
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
