/**
 * Signal padding for centred framing: librosa's `pad_mode` values 'constant', 'reflect' and
 * 'edge' (numpy's `np.pad` modes).
 */

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
 */
export function padSignal(y: ArrayLike<number>, left: number, right: number, mode: PadMode = 'constant'): Float32Array {
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
