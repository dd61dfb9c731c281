/**
 * What the two boosted-tree classifiers (`GradientBoosting` and `ObliviousBoosting`)
 * share: their raw scores are initial scores plus the sum of their trees' outputs.
 */
import { MirkitError } from '../errors.js';
import { assertFitted, toDense } from './base.js';
import type { FeatureTable } from './types.js';

/**
 * Raw scores of a boosted ensemble, one row per sample of `X`: the initial scores `init` (one per
 * output) plus what `addTrees(z, data, off)` adds to them for the sample at offset `off` of the dense
 * rows `data`. Throws `NOT_FITTED` (naming `model`) when `init` is null, `BAD_SHAPE` when `X` does
 * not have `nFeatures` columns, `BAD_MODEL` when a score overflows float64 (a huge `learningRate` or
 * huge leaf values: the probabilities would be NaN).
 * @internal
 */
export function boostedScores(
  model: string,
  init: Float64Array | null,
  X: FeatureTable,
  nFeatures: number,
  addTrees: (z: Float64Array, data: Float64Array, off: number) => void,
): number[][] {
  assertFitted(init !== null, model);
  const { n, d, data } = toDense(X, 'X', nFeatures);
  const z = new Float64Array(init!.length);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    z.set(init!);
    addTrees(z, data, i * d);
    for (let k = 0; k < z.length; k++) {
      if (!Number.isFinite(z[k])) {
        throw new MirkitError(
          'BAD_MODEL',
          `${model}: the raw score of X[${i}] is ${z[k]}: learningRate x the leaf values overflow float64; refit with a smaller learningRate`,
          { row: i },
        );
      }
    }
    out.push(Array.from(z));
  }
  return out;
}
