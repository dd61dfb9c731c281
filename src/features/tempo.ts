import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkNumber, checkPositiveInt, checkSampleRate, checkSignal, type Signal } from '../validate.js';
import { createRealFft } from '../dsp/fft.js';
import { getWindow, type WindowSpec } from '../dsp/windows.js';
import { onsetStrength, type OnsetStrengthOptions } from './onset.js';

/** Options of {@link tempogram} (librosa.feature.tempogram's names and defaults). */
export interface TempogramOptions extends Omit<OnsetStrengthOptions, 'center' | 'window'> {
  /** Precomputed onset strength envelope (e.g. {@link onsetStrength}); replaces `y`. */
  onsetEnvelope?: Float32Array | Float64Array | number[];
  /** Autocorrelation window length in onset frames. Default 384 (~8.9 s at 22050 Hz / hop 512). */
  winLength?: number;
  /** Centre the windows (linear-ramp padding of the envelope to 0). Default true. */
  center?: boolean;
  /** Window applied before the autocorrelation. Default `'hann'`. */
  window?: WindowSpec;
  /** Normalisation of each frame over lags: `Infinity` (max, default), a positive p-norm, or `null` (none). */
  norm?: number | null;
}

/** Options of {@link tempo} (librosa.feature.tempo's names and defaults). */
export interface TempoOptions extends Omit<OnsetStrengthOptions, 'aggregate'> {
  /** Precomputed onset strength envelope; replaces `y`. Default `onsetStrength(y, { sr, hopLength })` (mean aggregation). */
  onsetEnvelope?: Float32Array | Float64Array | number[];
  /** Hop (samples) between onset frames. Default 512. */
  hopLength?: number;
  /** Centre of the log-normal tempo prior, BPM. Default 120. */
  startBpm?: number;
  /** Standard deviation of the prior, in octaves. Default 1. */
  stdBpm?: number;
  /** Length of the autocorrelation window in seconds. Default 8. */
  acSize?: number;
  /** Only tempi below this BPM are considered; `null` disables. Default 320. */
  maxTempo?: number | null;
  /** Aggregation of the tempogram over time: `'mean'` (default), `'median'` or a function of one lag's values. */
  aggregate?: 'mean' | 'median' | ((values: Float64Array) => number);
  /** Log-density of a tempo prior (BPM -> log p); replaces the log-normal prior (librosa's `prior.logpdf`). */
  prior?: (bpm: number) => number;
}

/**
 * BPM of each lag bin of an autocorrelation tempogram, `librosa.tempo_frequencies(nBins, hop_length, sr)`:
 * `60 sr / (hopLength * lag)`, with bin 0 (lag 0) = Infinity.
 */
export function tempoFrequencies(nBins: number, opts: { sr?: number; hopLength?: number } = {}): Float64Array {
  const sr = checkSampleRate(opts.sr ?? 22050);
  const hop = checkPositiveInt(opts.hopLength ?? 512, 'hopLength');
  const f = new Float64Array(nBins);
  if (nBins > 0) f[0] = Infinity;
  for (let i = 1; i < nBins; i++) f[i] = (60 * sr) / (hop * i);
  return f;
}

function envelopeFrom(y: Signal | null, opts: { onsetEnvelope?: Float32Array | Float64Array | number[] } & OnsetStrengthOptions): Float32Array | Float64Array {
  if (opts.onsetEnvelope !== undefined && opts.onsetEnvelope !== null) return checkSignal(opts.onsetEnvelope, 'onsetEnvelope');
  if (y === null || y === undefined) throw new MirkitError('EMPTY_INPUT', 'pass a signal y or a precomputed onsetEnvelope');
  const { onsetEnvelope: _e, ...o } = opts as Record<string, unknown>;
  return onsetStrength(y, o as OnsetStrengthOptions);
}

/**
 * Windowed autocorrelation of every frame of an onset envelope, each frame normalised; the core
 * of {@link tempogram}. Calls `visit(t, ac)` with a scratch array of `winLength` lags.
 */
