/**
 * scikit-learn's `clone(estimator).set_params(**params)` for mirkit models, and the factory-or-estimator
 * argument that model selection takes.
 */
import { MirkitError } from '../errors.js';
import { cloneModel } from './base.js';
import { Pipeline, type PipelineStep } from './pipeline.js';
import type { Classifier } from './types.js';
import { VotingClassifier } from './voting.js';
import { FrameLevelClassifier } from './frame-level.js';
import { FRAME_LEVEL_CLASSIFIER_OPTIONS } from '../constructor-option-keys.js';
import { shown } from '../util/shown.js';

/**
 * An unfitted copy of `model` with `params` laid over its own (scikit-learn's
 * `clone(model).set_params(**params)`). A {@link Pipeline}'s params go to its final classifier
 * (the transformers are cloned as they are). A {@link FrameLevelClassifier} keeps its own options among the
 * params (`context`, `stride`, `aggregation`, `timeAxis`, `noise`, `noiseSeed`) and passes the others to the classifier it wraps.
 * With no params (omitted, `null` or `{}`) this is `model.clone()`.
 * Throws `BAD_OPTION` for a {@link VotingClassifier} with params (search its members instead), for a
 * model without `clone()`/`getParams()`, and whatever the model's constructor throws for a bad value.
 *
 * @example
 * ```ts
 * const base = new Pipeline([new StandardScaler(), new SVC()]);
 * const strong = cloneWithParams(base, { C: 10 }); // unfitted, SVC with C = 10
 * ```
 */
export function cloneWithParams<T extends Classifier>(model: T, params: Record<string, unknown> | null = {}): T {
  if (params === null || params === undefined) params = {};
  if (typeof params !== 'object' || Array.isArray(params))
    throw new MirkitError('BAD_OPTION', `params must be an object of parameter values (or omitted), got ${shown(params)}`, { option: 'params' });
  if (Object.keys(params).length === 0) return cloneModel(model, 'model') as T;
  if (model instanceof Pipeline) {
    const steps = model.steps.map((s, i) => (i < model.steps.length - 1 ? cloneModel(s, `Pipeline step ${i}`) : cloneWithParams(s as Classifier, params)));
    return new Pipeline(steps as PipelineStep[]) as unknown as T;
  }
  if (model instanceof FrameLevelClassifier) {
    const own: Record<string, unknown> = {},
      inner: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) ((FRAME_LEVEL_CLASSIFIER_OPTIONS as readonly string[]).includes(k) ? own : inner)[k] = v;
    return new FrameLevelClassifier(cloneWithParams(model.estimator, inner), { ...model.params, ...own }) as unknown as T;
  }
  if (model instanceof VotingClassifier) {
    throw new MirkitError('BAD_OPTION', 'a VotingClassifier takes no searchable params: pass a factory that builds the ensemble from them', {
      option: 'params',
    });
  }
  if (typeof model?.getParams !== 'function') throw new MirkitError('BAD_OPTION', 'the model has no getParams(): pass a factory instead', { option: 'model' });
  const Ctor = (model as object).constructor as new (options: object) => T;
  return new Ctor({ ...model.getParams(), ...params });
}

/** A factory from a factory (returned as is) or an estimator to clone with params. @internal */
export function modelMaker(
  model: ((params: Record<string, unknown>) => Classifier) | Classifier,
  what: string,
): (params: Record<string, unknown>) => Classifier {
  if (typeof model === 'function') return model;
  if (typeof model !== 'object' || model === null || typeof (model as Classifier).fit !== 'function') {
    throw new MirkitError('BAD_OPTION', `${what} must be a classifier to clone or a factory function`, { option: what });
  }
  return (params) => cloneWithParams(model, params);
}
