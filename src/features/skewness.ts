import type { Matrix } from '../matrix.js';
import type { Signal } from '../validate.js';
import { runDescriptor, type DescriptorKernel, type DescriptorOptions, type KernelContext } from './descriptor.js';
import { shapeStatisticKernel } from './shape.js';
import { readOptions } from '../options.js';
import { SPECTRAL_INPUT_OPTIONS } from '../option-keys.js';
import { checkKernelContext } from './kernel-context.js';

/**
 * The per-frame kernel of {@link spectralSkewness} ({@link DescriptorKernel} convention): one
 * magnitude column in, the skewness out.
 *
 * @throws MirkitError `BAD_OPTION` / `BAD_SAMPLE_RATE` / `NON_FINITE` / `BAD_DATA` for a `ctx` that is not a {@link KernelContext} (valid `sr` and `nFft`, finite non-negative `freq`).
 */
export function spectralSkewnessKernel(ctx: KernelContext): DescriptorKernel {
  checkKernelContext(ctx, 'spectralSkewnessKernel');
  return shapeStatisticKernel(ctx, (m) => (m.m2 > 0 ? m.m3 / m.m2 ** 1.5 : 0));
}

/**
 * Spectral skewness per frame (Peeters 2004, §6.1): the third standardised moment of the
 * frequency distribution `p[k] = |X[k]| / Σ|X|`, `Σ (f_k - μ)³ p[k] / σ³` (dimensionless; 0 for a
 * symmetric spectrum, > 0 when the energy sits low with a tail towards high frequencies). A
 * silent frame, or one with all its energy in one bin (σ = 0), gives 0.
 *
 * Meyda 5.6's `spectralSkewness` is the same statistic (over bin indices, which cancels out,
 * without the Nyquist bin): equal on the same spectrum up to float32 rounding.
 *
 * Defaults and shape as {@link spectralSpread} (1 x frames, Float64).
 *
 * @throws MirkitError as {@link spectralSpread}.
 * @example
 * ```ts
 * const skew = spectralSkewness(y);
 * ```
 */
export function spectralSkewness(y: Signal | null, opts: DescriptorOptions = {}): Matrix {
  opts = readOptions('spectralSkewness', opts, SPECTRAL_INPUT_OPTIONS);
  return runDescriptor(y, opts, spectralSkewnessKernel, 'spectral skewness');
}
