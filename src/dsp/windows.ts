import { MirkitError } from '../errors.js';
import { MAX_N_FFT } from '../limits.js';
import { shown } from '../util/shown.js';

/** Window names understood by {@link getWindow}. */
export type WindowName = 'hann' | 'hamming' | 'blackman' | 'boxcar' | 'ones' | 'rectangular';

/**
 * A window given by name or as explicit values (length = winLength): finite numbers, each within
 * +-64 (2^6; see {@link getWindow}).
 */
export type WindowSpec = WindowName | ArrayLike<number>;

/**
 * Largest magnitude of a value of a window given as values (the `window` option of `stft`,
 * `spectrogram`, `melSpectrogram`, `istft` and the other spectral functions): 2^6 = 64. The named
 * windows lie within [0, 1]; with samples within +-2^24 (`MAX_SAMPLE_MAGNITUDE`) and `nFft` up to
 * 2^20 a window within +-64 keeps every STFT magnitude below 2^50 and a power spectrogram below
 * 2^100, the bound checked on precomputed spectrograms, so the float32 spectra and the features
 * summed from them stay finite. A value beyond it -> `BAD_DATA` naming its index.
 * @internal
 */
export const MAX_WINDOW_MAGNITUDE = 2 ** 6;

/**
 * A window of length `n`, periodic by default (`fftbins = true`), as `scipy.signal.get_window`
 * which librosa calls: the symmetric window of length n+1 with its last sample dropped.
 *
 * Values given explicitly must be finite and lie within +-64 (2^6): the named windows lie within
 * [0, 1], and with samples within +-2^24 and `nFft` up to 2^20 a window within +-64 keeps every STFT
 * magnitude below 2^50 and a power spectrogram below 2^100 (the bound checked on precomputed
 * spectrograms), so the float32 spectra and the features summed from them stay finite.
 *
 * @param window - a name or explicit values (returned as Float64Array after the checks)
 * @param n - window length in samples (a positive integer up to `MAX_N_FFT` = 2^20)
 * @param periodic - periodic (DFT-even) window, scipy's `fftbins=True` (default)
 * @throws MirkitError `BAD_OPTION` for a bad `n`, an unknown name, values that are not an array
 *   (or typed array) of `n` numbers, or a non-boolean `periodic`; `NON_FINITE` for a NaN or infinite
 *   value and `BAD_DATA` for one beyond +-64 (both naming its index).
 */
export function getWindow(window: WindowSpec, n: number, periodic = true): Float64Array {
  checkWindowLength(n, 'winLength');
  if (typeof periodic !== 'boolean') throw new MirkitError('BAD_OPTION', 'periodic must be true or false', { option: 'periodic' });
  if (typeof window !== 'string') {
    if (window?.length !== n) throw new MirkitError('BAD_OPTION', `window needs ${n} values`, { option: 'window' });
    return copyWindowValues(window, new Float64Array(n), 0);
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
      throw new MirkitError('BAD_OPTION', `unknown window '${shown(window)}'`, { option: 'window' });
  }
  return w;
}

/** `BAD_OPTION` unless `n` is a positive integer up to {@link MAX_N_FFT}. */
function checkWindowLength(n: unknown, option: string): void {
  if (!(Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_N_FFT)) {
    throw new MirkitError('BAD_OPTION', `${option} must be an integer in [1, 2^20]`, { option });
  }
}

/**
 * A copy of window values `w` (an array or typed array) into `out` from `at`: each a finite number
 * (`NON_FINITE`) within +-{@link MAX_WINDOW_MAGNITUDE} (`BAD_DATA`), named by index.
 */
function copyWindowValues(w: unknown, out: Float64Array, at: number): Float64Array {
  if (!Array.isArray(w) && !(ArrayBuffer.isView(w) && 'length' in w))
    throw new MirkitError('BAD_OPTION', 'window must be a name or numbers', { option: 'window' });
  const values = w as ArrayLike<unknown>;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !(Math.abs(v) <= MAX_WINDOW_MAGNITUDE)) {
      const finite = typeof v === 'number' && Number.isFinite(v);
      throw new MirkitError(finite ? 'BAD_DATA' : 'NON_FINITE', `window[${i}] is not finite, within +-64`, {
        option: 'window',
        index: i,
      });
    }
    out[at + i] = v;
  }
  return out;
}

/**
 * Centre-pads a window of length `winLength` with zeros to length `nFft`, as librosa's
 * `util.pad_center` (offset `floor((nFft - winLength) / 2)`).
 *
 * @throws MirkitError `BAD_OPTION` for an `nFft` that is not a positive integer up to `MAX_N_FFT`
 *   (2^20), a `w` that is not an array (or typed array) of numbers, or one longer than `nFft`;
 *   `NON_FINITE` for a value of `w` that is not a finite number (naming its index).
 */
export function padCenter(w: ArrayLike<number>, nFft: number): Float64Array {
  checkWindowLength(nFft, 'nFft');
  if (!(w?.length <= nFft)) throw new MirkitError('BAD_OPTION', `window longer than nFft ${nFft}`, { option: 'winLength' });
  return copyWindowValues(w, new Float64Array(nFft), Math.floor((nFft - w.length) / 2));
}
