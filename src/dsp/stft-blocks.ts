/**
 * Block drivers of the STFT: power and complex spectra of a signal's frames delivered a block of
 * frames at a time (frame-major), so that feature kernels never hold the whole spectrogram.
 */
import { createRealFft, forwardFrames, forwardPowerFrames, forwardSpectrumFrames, runsOnPffft, type RealFft } from './fft.js';
import { getWindow, padCenter } from './windows.js';
import { padIndex, type PadMode } from './padding.js';
import { type ResolvedStft, spectrogram, stft } from './stft.js';
import { countFrames, frameSignalUnchecked } from './frames.js';
import { checkWorkSize } from '../matrix.js';
import type { SparseFilterbank } from './filters.js';
import { doubleArrayOf } from '../util/doubles.js';
import { BoundedCache } from '../util/cache.js';
import type { Float32ArrayProvider } from '../util/spare-buffer.js';

/**
 * A run of consecutive frames read from one array: frame t (`t0 <= t < t1`) is
 * `signal[start + (t - t0) * hop ..][0 .. nFft)`.
 */
interface FrameRun {
  signal: Float32Array | Float64Array;
  start: number;
  t0: number;
  t1: number;
}

/** `padSignal(y, left, ...)[a .. b)` without building the whole padded signal. */
function paddedSlice(y: Float32Array | Float64Array, left: number, a: number, b: number, mode: PadMode): Float32Array {
  const out = new Float32Array(b - a);
  const n = y.length;
  for (let i = a; i < b; i++) {
    const j = padIndex(i - left, n, mode);
    out[i - a] = j < 0 ? 0 : y[j];
  }
  return out;
}

/**
 * The frames of librosa's framing of `y` as runs: centred float32 signals are read in place
 * for every frame that lies inside the signal, and only the few edge frames that reach into the
 * padding come from small padded copies (no copy of the whole signal). Other inputs (float64
 * signals, which librosa's float32 padding rounds first) use {@link frameSignal}'s padded copy.
 * Same frame values as {@link frameSignal} either way.
 */
function frameRuns(y: Float32Array | Float64Array, p: ResolvedStft): { runs: FrameRun[]; nFrames: number } {
  const n = p.nFft;
  const hop = p.hopLength;
  const len = y.length;
  if (p.center && y instanceof Float32Array) {
    const half = Math.floor(n / 2);
    const nFrames = countFrames(len, n, hop, true);
    // interior frames: t * hop - half >= 0 and t * hop - half + n <= len
    const tA = Math.min(nFrames, Math.ceil(half / hop));
    const tB = Math.max(tA, Math.min(nFrames, Math.floor((len + half - n) / hop) + 1));
    const runs: FrameRun[] = [];
    if (tA > 0) runs.push({ signal: paddedSlice(y, half, 0, (tA - 1) * hop + n, p.padMode), start: 0, t0: 0, t1: tA });
    if (tB > tA) runs.push({ signal: y, start: tA * hop - half, t0: tA, t1: tB });
    if (nFrames > tB) runs.push({ signal: paddedSlice(y, half, tB * hop, (nFrames - 1) * hop + n, p.padMode), start: 0, t0: tB, t1: nFrames });
    return { runs, nFrames };
  }
  const { padded, nFrames } = frameSignalUnchecked(y, n, hop, p.center, p.padMode);
  return { runs: [{ signal: padded, start: 0, t0: 0, t1: nFrames }], nFrames };
}

/** Everything the block drivers of one STFT share: its frame runs, window and FFT plan. */
export interface SpectrumSetup {
  /** The signal's frames as runs over the signal and its padded edges. */
  runs: FrameRun[];
  /** Number of frames. */
  nFrames: number;
  /** Hop between frames in samples. */
  hop: number;
  /** Analysis window, centre-padded to nFft (a plain double Array for the js transform, which reads it once per sample); shared, never written. */
  window: Float64Array | number[];
  /** The FFT plan of size nFft. */
  fft: RealFft;
  /** The window is the periodic Hann of length nFft (backends may apply it in the frequency domain). */
  hann: boolean;
}

/** Named analysis windows padded to nFft, as each path reads them (never written: see {@link BoundedCache}). */
const windowCache = new BoundedCache<string, Float64Array | number[]>(8);

/**
 * The analysis window of `p` padded to nFft, as the plan of `p.fft` reads it: a plain double Array for the js
 * transform, which reads it once per sample. Shared (cached for named windows): never written. @internal
 */
export function analysisWindow(p: Pick<ResolvedStft, 'window' | 'winLength' | 'nFft' | 'fft'>): Float64Array | number[] {
  const wasm = runsOnPffft(p.nFft, p.fft);
  const make = () => {
    const padded = padCenter(getWindow(p.window, p.winLength), p.nFft);
    return wasm ? padded : doubleArrayOf(padded);
  };
  // a named window depends only on its name and sizes (2048 cosines cost about 0.1 ms per call)
  return typeof p.window === 'string' ? windowCache.get(`${p.window} ${p.winLength} ${p.nFft} ${wasm}`, make) : make();
}

