/**
 * The regression trees of `GradientBoosting`: their layout, JSON reader, and the exact
 * presorted builder that grows one per class and stage.
 */
import { arrayToF64, arrayToI32, checkState } from './base.js';
import type { Rng } from './random.js';
import { midThreshold, presortColumns, splitSortedLists, type SortedLists } from './tree-core.js';

/** One regression tree: `feature = -1` marks a leaf whose output is `value`. */
export interface RegTree {
  /** Split feature per node, -1 at a leaf. */
  feature: Int32Array;
  /** Split threshold per node (left: `x <= threshold`). */
  threshold: Float64Array;
  /** Left child per node (-1 at a leaf). */
  left: Int32Array;
  /** Right child per node (-1 at a leaf). */
  right: Int32Array;
  /** Output per node (meaningful at the leaves). */
  value: Float64Array;
}

/** Reads and checks a regression tree from JSON (as saved by `treeToJSON`). */
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
export function partialShuffle(a: Int32Array, k: number, rng: Rng): void {
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
export class ExactRegTreeBuilder {
  private readonly n: number;
  private readonly d: number;
  private readonly Xc: Float64Array;
  private readonly order: Int32Array;
  private readonly rank: Int32Array;
  private readonly maxDepth: number;
  private readonly minSplit: number;
  private readonly minLeaf: number;
  private stageLists: Int32Array = new Int32Array(0);
  /** The working lists of the tree being grown (a copy of `stageLists`, partitioned as it grows). */
  private readonly lists: SortedLists;
  private m = 0;

  constructor(data: Float64Array, n: number, d: number, maxDepth: number, minSplit: number, minLeaf: number) {
    this.n = n;
    this.d = d;
    this.maxDepth = maxDepth;
    this.minSplit = minSplit;
    this.minLeaf = minLeaf;
    const { Xc, order, rank } = presortColumns(data, n, d);
    this.Xc = Xc;
    this.order = order;
    this.rank = rank;
    this.lists = { S: new Int32Array(0), goLeft: new Uint8Array(n), tmp: new Int32Array(0), nFeatures: d, stride: 0 };
  }

  /** Sets the in-bag samples of a stage (sorted per feature once, shared by the stage's K trees). */
  setStage(inbag: Uint8Array, m: number): void {
    const { n, d, order } = this;
    if (this.stageLists.length !== d * m) {
      this.stageLists = new Int32Array(d * m);
      this.lists.S = new Int32Array(d * m);
      this.lists.tmp = new Int32Array(m);
    }
    this.m = m;
    this.lists.stride = m;
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
    const { n, d, Xc, m, minLeaf } = this;
    const { S } = this.lists;
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
      // biome-ignore format: one entry [node, s, e, depth] popped, one line
      const depth = stack.pop()!, e = stack.pop()!, s = stack.pop()!, node = stack.pop()!;
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
        if (bf >= 0) bthr = midThreshold(Xc[bf * n + bi], Xc[bf * n + bj]);
      }
      if (bf < 0) {
        for (let p = s; p < e; p++) leafOf[S[p]] = node;
        continue;
      }
      const L = mk(),
        R = mk();
      left[node] = L;
      right[node] = R;
      feature[node] = bf;
      thr[node] = bthr;
      if (depth + 1 >= this.maxDepth) {
        // children are leaves at the depth limit: no need to partition the other features' lists
        const bb = bf * m;
        for (let p = s; p < bpos; p++) leafOf[S[bb + p]] = L;
        for (let p = bpos; p < e; p++) leafOf[S[bb + p]] = R;
        continue;
      }
      // stable in-place partition of every feature's list (branch-free; right part via tmp)
      splitSortedLists(this.lists, s, bpos, e, bf);
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
