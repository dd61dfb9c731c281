import { MirkitError } from '../errors.js';
import { checkSampleRate, checkSignal, checkPositiveInt, type Signal } from '../validate.js';
import { onsetStrength, type OnsetStrengthOptions } from './onset.js';
import { F32_TINY, F64_TINY } from '../util/numeric.js';
import { readOptions } from '../options.js';
import { ONSET_DETECT_OPTIONS, PEAK_PICK_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

/** Parameters of {@link peakPick} (librosa.util.peak_pick's names). */
export interface PeakPickOptions {
  /** Frames before n over which n must be the maximum. */
  preMax: number;
  /** Frames after n (n itself counts: 1 = no look-ahead) over which n must be the maximum; > 0. */
  postMax: number;
  /** Frames before n in the mean that n must exceed by `delta`. */
  preAvg: number;
  /** Frames after n (n itself counts) in that mean; > 0. */
  postAvg: number;
  /** Threshold above the local mean. */
  delta: number;
  /** Frames to skip after a peak. */
  wait: number;
}

function intParam(v: unknown, name: string, min: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new MirkitError('BAD_OPTION', `${name} must be a finite number, got ${shown(v)}`, { option: name });
  const c = Math.ceil(v); // librosa: valid_int(x, cast=np.ceil)
  if (c < min) throw new MirkitError('BAD_OPTION', `${name} must be ${min === 0 ? 'non-negative' : 'positive'}, got ${v}`, { option: name });
  return c;
}

/**
 * Peak picking, equal to `librosa.util.peak_pick(x, pre_max, post_max, pre_avg, post_avg, delta,
 * wait)` (librosa 0.11's greedy scan): frame n is a peak when `x[n] == max(x[n - preMax, n +
 * postMax))` and `x[n] >= mean(x[n - preAvg, n + postAvg)) + delta` (windows clipped to the
 * signal); after a peak the next `wait` frames are skipped. Frame 0 is tested against
 * `max(x[0, postMax))` and `mean(x[0, postAvg))`. Parameters are rounded up to integers.
 *
 * @param x - the signal (e.g. a normalised onset envelope)
 * @returns indices of the peaks, increasing
 * @throws MirkitError `BAD_OPTION` (negative parameters, postMax or postAvg < 1), `EMPTY_INPUT`, `NON_FINITE`
 */
export function peakPick(x: Signal, opts: PeakPickOptions): Int32Array {
  opts = readOptions('peakPick', opts, PEAK_PICK_OPTIONS);
  const v = checkSignal(x, 'x');
  const preMax = intParam(opts.preMax, 'preMax', 0);
  const postMax = intParam(opts.postMax, 'postMax', 1);
  const preAvg = intParam(opts.preAvg, 'preAvg', 0);
  const postAvg = intParam(opts.postAvg, 'postAvg', 1);
  const wait = intParam(opts.wait, 'wait', 0);
  const delta = opts.delta;
  if (typeof delta !== 'number' || !Number.isFinite(delta) || delta < 0)
    throw new MirkitError('BAD_OPTION', `delta must be a non-negative number, got ${shown(delta)}`, { option: 'delta' });
  const n = v.length;
  const peaks: number[] = [];
  const maxOf = (a: number, b: number): number => {
    let m = -Infinity;
    for (let i = a; i < b; i++) if (v[i] > m) m = v[i];
    return m;
  };
  const meanOf = (a: number, b: number): number => {
    let s = 0;
    for (let i = a; i < b; i++) s += v[i];
    return s / (b - a);
  };
  let i = 1;
  if (v[0] >= maxOf(0, Math.min(postMax, n)) && v[0] >= meanOf(0, Math.min(postAvg, n)) + delta) {
    peaks.push(0);
    i = wait + 1;
  }
  while (i < n) {
    if (v[i] !== maxOf(Math.max(0, i - preMax), Math.min(i + postMax, n))) {
      i++;
      continue;
    }
    if (!(v[i] >= meanOf(Math.max(0, i - preAvg), Math.min(i + postAvg, n)) + delta)) {
      i++;
      continue;
    }
    peaks.push(i);
    i += wait + 1;
  }
  return Int32Array.from(peaks);
}

/**
 * Moves each onset back to the nearest preceding local minimum of `energy`, equal to
 * `librosa.onset.onset_backtrack(events, energy)`: minima are the frames i with
 * `energy[i] <= energy[i - 1]` and `energy[i] < energy[i + 1]`, plus frame 0; each event goes to
 * the last minimum at or before it.
 *
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): the backtracked frames identical on every clip.
 *
 * @param events - onset frame indices (increasing or not)
 * @param energy - the curve to backtrack on (e.g. the onset envelope or {@link rms})
 * @returns the backtracked frame indices, one per event
 * @throws MirkitError `BAD_SHAPE` (events not an array), `BAD_OPTION` (an event not a non-negative integer), and the signal errors of `energy`
 */
export function onsetBacktrack(events: ArrayLike<number>, energy: Signal): Int32Array {
  const e = checkSignal(energy, 'energy');
  if (events === null || typeof events !== 'object' || typeof events.length !== 'number')
    throw new MirkitError('BAD_SHAPE', 'events must be an array of frame indices', { option: 'events' });
  const minima: number[] = [0];
  for (let i = 1; i + 1 < e.length; i++) if (e[i] <= e[i - 1] && e[i] < e[i + 1]) minima.push(i);
  const out = new Int32Array(events.length);
  for (let k = 0; k < events.length; k++) {
    const ev = events[k];
    if (!Number.isInteger(ev) || ev < 0) throw new MirkitError('BAD_OPTION', `events must be non-negative frame indices, got ${ev}`, { option: 'events' });
    // binary search: last minimum <= ev
    let lo = 0,
      hi = minima.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (minima[mid] <= ev) lo = mid;
      else hi = mid - 1;
    }
    out[k] = minima[lo];
  }
  return out;
}

