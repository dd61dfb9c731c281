/**
 * The option keys each classifier (and pipeline step) constructor accepts, one export per class,
 * passed by the constructor to `readConstructorOptions`: `readConstructorOptions('SVC', options,
 * SVC_OPTIONS)`. One export per class lets a consumer's bundler keep only the lists of the classes
 * it uses (see `src/option-keys.ts`); the record of them all, `CONSTRUCTOR_OPTIONS`, is assembled in
 * `src/option-table.ts`, which no class imports.
 */
import { keys } from './util/key-lists.js';

/** The training keys of the neural classifiers. */
const TRAINING = [
  'optimizer',
  'learningRate',
  'momentum',
  'batchSize',
  'epochs',
  'earlyStopping',
  'validationFraction',
  'nIterNoChange',
  'tol',
  'alpha',
  'mixup',
  'seed',
] as const;

/** Keys of `new SVC`. */
export const SVC_OPTIONS = [
  'kernel',
  'C',
  'gamma',
  'degree',
  'coef0',
  'tol',
  'shrinking',
  'cacheSize',
  'probability',
  'classWeight',
  'seed',
  'solver',
  'maxIter',
] as const;
/** Keys of `new LogisticRegression`. */
export const LOGISTIC_REGRESSION_OPTIONS = ['C', 'penalty', 'maxIter', 'tol', 'fitIntercept'] as const;
/** Keys of `new QuadraticDiscriminantAnalysis`. */
export const QUADRATIC_DISCRIMINANT_ANALYSIS_OPTIONS = ['regParam', 'priors'] as const;

/** Keys of `new LinearDiscriminantAnalysis`. */
export const LINEAR_DISCRIMINANT_ANALYSIS_OPTIONS = ['shrinkage', 'priors', 'solver', 'nComponents'] as const;
/** Keys of `new KNeighbors`. */
export const KNEIGHBORS_OPTIONS = ['nNeighbors', 'weights'] as const;
/** Keys of `new DecisionTree`; the start of `RANDOM_FOREST_OPTIONS`. */
export const DECISION_TREE_OPTIONS = ['criterion', 'maxDepth', 'minSamplesSplit', 'minSamplesLeaf', 'maxFeatures', 'classWeight', 'seed'] as const;
/** Keys of `new RandomForest`. */
export const RANDOM_FOREST_OPTIONS = /* @__PURE__ */ keys(DECISION_TREE_OPTIONS, ['nEstimators', 'bootstrap']);
/** Keys of `new GradientBoosting`. */
export const GRADIENT_BOOSTING_OPTIONS = ['learningRate', 'nEstimators', 'maxDepth', 'subsample', 'minSamplesSplit', 'minSamplesLeaf', 'seed'] as const;
/** Keys of `new ObliviousBoosting`. */
export const OBLIVIOUS_BOOSTING_OPTIONS = ['nEstimators', 'learningRate', 'depth', 'l2LeafReg', 'borderCount', 'rsm', 'subsample', 'seed'] as const;
/** Keys of `new MLPClassifier`. */
export const MLP_CLASSIFIER_OPTIONS = /* @__PURE__ */ keys(TRAINING, ['hiddenLayerSizes', 'activation', 'dropout', 'maxIter', 'standardize']);
/** Keys of `new CNNClassifier`. */
export const CNN_CLASSIFIER_OPTIONS = /* @__PURE__ */ keys(TRAINING, ['filters', 'kernelSize', 'poolSize', 'dropout', 'sequenceLength', 'timeAxis']);
/** Keys of `new LSTMClassifier`. */
export const LSTM_CLASSIFIER_OPTIONS = /* @__PURE__ */ keys(TRAINING, ['hiddenSize', 'numLayers', 'dropout', 'outputDropout', 'sequenceLength', 'timeAxis']);
/** Keys of `new StandardScaler`. */
export const STANDARD_SCALER_OPTIONS = ['withMean', 'withStd'] as const;
/** Keys of `new SequencePooling`. */
export const SEQUENCE_POOLING_OPTIONS = ['stats', 'timeAxis', 'sequenceLength'] as const;
/** Keys of `new VotingClassifier`. */
export const VOTING_CLASSIFIER_OPTIONS = ['weights', 'voting'] as const;
/** Keys of `new FrameLevelClassifier` (its options, after the wrapped classifier). */
export const FRAME_LEVEL_CLASSIFIER_OPTIONS = ['context', 'stride', 'aggregation', 'timeAxis', 'noise', 'noiseSeed'] as const;
