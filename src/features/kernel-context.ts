/**
 * The check of a {@link KernelContext} where a public `*Kernel` factory takes one.
 * @internal
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { MAX_MATRIX_VALUES } from '../limits.js';
import { checkNumber, checkPositiveInt, checkSampleRate } from '../validate.js';
import { shown } from '../util/shown.js';
import type { KernelContext } from './descriptor.js';

/**
 * `ctx` when it is a {@link KernelContext}: an object with a valid `sr` (`BAD_SAMPLE_RATE`), an
 * `nFft` that is a positive integer up to `MAX_MATRIX_VALUES` (2^28, as `fftFrequencies`: a
 * precomputed spectrogram may have more bins than `MAX_N_FFT` gives), and `freq` a non-empty
 * Float64Array of finite frequencies >= 0 (`BAD_OPTION`, `NON_FINITE`, `BAD_DATA`).
 * `fn` names the factory in the messages. @internal
 */
export function checkKernelContext(ctx: unknown, fn: string): KernelContext {
  if (typeof ctx !== 'object' || ctx === null) {
    throw new MirkitError('BAD_OPTION', `${fn}: ctx must be a KernelContext { sr, nFft, freq } (e.g. kernelContext(sr, nFft)), got ${shown(ctx)}`, {
      option: 'ctx',
    });
  }
  const c = ctx as Partial<KernelContext>;
  checkSampleRate(c.sr, 'ctx.sr');
  checkNumber(checkPositiveInt(c.nFft, 'ctx.nFft'), 'ctx.nFft', 1, MAX_MATRIX_VALUES);
  const f = c.freq;
  if (!(f instanceof Float64Array) || f.length === 0) {
    throw new MirkitError('BAD_OPTION', `${fn}: ctx.freq must be a non-empty Float64Array of bin frequencies (fftFrequencies(sr, nFft))`, {
      option: 'ctx.freq',
    });
  }
  checkBinFrequencies(f, `${fn}: ctx.freq`);
  return ctx as KernelContext;
}

/**
 * `NON_FINITE` / `BAD_DATA` (naming the index) unless every bin frequency in `f` is finite and >= 0 Hz;
 * `name` names the array in the messages. @internal
 */
export function checkBinFrequencies(f: Float64Array, name: string): void {
  for (let k = 0; k < f.length; k++) {
    if (!Number.isFinite(f[k])) throw new MirkitError('NON_FINITE', `${name}[${k}] is ${f[k]}: bin frequencies must be finite`, { index: k });
    if (f[k] < 0) throw new MirkitError('BAD_DATA', `${name}[${k}] is ${f[k]}: bin frequencies must be >= 0 Hz`, { index: k });
  }
}
