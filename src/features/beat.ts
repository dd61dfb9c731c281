import { MirkitError } from '../errors.js';
import { checkNumber, checkPositiveNumber, checkPositiveInt, checkSampleRate, checkSignal, type Signal } from '../validate.js';
import { onsetStrength, type OnsetStrengthOptions } from './onset.js';
import { tempo } from './tempo.js';
import { F32_TINY, roundHalfEven } from '../util/numeric.js';
import { readOptions } from '../options.js';
import { BEAT_TRACK_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

/** The slowest tempo `bpm` may give (BPM): below it a beat spans more than a minute. */
const MIN_BEAT_BPM = 1;

/** Options of {@link beatTrack} (librosa.beat.beat_track's names and defaults). */
export interface BeatTrackOptions extends Omit<OnsetStrengthOptions, 'aggregate'> {
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** Precomputed onset envelope. Default `onsetStrength(y, { sr, hopLength, aggregate: 'median' })`. */
  onsetEnvelope?: Float32Array | Float64Array | number[];
  /** Hop (samples) between onset frames. Default 512. */
  hopLength?: number;
  /** Centre of the tempo prior (BPM) for {@link tempo}. Default 120. */
  startBpm?: number;
  /** How strictly beats follow the tempo. Default 100. */
  tightness?: number;
  /** Drop weak leading/trailing beats. Default true. */
  trim?: boolean;
  /** Use this tempo (BPM, at least 1) instead of estimating it. */
  bpm?: number;
  /** Log-density of a tempo prior passed to {@link tempo} (replaces the log-normal prior). */
  prior?: (bpm: number) => number;
  /** Units of the beat positions: `'frames'` (default), `'samples'` or `'time'` (seconds). */
  units?: 'frames' | 'samples' | 'time';
}

/** Result of {@link beatTrack}. */
export interface BeatTrackResult<B extends Int32Array | Float64Array = Int32Array> {
  /** Global tempo in BPM (0 when the onset envelope is all zeros). */
  tempo: number;
  /** Beat positions: frame indices (Int32Array), sample indices (Int32Array) or seconds (Float64Array). */
  beats: B;
}

/**
 * Dynamic-programming beat tracker, equal to `librosa.beat.beat_track` (Ellis 2007) in librosa 0.11:
 *
 * 1. onset envelope (default: {@link onsetStrength} with `aggregate: 'median'`); all zeros gives
 *    `{ tempo: 0, beats: [] }`;
 * 2. tempo from {@link tempo} on that envelope (or `bpm`), `framesPerBeat = round(60 sr / (hop bpm))`;
 * 3. local score: the envelope divided by its standard deviation (ddof 1), convolved with a
 *    Gaussian of `framesPerBeat / 32` frames' width;
 * 4. DP: `cum[i] = local[i] + max over predecessors i - 2 fpb .. i - round(fpb/2) of
 *    cum[j] - tightness (log(i - j) - log fpb)^2`;
 * 5. last beat: the last local maximum of `cum` above half the median of its local maxima; back-links;
 * 6. trimming of leading/trailing frames whose local score is below half the RMS of the
 *    (hann-smoothed) beat strengths.
 *
 * @param y - mono signal (may be `null` when `opts.onsetEnvelope` is given)
 * @returns `{ tempo, beats }`; beats in frames unless `units` says otherwise
 * @example
 * ```ts
 * const { tempo, beats } = beatTrack(y, { sr: 22050 });
 * ```
 */
export function beatTrack(y: Signal | null, opts?: BeatTrackOptions & { units?: 'frames' | 'samples' }): BeatTrackResult<Int32Array>;
export function beatTrack(y: Signal | null, opts: BeatTrackOptions & { units: 'time' }): BeatTrackResult<Float64Array>;
export function beatTrack(y: Signal | null, opts: BeatTrackOptions = {}): BeatTrackResult<Int32Array | Float64Array> {
  opts = readOptions('beatTrack', opts, BEAT_TRACK_OPTIONS);
  const sr = checkSampleRate(opts.sr ?? 22050);
  const hop = checkPositiveInt(opts.hopLength ?? 512, 'hopLength');
  const tightness = checkPositiveNumber(opts.tightness ?? 100, 'tightness');
  const startBpm = checkPositiveNumber(opts.startBpm ?? 120, 'startBpm');
  const units = opts.units ?? 'frames';
  if (units !== 'frames' && units !== 'samples' && units !== 'time') {
    throw new MirkitError('BAD_OPTION', `units must be 'frames', 'samples' or 'time', got '${shown(units)}'`, { option: 'units' });
  }
  if (opts.bpm !== undefined) {
    checkNumber(opts.bpm, 'bpm', MIN_BEAT_BPM, Number.MAX_VALUE);
  }
  let env: Float32Array | Float64Array;
  if (opts.onsetEnvelope !== undefined && opts.onsetEnvelope !== null) env = checkSignal(opts.onsetEnvelope, 'onsetEnvelope');
  else {
    if (y === null || y === undefined) throw new MirkitError('EMPTY_INPUT', 'pass a signal y or a precomputed onsetEnvelope');
    const { onsetEnvelope: _e, startBpm: _s, tightness: _t, trim: _tr, bpm: _b, prior: _p, units: _u, ...onsetOpts } = opts;
    env = onsetStrength(y, { ...onsetOpts, sr, hopLength: hop, aggregate: 'median' });
  }
  const empty = (): BeatTrackResult<Int32Array | Float64Array> => ({ tempo: 0, beats: units === 'time' ? new Float64Array(0) : new Int32Array(0) });
  let anyNonZero = false;
  for (let i = 0; i < env.length; i++) {
    if (env[i] !== 0) {
      anyNonZero = true;
      break;
    }
  }
  if (!anyNonZero) return empty();
  const bpm = opts.bpm ?? tempo(null, { onsetEnvelope: env, sr, hopLength: hop, startBpm, prior: opts.prior, fft: opts.fft });
  if (!(bpm > 0)) return { ...empty(), tempo: bpm };
  const frames = trackBeats(env, bpm, sr / hop, tightness, opts.trim ?? true);
  let beats: Int32Array | Float64Array;
  if (units === 'frames') beats = frames;
  else if (units === 'samples') beats = frames.map((f) => f * hop);
  else beats = Float64Array.from(frames, (f) => (f * hop) / sr);
  return { tempo: bpm, beats };
}

/**
 * librosa 0.11's `__beat_tracker` on one envelope: local score, DP, last beat, backtracking and
 * trimming, with librosa's float32 storage of the scores. Returns beat frame indices. @internal
 */
export function trackBeats(env: Float32Array | Float64Array, bpm: number, frameRate: number, tightness: number, trim: boolean): Int32Array {
  const N = env.length;
  const fpb = Math.fround(roundHalfEven((frameRate * 60) / bpm));
  if (!(fpb >= 1)) throw new MirkitError('BAD_OPTION', `tempo ${bpm} BPM is too fast for the frame rate (less than one frame per beat)`);
  // normalise by the standard deviation (ddof = 1)
  let mean = 0;
  for (let i = 0; i < N; i++) mean += env[i];
  mean /= N;
  let ss = 0;
  for (let i = 0; i < N; i++) ss += (env[i] - mean) ** 2;
  const std = Math.fround(N > 1 ? Math.sqrt(ss / (N - 1)) : NaN);
  const denom = Math.fround(std + F32_TINY);
  const onsets = new Float32Array(N);
  for (let i = 0; i < N; i++) onsets[i] = env[i] / denom;

  // local score: same-mode convolution with a Gaussian window (librosa's loop, onset[0] excluded)
  const K = 2 * fpb + 1;
  const half = K >> 1;
  // only the taps within N - 1 of the centre meet an onset: a beat longer than the envelope
  // allocates no more than 2N - 1 of them
  const kLo = Math.max(0, half - N + 1);
  const kHi = Math.min(K, half + N);
  const window = new Float64Array(Math.max(0, kHi - kLo));
  for (let k = kLo; k < kHi; k++) {
    const z = ((k - fpb) * 32) / fpb;
    window[k - kLo] = Math.exp(-0.5 * z * z);
  }
  const local = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    let acc = 0;
    const k0 = Math.max(0, i + half - N + 1);
    const k1 = Math.min(i + half, K);
    for (let k = k0; k < k1; k++) acc = Math.fround(acc + window[k - kLo] * onsets[i + half - k]);
    local[i] = acc;
  }

  // dynamic programme
  let maxLocal = -Infinity;
  for (let i = 0; i < N; i++) if (local[i] > maxLocal) maxLocal = local[i];
  const thresh = 0.01 * maxLocal;
  const backlink = new Int32Array(N);
  const cum = new Float32Array(N);
  const logFpb = Math.fround(Math.log(fpb));
  const start = roundHalfEven(fpb / 2);
  const stop = Math.min(2 * fpb, N - 1); // predecessors i - start down to i - stop (inclusive; none before 0)
  // transition penalty depends only on the distance i - loc
  const penalty = new Float64Array(Math.max(0, stop + 1));
  for (let d = start; d <= stop; d++) {
    const l = Math.log(d) - logFpb;
    penalty[d] = tightness * l * l;
  }
  let firstBeat = true;
  for (let i = 0; i < N; i++) {
    let best = -Infinity;
    let loc = -1;
    for (let d = start; d <= stop; d++) {
      const j = i - d;
      if (j < 0) break;
      const s = cum[j] - penalty[d];
      if (s > best) {
        best = s;
        loc = j;
      }
    }
    cum[i] = loc >= 0 ? local[i] + best : local[i];
    if (firstBeat && local[i] < thresh) backlink[i] = -1;
    else {
      backlink[i] = loc;
      firstBeat = false;
    }
  }

  // last beat: last local maximum of cum at or above half the median of the local maxima
  const isMax = new Uint8Array(N);
  const peaks = new Float32Array(N);
  let nPeaks = 0;
  for (let i = 0; i < N; i++) {
    const prev = i > 0 ? cum[i - 1] : cum[0];
    const next = i < N - 1 ? cum[i + 1] : cum[N - 1];
    if (cum[i] > prev && cum[i] >= next) {
      isMax[i] = 1;
      peaks[nPeaks++] = cum[i];
    }
  }
  let tail = N - 1;
  if (nPeaks > 0) {
    const sorted = peaks.subarray(0, nPeaks).sort();
    const h = nPeaks >> 1;
    const med = nPeaks % 2 === 1 ? sorted[h] : Math.fround(0.5 * (sorted[h - 1] + sorted[h]));
    const threshold = Math.fround(0.5 * med);
    for (let n = N - 1; n >= 0; n--) {
      if (isMax[n] && cum[n] >= threshold) {
        tail = n;
        break;
      }
    }
  }
  const isBeat = new Uint8Array(N);
  let nb = 0;
  for (let n = tail; n >= 0; n = backlink[n]) {
    isBeat[n] = 1;
    nb++;
  }

  // trimming
  let threshold = 0;
  if (trim) {
    // RMS of the beats' local scores smoothed by hann(5) ([0, .5, 1, .5, 0]), 'same' mode
    const w = [0, 0.5, 1, 0.5, 0];
    const full = new Float64Array(nb + 4);
    for (let i = 0, b = 0; i < N; i++) {
      if (!isBeat[i]) continue;
      const v = local[i];
      for (let k = 0; k < 5; k++) full[b + k] += v * w[k];
      b++;
    }
    const end = Math.min(N + 2, nb + 4);
    let s2 = 0;
    let cnt = 0;
    for (let i = 2; i < end; i++) {
      s2 += full[i] * full[i];
      cnt++;
    }
    threshold = cnt > 0 ? 0.5 * Math.sqrt(s2 / cnt) : NaN;
  }
  for (let n = 0; n < N && local[n] <= threshold; n++) isBeat[n] = 0;
  for (let n = N - 1; n >= 0 && local[n] <= threshold; n--) isBeat[n] = 0;
  let count = 0;
  for (let i = 0; i < N; i++) count += isBeat[i];
  const out = new Int32Array(count);
  for (let i = 0, j = 0; i < N; i++) if (isBeat[i]) out[j++] = i;
  return out;
}
