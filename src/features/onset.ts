import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkMatrix, checkPositiveInt, checkSampleRate, type Signal } from '../validate.js';
import { resolveStftOptions } from '../dsp/stft.js';
import { reflectIndex } from '../dsp/median.js';
import { melSpectrogram, type MelSpectrogramOptions } from './mel.js';
import { powerToDb } from './db.js';

/** How {@link onsetStrength} combines the per-band flux of one frame. */
export type OnsetAggregate = 'mean' | 'median' | ((bandValues: Float64Array) => number);

/** Options of {@link onsetStrength} (librosa.onset.onset_strength's names and defaults). */
export interface OnsetStrengthOptions extends Omit<MelSpectrogramOptions, 'S' | 'power'> {
  /**
   * Precomputed log-power spectrogram (rows = bands, cols = frames), librosa's `S`, e.g.
   * `powerToDb(melSpectrogram(y))`. Replaces `y`; `nFft`/`hopLength` still set the centring offset.
   */
  S?: Matrix;
  /** Time lag (frames) of the difference. Default 1. */
  lag?: number;
  /** Size of the local-max filter across bands applied to the reference. Default 1 (none). */
  maxSize?: number;
  /** Precomputed reference spectrogram (same shape as S) to subtract from. Default: S (max-filtered when maxSize > 1). */
  ref?: Matrix;
  /** Remove the DC component with `lfilter([1, -1], [1, -0.99])`. Default false. */
  detrend?: boolean;
  /** Shift the envelope to align with centred frames: pad `lag + nFft / (2 hopLength)` zeros in front. Default true. */
  center?: boolean;
  /** Combine the bands: `'mean'` (default), `'median'` or a function of one frame's band values. */
  aggregate?: OnsetAggregate;
}

/**
 * Onset strength envelope (spectral flux), equal to `librosa.onset.onset_strength`:
 *
 * 1. `S = powerToDb(melSpectrogram(y, ...))` (ref 1, amin 1e-10, topDb 80) unless `S` is given;
 * 2. `flux[t] = max(0, S[:, t] - ref[:, t - lag])` with `ref` = S (or its local max over
 *    `maxSize` bands, scipy `maximum_filter1d`, mode reflect);
 * 3. aggregated over bands (`'mean'` by default; `beatTrack` uses `'median'`);
 * 4. padded with `lag` (+ `floor(nFft / (2 hopLength))` when `center`) zeros in front, optionally
 *    detrended, and cut to the number of frames of S.
 *
 * Output: one value per frame (`1 + floor(len / hopLength)` frames with the defaults), a
 * Float32Array (librosa's 1-D envelope), non-negative unless `detrend`.
 *
 * @param y - mono signal (may be `null` when `opts.S` is given)
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`
 * @example
 * ```ts
 * const env = onsetStrength(y, { sr: 22050 });                        // mean over 128 mel bands
 * const envMed = onsetStrength(y, { sr: 22050, aggregate: 'median' }); // as beat_track uses
 * ```
 */
export function onsetStrength(y: Signal | null, opts: OnsetStrengthOptions = {}): Float32Array {
  checkSampleRate(opts.sr ?? 22050);
  const lag = checkPositiveInt(opts.lag ?? 1, 'lag');
  const maxSize = checkPositiveInt(opts.maxSize ?? 1, 'maxSize');
  const center = opts.center ?? true;
  const detrend = opts.detrend ?? false;
  const aggregate = opts.aggregate ?? 'mean';
  if (aggregate !== 'mean' && aggregate !== 'median' && typeof aggregate !== 'function') {
    throw new MirkitError('BAD_OPTION', `aggregate must be 'mean', 'median' or a function, got ${String(aggregate)}`, { option: 'aggregate' });
  }
  // nFft / hopLength as librosa resolves them (they set the centring offset even when S is given)
  const st = resolveStftOptions({ nFft: opts.nFft, hopLength: opts.hopLength ?? 512, winLength: opts.winLength, padMode: opts.padMode, window: opts.window, center: true });
  let S: Matrix;
  if (opts.S !== undefined && opts.S !== null) S = checkMatrix(opts.S, 'S');
  else {
    const { S: _s, lag: _l, maxSize: _m, ref: _r, detrend: _d, center: _c, aggregate: _a, ...melOpts } = opts;
    // librosa's onset_strength forwards `center` to its own padding only; the STFT stays centred
    S = powerToDb(melSpectrogram(y, { ...melOpts, hopLength: st.hopLength, nFft: st.nFft, center: true }));
  }
  const bands = S.rows;
  const T = S.cols;
  let ref: Float32Array | Float64Array;
  if (opts.ref !== undefined && opts.ref !== null) {
    const R = checkMatrix(opts.ref, 'ref');
    if (R.rows !== bands || R.cols !== T) {
      throw new MirkitError('BAD_SHAPE', `ref shape ${R.rows} x ${R.cols} must match S (${bands} x ${T})`);
    }
    ref = R.data;
  } else if (maxSize === 1) ref = S.data;
  else ref = maxFilterBands(S, maxSize);

  const padWidth = lag + (center ? Math.floor(st.nFft / (2 * st.hopLength)) : 0);
  const nDiff = Math.max(0, T - lag);
  const full = new Float64Array(padWidth + nDiff);
  const s = S.data;
  if (aggregate === 'mean') {
    // numpy's float32 arithmetic: float32 differences, summed band by band in float32
    const acc = new Float32Array(nDiff);
    for (let b = 0; b < bands; b++) {
      const o = b * T;
      for (let t = 0; t < nDiff; t++) {
        const d = Math.fround(s[o + t + lag] - ref[o + t]);
        if (d > 0) acc[t] += d;
      }
    }
    for (let t = 0; t < nDiff; t++) full[padWidth + t] = Math.fround(acc[t] / bands);
  } else {
    const col = new Float64Array(bands);
    for (let t = 0; t < nDiff; t++) {
      for (let b = 0; b < bands; b++) {
        const d = Math.fround(s[b * T + t + lag] - ref[b * T + t]);
        col[b] = d > 0 ? d : 0;
      }
      let v: number;
      if (aggregate === 'median') {
        col.sort();
        const h = bands >> 1;
        // np.median on float32: the mean of the two middle values, in float32
        v = bands % 2 === 1 ? col[h] : Math.fround(Math.fround(col[h - 1] + col[h]) / 2);
      } else {
        v = aggregate(col);
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new MirkitError('BAD_OPTION', `aggregate function returned ${String(v)}; it must return a finite number`, { option: 'aggregate' });
        }
      }
      full[padWidth + t] = v;
    }
  }
  if (detrend) {
    // y[n] = x[n] - x[n-1] + 0.99 y[n-1]
    let px = 0,
      py = 0;
    for (let i = 0; i < full.length; i++) {
      const x = full[i];
      const yv = x - px + 0.99 * py;
      px = x;
      py = yv;
      full[i] = yv;
    }
  }
  const outLen = center ? Math.min(full.length, T) : full.length;
  const out = new Float32Array(outLen);
  for (let i = 0; i < outLen; i++) out[i] = full[i];
  return out;
}

/** scipy.ndimage.maximum_filter1d along the band axis (mode reflect, origin 0). */
function maxFilterBands(S: Matrix, size: number): Float64Array {
  const { rows, cols, data } = S;
  const out = new Float64Array(data.length);
  const left = size >> 1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let m = -Infinity;
      for (let j = 0; j < size; j++) {
        const v = data[reflectIndex(r - left + j, rows) * cols + c];
        if (v > m) m = v;
      }
      out[r * cols + c] = m;
    }
  }
  return out;
}
