// Public exports of src/classifiers/neural.
export { setNeuralBackend, getNeuralBackend, loadNeuralBackend, isNeuralBackendLoaded, type NeuralBackend } from './backend.js';
export type { NeuralTrainOptions, TrainingHistory, SavedWeights, WeightSpec, NeuralNetwork } from './base.js';
export { MLPClassifier, type MLPOptions } from './mlp.js';
export { CNNClassifier, type CNNOptions } from './cnn.js';
export { LSTMClassifier, type LSTMOptions } from './lstm.js';
export type { SequenceTable, SequenceInputOptions } from './sequence.js';
export { averageModelWeights } from './average.js';
