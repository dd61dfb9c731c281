import type { Matrix } from '../matrix.js';
import type { Signal } from '../validate.js';
import { runDescriptor, type DescriptorKernel, type DescriptorOptions, type KernelContext } from './descriptor.js';
import { readOptions } from '../options.js';
import { SPECTRAL_INPUT_OPTIONS } from '../option-keys.js';
import { checkKernelContext } from './kernel-context.js';

/**
 * The per-frame kernel of {@link spectralFlux} ({@link DescriptorKernel} convention): the
 * current and the previous magnitude column in (`prev` null on the first frame), the flux out.
 *
 * @throws MirkitError `BAD_OPTION` / `BAD_SAMPLE_RATE` / `NON_FINITE` / `BAD_DATA` for a `ctx` that is not a {@link KernelContext} (valid `sr` and `nFft`, finite non-negative `freq`).
 */
export function spectralFluxKernel(ctx: KernelContext): DescriptorKernel {
  checkKernelContext(ctx, 'spectralFluxKernel');
  const K = ctx.freq.length;
  return {
    rows: 1,
    usesPrevious: true,
    compute(column, out, prev) {
      if (!prev) {
        out[0] = 0;
        return;
      }
      let s = 0;
      for (let k = 0; k < K; k++) {
        const d = column[k] - prev[k];
        if (d > 0) s += d;
      }
      out[0] = s;
    },
  };
}

/**
 * Spectral flux per frame: the half-wave rectified magnitude increase from the previous frame,
 * `Σ_k max(0, |X_t[k]| - |X_{t-1}[k]|)` (the rectified L1 flux of Masri 1996 / Dixon 2006, in
 * the magnitude units of the STFT); frame 0, which has no predecessor, gives 0. (Peeters 2004's
 * "spectral variation" is a normalised-correlation alternative; this is the flux Meyda documents.)
 *
 * Meyda 5.6's `spectralFlux` is broken: it loops over the time-domain signal from a negative
 * index instead of over the two amplitude spectra, and assigns an undeclared variable, so its
 * ES-module build throws `ReferenceError: x is not defined` on every call (the tests check this).
 * There is no Meyda value to match; mirkit follows the definition above.
 *
 * Defaults: nFft 2048, hopLength 512, hann, centred. `S`, when given, is a magnitude spectrogram.
 * Shape: a 1-row Matrix (1 x frames), Float64.
 *
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`, `BAD_DATA` (negative `S`), `TOO_SHORT`.
 * @example
 * ```ts
 * const flux = spectralFlux(y); // flux.data[0] === 0
 * ```
 */
export function spectralFlux(y: Signal | null, opts: DescriptorOptions = {}): Matrix {
  opts = readOptions('spectralFlux', opts, SPECTRAL_INPUT_OPTIONS);
  return runDescriptor(y, opts, spectralFluxKernel, 'spectral flux');
}
