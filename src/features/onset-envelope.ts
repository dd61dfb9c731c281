/** The onset envelope a rhythm feature reads: the one given in its options, or computed from the signal. */
import { MirkitError } from '../errors.js';
import { checkSignal, type Signal } from '../validate.js';
import { onsetStrength, type OnsetStrengthOptions } from './onset.js';

/** The onset envelope given in `opts` or computed from y. @internal */
export function envelopeFrom(
  y: Signal | null,
  opts: { onsetEnvelope?: Float32Array | Float64Array | number[] } & OnsetStrengthOptions,
): Float32Array | Float64Array {
  if (opts.onsetEnvelope !== undefined && opts.onsetEnvelope !== null) return checkSignal(opts.onsetEnvelope, 'onsetEnvelope');
  if (y === null || y === undefined) throw new MirkitError('EMPTY_INPUT', 'pass a signal y or a precomputed onsetEnvelope');
  const { onsetEnvelope: _e, ...o } = opts as Record<string, unknown>;
  return onsetStrength(y, o as OnsetStrengthOptions);
}
