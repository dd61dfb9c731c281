/**
 * The streaming analyzer's feature table: for each feature name, how to build its per-frame
 * step from the SAME kernels the offline functions run (spectral-kernels, the descriptor kernels,
 * the mel filterbank and cepstra, the chroma projection and normalisation, the RMS block sums,
 * the zero-crossing sign classes, the onset-strength flux). Nothing here re-derives a feature's
 * arithmetic; it only feeds each kernel one frame.
 */
import { MirkitError } from '../errors.js';
import { checkNumber, checkPositiveInt } from '../validate.js';
import { fftFrequencies } from '../dsp/filters.js';
import { bandwidthOfFrame, centroidOfFrame, centroidOfSums, columnSum, rolloffOfFrame } from '../features/spectral-kernels.js';
import { shapeMomentsStage } from '../features/shape.js';
import type { DescriptorKernel, KernelContext, SharedStage } from '../features/descriptor.js';
import { spectralFlatnessKernel } from '../features/flatness.js';
import { spectralContrastKernel } from '../features/contrast.js';
import { polyFeaturesKernel } from '../features/poly.js';
import { spectralSlopeKernel } from '../features/slope.js';
import { spectralSpreadKernel } from '../features/spread.js';
import { spectralSkewnessKernel } from '../features/skewness.js';
import { spectralKurtosisKernel } from '../features/kurtosis.js';
import { spectralCrestKernel } from '../features/crest.js';
import { spectralFluxKernel } from '../features/flux.js';
import { loudnessKernel } from '../features/loudness.js';
import { perceptualSpreadKernel } from '../features/perceptual-spread.js';
import { perceptualSharpnessKernel } from '../features/perceptual-sharpness.js';
import { cepstraKernel } from '../features/cepstra.js';
import { cachedFilterbank as chromaFilterbankOf, checkNorm, normalizeColumns, projectFrames } from '../features/chroma.js';
import { rmsBlockSize, rmsOfBlocks, squareSums } from '../features/rms.js';
import { signChanges, signClass } from '../features/zcr.js';
import { meanPositiveDifferences } from '../features/onset.js';
import { createYinFrameKernel } from '../features/pitch-yin-kernel.js';
import type { FftOption } from '../dsp/fft.js';
import type { AnalyzerFeatureOptions, AnalyzerSourceFeature } from './types.js';
import { shown } from '../util/shown.js';
import { MAX_HOP_LENGTH, MAX_SPECTROGRAM_POWER, MIN_BANDWIDTH_P } from '../limits.js';

/** What the analyzer hands every feature step for one frame. @internal */
export interface FrameInput {
  /** Frame index. */
  index: number;
  /** Power spectrum `|X|²` of the frame (bins values; empty unless a feature needs it). */
  power: Float32Array;
  /** Magnitude spectrum `|X|` of the frame (bins values; empty unless needed). */
  magnitude: Float32Array;
  /** Mel power spectrum of the frame (nMels; empty unless needed). */
  mel: Float32Array;
  /** `powerToDb(mel, { topDb: null })` of the frame (nMels; empty unless needed). */
  melDb: Float32Array;
  /** The padded signal (librosa's centred framing, zeros outside the signal). */
  samples: Float32Array;
  /** Index in `samples` of the frame's first sample. */
  start: number;
  /** The first and the last sample of the signal (for zero-crossing's edge padding), and the pad bounds in `samples`: [signalStart, signalEnd). */
  edge: { first: number; last: number; signalStart: number; signalEnd: number };
  /** The analyzer's shared descriptor stages (one per analyzer, the same object for every frame). */
  share: FrameShare;
}

/** One shared stage's value and the frame (its {@link FrameInput}) it was last filled for. */
interface ShareSlot {
  value: unknown;
  at: FrameInput | null;
}

/**
 * The shared descriptor stages of one analyzer (see `SharedStage`): the steps whose kernels have
 * stages of the same key read one value, filled by the first of them to run on each frame
 * (spread, skewness, kurtosis, slope and the centroid share the shape moments; loudness,
 * perceptual spread and sharpness the Bark-band loudness). @internal
 */
export class FrameShare {
  private readonly slots = new Map<string, ShareSlot>();