function forEachAutocorrelation(
  env: Float32Array | Float64Array,
  winLength: number,
  center: boolean,
  window: WindowSpec,
  norm: number | null,
  visit: (t: number, ac: Float64Array) => void,
): number {
  const n = env.length;
  const win = getWindow(window, winLength);
  let padded: Float64Array;
  let nFrames: number;
  if (center) {
    const p = winLength >> 1;
    padded = new Float64Array(n + 2 * p);
    const first = env[0], last = env[n - 1];
    // np.pad(mode='linear_ramp', end_values=0) in the envelope's dtype (float32 for a Float32Array)
    const cast = env instanceof Float64Array ? (v: number) => v : Math.fround;
    for (let j = 0; j < p; j++) {
      padded[j] = cast((first * j) / p);
      padded[p + n + j] = cast((last * (p - 1 - j)) / p);
    }
    for (let i = 0; i < n; i++) padded[p + i] = env[i];
    nFrames = n;
  } else {
    padded = Float64Array.from(env);
    if (n < winLength) {
      throw new MirkitError('TOO_SHORT', `onset envelope of ${n} frames is shorter than winLength (${winLength}) with center=false`);
    }
    nFrames = n - winLength + 1;
  }
  let N = 1;
  while (N < 2 * winLength - 1) N <<= 1;
  const fft = createRealFft(N);
  const half = N >> 1;
  const buf = new Float64Array(N);
  const re = new Float64Array(half + 1);
  const im = new Float64Array(half + 1);
  const pw = new Float64Array(N);
  const ac = new Float64Array(winLength);
  for (let t = 0; t < nFrames; t++) {
    for (let j = 0; j < winLength; j++) buf[j] = padded[t + j] * win[j];
    for (let j = winLength; j < N; j++) buf[j] = 0;
    fft.forward(buf, re, im);
    // |X|^2 is real and even: its inverse transform equals its forward transform / N
    for (let k = 0; k <= half; k++) pw[k] = re[k] * re[k] + im[k] * im[k];
    for (let k = half + 1; k < N; k++) pw[k] = pw[N - k];
    fft.forward(pw, re, im);
    for (let j = 0; j < winLength; j++) ac[j] = re[j] / N;
    if (norm !== null) {
      let len = 0;
      if (norm === Infinity) {
        for (let j = 0; j < winLength; j++) {
          const a = Math.abs(ac[j]);
          if (a > len) len = a;
        }
      } else {
        for (let j = 0; j < winLength; j++) len += Math.pow(Math.abs(ac[j]), norm);
        len = Math.pow(len, 1 / norm);
      }
      if (len >= 2.2250738585072014e-308) for (let j = 0; j < winLength; j++) ac[j] /= len;
    }
    visit(t, ac);
  }
  return nFrames;
}

/**
 * The time-average of the max-normalised autocorrelation tempogram (centred, hann), i.e.
 * `np.mean(tempogram(...), axis=-1)`, with one inverse FFT in all: a frame's autocorrelation peaks
 * at lag 0 (its energy), so each frame's power spectrum is divided by that energy and summed, and
 * the sum is transformed back once.
 */
function meanTempogram(env: Float32Array | Float64Array, winLength: number): Float64Array {
  const n = env.length;
  const win = getWindow('hann', winLength);
  const p = winLength >> 1;
  const padded = new Float64Array(n + 2 * p);
  const first = env[0], last = env[n - 1];
  const cast = env instanceof Float64Array ? (v: number) => v : Math.fround;
  for (let j = 0; j < p; j++) {
    padded[j] = cast((first * j) / p);
    padded[p + n + j] = cast((last * (p - 1 - j)) / p);
  }
  for (let i = 0; i < n; i++) padded[p + i] = env[i];
  let N = 1;
  while (N < 2 * winLength - 1) N <<= 1;
  const fft = createRealFft(N);
  const half = N >> 1;
  const buf = new Float64Array(N);
  const re = new Float64Array(half + 1);
  const im = new Float64Array(half + 1);
  const acc = new Float64Array(N);
  for (let t = 0; t < n; t++) {
    let energy = 0;
    for (let j = 0; j < winLength; j++) {
      const v = padded[t + j] * win[j];
      buf[j] = v;
      energy += v * v;
    }
    if (!(energy >= 2.2250738585072014e-308)) continue; // an all-zero frame: librosa leaves zeros
    fft.forward(buf, re, im);
    const inv = 1 / energy;
    for (let k = 0; k <= half; k++) acc[k] += (re[k] * re[k] + im[k] * im[k]) * inv;
  }
  for (let k = half + 1; k < N; k++) acc[k] = acc[N - k];
  // the summed spectrum is real and even: its inverse transform is its forward transform / N
  fft.forward(acc, re, im);
  const tg = new Float64Array(winLength);
  for (let l = 0; l < winLength; l++) tg[l] = re[l] / N / n;
  return tg;
}

