import type { Classifier, ModelJSON } from '../types.js';
import { CNNClassifier } from './cnn.js';
import { LSTMClassifier } from './lstm.js';
import { MLPClassifier } from './mlp.js';

/**
 * Readers for the neural model types (`MLPClassifier`, `CNNClassifier`, `LSTMClassifier`),
 * keyed by `ModelJSON.type`; the generic `fromJSON` consults this table.
 */
export const NEURAL_MODEL_READERS: Record<string, (json: ModelJSON) => Classifier> = {
  MLPClassifier: (json) => MLPClassifier.fromJSON(json),
  CNNClassifier: (json) => CNNClassifier.fromJSON(json),
  LSTMClassifier: (json) => LSTMClassifier.fromJSON(json),
};

/**
 * True when a (parsed) model JSON is, or contains (a pipeline step, ...), a fitted neural model,
 * i.e. restoring it needs TensorFlow.js. @internal
 */
export function containsNeuralModel(json: unknown, depth = 0): boolean {
  if (typeof json !== 'object' || json === null || depth > 32) return false;
  if (Array.isArray(json)) return json.some((v) => containsNeuralModel(v, depth + 1));
  const j = json as Record<string, unknown>;
  if (typeof j.type === 'string' && Object.prototype.hasOwnProperty.call(NEURAL_MODEL_READERS, j.type) && j.state !== undefined) return true;
  // weights are long base64 strings and numeric arrays: only objects and arrays can hold a nested model
  for (const k of Object.keys(j)) {
    const v = j[k];
    if (typeof v === 'object' && v !== null && k !== 'weights' && containsNeuralModel(v, depth + 1)) return true;
  }
  return false;
}

/** Loads TensorFlow.js (see `loadNeuralBackend`). Kept here so the generic registry needs one import. @internal */
export { loadNeuralBackend } from './backend.js';