  /** The slot of `stage`'s key (created on first use; steps look it up once). */
  slot(stage: SharedStage): ShareSlot {
    let s = this.slots.get(stage.key);
    if (!s) {
      s = { value: stage.create(), at: null };
      this.slots.set(stage.key, s);
    }
    return s;
  }
}

/** One feature's per-frame step. @internal */
export interface FeatureStep {
  /** Values per frame. */
  rows: number;
  /** Which spectra the step reads. */
  needs: { power?: boolean; magnitude?: boolean; mel?: boolean; melDb?: boolean };
  /** Computes the frame's column into `out` (rows values). */
  compute(input: FrameInput, out: Float32Array): void;
  /** Forgets any state carried between frames (a new signal starts). */
  reset(): void;
}

/** The analysis set-up every step is built for. @internal */
export interface StepContext {
  sr: number;
  nFft: number;
  hopLength: number;
  /** Number of mel bands of the shared mel spectrogram. */
  nMels: number;
  /** The analyzer's FFT implementation (for `yin`'s autocorrelations). */
  fft: FftOption;
  options: AnalyzerFeatureOptions;
}

/** Features that need the whole signal, with the reason given in the error. */
const WHOLE_SIGNAL: Record<string, string> = {
  tempo: 'a tempo estimate autocorrelates the onset envelope of the whole signal',
  tempogram: 'the tempogram windows the whole onset envelope',
  beatTrack: 'beat tracking runs dynamic programming over the whole onset envelope',
  hpss: 'median filtering across time needs future frames',
  chromaCqt: 'the CQT needs long filters that reach far beyond one frame',
  chromaCens: 'CENS smooths the chromagram over time',
  cqt: 'the CQT needs long filters that reach far beyond one frame',
  tonnetz: 'tonnetz is built on chroma_cqt',
  estimateTuning: 'the tuning estimate pools the pitches of the whole signal (pass options.chromaStft.tuning)',
  pyin: "pyin's Viterbi decoding chooses each frame's pitch and voicing from the whole sequence of frames (stream 'yin' instead)",
  onsetDetect: "onset picking normalises the onset envelope by its minimum and maximum over the whole signal (stream 'onsetStrength' instead)",
  onsetBacktrack: 'backtracking starts from onsets detected on the whole signal',
  peakPick: 'peak picking compares each value with windows of future values',
  fourierTempogram: 'the Fourier tempogram windows the whole onset envelope',
  fourierTempogramMagnitude: 'the Fourier tempogram windows the whole onset envelope',
  plp: 'PLP is built on the Fourier tempogram of the whole onset envelope',
  vqt: 'the VQT needs long filters that reach far beyond one frame',
  vqtMagnitude: 'the VQT needs long filters that reach far beyond one frame',
  cqtMagnitude: 'the CQT needs long filters that reach far beyond one frame',
  hpssAudio: 'median filtering across time needs future frames',
  pitchTuning: 'the tuning estimate pools the pitches of the whole signal',
  chromaVqt: 'chroma_vqt is built on the VQT',
  trim: "trimming measures each frame against the whole signal's loudest frame",
  split: "splitting measures each frame against the whole signal's loudest frame",
};

/**
 * Wraps a magnitude descriptor kernel (see `DescriptorKernel`) as a step; a kernel with a shared
 * stage fills it once per frame for every step sharing its key (see {@link FrameShare}).
 */
function descriptorStep(kernel: DescriptorKernel, bins: number): FeatureStep {
  const out64 = new Float64Array(kernel.rows);
  const prev = kernel.usesPrevious ? new Float64Array(bins) : null;
  let havePrev = false;
  const shared = kernel.shared;
  const stage = shared ? stageReader(shared.stage) : null;
  return {
    rows: kernel.rows,
    needs: { magnitude: true },
    compute(input, out) {
      if (shared) shared.finish(stage!.read(input), out64);
      else kernel.compute(input.magnitude, out64, prev && havePrev ? prev : null);
      for (let r = 0; r < out64.length; r++) out[r] = out64[r];
      if (prev) {
        prev.set(input.magnitude);
        havePrev = true;
      }
    },
    reset() {
      havePrev = false;
      stage?.reset();
    },
  };
}

/**
 * Reads `stage`'s value for a frame from the analyzer's {@link FrameShare}: filled from the
 * frame's magnitude by the first step to read it on that frame, then shared.
 */
