import {
  arrayToF64,
  arrayToI32,
  assertFitted,
  badOption,
  checkClasses,
  checkSeed,
  checkState,
  encodeLabels,
  modelJSON,
  probaToLabels,
  softmaxInPlace,
  softmaxRow,
  toDense,
  ParamsEstimator,
  readModelJSON,
} from './base.js';
import { createRng, type Rng } from './random.js';
import { partitionSortedLists } from './tree-core.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';
import { readConstructorOptions } from '../options.js';

/** Options of {@link GradientBoosting} (scikit-learn's `GradientBoostingClassifier` parameters). */
export interface GradientBoostingOptions {
  /** Shrinkage of each tree's contribution (default 0.1). */
  learningRate?: number;
  /** Boosting stages (default 100); each stage fits one tree per class (one in total for two classes). */
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

/** One regression tree: `feature = -1` marks a leaf whose output is `value`. */
interface RegTree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

/**
 * Gradient boosting with the log-loss, scikit-learn's `GradientBoostingClassifier`: init from the
 * class priors (log-probabilities), then per stage one regression tree per class on the residuals
 * `y_k - p_k` (a single tree with the logistic loss for two classes), split by the Friedman MSE
 * criterion, leaf values one Newton step `(K-1)/K * sum(r) / sum(p (1 - p))`, shrunk by the learning rate.
 * Splits are searched on quantile-binned features (histograms with parent-minus-sibling subtraction):
 * with up to 256 bins this finds the exact splits whenever a feature has at most 256 distinct values,
 * and is far faster than scikit-learn's exact search otherwise.
 */
export class GradientBoosting extends ParamsEstimator<Required<GradientBoostingOptions>> implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  /** Options with defaults filled. */
  readonly params: Required<GradientBoostingOptions>;
  /** Classes seen in fit (sorted). */
  classes: Label[] = [];
  private init: Float64Array | null = null;
  /** `trees[stage * nOutputs + k]`. */
  private trees: RegTree[] = [];
  private nFeatures = 0;

