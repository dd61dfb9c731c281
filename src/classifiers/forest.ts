import { assertFitted, badOption, checkState, encodeLabels, toDense, ProbaClassifier } from './base.js';
import { boolParam, checkEstimators } from './params.js';
import { createRng } from './random.js';
import { growOptions, treeParams } from './tree.js';
import { applyTree, classWeights, growTree, prepareTreeData, treeFromJSON, treeToJSON, type TreeModel } from './tree-core.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';
import { readConstructorOptions } from '../options.js';
import { RANDOM_FOREST_OPTIONS } from '../constructor-option-keys.js';

/** Options of {@link RandomForest} (scikit-learn's `RandomForestClassifier` parameters). */
export interface RandomForestOptions {
  /** Number of trees (default 100, at most 100 000). */
  nEstimators?: number;
  /** `'gini'` (default) or `'entropy'`. */
  criterion?: 'gini' | 'entropy';
  /** Maximum depth per tree (default null: unlimited). */
  maxDepth?: number | null;
  /** Minimum samples to split a node (default 2). */
  minSamplesSplit?: number;
  /** Minimum samples per leaf (default 1). */
  minSamplesLeaf?: number;
  /** Features sampled afresh at every split: `'sqrt'` (default), `'log2'`, a count, a fraction in (0, 1), or null = all. */
  maxFeatures?: 'sqrt' | 'log2' | number | null;
  /** Draw a bootstrap sample per tree (default true). */
  bootstrap?: boolean;
  /** `'balanced'`, `'balanced_subsample'` (recomputed on each bootstrap), `{ label: weight }` or null (default). */
  classWeight?: 'balanced' | 'balanced_subsample' | Record<string, number> | null;
  /** Seed for bootstraps and feature sampling (default 0). */
  seed?: number;
}

/**
 * A random forest of CART trees, scikit-learn's `RandomForestClassifier`: each tree grown on a
 * bootstrap sample (drawn as per-sample counts, i.e. sample weights, like scikit-learn), features
 * sampled at every split, probabilities the mean of the trees' leaf class fractions.
 *
 * @example
 * ```ts
 * new RandomForest({ nEstimators: 500, classWeight: 'balanced', maxFeatures: 'sqrt', seed: 1 }).fit(X, y);
 * ```
 */
export class RandomForest extends ProbaClassifier<Required<RandomForestOptions>> implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  /** The fitted trees. */
  trees: TreeModel[] = [];

  /** @param options - see {@link RandomForestOptions} */
  constructor(options: RandomForestOptions = {}) {
    options = readConstructorOptions('RandomForest', options, RANDOM_FOREST_OPTIONS);
    const tree = treeParams(options, 'sqrt');
    const nEstimators = options.nEstimators ?? 100;
    checkEstimators(nEstimators);
    const cw = options.classWeight ?? null;
    if (cw !== null && cw !== 'balanced' && cw !== 'balanced_subsample' && typeof cw !== 'object')
      badOption('classWeight', "must be 'balanced', 'balanced_subsample', an object or null");
    super({ nEstimators, ...tree, bootstrap: boolParam('bootstrap', options.bootstrap, true), classWeight: cw });
  }

  /** Grows all trees from scratch. */
  fit(X: FeatureTable, y: Label[]): this {
    const { n, d, data } = toDense(X);
    const { classes, yi } = encodeLabels(y, n);
    const K = classes.length;
    const td = prepareTreeData(data, n, d, yi, K);
    const p = this.params;
    const cwSpec = p.classWeight;
    const cwFull = classWeights(cwSpec === 'balanced_subsample' ? null : cwSpec, classes, yi);
    const opt = growOptions(p, d);
    const rng = createRng(p.seed);
    const w = new Float64Array(n),
      counts = new Float64Array(K);
    const trees: TreeModel[] = [];
    for (let t = 0; t < p.nEstimators; t++) {
      const trng = rng.fork();
      w.fill(0);
      if (p.bootstrap) for (let s = 0; s < n; s++) w[trng.int(n)] += 1;
      else w.fill(1);
      let cw = cwFull;
      if (cwSpec === 'balanced_subsample') {
        counts.fill(0);
        for (let i = 0; i < n; i++) counts[yi[i]] += w[i];
        cw = classWeights('balanced', classes, yi, counts);
      }
      for (let i = 0; i < n; i++) w[i] *= cw[yi[i]];
      trees.push(growTree(td, w, opt, trng));
    }
    this.trees = trees;
    return this.fitted(classes, d);
  }

  /** Mean over trees of the leaf class fractions (scikit-learn's soft voting). */
  predictProba(X: FeatureTable): number[][] {
    assertFitted(this.trees.length > 0, 'RandomForest');
    const { n, d, data } = toDense(X, 'X', this.nFeatures);
    const K = this.fittedClasses.length;
    const out: number[][] = [];
    const acc = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      acc.fill(0);
      for (const t of this.trees) {
        const leaf = applyTree(t, data, i * d) * K;
        for (let k = 0; k < K; k++) acc[k] += t.value[leaf + k];
      }
      const T = this.trees.length;
      out.push(Array.from(acc, (v) => v / T));
    }
    return out;
  }

  /** Plain-JSON snapshot. */
  toJSON(): ModelJSON {
    return this.fittedJSON('RandomForest', RandomForest.VERSION, this.trees.length ? { trees: this.trees.map(treeToJSON) } : null);
  }

  /** Restores a forest saved by {@link RandomForest.toJSON}. Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): RandomForest {
    return RandomForest.restoreFitted(json, 'RandomForest', (m, st) => {
      checkState(Array.isArray(st.trees) && st.trees.length > 0, 'RandomForest', 'state.trees must be a non-empty array');
      m.trees = (st.trees as unknown[]).map((t) => treeFromJSON(t, m.classes.length, m.nFeatures, 'RandomForest'));
    });
  }
}
