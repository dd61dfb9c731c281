/**
 * Tuning estimation: `librosa.piptrack`, `librosa.pitch_tuning`, `librosa.estimate_tuning`.
 *
 * librosa computes these on float32 spectrograms and carries float32 arithmetic through the
 * parabolic interpolation and the pitch histogram; the histogram peak is sensitive to values
 * that sit on a bin edge, so the arithmetic here rounds to float32 (`Math.fround`) at the same
 * places numpy/numba do.
 */
import { MirkitError } from '../errors.js';
import { isMatrix, type Matrix } from '../matrix.js';
import { checkMatrix, checkNumber, checkPositiveInt, checkSampleRate, checkSignal, type Signal } from '../validate.js';
import { forEachPowerBlock, resolveStftOptions, type PadMode, type StftOptions } from '../dsp/stft.js';
import type { FftOption } from '../dsp/fft.js';
import type { WindowSpec } from '../dsp/windows.js';
import { readOptions } from '../options.js';

const f32 = Math.fround;

/** A precomputed spectrogram input: `{ S }` with `S` a magnitude or power spectrogram (rows = `1 + nFft/2` bins). */
export interface SpectrogramInput {
  /** Magnitude or power spectrogram, rows = frequency bins `0..nFft/2`, cols = frames. */
  S: Matrix;
}

/** Options of {@link piptrack} (librosa's names and defaults). */
export interface PiptrackOptions {
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** Precomputed magnitude or power spectrogram (instead of the signal). */
  S?: Matrix;
  /** FFT size when computing the STFT from a signal (default 2048; inferred from `S` otherwise). */
  nFft?: number;
  /** STFT hop (default `nFft / 4`). */
  hopLength?: number;
  /** STFT window length (default `nFft`). */
  winLength?: number;
  /** STFT window (default `'hann'`). */
  window?: WindowSpec;
  /** Centre the STFT frames (default true). */
  center?: boolean;
  /** Padding for centred frames (default `'constant'`). */
  padMode?: PadMode;
  /** Lowest frequency considered, Hz (default 150). */
  fmin?: number;
  /** Frequencies must be below this, Hz (default 4000, clipped to `sr / 2`). */
  fmax?: number;
  /** A bin is a pitch candidate when above `threshold * max(frame)` (default 0.1). */
  threshold?: number;
  /** FFT implementation for this call (`'auto'` default, `'js'`, `'wasm'`; see `FftOption`). */
  fft?: FftOption;
}

/** The detected peaks of {@link piptrack} as flat lists (what {@link estimateTuning} uses). */
interface Peaks {
  /** Interpolated frequency of each peak in Hz (float32 values). */
  pitch: Float64Array;
  /** Interpolated magnitude of each peak (float32 values). */
  mag: Float64Array;
  /** FFT bin and frame of each peak. */
  bin: Int32Array;
  frame: Int32Array;
  count: number;
}


/**
 * A spectrogram in either layout: `value(k, t) = data[k * kStride + t * tStride]`.
 * @internal
 */
export interface SpecView {
  data: Float32Array | Float64Array;
  bins: number;
  frames: number;
  kStride: number;
  tStride: number;
}

/** View of a bins x frames {@link Matrix}. @internal */
export function matrixView(S: Matrix): SpecView {
  return { data: S.data, bins: S.rows, frames: S.cols, kStride: S.cols, tStride: 1 };
}

/** The largest of `block[o .. o + n)` (non-negative magnitudes). */
function maxOf(block: Float32Array, o: number, n: number): number {
  let mx = 0;
  for (let k = o, e = o + n; k < e; k++) {
    const v = block[k];
    if (v > mx) mx = v;
  }
  return mx;
}

/**
 * `|stft(y)| ** power` stored frame-major (`data[t * bins + k]`), float32 values as librosa's.
 * Same framing as `spectrogram`; frame-major keeps the per-frame work (peak picking,
 * filterbank projection) contiguous. With `peaks`, each frame's piptrack peaks are gathered on
 * the way (the frame still in cache) into the accumulator.
 * @internal
 */
