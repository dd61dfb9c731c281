/**
 * Core of the CART classification trees used by {@link DecisionTree} and {@link RandomForest}:
 * exact best splits over presorted feature orders (each node keeps, per feature, its samples in
 * sorted order; a split partitions those lists stably), weighted Gini or entropy, scikit-learn's
 * stopping rules and threshold placement. Internal module.
 */
import { badOption, checkState } from './base.js';
import type { Rng } from './random.js';
import { shown } from '../util/shown.js';

/** Training data prepared once per fit. */
export interface TreeData {
  /** Samples. */
  n: number;
  /** Features. */
  d: number;
  /** Classes. */
  K: number;
  /** Column-major values: `Xc[f * n + i]`. */
  Xc: Float64Array;
  /** Class index per sample. */
  yi: Int32Array;
  /** Per-feature sample order by value (ties by index): `order[f * n + r]`. */
  order: Int32Array;
  /** Dense per-feature ranks (values within 1e-7 share a rank): `rank[f * n + i]`. */
  rank: Int32Array;
}

/** Prepares {@link TreeData} (column-major copy and presorted orders). */
export function prepareTreeData(data: Float64Array, n: number, d: number, yi: Int32Array, K: number): TreeData {
  return { n, d, K, yi, ...presortColumns(data, n, d) };
}

/**
 * Feature columns of row-major `data` (`n x d`): a column-major copy `Xc[f * n + i]`, each column's
 * row order by value (ties by row) and dense ranks (values within 1e-7 of the previous share a
 * rank, so split scans compare integers). @internal
 */
export function presortColumns(data: Float64Array, n: number, d: number): Pick<TreeData, 'Xc' | 'order' | 'rank'> {
  const Xc = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) Xc[f * n + i] = data[i * d + f];
  const order = new Int32Array(n * d);
  const idx = new Array<number>(n);
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) idx[i] = i;
    const off = f * n;
    idx.sort((a, b) => Xc[off + a] - Xc[off + b] || a - b);
    for (let i = 0; i < n; i++) order[off + i] = idx[i];
  }
  const rank = new Int32Array(n * d);
  for (let f = 0; f < d; f++) {
    const off = f * n;
    let rk = 0;
    for (let t = 0; t < n; t++) {
      if (t > 0 && Xc[off + order[off + t]] > Xc[off + order[off + t - 1]] + EPS) rk++;
      rank[off + order[off + t]] = rk;
    }
  }
  return { Xc, order, rank };
}

/** Growth options (already validated). */
export interface GrowOptions {
  criterion: 'gini' | 'entropy';
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features examined per split (1..d). */
  maxFeatures: number;
}

/** A fitted tree in flat arrays. Leaves have `feature = -1`; `value` holds class fractions per node. */
export interface TreeModel {
  nodeCount: number;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** `value[node * K + k]`: weighted class fraction at the node (rows sum to 1). */
  value: Float64Array;
}

