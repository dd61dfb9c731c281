import { MirkitError } from '../errors.js';
import { allFinite } from '../validate.js';
import { arrayToF64, assertFitted, checkState, denseToRows, toDense, ParamsEstimator } from './base.js';
import type { FeatureTable, Label, ModelJSON, Transformer } from './types.js';
import { readConstructorOptions } from '../options.js';
import { STANDARD_SCALER_OPTIONS } from '../constructor-option-keys.js';
import { boolParam } from './params.js';

/** Options of {@link StandardScaler} (scikit-learn's `StandardScaler` parameters). */
export interface StandardScalerOptions {
  /** Subtract the per-feature mean (default true). */
  withMean?: boolean;
  /** Divide by the per-feature standard deviation (ddof 0; default true). */
  withStd?: boolean;
}

/**
 * Standardises each feature to zero mean and unit variance, like scikit-learn's
 * `preprocessing.StandardScaler`: `(x - mean) / scale` with the population standard deviation
 * (ddof 0); features of zero variance get scale 1 (they become 0, not NaN).
 *
 * @example
 * ```ts
 * const s = new StandardScaler().fit(Xtrain);
 * const Z = s.transform(Xtest);
 * ```
 */
export class StandardScaler extends ParamsEstimator<Required<StandardScalerOptions>> implements Transformer {
  /** Per-feature means (after fit). */
  mean: Float64Array | null = null;
  /** Per-feature scales (after fit; 1 for zero-variance features). */
  scale: Float64Array | null = null;
  /** Per-feature variances (after fit). */
  variance: Float64Array | null = null;
  /** JSON format version. */
  static readonly VERSION = 1;

  /** @param options - see {@link StandardScalerOptions} */
  constructor(options: StandardScalerOptions = {}) {
    options = readConstructorOptions('StandardScaler', options, STANDARD_SCALER_OPTIONS);
    super({ withMean: boolParam('withMean', options.withMean, true), withStd: boolParam('withStd', options.withStd, true) });
  }

  /** Number of features seen in fit. */
  get nFeatures(): number {
    return this.mean ? this.mean.length : 0;
  }

  /**
   * Learns per-feature mean and standard deviation from `X` (`y` is ignored). Throws `BAD_DATA` for a
   * feature whose variance exceeds float64 (values beyond about 1e154: scale them down first).
   */
  fit(X: FeatureTable, _y?: Label[]): this {
    const { n, d, data } = toDense(X);
    let { mean, v } = momentsOf(data, n, d, null);
    if (!allFinite(mean) || !allFinite(v)) {
      // sums beyond float64 (features near 1e308): the moments of each column divided by its largest magnitude
      const big = new Float64Array(d).fill(1);
      for (let k = 0; k < data.length; k++) big[k % d] = Math.max(big[k % d], Math.abs(data[k]));
      ({ mean, v } = momentsOf(data, n, d, big));
      const j = v.findIndex((x) => !Number.isFinite(x));
      if (j >= 0) {
        throw new MirkitError(
          'BAD_DATA',
          `StandardScaler: the variance of feature ${j} exceeds float64 (values near ${big[j]}); scale the feature down first`,
          {
            col: j,
          },
        );
      }
    }
    const scale = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const s = Math.sqrt(v[j]);
      // scikit-learn's _handle_zeros_in_scale: (near-)constant features keep scale 1
      scale[j] = s < 10 * Number.EPSILON * Math.max(1, Math.abs(mean[j])) ? 1 : s;
    }
    this.mean = mean;
    this.variance = v;
    this.scale = scale;
    return this;
  }

  /** Applies `(x - mean) / scale` per feature. Throws `NOT_FITTED`, `BAD_SHAPE`, `NON_FINITE`. */
  transform(X: FeatureTable): number[][] {
    assertFitted(this.mean !== null, 'StandardScaler');
    const m = toDense(X, 'X', this.mean!.length);
    this.transformDense(m.data, m.n, m.d);
    return denseToRows(m);
  }

  /** In-place transform of row-major data (internal fast path). */
  transformDense(data: Float64Array, n: number, d: number): void {
    assertFitted(this.mean !== null, 'StandardScaler');
    if (d !== this.mean!.length) throw new MirkitError('BAD_SHAPE', `X has ${d} features, the scaler was fitted on ${this.mean!.length}`);
    const { withMean, withStd } = this.params;
    const mean = this.mean!,
      scale = this.scale!;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        let x = data[i * d + j];
        if (withMean) x -= mean[j];
        if (withStd) x /= scale[j];
        if (!Number.isFinite(x)) {
          throw new MirkitError('BAD_DATA', `StandardScaler: X[${i}][${j}] = ${data[i * d + j]} scales to ${x}, beyond float64; scale the feature down first`, {
            row: i,
            col: j,
          });
        }
        data[i * d + j] = x;
      }
    }
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: FeatureTable): number[][] {
    return this.fit(X).transform(X);
  }

  /** Undoes the transform: `z * scale + mean`. */
  inverseTransform(Z: FeatureTable): number[][] {
    assertFitted(this.mean !== null, 'StandardScaler');
    const m = toDense(Z, 'Z', this.mean!.length);
    const { n, d, data } = m;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++) {
        let x = data[i * d + j];
        if (this.params.withStd) x *= this.scale![j];
        if (this.params.withMean) x += this.mean![j];
        data[i * d + j] = x;
      }
    return denseToRows(m);
  }

  /** Plain-JSON snapshot (`type: 'StandardScaler'`). */
  toJSON(): ModelJSON {
    return this.paramsJSON(
      'StandardScaler',
      StandardScaler.VERSION,
      this.mean ? { mean: Array.from(this.mean), scale: Array.from(this.scale!), variance: Array.from(this.variance!) } : undefined,
    );
  }

  /** Restores a scaler saved by {@link StandardScaler.toJSON}. Throws `BAD_MODEL`. */
  static fromJSON(json: unknown): StandardScaler {
    return StandardScaler.restore(json, 'StandardScaler', (s, st) => {
      s.mean = arrayToF64(st.mean, 'StandardScaler', 'state.mean');
      s.scale = arrayToF64(st.scale, 'StandardScaler', 'state.scale', s.mean.length);
      s.variance = arrayToF64(st.variance, 'StandardScaler', 'state.variance', s.mean.length);
      checkState(s.mean.length > 0, 'StandardScaler', 'state.mean must not be empty');
      checkState(
        s.scale.every((v) => v > 0),
        'StandardScaler',
        'state.scale must hold positive numbers (a zero scale divides by zero)',
      );
      checkState(
        s.variance.every((v) => v >= 0),
        'StandardScaler',
        'state.variance must hold numbers >= 0',
      );
    });
  }
}

/**
 * Per-column mean and population variance of the row-major `data` (`n` x `d`), each column first
 * divided by `big[j]` when `big` is given (the moments are then scaled back: the mean by `big`, the
 * variance by `big^2`), which keeps the sums finite for values near the float64 maximum.
 */
function momentsOf(data: Float64Array, n: number, d: number, big: Float64Array | null): { mean: Float64Array; v: Float64Array } {
  const mean = new Float64Array(d),
    v = new Float64Array(d);
  const at = (i: number, j: number) => (big ? data[i * d + j] / big[j] : data[i * d + j]);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += at(i, j);
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const t = at(i, j) - mean[j];
      v[j] += t * t;
    }
  for (let j = 0; j < d; j++) {
    v[j] /= n;
    if (big) {
      mean[j] *= big[j];
      v[j] = v[j] * big[j] * big[j]; // left to right: 0 * big * big stays 0
    }
  }
  return { mean, v };
}
