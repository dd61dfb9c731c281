import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkSampleRate, checkSignal } from '../validate.js';
import { frameSignal, resolveStftOptions, type PadMode, type ResolvedStft } from '../dsp/stft.js';
import { inverseAdder, inversePairAdder } from '../dsp/istft.js';
import { windowSumSquareSpan } from '../dsp/window-sum-square.js';
import { createRealFft, forwardSpectrumFrames, type FftOption, type RealFft } from '../dsp/fft.js';
import { wasmMaskedOverlapAdd } from '../dsp/heap-kernels.js';
import { getWindow, padCenter } from '../dsp/windows.js';
import { fftFrequencies } from '../dsp/filters.js';
import { bandwidthOfFrame, centroidOfFrame, columnSum, rolloffOfFrame } from '../features/spectral-kernels.js';
import { PeakAccumulator } from '../features/tuning.js';
import { cachedFilterbank, filterBlock, mfcc } from '../features/mel.js';
import { powerToDb } from '../features/db.js';
import { rms } from '../features/rms.js';
import { zeroCrossingRate } from '../features/zcr.js';
import { normalizeColumns, projectChromaFrames } from '../features/chroma.js';
import { tonnetz } from '../features/tonnetz.js';
import { onsetStrength } from '../features/onset.js';
import { tempo } from '../features/tempo.js';
import { beatTrack } from '../features/beat.js';
import { magnitudeMasks, resolveHpssAudio } from '../features/hpss.js';
import { summarize } from '../stats/summary.js';
import { readOptions } from '../options.js';
import { EXTRACT_FEATURES_OPTIONS } from '../option-keys.js';
import { foldMoments, meanVarOf, shiftOut, type Moments } from './moments.js';
import { CHUNK, chunkArrays, passBytes, spareChunks } from './chunk-spares.js';
import { GTZAN57_NAMES, SEED_NAMES, STAT_NAMES, type FeatureSetName } from './feature-names.js';
import { shown } from '../util/shown.js';

export { GTZAN57_NAMES, SEED_NAMES, type FeatureSetName } from './feature-names.js';

/** A named clip feature vector. */
export interface FeatureVector {
  /** Column names, stable across releases. */
  names: string[];
  /** Values, in the order of `names`. */
  values: Float64Array;
}

/** Options of {@link extractFeatures}. */
export interface ExtractFeaturesOptions {
  /** Sample rate of `y` in Hz. Default 22050. */
  sr?: number;
  /** Which feature set. Default `'gtzan57'`. */
  set?: FeatureSetName;
  /** FFT implementation of every stage (`'auto'` default, `'js'`, `'wasm'`; see `FftOption`). */
  fft?: FftOption;
}

/** Mean and (population) variance of all values, accumulated in float64. */
function meanVar(x: ArrayLike<number>): [number, number] {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const m = s / x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - m) * (x[i] - m);
  return [m, v / x.length];
}

function valuesOf(x: Matrix | Float32Array | Float64Array): ArrayLike<number> {
  return 'data' in x ? x.data : x;
}

/** What the streaming pass gathers (each only when asked for). */
interface PassResult {
  /** Mel power spectrogram (128 x frames), bin-major. */
  mel: Matrix;
  /** Moments of the harmonic and percussive waveforms of `effects.hpss` (length `y.length`). */
  harmonic: Moments;
  percussive: Moments;
  /** Per-frame centroid, bandwidth, rolloff (gtzan57). */
  centroid?: Float64Array;
  bandwidth?: Float64Array;
  rolloff?: Float64Array;
  /** The chroma_stft tuning of the power spectrogram (gtzan57). */
  tuning?: number;
}

/**
 * Spectral centroid, bandwidth (p = 2, normalised) and roll-off (85 %) of `count` frame-major
 * magnitude frames `mag[o0 + j * bins + k]` into `centroid[t0 + j]` etc., through the per-frame
 * kernels of `spectralCentroid`/`spectralBandwidth`/`spectralRolloff` (one implementation).
 */
