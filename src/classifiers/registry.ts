import { MirkitError } from '../errors.js';
import { MODEL_FORMAT } from './base.js';
import { DecisionTree } from './tree.js';
import { RandomForest } from './forest.js';
import { GradientBoosting } from './gradient-boosting.js';
import { KNeighbors } from './knn.js';
import { LinearDiscriminantAnalysis } from './lda.js';
import { QuadraticDiscriminantAnalysis } from './qda.js';
import { LogisticRegression } from './logistic.js';
import { ObliviousBoosting } from './oblivious.js';
import { Pipeline, type PipelineStep } from './pipeline.js';
import { StandardScaler } from './scaler.js';
import { SequencePooling } from './sequence-pooling.js';
import { VotingClassifier } from './voting.js';
import { FrameLevelClassifier } from './frame-level.js';
import { SVC } from './svc.js';
import { containsNeuralModel, loadNeuralBackend, NEURAL_MODEL_READERS } from './neural/registry.js';
import type { Classifier, ModelJSON, Transformer } from './types.js';

/** Readers of the built-in model types, keyed by `ModelJSON.type`. */
export const MODEL_READERS: Record<string, (json: ModelJSON) => Classifier | Transformer> = {
  StandardScaler: (j) => StandardScaler.fromJSON(j),
  SequencePooling: (j) => SequencePooling.fromJSON(j),
  Pipeline: (j) => Pipeline.fromJSON(j, (s) => readModel(s) as PipelineStep),
  VotingClassifier: (j) => VotingClassifier.fromJSON(j, (m) => readModel(m) as Classifier),
  FrameLevelClassifier: (j) => FrameLevelClassifier.fromJSON(j, (m) => readModel(m) as Classifier),
  SVC: (j) => SVC.fromJSON(j),
  LogisticRegression: (j) => LogisticRegression.fromJSON(j),
  KNeighbors: (j) => KNeighbors.fromJSON(j),
  LinearDiscriminantAnalysis: (j) => LinearDiscriminantAnalysis.fromJSON(j),
  QuadraticDiscriminantAnalysis: (j) => QuadraticDiscriminantAnalysis.fromJSON(j),
  DecisionTree: (j) => DecisionTree.fromJSON(j),
  RandomForest: (j) => RandomForest.fromJSON(j),
  GradientBoosting: (j) => GradientBoosting.fromJSON(j),
  ObliviousBoosting: (j) => ObliviousBoosting.fromJSON(j),
};

function readModel(json: unknown): Classifier | Transformer {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch {
      throw new MirkitError('BAD_MODEL', 'the model text is not valid JSON');
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new MirkitError('BAD_MODEL', 'expected a mirkit model JSON object');
  const j = json as Partial<ModelJSON>;
  if (j.format !== MODEL_FORMAT) throw new MirkitError('BAD_MODEL', `not a mirkit model: format is ${JSON.stringify(j.format)}, expected 'mirkit-model'`);
  if (typeof j.type !== 'string') throw new MirkitError('BAD_MODEL', 'mirkit model JSON has no type');
  const readers: Record<string, (json: ModelJSON) => Classifier | Transformer> = { ...MODEL_READERS, ...NEURAL_MODEL_READERS };
  const reader = Object.prototype.hasOwnProperty.call(readers, j.type) ? readers[j.type] : undefined;
  if (!reader) throw new MirkitError('BAD_MODEL', `unknown model type '${j.type}' (known: ${Object.keys(readers).join(', ')})`, { type: j.type });
  try {
    return reader(j as ModelJSON);
  } catch (e) {
    if (e instanceof MirkitError && (e.code === 'BAD_MODEL' || e.code === 'NOT_READY')) throw e;
    throw new MirkitError('BAD_MODEL', `${j.type} model JSON is malformed: ${(e as Error).message}`);
  }
}

/**
 * Restores any saved mirkit model (classifier, pipeline or transformer) from its {@link ModelJSON}
 * (an object, or its JSON text), dispatching on `type` over the built-in models and the neural ones.
 * Throws `MirkitError('BAD_MODEL')` on malformed JSON, an unknown type or another format version.
 *
 * Synchronous: a fitted neural model (`MLPClassifier`, `CNNClassifier`, `LSTMClassifier`, also inside a
 * `Pipeline`) needs TensorFlow.js, which mirkit loads lazily; when it is not loaded yet this throws
 * `MirkitError('NOT_READY')`. Use {@link fromJSONAsync}, or `await loadNeuralBackend()` first.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(model.toJSON());
 * const again = fromJSON(JSON.parse(saved));
 * again.predict(X); // identical predictions
 * ```
 */
export function fromJSON<T extends Classifier | Transformer = Classifier>(json: unknown): T {
  return readModel(json) as T;
}

/**
 * Restores any saved mirkit model like {@link fromJSON}, first loading TensorFlow.js (with dynamic
 * `import()`) when the JSON holds a fitted neural model. Use it to restore a model of unknown type.
 * Throws `MirkitError('BAD_MODEL')` like {@link fromJSON}, `UNSUPPORTED` when TensorFlow.js cannot be loaded.
 *
 * @example
 * ```ts
 * const model = await fromJSONAsync(JSON.parse(await readFile('model.json', 'utf8')));
 * model.predict(X);
 * ```
 */
export async function fromJSONAsync<T extends Classifier | Transformer = Classifier>(json: unknown): Promise<T> {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch {
      throw new MirkitError('BAD_MODEL', 'the model text is not valid JSON');
    }
  }
  if (containsNeuralModel(json)) await loadNeuralBackend();
  return readModel(json) as T;
}