export function spectrogramFrames(
  y: Float32Array | Float64Array,
  opts: StftOptions,
  power: 1 | 2,
  peaks?: { acc: PeakAccumulator; sr: number; pip?: { fmin: number; fmax: number; threshold: number } },
): SpecView & { nFft: number } {
  const p = resolveStftOptions(opts);
  const { nFft } = p;
  const bins = Math.floor(nFft / 2) + 1;
  let data!: Float32Array;
  const band = peaks ? peakBand(bins, nFft, peaks.sr, peaks.pip ?? DEFAULT_PIP) : undefined;
  // |X| in float32 from the batch engine (frame-major blocks), squared in float32 for power 2:
  // librosa's np.abs(stft) ** 2 on complex64
  const nFrames = forEachPowerBlock(y, p, 1, (t0, count, block, n) => {
    if (t0 === 0) data = new Float32Array(n * bins);
    const len = count * bins;
    const o0 = t0 * bins;
    if (power === 2) for (let i = 0; i < len; i++) data[o0 + i] = block[i] * block[i];
    else data.set(block.subarray(0, len), o0);
    if (peaks) {
      for (let j = 0; j < count; j++) {
        const off = o0 + j * bins;
        // the largest power is the square of the largest magnitude (rounding is monotonic)
        const m = maxOf(block, j * bins, bins);
        peaks.acc.addFrame(data, off, bins, band!, nFft, peaks.sr, power === 2 ? Math.fround(m * m) : m);
      }
    }
  });
  if (nFrames === 0) data = new Float32Array(0);
  return { data, bins, frames: nFrames, kStride: 1, tStride: bins, nFft };
}

function resolveSpectrogram(input: Signal | SpectrogramInput | null | undefined, opts: PiptrackOptions): { S: SpecView; nFft: number } {
  const given = opts.S ?? (input && !(input instanceof Float32Array) && !(input instanceof Float64Array) && !Array.isArray(input) ? (input as SpectrogramInput).S : undefined);
  if (given !== undefined) {
    if (!isMatrix(given)) throw new MirkitError('BAD_SHAPE', 'S must be a Matrix { rows, cols, data } of spectrogram magnitudes (rows = 1 + nFft/2 bins)');
    const S = checkMatrix(given, 'S');
    if (S.rows < 2) throw new MirkitError('BAD_SHAPE', `S must have at least 2 frequency bins, got ${S.rows}`);
    return { S: matrixView(S), nFft: 2 * (S.rows - 1) };
  }
  if (input === null || input === undefined) throw new MirkitError('EMPTY_INPUT', 'pass a signal y or a precomputed spectrogram { S }');
  const y = checkSignal(input);
  const nFft = checkPositiveInt(opts.nFft ?? 2048, 'nFft');
  const S = spectrogramFrames(
    y,
    { nFft, hopLength: opts.hopLength, winLength: opts.winLength, window: opts.window, center: opts.center, padMode: opts.padMode, fft: opts.fft },
    1,
  );
  return { S, nFft };
}

/** piptrack's defaults: `fmin` 150 Hz, `fmax` 4000 Hz, `threshold` 0.1. */
const DEFAULT_PIP = { fmin: 150, fmax: 4000, threshold: 0.1 };

/**
 * The bins piptrack may report (`[kLo, kHi]`, frequencies in `[fmin, min(fmax, sr/2))`) and the float32 threshold.
 * @internal
 */
export interface PeakBand {
  /** First bin of the band (at least 1). */
  kLo: number;
  /** Last bin of the band. */
  kHi: number;
  /** The relative threshold rounded to float32. */
  thr32: number;
}

function peakBand(rows: number, nFft: number, sr: number, pip: { fmin: number; fmax: number; threshold: number }): PeakBand {
  const fmin = Math.max(pip.fmin, 0);
  const fmax = Math.min(pip.fmax, sr / 2);
  const binHz = 1 / (nFft * (1 / sr)); // numpy rfftfreq
  let kLo = rows;
  let kHi = -1;
  for (let k = 0; k < rows; k++) {
    const f = k * binHz;
    if (fmin <= f && f < fmax) {
      kLo = Math.min(kLo, k);
      kHi = Math.max(kHi, k);
    }
  }
  kLo = Math.max(kLo, 1); // localmax needs x[0] > x[0] (edge padding): never at bin 0
  return { kLo, kHi, thr32: f32(pip.threshold) };
}

