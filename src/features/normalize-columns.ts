/**
 * Column normalisation of feature matrices (`librosa.util.normalize` along axis 0), shared by the
 * chroma and Tonnetz features.
 */
import { MirkitError } from '../errors.js';
import { F32_TINY } from '../util/numeric.js';
import { shown } from '../util/shown.js';

/**
 * Normalises each column (frame) of `m` in place as `librosa.util.normalize(S, norm, axis=0)`:
 * columns whose norm is below the float32 `tiny` threshold are left unscaled (so silence stays
 * zero, never NaN). `norm`: Infinity (max), -Infinity (min), 0 (count of non-zeros), p > 0, or
 * null for none.
 * @internal
 */
export function normalizeColumns(data: Float32Array | Float64Array, rows: number, cols: number, norm: number | null): void {
  if (norm === null) return;
  const len = new Float64Array(cols);
  if (norm === -Infinity) len.fill(Infinity);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let t = 0; t < cols; t++) {
      const a = Math.abs(data[off + t]);
      if (norm === Infinity) {
        if (a > len[t]) len[t] = a;
      } else if (norm === -Infinity) {
        if (a < len[t]) len[t] = a;
      } else if (norm === 0) {
        if (a > 0) len[t]++;
      } else if (norm === 1) len[t] += a;
      else if (norm === 2) len[t] += a * a;
      else len[t] += Math.pow(a, norm);
    }
  }
  for (let t = 0; t < cols; t++) {
    let l = len[t];
    if (norm === 2) l = Math.sqrt(l);
    else if (norm !== Infinity && norm !== -Infinity && norm !== 0 && norm !== 1) l = Math.pow(l, 1 / norm);
    len[t] = l < F32_TINY ? 1 : 1 / l;
  }
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let t = 0; t < cols; t++) data[off + t] *= len[t];
  }
}

/** Validates a `librosa.util.normalize` norm. @internal */
export function checkNorm(norm: unknown, name = 'norm'): number | null {
  if (norm === null) return null;
  if (typeof norm !== 'number' || Number.isNaN(norm) || (norm < 0 && norm !== -Infinity)) {
    throw new MirkitError('BAD_OPTION', `${name} must be a positive number, 0, +-Infinity or null, got ${shown(norm)}`, { option: name });
  }
  return norm;
}
