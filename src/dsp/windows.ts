import { MirkitError } from '../errors.js';
import { shown } from '../util/shown.js';

/** Window names understood by {@link getWindow}. */
export type WindowName = 'hann' | 'hamming' | 'blackman' | 'boxcar' | 'ones' | 'rectangular';

/** A window given by name or as explicit values (length = winLength). */
export type WindowSpec = WindowName | ArrayLike<number>;

/**
 * A window of length `n`, periodic by default (`fftbins = true`), as `scipy.signal.get_window`
 * which librosa calls: the symmetric window of length n+1 with its last sample dropped.
 *
 * @param window - a name or explicit values (returned as Float64Array after a length check)
 * @param n - window length in samples
 * @param periodic - periodic (DFT-even) window, scipy's `fftbins=True` (default)
 */
export function getWindow(window: WindowSpec, n: number, periodic = true): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new MirkitError('BAD_OPTION', `window length must be a positive integer, got ${n}`);
  if (typeof window !== 'string') {
    if (window.length !== n) throw new MirkitError('BAD_OPTION', `window has ${window.length} values, expected ${n}`);
    return Float64Array.from(window);
  }
  const w = new Float64Array(n);
  if (n === 1) {
    w[0] = 1;
    return w;
  }
  const denom = periodic ? n : n - 1;
  const cosineSum = (a: number[]): void => {
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let k = 0; k < a.length; k++) v += (k % 2 === 0 ? 1 : -1) * a[k] * Math.cos((2 * Math.PI * k * i) / denom);
      w[i] = v;
    }
  };
  switch (window) {
    case 'hann':
      cosineSum([0.5, 0.5]);
      break;
    case 'hamming':
      cosineSum([0.54, 0.46]);
      break;
    case 'blackman':
      cosineSum([0.42, 0.5, 0.08]);
      break;
    case 'boxcar':
    case 'ones':
    case 'rectangular':
      w.fill(1);
      break;
    default:
      throw new MirkitError('BAD_OPTION', `unknown window '${shown(window)}'`);
  }
  return w;
}

/**
 * Centre-pads a window of length `winLength` with zeros to length `nFft`, as librosa's
 * `util.pad_center` (offset `floor((nFft - winLength) / 2)`).
 */
export function padCenter(w: ArrayLike<number>, nFft: number): Float64Array {
  if (w.length > nFft) throw new MirkitError('BAD_OPTION', `window length ${w.length} exceeds nFft ${nFft}`);
  const out = new Float64Array(nFft);
  const lpad = Math.floor((nFft - w.length) / 2);
  for (let i = 0; i < w.length; i++) out[lpad + i] = w[i];
  return out;
}
