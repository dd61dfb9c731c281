import type { Classifier, ModelJSON } from '../types.js';

/**
 * Readers for the neural model types (`MLPClassifier`, `CNNClassifier`, `LSTMClassifier`),
 * keyed by `ModelJSON.type`; the generic `fromJSON` consults this table.
 */
export const NEURAL_MODEL_READERS: Record<string, (json: ModelJSON) => Classifier> = {};