  /** @param options - see {@link GradientBoostingOptions} */
  constructor(options: GradientBoostingOptions = {}) {
    super();
    options = readConstructorOptions('GradientBoosting', options);
    const p = {
      learningRate: options.learningRate ?? 0.1,
      nEstimators: options.nEstimators ?? 100,
      maxDepth: options.maxDepth ?? 3,
      subsample: options.subsample ?? 1,
      minSamplesSplit: options.minSamplesSplit ?? 2,
      minSamplesLeaf: options.minSamplesLeaf ?? 1,
      seed: checkSeed(options.seed),
    };
    if (!(p.learningRate > 0 && Number.isFinite(p.learningRate))) badOption('learningRate', 'must be a positive number');
    if (!Number.isInteger(p.nEstimators) || p.nEstimators < 1) badOption('nEstimators', 'must be a positive integer');
    if (!Number.isInteger(p.maxDepth) || p.maxDepth < 1) badOption('maxDepth', 'must be a positive integer');
    if (!(p.subsample > 0 && p.subsample <= 1)) badOption('subsample', 'must be in (0, 1]');
    if (!Number.isInteger(p.minSamplesSplit) || p.minSamplesSplit < 2) badOption('minSamplesSplit', 'must be an integer >= 2');
    if (!Number.isInteger(p.minSamplesLeaf) || p.minSamplesLeaf < 1) badOption('minSamplesLeaf', 'must be a positive integer');
    this.params = p;
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
          const t = raw[i];
          prob[i] = t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
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
          let node = 0;
          const off = i * d;
          while (tree.feature[node] >= 0) node = data[off + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
          raw[i * O + k] += lr * tree.value[node];
        }
        trees.push({ feature: tree.feature, threshold: tree.threshold, left: tree.left, right: tree.right, value: tree.value });
      }
    }
    this.classes = classes;
    this.init = init;
    this.trees = trees;
    this.nFeatures = d;
    return this;
  }

  /** Raw scores (log-odds per class, or one log-odds column for two classes). */
  decisionFunction(X: FeatureTable): number[][] {
    assertFitted(this.init !== null, 'GradientBoosting');
    const { n, d, data } = toDense(X, 'X', this.nFeatures);
    const O = this.init!.length,
      lr = this.params.learningRate;
    const out: number[][] = [];
    const z = new Float64Array(O);
    for (let i = 0; i < n; i++) {
      z.set(this.init!);
      const off = i * d;
      for (let t = 0; t < this.trees.length; t++) {
        const tr = this.trees[t];
        let node = 0;
        while (tr.feature[node] >= 0) node = data[off + tr.feature[node]] <= tr.threshold[node] ? tr.left[node] : tr.right[node];
        z[t % O] += lr * tr.value[node];
      }
      out.push(Array.from(z));
    }
    return out;
  }

  /** Class probabilities (softmax of the raw scores; the logistic for two classes). */
  predictProba(X: FeatureTable): number[][] {
    return this.decisionFunction(X).map((z) => {
      if (z.length === 1) {
        const t = z[0];
        const p = t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
        return [1 - p, p];
      }
      return softmaxRow(z);
    });
  }

  /** The most probable class per row. */
  predict(X: FeatureTable): Label[] {
    return probaToLabels(this.predictProba(X), this.classes);
  }

  /** Plain-JSON snapshot. */
  toJSON(): ModelJSON {
    return modelJSON(
      'GradientBoosting',
      GradientBoosting.VERSION,
      this.params as unknown as Record<string, unknown>,
      this.init
        ? {
            classes: this.classes,
            nFeatures: this.nFeatures,
            init: Array.from(this.init),
            trees: this.trees.map((t) => ({
              feature: Array.from(t.feature),
              threshold: Array.from(t.threshold),
              left: Array.from(t.left),
              right: Array.from(t.right),
              value: Array.from(t.value),
            })),
          }
        : undefined,
    );
  }

  /** Restores a model saved by {@link GradientBoosting.toJSON}. Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): GradientBoosting {
    return readModelJSON(
      json,
      'GradientBoosting',
      GradientBoosting.VERSION,
      (p) => new GradientBoosting(p as GradientBoostingOptions),
      (m, st) => {
        const T = 'GradientBoosting';
        m.classes = checkClasses(st.classes, T);
        checkState(Number.isInteger(st.nFeatures) && (st.nFeatures as number) > 0, T, 'state.nFeatures');
        m.nFeatures = st.nFeatures as number;
        const O = m.classes.length === 2 ? 1 : m.classes.length;
        m.init = arrayToF64(st.init, T, 'state.init', O);
        checkState(Array.isArray(st.trees) && st.trees.length > 0 && st.trees.length % O === 0, T, 'state.trees');
        m.trees = (st.trees as unknown[]).map((t) => readRegTree(t, m.nFeatures, T));
      },
    );
  }
}

/** Reads and checks a regression tree from JSON. */
export function readRegTree(t: unknown, d: number, T: string): RegTree {
  checkState(typeof t === 'object' && t !== null, T, 'tree must be an object');
  const o = t as Record<string, unknown>;
  const feature = arrayToI32(o.feature, T, 'tree.feature');
  const nn = feature.length;
  const tree: RegTree = {
    feature,
    threshold: arrayToF64(o.threshold, T, 'tree.threshold', nn),
    left: Int32Array.from(arrayToF64(o.left, T, 'tree.left', nn)),
    right: Int32Array.from(arrayToF64(o.right, T, 'tree.right', nn)),
    value: arrayToF64(o.value, T, 'tree.value', nn),
  };
  for (let v = 0; v < nn; v++) {
    if (feature[v] >= 0)
      checkState(feature[v] < d && tree.left[v] > v && tree.right[v] > v && tree.left[v] < nn && tree.right[v] < nn, T, `tree node ${v} is invalid`);
  }
  return tree;
}

