import { sigmoid, arrayToF64, checkState, encodeLabels, softmaxInPlace, toDense, ScoreClassifier } from './base.js';
import { checkSeed, checkIntParam, checkPositiveParam, checkEstimators, withDefaults } from './params.js';
import { boostedScores } from './boosting.js';
import { createRng } from './random.js';
import { applyTree, treeToJSON } from './tree-core.js';
import { ExactRegTreeBuilder, partialShuffle, readRegTree, type RegTree } from './regression-tree.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';
import { readConstructorOptions } from '../options.js';
import { GRADIENT_BOOSTING_OPTIONS } from '../constructor-option-keys.js';

export { readRegTree } from './regression-tree.js';

/** Options of {@link GradientBoosting} (scikit-learn's `GradientBoostingClassifier` parameters). */
export interface GradientBoostingOptions {
  /** Shrinkage of each tree's contribution (default 0.1). */
  learningRate?: number;
  /** Boosting stages (default 100, at most 100 000); each stage fits one tree per class (one in total for two classes). */
  nEstimators?: number;
  /** Maximum depth of each regression tree (default 3). */
  maxDepth?: number;
  /** Fraction of samples drawn (without replacement) for each stage (default 1). */
  subsample?: number;
  /** Minimum samples to split a node (default 2). */
  minSamplesSplit?: number;
  /** Minimum samples per leaf (default 1). */
  minSamplesLeaf?: number;
  /** Seed for the subsampling (default 0). */
  seed?: number;
}

/** The defaults of {@link GradientBoostingOptions} (scikit-learn's), less the seed. */
const GRADIENT_BOOSTING_DEFAULTS = { learningRate: 0.1, nEstimators: 100, maxDepth: 3, subsample: 1, minSamplesSplit: 2, minSamplesLeaf: 1 };

/**
 * Gradient boosting with the log-loss, scikit-learn's `GradientBoostingClassifier`: init from the
 * class priors (log-probabilities), then per stage one regression tree per class on the residuals
 * `y_k - p_k` (a single tree with the logistic loss for two classes), split by the Friedman MSE
 * criterion, leaf values one Newton step `(K-1)/K * sum(r) / sum(p (1 - p))`, shrunk by the learning rate.
 * Splits are searched on quantile-binned features (histograms with parent-minus-sibling subtraction):
 * with up to 256 bins this finds the exact splits whenever a feature has at most 256 distinct values,
 * and is far faster than scikit-learn's exact search otherwise.
 */