/** Resolves scikit-learn's `max_features` to a count. */
export function resolveMaxFeatures(mf: 'sqrt' | 'log2' | number | null | undefined, d: number, name = 'maxFeatures'): number {
  if (mf === null || mf === undefined) return d;
  if (mf === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (mf === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (typeof mf === 'number' && Number.isFinite(mf) && mf > 0) {
    if (Number.isInteger(mf)) return Math.min(d, mf);
    if (mf < 1) return Math.max(1, Math.floor(mf * d));
  }
  return badOption(name, `must be 'sqrt', 'log2', a positive integer count, a fraction in (0, 1) or null, got ${shown(mf)}`);
}

const EPS = 1e-7; // scikit-learn's FEATURE_THRESHOLD for "constant" features

/**
 * Grows one tree on the samples with positive `weight` (bootstrap counts times class weights).
 */
export function growTree(td: TreeData, weight: Float64Array, opt: GrowOptions, rng: Rng): TreeModel {
  const { n, d, K, Xc, yi, order, rank } = td;
  // active samples, per feature in sorted order
  let m0 = 0;
  for (let i = 0; i < n; i++) if (weight[i] > 0) m0++;
  const S = new Int32Array(d * m0);
  for (let f = 0; f < d; f++) {
    let p = f * m0;
    const o = f * n;
    for (let r = 0; r < n; r++) {
      const i = order[o + r];
      if (weight[i] > 0) S[p++] = i;
    }
  }
  const lists: SortedLists = { S, goLeft: new Uint8Array(n), tmp: new Int32Array(m0), nFeatures: d, stride: m0 };
  // growable node arrays
  let cap = 64;
  let feature = new Int32Array(cap),
    left = new Int32Array(cap),
    right = new Int32Array(cap);
  let threshold = new Float64Array(cap),
    value = new Float64Array(cap * K);
  let nodeCount = 0;
  const newNode = (): number => {
    if (nodeCount === cap) {
      cap *= 2;
      feature = grown(feature, cap);
      left = grown(left, cap);
      right = grown(right, cap);
      threshold = grown(threshold, cap);
      value = grown(value, cap * K);
    }
    feature[nodeCount] = -1;
    left[nodeCount] = -1;
    right[nodeCount] = -1;
    return nodeCount++;
  };
  const maxDepth = opt.maxDepth ?? Infinity;
  const { minSamplesSplit, minSamplesLeaf, maxFeatures } = opt;
  const entropy = opt.criterion === 'entropy';
  const features = new Int32Array(d);
  for (let f = 0; f < d; f++) features[f] = f;
  const wTot = new Float64Array(K),
    wl = new Float64Array(K),
    wr = new Float64Array(K);
  const ent = (w: Float64Array, W: number): number => {
    let s = 0;
    for (let k = 0; k < K; k++)
      if (w[k] > 0) {
        const p = w[k] / W;
        s -= w[k] * Math.log2(p);
      }
    return s; // weighted entropy (W * H)
  };
  // stack of [node, start, end, depth]
  const stack: number[] = [];
  const root = newNode();
  stack.push(root, 0, m0, 0);
  while (stack.length) {
    const depth = stack.pop()!,
      end = stack.pop()!,
      start = stack.pop()!,
      node = stack.pop()!;
    const cnt = end - start;
    wTot.fill(0);
    for (let p = start; p < end; p++) {
      const i = S[p];
      wTot[yi[i]] += weight[i];
    }
    let W = 0,
      nz = 0;
    for (let k = 0; k < K; k++) {
      W += wTot[k];
      if (wTot[k] > 0) nz++;
    }
    for (let k = 0; k < K; k++) value[node * K + k] = W > 0 ? wTot[k] / W : 1 / K;
    if (depth >= maxDepth || cnt < minSamplesSplit || cnt < 2 * minSamplesLeaf || nz <= 1) continue;
    // parent score for the proxy
    let bestScore = -Infinity,
      bestF = -1,
      bestPos = -1,
      bestThr = 0;
    let visited = 0,
      fi = d;
    while (fi > 0 && visited < maxFeatures) {
      const r = rng.int(fi);
      const f = features[r];
      features[r] = features[fi - 1];
      features[fi - 1] = f;
      fi--;
      const base = f * m0,
        xo = f * n;
      const xFirst = Xc[xo + S[base + start]],
        xLast = Xc[xo + S[base + end - 1]];
      if (xLast <= xFirst + EPS) continue; // constant in this node: does not count
      visited++;
      wl.fill(0);
      wr.set(wTot);
      let WL = 0,
        WR = W;
      let sqL = 0,
        sqR = 0;
      if (!entropy) for (let k = 0; k < K; k++) sqR += wr[k] * wr[k];
      let i = S[base + start];
      let rv = rank[xo + i];
      for (let p = start; p < end - 1; p++) {
        const c = yi[i],
          w = weight[i];
        if (!entropy) {
          sqL += w * (2 * wl[c] + w);
          sqR += w * (w - 2 * wr[c]);
        }
        wl[c] += w;
        wr[c] -= w;
        WL += w;
        WR -= w;
        const j = S[base + p + 1];
        const rn = rank[xo + j];
        const nl = p - start + 1;
        if (rn !== rv && nl >= minSamplesLeaf) {
          if (end - start - nl < minSamplesLeaf) break;
          const score = entropy ? -(ent(wl, WL) + ent(wr, WR)) : sqL / WL + sqR / WR;
          if (score > bestScore) {
            bestScore = score;
            bestF = f;
            bestPos = p + 1;
            bestThr = midThreshold(Xc[xo + i], Xc[xo + j]);
          }
        }
        i = j;
        rv = rn;
      }
    }
    if (bestF < 0) continue;
    // partition every feature list stably, in place (branch-free: a branch would be mispredicted
    // half the time); the right part goes through tmp
    splitSortedLists(lists, start, bestPos, end, bestF);
    feature[node] = bestF;
    threshold[node] = bestThr;
    const l = newNode(),
      rgt = newNode();
    left[node] = l;
    right[node] = rgt;
    // push right first so the left subtree is built first (depth-first, like scikit-learn)
    stack.push(rgt, bestPos, end, depth + 1);
    stack.push(l, start, bestPos, depth + 1);
  }
  return {
    nodeCount,
    feature: feature.slice(0, nodeCount),
    threshold: threshold.slice(0, nodeCount),
    left: left.slice(0, nodeCount),
    right: right.slice(0, nodeCount),
    value: value.slice(0, nodeCount * K),
  };
}

/** The node arrays of a fitted tree, all a tree needs to predict or be saved. */
export type TreeArrays = Pick<TreeModel, 'feature' | 'threshold' | 'left' | 'right' | 'value'>;

/** Index of the leaf that row `x` (at `data[off..]`) reaches. */
export function applyTree(t: TreeArrays, data: Float64Array, off: number): number {
  let node = 0;
  while (t.feature[node] >= 0) node = data[off + t.feature[node]] <= t.threshold[node] ? t.left[node] : t.right[node];
  return node;
}

/** Tree → plain JSON (the node arrays). */
export function treeToJSON(t: TreeArrays): Record<string, number[]> {
  return {
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    left: Array.from(t.left),
    right: Array.from(t.right),
    value: Array.from(t.value),
  };
}

/** Plain JSON → tree, checking the structure (throws `BAD_MODEL`); leaves holding class counts become fractions. */
export function treeFromJSON(j: unknown, K: number, d: number, type: string): TreeModel {
  checkState(typeof j === 'object' && j !== null, type, 'tree must be an object');
  const o = j as Record<string, unknown>;
  const arr = (a: unknown, what: string) => {
    checkState(Array.isArray(a) && a.every((v) => typeof v === 'number' && Number.isFinite(v)), type, `tree.${what} must be numbers`);
    return a as number[];
  };
  const feature = Int32Array.from(arr(o.feature, 'feature'));
  const nodeCount = feature.length;
  const threshold = Float64Array.from(arr(o.threshold, 'threshold'));
  const left = Int32Array.from(arr(o.left, 'left'));
  const right = Int32Array.from(arr(o.right, 'right'));
  const value = Float64Array.from(arr(o.value, 'value'));
  checkState(
    nodeCount > 0 && threshold.length === nodeCount && left.length === nodeCount && right.length === nodeCount && value.length === nodeCount * K,
    type,
    'tree arrays have inconsistent lengths',
  );
  checkState(
    (o.feature as number[]).every((f) => Number.isInteger(f)),
    type,
    'tree.feature must hold integers',
  );
  for (let i = 0; i < nodeCount; i++) {
    if (feature[i] >= 0) {
      checkState(feature[i] < d && left[i] > i && right[i] > i && left[i] < nodeCount && right[i] < nodeCount, type, `tree node ${i} is invalid`);
    } else {
      // a leaf's class values (counts or fractions) must be >= 0 and not all zero; counts are read as
      // fractions (a leaf's values are its probabilities, which must sum to 1)
      let sum = 0;
      for (let k = 0; k < K; k++) {
        checkState(value[i * K + k] >= 0, type, `tree.value of leaf ${i} must be >= 0`);
        sum += value[i * K + k];
      }
      checkState(sum > 0 && Number.isFinite(sum), type, `tree.value of leaf ${i} must not be all zero, nor sum beyond float64`);
      if (Math.abs(sum - 1) > 1e-9) for (let k = 0; k < K; k++) value[i * K + k] /= sum;
    }
  }
  return { nodeCount, feature, threshold, left, right, value };
}

/** Class weights per class index, scikit-learn's `compute_class_weight`: 'balanced' = n / (K * count). */
export function classWeights(
  spec: 'balanced' | Record<string, number> | null | undefined,
  classes: (string | number)[],
  yi: Int32Array,
  counts?: Float64Array,
): Float64Array {
  const K = classes.length;
  const w = new Float64Array(K).fill(1);
  if (spec === null || spec === undefined) return w;
  if (spec === 'balanced') {
    const c = counts ?? new Float64Array(K);
    if (!counts) for (let i = 0; i < yi.length; i++) c[yi[i]]++;
    let tot = 0;
    for (let k = 0; k < K; k++) tot += c[k];
    for (let k = 0; k < K; k++) w[k] = c[k] > 0 ? tot / (K * c[k]) : 0;
    return w;
  }
  if (typeof spec === 'object') {
    for (let k = 0; k < K; k++) {
      const v = spec[String(classes[k])];
      if (v !== undefined) {
        if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))
          badOption('classWeight', `weight of class ${shown(classes[k])} must be a non-negative number`);
        w[k] = v;
      }
    }
    return w;
  }
  return badOption('classWeight', `must be 'balanced', a { class: weight } object or null`);
}

