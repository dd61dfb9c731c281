import { assertFitted, badOption, checkSeed, encodeLabels, toDense, ProbaClassifier } from './base.js';
import { createRng } from './random.js';
import {
  applyTree,
  classWeights,
  growTree,
  prepareTreeData,
  resolveMaxFeatures,
  treeFromJSON,
  treeToJSON,
  type GrowOptions,
  type TreeModel,
} from './tree-core.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';
import { readConstructorOptions } from '../options.js';
import { DECISION_TREE_OPTIONS } from '../constructor-option-keys.js';

/** Options of {@link DecisionTree} (scikit-learn's `DecisionTreeClassifier` parameters). */
export interface DecisionTreeOptions {
  /** Split quality: `'gini'` (default) or `'entropy'`. */
  criterion?: 'gini' | 'entropy';
  /** Maximum depth (default null: grow until pure or until the other limits stop it). */
  maxDepth?: number | null;
  /** A node needs at least this many samples to be split (default 2). */
  minSamplesSplit?: number;
  /** Each leaf keeps at least this many samples (default 1). */
  minSamplesLeaf?: number;
  /** Features examined per split: `'sqrt'`, `'log2'`, an integer count, a fraction in (0, 1), or null = all (default). */
  maxFeatures?: 'sqrt' | 'log2' | number | null;
  /** `'balanced'` (weights n / (K * count)), `{ label: weight }`, or null (default). */
  classWeight?: 'balanced' | Record<string, number> | null;
  /** Seed for the feature order at each split (default 0). */
  seed?: number;
}

/** Validates the tree options shared by {@link DecisionTree} and {@link RandomForest}. */
export function checkTreeOptions(o: { criterion?: string; maxDepth?: number | null; minSamplesSplit?: number; minSamplesLeaf?: number }): void {
  if (o.criterion !== undefined && o.criterion !== 'gini' && o.criterion !== 'entropy') badOption('criterion', "must be 'gini' or 'entropy'");
  if (o.maxDepth !== undefined && o.maxDepth !== null && (!Number.isInteger(o.maxDepth) || o.maxDepth < 1))
    badOption('maxDepth', 'must be a positive integer or null');
  if (o.minSamplesSplit !== undefined && (!Number.isInteger(o.minSamplesSplit) || o.minSamplesSplit < 2))
    badOption('minSamplesSplit', 'must be an integer >= 2');
  if (o.minSamplesLeaf !== undefined && (!Number.isInteger(o.minSamplesLeaf) || o.minSamplesLeaf < 1))
    badOption('minSamplesLeaf', 'must be a positive integer');
}

/** The growth params shared by {@link DecisionTree} and {@link RandomForest}. */
export type TreeParams = Required<Pick<DecisionTreeOptions, 'criterion' | 'maxDepth' | 'minSamplesSplit' | 'minSamplesLeaf' | 'maxFeatures' | 'seed'>>;

/**
 * Checks the options shared by {@link DecisionTree} and {@link RandomForest} ({@link checkTreeOptions},
 * `maxFeatures`, `seed`) and fills their defaults; `maxFeatures` defaults to `maxFeaturesDefault`.
 */
export function treeParams(o: Omit<DecisionTreeOptions, 'classWeight'>, maxFeaturesDefault: TreeParams['maxFeatures']): TreeParams {
  checkTreeOptions(o);
  const p: TreeParams = {
    criterion: o.criterion ?? 'gini',
    maxDepth: o.maxDepth ?? null,
    minSamplesSplit: o.minSamplesSplit ?? 2,
    minSamplesLeaf: o.minSamplesLeaf ?? 1,
    maxFeatures: o.maxFeatures === undefined ? maxFeaturesDefault : o.maxFeatures,
    seed: checkSeed(o.seed),
  };
  resolveMaxFeatures(p.maxFeatures, 1000);
  return p;
}

/** The {@link GrowOptions} of tree params for data of `d` features. @internal */
export function growOptions(p: TreeParams, d: number): GrowOptions {
  return {
    criterion: p.criterion,
    maxDepth: p.maxDepth,
    minSamplesSplit: p.minSamplesSplit,
    minSamplesLeaf: p.minSamplesLeaf,
    maxFeatures: resolveMaxFeatures(p.maxFeatures, d),
  };
}

/**
 * A CART classification tree, scikit-learn's `DecisionTreeClassifier`: exact best split over the
 * (optionally sampled) features at every node by weighted Gini or entropy, thresholds halfway between
 * neighbouring values, leaves predicting the weighted class fractions.
 */
export class DecisionTree extends ProbaClassifier<Required<DecisionTreeOptions>> implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  /** The fitted tree. */
  tree: TreeModel | null = null;

  /** @param options - see {@link DecisionTreeOptions} */
  constructor(options: DecisionTreeOptions = {}) {
    options = readConstructorOptions('DecisionTree', options, DECISION_TREE_OPTIONS);
    super({ ...treeParams(options, null), classWeight: options.classWeight ?? null });
  }

  /** Grows the tree from scratch. */
  fit(X: FeatureTable, y: Label[]): this {
    const { n, d, data } = toDense(X);
    const { classes, yi } = encodeLabels(y, n);
    const K = classes.length;
    const td = prepareTreeData(data, n, d, yi, K);
    const cw = classWeights(this.params.classWeight, classes, yi);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = cw[yi[i]];
    this.tree = growTree(td, w, growOptions(this.params, d), createRng(this.params.seed));
    return this.fitted(classes, d);
  }

  /** Leaf class fractions per row. */
  predictProba(X: FeatureTable): number[][] {
    assertFitted(this.tree !== null, 'DecisionTree');
    const { n, d, data } = toDense(X, 'X', this.nFeatures);
    const K = this.fittedClasses.length,
      t = this.tree!;
    const out: number[][] = [];
    for (let i = 0; i < n; i++) {
      const leaf = applyTree(t, data, i * d);
      out.push(Array.from(t.value.subarray(leaf * K, leaf * K + K)));
    }
    return out;
  }

  /** Depth of the fitted tree (root alone = 0). */
  get depth(): number {
    assertFitted(this.tree !== null, 'DecisionTree');
    const t = this.tree!;
    const dep = new Int32Array(t.nodeCount);
    let m = 0;
    for (let i = 0; i < t.nodeCount; i++)
      if (t.feature[i] >= 0) {
        dep[t.left[i]] = dep[t.right[i]] = dep[i] + 1;
        m = Math.max(m, dep[i] + 1);
      }
    return m;
  }

  /** Plain-JSON snapshot. */
  toJSON(): ModelJSON {
    return this.fittedJSON('DecisionTree', DecisionTree.VERSION, this.tree ? { tree: treeToJSON(this.tree) } : null);
  }

  /** Restores a tree saved by {@link DecisionTree.toJSON}. Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): DecisionTree {
    return DecisionTree.restoreFitted(json, 'DecisionTree', (m, st) => {
      m.tree = treeFromJSON(st.tree, m.classes.length, m.nFeatures, 'DecisionTree');
    });
  }
}