export class GradientBoosting extends ScoreClassifier<Required<GradientBoostingOptions>> implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  private init: Float64Array | null = null;
  /** `trees[stage * nOutputs + k]`. */
  private trees: RegTree[] = [];

  /** @param options - see {@link GradientBoostingOptions} */
  constructor(options: GradientBoostingOptions = {}) {
    options = readConstructorOptions('GradientBoosting', options, GRADIENT_BOOSTING_OPTIONS);
    const p = { ...withDefaults(GRADIENT_BOOSTING_DEFAULTS, options), seed: checkSeed(options.seed) };
    checkPositiveParam('learningRate', p.learningRate);
    checkEstimators(p.nEstimators);
    checkIntParam('maxDepth', p.maxDepth);
    checkPositiveParam('subsample', p.subsample, true);
    checkIntParam('minSamplesSplit', p.minSamplesSplit, 2);
    checkIntParam('minSamplesLeaf', p.minSamplesLeaf);
    super(p);
  }

  /** Fits all stages from scratch. */
  fit(X: FeatureTable, y: Label[]): this {
    const { n, d, data } = toDense(X);
    const { classes, yi } = encodeLabels(y, n);
    const K = classes.length;
    const O = K === 2 ? 1 : K;
    const p = this.params;
    // init: class priors
    const prior = new Float64Array(K);
    for (let i = 0; i < n; i++) prior[yi[i]]++;
    const init = new Float64Array(O);
    if (O === 1) {
      const p1 = prior[1] / n;
      init[0] = Math.log(p1 / (1 - p1));
    } else {
      for (let k = 0; k < K; k++) init[k] = Math.log(Math.max(prior[k] / n, 2.220446049250313e-16));
    }
    const raw = new Float64Array(n * O);
    for (let i = 0; i < n; i++) raw.set(init, i * O);
    const prob = new Float64Array(n * O);
    const resid = new Float64Array(n),
      hess = new Float64Array(n);
    const rng = createRng(p.seed);
    const nIn = Math.max(1, Math.floor(p.subsample * n));
    const perm = new Int32Array(n);
    const inbag = new Int32Array(nIn);
    const mask = new Uint8Array(n);
    const builder = new ExactRegTreeBuilder(data, n, d, p.maxDepth, p.minSamplesSplit, p.minSamplesLeaf);
    const trees: RegTree[] = [];
    const factor = O === 1 ? 1 : (K - 1) / K;
    const leafOf = new Int32Array(n);
    for (let s = 0; s < p.nEstimators; s++) {
      // probabilities at the start of the stage
      if (O === 1) {
        for (let i = 0; i < n; i++) {
          prob[i] = sigmoid(raw[i]);
        }
      } else {
        prob.set(raw);
        for (let i = 0; i < n; i++) softmaxInPlace(prob, i * O, O);
      }
      // subsample (same in-bag set for all K trees of the stage, like scikit-learn)
      let m: Int32Array;
      if (nIn < n) {
        for (let i = 0; i < n; i++) perm[i] = i;
        partialShuffle(perm, nIn, rng);
        inbag.set(perm.subarray(0, nIn));
        inbag.sort();
        m = inbag;
      } else {
        if (s === 0) for (let i = 0; i < n; i++) perm[i] = i;
        m = perm;
      }
      mask.fill(0);
      for (let t = 0; t < m.length; t++) mask[m[t]] = 1;
      builder.setStage(mask, m.length);
      for (let k = 0; k < O; k++) {
        const target = O === 1 ? 1 : k;
        for (let i = 0; i < n; i++) {
          const pk = prob[i * O + k];
          resid[i] = (yi[i] === target ? 1 : 0) - pk;
          hess[i] = pk * (1 - pk);
        }
        const tree = builder.build(resid, leafOf);
        // leaf values: one Newton step over the in-bag samples of each leaf
        const nodes = tree.feature.length;
        const num = new Float64Array(nodes),
          den = new Float64Array(nodes);
        for (let t = 0; t < m.length; t++) {
          const i = m[t];
          num[leafOf[i]] += resid[i];
          den[leafOf[i]] += hess[i];
        }
        for (let v = 0; v < nodes; v++) {
          if (tree.feature[v] >= 0) continue;
          tree.value[v] = Math.abs(den[v]) < 1e-150 ? 0 : (factor * num[v]) / den[v];
        }
        // update raw predictions of every sample (in-bag and out-of-bag)
        const lr = p.learningRate;
        for (let i = 0; i < n; i++) {
          raw[i * O + k] += lr * tree.value[applyTree(tree, data, i * d)];
        }
        trees.push({ feature: tree.feature, threshold: tree.threshold, left: tree.left, right: tree.right, value: tree.value });
      }
    }
    this.init = init;
    this.trees = trees;
    return this.fitted(classes, d);
  }

  /** Raw scores (log-odds per class, or one log-odds column for two classes). */
  decisionFunction(X: FeatureTable): number[][] {
    const lr = this.params.learningRate;
    return boostedScores('GradientBoosting', this.init, X, this.nFeatures, (z, data, off) => {
      for (let t = 0; t < this.trees.length; t++) {
        const tr = this.trees[t];
        z[t % z.length] += lr * tr.value[applyTree(tr, data, off)];
      }
    });
  }

  /** Plain-JSON snapshot. */
  toJSON(): ModelJSON {
    return this.fittedJSON('GradientBoosting', GradientBoosting.VERSION, this.init ? { init: Array.from(this.init), trees: this.trees.map(treeToJSON) } : null);
  }

  /** Restores a model saved by {@link GradientBoosting.toJSON}. Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): GradientBoosting {
    return GradientBoosting.restoreFitted(json, 'GradientBoosting', (m, st) => {
      const T = 'GradientBoosting';
      const O = m.classes.length === 2 ? 1 : m.classes.length;
      m.init = arrayToF64(st.init, T, 'state.init', O);
      checkState(Array.isArray(st.trees) && st.trees.length > 0 && st.trees.length % O === 0, T, 'state.trees');
      m.trees = (st.trees as unknown[]).map((t) => readRegTree(t, m.nFeatures, T));
    });
  }
}
