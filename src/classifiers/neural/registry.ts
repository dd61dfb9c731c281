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
