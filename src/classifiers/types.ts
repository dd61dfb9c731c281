import type { Matrix } from '../matrix.js';

/** A class label: a string (genre name) or a number. */
export type Label = string | number;

/**
 * A feature table: one row per sample, one column per feature. Either nested arrays or a
 * {@link Matrix} with `rows` = samples and `cols` = features.
 */
export type FeatureTable = number[][] | Matrix;

/**
 * Sequence samples: one `Matrix` per sample (frames x features with the default `timeAxis: 'rows'`),
 * or nested `number[][][]` (samples x frames x features). Taken by the sequence models
 * (`CNNClassifier`, `LSTMClassifier`) and by `SequencePooling`, which turns them into a feature table.
 */
export type SequenceTable = Matrix[] | number[][][];

/**
 * The plain-JSON form of any saved model. `format` and `version` let {@link fromJSON}
 * reject files it cannot read with a `BAD_MODEL` error rather than mis-read them.
 */
export interface ModelJSON {
  /** Always `'mirkit-model'`. */
  format: 'mirkit-model';
  /** Format version of this model type's JSON. */
  version: number;
  /** The model class name, e.g. `'SVC'`, `'Pipeline'`. */
  type: string;
  /** Constructor options. */
  params: Record<string, unknown>;
  /** Fitted state (absent for an unfitted model). */
  state?: unknown;
}

/**
 * The one interface every mirkit classifier implements (scikit-learn's estimator shape).
 * Calling `fit` again refits from scratch.
 */
export interface Classifier {
  /** Learns from feature rows `X` and their labels `y`. */
  fit(X: FeatureTable, y: Label[]): this | Promise<this>;
  /** The most probable class per row. */
  predict(X: FeatureTable): Label[];
  /** Class probabilities per row, columns in the order of {@link Classifier.classes}; rows sum to 1. */
  predictProba(X: FeatureTable): number[][];
  /** The classes seen in `fit`, sorted (numbers ascending, strings in code-unit order). */
  readonly classes: Label[];
  /** A plain-JSON snapshot (options and fitted state) that {@link fromJSON} restores. */
  toJSON(): ModelJSON;
  /**
   * The constructor options (scikit-learn's `get_params`): a plain JSON-able copy. Every mirkit model
   * has it; optional in the interface so that classifiers written before it still type-check.
   */
  getParams?(): object;
  /** An unfitted copy with the same params (scikit-learn's `clone`); refitting it does not touch this model. */
  clone?(): Classifier;
}

/** A feature transformer (e.g. `StandardScaler`) usable as a {@link Pipeline} step. */
export interface Transformer {
  /** Learns the transform from `X`. */
  fit(X: FeatureTable | SequenceTable, y?: Label[]): this;
  /** Applies the learned transform (a sequence transformer such as `SequencePooling` also takes a {@link SequenceTable}). */
  transform(X: FeatureTable | SequenceTable): number[][];
  /** A plain-JSON snapshot. */
  toJSON(): ModelJSON;
  /**
   * The constructor options (scikit-learn's `get_params`): a plain JSON-able copy. Every mirkit model
   * has it; optional in the interface so that classifiers written before it still type-check.
   */
  getParams?(): object;
  /** An unfitted copy with the same params (scikit-learn's `clone`). */
  clone?(): Transformer;
}