/** A growable list of peaks (frequency, magnitude, bin, frame). */
class PeakList implements Peaks {
  pitch = new Float64Array(1024);
  mag = new Float64Array(1024);
  bin = new Int32Array(1024);
  frame = new Int32Array(1024);
  count = 0;

  push(pitch: number, mag: number, bin: number, frame: number): void {
    if (this.count === this.pitch.length) this.grow(2 * this.count);
    const i = this.count++;
    this.pitch[i] = pitch;
    this.mag[i] = mag;
    this.bin[i] = bin;
    this.frame[i] = frame;
  }

  private grow(cap: number): void {
    const p = new Float64Array(cap);
    const m = new Float64Array(cap);
    const b = new Int32Array(cap);
    const f = new Int32Array(cap);
    p.set(this.pitch);
    m.set(this.mag);
    b.set(this.bin);
    f.set(this.frame);
    this.pitch = p;
    this.mag = m;
    this.bin = b;
    this.frame = f;
  }
}

/** The largest `|value|` of a frame (`value(k) = data[base + k * ks]`, `rows` bins). */
function frameMax(data: Float32Array | Float64Array, base: number, ks: number, rows: number): number {
  let mx = 0;
  for (let k = 0, i = base; k < rows; k++, i += ks) {
    const v = Math.abs(data[i]);
    if (v > mx) mx = v;
  }
  return mx;
}

/**
 * piptrack on one frame (`value(k) = data[base + k * ks]`, `rows` bins, largest `|value|` `mx`):
 * the local maxima of the thresholded magnitudes within the band, parabolically interpolated
 * (float32 arithmetic as librosa's), pushed to `out` with frame index `t`.
 */
function framePeaks(data: Float32Array | Float64Array, base: number, ks: number, rows: number, mx: number, band: PeakBand, nFft: number, sr: number, t: number, out: PeakList): void {
  // reference: threshold * max over the frame (float32 multiply)
  const ref = f32(band.thr32 * mx);
  const kHi = band.kHi;
  for (let k = band.kLo; k <= kHi; k++) {
    const s0 = Math.abs(data[base + k * ks]);
    if (!(s0 > ref)) continue;
    const sm = Math.abs(data[base + (k - 1) * ks]);
    const xm = sm > ref ? sm : 0;
    if (!(s0 > xm)) continue;
    const last = k === rows - 1;
    const sp = last ? s0 : Math.abs(data[base + (k + 1) * ks]);
    const xp = sp > ref ? sp : 0;
    if (!(s0 >= xp)) continue;
    // parabolic interpolation on |S| (numpy gradient + librosa's numba stencil)
    let shift = 0;
    let avg: number;
    if (last) {
      avg = f32(s0 - sm);
    } else {
      const diff = f32(sp - sm);
      avg = f32(diff / 2);
      // numba: a = (float32 sum) - 2 * x (float64), b = (float32 diff) / 2 (float64)
      const a = f32(sp + sm) - 2 * s0;
      const b = diff / 2;
      shift = Math.abs(b) >= Math.abs(a) ? 0 : f32(-b / a);
    }
    const dskew = f32(f32(0.5 * avg) * shift);
    out.push(f32(((k + shift) * sr) / nFft), f32(s0 + dskew), k, t);
  }
}

/** Core of piptrack: the thresholded local maxima with parabolic interpolation (float32 arithmetic as librosa's). */
function findPeaks(S: SpecView, nFft: number, sr: number, fmin: number, fmax: number, threshold: number): Peaks {
  const { bins: rows, frames: cols, data, kStride: ks, tStride: ts } = S;
  const band = peakBand(rows, nFft, sr, { fmin, fmax, threshold });
  const out = new PeakList();
  for (let t = 0; t < cols; t++) framePeaks(data, t * ts, ks, rows, frameMax(data, t * ts, ks, rows), band, nFft, sr, t, out);
  return out;
}

function resolvePipOptions(opts: PiptrackOptions): { sr: number; fmin: number; fmax: number; threshold: number } {
  const sr = checkSampleRate(opts.sr ?? 22050);
  const fmin = checkNumber(opts.fmin ?? 150, 'fmin', 0);
  const fmax = checkNumber(opts.fmax ?? 4000, 'fmax', 0);
  const threshold = checkNumber(opts.threshold ?? 0.1, 'threshold', 0);
  return { sr, fmin, fmax, threshold };
}