function resolveNorm(norm: number | null | undefined): number | null {
  if (norm === undefined) return Infinity;
  if (norm === null) return null;
  if (typeof norm !== 'number' || !(norm > 0)) throw new MirkitError('BAD_OPTION', `norm must be Infinity, a positive number or null, got ${String(norm)}`, { option: 'norm' });
  return norm;
}

/**
 * Autocorrelation tempogram, equal to `librosa.feature.tempogram`: the onset envelope (linear-ramp
 * padded by `winLength / 2` when centred) is cut into `winLength`-frame windows (hop 1), each
 * multiplied by a hann window, autocorrelated and normalised over lags (max norm by default).
 *
 * Shape: rows = `winLength` lags (row `k` = lag `k` onset frames, see {@link tempoFrequencies}),
 * cols = onset frames. Float32 values.
 *
 * @param y - mono signal (may be `null` when `opts.onsetEnvelope` is given)
 * @example
 * ```ts
 * const tg = tempogram(null, { onsetEnvelope: onsetStrength(y, { sr }), sr });
 * ```
 */
export function tempogram(y: Signal | null, opts: TempogramOptions = {}): Matrix {
  checkSampleRate(opts.sr ?? 22050);
  const winLength = checkPositiveInt(opts.winLength ?? 384, 'winLength');
  const norm = resolveNorm(opts.norm);
  const { winLength: _w, center: _c, window: _win, norm: _n, ...rest } = opts;
  const env = envelopeFrom(y, rest);
  const center = opts.center ?? true;
  const nFrames = center ? env.length : Math.max(0, env.length - winLength + 1);
  const out = new Float32Array(winLength * nFrames);
  forEachAutocorrelation(env, winLength, center, opts.window ?? 'hann', norm, (t, ac) => {
    for (let k = 0; k < winLength; k++) out[k * nFrames + t] = ac[k];
  });
  return { rows: winLength, cols: nFrames, data: out };
}

/**
 * Global tempo estimate in BPM, equal to `librosa.feature.tempo(y=y, sr=sr, ...)[0]`:
 * autocorrelation {@link tempogram} with an `acSize`-second window
 * (`floor(floor(acSize * sr) / hopLength)` frames), averaged over time, weighted by a log-normal
 * prior `-0.5 ((log2 bpm - log2 startBpm) / stdBpm)^2` (or `prior`), restricted to tempi below
 * `maxTempo`; the BPM of the best lag (`argmax log1p(1e6 tg) + logprior`).
 *
 * The result lies on librosa's discrete grid `60 sr / (hopLength * lag)`, so it equals librosa's
 * value exactly. Clips shorter than the window work as in librosa (the padded windows overlap the
 * ramps). An all-zero envelope (silence) gives the prior's mode on that grid, as librosa does.
 *
 * @param y - mono signal (may be `null` when `opts.onsetEnvelope` is given)
 * @returns tempo in beats per minute
 * @example
 * ```ts
 * const bpm = tempo(y, { sr: 22050 });
 * const bpm2 = tempo(null, { onsetEnvelope: onsetStrength(y, { sr }), sr });
 * ```
 */
