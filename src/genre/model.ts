import { MirkitError } from '../errors.js';
import { fromJSON } from '../classifiers/registry.js';
import type { Classifier, ModelJSON } from '../classifiers/types.js';
import { isNeuralBackendLoaded, loadNeuralBackend } from '../classifiers/neural/backend.js';
import { containsNeuralModel } from '../classifiers/neural/registry.js';
import { unpackJson } from './packed-json.js';
import { GTZAN57 } from './weights/gtzan57.js';
import { shown } from '../util/shown.js';

/** Descriptive metadata stored beside a genre model's weights. */
export interface GenreModelMeta {
  /** Short model identifier, reported by `classify` as `model`. */
  name: string;
  /** What the model is. */
  description?: string;
  /** The `extractFeatures` set the model expects (`'gtzan57'` or `'seed'`). */
  featureSet: 'gtzan57' | 'seed';
  /** Free-form provenance and scores. */
  [key: string]: unknown;
}

/** A fitted genre classifier together with what it expects as input. */
export interface GenreModel {
  /** The fitted classifier (usually a `Pipeline` of a scaler and a model). */
  classifier: Classifier;
  /** Its metadata (name, feature set, scores). */
  meta: GenreModelMeta;
}

/**
 * Restores a genre model from JSON: a model saved by `toJSON()` (e.g. by `mirkit train`), with an
 * optional `meta` block (`name`, `featureSet`). Without `meta`, the feature set is taken as
 * `'gtzan57'` and the name as `'custom'`. Throws `BAD_MODEL` for anything that is not a model.
 *
 * Every model `mirkit train` saves works, neural ones included: a fitted neural model (MLP, CNN, LSTM)
 * needs TensorFlow.js, which loads asynchronously, so while it is not loaded yet its classifier is
 * restored on first use instead of here; `classify(input, { model: loadModel(json) })` loads
 * TensorFlow.js first. Reading `.classifier` yourself before that throws `NOT_READY`
 * (`await loadNeuralBackend()` first).
 *
 * @example
 * ```ts
 * const model = loadModel(JSON.parse(await readFile('fma-model.json', 'utf8')));
 * const result = await classify('song.mp3', { model });
 * ```
 */
export function loadModel(json: unknown): GenreModel {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch (e) {
      throw new MirkitError('BAD_MODEL', `model text is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (typeof json !== 'object' || json === null) throw new MirkitError('BAD_MODEL', 'a genre model must be a JSON object saved by a mirkit model');
  const { meta: rawMeta, ...modelJson } = json as ModelJSON & { meta?: Partial<GenreModelMeta> };
  const featureSet = rawMeta?.featureSet ?? 'gtzan57';
  if (featureSet !== 'gtzan57' && featureSet !== 'seed') {
    throw new MirkitError('BAD_MODEL', `model meta.featureSet must be 'gtzan57' or 'seed', got '${shown(featureSet)}'`);
  }
  const name = rawMeta?.name ?? 'custom';
  if (typeof name !== 'string') throw new MirkitError('BAD_MODEL', `model meta.name must be a string, got ${shown(name)}`);
  const meta: GenreModelMeta = { ...rawMeta, name, featureSet };
  if (!containsNeuralModel(modelJson) || isNeuralBackendLoaded()) return { classifier: fromJSON<Classifier>(modelJson), meta };
  // A neural model before TensorFlow.js is loaded: restore it on first use (see prepareGenreModel).
  let classifier: Classifier | undefined;
  const deferred: GenreModel = {
    get classifier() {
      classifier ??= fromJSON<Classifier>(modelJson);
      return classifier;
    },
    meta,
  };
  NEEDS_BACKEND.add(deferred);
  return deferred;
}

/** Models from {@link loadModel} whose classifier waits for TensorFlow.js. */
const NEEDS_BACKEND = new WeakSet<GenreModel>();

/**
 * Makes a model from {@link loadModel} usable: loads TensorFlow.js when its (neural) classifier waits
 * for it. `classify` calls this. @internal
 */
export async function prepareGenreModel(model: GenreModel): Promise<GenreModel> {
  if (NEEDS_BACKEND.has(model)) await loadNeuralBackend();
  return model;
}

/**
 * The bundled pretrained genre model as a fitted `Classifier` (a `Pipeline` of `StandardScaler` and
 * the selected model) over `extractFeatures(y, { set: 'gtzan57' })` vectors. Each call restores a fresh
 * copy, so callers may not disturb one another. See `docs/model-card.md` for data, protocol and scores.
 */
export function genreModel(): Classifier {
  return bundledGenreModel().classifier;
}

/** The bundled model with its metadata (name, feature set, cross-validated scores). */
export function bundledGenreModel(): GenreModel {
  return loadModel(unpackJson(GTZAN57));
}
