import {
  arrayToF64,
  arrayToI32,
  assertFitted,
  badOption,
  checkFeatureMagnitude,
  checkState,
  MAX_FEATURE_MAGNITUDE,
  encodeLabels,
  toDense,
  ProbaClassifier,
} from './base.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from './types.js';
import { readConstructorOptions } from '../options.js';
import { KNEIGHBORS_OPTIONS } from '../constructor-option-keys.js';
import { shown } from '../util/shown.js';

/** Options of {@link KNeighbors} (scikit-learn's `KNeighborsClassifier` parameters). */
export interface KNeighborsOptions {
  /** Number of neighbours (default 5). */
  nNeighbors?: number;
  /** `'uniform'` (default): each neighbour one vote; `'distance'`: votes weighted by 1 / distance. */
  weights?: 'uniform' | 'distance';
}

/**
 * k-nearest-neighbour classifier with Euclidean distance (brute force), scikit-learn's
 * `KNeighborsClassifier(n_neighbors, weights)`. Neighbours at equal distance are taken in training
 * order; vote ties go to the first class in {@link KNeighbors.classes} (scikit-learn's mode). With
 * `'distance'` weights, training points at distance 0 take all the weight, as in scikit-learn.
 */
export class KNeighbors extends ProbaClassifier<Required<KNeighborsOptions>> implements Classifier {
  /** JSON format version. */
  static readonly VERSION = 1;
  private X: Float64Array | null = null;
  private yi: Int32Array | null = null;
  private n = 0;

  /** @param options - see {@link KNeighborsOptions} */
  constructor(options: KNeighborsOptions = {}) {
    options = readConstructorOptions('KNeighbors', options, KNEIGHBORS_OPTIONS);
    const k = options.nNeighbors ?? 5;
    if (!Number.isInteger(k) || k < 1) badOption('nNeighbors', `must be a positive integer, got ${shown(k)}`);
    const weights = options.weights ?? 'uniform';
    if (weights !== 'uniform' && weights !== 'distance') badOption('weights', "must be 'uniform' or 'distance'");
    super({ nNeighbors: k, weights });
  }

  /** Stores the training set. */
  fit(X: FeatureTable, y: Label[]): this {
    const m = toDense(X);
    const { classes, yi } = encodeLabels(y, m.n);
    checkFeatureMagnitude(m.data, m.d, 'KNeighbors', 'distances');
    if (this.params.nNeighbors > m.n) badOption('nNeighbors', `is ${this.params.nNeighbors} but only ${m.n} training samples were given`);
    this.X = m.data;
    this.yi = yi;
    this.n = m.n;
    return this.fitted(classes, m.d);
  }

  /**
   * Indices and distances of the `nNeighbors` nearest training samples of each row, nearest first
   * (scikit-learn's `kneighbors`).
   */
  kneighbors(X: FeatureTable): {
    /** Per query row, the training-row indices of its neighbours, nearest first. */
    indices: number[][];
    /** Per query row, the distances to those neighbours. */
    distances: number[][];
  } {
    assertFitted(this.X !== null, 'KNeighbors');
    const q = toDense(X, 'X', this.nFeatures);
    checkFeatureMagnitude(q.data, q.d, 'KNeighbors', 'distances');
    const k = this.params.nNeighbors,
      n = this.n,
      d = this.nFeatures,
      T = this.X!;
    const indices: number[][] = [],
      distances: number[][] = [];
    const bestD = new Float64Array(k),
      bestI = new Int32Array(k);
    for (let r = 0; r < q.n; r++) {
      let cnt = 0;
      const off = r * d;
      for (let i = 0; i < n; i++) {
        let s = 0;
        const to = i * d;
        for (let j = 0; j < d; j++) {
          const t = q.data[off + j] - T[to + j];
          s += t * t;
        }
        if (cnt < k || s < bestD[cnt - 1]) {
          // insertion sort, stable (later equal distances go after)
          let p = cnt < k ? cnt++ : k - 1;
          while (p > 0 && bestD[p - 1] > s) {
            bestD[p] = bestD[p - 1];
            bestI[p] = bestI[p - 1];
            p--;
          }
          bestD[p] = s;
          bestI[p] = i;
        }
      }
      indices.push(Array.from(bestI));
      distances.push(Array.from(bestD, Math.sqrt));
    }
    return { indices, distances };
  }

  /** Neighbour vote fractions (weighted for `'distance'`), rows sum to 1. */
  predictProba(X: FeatureTable): number[][] {
    const { indices, distances } = this.kneighbors(X);
    const K = this.fittedClasses.length;
    return indices.map((idx, r) => {
      const p = new Array<number>(K).fill(0);
      const dist = distances[r];
      if (this.params.weights === 'distance' && dist.some((v) => v === 0)) {
        idx.forEach((i, t) => {
          if (dist[t] === 0) p[this.yi![i]] += 1;
        });
      } else {
        idx.forEach((i, t) => {
          p[this.yi![i]] += this.params.weights === 'distance' ? 1 / dist[t] : 1;
        });
      }
      const s = p.reduce((a, b) => a + b, 0);
      return p.map((v) => v / s);
    });
  }

  /** Plain-JSON snapshot (holds the training set). */
  toJSON(): ModelJSON {
    return this.fittedJSON('KNeighbors', KNeighbors.VERSION, this.X ? { X: Array.from(this.X), y: Array.from(this.yi!) } : null);
  }

  /** Restores a model saved by {@link KNeighbors.toJSON}. Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): KNeighbors {
    return KNeighbors.restoreFitted(json, 'KNeighbors', (m, st) => {
      m.yi = arrayToI32(st.y, 'KNeighbors', 'state.y', 0);
      m.n = m.yi.length;
      checkState(m.n > 0, 'KNeighbors', 'state.y must hold at least one training label');
      m.X = arrayToF64(st.X, 'KNeighbors', 'state.X', m.n * m.nFeatures);
      checkState(
        m.X.every((v) => Math.abs(v) <= MAX_FEATURE_MAGNITUDE),
        'KNeighbors',
        'state.X must hold values within +-1e100 (distances overflow beyond)',
      );
      checkState(m.params.nNeighbors <= m.n, 'KNeighbors', `params.nNeighbors (${m.params.nNeighbors}) exceeds the ${m.n} training samples of state.y`);
      checkState(
        m.yi.every((v) => v >= 0 && v < m.classes.length),
        'KNeighbors',
        'state.y indices out of range',
      );
    });
  }
}
