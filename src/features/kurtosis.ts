import type { Matrix } from '../matrix.js';
import type { Signal } from '../validate.js';
import { runDescriptor, type DescriptorKernel, type DescriptorOptions, type KernelContext } from './descriptor.js';
import { shapeStatisticKernel } from './shape.js';
import { readOptions } from '../options.js';
import { SPECTRAL_INPUT_OPTIONS } from '../option-keys.js';
import { checkKernelContext } from './kernel-context.js';

/**
 * The per-frame kernel of {@link spectralKurtosis} ({@link DescriptorKernel} convention): one
 * magnitude column in, the kurtosis out.
 *
 * @throws MirkitError `BAD_OPTION` / `BAD_SAMPLE_RATE` / `NON_FINITE` / `BAD_DATA` for a `ctx` that is not a {@link KernelContext} (valid `sr` and `nFft`, finite non-negative `freq`).
 */
export function spectralKurtosisKernel(ctx: KernelContext): DescriptorKernel {
  checkKernelContext(ctx, 'spectralKurtosisKernel');
  return shapeStatisticKernel(ctx, (m) => (m.m2 > 0 ? m.m4 / (m.m2 * m.m2) : 0));
}

/**
 * Spectral kurtosis per frame (Peeters 2004, §6.1): the fourth standardised moment of the
 * frequency distribution `p[k] = |X[k]| / Σ|X|`, `Σ (f_k - μ)⁴ p[k] / σ⁴` (dimensionless, not
 * excess: 3 for a normal-shaped spectrum, larger when peakier). A silent frame, or one with
 * all its energy in one bin, gives 0.
 *
 * Meyda 5.6's `spectralKurtosis` expands the central fourth moment with a wrong term: it uses
 * `6 μ₁ μ₂` where the expansion `μ₄ - 4μ₁μ₃ + 6μ₁²μ₂ - 3μ₁⁴` (raw moments in bins) has `6 μ₁² μ₂`,
 * so Meyda's value is this one plus `6 μ₁ μ₂ (1 - μ₁) / σ⁴` (a large negative offset on music);
 * the tests check that relation on Meyda's own spectra.
 *
 * Defaults and shape as {@link spectralSpread} (1 x frames, Float64).
 *
 * @throws MirkitError as {@link spectralSpread}.
 * @example
 * ```ts
 * const kurt = spectralKurtosis(y);
 * ```
 */
export function spectralKurtosis(y: Signal | null, opts: DescriptorOptions = {}): Matrix {
  opts = readOptions('spectralKurtosis', opts, SPECTRAL_INPUT_OPTIONS);
  return runDescriptor(y, opts, spectralKurtosisKernel, 'spectral kurtosis');
}
