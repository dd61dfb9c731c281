/**
 * Tuning estimation: `librosa.piptrack`, `librosa.pitch_tuning`, `librosa.estimate_tuning`.
 *
 * librosa computes these on float32 spectrograms and carries float32 arithmetic through the
 * parabolic interpolation and the pitch histogram; the histogram peak is sensitive to values
 * that sit on a bin edge, so the arithmetic here rounds to float32 (`Math.fround`) at the same
 * places numpy/numba do.
 */
import { MirkitError } from '../errors.js';
import { checkNumber, checkPositiveInt, checkSignal, type Signal } from '../validate.js';
import { forEachPowerBlock, resolveStftOptions } from '../dsp/stft.js';
import {
  DEFAULT_PIP,
  frameMax,
  framePeaks,
  maxOf,
  type PeakBand,
  peakBand,
  PeakList,
  piptrack,
  type PiptrackOptions,
  resolvePipOptions,
  resolveSpectrogram,
  type SpectrogramInput,
  type SpecView,
} from './piptrack.js';
import { readOptions } from '../options.js';
import { ESTIMATE_TUNING_OPTIONS, PITCH_TUNING_OPTIONS } from '../option-keys.js';
import { selectInPlace } from '../dsp/median.js';

/** The finest histogram `resolution` of {@link pitchTuning} / {@link estimateTuning} (2^-20 of a bin: about a million bins). */
const MIN_TUNING_RESOLUTION = 2 ** -20;

/** The histogram resolution (default 0.01), checked: `BAD_OPTION` outside [2^-20, 1). */
function checkResolution(value: unknown): number {
  const resolution = checkNumber(value ?? 0.01, 'resolution', 0);
  if (!(resolution >= MIN_TUNING_RESOLUTION && resolution < 1)) {
    throw new MirkitError('BAD_OPTION', `resolution must be in [2^-20, 1), got ${resolution}`, {
      option: 'resolution',
      bound: MIN_TUNING_RESOLUTION,
    });
  }
  return resolution;
}
export {
  matrixView,
  piptrack,
  spectrogramFrames,
  type PeakBand,
  type PiptrackOptions,
  type PiptrackResult,
  type SpecView,
  type SpectrogramInput,
} from './piptrack.js';

export const f32 = Math.fround;

/** Options of {@link pitchTuning}. */
export interface PitchTuningOptions {
  /** Histogram resolution as a fraction of a bin, in [2^-20, 1) (default 0.01: cents when `binsPerOctave` is 12). */
  resolution?: number;
  /** Bins per octave the tuning is measured in (default 12). */
  binsPerOctave?: number;
}

/**
 * Tuning offset of a set of frequencies relative to A440, in fractions of a bin, as
 * `librosa.pitch_tuning`: the deviations `binsPerOctave * log2(f / 27.5)` mod 1 (wrapped to
 * `[-0.5, 0.5)`) are histogrammed with `ceil(1 / resolution)` bins over `[-0.5, 0.5]`, and
 * the left edge of the fullest bin is returned. Non-positive frequencies are ignored; an empty
 * set gives 0 (librosa warns and returns 0.0).
 *
 * @param frequencies - frequencies in Hz
 * @param opts - {@link PitchTuningOptions}: `resolution` 0.01, `binsPerOctave` 12
 * @returns tuning in `[-0.5, 0.5)` fractions of a bin
 * @example
 * ```ts
 * pitchTuning([440 * 2 ** (0.25 / 12)]); // 0.25
 * ```
 */