/** Result of {@link piptrack}: two matrices shaped like the spectrogram (bins x frames). */
export interface PiptrackResult {
  /** Interpolated frequency (Hz) of each spectral peak, 0 where there is none. */
  pitches: Matrix;
  /** Interpolated magnitude of each spectral peak, 0 where there is none. */
  magnitudes: Matrix;
}

/**
 * Pitch tracking on a thresholded, parabolically interpolated STFT, as `librosa.piptrack`.
 *
 * In every frame, bins within `[fmin, fmax)` that are local maxima over frequency of
 * `|S| * (|S| > threshold * max(|S| in the frame))` are pitch candidates; their frequency and
 * magnitude are refined by parabolic interpolation over the neighbouring bins.
 *
 * @param y - mono signal, or `{ S }` with a precomputed magnitude/power spectrogram
 *   (then `nFft = 2 * (rows - 1)`); `null` when `opts.S` is given
 * @param opts - {@link PiptrackOptions}: `sr` 22050, `nFft` 2048, `hopLength` nFft/4, `fmin` 150,
 *   `fmax` 4000, `threshold` 0.1, STFT options as `spectrogram`
 * @returns `{ pitches, magnitudes }`: two Float32 matrices shaped like the spectrogram
 *   (`1 + nFft/2` rows x frames), Hz and magnitude at the detected peaks and 0 elsewhere
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`
 * @example
 * ```ts
 * const { pitches, magnitudes } = piptrack(y, { sr: 22050 });
 * ```
 */
export function piptrack(y: Signal | SpectrogramInput | null, opts: PiptrackOptions = {}): PiptrackResult {
  opts = readOptions('piptrack', opts);
  const p = resolvePipOptions(opts);
  const { S, nFft } = resolveSpectrogram(y, opts);
  const peaks = findPeaks(S, nFft, p.sr, p.fmin, p.fmax, p.threshold);
  const rows = S.bins;
  const cols = S.frames;
  const pitches = new Float32Array(rows * cols);
  const magnitudes = new Float32Array(rows * cols);
  for (let i = 0; i < peaks.count; i++) {
    const idx = peaks.bin[i] * cols + peaks.frame[i];
    pitches[idx] = peaks.pitch[i];
    magnitudes[idx] = peaks.mag[i];
  }
  return { pitches: { rows, cols, data: pitches }, magnitudes: { rows, cols, data: magnitudes } };
}

/** Options of {@link pitchTuning}. */
export interface PitchTuningOptions {
  /** Histogram resolution as a fraction of a bin (default 0.01: cents when `binsPerOctave` is 12). */
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
  opts = readOptions('pitchTuning', opts);
  const resolution = checkNumber(opts.resolution ?? 0.01, 'resolution', 0);
  if (!(resolution > 0 && resolution < 1)) throw new MirkitError('BAD_OPTION', `resolution must be in (0, 1), got ${resolution}`, { option: 'resolution' });
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

/** The k-th smallest of `a[0..n)` (0-based), partially reordering `a` in place (quickselect). */
function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    // median of three as pivot
    const mid = (lo + hi) >> 1;
    let x = a[lo], y = a[mid], z = a[hi];
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) [x, y] = [y, x];
    const pivot = y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** float32 median as numpy's (mean of the two middle values for an even count, in float32). Reorders `values[0..n)`. */
function medianF32(values: Float64Array, n: number): number {
  if (n % 2 === 1) return selectKth(values, n, (n - 1) / 2);
  const hiMid = selectKth(values, n, n / 2);
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
  opts = readOptions('estimateTuning', opts);
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
function tuningOfChecked(sig: Float32Array | Float64Array, opts: EstimateTuningOptions, p: { sr: number; fmin: number; fmax: number; threshold: number }): number {
  const nFft = checkPositiveInt(opts.nFft ?? 2048, 'nFft');
  const st = resolveStftOptions({ nFft, hopLength: opts.hopLength, winLength: opts.winLength, window: opts.window, center: opts.center, padMode: opts.padMode, fft: opts.fft });
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