/** The frame runs, frame count, analysis window (padded to nFft) and FFT plan of an STFT. */
export function spectrumSetup(y: Float32Array | Float64Array, p: ResolvedStft): SpectrumSetup {
  const window = analysisWindow(p);
  const { runs, nFrames } = frameRuns(y, p);
  checkWorkSize(Math.floor(p.nFft / 2) + 1, nFrames, 'spectrogram');
  // librosa's default window: backends may apply it in the frequency domain
  const hann = p.window === 'hann' && p.winLength === p.nFft;
  return { runs, nFrames, hop: p.hopLength, window, fft: createRealFft(p.nFft, p.fft), hann };
}

/** Calls `f(signal, start, t, count)` for the parts of frames `a .. b` that lie in each run. */
function eachRunPart(
  runs: FrameRun[],
  hop: number,
  a: number,
  b: number,
  f: (signal: Float32Array | Float64Array, start: number, t: number, count: number) => void,
): void {
  for (const r of runs) {
    const lo = Math.max(a, r.t0);
    const hi = Math.min(b, r.t1);
    if (hi > lo) f(r.signal, r.start + (lo - r.t0) * hop, lo, hi - lo);
  }
}

/** Power spectra of frames `a .. b` into `out` (frame-major, frame a at offset 0, `bins` per frame). */
function powerRange(s: SpectrumSetup, a: number, b: number, power: number, out: Float32Array, bins: number): void {
  const { fft, hop, window, hann } = s;
  eachRunPart(s.runs, hop, a, b, (signal, start, t, count) => forwardPowerFrames(fft, signal, start, hop, count, window, power, out, (t - a) * bins, hann));
}

/** Complex spectra of frames `a .. b` into `re`/`im` (frame-major, frame a at offset 0, `bins` per frame). */
export function spectrumRange(s: SpectrumSetup, a: number, b: number, re: Float32Array, im: Float32Array, bins: number): void {
  const { fft, hop, window, hann } = s;
  eachRunPart(s.runs, hop, a, b, (signal, start, t, count) => forwardSpectrumFrames(fft, signal, start, hop, count, window, re, im, (t - a) * bins, hann));
}

/**
 * The engine of the spectrogram features: `|stft(y)| ** power` in frame-major float32 blocks of
 * up to 16 frames, `visit(t0, count, block, nFrames)` with `block[j * bins + k]` = bin k of frame
 * `t0 + j` (a scratch array reused between calls, valid during the call). The FFT backend writes
 * the power straight into the block (no per-frame callbacks, no float64 copies); values equal
 * `Math.fround(re² + im²)` (power 2) of {@link forEachSpectrumFrame}'s spectra. Returns the
 * number of frames.
 *
 * @example
 * ```ts
 * forEachPowerBlock(y, resolveStftOptions({ hopLength: 512 }), 2, (t0, count, block) => { ... });
 * ```
 */
export function forEachPowerBlock(
  y: Float32Array | Float64Array,
  p: ResolvedStft,
  power: number,
  visit: (t0: number, count: number, block: Float32Array, nFrames: number) => void,
): number {
  const bins = Math.floor(p.nFft / 2) + 1;
  const setup = spectrumSetup(y, p);
  const { nFrames } = setup;
  const block = new Float32Array(Math.min(BLOCK, nFrames) * bins);
  for (let t0 = 0; t0 < nFrames; t0 += BLOCK) {
    const count = Math.min(BLOCK, nFrames - t0);
    powerRange(setup, t0, t0 + count, power, block, bins);
    visit(t0, count, block, nFrames);
  }
  return nFrames;
}

/**
 * `|stft(y)| ** power` projected on the sparse filterbank `fb` (e.g. mel bands), frame-major
 * (`out[t * fb.rows + m]`), where the FFT plan does it without handing the power out
 * ({@link RealFft.powerBandsFrames}: the wasm backend, the periodic Hann window of length nFft,
 * power 1 or 2); `null` elsewhere (the caller then projects {@link forEachPowerBlock}'s blocks).
 * The values equal the sparse projection (one float64 sum per band in bin order, rounded to
 * float32) of {@link forEachPowerBlock}'s power. `into`, where given, may provide the output array
 * (of exactly its `n` values, every one written).
 */
