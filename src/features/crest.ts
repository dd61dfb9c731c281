import type { Matrix } from '../matrix.js';
import type { Signal } from '../validate.js';
import { positiveOption, runDescriptor, scalarKernel, type DescriptorKernel, type DescriptorOptions, type KernelContext } from './descriptor.js';
import { readOptions } from '../options.js';
import { SPECTRAL_CREST_KERNEL_OPTIONS, SPECTRAL_CREST_OPTIONS } from '../option-keys.js';
import { checkKernelContext } from './kernel-context.js';

/** Options of {@link spectralCrestKernel}. */
export interface SpectralCrestKernelOptions {
  /** Exponent of the magnitude (2 = power spectrum, as `spectralFlatness`). Default 2. */
  power?: number;
}

/** Options of {@link spectralCrest}. */
export interface SpectralCrestOptions extends DescriptorOptions, SpectralCrestKernelOptions {}

/**
 * The per-frame kernel of {@link spectralCrest} ({@link DescriptorKernel} convention): one
 * magnitude column in, the crest factor out.
 *
 * @throws MirkitError `BAD_OPTION` / `BAD_SAMPLE_RATE` / `NON_FINITE` / `BAD_DATA` for a `ctx` that is not a {@link KernelContext} (valid `sr` and `nFft`, finite non-negative `freq`); `BAD_OPTION` for a non-positive `power`.
 */
export function spectralCrestKernel(ctx: KernelContext, opts: SpectralCrestKernelOptions = {}): DescriptorKernel {
  opts = readOptions('spectralCrestKernel', opts, SPECTRAL_CREST_KERNEL_OPTIONS);
  checkKernelContext(ctx, 'spectralCrestKernel');
  const power = positiveOption(opts.power, 2, 'power');
  const K = ctx.freq.length;
  return scalarKernel((column) => {
    let mx = 0,
      sum = 0;
    for (let k = 0; k < K; k++) {
      const a = column[k];
      const v = power === 2 ? a * a : power === 1 ? a : a ** power;
      sum += v;
      if (v > mx) mx = v;
    }
    return sum > 0 ? (mx * K) / sum : 0;
  });
}

/**
 * Spectral crest factor per frame (Peeters 2004, §6.4, the MPEG-7 spectral crest measure over
 * the whole band): the maximum of the power spectrum over its arithmetic mean,
 * `max_k |X[k]|^power / ((1/K) Σ_k |X[k]|^power)`; 1 for a flat spectrum, up to K for a single
 * bin. A silent frame gives 0.
 *
 * Meyda 5.6's `spectralCrest` divides the peak magnitude by the RMS of the magnitudes,
 * `max a / sqrt(mean a²)`, which is the square root of this value with `power` 2: mirkit's
 * crest = Meyda's² (the tests check it on Meyda's own spectra; `power: 1` gives the
 * magnitude-domain crest `max a / mean a`).
 *
 * Defaults: power 2, nFft 2048, hopLength 512, hann, centred. `S`, when given, is a magnitude
 * spectrogram. Shape: a 1-row Matrix (1 x frames), Float64.
 *
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`, `BAD_DATA` (negative `S`), `TOO_SHORT`.
 * @example
 * ```ts
 * const crest = spectralCrest(y);
 * ```
 */
export function spectralCrest(y: Signal | null, opts: SpectralCrestOptions = {}): Matrix {
  opts = readOptions('spectralCrest', opts, SPECTRAL_CREST_OPTIONS);
  positiveOption(opts.power, 2, 'power');
  return runDescriptor(y, opts, (ctx) => spectralCrestKernel(ctx, opts), 'spectral crest');
}
