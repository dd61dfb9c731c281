/**
 * mirkit: music information retrieval in TypeScript.
 *
 * Audio features equal to librosa 0.11's, classifiers with one fit/predict interface,
 * and genre classification with bundled pretrained weights.
 *
 * @packageDocumentation
 */
export { MirkitError, isMirkitError, type MirkitErrorCode } from './errors.js';
export {
  type Matrix,
  createMatrix,
  matrixFrom,
  matrixFromRows,
  matrixToRows,
  matrixRow,
  isMatrix,
  transpose,
} from './matrix.js';
export type { Signal } from './validate.js';
export * from './limits.js';
export * from './audio/index.js';
export * from './dsp/index.js';
export * from './features/index.js';
export * from './realtime/index.js';
export * from './stats/index.js';
export * from './classifiers/index.js';
export * from './genre/index.js';
export * from './tagging/index.js';
