import { MirkitError } from '../errors.js';
import { isMatrix, type Matrix } from '../matrix.js';
import { checkNumber, type Signal } from '../validate.js';
import { fftFrequencies } from '../dsp/filters.js';
import { spectralFrames, type SpectralInputOptions, type SpectralFrames } from './frames.js';
import { bandwidthOfFrame, centroidOfFrame, columnSum, rolloffOfFrame } from './spectral-kernels.js';
import { readOptions } from '../options.js';
import { SPECTRAL_BANDWIDTH_OPTIONS, SPECTRAL_CENTROID_OPTIONS, SPECTRAL_ROLLOFF_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';
import { MAX_SPECTROGRAM_POWER, MIN_BANDWIDTH_P } from '../limits.js';

/** Options shared by {@link spectralCentroid}, {@link spectralBandwidth} and {@link spectralRolloff}. */
export interface SpectralFeatureOptions extends SpectralInputOptions {
  /**
   * Centre frequency (Hz) of each row of the spectrogram: a 1-D array of `bins` values, or a
   * `bins x frames` Matrix (e.g. reassigned frequencies). Default {@link fftFrequencies}`(sr, nFft)`.
   */
  freq?: ArrayLike<number> | Matrix;
}

/** Per-frame frequency accessor: fills `out` with the frequencies of frame `t`. */
type FreqSource = (t: number) => Float64Array;

function resolveFreq(fr: SpectralFrames, freq: SpectralFeatureOptions['freq']): FreqSource {
  const bins = fr.bins;
  if (freq === undefined || freq === null) {
    const f = fftFrequencies(fr.sr, fr.nFft);
    return () => f;
  }
  if (isMatrix(freq)) {
    if (freq.rows !== bins || freq.cols !== fr.nFrames) {
      throw new MirkitError('BAD_SHAPE', `freq is ${freq.rows} x ${freq.cols}, expected ${bins} x ${fr.nFrames} (bins x frames) or a 1-D array of ${bins}`);
    }
    const col = new Float64Array(bins);
    const d = freq.data;
    const T = freq.cols;
    return (t) => {
      for (let k = 0; k < bins; k++) col[k] = d[k * T + t];
      return col;
    };
  }
  if (typeof (freq as ArrayLike<number>).length !== 'number' || (freq as ArrayLike<number>).length !== bins) {
    throw new MirkitError('BAD_SHAPE', `freq must have ${bins} values (one per frequency bin)`);
  }
  const f = Float64Array.from(freq as ArrayLike<number>);
  for (let k = 0; k < bins; k++) if (!Number.isFinite(f[k])) throw new MirkitError('NON_FINITE', `freq[${k}] is not finite`);
  return () => f;
}

function checkNonNegative(block: Float32Array | Float64Array, n: number, what: string): void {
  for (let k = 0; k < n; k++) {
    if (block[k] < 0) throw new MirkitError('BAD_DATA', `${what} is only defined for non-negative spectrogram values (S has ${block[k]})`);
  }
}

/**
 * Spectral centroid per frame, equal to `librosa.feature.spectral_centroid(y=y, sr=sr, ...)`:
 * `Σ_k freq[k] S[k,t] / Σ_k S[k,t]` on the magnitude spectrogram `S = |stft(y)|` (power 1), or on
 * a precomputed non-negative `S`. An all-zero frame gives 0.
 *
 * Defaults: sr 22050, nFft 2048, hopLength 512, hann, center with zero padding.
 * Shape: a 1-row Matrix (1 x frames) in Hz, Float64.
 *
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE` (wrong `freq` length),
 *   `BAD_DATA` (negative `S`), `TOO_SHORT`.
 * @example
 * ```ts
 * const c = spectralCentroid(y, { sr: 22050 }); // c.data[t] in Hz
 * ```
 */
export function spectralCentroid(y: Signal | null, opts: SpectralFeatureOptions = {}): Matrix {
  opts = readOptions('spectralCentroid', opts, SPECTRAL_CENTROID_OPTIONS);
  const fr = spectralFrames(y, opts, 1);
  const freqAt = resolveFreq(fr, opts.freq);
  const out = new Float64Array(fr.nFrames);
  const bins = fr.bins;
  const checkNeg = opts.S !== undefined;
  fr.blocks((t0, count, S) => {
    if (checkNeg) checkNonNegative(S, count * bins, 'spectral centroid');
    for (let j = 0; j < count; j++) out[t0 + j] = centroidOfFrame(S, j * bins, bins, freqAt(t0 + j));
  });
  return { rows: 1, cols: fr.nFrames, data: out };
}

/** Options of {@link spectralBandwidth}. */
export interface SpectralBandwidthOptions extends SpectralFeatureOptions {
  /** Precomputed centroid per frame (1-row Matrix or array of frames). Default: computed. */
  centroid?: Matrix | ArrayLike<number>;
  /** Normalise each frame to unit L1 norm before the weighted sum. Default true. */
  norm?: boolean;
  /** Power of the deviation, default 2. */
  p?: number;
}

/**
 * Spectral bandwidth of order p per frame, equal to `librosa.feature.spectral_bandwidth(y=y, sr=sr, ...)`:
 * `(Σ_k Ŝ[k,t] |freq[k] - centroid[t]|^p)^(1/p)`, with `Ŝ` the magnitude spectrogram, L1-normalised per
 * frame when `norm` (default true); p = 2 by default.
 *
 * Shape: a 1-row Matrix (1 x frames) in Hz, Float64.
 *
 * @throws MirkitError as {@link spectralCentroid}, plus `BAD_OPTION` for `p <= 0` and `BAD_SHAPE` for a `centroid` of the wrong length.
 * @example
 * ```ts
 * const bw = spectralBandwidth(y, { sr: 22050 });
 * ```
 */
export function spectralBandwidth(y: Signal | null, opts: SpectralBandwidthOptions = {}): Matrix {
  opts = readOptions('spectralBandwidth', opts, SPECTRAL_BANDWIDTH_OPTIONS);
  const p = checkNumber(opts.p ?? 2, 'p', MIN_BANDWIDTH_P, MAX_SPECTROGRAM_POWER + 1);
  const norm = opts.norm ?? true;
  const fr = spectralFrames(y, opts, 1);
  const freqAt = resolveFreq(fr, opts.freq);
  let centroid: ArrayLike<number> | undefined;
  if (opts.centroid !== undefined && opts.centroid !== null) {
    centroid = isMatrix(opts.centroid) ? opts.centroid.data : opts.centroid;
    if (centroid.length !== fr.nFrames) throw new MirkitError('BAD_SHAPE', `centroid has ${centroid.length} frames, expected ${fr.nFrames}`);
  }
  const out = new Float64Array(fr.nFrames);
  const bins = fr.bins;
  const checkNeg = opts.S !== undefined;
  fr.blocks((t0, count, S) => {
    if (checkNeg) checkNonNegative(S, count * bins, 'spectral bandwidth');
    for (let j = 0; j < count; j++) {
      const t = t0 + j;
      const f = freqAt(t);
      const b = j * bins;
      const c = centroid ? centroid[t] : centroidOfFrame(S, b, bins, f);
      out[t] = bandwidthOfFrame(S, b, bins, f, c, columnSum(S, b, bins), p, norm);
    }
  });
  return { rows: 1, cols: fr.nFrames, data: out };
}

/** Options of {@link spectralRolloff}. */
export interface SpectralRolloffOptions extends SpectralFeatureOptions {
  /** Fraction of the frame's energy below the roll-off frequency, in (0, 1). Default 0.85. */
  rollPercent?: number;
}

/**
 * Spectral roll-off per frame, equal to `librosa.feature.spectral_rolloff(y=y, sr=sr, ...)`: the
 * smallest bin centre frequency at which the cumulative magnitude reaches `rollPercent` (default
 * 0.85) of the frame total. The cumulative sum is accumulated in float32, as numpy does on
 * librosa's float32 spectrogram, so ties fall the same way.
 *
 * Shape: a 1-row Matrix (1 x frames) in Hz, Float64.
 *
 * @throws MirkitError as {@link spectralCentroid}, plus `BAD_OPTION` for `rollPercent` outside (0, 1).
 * @example
 * ```ts
 * const r = spectralRolloff(y, { sr: 22050, rollPercent: 0.85 });
 * ```
 */
export function spectralRolloff(y: Signal | null, opts: SpectralRolloffOptions = {}): Matrix {
  opts = readOptions('spectralRolloff', opts, SPECTRAL_ROLLOFF_OPTIONS);
  const rp = opts.rollPercent ?? 0.85;
  if (typeof rp !== 'number' || !(rp > 0 && rp < 1))
    throw new MirkitError('BAD_OPTION', `rollPercent must be in (0, 1), got ${shown(rp)}`, { option: 'rollPercent' });
  const fr = spectralFrames(y, opts, 1);
  const freqAt = resolveFreq(fr, opts.freq);
  const out = new Float64Array(fr.nFrames);
  const bins = fr.bins;
  const cum = new Float32Array(bins);
  const checkNeg = opts.S !== undefined;
  fr.blocks((t0, count, S) => {
    if (checkNeg) checkNonNegative(S, count * bins, 'spectral rolloff');
    for (let j = 0; j < count; j++) out[t0 + j] = rolloffOfFrame(S, j * bins, bins, freqAt(t0 + j), rp, cum);
  });
  return { rows: 1, cols: fr.nFrames, data: out };
}
