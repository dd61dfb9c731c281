/**
 * The streaming analyzer: librosa's centred framing over pushed chunks, one FFT per frame shared
 * by every requested feature, and the offline functions' per-frame kernels on each frame.
 */
import { MirkitError } from '../errors.js';
import { checkNumber, checkPositiveInt, checkSampleRate } from '../validate.js';
import { MAX_HOP_LENGTH, MAX_N_FFT } from '../limits.js';
import { createRealFft, forwardPowerFrames, resolveFft } from '../dsp/fft.js';
import { analysisWindow } from '../dsp/stft-blocks.js';
import { FrameShare } from './stream-kernels.js';
import { filterBlock } from '../features/mel.js';
import { cachedFilterbank as melFilterbankOf } from '../features/mel.js';
import { powerToDbInto } from '../features/db.js';
import { buildStep, type FeatureStep, type FrameInput } from './stream-kernels.js';
import type { Analyzer, AnalyzerOptions, AnalyzerSourceFeature, Frame } from './types.js';
import { CentredFramer } from './framer.js';
import { ANALYZER_KEYS, checkAnalyzerKeys } from './analyzer-options.js';
import { createLagQueue, LAGGED_FEATURES } from './lagged.js';

/** Frames transformed per FFT batch. */
const BATCH = 16;

/** Features whose offline function defaults to `fft: 'js'` (see {@link createAnalyzer}'s `fft`). */
const FLOAT64_FEATURES: ReadonlySet<string> = new Set(['spectralFlatness', 'spectralContrast']);

/**
 * Creates a streaming analyzer: `push(chunk)` returns the frames each chunk completes,
 * `flush()` the rest. Concatenated over any chunking (1 sample to minutes), the frames equal
 * the offline functions on the whole signal: frame t of feature `f` is column t of
 * `f(y, { sr, nFft, hopLength, ... })` (centred frames, zero padding of `nFft / 2` at both ends;
 * rms and zero-crossing rate use `frameLength = nFft`). The analyzer runs the offline functions'
 * per-frame kernels, and one FFT per frame serves every feature.
 *
 * What the streamed values are where librosa uses the whole signal:
 * - `mfcc` is `mfcc(S = powerToDb(melSpectrogram(y), { topDb: null }))`: librosa's `mfcc(y)`
 *   clips the log-mel at its global maximum minus 80 dB, which no stream knows in advance; the two
 *   differ in mel bands more than 80 dB below the signal's loudest one (on clips with silence,
 *   much: 0.9 normalised on librosa's brahms example). `options.logMel.topDb` clips at the running
 *   maximum instead, equal to `mfcc(y)` from the frame holding the loudest mel value on.
 * - `onsetStrength` likewise differences the unclipped log-mel (`onsetStrength(null, { S:
 *   powerToDb(mel, { topDb: null }) })`), aggregate `'mean'`, centred, no detrending.
 * - `spectralContrast` is `spectralContrast(y, { topDb: null })` (no clipping at the global
 *   peak/valley maximum minus 80 dB).
 * - `chromaStft` uses `options.chromaStft.tuning` (default 0, A440) instead of librosa's tuning
 *   estimated from the whole signal: equal to `chromaStft(y, { tuning })`. Chroma normalisation is
 *   per frame, as offline.
 * - Tempo, beats, HPSS, CQT- and VQT-based features, tempograms and PLP, pyin, onset detection and
 *   trim / split are refused with `UNSUPPORTED` (they need the whole signal).
 *
 * Per-frame features of issue 20:
 * - `yin` is `yin(y, { sr, fmin, fmax, troughThreshold, frameLength: nFft, hopLength })` (centred,
 *   zero padding), `options.yin.fmin` / `fmax` required: the frame length and hop are the
 *   analyzer's, so `nFft` 2048 and `hopLength` 512 give `yin`'s defaults.
 * - `delta` and `stackMemory` are `delta(F, { width, order })` and `stackMemory(F, { nSteps, delay })`
 *   of another requested feature F (`options.delta.feature`, default `'mfcc'`; `options.delta` may be
 *   a list, whose deltas stack in one column, e.g. `[{}, { order: 2 }]`), librosa's edges at
 *   both ends. A frame's delta is known `(width - 1) / 2` frames after it (4 by default), a
 *   look-ahead stack memory's `-delay * (nSteps - 1)`: `push` returns each frame once all its
 *   values are known, {@link Analyzer.latency} frames after its samples are in, and `flush`
 *   returns the rest, so frames still come out complete and in order.
 *
 * Feature values are float32; the frame's time stamp is its centre, `index * hopLength / sr`.
 *
 * @throws MirkitError `BAD_SAMPLE_RATE`, `UNKNOWN_OPTION` (a misspelt key, at the top level or in a
 *   group of `options`: `hop_length`, `options.mfc`, `options.melSpectrogram.nMel`), `BAD_OPTION`
 *   (no features, unknown feature, bad option, `options` or one of its groups not an object,
 *   `nFft` outside [2, 2^20] or `hopLength` above 2^24 as offline,
 *   a `delta` / `stackMemory` source that is not requested), `UNKNOWN_OPTION` (in `options.yin`,
 *   `options.delta`, `options.stackMemory`), `UNSUPPORTED` (a feature needing the whole signal);
 *   `push` throws `NON_FINITE` for NaN/Infinity samples, `BAD_DATA` for samples beyond +-2^24 (as the
 *   offline functions do) and `BAD_OPTION` for a chunk that is not an
 *   array of numbers; `flush` throws `TOO_SHORT` with `delta` on fewer than `width` frames.
 * @example
 * ```ts
 * const a = createAnalyzer({ sr: 22050, features: ['mfcc', 'spectralCentroid'] });
 * for (const chunk of chunks) for (const f of a.push(chunk)) draw(f.time, f.values.mfcc);
 * const tail = a.flush();
 * // MFCCs with their deltas, each frame out 4 frames after its samples
 * const d = createAnalyzer({ sr: 22050, features: ['mfcc', 'delta'], options: { delta: { feature: 'mfcc', width: 9 } } });
 * ```
 */
