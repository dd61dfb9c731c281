import type { Matrix } from '../matrix.js';
import type { Signal } from '../validate.js';
import { runDescriptor, sharedKernel, type DescriptorKernel, type DescriptorOptions, type KernelContext } from './descriptor.js';
import { shapeMomentsStage } from './shape.js';
import { readOptions } from '../options.js';
import { SPECTRAL_INPUT_OPTIONS } from '../option-keys.js';
import { checkKernelContext } from './kernel-context.js';

/**
 * The per-frame kernel of {@link spectralSlope} ({@link DescriptorKernel} convention): one
 * magnitude column in, the slope (1/Hz) out. The frequency sums are precomputed; the column's
 * `Σ a` and `Σ f a` are the first pass of the shape moments (a shared stage: with spread, skewness
 * or kurtosis on the same frame, one pass serves them all).
 *
 * @throws MirkitError `BAD_OPTION` / `BAD_SAMPLE_RATE` / `NON_FINITE` / `BAD_DATA` for a `ctx` that is not a {@link KernelContext} (valid `sr` and `nFft`, finite non-negative `freq`).
 */
export function spectralSlopeKernel(ctx: KernelContext): DescriptorKernel {
  checkKernelContext(ctx, 'spectralSlopeKernel');
  const f = ctx.freq;
  const K = f.length;
  let sf = 0,
    sff = 0;
  for (let k = 0; k < K; k++) {
    sf += f[k];
    sff += f[k] * f[k];
  }
  const den = K * sff - sf * sf;
  return sharedKernel(1, shapeMomentsStage(f), (m, out) => {
    const sa = m.sum;
    out[0] = sa > 0 && den > 0 ? (K * m.weighted - sf * sa) / (sa * den) : 0;
  });
}

/**
 * Spectral slope per frame (Peeters 2004, §6.1): the slope of the least-squares line through the
 * magnitude spectrum against frequency, normalised by the frame's total magnitude,
 * `(K Σ f a - Σ f Σ a) / (Σ a · (K Σ f² - (Σ f)²))` over the K bins, in 1/Hz (negative when the
 * energy falls with frequency). Scale-invariant in the signal level. A silent frame gives 0.
 * `polyFeatures(y, { order: 1 })`'s first row is the same slope before the `Σ a` normalisation.
 *
 * Meyda 5.6's `spectralSlope` drops the factor K from `K Σ f²` in the denominator, so its values
 * are this one times `(K Σf² - (Σf)²) / (Σf² - (Σf)²)`, a negative constant for a given frame
 * size (K = 1024 bins of a 2048-point FFT: about -0.334, so even the sign flips; the tests check
 * the relation on Meyda's own spectra).
 *
 * Defaults and shape as `spectralSpread` (1 x frames, Float64).
 *
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`, `BAD_DATA` (negative `S`), `TOO_SHORT`.
 * @example
 * ```ts
 * const slope = spectralSlope(y, { sr: 22050 });
 * ```
 */
export function spectralSlope(y: Signal | null, opts: DescriptorOptions = {}): Matrix {
  opts = readOptions('spectralSlope', opts, SPECTRAL_INPUT_OPTIONS);
  return runDescriptor(y, opts, spectralSlopeKernel, 'spectral slope');
}
