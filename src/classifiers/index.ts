// Public exports of src/classifiers. Each module adds its own export lines here.
export type { Classifier, Transformer, Label, FeatureTable, ModelJSON } from './types.js';
export * from './neural/index.js';
