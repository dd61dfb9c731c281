import type { Matrix } from '../matrix.js';
import type { Signal } from '../validate.js';
import { runDescriptor, sharedKernel, type DescriptorKernel, type KernelContext } from './descriptor.js';
import { loudnessStage, type LoudnessKernelOptions, type LoudnessOptions } from './loudness.js';
import { readOptions } from '../options.js';
import { LOUDNESS_KERNEL_OPTIONS, PERCEPTUAL_SPREAD_OPTIONS } from '../option-keys.js';
import { checkKernelContext } from './kernel-context.js';

/**
 * The per-frame kernel of {@link perceptualSpread} ({@link DescriptorKernel} convention): one
 * magnitude column in, the perceptual spread out.
 *
 * @throws MirkitError `BAD_OPTION` / `BAD_SAMPLE_RATE` / `NON_FINITE` / `BAD_DATA` for a `ctx` that is not a {@link KernelContext} (valid `sr` and `nFft`, finite non-negative `freq`).
 */
export function perceptualSpreadKernel(ctx: KernelContext, opts: LoudnessKernelOptions = {}): DescriptorKernel {
  opts = readOptions('perceptualSpreadKernel', opts, LOUDNESS_KERNEL_OPTIONS);
  checkKernelContext(ctx, 'perceptualSpreadKernel');
  const stage = loudnessStage(ctx, opts);
  const nBands = stage.nBands;
  return sharedKernel(1, stage, ({ specific, total }, out) => {
    let mx = 0;
    for (let i = 0; i < nBands; i++) if (specific[i] > mx) mx = specific[i];
    out[0] = total > 0 ? ((total - mx) / total) ** 2 : 0;
  });
}

/**
 * Perceptual spread per frame (Peeters 2004, §7.2): how far the total loudness is from the
 * loudness of the loudest band, `((N - max_z N'(z)) / N)²`, in [0, 1), on {@link loudness}'s
 * specific loudness. A silent frame gives 0.
 *
 * Meyda 5.6's `perceptualSpread` applies the same formula to its own loudness (magnitude sums
 * over its equal bands; see {@link loudness}); with `power: 1` and Meyda's band table the
 * kernel gives Meyda's values exactly.
 *
 * Options and defaults as {@link loudness}. Shape: a 1-row Matrix (1 x frames), Float64.
 *
 * @throws MirkitError as {@link loudness}.
 * @example
 * ```ts
 * const ps = perceptualSpread(y);
 * ```
 */
export function perceptualSpread(y: Signal | null, opts: LoudnessOptions = {}): Matrix {
  opts = readOptions('perceptualSpread', opts, PERCEPTUAL_SPREAD_OPTIONS);
  return runDescriptor(y, opts, (ctx) => perceptualSpreadKernel(ctx, opts), 'perceptual spread');
}
