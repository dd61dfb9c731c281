import { arrayToF64, arrayToI32, badOption, checkState, encodeLabels, softmaxInPlace, toDense, ScoreClassifier } from './base.js';
import { checkSeed, checkIntParam, checkPositiveParam, checkEstimators, withDefaults } from './params.js';
import { binFeatures } from './binning.js';
import { boostedScores } from './boosting.js';
import { createRng } from './random.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';
import { readConstructorOptions } from '../options.js';
import { OBLIVIOUS_BOOSTING_OPTIONS } from '../constructor-option-keys.js';

/** Options of {@link ObliviousBoosting} (CatBoost's parameter names in camelCase where they exist). */
export interface ObliviousBoostingOptions {
  /** Boosting iterations, one symmetric tree each (default 200, at most 100 000; CatBoost's `iterations`). */
  nEstimators?: number;
  /** Shrinkage (default 0.1). */
  learningRate?: number;
  /** Depth of every tree: 2^depth leaves (default 6). */
  depth?: number;
  /** L2 regularisation of the leaf values (default 3, CatBoost's `l2_leaf_reg`). */
  l2LeafReg?: number;
  /** Quantile bins per feature (default 64, at most 256; CatBoost's `border_count`). */
  borderCount?: number;
  /** Fraction of features considered per tree (default 1; CatBoost's `rsm`). */
  rsm?: number;
  /** Fraction of samples per tree, drawn without replacement (default 1). */
  subsample?: number;
  /** Seed for feature and sample subsampling (default 0). */
  seed?: number;
}

/** The defaults of {@link ObliviousBoostingOptions}, less the seed. */
const OBLIVIOUS_DEFAULTS = { nEstimators: 200, learningRate: 0.1, depth: 6, l2LeafReg: 3, borderCount: 64, rsm: 1, subsample: 1 };

/**
 * Gradient boosting of oblivious (symmetric) decision trees in the spirit of CatBoost: every level
 * of a tree uses one (feature, threshold) pair for all its nodes, so a tree is `depth` comparisons
 * and a table of 2^depth leaf vectors. Multi-class softmax loss; each level picks the split that
 * maximises `sum over leaves and classes of G^2 / (n + l2LeafReg)` on quantile-binned features;
 * leaf values are one Newton step `-G_k / (H_k + l2LeafReg)` per class, shrunk by the learning rate.
 * Not a port of CatBoost (no ordered boosting or categorical features).
 */
