// Public exports of src/genre. Each module adds its own export lines here.
export {
  AUDIO_EXTENSIONS,
  isAudioFileName,
  listGtzanFolder,
  parseFmaTracks,
  loadFmaTracks,
  fmaAudioPath,
  listFmaAudio,
  type DatasetEntry,
  type FmaSplit,
  type FmaTrack,
  type FmaAudioEntry,
} from './datasets.js';
export {
  parseCsv,
  formatCsvRow,
  formatCsv,
  csvTable,
  readCsvFile,
  appendCsvRows,
  openCsvAppender,
  type CsvValue,
  type CsvTable,
  type CsvAppender,
} from './csv.js';
export {
  extractFeatures,
  GTZAN57_NAMES,
  SEED_NAMES,
  type FeatureSetName,
  type FeatureVector,
  type ExtractFeaturesOptions,
} from './features.js';
export { classify, analysisWindows, GENRE_SR, type ClassifyOptions, type ClassifyResult, type ClassifyWindow } from './classify.js';
export { genreModel, bundledGenreModel, loadModel, type GenreModel, type GenreModelMeta } from './model.js';