function spectralShape(
  mag: Float32Array,
  o0: number,
  bins: number,
  count: number,
  f: Float64Array,
  t0: number,
  out: { centroid: Float64Array; bandwidth: Float64Array; rolloff: Float64Array; cum: Float32Array },
): void {
  for (let j = 0; j < count; j++) {
    const b = o0 + j * bins;
    const c = centroidOfFrame(mag, b, bins, f);
    out.centroid[t0 + j] = c;
    out.bandwidth[t0 + j] = bandwidthOfFrame(mag, b, bins, f, c, columnSum(mag, b, bins), 2, true);
    out.rolloff[t0 + j] = rolloffOfFrame(mag, b, bins, f, 0.85, out.cum);
  }
}

/** `mag[i] = |re[o + i] + i im[o + i]|` (float32) for i < n. */
function magnitudes(re: Float32Array, im: Float32Array, o: number, n: number, mag: Float32Array): void {
  for (let i = 0; i < n; i++) {
    const r = re[o + i];
    const q = im[o + i];
    mag[i] = Math.sqrt(r * r + q * q);
  }
}

/** `pow[i] = re[o + i]² + im[o + i]²` (float32) for i < n. */
function powers(re: Float32Array, im: Float32Array, o: number, n: number, pow: Float32Array): void {
  for (let i = 0; i < n; i++) {
    const r = re[o + i];
    const q = im[o + i];
    pow[i] = r * r + q * q;
  }
}

/** One masked frame, interleaved: `spec[2k] = fround(cRe[o + k] * mask[o + k])`, `spec[2k + 1]` the same of `cIm`. */
function maskFrame(cRe: Float32Array, cIm: Float32Array, mask: Float32Array, o: number, bins: number, spec: Float32Array): void {
  for (let k = 0; k < bins; k++) {
    const w = mask[o + k];
    spec[2 * k] = cRe[o + k] * w;
    spec[2 * k + 1] = cIm[o + k] * w;
  }
}

/** The framed signal, window and FFT plan of a streamed STFT (shared by both passes of gtzan57). */
interface StreamSetup {
  padded: Float32Array | Float64Array;
  frames: number;
  win: Float64Array;
  /** The window is the periodic Hann of nFft: the FFT engine may apply it after the transform. */
  hann: boolean;
  plan: RealFft;
}

function streamSetup(y: Float32Array | Float64Array, st: ResolvedStft): StreamSetup {
  const { nFft, hopLength: hop } = st;
  const win = padCenter(getWindow(st.window, st.winLength), nFft);
  const { padded, nFrames: frames } = frameSignal(y, nFft, hop, st.center, st.padMode);
  return { padded, frames, win, hann: st.window === 'hann' && st.winLength === nFft, plan: createRealFft(nFft, st.fft) };
}

/**
 * One pass over the STFT of `y` in chunks of {@link CHUNK} frames, so that no full spectrogram is
 * ever held (memory: a constant per chunk plus the padded signal and the 128-row mel matrix):
 * per chunk the complex frames (with a halo of `winHarm / 2` frames each side for the harmonic
 * median along time; halo frames already computed for the previous chunk are kept), written
 * frame-major by the FFT batch engine, HPSS masks ({@link magnitudeMasks}), both inverse STFTs
 * overlap-added into a short float64 accumulator whose finished samples are folded into running
 * moments, and the mel spectrogram of the power; for gtzan57 also the spectral-shape features
 * and the piptrack peaks of the tuning estimate, all on the frame-major chunk. Values equal those
 * of the whole-matrix functions (the features are per frame; the median's halo covers its
 * window; reflect padding applies at the true ends).
 */
