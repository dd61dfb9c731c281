/**
 * The library functions the commands call, loaded lazily from the package root so that `mirkit --help`
 * starts fast and each command only loads what it needs. The types here are the shapes the commands
 * rely on (API.md); tests inject their own implementations instead.
 */
import { MirkitError } from '../errors.js';
import type { Classifier, Label, ModelJSON } from '../classifiers/types.js';

/** A named feature vector, as returned by `extractFeatures`. */
export interface FeatureVector {
  /** Feature names, one per value. */
  names: string[];
  /** Feature values. */
  values: ArrayLike<number>;
}

/** `extractFeatures(y, { sr, set })` from `src/genre/features.ts`. */
export type ExtractFeaturesFn = (y: Float32Array, opts: { sr: number; set: string }) => FeatureVector | Promise<FeatureVector>;

/** `loadAudio(path, { sr })` from `src/audio`. */
export type LoadAudioFn = (input: string, opts: { sr: number }) => Promise<{ y: Float32Array; sr: number }>;

/** What `classify` resolves to (`src/genre/classify.ts`). */
export interface ClassifyResult {
  /** The most probable genre. */
  genre: string;
  /** Probability per genre, summing to 1. */
  probabilities: Record<string, number>;
  /** Name of the model used. */
  model?: string;
  /** Number of analysis windows (or their per-window results) when the clip was split. */
  windows?: unknown;
}

/** `classify(input, opts)` from `src/genre/classify.ts`. */
export type ClassifyFn = (input: string, opts?: Record<string, unknown>) => Promise<ClassifyResult>;

/** A classifier or transformer class constructed with one options object (API.md). */
export type ModelClass<T = Classifier> = new (options?: Record<string, unknown>) => T;

/** The classifier classes and helpers `mirkit train` uses, by their API.md names. */
export interface ClassifierLib {
  /** Support vector classifier. */
  SVC?: ModelClass;
  /** Multinomial logistic regression. */
  LogisticRegression?: ModelClass;
  /** Random forest. */
  RandomForest?: ModelClass;
  /** Gradient boosting. */
  GradientBoosting?: ModelClass;
  /** k nearest neighbours. */
  KNeighbors?: ModelClass;
  /** Multi-layer perceptron. */
  MLPClassifier?: ModelClass;
  /** Per-feature standardisation. */
  StandardScaler?: ModelClass<unknown>;
  /** Chain of transformers and a classifier. */
  Pipeline?: new (
    steps: unknown[],
  ) => Classifier;
  /** Restores a saved model. */
  fromJSON?: (json: ModelJSON | object) => Classifier;
  /** k-fold cross-validation with pooled out-of-fold scores. */
  crossValidate?: (
    factory: () => Classifier,
    X: number[][],
    y: Label[],
    options: { folds?: number; cv?: number[]; seed?: number },
  ) => Promise<{ accuracy: number; f1Macro: number; foldOf: number[] }>;
}

let libraryPromise: Promise<Record<string, unknown>> | undefined;

/** The package root module (all public exports), loaded once on first use. */
export function loadLibrary(): Promise<Record<string, unknown>> {
  libraryPromise ??= import('../index.js').then((m) => m as unknown as Record<string, unknown>);
  return libraryPromise;
}

/**
 * One public function of the package by name, e.g. `await libraryFunction<LoadAudioFn>('loadAudio')`.
 *
 * @throws MirkitError `UNSUPPORTED` when this build does not export it
 */
export async function libraryFunction<T>(name: string): Promise<T> {
  const lib = await loadLibrary();
  const f = lib[name];
  if (typeof f !== 'function') {
    throw new MirkitError('UNSUPPORTED', `this build of mirkit does not provide ${name}(); the command needs it`, { name });
  }
  return f as T;
}

/** The classifier classes of the package (those this build exports). */
export async function classifierLib(): Promise<ClassifierLib> {
  return (await loadLibrary()) as ClassifierLib;
}