export function tempo(y: Signal | null, opts: TempoOptions = {}): number {
  const sr = checkSampleRate(opts.sr ?? 22050);
  const hop = checkPositiveInt(opts.hopLength ?? 512, 'hopLength');
  const startBpm = checkNumber(opts.startBpm ?? 120, 'startBpm');
  if (startBpm <= 0) throw new MirkitError('BAD_OPTION', 'startBpm must be strictly positive', { option: 'startBpm' });
  const stdBpm = checkNumber(opts.stdBpm ?? 1, 'stdBpm');
  if (stdBpm <= 0) throw new MirkitError('BAD_OPTION', 'stdBpm must be strictly positive', { option: 'stdBpm' });
  const acSize = checkNumber(opts.acSize ?? 8, 'acSize');
  if (acSize <= 0) throw new MirkitError('BAD_OPTION', 'acSize must be strictly positive', { option: 'acSize' });
  const maxTempo = opts.maxTempo === undefined ? 320 : opts.maxTempo;
  if (maxTempo !== null) {
    checkNumber(maxTempo, 'maxTempo');
    if (maxTempo <= 0) throw new MirkitError('BAD_OPTION', 'maxTempo must be strictly positive or null', { option: 'maxTempo' });
  }
  const aggregate = opts.aggregate ?? 'mean';
  if (aggregate !== 'mean' && aggregate !== 'median' && typeof aggregate !== 'function') {
    throw new MirkitError('BAD_OPTION', `aggregate must be 'mean', 'median' or a function`, { option: 'aggregate' });
  }
  const winLength = Math.floor(Math.floor(acSize * sr) / hop);
  if (winLength < 1) throw new MirkitError('BAD_OPTION', `acSize ${acSize} s is shorter than one onset frame`, { option: 'acSize' });
  const { startBpm: _a, stdBpm: _b, acSize: _c, maxTempo: _d, aggregate: _e, prior: _f, ...onsetOpts } = opts;
  const env = envelopeFrom(y, { ...onsetOpts, hopLength: hop, sr });

  // aggregate the tempogram over time, lag by lag
  let tg: Float64Array = new Float64Array(winLength);
  if (aggregate === 'mean') {
    tg = meanTempogram(env, winLength);
  } else {
    const n = env.length;
    const all = new Float64Array(winLength * n);
    forEachAutocorrelation(env, winLength, true, 'hann', Infinity, (t, ac) => {
      for (let k = 0; k < winLength; k++) all[k * n + t] = ac[k];
    });
    for (let k = 0; k < winLength; k++) {
      const row = all.subarray(k * n, (k + 1) * n);
      if (aggregate === 'median') {
        const s = Float64Array.from(row).sort();
        const h = n >> 1;
        tg[k] = n % 2 === 1 ? s[h] : 0.5 * (s[h - 1] + s[h]);
      } else {
        const v = aggregate(Float64Array.from(row));
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new MirkitError('BAD_OPTION', 'aggregate function must return a finite number', { option: 'aggregate' });
        tg[k] = v;
      }
    }
  }
  return bestTempo(tg, { sr, hop, startBpm, stdBpm, maxTempo, prior: opts.prior });
}

/** The prior-weighted argmax over the lag grid (shared with beat tracking). @internal */
export function bestTempo(
  tg: Float64Array,
  p: { sr: number; hop: number; startBpm: number; stdBpm: number; maxTempo: number | null; prior?: (bpm: number) => number },
): number {
  const winLength = tg.length;
  const bpms = tempoFrequencies(winLength, { sr: p.sr, hopLength: p.hop });
  const logprior = new Float64Array(winLength);
  const l2s = Math.log2(p.startBpm);
  for (let k = 0; k < winLength; k++) {
    if (p.prior) {
      const v = p.prior(bpms[k]);
      logprior[k] = typeof v === 'number' && !Number.isNaN(v) ? v : -Infinity;
    } else {
      const z = (Math.log2(bpms[k]) - l2s) / p.stdBpm;
      logprior[k] = -0.5 * z * z;
    }
  }
  if (p.maxTempo !== null) {
    // np.argmax(bpms < max_tempo): first index below max_tempo (0 if none)
    let maxIdx = 0;
    for (let k = 0; k < winLength; k++) {
      if (bpms[k] < p.maxTempo) {
        maxIdx = k;
        break;
      }
    }
    for (let k = 0; k < maxIdx; k++) logprior[k] = -Infinity;
  }
  let best = 0;
  let bestVal = -Infinity;
  let any = false;
  for (let k = 0; k < winLength; k++) {
    const v = Math.log1p(1e6 * tg[k]) + logprior[k];
    if (!any || v > bestVal) {
      // numpy argmax: first maximum (NaN would win in numpy; values here are never NaN)
      if (!any || v > bestVal) {
        best = k;
        bestVal = v;
        any = true;
      }
    }
  }
  const bpm = bpms[best];
  return Number.isFinite(bpm) ? bpm : 0;
}