export function pitchTuning(frequencies: ArrayLike<number>, opts: PitchTuningOptions = {}): number {
  opts = readOptions('pitchTuning', opts, PITCH_TUNING_OPTIONS);
  const resolution = checkResolution(opts.resolution);
  const bpo = checkPositiveInt(opts.binsPerOctave ?? 12, 'binsPerOctave');
  const nb = Math.ceil(1 / resolution);
  const edges = new Float64Array(nb + 1);
  const step = 1 / nb;
  for (let i = 0; i < nb; i++) edges[i] = i * step + -0.5;
  edges[nb] = 0.5;
  const counts = new Int32Array(nb);
  let any = false;
  const ref = f32(440 / 16);
  for (let i = 0; i < frequencies.length; i++) {
    const f = frequencies[i];
    if (!(f > 0)) continue;
    if (!Number.isFinite(f)) throw new MirkitError('NON_FINITE', `frequencies[${i}] is ${f}`);
    any = true;
    // float32 arithmetic as numpy on librosa's float32 pitches
    const octs = f32(Math.log2(f32(f32(f) / ref)));
    const v = f32(bpo * octs);
    let r = f32(v - Math.floor(v));
    if (r >= 0.5) r = f32(r - 1);
    if (r < edges[0] || r > edges[nb]) continue;
    let j = Math.floor(((r - edges[0]) / (edges[nb] - edges[0])) * nb);
    if (j >= nb) j = nb - 1;
    if (j < 0) j = 0;
    if (r < edges[j]) j--;
    else if (j !== nb - 1 && r >= edges[j + 1]) j++;
    counts[j]++;
  }
  if (!any) return 0;
  let best = 0;
  for (let j = 1; j < nb; j++) if (counts[j] > counts[best]) best = j;
  return edges[best];
}

/** Options of {@link estimateTuning}: {@link piptrack}'s plus {@link pitchTuning}'s. */
export interface EstimateTuningOptions extends PiptrackOptions, PitchTuningOptions {}

/** float32 median as numpy's (mean of the two middle values for an even count, in float32). Reorders `values[0..n)`. */
function medianF32(values: Float64Array, n: number): number {
  if (n % 2 === 1) return selectInPlace(values, n, (n - 1) / 2);
  const hiMid = selectInPlace(values, n, n / 2);
  // the lower middle value is the largest of the part left of n/2
  let loMid = -Infinity;
  for (let i = 0; i < n / 2; i++) if (values[i] > loMid) loMid = values[i];
  return f32(f32(loMid + hiMid) / 2);
}

/**
 * Estimates the tuning deviation from A440 of a signal or spectrogram, in fractions of a bin,
 * as `librosa.estimate_tuning`: {@link piptrack} peaks whose magnitude is at least the median
 * peak magnitude are passed to {@link pitchTuning}.
 *
 * With a signal the STFT magnitude `|stft(y)|` is used (what `librosa.estimate_tuning(y=y)`
 * does); `librosa.feature.chroma_stft` instead passes its power spectrogram as `{ S }`.
 *
 * @param y - mono signal, or `{ S }` with a precomputed magnitude/power spectrogram; `null` when `opts.S` is given
 * @param opts - {@link EstimateTuningOptions}: `sr` 22050, `nFft` 2048, `resolution` 0.01,
 *   `binsPerOctave` 12, and {@link piptrack}'s options (`fmin` 150, `fmax` 4000, `threshold` 0.1)
 * @returns tuning in `[-0.5, 0.5)` fractions of a bin (0 when no pitch is found, e.g. silence)
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`
 * @example
 * ```ts
 * const tuning = estimateTuning(y, { sr: 22050, binsPerOctave: 36 });
 * ```
 */
export function estimateTuning(y: Signal | SpectrogramInput | null, opts: EstimateTuningOptions = {}): number {
  opts = readOptions('estimateTuning', opts, ESTIMATE_TUNING_OPTIONS);
  checkResolution(opts.resolution); // before the peak picking: its histogram is built last
  const p = resolvePipOptions(opts);
  const given = opts.S ?? (y && !(y instanceof Float32Array) && !(y instanceof Float64Array) && !Array.isArray(y) ? (y as SpectrogramInput).S : undefined);
  if (given === undefined && y !== null && y !== undefined) {
    // from a signal: each frame's magnitude goes straight into the peak accumulator
    // (piptrack is per frame), never holding the whole spectrogram
    return tuningOfChecked(checkSignal(y as Signal), opts, p);
  }
  const { S, nFft } = resolveSpectrogram(y, opts);
  return tuningFromSpectrogram(S, nFft, p.sr, opts, p);
}