/** Options of {@link onsetDetect} (librosa.onset.onset_detect's names and defaults). */
export interface OnsetDetectOptions extends OnsetStrengthOptions, Partial<PeakPickOptions> {
  /** Precomputed onset strength envelope (e.g. {@link onsetStrength}); replaces `y`. */
  onsetEnvelope?: Signal;
  /** Move each onset back to the preceding local minimum of `energy` ({@link onsetBacktrack}). Default false. */
  backtrack?: boolean;
  /** Curve to backtrack on. Default: the (normalised) onset envelope. */
  energy?: Signal;
  /** Units of the result: `'frames'` (default), `'samples'` (frames * hopLength) or `'time'` (seconds). */
  units?: 'frames' | 'samples' | 'time';
  /** Rescale the envelope to [0, 1] (`(e - min) / (max + tiny)`) before peak picking. Default true. */
  normalize?: boolean;
}

/**
 * Onset detection, equal to `librosa.onset.onset_detect`: the onset strength envelope (mean over
 * mel bands, {@link onsetStrength}) is normalised to [0, 1] and peak-picked ({@link peakPick})
 * with librosa's defaults derived from `sr` and `hopLength`: `preMax = 0.03 sr // hop`, `postMax
 * = 1`, `preAvg = 0.1 sr // hop`, `postAvg = 0.1 sr // hop + 1`, `wait = 0.03 sr // hop`,
 * `delta = 0.07` (1, 1, 4, 5, 1 frames at 22050 Hz / 512). With `backtrack` each onset moves to
 * the preceding local minimum of `energy` ({@link onsetBacktrack}).
 *
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): onset frames identical on every clip, with and without `backtrack`.
 *
 * @param y - mono signal; `null` (or an object `{ onsetEnvelope }`) when the envelope is given
 * @returns onset positions, increasing: frame indices (Int32Array) unless `units` says otherwise
 *   (samples: Int32Array, time: Float64Array seconds); empty for a constant envelope (silence)
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`
 * @example
 * ```ts
 * const frames = onsetDetect(y, { sr: 22050 });
 * const starts = onsetDetect(y, { sr: 22050, backtrack: true, units: 'time' });
 * ```
 */