function stageReader<S>(stage: SharedStage<S>): { read(input: FrameInput): S; reset(): void } {
  let slotOf: FrameShare | null = null;
  let slot: ShareSlot | null = null;
  return {
    read(input) {
      if (input.share !== slotOf) {
        slotOf = input.share;
        slot = slotOf.slot(stage as SharedStage);
      }
      if (slot!.at !== input) {
        stage.fill(input.magnitude, slot!.value as S);
        slot!.at = input;
      }
      return slot!.value as S;
    },
    reset() {
      if (slot) slot.at = null;
    },
  };
}

const stateless = (): void => {};

/** The features streamed through a descriptor kernel, each built with the feature's own options entry. */
const DESCRIPTOR_FEATURES = new Map<AnalyzerSourceFeature, (ctx: KernelContext, opts?: never) => DescriptorKernel>([
  ['spectralFlatness', spectralFlatnessKernel],
  ['spectralContrast', spectralContrastKernel],
  ['polyFeatures', polyFeaturesKernel],
  ['spectralSlope', spectralSlopeKernel],
  ['spectralSpread', spectralSpreadKernel],
  ['spectralSkewness', spectralSkewnessKernel],
  ['spectralKurtosis', spectralKurtosisKernel],
  ['spectralCrest', spectralCrestKernel],
  ['spectralFlux', spectralFluxKernel],
  ['loudness', loudnessKernel],
  ['perceptualSpread', perceptualSpreadKernel],
  ['perceptualSharpness', perceptualSharpnessKernel],
]);

/** Builds the step of one feature; throws for a feature that needs the whole signal or an unknown name. @internal */
export function buildStep(name: AnalyzerSourceFeature, c: StepContext): FeatureStep {
  const bins = Math.floor(c.nFft / 2) + 1;
  const freq = fftFrequencies(c.sr, c.nFft);
  const kctx: KernelContext = { sr: c.sr, nFft: c.nFft, freq };
  const o = c.options;
  const descriptor = DESCRIPTOR_FEATURES.get(name);
  if (descriptor) return descriptorStep(descriptor(kctx, o[name as keyof AnalyzerFeatureOptions] as never), bins);
  switch (name) {
    case 'melSpectrogram':
      return { rows: c.nMels, needs: { mel: true }, compute: (i, out) => out.set(i.mel), reset: stateless };
    case 'mfcc': {
      const m = o.mfcc ?? {};
      const nMfcc = checkPositiveInt(m.nMfcc ?? 20, 'nMfcc');
      if (nMfcc > c.nMels) throw new MirkitError('BAD_OPTION', `nMfcc (${nMfcc}) must be <= the number of mel bands (${c.nMels})`, { option: 'nMfcc' });
      const lifter = checkNumber(m.lifter ?? 0, 'lifter', 0);
      const kernel = cepstraKernel(c.nMels, nMfcc, m.dctType ?? 2, m.norm === undefined ? 'ortho' : m.norm, lifter);
      return { rows: nMfcc, needs: { melDb: true }, compute: (i, out) => kernel(i.melDb, 1, c.nMels, 1, out), reset: stateless };
    }
    case 'chromaStft': {
      const m = o.chromaStft ?? {};
      const nChroma = checkPositiveInt(m.nChroma ?? 12, 'nChroma');
      const norm = checkNorm(m.norm === undefined ? Infinity : m.norm);
      const tuning = checkNumber(m.tuning ?? 0, 'tuning');
      const fb = chromaFilterbankOf({ sr: c.sr, nFft: c.nFft, nChroma, tuning, ctroct: m.ctroct, octwidth: m.octwidth, norm: m.filterNorm, baseC: m.baseC });
      const w = fb.data as Float32Array; // as chromaStft passes it
      return {
        rows: nChroma,
        needs: { power: true },
        compute(i, out) {
          projectFrames(w, nChroma, i.power, bins, 1, bins, out, 1, 0);
          normalizeColumns(out, nChroma, 1, norm);
        },
        reset: stateless,
      };
    }
    case 'spectralCentroid': {
      // Σ S and Σ f S are the first pass of the shape moments (the same sums in the same order as
      // centroidOfFrame's): one pass with spread, skewness, kurtosis or slope on the same frame
      const moments = stageReader(shapeMomentsStage(freq));
      return {
        rows: 1,
        needs: { magnitude: true },
        compute: (i, out) => {
          const m = moments.read(i);
          out[0] = centroidOfSums(m.sum, m.weighted);
        },
        reset: () => moments.reset(),
      };
    }
    case 'spectralBandwidth': {
      const p = checkNumber(o.spectralBandwidth?.p ?? 2, 'p', MIN_BANDWIDTH_P, MAX_SPECTROGRAM_POWER + 1);
      const norm = o.spectralBandwidth?.norm ?? true;
      return {
        rows: 1,
        needs: { magnitude: true },
        compute(i, out) {
          const S = i.magnitude;
          out[0] = bandwidthOfFrame(S, 0, bins, freq, centroidOfFrame(S, 0, bins, freq), columnSum(S, 0, bins), p, norm);
        },
        reset: stateless,
      };
    }
    case 'spectralRolloff': {
      const rp = o.spectralRolloff?.rollPercent ?? 0.85;
      if (typeof rp !== 'number' || !(rp > 0 && rp < 1))
        throw new MirkitError('BAD_OPTION', `rollPercent must be in (0, 1), got ${shown(rp)}`, { option: 'rollPercent' });
      const cum = new Float32Array(bins);
      const ascending = freq.every((v, k) => k === 0 || v > freq[k - 1]);
      return {
        rows: 1,
        needs: { magnitude: true },
        compute: (i, out) => {
          out[0] = rolloffOfFrame(i.magnitude, 0, bins, freq, rp, cum, ascending);
        },
        reset: stateless,
      };
    }
    case 'rms':
      return rmsStep(c.nFft, c.hopLength);
    case 'zeroCrossingRate':
      return zcrStep(c.nFft, c.hopLength, o.zeroCrossingRate ?? {});
    case 'onsetStrength':
      return onsetStep(c, o.onsetStrength ?? {});
    case 'yin':
      return yinStep(c);
    default: {
      const why = WHOLE_SIGNAL[name as string];
      if (why) throw new MirkitError('UNSUPPORTED', `${shown(name)} cannot be streamed: ${why}; compute it offline on the whole signal`, { feature: name });
      throw new MirkitError('BAD_OPTION', `unknown analyzer feature '${shown(name)}'`, { option: 'features' });
    }
  }
}

