import { checkNumber, checkPositiveInt, checkSignal, signalArray, type Signal } from '../validate.js';
import { MAX_SAMPLE_MAGNITUDE } from '../limits.js';
import type { FftOption } from '../dsp/fft.js';
import { rms } from './rms.js';
import { readOptions } from '../options.js';
import { TRIM_OPTIONS } from '../option-keys.js';

/** Options of {@link trim} and {@link split} (librosa.effects.trim / split's names and defaults). */
export interface TrimOptions {
  /** Threshold in dB below the reference under which a frame counts as silent. Default 60. */
  topDb?: number;
  /** Reference amplitude: `'max'` (the loudest frame's RMS, librosa's `np.max`, default) or a number. */
  ref?: 'max' | number;
  /** Frame length (samples) of the RMS analysis. Default 2048. */
  frameLength?: number;
  /** Hop (samples) of the RMS analysis. Default 512. */
  hopLength?: number;
  /** Accepted for the uniform option set; trim and split use no FFT. */
  fft?: FftOption;
}

/** Result of {@link trim}. */
export interface TrimResult {
  /** The trimmed signal `y[start, end)`, a view on the input (no copy). */
  y: Float32Array | Float64Array;
  /** First kept sample. */
  start: number;
  /** One past the last kept sample. */
  end: number;
}

/**
 * Which frames are not silent: `amplitudeToDb(rms(y), ref) > -topDb`, with librosa's float32
 * arithmetic (`10 log10(max(1e-10, rms^2)) - 10 log10(max(1e-10, ref^2))`).
 */
function nonSilentFrames(y: Float32Array | Float64Array, opts: TrimOptions): { flags: Uint8Array; hop: number } {
  const topDb = checkNumber(opts.topDb ?? 60, 'topDb');
  const frameLength = checkPositiveInt(opts.frameLength ?? 2048, 'frameLength');
  const hop = checkPositiveInt(opts.hopLength ?? 512, 'hopLength');
  const refOpt = opts.ref ?? 'max';
  const r = frameRms(y, frameLength, hop);
  let refAmp: number;
  if (refOpt === 'max') {
    refAmp = 0;
    for (let i = 0; i < r.length; i++) if (r[i] > refAmp) refAmp = r[i];
  } else {
    refAmp = Math.abs(checkNumber(refOpt, 'ref'));
  }
  const f = Math.fround;
  const amin = f(1e-10);
  const refPow = refOpt === 'max' ? f(refAmp * refAmp) : refAmp * refAmp;
  const refDb = f(10 * Math.log10(Math.max(1e-10, refPow)));
  const threshold = -topDb;
  const flags = new Uint8Array(r.length);
  for (let i = 0; i < r.length; i++) {
    const p = f(r[i] * r[i]);
    const db = f(f(10 * f(Math.log10(p > amin ? p : amin))) - refDb);
    flags[i] = db > threshold ? 1 : 0;
  }
  return { flags, hop };
}

/**
 * Trims leading and trailing silence, equal to `librosa.effects.trim(y, top_db, ref,
 * frame_length, hop_length)`: frames whose RMS is more than `topDb` dB below the reference (the
 * loudest frame by default) are silent; the result runs from the first non-silent frame's start
 * (`frame * hopLength`) to the end of the last one (`(frame + 1) * hopLength`, at most the signal's
 * length). As in librosa, an all-zero signal is kept whole (its reference is the dB floor
 * too, so no frame lies below it).
 *
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): start and end identical on every clip (top_db 60).
 *
 * @param y - mono signal
 * @returns `{ y: y[start, end), start, end }` in samples
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_OPTION`
 * @example
 * ```ts
 * const { y: trimmed, start, end } = trim(y, { topDb: 60 });
 * ```
 */
export function trim(y: Signal, opts: TrimOptions = {}): TrimResult {
  opts = readOptions('trim', opts, TRIM_OPTIONS);
  const sig = signalArray(y); // scanned as the RMS reads it (frameRms)
  const { flags, hop } = nonSilentFrames(sig, opts);
  let first = -1,
    last = -1;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i]) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return { y: sig.subarray(0, 0), start: 0, end: 0 };
  const start = first * hop;
  const end = Math.min(sig.length, (last + 1) * hop);
  return { y: sig.subarray(start, end), start, end };
}