export class ObliviousBoosting extends ScoreClassifier<Required<ObliviousBoostingOptions>> implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  private init: Float64Array | null = null;
  /** Per tree: features and thresholds per level, leaf values `[2^depth][K]`. */
  private trees: { features: Int32Array; thresholds: Float64Array; leaves: Float64Array }[] = [];

  /** @param options - see {@link ObliviousBoostingOptions} */
  constructor(options: ObliviousBoostingOptions = {}) {
    options = readConstructorOptions('ObliviousBoosting', options, OBLIVIOUS_BOOSTING_OPTIONS);
    const p: Required<ObliviousBoostingOptions> = { ...withDefaults(OBLIVIOUS_DEFAULTS, options), seed: checkSeed(options.seed) };
    checkEstimators(p.nEstimators);
    checkPositiveParam('learningRate', p.learningRate);
    checkIntParam('depth', p.depth, 1, 12);
    if (!(p.l2LeafReg >= 0 && Number.isFinite(p.l2LeafReg))) badOption('l2LeafReg', 'must be a non-negative number');
    checkIntParam('borderCount', p.borderCount, 2, 256);
    checkPositiveParam('rsm', p.rsm, true);
    checkPositiveParam('subsample', p.subsample, true);
    super(p);
  }

  /** Fits from scratch. */
  fit(X: FeatureTable, y: Label[]): this {
    const { n, d, data } = toDense(X);
    const { classes, yi } = encodeLabels(y, n);
    const K = classes.length;
    const p = this.params;
    const B = binFeatures(data, n, d, p.borderCount);
    const offs = new Int32Array(d + 1);
    for (let f = 0; f < d; f++) offs[f + 1] = offs[f] + B.nBins[f];
    const TB = offs[d];
    const K1 = K + 1;
    const init = new Float64Array(K);
    for (let i = 0; i < n; i++) init[yi[i]]++;
    for (let k = 0; k < K; k++) init[k] = Math.log(Math.max(init[k] / n, 1e-12));
    const raw = new Float64Array(n * K);
    for (let i = 0; i < n; i++) raw.set(init, i * K);
    const prob = new Float64Array(n * K),
      grad = new Float64Array(n * K),
      hess = new Float64Array(n * K);
    const leafOf = new Int32Array(n);
    const rng = createRng(p.seed);
    const nFeat = Math.max(1, Math.round(p.rsm * d));
    const nIn = Math.max(1, Math.floor(p.subsample * n));
    const feats = new Int32Array(d),
      perm = new Int32Array(n);
    const lam = p.l2LeafReg;
    const maxLeaves = 1 << p.depth;
    const hist = new Float64Array(maxLeaves * TB * K1);
    const tot = new Float64Array(maxLeaves * K1);
    const trees: ObliviousBoosting['trees'] = [];
    for (let it = 0; it < p.nEstimators; it++) {
      prob.set(raw);
      for (let i = 0; i < n; i++) {
        softmaxInPlace(prob, i * K, K);
        for (let k = 0; k < K; k++) {
          const pk = prob[i * K + k];
          grad[i * K + k] = pk - (yi[i] === k ? 1 : 0);
          hess[i * K + k] = pk * (1 - pk);
        }
      }
      for (let f = 0; f < d; f++) feats[f] = f;
      if (nFeat < d) rng.shuffle(feats);
      for (let i = 0; i < n; i++) perm[i] = i;
      if (nIn < n) rng.shuffle(perm);
      const inb = perm.subarray(0, nIn);
      for (let t = 0; t < nIn; t++) leafOf[inb[t]] = 0;
      const tf = new Int32Array(p.depth),
        tt = new Float64Array(p.depth),
        tbin = new Int32Array(p.depth);
      for (let level = 0; level < p.depth; level++) {
        const L = 1 << level;
        hist.fill(0, 0, L * TB * K1);
        tot.fill(0, 0, L * K1);
        // layout [feature][bin][leaf][K grads + count], filled feature by feature so each
        // feature's block (bins x leaves x (K+1)) stays in cache
        for (let t = 0; t < nIn; t++) {
          const i = inb[t];
          const go = i * K,
            to = leafOf[i] * K1;
          for (let k = 0; k < K; k++) tot[to + k] += grad[go + k];
          tot[to + K] += 1;
        }
        for (let q = 0; q < nFeat; q++) {
          const f = feats[q];
          const fo = offs[f] * L,
            bo = f * n;
          for (let t = 0; t < nIn; t++) {
            const i = inb[t];
            const h = (fo + B.bins[bo + i] * L + leafOf[i]) * K1;
            const go = i * K;
            for (let k = 0; k < K; k++) hist[h + k] += grad[go + k];
            hist[h + K] += 1;
          }
        }
        let best = -Infinity,
          bf = -1,
          bb = -1;
        const acc = new Float64Array(L * K1);
        for (let q = 0; q < nFeat; q++) {
          const f = feats[q];
          const nb = B.nBins[f];
          acc.fill(0);
          for (let b = 0; b < nb - 1; b++) {
            let score = 0;
            for (let lo = 0; lo < L; lo++) {
              const h = ((offs[f] + b) * L + lo) * K1,
                a = lo * K1,
                to = lo * K1;
              for (let k = 0; k <= K; k++) acc[a + k] += hist[h + k];
              const nl = acc[a + K],
                nr = tot[to + K] - nl;
              for (let k = 0; k < K; k++) {
                const gl = acc[a + k],
                  gr = tot[to + k] - gl;
                score += (gl * gl) / (nl + lam) + (gr * gr) / (nr + lam);
              }
            }
            if (score > best) {
              best = score;
              bf = f;
              bb = b;
            }
          }
        }
        if (bf < 0) {
          bf = feats[0];
          bb = B.nBins[bf] - 1;
        } // no split possible: a dummy level sending all left
        tf[level] = bf;
        tbin[level] = bb;
        tt[level] = bb < B.cuts[bf].length ? B.cuts[bf][bb] : Infinity;
        for (let t = 0; t < nIn; t++) {
          const i = inb[t];
          leafOf[i] = leafOf[i] * 2 + (B.bins[bf * n + i] > bb ? 1 : 0);
        }
      }
      // Newton leaf values on the in-bag samples
      const G = new Float64Array(maxLeaves * K),
        H = new Float64Array(maxLeaves * K);
      for (let t = 0; t < nIn; t++) {
        const i = inb[t],
          lo = leafOf[i] * K;
        for (let k = 0; k < K; k++) {
          G[lo + k] += grad[i * K + k];
          H[lo + k] += hess[i * K + k];
        }
      }
      const leaves = new Float64Array(maxLeaves * K);
      for (let q = 0; q < maxLeaves * K; q++) leaves[q] = (-p.learningRate * G[q]) / (H[q] + lam);
      // update all samples
      for (let i = 0; i < n; i++) {
        let lo = 0;
        for (let level = 0; level < p.depth; level++) lo = lo * 2 + (B.bins[tf[level] * n + i] > tbin[level] ? 1 : 0);
        for (let k = 0; k < K; k++) raw[i * K + k] += leaves[lo * K + k];
      }
      trees.push({ features: tf, thresholds: tt, leaves });
    }
    this.init = init;
    this.trees = trees;
    return this.fitted(classes, d);
  }

  /** Raw class scores `[n][K]`. */
  decisionFunction(X: FeatureTable): number[][] {
    return boostedScores('ObliviousBoosting', this.init, X, this.nFeatures, (z, data, off) => {
      const K = z.length;
      for (const t of this.trees) {
        let lo = 0;
        for (let l = 0; l < t.features.length; l++) lo = lo * 2 + (data[off + t.features[l]] > t.thresholds[l] ? 1 : 0);
        for (let k = 0; k < K; k++) z[k] += t.leaves[lo * K + k];
      }
    });
  }

  /** Plain-JSON snapshot. */
  toJSON(): ModelJSON {
    return this.fittedJSON(
      'ObliviousBoosting',
      ObliviousBoosting.VERSION,
      this.init
        ? {
            init: Array.from(this.init),
            trees: this.trees.map((t) => ({
              features: Array.from(t.features),
              thresholds: Array.from(t.thresholds, (v) => (Number.isFinite(v) ? v : 1.7976931348623157e308)),
              leaves: Array.from(t.leaves),
            })),
          }
        : null,
    );
  }

  /** Restores a model saved by {@link ObliviousBoosting.toJSON}. Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): ObliviousBoosting {
    const T = 'ObliviousBoosting';
    return ObliviousBoosting.restoreFitted(json, T, (m, st) => {
      const K = m.classes.length;
      m.init = arrayToF64(st.init, T, 'state.init', K);
      checkState(Array.isArray(st.trees) && st.trees.length > 0, T, 'state.trees');
      m.trees = (st.trees as Record<string, unknown>[]).map((t) => {
        checkState(typeof t === 'object' && t !== null, T, 'tree must be an object');
        const features = arrayToI32(t.features, T, 'tree.features', 0);
        const depth = features.length;
        checkState(depth >= 1 && depth <= 20 && features.every((f) => f < m.nFeatures), T, 'tree.features must name 1 to 20 features below state.nFeatures');
        return {
          features,
          thresholds: arrayToF64(t.thresholds, T, 'tree.thresholds', depth),
          leaves: arrayToF64(t.leaves, T, 'tree.leaves', (1 << depth) * K),
        };
      });
    });
  }
}