// biome-ignore format: one line
export function powerBands(y: Float32Array | Float64Array, p: ResolvedStft, power: number, fb: SparseFilterbank, into?: Float32ArrayProvider): Float32Array | null {
  // only the wasm backend (whose plans all have powerBandsFrames) projects: decide before building a
  // js plan (the caller's blocks would build another)
  if (!runsOnPffft(p.nFft, p.fft)) return null;
  const setup = spectrumSetup(y, p);
  const { fft, hop, nFrames } = setup;
  if (!setup.hann) return null;
  const out = into?.(nFrames * fb.rows) ?? new Float32Array(nFrames * fb.rows);
  let ok = true;
  eachRunPart(setup.runs, hop, 0, nFrames, (signal, start, t, count) => {
    // whether the plan can depends on power and fb only, so the first run answers for all
    ok = ok && fft.powerBandsFrames!(signal, start, hop, count, power, fb, out, t * fb.rows);
  });
  return ok ? out : null;
}

/** Frames per block of {@link forEachSpectrumBlock}: 16 float32 outputs = one 64-byte cache line per bin row. */
export const BLOCK = 16;

/**
 * Writes a frame-major block (`count` frames x `bins`, as filled by {@link forEachSpectrumBlock})
 * into columns `t0 .. t0 + count` of the bin-major matrix `dst` (`bins` rows x `cols`).
 */
export function scatterBlock(block: Float32Array | Float64Array, bins: number, count: number, dst: Float32Array, cols: number, t0: number): void {
  for (let k = 0; k < bins; k++) {
    const o = k * cols + t0;
    for (let j = 0; j < count; j++) dst[o + j] = block[j * bins + k];
  }
}

/**
 * {@link forEachSpectrumFrame} in blocks of up to 16 frames: `visit(t0, count, re, im, nFrames)`
 * receives frames `t0 .. t0 + count` frame-major (`re[j * bins + k]`, float64 scratch valid
 * during the call), so that callers writing a bin-major matrix touch whole cache lines
 * ({@link scatterBlock}) instead of one float per line per frame.
 */
export function forEachSpectrumBlock(
  y: Float32Array | Float64Array,
  p: ResolvedStft,
  visit: (t0: number, count: number, re: Float64Array, im: Float64Array, nFrames: number) => void,
): number {
  const bins = Math.floor(p.nFft / 2) + 1;
  const bRe = new Float64Array(BLOCK * bins);
  const bIm = new Float64Array(BLOCK * bins);
  let filled = 0;
  let t0 = 0;
  return forEachSpectrumFrame(y, p, (t, fr, fi, nFrames) => {
    const o = filled * bins;
    for (let k = 0; k < bins; k++) {
      bRe[o + k] = fr[k];
      bIm[o + k] = fi[k];
    }
    filled++;
    if (filled === BLOCK || t === nFrames - 1) {
      visit(t0, filled, bRe, bIm, nFrames);
      t0 += filled;
      filled = 0;
    }
  });
}

/** A complex STFT stored frame-major: frame t's bins at `re[t * bins .. (t + 1) * bins)`. */
export interface FrameMajorStft {
  /** Bins per frame, `1 + nFft / 2`. */
  readonly bins: number;
  /** Number of frames. */
  readonly frames: number;
  /** Real parts, frame-major. */
  readonly re: Float32Array;
  /** Imaginary parts, frame-major. */
  readonly im: Float32Array;
}

/**
 * The STFT of `y` frame-major (contiguous writes, the layout the FFT produces), for internal
 * pipelines that work frame by frame (HPSS, the feature sets). Same values as {@link stft}.
 */
export function stftFrameMajor(y: Float32Array | Float64Array, p: ResolvedStft): FrameMajorStft {
  const bins = Math.floor(p.nFft / 2) + 1;
  const setup = spectrumSetup(y, p);
  const { nFrames } = setup;
  const re = new Float32Array(bins * nFrames);
  const im = new Float32Array(bins * nFrames);
  // whole runs at once: the backend writes the float32 planes directly
  spectrumRange(setup, 0, nFrames, re, im, bins);
  return { bins, frames: nFrames, re, im };
}

/**
 * Runs the windowed FFT of every frame and hands each spectrum to `visit` (scratch buffers,
 * valid only during the call). The shared engine of {@link stft} and {@link spectrogram}.
 */
export function forEachSpectrumFrame(
  y: Float32Array | Float64Array,
  p: ResolvedStft,
  visit: (frame: number, re: Float64Array, im: Float64Array, nFrames: number) => void,
): number {
  const { hopLength } = p;
  const { runs, nFrames, window, fft } = spectrumSetup(y, p);
  // one call per run (the signal in place, small padded copies at the edges): the wasm backend
  // windows straight into its float32 buffer
  for (const r of runs) {
    const t0 = r.t0;
    forwardFrames(fft, r.signal, r.start, hopLength, r.t1 - t0, window, (t, re, im) => visit(t0 + t, re, im, nFrames));
  }
  return nFrames;
}