function streamingPass(y: Float32Array | Float64Array, sr: number, st: ResolvedStft, legacy: boolean, gtzan: boolean, setup: StreamSetup): PassResult {
  const { nFft, hopLength: hop } = st;
  const bins = (nFft >> 1) + 1;
  const hp = resolveHpssAudio();
  const halo = hp.winHarm >> 1;
  const { padded, frames, win, hann, plan } = setup;
  const length = y.length;
  // frames overlap-added (librosa's istft with `length` stops where the output ends)
  const nOla = legacy ? frames : Math.min(frames, Math.ceil((st.center ? length + 2 * Math.floor(nFft / 2) : length) / hop));
  const total = nOla > 0 ? nFft + hop * (nOla - 1) : 0;
  const start = st.center ? Math.floor(nFft / 2) : 0;
  const limit = legacy ? Math.min(Math.max(0, total - 2 * start), length) : Math.min(length, Math.max(0, total - start));
  const accLen = Math.min(CHUNK, frames) * hop + nFft;
  const hAcc = new Float64Array(accLen);
  const pAcc = new Float64Array(accLen);
  // the summed squared window of the positions being flushed (the sums the frames' squared windows
  // would add up to, computed per phase: the same values)
  const wAcc = new Float64Array(accLen);
  let accBase = 0; // padded position of acc[0]
  const harmonic: Moments = { sum: 0, sumSq: 0, n: length };
  const percussive: Moments = { sum: 0, sumSq: 0, n: length };
  /** Folds the finished positions [accBase, end) into the moments and shifts the accumulators. */
  const flush = (end: number): void => {
    const cnt = end - accBase;
    const j0 = Math.max(0, start - accBase);
    const j1 = Math.min(cnt, limit + start - accBase);
    windowSumSquareSpan(win, nFft, hop, nOla, accBase + j0, wAcc.subarray(j0, Math.max(j0, j1)));
    foldMoments(hAcc, pAcc, wAcc, j0, j1, harmonic, percussive);
    shiftOut(hAcc, cnt);
    shiftOut(pAcc, cnt);
    accBase = end;
  };
  const nMels = 128;
  const mel = new Float32Array(nMels * frames);
  const melFb = cachedFilterbank(sr, nFft, {});
  const centroid = gtzan ? new Float64Array(frames) : undefined;
  const bandwidth = gtzan ? new Float64Array(frames) : undefined;
  const rolloff = gtzan ? new Float64Array(frames) : undefined;
  const freqs = gtzan ? fftFrequencies(sr, nFft) : undefined;
  const peaks = gtzan ? new PeakAccumulator() : undefined;
  const shape = gtzan ? { centroid: centroid!, bandwidth: bandwidth!, rolloff: rolloff!, cum: new Float32Array(bins) } : undefined;
  const chunk = Math.min(CHUNK, frames);
  const maxSpan = chunk + 2 * halo;
  const spanned = maxSpan * bins;
  const {
    arrays: [cRe, cIm, mag, perc, pow],
    buffer,
  } = chunkArrays(passBytes(frames, bins), [spanned, spanned, spanned, spanned, chunk * bins]);
  const scratch = { perc };
  const spec = new Float32Array(2 * bins);
  const specP = new Float32Array(2 * bins);
  const addInverse = inverseAdder(plan, win);
  const addPair = inversePairAdder(plan, win);
  let prevLo = 0;
  let prevHi = 0;
  for (let a = 0; a < frames; a += CHUNK) {
    const b = Math.min(frames, a + CHUNK);
    const lo = Math.max(0, a - halo);
    const hi = Math.min(frames, b + halo);
    const span = hi - lo;
    // frames [lo, prevHi) were computed for the previous chunk: move them to the front
    const kept = Math.max(0, prevHi - lo);
    if (kept > 0) {
      const from = (lo - prevLo) * bins;
      cRe.copyWithin(0, from, from + kept * bins);
      cIm.copyWithin(0, from, from + kept * bins);
    }
    forwardSpectrumFrames(plan, padded, (lo + kept) * hop, hop, span - kept, win, cRe, cIm, kept * bins, hann);
    prevLo = lo;
    prevHi = hi;
    magnitudes(cRe, cIm, 0, span * bins, mag);
    // power of frames [a, b), frame-major, for the mel spectrogram and the tuning's peaks
    const cnt = b - a;
    const o0 = (a - lo) * bins;
    powers(cRe, cIm, o0, cnt * bins, pow);
    filterBlock(melFb, pow, bins, cnt, mel, a, 1, frames);
    if (gtzan) {
      peaks!.add({ data: pow, bins, frames: cnt, kStride: 1, tStride: bins }, nFft, sr);
      spectralShape(mag, o0, bins, cnt, freqs!, a, shape!);
    }
    const { harm: mh, perc: mp } = magnitudeMasks(mag, bins, span, hp, scratch);
    // overlap-add of the chunk's frames [a, b) of both parts: the wasm kernel where it runs (the same sums)
    const end = Math.min(b, nOla);
    const o0a = (a - lo) * bins;
    const offA = a * hop - accBase;
    const viaKernel =
      end > a &&
      wasmMaskedOverlapAdd(
        nFft,
        hop,
        win,
        end - a,
        cRe.subarray(o0a),
        cIm.subarray(o0a),
        [mh.subarray(o0a), mp.subarray(o0a)],
        [hAcc.subarray(offA), pAcc.subarray(offA)],
        st.fft ?? 'auto',
      );
    // otherwise frame by frame in JavaScript: both parts from one transform where the plan pairs them
    for (let t = a; t < end && !viaKernel; t++) {
      const o = (t - lo) * bins;
      const off = t * hop - accBase;
      maskFrame(cRe, cIm, mh, o, bins, spec);
      if (addPair) {
        maskFrame(cRe, cIm, mp, o, bins, specP);
        addPair(spec, hAcc, off, specP, pAcc, off);
      } else {
        addInverse(spec, hAcc, off);
        maskFrame(cRe, cIm, mp, o, bins, spec);
        addInverse(spec, pAcc, off);
      }
    }
    flush(b >= nOla ? total : b * hop);
  }
  if (accBase < total) flush(total);
  spareChunks.keep(buffer);
  return {
    mel: { rows: nMels, cols: frames, data: mel },
    harmonic,
    percussive,
    centroid,
    bandwidth,
    rolloff,
    tuning: peaks?.tuning({ binsPerOctave: 12 }),
  };
}

