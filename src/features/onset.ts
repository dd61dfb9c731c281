import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkMatrix, checkPositiveInt, checkSampleRate, checkBoundedMatrix, type Signal } from '../validate.js';
import { resolveStftOptions } from '../dsp/stft.js';
import { reflectIndex, selectInPlace } from '../dsp/median.js';
import { keepSpareMelBands, melFrameMajor, takeSpareMelBands, type MelSpectrogramOptions } from './mel.js';
import { clipBelow, powerToDbUnclipped } from './db.js';
import { wasmFluxMean } from '../dsp/heap-kernels.js';
import { wasmDecibels } from '../dsp/onset-kernels.js';
import { transposeInto } from '../dsp/transpose.js';
import { readOptions } from '../options.js';
import { ONSET_STRENGTH_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

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
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`, `BAD_DATA` (an `S` value beyond +-2^100)
 * @example
 * ```ts
 * const env = onsetStrength(y, { sr: 22050 });                        // mean over 128 mel bands
 * const envMed = onsetStrength(y, { sr: 22050, aggregate: 'median' }); // as beat_track uses
 * ```
 */
export function onsetStrength(y: Signal | null, opts: OnsetStrengthOptions = {}): Float32Array {
  opts = readOptions('onsetStrength', opts, ONSET_STRENGTH_OPTIONS);
  checkSampleRate(opts.sr ?? 22050);
  const lag = checkPositiveInt(opts.lag ?? 1, 'lag');
  const maxSize = checkPositiveInt(opts.maxSize ?? 1, 'maxSize');
  const center = opts.center ?? true;
  const detrend = opts.detrend ?? false;
  const aggregate = opts.aggregate ?? 'mean';
  if (aggregate !== 'mean' && aggregate !== 'median' && typeof aggregate !== 'function') {
    throw new MirkitError('BAD_OPTION', `aggregate must be 'mean', 'median' or a function, got ${shown(aggregate)}`, { option: 'aggregate' });
  }
  // nFft / hopLength as librosa resolves them (they set the centring offset even when S is given)
  const st = resolveStftOptions({
    nFft: opts.nFft,
    hopLength: opts.hopLength ?? 512,
    winLength: opts.winLength,
    padMode: opts.padMode,
    window: opts.window,
    center: true,
  });
  const padWidth = lag + (center ? Math.floor(st.nFft / (2 * st.hopLength)) : 0);
  // S as (data, bands, T) with band b of frame t at t * tStride + b * bStride: the log-mel stays
  // frame-major (as computed) unless a bin-major reference is needed
  let s: Float32Array | Float64Array;
  let bands: number, T: number, tStride: number, bStride: number;
  let floor = Number.NEGATIVE_INFINITY; // the top-dB clip level still to apply as values are read (float32)
  let spare: Float32Array | undefined; // the log-mel computed here, given back once the envelope is out
  if (opts.S !== undefined && opts.S !== null) {
    const S = checkBoundedMatrix(opts.S, 'S');
    s = S.data;
    bands = S.rows;
    T = S.cols;
    tStride = 1;
    bStride = T;
  } else {
    const { S: _s, lag: _l, maxSize: _m, ref: _r, detrend: _d, center: _c, aggregate: _a, ...melOpts } = opts;
    // librosa's onset_strength forwards `center` to its own padding only; the STFT stays centred
    const mel = melFrameMajor(y, { ...melOpts, hopLength: st.hopLength, nFft: st.nFft, center: true }, takeSpareMelBands);
    const db = mel.data;
    spare = db;
    // in place: the values of powerToDb(melSpectrogram(y)), frame-major, with the clipping applied
    // by the wasm flux kernel as it reads them where that runs, here otherwise
    const fft = opts.fft ?? 'auto';
    const clipLevel = powerToDbUnclipped(db, db, (v, out, table, low, aminDb, offset) => wasmDecibels(v, out, table, low, aminDb, offset, fft));
    bands = mel.bands;
    T = mel.frames;
    if (aggregate === 'mean' && maxSize === 1 && !opts.ref && T > lag) {
      const full = new Float64Array(padWidth + T - lag);
      const floor32 = Math.fround(clipLevel);
      if (!wasmFluxMean(db, bands, T, lag, floor32, full, padWidth, fft))
        meanPositiveDifferences(db, db, { cur: lag * bands, ref: 0, bands, stride: 1, step: bands, count: T - lag, floor: floor32, at: padWidth }, full);
      keepSpareMelBands(db);
      return finishEnvelope(full, T, center, detrend);
    }
    // the median reads the values once, each raised to the clip level as read; the other paths clip first
    if (aggregate === 'median' && maxSize === 1 && !opts.ref) floor = Math.fround(clipLevel);
    else clipBelow(db, clipLevel);
    if (maxSize === 1 && (opts.ref === undefined || opts.ref === null)) {
      s = db;
      tStride = bands;
      bStride = 1;
    } else {
      s = new Float32Array(db.length);
      transposeInto(db, T, bands, s);
      tStride = 1;
      bStride = T;
    }
  }
  let ref: Float32Array | Float64Array;
  if (opts.ref !== undefined && opts.ref !== null) {
    const R = checkMatrix(opts.ref, 'ref');
    if (R.rows !== bands || R.cols !== T) {
      throw new MirkitError('BAD_SHAPE', `ref shape ${R.rows} x ${R.cols} must match S (${bands} x ${T})`);
    }
    ref = R.data;
  } else if (maxSize === 1) ref = s;
  else ref = maxFilterBands({ rows: bands, cols: T, data: s }, maxSize);

  const nDiff = Math.max(0, T - lag);
  const full = new Float64Array(padWidth + nDiff);
  const lagOff = lag * tStride;
  if (aggregate === 'mean') {
    // numpy's float32 arithmetic: float32 differences, summed band by band in float32
    meanPositiveDifferences(s, ref, { cur: lagOff, ref: 0, bands, stride: bStride, step: tStride, count: nDiff, floor: -Infinity, at: padWidth }, full);
  } else if (aggregate === 'median') {
    // only the positive differences are kept (the rest are zeros, which sort first)
    const pos = new Float64Array(bands);
    for (let t = 0; t < nDiff; t++) {
      const o = t * tStride;
      let np = 0;
      for (let b = 0, i = o; b < bands; b++, i += bStride) {
        const d = Math.fround(Math.max(s[i + lagOff], floor) - Math.max(ref[i], floor));
        if (d > 0) pos[np++] = d;
      }
      full[padWidth + t] = medianWithZeros(pos, np, bands - np);
    }
  } else {
    const col = new Float64Array(bands);
    for (let t = 0; t < nDiff; t++) {
      const o = t * tStride;
      for (let b = 0, i = o; b < bands; b++, i += bStride) {
        const d = Math.fround(s[i + lagOff] - ref[i]);
        col[b] = d > 0 ? d : 0;
      }
      const v = aggregate(col);
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new MirkitError('BAD_OPTION', `aggregate function returned ${shown(v)}; it must return a finite number`, { option: 'aggregate' });
      }
      full[padWidth + t] = v;
    }
  }
  if (spare) keepSpareMelBands(spare);
  return finishEnvelope(full, T, center, detrend);
}

/** The padded envelope `full`, optionally detrended, cut to T frames when centred, as float32. */
function finishEnvelope(full: Float64Array, T: number, center: boolean, detrend: boolean): Float32Array {
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

/**
 * scipy.ndimage.maximum_filter1d along the band axis (mode reflect, origin 0): the maximum of
 * `size` bands centred on each (`size >> 1` below it), the edges reflected. Each column is
 * extended by the reflection once and filtered by van Herk / Gil-Werman's running maxima (block
 * prefix and suffix maxima, the window's maximum from one of each): constant work per value
 * whatever `size` (the window-by-window loop took 110x as long at size 1025 as at 1). @internal
 */
export function maxFilterBands(S: Matrix, size: number): Float64Array {
  const { rows, cols, data } = S;
  const out = new Float64Array(data.length);
  const left = size >> 1;
  const n = rows + size - 1;
  const ext = new Float64Array(n);
  const prefix = new Float64Array(n);
  const suffix = new Float64Array(n);
  for (let c = 0; c < cols; c++) {
    for (let k = 0; k < n; k++) ext[k] = data[reflectIndex(k - left, rows) * cols + c];
    for (let k = 0; k < n; k++) prefix[k] = k % size === 0 ? ext[k] : Math.max(prefix[k - 1], ext[k]);
    for (let k = n - 1; k >= 0; k--) suffix[k] = k === n - 1 || (k + 1) % size === 0 ? ext[k] : Math.max(suffix[k + 1], ext[k]);
    // window [r, r + size): the suffix maximum of r's block and the prefix maximum of the last value's
    for (let r = 0; r < rows; r++) out[r * cols + c] = Math.max(suffix[r], prefix[r + size - 1]);
  }
  return out;
}

/**
 * np.median (float32) of `zeros` zeros and the `np` positive values `pos[0 .. np)` (reordered):
 * the middle value, or the float32 mean of the two middle values for an even count. The zeros
 * sort first, so only the positive values need a selection (quickselect, not a full sort).
 */
function medianWithZeros(pos: Float64Array, np: number, zeros: number): number {
  const n = np + zeros;
  const h = n >> 1;
  // order statistic r of the whole set: 0 below `zeros`, else the (r - zeros)-th positive value
  if (h < zeros) {
    if (n % 2 === 1 || h - 1 < zeros) return 0;
  }
  const hi = h < zeros ? 0 : selectInPlace(pos, np, h - zeros);
  if (n % 2 === 1) return hi;
  let lo: number;
  if (h - 1 < zeros) lo = 0;
  else {
    // the largest positive value left of the selected one (the partition put the smaller ones there)
    lo = -Infinity;
    for (let i = 0; i < h - zeros; i++) if (pos[i] > lo) lo = pos[i];
  }
  return Math.fround(Math.fround(lo + hi) / 2);
}

/** Where {@link meanPositiveDifferences} reads and writes: frame t's band b at `cur + t * step + b * stride` (likewise `ref`), its mean into `out[at + t]`. @internal */
export interface FluxLayout {
  /** Index of the first frame's first band in the current values (`src`). */
  cur: number;
  /** Index of the first frame's first band in the reference values (`ref`, the frame `lag` earlier). */
  ref: number;
  /** Bands per frame. */
  bands: number;
  /** Distance between a frame's bands (1 frame-major, the frame count bin-major). */
  stride: number;
  /** Distance between consecutive frames' first bands. */
  step: number;
  /** Frames to compute. */
  count: number;
  /** Every value is first raised to this float32 level (the top-dB clip as it is read); -Infinity for none. */
  floor: number;
  /** Where frame 0's mean goes in `out`. */
  at: number;
}

/**
 * The per-frame kernel of {@link onsetStrength}'s `'mean'` aggregate, shared with the streaming
 * analyzer: for each of `count` frames, the mean over the bands of `max(0, src[b] - ref[b])` (each
 * value first raised to `floor`), in numpy's float32 arithmetic (float32 differences summed band by
 * band in float32). Four frames per pass: four independent float32 sums (the chain of roundings of
 * one is what bounds its speed), each in band order as for one frame alone, so the same values.
 * @internal
 */
export function meanPositiveDifferences(src: ArrayLike<number>, ref: ArrayLike<number>, p: FluxLayout, out: Float64Array | Float32Array): void {
  const { bands, stride, step, count, floor, at } = p;
  const s1 = step,
    s2 = 2 * step,
    s3 = 3 * step;
  let t = 0;
  for (; t + 4 <= count; t += 4) {
    // biome-ignore format: accumulators, one line
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let b = 0, i = p.cur + t * step, j = p.ref + t * step; b < bands; b++, i += stride, j += stride) {
      const d0 = Math.fround(Math.max(src[i], floor) - Math.max(ref[j], floor));
      const d1 = Math.fround(Math.max(src[i + s1], floor) - Math.max(ref[j + s1], floor));
      const d2 = Math.fround(Math.max(src[i + s2], floor) - Math.max(ref[j + s2], floor));
      const d3 = Math.fround(Math.max(src[i + s3], floor) - Math.max(ref[j + s3], floor));
      // adding +0 leaves a float32 sum as it is: branch-free on the signs
      a0 = Math.fround(a0 + (d0 > 0 ? d0 : 0));
      a1 = Math.fround(a1 + (d1 > 0 ? d1 : 0));
      a2 = Math.fround(a2 + (d2 > 0 ? d2 : 0));
      a3 = Math.fround(a3 + (d3 > 0 ? d3 : 0));
    }
    out[at + t] = Math.fround(a0 / bands);
    out[at + t + 1] = Math.fround(a1 / bands);
    out[at + t + 2] = Math.fround(a2 / bands);
    out[at + t + 3] = Math.fround(a3 / bands);
  }
  for (; t < count; t++) {
    let acc = 0;
    for (let b = 0, i = p.cur + t * step, j = p.ref + t * step; b < bands; b++, i += stride, j += stride) {
      const d = Math.fround(Math.max(src[i], floor) - Math.max(ref[j], floor));
      acc = Math.fround(acc + (d > 0 ? d : 0));
    }
    out[at + t] = Math.fround(acc / bands);
  }
}
