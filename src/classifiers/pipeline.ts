import { MirkitError } from '../errors.js';
import { checkModelJSON, checkState, cloneModel, modelJSON } from './base.js';
import type { Classifier, FeatureTable, Label, ModelJSON, SequenceTable, Transformer } from './types.js';

/** One step of a {@link Pipeline}: transformers first, a classifier last. */
export type PipelineStep = Transformer | Classifier;

function isClassifier(s: unknown): s is Classifier {
  return typeof s === 'object' && s !== null && typeof (s as Classifier).predict === 'function' && typeof (s as Classifier).predictProba === 'function';
}
function isTransformer(s: unknown): s is Transformer {
  return typeof s === 'object' && s !== null && typeof (s as Transformer).transform === 'function' && typeof (s as Transformer).fit === 'function';
}

/**
 * A chain of transformers ending in a classifier, like scikit-learn's `pipeline.Pipeline`:
 * `fit` fits each transformer on the (transformed) training data, then the classifier; `predict`
 * and `predictProba` transform and then ask the classifier. Saved and restored as one model. With a
 * sequence transformer first (`SequencePooling`) it takes sequences (`Matrix[]`) directly.
 * Itself a {@link Classifier}.
 *
 * @example
 * ```ts
 * const model = new Pipeline([new StandardScaler(), new SVC({ C: 3 })]);
 * await model.fit(X, y);
 * model.predict(Xtest);
 * ```
 */
export class Pipeline implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  /** The steps, in order. */
  readonly steps: PipelineStep[];

  /** @param steps - zero or more transformers followed by one classifier */
  constructor(steps: PipelineStep[]) {
    if (!Array.isArray(steps) || steps.length === 0)
      throw new MirkitError('BAD_OPTION', 'Pipeline needs a non-empty array of steps: [...transformers, classifier]');
    const last = steps[steps.length - 1];
    if (!isClassifier(last)) throw new MirkitError('BAD_OPTION', 'the last Pipeline step must be a classifier (with predict and predictProba)');
    for (let i = 0; i < steps.length - 1; i++) {
      if (!isTransformer(steps[i])) throw new MirkitError('BAD_OPTION', `Pipeline step ${i} must be a transformer (with fit and transform)`);
    }
    this.steps = steps.slice();
  }

  /** The final classifier. */
  get classifier(): Classifier {
    return this.steps[this.steps.length - 1] as Classifier;
  }

  /** The classes of the final classifier. */
  get classes(): Label[] {
    return this.classifier.classes;
  }

  private transformAll(X: FeatureTable | SequenceTable): FeatureTable {
    let Z = X as FeatureTable;
    for (let i = 0; i < this.steps.length - 1; i++) Z = (this.steps[i] as Transformer).transform(Z);
    return Z;
  }

  /** Fits every transformer in turn, then the classifier (a Promise when the classifier's fit is async). */
  fit(X: FeatureTable | SequenceTable, y: Label[]): this | Promise<this> {
    let Z = X as FeatureTable;
    for (let i = 0; i < this.steps.length - 1; i++) {
      const t = this.steps[i] as Transformer;
      Z = t.fit(Z, y).transform(Z);
    }
    const r = this.classifier.fit(Z, y);
    if (r && typeof (r as Promise<unknown>).then === 'function') return (r as Promise<unknown>).then(() => this);
    return this;
  }

  /** Predicted labels for `X` (transformed by the fitted steps). */
  predict(X: FeatureTable | SequenceTable): Label[] {
    return this.classifier.predict(this.transformAll(X));
  }

  /** Class probabilities for `X`, columns in the order of {@link Pipeline.classes}. */
  predictProba(X: FeatureTable | SequenceTable): number[][] {
    return this.classifier.predictProba(this.transformAll(X));
  }

  /** Frees resources held by any step that has `dispose()` (e.g. an {@link SVC}). */
  dispose(): void {
    for (const s of this.steps) (s as { dispose?: () => void }).dispose?.();
  }

  /**
   * The params: each step's type and params as unfitted model JSON (scikit-learn's `get_params`),
   * plain JSON that {@link Pipeline.fromJSON} reads back as an unfitted pipeline.
   */
  getParams(): {
    /** Each step's unfitted model JSON, in order. */
    steps: ModelJSON[];
  } {
    return { steps: this.steps.map((s, i) => cloneModel(s, `Pipeline step ${i}`).toJSON()) };
  }

  /** An unfitted copy: every step cloned (scikit-learn's `clone`). */
  clone(): Pipeline {
    return new Pipeline(this.steps.map((s, i) => cloneModel(s, `Pipeline step ${i}`) as PipelineStep));
  }

  /** One JSON holding every step's JSON. */
  toJSON(): ModelJSON {
    return modelJSON('Pipeline', Pipeline.VERSION, {}, { steps: this.steps.map((s) => s.toJSON()) });
  }

  /**
   * Restores a pipeline; `readStep` restores each step (the generic `fromJSON` passes itself).
   * Throws `BAD_MODEL`.
   */
  static fromJSON(json: unknown, readStep: (j: ModelJSON) => PipelineStep): Pipeline {
    const j = checkModelJSON(json, 'Pipeline', Pipeline.VERSION);
    const st = j.state as { steps?: unknown } | undefined;
    checkState(st && Array.isArray(st.steps) && st.steps.length > 0, 'Pipeline', 'state.steps must be a non-empty array');
    const steps = (st!.steps as ModelJSON[]).map((s) => readStep(s));
    try {
      return new Pipeline(steps);
    } catch (e) {
      throw new MirkitError('BAD_MODEL', `Pipeline model JSON is malformed: ${(e as Error).message}`);
    }
  }
}
