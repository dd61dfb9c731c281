import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkPositiveInt } from '../validate.js';
import { shown } from '../util/shown.js';
import { MAX_MATRIX_VALUES } from '../limits.js';

/** DCT variants of {@link dctMatrix}, numbered as `scipy.fft.dct`'s `type`. */
export type DctType = 1 | 2 | 3;
/** DCT normalisation: `'ortho'` (orthonormal) or `null` (scipy's unnormalised `'backward'`). */
export type DctNorm = 'ortho' | null;

/**
 * The DCT as an explicit matrix `D` (rows = output coefficients, cols = `n` inputs), so that
 * `D @ x` equals `scipy.fft.dct(x, type=type, norm=norm)[:nOut]`.
 *
 * - type 2: `y[k] = 2 Σ x[j] cos(π k (2j + 1) / 2n)`; `'ortho'` scales row 0 by `sqrt(1/4n)`, others
 *   by `sqrt(1/2n)`, making `D` orthonormal (the MFCC transform).
 * - type 3: the inverse of type 2 (transpose of the orthonormal type-2 matrix with `'ortho'`).
 * - type 1: `y[k] = x[0] + (-1)^k x[n-1] + 2 Σ_{j=1}^{n-2} x[j] cos(π k j / (n - 1))`, orthonormal with `'ortho'` (n >= 2).
 *
 * @param n - input length (e.g. the number of mel bands)
 * @param opts.type - DCT type, default 2
 * @param opts.norm - `'ortho'` (default) or `null`
 * @param opts.nOut - number of output coefficients kept (first rows), default `n`
 * @returns a Float64 {@link Matrix} of `nOut` x `n`
 * @throws MirkitError `BAD_OPTION` for an `n` or `nOut` that is not a positive integer, `nOut > n`, a
 *   matrix of more than `MAX_MATRIX_VALUES` (2^28) values, an unknown `type` or `norm`, options that
 *   are not an object, or type 1 with `n < 2`.
 * @example
 * ```ts
 * const D = dctMatrix(128, { nOut: 20 }); // MFCC DCT-II, orthonormal rows
 * ```
 */
export function dctMatrix(n: number, opts: { type?: DctType; norm?: DctNorm; nOut?: number } = {}): Matrix {
  checkPositiveInt(n, 'n');
  if (opts === null || opts === undefined) opts = {};
  if (typeof opts !== 'object' || Array.isArray(opts)) throw new MirkitError('BAD_OPTION', 'dctMatrix: options must be an object');
  const type = opts.type ?? 2;
  const norm = opts.norm === undefined ? 'ortho' : opts.norm;
  const nOut = checkPositiveInt(opts.nOut ?? n, 'nOut');
  if (nOut > n) throw new MirkitError('BAD_OPTION', `nOut (${nOut}) must be <= n (${n})`, { option: 'nOut' });
  if (nOut * n > MAX_MATRIX_VALUES) {
    throw new MirkitError('BAD_OPTION', 'DCT matrix above 2^28 values', {
      option: nOut < n ? 'nOut' : 'n',
      bound: MAX_MATRIX_VALUES,
    });
  }
  if (type !== 1 && type !== 2 && type !== 3) throw new MirkitError('BAD_OPTION', `DCT type must be 1, 2 or 3, got ${shown(type)}`, { option: 'dctType' });
  if (norm !== 'ortho' && norm !== null) throw new MirkitError('BAD_OPTION', `DCT norm must be 'ortho' or null, got ${shown(norm)}`, { option: 'norm' });
  const d = new Float64Array(nOut * n);
  const ortho = norm === 'ortho';
  if (type === 2) {
    for (let k = 0; k < nOut; k++) {
      const s = ortho ? (k === 0 ? Math.sqrt(1 / (4 * n)) : Math.sqrt(1 / (2 * n))) : 1;
      for (let j = 0; j < n; j++) d[k * n + j] = 2 * s * Math.cos((Math.PI * k * (2 * j + 1)) / (2 * n));
    }
  } else if (type === 3) {
    // y[k] = x[0] + 2 Σ_{j>=1} x[j] cos(π j (2k+1) / 2n); ortho: x[0] * sqrt(1/n), x[j] * sqrt(2/n) (cos terms without the 2)
    for (let k = 0; k < nOut; k++) {
      for (let j = 0; j < n; j++) {
        const c = Math.cos((Math.PI * j * (2 * k + 1)) / (2 * n));
        d[k * n + j] = ortho ? (j === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n) * c) : j === 0 ? 1 : 2 * c;
      }
    }
  } else {
    if (n < 2) throw new MirkitError('BAD_OPTION', 'DCT type 1 needs n >= 2', { option: 'dctType' });
    for (let k = 0; k < nOut; k++) {
      for (let j = 0; j < n; j++) {
        const end = j === 0 || j === n - 1;
        let v = (end ? 1 : 2) * Math.cos((Math.PI * k * j) / (n - 1));
        if (ortho) {
          if (end) v *= Math.SQRT2;
          if (k === 0 || k === n - 1) v /= Math.SQRT2;
          v *= 1 / Math.sqrt(2 * (n - 1));
        }
        d[k * n + j] = v;
      }
    }
  }
  return { rows: nOut, cols: n, data: d };
}