/**
 * RMS of the frame from its block sums of squares (the kernel of `rms`). Frames overlap, so as
 * offline each block of `g` samples is summed once: the sums of the blocks the previous frame
 * shares with this one are kept (block b of the padded signal at `b % per` of a ring; frames come
 * in order, frame t starting at block `t * hop / g`).
 */
function rmsStep(nFft: number, hopLength: number): FeatureStep {
  const g = rmsBlockSize(nFft, hopLength);
  const per = nFft / g;
  const step = hopLength / g;
  const ring = new Float64Array(per);
  const blocks = new Float64Array(per);
  let summedTo = 0; // blocks before this one are in the ring (those of the previous frame)
  return {
    rows: 1,
    needs: {},
    compute(i, out) {
      const first = i.index * step;
      const from = Math.max(first, summedTo);
      squareSums(i.samples, i.start + (from - first) * g, first + per - from, g, blocks);
      for (let b = from; b < first + per; b++) ring[b % per] = blocks[b - from];
      summedTo = first + per;
      for (let b = first; b < first + per; b++) blocks[b - first] = ring[b % per];
      out[0] = rmsOfBlocks(blocks, 0, per, nFft);
    },
    reset() {
      summedTo = 0;
    },
  };
}

/**
 * Zero-crossing rate of the frame on librosa's edge-padded framing (the sign classes of
 * `zeroCrossingRate`). As offline, the changes inside each block of `g` samples (the frames'
 * common divisor, see `rms`) are counted once: an interior frame adds the counts of its blocks,
 * kept from the previous frame where they overlap, and the changes across its block boundaries.
 */
