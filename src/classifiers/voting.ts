/**
 * Soft-voting ensemble: scikit-learn's `ensemble.VotingClassifier(voting='soft')`.
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { argmax, checkModelJSON, checkState, cloneModel, modelJSON } from './base.js';
import type { Classifier, FeatureTable, Label, ModelJSON, SequenceTable } from './types.js';
import { readConstructorOptions } from '../options.js';
import { VOTING_CLASSIFIER_OPTIONS } from '../constructor-option-keys.js';

/** Options of {@link VotingClassifier}. */
export interface VotingOptions {
  /** Weight of each estimator's probabilities (default: all 1). Non-negative, not all zero. */
  weights?: number[];
  /**
   * How the probabilities are combined: `'soft'` (default, scikit-learn's soft vote), the weighted arithmetic mean
   * `sum_k w_k P_k / sum_k w_k`; or `'geometric'`, the normalised weighted geometric mean, `softmax(sum_k w_k
   * log P_k / sum_k w_k)` (probabilities clamped at 1e-12 before the log), the mean of the members' log-probabilities.
   */
  voting?: 'soft' | 'geometric';
}

/**
 * Averages the class probabilities of several classifiers (weighted), like scikit-learn's
 * `VotingClassifier(voting='soft')`: `predictProba` is `sum_k w_k P_k / sum_k w_k` and `predict` its
 * argmax. Every estimator must know the same classes (they are aligned by label, whatever their order).
 * `fit` fits each estimator on the same data in turn (a Promise, since some estimators train
 * asynchronously); estimators already fitted can be combined without refitting by {@link VotingClassifier.fromFitted}.
 * Members may be pipelines taking sequences (`Matrix[]`), so one ensemble can mix sequence models
 * (LSTM, CNN) with pooled vector models. With `voting: 'geometric'` the members' log-probabilities are averaged
 * instead (a normalised weighted geometric mean: a member sure that a class is wrong vetoes it).
 *
 * @example
 * ```ts
 * const ens = VotingClassifier.fromFitted([lrPipeline, svcPipeline, lstm], { weights: [1, 1, 2] });
 * ens.predict(testSequences);
 * ```
 */
