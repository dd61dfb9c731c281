/**
 * The `priors` option of the discriminant analyses (`LinearDiscriminantAnalysis`,
 * `QuadraticDiscriminantAnalysis`): class priors given by label, or the class frequencies.
 */
import { badOption } from './base.js';
import type { Label } from './types.js';
import { shown } from '../util/shown.js';

/** Checks a `priors` option: `null`/`undefined`, or an object of label -> positive finite prior. Throws `BAD_OPTION`. */
export function checkPriorsOption(priors: Record<string, number> | null | undefined): Record<string, number> | null {
  if (priors === null || priors === undefined) return null;
  if (typeof priors !== 'object' || Array.isArray(priors)) badOption('priors', 'must be an object of label -> prior, or null');
  for (const [label, v] of Object.entries(priors))
    if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) badOption('priors', `prior of class ${label} must be a positive finite number`);
  return priors;
}

/**
 * The priors in the order of `classes`: the given ones (`BAD_OPTION` where a class has none) or the
 * class frequencies `counts / n`; divided by their sum when `normalise` (scikit-learn's LDA does,
 * its QDA does not).
 */
export function classPriors(given: Record<string, number> | null, classes: Label[], counts: ArrayLike<number>, n: number, normalise: boolean): Float64Array {
  const p = Float64Array.from(classes, (c, k) => {
    if (given === null) return counts[k] / n;
    const v = given[String(c)];
    if (v === undefined) badOption('priors', `has no prior for class ${shown(c)}`);
    return v;
  });
  if (normalise) {
    const total = p.reduce((a, v) => a + v, 0);
    for (let k = 0; k < p.length; k++) p[k] /= total;
  }
  return p;
}