/**
 * chroma_stft of `y` with a known tuning, streamed in chunks of frames (a second STFT pass:
 * the tuning needs every frame's peaks first): the FFT engine writes each chunk's spectra
 * frame-major, their power is projected onto the chroma filterbank straight into the output, and
 * the per-frame normalisation runs once at the end.
 */
function streamingChroma(sr: number, st: ResolvedStft, tuning: number, setup: StreamSetup): Float32Array {
  const { nFft, hopLength: hop } = st;
  const bins = (nFft >> 1) + 1;
  const { padded, frames, win, hann, plan } = setup;
  const out = new Float32Array(12 * frames);
  const chunk = Math.min(CHUNK, frames);
  const {
    arrays: [cRe, cIm],
    buffer,
  } = chunkArrays(passBytes(frames, bins), [chunk * bins, chunk * bins]);
  for (let a = 0; a < frames; a += CHUNK) {
    const cnt = Math.min(frames, a + CHUNK) - a;
    forwardSpectrumFrames(plan, padded, a * hop, hop, cnt, win, cRe, cIm, 0, hann);
    const n = cnt * bins;
    for (let i = 0; i < n; i++) {
      const r = cRe[i];
      const q = cIm[i];
      cRe[i] = r * r + q * q; // float32 power, in place
    }
    projectChromaFrames(cRe, bins, cnt, sr, nFft, tuning, out, frames, a, st.fft);
  }
  spareChunks.keep(buffer);
  normalizeColumns(out, 12, frames, Infinity);
  return out;
}

/**
 * The GTZAN Kaggle vector, computed as that table was: librosa before 0.10, i.e. reflect padding
 * for every STFT and for rms, HPSS waveforms as the istft of H and P without `length` cut or
 * zero-padded to the input length, tempo from the beat tracker on a median-aggregated onset envelope.
 * Streams the STFT in chunks ({@link streamingPass}, then {@link streamingChroma} once the tuning
 * is known), so memory stays a few times the signal's size whatever its length.
 */
