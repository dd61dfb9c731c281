import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { fftFrequencies } from '../dsp/filters.js';
import { spectralFrames, type SpectralInputOptions } from './frames.js';
import { shown } from '../util/shown.js';

/**
 * What a descriptor kernel is built for: the sample rate, the FFT size and the centre frequency
 * (Hz) of every bin of the columns it will read (`freq.length` = bins; normally
 * {@link fftFrequencies}`(sr, nFft)`, `1 + nFft/2` values).
 */
export interface KernelContext {
  /** Sample rate in Hz. */
  sr: number;
  /** FFT size the columns come from. */
  nFft: number;
  /** Centre frequency of each bin in Hz; its length is the number of bins of a column. */
  freq: Float64Array;
}

/**
 * A per-frame spectral descriptor: the uniform kernel shape that the offline functions run over
 * a spectrogram and that a streaming analyzer runs frame by frame.
 *
 * `compute(column, out, prev)` reads ONE frame's **magnitude** spectrum `column` (`|X[k]|`,
 * `freq.length` values, never modified) and writes the descriptor's `rows` values of that frame
 * into `out[0 .. rows)`. `prev` is the previous frame's magnitude column (`null` on the first
 * frame); only kernels with `usesPrevious` (spectral flux) read it. Kernels hold only
 * precomputed tables and scratch: no state carries from one call to the next, so frames may be
 * computed in any order, and the same kernel may serve any number of signals.
 */
export interface DescriptorKernel {
  /** Values per frame (1 for scalar descriptors). */
  readonly rows: number;
  /** Whether `compute` reads the previous frame's column. */
  readonly usesPrevious: boolean;
  /** Computes one frame: see {@link DescriptorKernel}. */
  compute(column: ArrayLike<number>, out: Float64Array, prev: ArrayLike<number> | null): void;
  /**
   * Present on kernels whose `compute` is `stage.fill(column, s)` then `finish(s, out)`, with a
   * stage other kernels compute identically (the spectral shape moments of spread, skewness and
   * kurtosis; the Bark-band loudness of loudness, perceptual spread and sharpness): a caller
   * running several kernels on the same frame fills each stage once (see {@link SharedStage}).
   */
  readonly shared?: SharedKernelPart;
}

/**
 * A per-frame computation several descriptor kernels share: kernels whose stages have the same
 * `key` compute the same value `S` from a column, so one `fill` per frame serves them all.
 */
export interface SharedStage<S = unknown> {
  /** Equal for stages that fill equal values from the same column (it encodes their options). */
  readonly key: string;
  /** A fresh scratch value. */
  create(): S;
  /** Computes the stage of one magnitude column into `into`. */
  fill(column: ArrayLike<number>, into: S): void;
}

/** The split form of a kernel's `compute`: see {@link DescriptorKernel.shared}. */
export interface SharedKernelPart<S = unknown> {
  /** The shared stage. */
  readonly stage: SharedStage<S>;
  /** The kernel's own values from the filled stage into `out` (rows values). */
  finish(s: S, out: Float64Array): void;
}

/** A key part naming a bin-frequency table by its values (stages over different tables never share). @internal */
export function freqKey(freq: Float64Array): string {
  let a = 0,
    b = 0;
  for (let k = 0; k < freq.length; k++) {
    a += freq[k];
    b += freq[k] * (k + 1);
  }
  return `${freq.length}:${a}:${b}`;
}

/**
 * A kernel of the split form: `compute` fills its own scratch of `stage` and finishes from it,
 * so the one-kernel path and a caller sharing the stage run the same code. @internal
 */
export function sharedKernel<S>(rows: number, stage: SharedStage<S>, finish: (s: S, out: Float64Array) => void): DescriptorKernel {
  const scratch = stage.create();
  return {
    rows,
    usesPrevious: false,
    compute(column, out) {
      stage.fill(column, scratch);
      finish(scratch, out);
    },
    shared: { stage: stage as SharedStage<unknown>, finish: finish as (s: unknown, out: Float64Array) => void },
  };
}

/**
 * Input options of the descriptor functions: a signal's STFT (sr 22050, nFft 2048, hopLength 512,
 * hann, centred with zero padding, `fft`) or a precomputed magnitude spectrogram `S`.
 */
export interface DescriptorOptions extends SpectralInputOptions {}

/**
 * A {@link DescriptorKernel} of one value per frame that reads no previous frame: `value(column)`
 * of each magnitude column. @internal
 */
export function scalarKernel(value: (column: ArrayLike<number>) => number): DescriptorKernel {
  return {
    rows: 1,
    usesPrevious: false,
    compute(column, out) {
      out[0] = value(column);
    },
  };
}

/** Builds a kernel for one context (the offline driver calls it once the spectrogram shape is known). */
export type KernelFactory = (ctx: KernelContext) => DescriptorKernel;

/** The kernel context of `fftFrequencies(sr, nFft)` bins. */
export function kernelContext(sr: number, nFft: number): KernelContext {
  return { sr, nFft, freq: fftFrequencies(sr, nFft) };
}

/**
 * The offline driver of every descriptor: the magnitude spectrogram of `y` (librosa's centred
 * STFT, or the given magnitude `S`) visited block by block, the kernel applied to each column.
 * Returns a `rows x frames` Float64 Matrix. @internal
 */
export function runDescriptor(y: unknown, opts: SpectralInputOptions, factory: KernelFactory, what: string): Matrix {
  const fr = spectralFrames(y, opts, 1);
  const bins = fr.bins;
  const kernel = factory({ sr: fr.sr, nFft: fr.nFft, freq: fftFrequencies(fr.sr, fr.nFft) });
  const rows = kernel.rows;
  const T = fr.nFrames;
  const data = new Float64Array(rows * T);
  const out = new Float64Array(rows);
  const prev = kernel.usesPrevious ? new Float64Array(bins) : null;
  const checkNeg = opts.S !== undefined && opts.S !== null;
  fr.blocks((t0, count, block) => {
    for (let j = 0; j < count; j++) {
      const col = block.subarray(j * bins, (j + 1) * bins);
      if (checkNeg) {
        for (let k = 0; k < bins; k++) {
          if (col[k] < 0) throw new MirkitError('BAD_DATA', `${what} needs a magnitude spectrogram: S has a negative value (${col[k]})`);
        }
      }
      const t = t0 + j;
      kernel.compute(col, out, prev && t > 0 ? prev : null);
      if (rows === 1) data[t] = out[0];
      else for (let r = 0; r < rows; r++) data[r * T + t] = out[r];
      if (prev) prev.set(col);
    }
  });
  return { rows, cols: T, data };
}

/** Checks an optional positive finite number option, returning its default when absent. @internal */
export function positiveOption(v: unknown, dflt: number, name: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new MirkitError('BAD_OPTION', `${name} must be a positive finite number, got ${shown(v)}`, { option: name });
  return v;
}
