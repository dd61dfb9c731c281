// Public exports of src/classifiers. Each module adds its own export lines here.
export type { Classifier, Transformer, Label, FeatureTable, SequenceTable, ModelJSON } from './types.js';
export * from './neural/index.js';
export { createRng, mulberry32, hashSeed, type Rng } from './random.js';
export { uniform, logUniform, intUniform, choice, powerOfTwo, sampleParams, isDistribution, type Distribution, type ParamSpace } from './distributions.js';
export { StandardScaler, type StandardScalerOptions } from './scaler.js';
export { Pipeline, type PipelineStep } from './pipeline.js';
export { VotingClassifier, type VotingOptions } from './voting.js';
export { FrameLevelClassifier, type FrameLevelOptions, type FrameAggregation } from './frame-level.js';
export { SequencePooling, type SequencePoolingOptions, type PoolingStat } from './sequence-pooling.js';
export {
  parseEmbeddingSet,
  loadEmbeddingSet,
  selectSplit,
  decodeFloat16,
  type EmbeddingSet,
  type EmbeddingSplit,
  type EmbeddingTrack,
  type EmbeddingSetOptions,
} from './embeddings.js';
export { SVC, loadLibsvm, type SVCOptions } from './svc.js';
export type {
  LibsvmSVMClass,
  LibsvmSVM,
  LibsvmOptions,
  LibsvmEstimate,
  LibsvmProbabilityPrediction,
  LibsvmSvmTypes,
  LibsvmKernelTypes,
} from './libsvm-types.js';
export { LogisticRegression, type LogisticRegressionOptions } from './logistic.js';
export { lbfgs, type LbfgsOptions, type LbfgsResult, type Objective } from './lbfgs.js';
export { KNeighbors, type KNeighborsOptions } from './knn.js';
export { LinearDiscriminantAnalysis, type LinearDiscriminantAnalysisOptions } from './lda.js';
export { QuadraticDiscriminantAnalysis, type QuadraticDiscriminantAnalysisOptions } from './qda.js';
export { DecisionTree, type DecisionTreeOptions } from './tree.js';
export { RandomForest, type RandomForestOptions } from './forest.js';
export { GradientBoosting, type GradientBoostingOptions } from './gradient-boosting.js';
export { ObliviousBoosting, type ObliviousBoostingOptions } from './oblivious.js';
export { fromJSON, fromJSONAsync, MODEL_READERS } from './registry.js';
export { cloneWithParams } from './clone.js';
export {
  accuracy,
  confusionMatrix,
  precisionRecallF1,
  precision,
  recall,
  f1,
  rocAuc,
  classificationReport,
  type Average,
  type PrecisionRecallF1,
  type PrecisionRecallF1Options,
} from './metrics.js';
export {
  trainTestSplit,
  stratifiedKFold,
  crossValidate,
  gridSearch,
  randomSearch,
  parameterGrid,
  takeRows,
  type TrainTestSplit,
  type CrossValidateOptions,
  type CrossValidateResult,
  type SearchOptions,
  type SearchOutcome,
  type SearchResult,
  type Scoring,
} from './model-selection.js';
export { parseGtzanTable, loadGtzanTable, parseCsvLine, type FeatureTableData } from './datasets.js';
export {
  asha,
  MAX_RUNGS,
  MAX_TRIALS,
  randomSearchBudget,
  type AshaOptions,
  type RandomSearchBudgetOptions,
  type EvaluateFn,
  type EvaluateResult,
  type TrialRecord,
  type SearchBudgetResult,
} from './asha.js';