/** Moves a uniform random subset of size k to the front of `a` (partial Fisher-Yates). */
function partialShuffle(a: Int32Array, k: number, rng: Rng): void {
  const n = a.length;
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/**
 * Builds depth-limited least-squares regression trees with the Friedman MSE criterion by exact
 * greedy search over presorted feature lists (scikit-learn's splitter without feature sampling):
 * each node keeps, per feature, its in-bag samples in sorted order; a split partitions those lists
 * stably (double-buffered by depth parity). Thresholds are placed halfway between neighbouring values.
 */
class ExactRegTreeBuilder {
  private readonly n: number;
  private readonly d: number;
  private readonly Xc: Float64Array;
  private readonly order: Int32Array;
  private readonly rank: Int32Array;
  private readonly maxDepth: number;
  private readonly minSplit: number;
  private readonly minLeaf: number;
  private stageLists: Int32Array = new Int32Array(0);
  private S: Int32Array = new Int32Array(0);
  private tmp: Int32Array = new Int32Array(0);
  private m = 0;
  private readonly goLeft: Uint8Array;

  constructor(data: Float64Array, n: number, d: number, maxDepth: number, minSplit: number, minLeaf: number) {
    this.n = n;
    this.d = d;
    this.maxDepth = maxDepth;
    this.minSplit = minSplit;
    this.minLeaf = minLeaf;
    const Xc = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) Xc[f * n + i] = data[i * d + f];
    this.Xc = Xc;
    const order = new Int32Array(n * d);
    const idx = new Array<number>(n);
    for (let f = 0; f < d; f++) {
      for (let i = 0; i < n; i++) idx[i] = i;
      const off = f * n;
      idx.sort((a, b) => Xc[off + a] - Xc[off + b] || a - b);
      for (let i = 0; i < n; i++) order[off + i] = idx[i];
    }
    this.order = order;
    // dense ranks (equal values share a rank) so the split scan compares integers
    const rank = new Int32Array(n * d);
    for (let f = 0; f < d; f++) {
      const off = f * n;
      let rk = 0;
      for (let t = 0; t < n; t++) {
        if (t > 0 && Xc[off + order[off + t]] > Xc[off + order[off + t - 1]] + 1e-7) rk++;
        rank[off + order[off + t]] = rk;
      }
    }
    this.rank = rank;
    this.goLeft = new Uint8Array(n);
  }

  /** Sets the in-bag samples of a stage (sorted per feature once, shared by the stage's K trees). */
  setStage(inbag: Uint8Array, m: number): void {
    const { n, d, order } = this;
    if (this.stageLists.length !== d * m) {
      this.stageLists = new Int32Array(d * m);
      this.S = new Int32Array(d * m);
      this.tmp = new Int32Array(m);
    }
    this.m = m;
    const L = this.stageLists;
    for (let f = 0; f < d; f++) {
      let p = f * m;
      const o = f * n;
      for (let r = 0; r < n; r++) {
        const i = order[o + r];
        if (inbag[i]) L[p++] = i;
      }
    }
  }

  /** Grows one tree on residuals `r`; writes each in-bag sample's leaf into `leafOf`. */
  build(r: Float64Array, leafOf: Int32Array): RegTree {
    const { n, d, Xc, m, minLeaf, goLeft } = this;
    const S = this.S;
    S.set(this.stageLists);
    const feature: number[] = [],
      thr: number[] = [],
      left: number[] = [],
      right: number[] = [];
    const mk = () => {
      feature.push(-1);
      thr.push(0);
      left.push(-1);
      right.push(-1);
      return feature.length - 1;
    };
    const stack: number[] = [mk(), 0, m, 0];
    while (stack.length) {
      const depth = stack.pop()!,
        e = stack.pop()!,
        s = stack.pop()!,
        node = stack.pop()!;
      const cnt = e - s;
      let leaf = depth >= this.maxDepth || cnt < this.minSplit || cnt < 2 * minLeaf;
      let G = 0;
      if (!leaf) {
        let sq = 0;
        for (let p = s; p < e; p++) {
          const v = r[S[p]];
          G += v;
          sq += v * v;
        }
        const mean = G / cnt;
        if (sq / cnt - mean * mean <= 2.220446049250313e-16) leaf = true; // (near-)pure node
      }
      let bf = -1,
        bpos = -1,
        bthr = 0,
        bi = 0,
        bj = 0;
      if (!leaf) {
        let best = -Infinity;
        const Rk = this.rank;
        for (let f = 0; f < d; f++) {
          const base = f * m,
            xo = f * n;
          let gl = 0;
          let i = S[base + s];
          let rv = Rk[xo + i];
          for (let p = s; p < e - 1; p++) {
            gl += r[i];
            const j = S[base + p + 1];
            const rn = Rk[xo + j];
            const nl = p - s + 1;
            if (rn !== rv && nl >= minLeaf) {
              const nr = cnt - nl;
              if (nr < minLeaf) break;
              const diff = nr * gl - nl * (G - gl);
              const score = (diff * diff) / (nl * nr);
              if (score > best) {
                best = score;
                bf = f;
                bpos = p + 1;
                bi = i;
                bj = j;
              }
            }
            i = j;
            rv = rn;
          }
        }
        if (bf >= 0) {
          const xv = Xc[bf * n + bi],
            xn = Xc[bf * n + bj];
          let t = xv / 2 + xn / 2;
          if (t === xn || !Number.isFinite(t)) t = xv;
          bthr = t;
        }
      }
      if (bf < 0) {
        for (let p = s; p < e; p++) leafOf[S[p]] = node;
        continue;
      }
      const bb = bf * m;
      if (depth + 1 >= this.maxDepth) {
        // children are leaves at the depth limit: no need to partition the other features' lists
        feature[node] = bf;
        thr[node] = bthr;
        const L = mk(),
          R = mk();
        left[node] = L;
        right[node] = R;
        for (let p = s; p < bpos; p++) leafOf[S[bb + p]] = L;
        for (let p = bpos; p < e; p++) leafOf[S[bb + p]] = R;
        continue;
      }
      for (let p = s; p < bpos; p++) goLeft[S[bb + p]] = 1;
      for (let p = bpos; p < e; p++) goLeft[S[bb + p]] = 0;
      // stable in-place partition of every other feature's list (branch-free; right part via tmp)
      partitionSortedLists(S, goLeft, this.tmp, d, m, s, e, bf);
      feature[node] = bf;
      thr[node] = bthr;
      const L = mk(),
        R = mk();
      left[node] = L;
      right[node] = R;
      stack.push(R, bpos, e, depth + 1);
      stack.push(L, s, bpos, depth + 1);
    }
    return {
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(thr),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      value: new Float64Array(feature.length),
    };
  }
}