export function createAnalyzer(opts: AnalyzerOptions): Analyzer {
  if (opts === null || typeof opts !== 'object') throw new MirkitError('BAD_OPTION', 'createAnalyzer needs an options object { sr, features }');
  checkAnalyzerKeys('createAnalyzer', opts, ANALYZER_KEYS);
  const sr = checkSampleRate(opts.sr);
  // the offline functions' documented bounds (MAX_N_FFT, MAX_HOP_LENGTH), checked before the buffers are made
  const nFft = checkNumber(checkPositiveInt(opts.nFft ?? 2048, 'nFft'), 'nFft', 2, MAX_N_FFT);
  const hopLength = checkNumber(checkPositiveInt(opts.hopLength ?? 512, 'hopLength'), 'hopLength', 1, MAX_HOP_LENGTH);
  const names = opts.features;
  if (!Array.isArray(names) || names.length === 0)
    throw new MirkitError('BAD_OPTION', 'features must be a non-empty array of feature names', { option: 'features' });
  // spectralFlatness and spectralContrast default to the float64 FFT offline (their quietest bins sit at a
  // float32 FFT's rounding floor); the analyzer follows them so that streamed frames equal the offline values.
  // Measured on the fixtures: flatness on PFFFT (float32) is 1.4e-4 (fma-000002) and 1.7e-4 (madmom-sample)
  // from librosa, still 1.2e-4 / 1.0e-4 windowed in the time domain, against 3e-7 on the float64 FFT; a
  // second, float64 transform for those features alone would cost more than one float64 transform for all
  const fftName = opts.fft ?? (names.some((n) => FLOAT64_FEATURES.has(n)) ? 'js' : 'auto');
  resolveFft(fftName);
  if (new Set(names).size !== names.length) throw new MirkitError('BAD_OPTION', 'features lists a name twice', { option: 'features' });
  const options = opts.options ?? {};
  const melOpts = options.melSpectrogram ?? {};
  const usesMel = names.some((n) => n === 'melSpectrogram' || n === 'mfcc' || n === 'onsetStrength');
  const melFb = usesMel ? melFilterbankOf(sr, nFft, melOpts) : null;
  const nMels = melFb ? melFb.rows : 0;
  const stepNames = names.filter((n) => !LAGGED_FEATURES.has(n));
  const steps: FeatureStep[] = stepNames.map((n) => buildStep(n as AnalyzerSourceFeature, { sr, nFft, hopLength, nMels, fft: fftName, options }));
  const stepRows: Record<string, number> = {};
  stepNames.forEach((n, i) => (stepRows[n] = steps[i].rows));
  // delta / stackMemory of a requested feature, and the queue holding frames until they are known
  const lag = createLagQueue(names, options, stepRows);
  const rows: Record<string, number> = {};
  for (const n of names) rows[n] = stepRows[n] ?? lag.specs[n].rows;
  const needs = { power: false, magnitude: false, mel: false, melDb: false };
  for (const s of steps) {
    needs.power ||= !!s.needs.power;
    needs.magnitude ||= !!s.needs.magnitude;
    needs.melDb ||= !!s.needs.melDb;
    needs.mel ||= !!s.needs.mel || needs.melDb;
  }
  const spectral = needs.power || needs.magnitude || needs.mel;
  const bins = Math.floor(nFft / 2) + 1;
  const fft = spectral ? createRealFft(nFft, fftName) : null;
  // the periodic Hann window as the plan reads it, as the offline spectra take it
  const window = analysisWindow({ window: 'hann', winLength: nFft, nFft, fft: fftName });
  const power = new Float32Array(needs.power || needs.mel ? BATCH * bins : 0);
  const magnitude = new Float32Array(needs.magnitude ? BATCH * bins : 0);
  const mel = new Float32Array(needs.mel ? BATCH * nMels : 0);
  const melDb = new Float32Array(needs.melDb ? nMels : 0);
  const empty = new Float32Array(0);
  // each batch frame's view of the batch buffers, made once (no allocation per frame)
  const views = (buf: Float32Array, size: number): Float32Array[] =>
    Array.from({ length: BATCH }, (_, j) => (buf.length ? buf.subarray(j * size, (j + 1) * size) : empty));
  const powerViews = views(power, bins);
  const magnitudeViews = views(magnitude, bins);
  const melViews = views(mel, nMels);
  const framer = new CentredFramer(nFft, hopLength);
  const share = new FrameShare();
  const topDb = options.logMel?.topDb ?? null;
  if (topDb !== null) checkNumber(topDb, 'topDb', 0);
  let runMax = -Infinity;

  /** Computes the frames the framer holds complete, in batches sharing one FFT call. */
  function drain(): Frame[] {
    const frames: Frame[] = [];
    for (;;) {
      const count = Math.min(BATCH, framer.ready());
      if (count === 0) break;
      const buf = framer.samples();
      const start0 = framer.firstFrameStart();
      if (fft) spectraOf(buf, start0, count);
      const edge = framer.edge();
      for (let j = 0; j < count; j++) {
        const index = framer.nextIndex() + j;
        if (needs.melDb) {
          melDb.set(melViews[j]);
          powerToDbInto(melDb, melDb, 1, 1e-10, null);
          if (topDb !== null) {
            // a running estimate of librosa's top_db clipping (see options.logMel)
            for (let m = 0; m < nMels; m++) if (melDb[m] > runMax) runMax = melDb[m];
            const floor = runMax - topDb;
            for (let m = 0; m < nMels; m++) if (melDb[m] < floor) melDb[m] = floor;
          }
        }
        const input: FrameInput = {
          index,
          power: needs.power ? powerViews[j] : empty,
          magnitude: magnitudeViews[j],
          mel: melViews[j],
          melDb,
          samples: buf,
          start: start0 + j * hopLength,
          edge,
          share,
        };
        const values: Record<string, Float32Array> = {};
        for (const n of names) values[n] = empty; // the requested order; lagged values filled in by `lag`
        for (let f = 0; f < steps.length; f++) {
          const out = new Float32Array(steps[f].rows);
          steps[f].compute(input, out);
          values[stepNames[f]] = out;
        }
        frames.push(...lag.add({ index, time: (index * hopLength) / sr, values }));
      }
      framer.consume(count);
    }
    return frames;
  }

  /** Spectra of `count` frames from `start` into the batch buffers. */
  function spectraOf(buf: Float32Array, start: number, count: number): void {
    if (power.length && magnitude.length) {
      // both: one transform, the power as the offline features' (float32), the magnitude its root
      forwardPowerFrames(fft!, buf, start, hopLength, count, window, 2, power, 0, true);
      const n = count * bins;
      for (let i = 0; i < n; i++) magnitude[i] = Math.sqrt(power[i]);
    } else if (power.length) forwardPowerFrames(fft!, buf, start, hopLength, count, window, 2, power, 0, true);
    else forwardPowerFrames(fft!, buf, start, hopLength, count, window, 1, magnitude, 0, true);
    if (mel.length) filterBlock(melFb!, power, bins, count, mel, 0, nMels, 1);
  }

  const reset = (): void => {
    framer.reset();
    runMax = -Infinity;
    for (const s of steps) s.reset();
    lag.reset();
  };
  return {
    sr,
    nFft,
    hopLength,
    features: names.slice(),
    rows,
    latency: lag.latency,
    push(chunk) {
      framer.append(chunk);
      return drain();
    },
    flush() {
      if (!framer.started()) return [];
      framer.finish();
      try {
        const out = drain();
        out.push(...lag.finish());
        return out;
      } finally {
        reset();
      }
    },
    reset,
  };
}
