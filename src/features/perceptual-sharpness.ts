import type { Matrix } from '../matrix.js';
import type { Signal } from '../validate.js';
import { runDescriptor, sharedKernel, type DescriptorKernel, type KernelContext } from './descriptor.js';
import { loudnessStage, type LoudnessKernelOptions, type LoudnessOptions } from './loudness.js';
import { readOptions } from '../options.js';
import { LOUDNESS_KERNEL_OPTIONS, PERCEPTUAL_SHARPNESS_OPTIONS } from '../option-keys.js';
import { checkKernelContext } from './kernel-context.js';

/** Zwicker and Fastl's sharpness weighting `g(z)`: 1 up to 15 Bark, `0.066 e^(0.171 z)` above. */
export function sharpnessWeight(z: number): number {
  return z <= 15 ? 1 : 0.066 * Math.exp(0.171 * z);
}

/**
 * The per-frame kernel of {@link perceptualSharpness} ({@link DescriptorKernel} convention): one
 * magnitude column in, the sharpness out.
 *
 * @throws MirkitError `BAD_OPTION` / `BAD_SAMPLE_RATE` / `NON_FINITE` / `BAD_DATA` for a `ctx` that is not a {@link KernelContext} (valid `sr` and `nFft`, finite non-negative `freq`).
 */
export function perceptualSharpnessKernel(ctx: KernelContext, opts: LoudnessKernelOptions = {}): DescriptorKernel {
  opts = readOptions('perceptualSharpnessKernel', opts, LOUDNESS_KERNEL_OPTIONS);
  checkKernelContext(ctx, 'perceptualSharpnessKernel');
  const stage = loudnessStage(ctx, opts);
  const nBands = stage.nBands;
  const w = new Float64Array(nBands);
  for (let i = 0; i < nBands; i++) w[i] = (i + 1) * sharpnessWeight(i + 1);
  return sharedKernel(1, stage, ({ specific, total }, out) => {
    let s = 0;
    for (let i = 0; i < nBands; i++) s += w[i] * specific[i];
    out[0] = total > 0 ? (0.11 * s) / total : 0;
  });
}

/**
 * Perceptual sharpness per frame (Zwicker and Fastl, "Psychoacoustics" §9.2; Peeters 2004 §7.3):
 * the loudness-weighted mean band number with high bands emphasised,
 * `0.11 Σ_z z g(z) N'(z) / N` over the bands z = 1..nBands of {@link loudness}, with
 * `g(z)` = {@link sharpnessWeight} (in acum-like units; uncalibrated, as the loudness is).
 * A silent frame gives 0.
 *
 * Meyda 5.6's `perceptualSharpness` departs from the formula: below band 15 it weights band
 * `i + 1`'s loudness by `i + 1` (an index shift), and from band 15 up it adds the constant
 * `0.066 e^(0.171 (i + 1))` instead of `z g(z) N'(z)`, so its values barely depend on the
 * upper spectrum; the tests check Meyda's output against that expression of its own loudness.
 *
 * Options and defaults as {@link loudness}. Shape: a 1-row Matrix (1 x frames), Float64.
 *
 * @throws MirkitError as {@link loudness}.
 * @example
 * ```ts
 * const sharp = perceptualSharpness(y);
 * ```
 */
export function perceptualSharpness(y: Signal | null, opts: LoudnessOptions = {}): Matrix {
  opts = readOptions('perceptualSharpness', opts, PERCEPTUAL_SHARPNESS_OPTIONS);
  return runDescriptor(y, opts, (ctx) => perceptualSharpnessKernel(ctx, opts), 'perceptual sharpness');
}
