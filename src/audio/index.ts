// Public exports of src/audio.
export { resample, type ResampleOptions, type ResampleType } from './resample.js';
export { loadAudio, type AudioInput, type AudioBufferLike, type LoadAudioOptions, type LoadedAudio } from './load.js';