/**
 * Splits a signal into non-silent intervals, equal to `librosa.effects.split(y, top_db, ref,
 * frame_length, hop_length)`: runs of non-silent frames (see {@link trim}) become half-open
 * sample intervals `[frame * hopLength, min(len, (frame + 1) * hopLength))`.
 *
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): intervals identical on every clip (top_db 60).
 *
 * @param y - mono signal
 * @returns `[start, end)` sample intervals, in order (an all-zero signal is one interval, as in librosa)
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_OPTION`
 * @example
 * ```ts
 * for (const [start, end] of split(y, { topDb: 40 })) console.log(start / sr, end / sr);
 * ```
 */
export function split(y: Signal, opts: TrimOptions = {}): Array<[number, number]> {
  opts = readOptions('split', opts, TRIM_OPTIONS);
  const sig = signalArray(y); // scanned as the RMS reads it (frameRms)
  const { flags, hop } = nonSilentFrames(sig, opts);
  const out: Array<[number, number]> = [];
  const n = flags.length;
  let i = 0;
  while (i < n) {
    if (!flags[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && flags[j]) j++;
    out.push([Math.min(sig.length, i * hop), Math.min(sig.length, j * hop)]);
    i = j;
  }
  return out;
}

/** A block's sum of squares below this bounds every sample of the block below {@link MAX_SAMPLE_MAGNITUDE}. */
const SQUARES_BOUND = MAX_SAMPLE_MAGNITUDE * MAX_SAMPLE_MAGNITUDE;

/**
 * The float64 sum of the squares of `y[a .. e)` in four running sums (samples i = a + 4 m + r into sum r, the
 * leftover ones into sum 0), added as `(s0 + s1) + (s2 + s3)`. A function of its own so that V8 optimises it
 * whole: compiled inside its caller's loop on the fly, it was thrown away again and again at code the loop had
 * not yet run.
 */
function sumOfSquares(y: Float32Array | Float64Array, a: number, e: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let i = a;
  for (; i + 3 < e; i += 4) {
    const v0 = y[i],
      v1 = y[i + 1],
      v2 = y[i + 2],
      v3 = y[i + 3];
    s0 += v0 * v0;
    s1 += v1 * v1;
    s2 += v2 * v2;
    s3 += v3 * v3;
  }
  for (; i < e; i++) s0 += y[i] * y[i];
  return s0 + s1 + (s2 + s3);
}

/**
 * `rms(y, { frameLength, hopLength })` (centred, zero padding): where half a frame is a whole
 * number of hops (the defaults), each frame is the sum of `frameLength / hop` hop-long blocks of
 * squares read straight from `y` (no padded copy, four independent sums per block); otherwise
 * {@link rms} itself.
 */
function frameRms(y: Float32Array | Float64Array, frameLength: number, hop: number): Float32Array | Float64Array {
  const half = frameLength >> 1;
  // (rms checks the signal itself)
  if (frameLength % 2 !== 0 || frameLength % hop !== 0 || half % hop !== 0) return rms(y, { frameLength, hopLength: hop }).data;
  const n = y.length;
  const nFrames = 1 + Math.floor(n / hop);
  const nBlocks = Math.ceil(n / hop);
  const blocks = new Float64Array(nBlocks);
  // the largest block sum (NaN where any is NaN: Math.max propagates it)
  let largest = 0;
  for (let b = 0; b < nBlocks; b++) {
    const sum = sumOfSquares(y, b * hop, Math.min(n, (b + 1) * hop));
    blocks[b] = sum;
    largest = Math.max(largest, sum);
  }
  // every block's sum of squares below 2^48 (none NaN or infinite): every sample is finite and within
  // +-2^24, checkSignal's conditions; otherwise checkSignal scans and throws (or passes large samples)
  if (!(largest < SQUARES_BOUND)) checkSignal(y);
  // frame t spans y[t hop - half, t hop + half): blocks t - half / hop .. t + half / hop - 1
  const back = half / hop,
    span = frameLength / hop;
  const out = new Float32Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    let s = 0;
    for (let b = t - back, e = b + span; b < e; b++) if (b >= 0 && b < nBlocks) s += blocks[b];
    out[t] = Math.sqrt(s / frameLength);
  }
  return out;
}