function zcrStep(nFft: number, hopLength: number, m: NonNullable<AnalyzerFeatureOptions['zeroCrossingRate']>): FeatureStep {
  const threshold = checkNumber(m.threshold ?? 1e-10, 'threshold', 0);
  const zeroPos = m.zeroPos ?? true;
  const first = (m.pad ?? false) ? 1 : 0;
  const g = rmsBlockSize(nFft, hopLength);
  const per = nFft / g;
  const step = hopLength / g;
  const inner = new Int32Array(per); // changes inside block b at b % per
  let countedTo = 0; // blocks before this one are in `inner` (those of the previous interior frame)
  return {
    rows: 1,
    needs: {},
    compute(i, out) {
      const { samples, start } = i;
      const { first: y0, last: yn, signalStart, signalEnd } = i.edge;
      const end = start + nFft;
      let n = 0;
      if (start >= signalStart && end <= signalEnd) {
        // an interior frame: the samples as they are
        const b0 = i.index * step;
        for (let b = Math.max(b0, countedTo); b < b0 + per; b++) {
          const s = start + (b - b0) * g;
          inner[b % per] = signChanges(samples, s, s + g, threshold, zeroPos);
        }
        countedTo = b0 + per;
        for (let b = b0; b < b0 + per; b++) n += inner[b % per];
        for (let s = start + g; s < end; s += g) n += signChanges(samples, s - 1, s + 1, threshold, zeroPos);
      } else {
        // samples before the signal repeat its first value, after it its last (np.pad mode 'edge')
        const at = (j: number): number => (j < signalStart ? y0 : j >= signalEnd ? yn : samples[j]);
        let prev = signClass(at(start), threshold, zeroPos);
        for (let j = start + 1; j < end; j++) {
          const cl = signClass(at(j), threshold, zeroPos);
          n += cl !== prev ? 1 : 0;
          prev = cl;
        }
      }
      out[0] = (n + first) / nFft;
    },
    reset() {
      countedTo = 0;
    },
  };
}

/**
 * Onset strength of frame i: librosa's centred envelope puts `lag + floor(nFft / (2 hop))` zeros
 * in front, so frame i is the mean positive flux of log-mel frame `i - c` over frame `i - c - lag`
 * (c = floor(nFft / (2 hop))), 0 for the first `lag + c` frames. Keeps that many log-mel frames.
 */
function onsetStep(c: StepContext, m: NonNullable<AnalyzerFeatureOptions['onsetStrength']>): FeatureStep {
  const lag = checkNumber(checkPositiveInt(m.lag ?? 1, 'lag'), 'lag', 1, MAX_HOP_LENGTH); // the offline bound
  const shift = Math.floor(c.nFft / (2 * c.hopLength));
  const keep = shift + lag + 1;
  const nMels = c.nMels;
  const hist = new Float32Array(keep * nMels);
  return {
    rows: 1,
    needs: { melDb: true },
    compute(i, out) {
      const t = i.index;
      hist.set(i.melDb, (t % keep) * nMels);
      const cur = t - shift;
      const ref = cur - lag;
      if (ref < 0) out[0] = 0;
      else
        meanPositiveDifferences(
          hist,
          hist,
          { cur: (cur % keep) * nMels, ref: (ref % keep) * nMels, bands: nMels, stride: 1, step: 0, count: 1, floor: -Infinity, at: 0 },
          out,
        );
    },
    reset: stateless,
  };
}

/**
 * `yin`'s f0 of the frame by its per-frame kernel: frames of `nFft` samples every `hopLength`,
 * centred with zero padding, as `yin(y, { frameLength: nFft, hopLength, center: true, padMode: 'constant' })`.
 */
function yinStep(c: StepContext): FeatureStep {
  const m = c.options.yin;
  if (!m || m.fmin === undefined || m.fmax === undefined) {
    throw new MirkitError('BAD_OPTION', 'yin needs options.yin.fmin and options.yin.fmax (librosa suggests C2 = 65.41 Hz and C7 = 2093 Hz)', {
      option: 'fmin',
    });
  }
  for (const k of ['sr', 'frameLength', 'hopLength', 'center', 'padMode', 'fft']) {
    if (k in m)
      throw new MirkitError('BAD_OPTION', `options.yin.${k}: yin's framing is the analyzer's (sr, nFft, hopLength, fft; centred, zero padding)`, { option: k });
  }
  const kernel = createYinFrameKernel({ ...m, sr: c.sr, frameLength: c.nFft, hopLength: c.hopLength, fft: c.fft });
  return {
    rows: 1,
    needs: {},
    compute(i, out) {
      out[0] = kernel.f0(i.samples, i.start, i.index);
    },
    reset: stateless,
  };
}
