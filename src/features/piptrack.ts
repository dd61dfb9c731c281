/**
 * Pitch tracking on parabolically interpolated STFT peaks (`librosa.piptrack`): the spectrogram
 * views it reads, the peak picking per frame, and the peak lists it returns.
 */
import { MirkitError } from '../errors.js';
import { isMatrix, type Matrix } from '../matrix.js';
import { checkBoundedMatrix, checkNumber, checkPositiveInt, checkSampleRate, checkSignal, type Signal } from '../validate.js';
import { forEachPowerBlock, resolveStftOptions, type StftOptions } from '../dsp/stft.js';
import { estimateTuning, f32, type PeakAccumulator } from './tuning.js';
import { readOptions } from '../options.js';
import { PIPTRACK_OPTIONS } from '../option-keys.js';
import { nFftOfRows } from './frames.js';

/** A precomputed spectrogram input: `{ S }` with `S` a magnitude or power spectrogram (rows = `1 + nFft/2` bins). */
export interface SpectrogramInput {
  /** Magnitude or power spectrogram, rows = frequency bins `0..nFft/2`, cols = frames. */
  S: Matrix;
}

/** Options of {@link piptrack} (librosa's names and defaults). */
export interface PiptrackOptions extends StftOptions {
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** Precomputed magnitude or power spectrogram (instead of the signal); `nFft` is then inferred from it. */
  S?: Matrix;
  /** Lowest frequency considered, Hz (default 150). */
  fmin?: number;
  /** Frequencies must be below this, Hz (default 4000, clipped to `sr / 2`). */
  fmax?: number;
  /** A bin is a pitch candidate when above `threshold * max(frame)` (default 0.1). */
  threshold?: number;
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
export function maxOf(block: Float32Array, o: number, n: number): number {
  let mx = 0;
  for (let k = o, e = o + n; k < e; k++) {
    const v = block[k];
    if (v > mx) mx = v;
  }
  return mx;
}

/** `out[o + i] = block[i]²` (float32) for i < len. */
function squareInto(block: Float32Array, len: number, out: Float32Array, o: number): void {
  for (let i = 0; i < len; i++) out[o + i] = block[i] * block[i];
}

/**
 * The piptrack peaks of `count` frames (magnitudes `block`, their `|X| ** power` at `data[o0 + j * bins]`)
 * into `acc`.
 */
function addBlockPeaks(
  acc: PeakAccumulator,
  block: Float32Array,
  data: Float32Array,
  o0: number,
  count: number,
  bins: number,
  band: PeakBand,
  nFft: number,
  sr: number,
  power: 1 | 2,
): void {
  for (let j = 0; j < count; j++) {
    // the largest power is the square of the largest magnitude (rounding is monotonic)
    const m = maxOf(block, j * bins, bins);
    acc.addFrame(data, o0 + j * bins, bins, band, nFft, sr, power === 2 ? Math.fround(m * m) : m);
  }
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
  // (the loops are module functions: a closure re-created per call was optimised without feedback for
  // the branch it had not taken yet, and bailed out at every block of the other kind of call)
  const nFrames = forEachPowerBlock(y, p, 1, (t0, count, block, n) => {
    if (t0 === 0) data = new Float32Array(n * bins);
    const len = count * bins;
    const o0 = t0 * bins;
    if (power === 2) squareInto(block, len, data, o0);
    else data.set(block.subarray(0, len), o0);
    if (peaks) addBlockPeaks(peaks.acc, block, data, o0, count, bins, band!, nFft, peaks.sr, power);
  });
  if (nFrames === 0) data = new Float32Array(0);
  return { data, bins, frames: nFrames, kStride: 1, tStride: bins, nFft };
}

export function resolveSpectrogram(input: Signal | SpectrogramInput | null | undefined, opts: PiptrackOptions): { S: SpecView; nFft: number } {
  const given =
    opts.S ??
    (input && !(input instanceof Float32Array) && !(input instanceof Float64Array) && !Array.isArray(input) ? (input as SpectrogramInput).S : undefined);
  if (given !== undefined) {
    if (!isMatrix(given)) throw new MirkitError('BAD_SHAPE', 'S must be a Matrix { rows, cols, data } of spectrogram magnitudes (rows = 1 + nFft/2 bins)');
    const S = checkBoundedMatrix(given, 'S');
    if (S.rows < 2) throw new MirkitError('BAD_SHAPE', `S must have at least 2 frequency bins, got ${S.rows}`);
    return { S: matrixView(S), nFft: nFftOfRows(S.rows, opts.nFft) };
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
export const DEFAULT_PIP = { fmin: 150, fmax: 4000, threshold: 0.1 };

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

export function peakBand(rows: number, nFft: number, sr: number, pip: { fmin: number; fmax: number; threshold: number }): PeakBand {
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
export class PeakList implements Peaks {
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
export function frameMax(data: Float32Array | Float64Array, base: number, ks: number, rows: number): number {
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
export function framePeaks(
  data: Float32Array | Float64Array,
  base: number,
  ks: number,
  rows: number,
  mx: number,
  band: PeakBand,
  nFft: number,
  sr: number,
  t: number,
  out: PeakList,
): void {
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

export function resolvePipOptions(opts: PiptrackOptions): { sr: number; fmin: number; fmax: number; threshold: number } {
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
 *   (then `nFft` is the given one where it matches the rows, else `2 * (rows - 1)`); `null` when `opts.S` is given
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
  opts = readOptions('piptrack', opts, PIPTRACK_OPTIONS);
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
