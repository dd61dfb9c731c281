// Public exports of src/tagging: pretrained musicnn tagging and embeddings.
export {
  tag,
  embed,
  type TagInput,
  type SignalInput,
  type TagScore,
  type MusicnnOptions,
  type TagOptions,
  type TagResult,
  type EmbedOptions,
  type EmbedResult,
} from './tag.js';
export { loadMusicnnModel, type MusicnnModel } from './model.js';
export { MUSICNN_MODELS, MTT_TAGS, MSD_TAGS, type MusicnnModelName, type MusicnnArchitecture, type MusicnnLayer } from './models.js';
export { musicnnPatches, MUSICNN_SR, PATCH_FRAMES, MIN_SAMPLES, type MusicnnPatches } from './frontend.js';
export { parseMusicnnWeights, type MusicnnWeights, type WeightTensor, type WeightDtype } from './weights.js';