export function onsetDetect(y: Signal | null | { onsetEnvelope: Signal }, opts?: OnsetDetectOptions & { units?: 'frames' | 'samples' }): Int32Array;
export function onsetDetect(y: Signal | null | { onsetEnvelope: Signal }, opts: OnsetDetectOptions & { units: 'time' }): Float64Array;
export function onsetDetect(y: Signal | null | { onsetEnvelope: Signal }, opts: OnsetDetectOptions = {}): Int32Array | Float64Array {
  opts = readOptions('onsetDetect', opts, ONSET_DETECT_OPTIONS);
  if (y !== null && typeof y === 'object' && !Array.isArray(y) && !ArrayBuffer.isView(y) && 'onsetEnvelope' in y) {
    return onsetDetect(null, { ...opts, onsetEnvelope: (y as { onsetEnvelope: Signal }).onsetEnvelope } as OnsetDetectOptions & { units: 'time' });
  }
  const sr = checkSampleRate(opts.sr ?? 22050);
  const hop = checkPositiveInt(opts.hopLength ?? 512, 'hopLength');
  const units = opts.units ?? 'frames';
  if (units !== 'frames' && units !== 'samples' && units !== 'time') {
    throw new MirkitError('BAD_OPTION', `units must be 'frames', 'samples' or 'time', got '${shown(units)}'`, { option: 'units' });
  }
  let env: Float32Array | Float64Array;
  if (opts.onsetEnvelope !== undefined && opts.onsetEnvelope !== null) env = checkSignal(opts.onsetEnvelope, 'onsetEnvelope');
  else {
    if (y === null || y === undefined) throw new MirkitError('EMPTY_INPUT', 'pass a signal y or a precomputed onsetEnvelope');
    const {
      onsetEnvelope: _e,
      backtrack: _b,
      energy: _en,
      units: _u,
      normalize: _n,
      preMax: _a,
      postMax: _c,
      preAvg: _d,
      postAvg: _f,
      delta: _g,
      wait: _w,
      ...o
    } = opts;
    env = onsetStrength(y as Signal, { ...o, sr, hopLength: hop });
  }
  const empty = (): Int32Array | Float64Array => (units === 'time' ? new Float64Array(0) : new Int32Array(0));
  let x: Float32Array | Float64Array = env;
  if (opts.normalize ?? true) {
    // librosa: env -= min(env); env /= max(env) + tiny(env), in the envelope's precision
    const f32 = !(env instanceof Float64Array);
    const r = f32 ? Math.fround : (v: number): number => v;
    let lo = Infinity;
    for (let i = 0; i < env.length; i++) if (env[i] < lo) lo = env[i];
    const shifted = f32 ? new Float32Array(env.length) : new Float64Array(env.length);
    let hi = -Infinity;
    for (let i = 0; i < env.length; i++) {
      shifted[i] = r(env[i] - lo);
      if (shifted[i] > hi) hi = shifted[i];
    }
    const denom = r(hi + (f32 ? F32_TINY : F64_TINY));
    for (let i = 0; i < shifted.length; i++) shifted[i] = r(shifted[i] / denom);
    x = shifted;
  }
  let any = false;
  for (let i = 0; i < x.length; i++)
    if (x[i] !== 0) {
      any = true;
      break;
    }
  if (!any) return empty();
  const onsets = peakPick(x, {
    preMax: opts.preMax ?? Math.floor((0.03 * sr) / hop),
    postMax: opts.postMax ?? Math.floor((0.0 * sr) / hop) + 1,
    preAvg: opts.preAvg ?? Math.floor((0.1 * sr) / hop),
    postAvg: opts.postAvg ?? Math.floor((0.1 * sr) / hop) + 1,
    wait: opts.wait ?? Math.floor((0.03 * sr) / hop),
    delta: opts.delta ?? 0.07,
  });
  const frames = opts.backtrack ? onsetBacktrack(onsets, opts.energy ?? x) : onsets;
  if (units === 'frames') return frames;
  if (units === 'samples') return frames.map((f) => f * hop);
  return Float64Array.from(frames, (f) => (f * hop) / sr);
}