function gtzan57(y: Float32Array | Float64Array, sr: number, fft: FftOption): Float64Array {
  const padMode: PadMode = 'reflect';
  const st = resolveStftOptions({ nFft: 2048, hopLength: 512, padMode, fft });
  const setup = streamSetup(y, st);
  const pass = streamingPass(y, sr, st, true, true, setup);
  const out: number[] = [];
  const push = (x: Matrix | Float32Array | Float64Array): void => {
    out.push(...meanVar(valuesOf(x)));
  };
  push(streamingChroma(sr, st, pass.tuning!, setup));
  push(rms(y, { padMode }));
  push(pass.centroid!);
  push(pass.bandwidth!);
  push(pass.rolloff!);
  push(zeroCrossingRate(y));
  out.push(...meanVarOf(pass.harmonic));
  out.push(...meanVarOf(pass.percussive));
  const logMel = powerToDb(pass.mel);
  const onsetEnv = onsetStrength(y, { sr, S: logMel, aggregate: 'median' });
  out.push(beatTrack(y, { sr, onsetEnvelope: onsetEnv, fft }).tempo);
  const M = mfcc(y, { sr, S: logMel, nMfcc: 20 });
  for (let r = 0; r < 20; r++) out.push(...meanVar(M.data.subarray(r * M.cols, (r + 1) * M.cols)));
  return Float64Array.from(out);
}

/**
 * The study's `seed` vector: 7 statistics of MFCC (20 rows) and Tonnetz (6 rows, from chroma_cqt),
 * the global tempo, and the mean power of the harmonic and percussive signals, all with librosa
 * 0.11 defaults. One streamed STFT pass ({@link streamingPass}) gives HPSS and the mel spectrogram.
 */
function seed(y: Float32Array | Float64Array, sr: number, fft: FftOption): Float64Array {
  const st = resolveStftOptions({ nFft: 2048, hopLength: 512, fft });
  const pass = streamingPass(y, sr, st, false, false, streamSetup(y, st));
  const logMel = powerToDb(pass.mel);
  const M = mfcc(y, { sr, S: logMel, nMfcc: 20 });
  const T = tonnetz(y, { sr, fft });
  const sm = summarize(M);
  const sT = summarize(T);
  const out: number[] = [];
  for (const s of STAT_NAMES) out.push(...sm[s]);
  for (const s of STAT_NAMES) out.push(...sT[s]);
  const onsetEnv = onsetStrength(y, { sr, S: logMel });
  out.push(tempo(y, { sr, onsetEnvelope: onsetEnv, fft }));
  const power = (m: Moments): number => m.sumSq / m.n;
  out.push(power(pass.harmonic), power(pass.percussive));
  return Float64Array.from(out);
}

/**
 * One named feature vector of a clip.
 *
 * - `'gtzan57'` reproduces the 57 columns of the GTZAN Kaggle table (`features_30_sec.csv`) in its
 *   order and with its names, with the settings that table was computed with (see {@link GTZAN57_NAMES}).
 *   It is the input of the bundled genre model.
 * - `'seed'` is the genre study's vector: MFCC and Tonnetz statistics, tempo, harmonic and percussive power
 *   (see {@link SEED_NAMES}).
 *
 * FFT: `fft` picks the implementation of every stage for this call: `'auto'` (default) PFFFT-wasm
 * SIMD where it runs, `'js'` fft.js in float64 (2-5x slower on the STFT stages; results equal
 * within float32 rounding).
 *
 * @example
 * ```ts
 * const { y, sr } = await loadAudio('song.mp3');
 * const { names, values } = extractFeatures(y, { sr, set: 'gtzan57' });
 * ```
 */
export function extractFeatures(y: Float32Array | Float64Array | number[], opts: ExtractFeaturesOptions = {}): FeatureVector {
  opts = readOptions('extractFeatures', opts, EXTRACT_FEATURES_OPTIONS);
  const sig = checkSignal(y);
  const sr = checkSampleRate(opts.sr ?? 22050);
  const set = opts.set ?? 'gtzan57';
  const fft = opts.fft ?? 'auto';
  if (sig.length < 2048) {
    throw new MirkitError(
      'TOO_SHORT',
      `a clip of ${sig.length} samples is too short for clip features: pass at least 2048 samples (${(2048 / sr).toFixed(3)} s)`,
    );
  }
  if (set === 'gtzan57') return { names: [...GTZAN57_NAMES], values: gtzan57(sig, sr, fft) };
  if (set === 'seed') return { names: [...SEED_NAMES], values: seed(sig, sr, fft) };
  throw new MirkitError('BAD_OPTION', `unknown feature set '${shown(set)}': use 'gtzan57' or 'seed'`);
}
