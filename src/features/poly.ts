import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import type { Signal } from '../validate.js';
import { runDescriptor, type DescriptorKernel, type DescriptorOptions, type KernelContext } from './descriptor.js';
import { readOptions } from '../options.js';
import { POLY_FEATURES_KERNEL_OPTIONS, POLY_FEATURES_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';
import { checkKernelContext } from './kernel-context.js';

/** Options of {@link polyFeaturesKernel}. */
export interface PolyFeaturesKernelOptions {
  /** Polynomial order (rows = order + 1). Default 1. */
  order?: number;
}

/** Options of {@link polyFeatures}. */
export interface PolyFeaturesOptions extends DescriptorOptions, PolyFeaturesKernelOptions {}

/**
 * The least-squares projector of a polynomial fit over `freq`: a `(order + 1) x bins` row-major
 * matrix P with `coefficients = P · column`, highest power first. Built by modified Gram-Schmidt
 * (twice) on the Vandermonde matrix of `freq / max|freq|`, then rescaled. @internal
 */
export function polyProjector(freq: Float64Array, order: number): Float64Array {
  const n = freq.length,
    m = order + 1;
  if (n < m) throw new MirkitError('BAD_OPTION', `a polynomial of order ${order} needs at least ${m} bins, got ${n}`, { option: 'order' });
  let scale = 0;
  for (let k = 0; k < n; k++) scale = Math.max(scale, Math.abs(freq[k]));
  if (scale === 0) scale = 1;
  // Q: m orthonormal columns (stored column-major), R upper triangular, V = Q R
  const Q = new Float64Array(m * n);
  const R = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    const q = Q.subarray(j * n, (j + 1) * n);
    const p = order - j; // column j holds x^(order - j): highest power first, as numpy
    for (let k = 0; k < n; k++) q[k] = (freq[k] / scale) ** p;
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const qi = Q.subarray(i * n, (i + 1) * n);
        let d = 0;
        for (let k = 0; k < n; k++) d += qi[k] * q[k];
        R[i * m + j] += d;
        for (let k = 0; k < n; k++) q[k] -= d * qi[k];
      }
    }
    let norm = 0;
    for (let k = 0; k < n; k++) norm += q[k] * q[k];
    norm = Math.sqrt(norm);
    if (!(norm > 1e-12)) throw new MirkitError('BAD_OPTION', `the frequencies cannot determine a polynomial of order ${order}`, { option: 'order' });
    R[j * m + j] = norm;
    for (let k = 0; k < n; k++) q[k] /= norm;
  }
  // P = R^-1 Q^T (back substitution per row), then undo the x scaling of each coefficient
  const P = new Float64Array(m * n);
  for (let i = m - 1; i >= 0; i--) {
    const row = P.subarray(i * n, (i + 1) * n);
    const qi = Q.subarray(i * n, (i + 1) * n);
    for (let k = 0; k < n; k++) row[k] = qi[k];
    for (let j = i + 1; j < m; j++) {
      const r = R[i * m + j];
      const pj = P.subarray(j * n, (j + 1) * n);
      for (let k = 0; k < n; k++) row[k] -= r * pj[k];
    }
    const d = R[i * m + i];
    for (let k = 0; k < n; k++) row[k] /= d;
  }
  for (let i = 0; i < m; i++) {
    const s = scale ** (order - i);
    for (let k = 0; k < n; k++) P[i * n + k] /= s;
  }
  return P;
}

function checkOrder(order: unknown): number {
  if (typeof order !== 'number' || !Number.isInteger(order) || order < 0)
    throw new MirkitError('BAD_OPTION', `order must be a non-negative integer, got ${shown(order)}`, { option: 'order' });
  return order;
}

/**
 * The per-frame kernel of {@link polyFeatures} ({@link DescriptorKernel} convention): one
 * magnitude column in, the `order + 1` polynomial coefficients out (highest power first), as a
 * product with a precomputed least-squares projector.
 *
 * @throws MirkitError `BAD_OPTION` / `BAD_SAMPLE_RATE` / `NON_FINITE` / `BAD_DATA` for a `ctx` that is not a {@link KernelContext} (valid `sr` and `nFft`, finite non-negative `freq`); `BAD_OPTION` for a negative or non-integer order, or fewer bins than coefficients.
 */
export function polyFeaturesKernel(ctx: KernelContext, opts: PolyFeaturesKernelOptions = {}): DescriptorKernel {
  opts = readOptions('polyFeaturesKernel', opts, POLY_FEATURES_KERNEL_OPTIONS);
  checkKernelContext(ctx, 'polyFeaturesKernel');
  const order = checkOrder(opts.order ?? 1);
  const P = polyProjector(ctx.freq, order);
  const n = ctx.freq.length,
    m = order + 1;
  return {
    rows: m,
    usesPrevious: false,
    compute(column, out) {
      for (let i = 0; i < m; i++) {
        const o = i * n;
        let acc = 0;
        for (let k = 0; k < n; k++) acc += P[o + k] * column[k];
        out[i] = acc;
      }
    },
  };
}

/**
 * Coefficients of an order-`order` polynomial fitted to each frame's magnitude spectrum against
 * the bin frequencies (Hz), equal to `librosa.feature.poly_features(y=y, sr=sr, order=...)`
 * (`np.polyfit(freq, S, order)`): rows are the coefficients, highest power first (order 1:
 * slope, intercept).
 *
 * Defaults: order 1, nFft 2048, hopLength 512, hann, centred. `S`, when given, is a magnitude
 * spectrogram. Shape: `(order + 1) x frames`, Float64.
 *
 * @throws MirkitError as {@link polyFeaturesKernel}, plus the input errors of `spectralCentroid`.
 * @example
 * ```ts
 * const [slope, intercept] = [0, 1].map((r) => polyFeatures(y, { order: 1 }).data[r * T + t]);
 * ```
 */
export function polyFeatures(y: Signal | null, opts: PolyFeaturesOptions = {}): Matrix {
  opts = readOptions('polyFeatures', opts, POLY_FEATURES_OPTIONS);
  checkOrder(opts.order ?? 1);
  return runDescriptor(y, opts, (ctx) => polyFeaturesKernel(ctx, opts), 'poly features');
}