/** @internal {@link estimateTuning} of a signal already through `checkSignal` (chroma_cqt's path). */
export function estimateTuningOfChecked(sig: Float32Array | Float64Array, opts: EstimateTuningOptions = {}): number {
  return tuningOfChecked(sig, opts, resolvePipOptions(opts));
}

/** estimate_tuning from a checked signal: each frame's magnitude straight into the peak accumulator. */
function tuningOfChecked(
  sig: Float32Array | Float64Array,
  opts: EstimateTuningOptions,
  p: { sr: number; fmin: number; fmax: number; threshold: number },
): number {
  const nFft = checkPositiveInt(opts.nFft ?? 2048, 'nFft');
  const st = resolveStftOptions({
    nFft,
    hopLength: opts.hopLength,
    winLength: opts.winLength,
    window: opts.window,
    center: opts.center,
    padMode: opts.padMode,
    fft: opts.fft,
  });
  const bins = Math.floor(nFft / 2) + 1;
  const acc = new PeakAccumulator();
  const band = peakBand(bins, nFft, p.sr, p);
  // |X| in float32 from the batch engine, frame-major blocks; piptrack is per frame
  forEachPowerBlock(sig, st, 1, (_t0, count, block) => {
    for (let j = 0, off = 0; j < count; j++, off += bins) acc.addFrame(block, off, bins, band, nFft, p.sr, maxOf(block, off, bins));
  });
  return acc.tuning(opts);
}

/** @internal estimate_tuning on a resolved spectrogram (shared with chroma). */
export function tuningFromSpectrogram(
  S: SpecView,
  nFft: number,
  sr: number,
  opts: PitchTuningOptions,
  pip: { fmin: number; fmax: number; threshold: number } = DEFAULT_PIP,
): number {
  const acc = new PeakAccumulator();
  acc.add(S, nFft, sr, pip);
  return acc.tuning(opts);
}

/**
 * The piptrack peaks of a spectrogram gathered chunk by chunk (piptrack's threshold is per frame,
 * so peaks of consecutive chunks of frames are those of the whole), then librosa's
 * `estimate_tuning` on them: {@link tuningFromSpectrogram} without holding the whole spectrogram.
 * @internal
 */
export class PeakAccumulator {
  private peaks = new PeakList();

  /** Adds the peaks of the frames of `S` (power or magnitude, as the whole would be given). */
  add(S: SpecView, nFft: number, sr: number, pip: { fmin: number; fmax: number; threshold: number } = DEFAULT_PIP): void {
    const band = peakBand(S.bins, nFft, sr, pip);
    for (let t = 0; t < S.frames; t++) {
      const base = t * S.tStride;
      framePeaks(S.data, base, S.kStride, S.bins, frameMax(S.data, base, S.kStride, S.bins), band, nFft, sr, t, this.peaks);
    }
  }

  /**
   * Adds the peaks of one contiguous frame `data[off .. off + bins)` (band from {@link peakBand}),
   * whose largest value `mx` the caller already knows (non-negative magnitudes).
   */
  addFrame(data: Float32Array, off: number, bins: number, band: PeakBand, nFft: number, sr: number, mx: number): void {
    framePeaks(data, off, 1, bins, mx, band, nFft, sr, 0, this.peaks);
  }

  /** The tuning (fractions of a bin) of the peaks added so far, as `estimate_tuning`. */
  tuning(opts: PitchTuningOptions): number {
    const { pitch, mag, count: n } = this.peaks;
    let sel: Float64Array;
    if (n === 0) sel = new Float64Array(0);
    else {
      // pitch > 0 mask (always true for peaks above fmin >= 0 Hz unless pitch rounds to 0)
      let m = 0;
      const mags = new Float64Array(n);
      for (let i = 0; i < n; i++) if (pitch[i] > 0) mags[m++] = mag[i];
      const thr = m > 0 ? medianF32(mags, m) : 0;
      sel = new Float64Array(n);
      let c = 0;
      for (let i = 0; i < n; i++) if (pitch[i] > 0 && mag[i] >= thr) sel[c++] = pitch[i];
      sel = sel.subarray(0, c);
    }
    return pitchTuning(sel, { resolution: opts.resolution, binsPerOctave: opts.binsPerOctave });
  }
}
