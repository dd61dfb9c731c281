/**
 * Estimator params from constructor options (scikit-learn's "constructor options are the params"):
 * defaults for the options not given, and the checks of the numeric ones, each failure a
 * `BAD_OPTION` naming the option.
 */
import { MirkitError } from '../errors.js';
import { shown } from '../util/shown.js';

/** Throws `BAD_OPTION` naming the option. */
export function badOption(name: string, message: string): never {
  throw new MirkitError('BAD_OPTION', `${name}: ${message}`, { option: name });
}

/**
 * The params of an estimator from its constructor options: each key of `defaults` (in that order)
 * takes the option's value where it is given (not undefined or null, as `??` reads it), else the default.
 */
export function withDefaults<D extends object>(defaults: D, options: Partial<D>): D {
  const params = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof D)[]) if (options[key] != null) params[key] = options[key] as D[keyof D];
  return params;
}

/**
 * Throws `BAD_OPTION` unless the param `value` is an integer in [min, max]: "must be a positive
 * integer" (min 1, no max), "must be an integer >= min" or "must be an integer in [min, max]".
 */
export function checkIntParam(name: string, value: number, min = 1, max = Number.POSITIVE_INFINITY): void {
  if (Number.isInteger(value) && value >= min && value <= max) return;
  badOption(
    name,
    max < Number.POSITIVE_INFINITY ? `must be an integer in [${min}, ${max}]` : min === 1 ? 'must be a positive integer' : `must be an integer >= ${min}`,
  );
}

/**
 * Most trees or boosting stages of an ensemble (`nEstimators` of `RandomForest`, `GradientBoosting`,
 * `ObliviousBoosting`): 100 000. More is `BAD_OPTION` at once; 1e308, an integer, grew trees until the heap ran out.
 */
export const MAX_ESTIMATORS = 100_000;

/** Throws `BAD_OPTION` unless `nEstimators` is a positive integer at most {@link MAX_ESTIMATORS}. */
export function checkEstimators(value: number): void {
  checkIntParam('nEstimators', value);
  if (value > MAX_ESTIMATORS) badOption('nEstimators', `must be at most ${MAX_ESTIMATORS}, got ${value}`);
}

/** Throws `BAD_OPTION` unless the param `value` is a finite number > 0 ("must be a positive number"), or in (0, 1] when `fraction`. */
export function checkPositiveParam(name: string, value: number, fraction = false): void {
  if (fraction ? value > 0 && value <= 1 : value > 0 && Number.isFinite(value)) return;
  badOption(name, fraction ? 'must be in (0, 1]' : 'must be a positive number');
}

/**
 * An optional boolean param: `fallback` when undefined or null, `BAD_OPTION` for anything but
 * `true` / `false` (a string `'false'` would otherwise count as true).
 */
export function boolParam(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') badOption(name, `must be true or false, got ${shown(value)}`);
  return value as boolean;
}

/** Checks an optional seed (any finite number). */
export function checkSeed(seed: unknown): number {
  if (seed === undefined || seed === null) return 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) badOption('seed', `must be a finite number, got ${shown(seed)}`);
  return seed;
}
