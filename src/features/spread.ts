import type { Matrix } from '../matrix.js';
import type { Signal } from '../validate.js';
import { runDescriptor, type DescriptorKernel, type DescriptorOptions, type KernelContext } from './descriptor.js';
import { shapeStatisticKernel } from './shape.js';
import { readOptions } from '../options.js';
import { SPECTRAL_INPUT_OPTIONS } from '../option-keys.js';
import { checkKernelContext } from './kernel-context.js';

/**
 * The per-frame kernel of {@link spectralSpread} ({@link DescriptorKernel} convention): one
 * magnitude column in, the spread in Hz out.
 *
 * @throws MirkitError `BAD_OPTION` / `BAD_SAMPLE_RATE` / `NON_FINITE` / `BAD_DATA` for a `ctx` that is not a {@link KernelContext} (valid `sr` and `nFft`, finite non-negative `freq`).
 */
export function spectralSpreadKernel(ctx: KernelContext): DescriptorKernel {
  checkKernelContext(ctx, 'spectralSpreadKernel');
  return shapeStatisticKernel(ctx, (m) => Math.sqrt(m.m2));
}

/**
 * Spectral spread per frame (Peeters 2004, §6.1): the standard deviation of the frequency
 * distribution `p[k] = |X[k]| / Σ|X|` around its centroid, `sqrt(Σ (f_k - μ)² p[k])`, in Hz.
 * (It equals `spectralBandwidth` with p = 2.) A silent frame gives 0.
 *
 * Meyda 5.6's `spectralSpread` computes the same moment over bin **indices** rather than Hz and
 * without the Nyquist bin: mirkit's value is Meyda's times `sr / nFft` (the tests check this on
 * Meyda's own spectra).
 *
 * Defaults: nFft 2048, hopLength 512, hann, centred. `S`, when given, is a magnitude spectrogram.
 * Shape: a 1-row Matrix (1 x frames) in Hz, Float64.
 *
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`, `BAD_DATA` (negative `S`), `TOO_SHORT`.
 * @example
 * ```ts
 * const spread = spectralSpread(y, { sr: 22050 });
 * ```
 */
export function spectralSpread(y: Signal | null, opts: DescriptorOptions = {}): Matrix {
  opts = readOptions('spectralSpread', opts, SPECTRAL_INPUT_OPTIONS);
  return runDescriptor(y, opts, spectralSpreadKernel, 'spectral spread');
}