export class VotingClassifier implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  /** The member classifiers, in order. */
  readonly estimators: Classifier[];
  /** Options with defaults filled. */
  readonly params: {
    /** Weight of each estimator's probabilities. */
    weights: number[];
    /** How the probabilities are combined (see {@link VotingOptions.voting}). */
    voting: 'soft' | 'geometric';
  };
  private fitted = false;

  /**
   * @param estimators - two or more classifiers
   * @param options - see {@link VotingOptions}
   */
  constructor(estimators: Classifier[], options: VotingOptions = {}) {
    options = readConstructorOptions('VotingClassifier', options, VOTING_CLASSIFIER_OPTIONS);
    if (!Array.isArray(estimators) || estimators.length === 0)
      throw new MirkitError('BAD_OPTION', 'VotingClassifier needs a non-empty array of classifiers', { option: 'estimators' });
    for (const [i, e] of estimators.entries()) {
      if (typeof e?.predictProba !== 'function' || typeof e.fit !== 'function')
        throw new MirkitError('BAD_OPTION', `estimator ${i} is not a classifier (fit, predictProba)`, { option: 'estimators' });
    }
    const given = options.weights ?? estimators.map(() => 1);
    // Array.from reads the holes of a sparse array as undefined (`some` skips them)
    const weights = Array.isArray(given) ? Array.from(given) : [];
    if (weights.length !== estimators.length || weights.some((w) => !(typeof w === 'number' && Number.isFinite(w) && w >= 0)) || !weights.some((w) => w > 0)) {
      throw new MirkitError('BAD_OPTION', `weights must be ${estimators.length} finite non-negative numbers, not all zero`, { option: 'weights' });
    }
    const voting = options.voting ?? 'soft';
    if (voting !== 'soft' && voting !== 'geometric')
      throw new MirkitError('BAD_OPTION', `voting must be 'soft' or 'geometric', got ${JSON.stringify(voting)}`, { option: 'voting' });
    this.estimators = estimators.slice();
    this.params = { weights: weights.slice(), voting };
  }

  /** An ensemble of classifiers that are already fitted (nothing is refitted). Throws `BAD_OPTION` when their classes differ. */
  static fromFitted(estimators: Classifier[], options: VotingOptions = {}): VotingClassifier {
    const v = new VotingClassifier(estimators, options);
    v.checkClasses();
    v.fitted = true;
    return v;
  }

  /** The classes, as the first estimator sorts them. */
  get classes(): Label[] {
    if (!this.fitted) throw new MirkitError('NOT_FITTED', 'VotingClassifier is not fitted: call fit(X, y) first');
    return this.estimators[0].classes;
  }

  /** `NOT_FITTED` for a member without classes; `BAD_OPTION` unless every member knows the same labels (1 and '1' differ). */
  private checkClasses(): void {
    const ref = new Set(this.estimators[0].classes);
    for (const [i, e] of this.estimators.entries()) {
      const classes = e.classes;
      if (classes.length === 0) throw new MirkitError('NOT_FITTED', `VotingClassifier: estimator ${i} is not fitted`);
      if (classes.length !== ref.size || !classes.every((c) => ref.has(c)))
        throw new MirkitError('BAD_OPTION', `estimator ${i} knows other classes than estimator 0`, { option: 'estimators' });
    }
  }

  /** Fits every estimator on `X`, `y` in turn (from scratch). */
  async fit(X: FeatureTable | SequenceTable, y: Label[]): Promise<this> {
    this.fitted = false;
    for (const e of this.estimators) await e.fit(X as FeatureTable, y);
    this.checkClasses();
    this.fitted = true;
    return this;
  }

  /**
   * Weighted mean of the estimators' probabilities (`voting: 'geometric'`: their normalised weighted geometric
   * mean), columns in the order of {@link VotingClassifier.classes}.
   */
  predictProba(X: FeatureTable | SequenceTable): number[][] {
    const classes = this.classes;
    const pos = new Map<Label, number>(classes.map((c, i) => [c, i]));
    const { voting } = this.params;
    // relative to the largest, so that their total stays finite (1e308 twice overflowed to a zero vote)
    const top = Math.max(...this.params.weights);
    const weights = this.params.weights.map((w) => w / top);
    const total = weights.reduce((a, b) => a + b, 0);
    const geometric = voting === 'geometric';
    let out: number[][] | undefined;
    this.estimators.forEach((e, k) => {
      if (weights[k] === 0) return;
      const P = e.predictProba(X as FeatureTable);
      const map = e.classes.map((c) => pos.get(c)!);
      out ??= P.map(() => new Array<number>(classes.length).fill(0));
      for (let i = 0; i < P.length; i++)
        for (let j = 0; j < map.length; j++) out[i][map[j]] += (weights[k] / total) * (geometric ? Math.log(Math.max(P[i][j], 1e-12)) : P[i][j]);
    });
    if (geometric)
      for (const row of out!) {
        const m = Math.max(...row);
        let z = 0;
        for (let j = 0; j < row.length; j++) {
          row[j] = Math.exp(row[j] - m);
          z += row[j];
        }
        for (let j = 0; j < row.length; j++) row[j] /= z;
      }
    return out!;
  }

  /** The class of highest mean probability per sample. */
  predict(X: FeatureTable | SequenceTable): Label[] {
    const classes = this.classes;
    return this.predictProba(X).map((r) => classes[argmax(r)]);
  }

  /** Frees resources held by any member with `dispose()`. */
  dispose(): void {
    for (const e of this.estimators) (e as { dispose?: () => void }).dispose?.();
  }

  /**
   * The params: the weights and each member's type and params as unfitted model JSON
   * (scikit-learn's `get_params`), plain JSON.
   */
  getParams(): {
    /** Each member's unfitted model JSON, in order. */
    estimators: ModelJSON[];
    /** The members' voting weights. */
    weights: number[];
    /** How the probabilities are combined. */
    voting: 'soft' | 'geometric';
  } {
    return {
      estimators: this.estimators.map((e, i) => cloneModel(e, `estimator ${i}`).toJSON()),
      weights: this.params.weights.slice(),
      voting: this.params.voting,
    };
  }

  /** An unfitted copy: every member cloned, same weights (scikit-learn's `clone`). */
  clone(): VotingClassifier {
    return new VotingClassifier(
      this.estimators.map((e, i) => cloneModel(e, `estimator ${i}`)),
      { weights: this.params.weights.slice(), voting: this.params.voting },
    );
  }

  /** One JSON holding every member's JSON and the weights. */
  toJSON(): ModelJSON {
    return modelJSON('VotingClassifier', VotingClassifier.VERSION, this.params, { fitted: this.fitted, estimators: this.estimators.map((e) => e.toJSON()) });
  }

  /** Restores an ensemble; `readMember` restores each member (the generic `fromJSON` passes itself). Throws `BAD_MODEL`. */
  static fromJSON(json: unknown, readMember: (j: ModelJSON) => Classifier): VotingClassifier {
    const j = checkModelJSON(json, 'VotingClassifier', VotingClassifier.VERSION);
    const st = j.state as { fitted?: unknown; estimators?: unknown } | undefined;
    checkState(st && Array.isArray(st.estimators) && st.estimators.length > 0, 'VotingClassifier', 'state.estimators must be a non-empty array');
    const members = (st!.estimators as ModelJSON[]).map((m) => readMember(m));
    try {
      return st!.fitted === true ? VotingClassifier.fromFitted(members, j.params as VotingOptions) : new VotingClassifier(members, j.params as VotingOptions);
    } catch (e) {
      throw new MirkitError('BAD_MODEL', `VotingClassifier model JSON is malformed: ${(e as Error).message}`);
    }
  }
}
