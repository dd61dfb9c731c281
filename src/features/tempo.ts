import { MirkitError } from '../errors.js';
import { checkNumber, checkPositiveNumber, checkPositiveInt, checkSampleRate, type Signal } from '../validate.js';
import { medianInPlace } from '../dsp/median.js';
import type { OnsetStrengthOptions } from './onset.js';
import { forEachAutocorrelation } from './tempogram.js';
import { envelopeFrom } from './onset-envelope.js';
import { meanTempogram } from './mean-tempogram.js';
import { readOptions } from '../options.js';
import { TEMPO_OPTIONS } from '../option-keys.js';
import { MAX_HOP_LENGTH, MAX_N_FFT } from '../limits.js';
import { checkWorkSize } from '../matrix.js';
import { shown } from '../util/shown.js';
export { meanTempogram } from './mean-tempogram.js';
export { tempogram, type TempogramOptions } from './tempogram.js';

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
 *
 * @param nBins - number of lag bins, a whole number in [0, `MAX_N_FFT`] (2^20)
 * @param opts - `sr` (default 22050) and `hopLength` (default 512, up to `MAX_HOP_LENGTH`)
 * @throws MirkitError `BAD_OPTION` for a bad `nBins`, `hopLength` or options that are not an object;
 *   `BAD_SAMPLE_RATE` for a bad `sr`.
 */
export function tempoFrequencies(nBins: number, opts: { sr?: number; hopLength?: number } = {}): Float64Array {
  if (typeof nBins !== 'number' || !Number.isInteger(nBins) || nBins < 0 || nBins > MAX_N_FFT) {
    throw new MirkitError('BAD_OPTION', `nBins must be a whole number in [0, ${MAX_N_FFT}], got ${shown(nBins)}`, { option: 'nBins' });
  }
  if (opts === null || opts === undefined) opts = {};
  if (typeof opts !== 'object' || Array.isArray(opts))
    throw new MirkitError('BAD_OPTION', `tempoFrequencies: the options must be an object (or omitted), got ${shown(opts)}`);
  const sr = checkSampleRate(opts.sr ?? 22050);
  const hop = checkPositiveInt(opts.hopLength ?? 512, 'hopLength');
  checkNumber(hop, 'hopLength', 1, MAX_HOP_LENGTH);
  const f = new Float64Array(nBins);
  if (nBins > 0) f[0] = Infinity;
  for (let i = 1; i < nBins; i++) f[i] = (60 * sr) / (hop * i);
  return f;
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
 * @throws MirkitError `BAD_OPTION` (also an `acSize` window of more than 2^20 onset frames, and with
 *   `aggregate` other than `'mean'` a tempogram of more than 2^28 values), `EMPTY_INPUT`,
 *   `NON_FINITE`, `BAD_SAMPLE_RATE`
 * @example
 * ```ts
 * const bpm = tempo(y, { sr: 22050 });
 * const bpm2 = tempo(null, { onsetEnvelope: onsetStrength(y, { sr }), sr });
 * ```
 */
export function tempo(y: Signal | null, opts: TempoOptions = {}): number {
  opts = readOptions('tempo', opts, TEMPO_OPTIONS);
  const sr = checkSampleRate(opts.sr ?? 22050);
  const hop = checkPositiveInt(opts.hopLength ?? 512, 'hopLength');
  const startBpm = checkPositiveNumber(opts.startBpm ?? 120, 'startBpm');
  const stdBpm = checkPositiveNumber(opts.stdBpm ?? 1, 'stdBpm');
  const acSize = checkPositiveNumber(opts.acSize ?? 8, 'acSize');
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
  if (winLength > MAX_N_FFT) {
    throw new MirkitError(
      'BAD_OPTION',
      `acSize ${acSize} s is ${winLength} onset frames at sr ${sr} and hopLength ${hop}, above the bound of ${MAX_N_FFT} (2^20) window frames: use a smaller acSize or a larger hopLength`,
      { option: 'acSize' },
    );
  }
  const { startBpm: _a, stdBpm: _b, acSize: _c, maxTempo: _d, aggregate: _e, prior: _f, ...onsetOpts } = opts;
  const env = envelopeFrom(y, { ...onsetOpts, hopLength: hop, sr });

  // aggregate the tempogram over time, lag by lag
  let tg: Float64Array = new Float64Array(winLength);
  if (aggregate === 'mean') {
    tg = meanTempogram(env, winLength, opts.fft);
  } else {
    const n = env.length;
    const all = new Float64Array(checkWorkSize(winLength, n, 'tempogram (acSize window frames x onset frames)'));
    forEachAutocorrelation(
      env,
      winLength,
      true,
      'hann',
      Infinity,
      (t, ac) => {
        for (let k = 0; k < winLength; k++) all[k * n + t] = ac[k];
      },
      opts.fft,
    );
    for (let k = 0; k < winLength; k++) {
      const row = all.subarray(k * n, (k + 1) * n);
      if (aggregate === 'median') {
        tg[k] = medianInPlace(row, n); // `all` is scratch: reordering a row is fine
      } else {
        const v = aggregate(Float64Array.from(row));
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw new MirkitError('BAD_OPTION', 'aggregate function must return a finite number', { option: 'aggregate' });
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
