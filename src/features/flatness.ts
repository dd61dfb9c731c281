import type { Matrix } from '../matrix.js';
import type { Signal } from '../validate.js';
import { positiveOption, runDescriptor, type DescriptorKernel, type DescriptorOptions, type KernelContext } from './descriptor.js';
import { readOptions } from '../options.js';
import { SPECTRAL_FLATNESS_KERNEL_OPTIONS, SPECTRAL_FLATNESS_OPTIONS } from '../option-keys.js';
import { checkKernelContext } from './kernel-context.js';

/** Options of {@link spectralFlatnessKernel}. */
export interface SpectralFlatnessKernelOptions {
  /** Floor applied to `|X|^power` before the logarithm. Default 1e-10. */
  amin?: number;
  /** Exponent of the magnitude (2 = power spectrum). Default 2. */
  power?: number;
}

/** Options of {@link spectralFlatness}: the STFT options (or a magnitude `S`) plus the kernel's. */
export interface SpectralFlatnessOptions extends DescriptorOptions, SpectralFlatnessKernelOptions {}

/**
 * The per-frame kernel of {@link spectralFlatness} (see {@link DescriptorKernel} for the
 * calling convention): reads one magnitude column, writes 1 value.
 *
 * @throws MirkitError `BAD_OPTION` / `BAD_SAMPLE_RATE` / `NON_FINITE` / `BAD_DATA` for a `ctx` that is not a {@link KernelContext} (valid `sr` and `nFft`, finite non-negative `freq`); `BAD_OPTION` for a non-positive `amin` or `power`.
 */
export function spectralFlatnessKernel(ctx: KernelContext, opts: SpectralFlatnessKernelOptions = {}): DescriptorKernel {
  opts = readOptions('spectralFlatnessKernel', opts, SPECTRAL_FLATNESS_KERNEL_OPTIONS);
  checkKernelContext(ctx, 'spectralFlatnessKernel');
  const amin = positiveOption(opts.amin, 1e-10, 'amin');
  const power = positiveOption(opts.power, 2, 'power');
  const bins = ctx.freq.length;
  /** `max(amin, a^power)`: the value the means are taken of. */
  const floored = (a: number): number => {
    const v = power === 2 ? a * a : power === 1 ? a : a ** power;
    return v >= amin ? v : amin;
  };
  return {
    rows: 1,
    usesPrevious: false,
    compute(column, out) {
      // Σ log v as the log of products of 16 values (one log per 16 bins), each product and the sum
      // carried in two chains (even and odd bins) that the processor runs side by side; a product
      // that leaves the normal double range falls back to one log per value
      let logSum = 0,
        sum0 = 0,
        sum1 = 0;
      for (let k0 = 0; k0 < bins; k0 += 16) {
        const k1 = Math.min(bins, k0 + 16);
        let prod0 = 1,
          prod1 = 1;
        let k = k0;
        if (power === 2) {
          for (; k + 1 < k1; k += 2) {
            const a = column[k];
            const b = column[k + 1];
            const va = a * a >= amin ? a * a : amin;
            const vb = b * b >= amin ? b * b : amin;
            prod0 *= va;
            prod1 *= vb;
            sum0 += va;
            sum1 += vb;
          }
        } else {
          for (; k + 1 < k1; k += 2) {
            const va = floored(column[k]);
            const vb = floored(column[k + 1]);
            prod0 *= va;
            prod1 *= vb;
            sum0 += va;
            sum1 += vb;
          }
        }
        if (k < k1) {
          const v = floored(column[k]);
          prod0 *= v;
          sum0 += v;
        }
        const prod = prod0 * prod1;
        if (prod > 1e-300 && prod < 1e300) logSum += Math.log(prod);
        else for (let j = k0; j < k1; j++) logSum += Math.log(floored(column[j]));
      }
      const sum = sum0 + sum1;
      out[0] = Math.exp(logSum / bins) / (sum / bins);
    },
  };
}

/**
 * Spectral flatness per frame, equal to `librosa.feature.spectral_flatness(y=y, ...)` (Dubnov
 * 2004): the geometric over the arithmetic mean of `max(amin, |X|^power)` across the bins,
 * between 0 (a pure tone) and 1 (white noise). A silent frame gives 1 (every bin at `amin`).
 *
 * Defaults: power 2, amin 1e-10, nFft 2048, hopLength 512, hann, centred with zero padding, and
 * `fft: 'js'` (float64): a float32 FFT (`'wasm'`) leaves the quietest bins at its rounding floor,
 * which the geometric mean weighs, up to 1.7e-4 normalised from librosa on the fixtures.
 * `S`, when given, is a **magnitude** spectrogram (librosa's convention; `power` is applied here).
 * Shape: a 1-row Matrix (1 x frames), Float64.
 *
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`, `BAD_DATA` (negative `S`), `TOO_SHORT`.
 * @example
 * ```ts
 * const flat = spectralFlatness(y); // flat.data[t] in [0, 1]
 * ```
 */
export function spectralFlatness(y: Signal | null, opts: SpectralFlatnessOptions = {}): Matrix {
  opts = readOptions('spectralFlatness', opts, SPECTRAL_FLATNESS_OPTIONS);
  const make = (ctx: KernelContext): DescriptorKernel => spectralFlatnessKernel(ctx, opts);
  // the geometric mean weighs the quietest bins, which a float32 FFT (PFFFT) leaves at its rounding
  // floor (up to 1.7e-4 from librosa on the fixtures): the float64 js FFT is the default here
  return runDescriptor(y, { ...opts, fft: opts.fft ?? 'js' }, make, 'spectral flatness');
}
