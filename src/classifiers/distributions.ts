/**
 * Parameter distributions for random search (scikit-learn's `scipy.stats` distributions in
 * `RandomizedSearchCV`, reduced to what hyper-parameter search needs). Each is a tiny object with
 * `sample(rng)`, so any search strategy (random search, ASHA, ...) can draw from it with a seeded {@link Rng}.
 */
import { MirkitError } from '../errors.js';
import { shown, shownAsJson } from '../util/shown.js';
import type { Rng } from './random.js';

/** A distribution over parameter values: `sample(rng)` draws one value. */
export interface Distribution<T = unknown> {
  /** Draws one value using the seeded generator. */
  sample(rng: Rng): T;
  /** A short description, e.g. `'logUniform(0.001, 100)'` (for logs). */
  readonly description?: string;
}

/** True when `x` looks like a {@link Distribution}. */
export function isDistribution(x: unknown): x is Distribution {
  return typeof x === 'object' && x !== null && typeof (x as Distribution).sample === 'function';
}

/**
 * `BAD_OPTION` unless `a` and `b` are finite numbers with a <= b (and a > 0 when `positive`) whose
 * width `b - a` is finite too (`uniform(-1e308, 1e308)` would draw Infinity).
 */
function checkRange(a: number, b: number, name: string, positive = false): void {
  if (!Number.isFinite(a) || !Number.isFinite(b) || a > b || (positive && a <= 0)) {
    throw new MirkitError('BAD_OPTION', `${name}(${shown(a)}, ${shown(b)}): need finite bounds with a <= b${positive ? ' and a > 0' : ''}`);
  }
  if (!Number.isFinite(b - a)) throw new MirkitError('BAD_OPTION', `${name}(${a}, ${b}): the width b - a overflows to Infinity; narrow the bounds`);
}

/** Uniform float in [a, b) (scipy's `uniform(loc=a, scale=b-a)`); `b - a` must be finite (`BAD_OPTION`). */
export function uniform(a: number, b: number): Distribution<number> {
  checkRange(a, b, 'uniform');
  return { sample: (rng) => a + (b - a) * rng.next(), description: `uniform(${a}, ${b})` };
}

/** Log-uniform float in [a, b), a > 0 (scipy's `loguniform(a, b)`): good for C, gamma, learning rates. */
export function logUniform(a: number, b: number): Distribution<number> {
  checkRange(a, b, 'logUniform', true);
  const la = Math.log(a),
    lb = Math.log(b);
  return { sample: (rng) => Math.exp(la + (lb - la) * rng.next()), description: `logUniform(${a}, ${b})` };
}

/** Uniform integer in [a, b] inclusive (scipy's `randint(a, b + 1)`); `b - a` must be finite (`BAD_OPTION`). */
export function intUniform(a: number, b: number): Distribution<number> {
  checkRange(a, b, 'intUniform');
  if (!Number.isInteger(a) || !Number.isInteger(b)) throw new MirkitError('BAD_OPTION', `intUniform(${a}, ${b}): bounds must be integers`);
  return { sample: (rng) => a + rng.int(b - a + 1), description: `intUniform(${a}, ${b})` };
}

/** One of the given values, uniformly (a plain list in scikit-learn's search spaces). */
export function choice<T>(values: readonly T[]): Distribution<T> {
  if (!Array.isArray(values) || values.length === 0) throw new MirkitError('BAD_OPTION', 'choice(values): pass a non-empty array');
  const vals = values.slice();
  return { sample: (rng) => vals[rng.int(vals.length)], description: `choice(${shownAsJson(vals)})` };
}

/**
 * `2^k` for an integer k uniform in [minExp, maxExp] (layer widths, batch sizes, tree counts). The
 * exponents must lie in [-1074, 1023], where `2^k` is a non-zero float64 (`BAD_OPTION` otherwise).
 */
export function powerOfTwo(minExp: number, maxExp: number): Distribution<number> {
  checkRange(minExp, maxExp, 'powerOfTwo');
  if (!Number.isInteger(minExp) || !Number.isInteger(maxExp)) throw new MirkitError('BAD_OPTION', 'powerOfTwo: exponents must be integers');
  if (minExp < -1074 || maxExp > 1023)
    throw new MirkitError('BAD_OPTION', `powerOfTwo(${minExp}, ${maxExp}): exponents must lie in [-1074, 1023] (2^k is 0 or Infinity beyond)`);
  return { sample: (rng) => 2 ** (minExp + rng.int(maxExp - minExp + 1)), description: `powerOfTwo(${minExp}, ${maxExp})` };
}

/** A parameter space: each key a {@link Distribution} or a list of values (sampled uniformly). */
export type ParamSpace = Record<string, Distribution | readonly unknown[]>;

/**
 * Draws one parameter set from a {@link ParamSpace}, keys in sorted order so draws are reproducible.
 * @throws MirkitError `BAD_OPTION` when `space` is not an object, `rng` is not an {@link Rng}, or an entry is neither a distribution nor a non-empty array
 */
export function sampleParams(space: ParamSpace, rng: Rng): Record<string, unknown> {
  if (typeof space !== 'object' || space === null)
    throw new MirkitError('BAD_OPTION', `sampleParams: space must be an object of distributions or value lists, got ${shown(space)}`, { option: 'space' });
  if (typeof rng !== 'object' || rng === null || typeof rng.next !== 'function' || typeof rng.int !== 'function')
    throw new MirkitError('BAD_OPTION', `sampleParams: rng must be a generator from createRng, got ${shown(rng)}`, { option: 'rng' });
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(space).sort()) {
    const d = space[key];
    if (isDistribution(d)) out[key] = d.sample(rng);
    else if (Array.isArray(d) && d.length > 0) out[key] = d[rng.int(d.length)];
    else throw new MirkitError('BAD_OPTION', `parameter space entry '${key}' must be a distribution or a non-empty array`);
  }
  return out;
}