/** A copy of `a` in a new array of the same type and `size` elements (zeros past `a.length`). */
function grown<T extends Int32Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (size: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * The split threshold between neighbouring sorted values `xv < xn`: halfway, or `xv` where the
 * midpoint rounds up to `xn` or overflows (scikit-learn's rule).
 * @internal
 */
export function midThreshold(xv: number, xn: number): number {
  const t = xv / 2 + xn / 2;
  return t === xn || !Number.isFinite(t) ? xv : t;
}

/**
 * A node's presorted sample lists and their scratch: feature f's list is `S[f * stride + p]`,
 * `goLeft` holds one flag per sample, `tmp` at least `stride` entries. @internal
 */
export interface SortedLists {
  /** The lists, one per feature, `stride` apart. */
  S: Int32Array;
  /** Scratch: 1 where a sample goes left. */
  goLeft: Uint8Array;
  /** Scratch for the right parts. */
  tmp: Int32Array;
  /** Number of lists (features). */
  nFeatures: number;
  /** Distance between two features' lists. */
  stride: number;
}

/**
 * Splits a node's lists (positions [start, end)) at position `splitPos` of the split feature's
 * list: the samples before it go left, the rest right, and {@link partitionSortedLists} reorders
 * every other feature's list alike. @internal
 */
export function splitSortedLists(lists: SortedLists, start: number, splitPos: number, end: number, splitFeature: number): void {
  const { S, goLeft } = lists;
  const base = splitFeature * lists.stride;
  for (let p = start; p < splitPos; p++) goLeft[S[base + p]] = 1;
  for (let p = splitPos; p < end; p++) goLeft[S[base + p]] = 0;
  partitionSortedLists(S, goLeft, lists.tmp, lists.nFeatures, lists.stride, start, end, splitFeature);
}

/**
 * After a split, stably partitions every feature's presorted sample list (`S[f * stride + p]` for
 * p in [start, end)) so the samples with `goLeft[i] = 1` come first, keeping each side sorted.
 * Branch-free: the left part is compacted in place, the right part goes through `tmp`. The list
 * of `skipFeature` (the split feature, already partitioned by its threshold) is left alone.
 * @internal
 */
export function partitionSortedLists(
  S: Int32Array,
  goLeft: Uint8Array,
  tmp: Int32Array,
  nFeatures: number,
  stride: number,
  start: number,
  end: number,
  skipFeature: number,
): void {
  for (let f = 0; f < nFeatures; f++) {
    if (f === skipFeature) continue;
    const base = f * stride;
    let a = base + start,
      t = 0;
    for (let p = base + start, pe = base + end; p < pe; p++) {
      const i = S[p];
      const g = goLeft[i];
      S[a] = i;
      tmp[t] = i;
      a += g;
      t += 1 - g;
    }
    for (let q = 0; q < t; q++) S[a + q] = tmp[q];
  }
}
