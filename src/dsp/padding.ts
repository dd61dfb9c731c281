/**
 * Signal padding for centred framing: librosa's `pad_mode` values 'constant', 'reflect' and
 * 'edge' (numpy's `np.pad` modes).
 */
import { MirkitError } from '../errors.js';
import { MAX_MATRIX_VALUES } from '../limits.js';
import { shown } from '../util/shown.js';
import { checkSignal, type Signal } from '../validate.js';

/** Padding modes for centred frames, as numpy's `np.pad` modes that librosa accepts. */
export type PadMode = 'constant' | 'reflect' | 'edge';

/** Index into a signal of length n under numpy's pad mode, for i possibly outside [0, n). */
export function padIndex(i: number, n: number, mode: PadMode): number {
  if (i >= 0 && i < n) return i;
  if (mode === 'constant') return -1;
  if (mode === 'edge' || n === 1) return i < 0 ? 0 : n - 1;
  // reflect without repeating the edge sample; numpy repeats the reflection for long pads
  const period = 2 * (n - 1);
  let j = i % period;
  if (j < 0) j += period;
  return j < n ? j : period - j;
}

/**
 * Pads `y` by `left` and `right` samples as `np.pad(y, (left, right), mode)`.
 *
 * @param y - the signal: finite samples (any magnitude: padding cannot overflow)
 * @param left - samples added before `y` (a whole number >= 0)
 * @param right - samples added after `y` (a whole number >= 0)
 * @param mode - `'constant'` (zeros, default), `'reflect'` or `'edge'`
 * @returns a new Float32Array of `y.length + left + right` samples
 * @throws MirkitError `BAD_DATA` (`y` not a Float32Array, Float64Array or number[]), `EMPTY_INPUT`,
 *   `NON_FINITE` (naming the first bad sample), `BAD_OPTION` for a `left` / `right` that is not a whole
 *   number >= 0, a padded length above `MAX_MATRIX_VALUES` (2^28) or an unknown `mode`.
 */
export function padSignal(y: Signal, left: number, right: number, mode: PadMode = 'constant'): Float32Array {
  const sig = checkSignal(y, 'y', false);
  checkPadWidth(left, 'left');
  checkPadWidth(right, 'right');
  if (sig.length + left + right > MAX_MATRIX_VALUES) {
    throw new MirkitError('BAD_OPTION', `the padded signal would hold ${sig.length + left + right} samples, above the bound of 2^28: pad less`, {
      option: 'right',
      bound: MAX_MATRIX_VALUES,
    });
  }
  if (mode !== 'constant' && mode !== 'reflect' && mode !== 'edge') {
    throw new MirkitError('BAD_OPTION', `mode must be 'constant', 'reflect' or 'edge', got '${shown(mode)}'`, { option: 'mode' });
  }
  return padSignalUnchecked(sig, left, right, mode);
}

/** `BAD_OPTION` unless `v` is a whole number >= 0 (a pad width). */
function checkPadWidth(v: unknown, name: string): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new MirkitError('BAD_OPTION', `${name} must be a whole number of samples >= 0, got ${shown(v)}`, { option: name });
  }
}

/** {@link padSignal} without its checks: `y` non-empty, `left`, `right` whole, `mode` known. @internal */
export function padSignalUnchecked(y: ArrayLike<number>, left: number, right: number, mode: PadMode): Float32Array {
  const n = y.length;
  const out = new Float32Array(n + left + right);
  // the signal itself is one block copy; only the pads go through padIndex
  if (y instanceof Float32Array || y instanceof Float64Array) out.set(y, left);
  else for (let i = 0; i < n; i++) out[left + i] = y[i];
  if (mode === 'constant') return out;
  for (let i = 0; i < left; i++) {
    const j = padIndex(i - left, n, mode);
    out[i] = j < 0 ? 0 : y[j];
  }
  for (let i = left + n; i < out.length; i++) {
    const j = padIndex(i - left, n, mode);
    out[i] = j < 0 ? 0 : y[j];
  }
  return out;
}
