/**
 * Training one epoch at a time, shared by the steps of scripts/seed-part2.ts that choose an epoch (or an SWA
 * window) on validation and by the `refit` step (scripts/seed-part2-refit.ts), which trains the chosen count
 * again on more clips: one definition of "train this model for N epochs", so both paths train alike.
 */
import type { FeatureTable, Label } from '../src/index.js';

/**
 * A model trained epoch by epoch: built with `epochs: 1`, its `fit` trains the first epoch and each
 * `continueFit(X, y, 1)` one more (the neural classifiers and `FrameLevelClassifier` around one).
 */
export interface EpochTrainable {
  fit(X: FeatureTable, y: Label[]): unknown;
  continueFit(X: FeatureTable, y: Label[], epochs: number): Promise<unknown>;
}

/**
 * Trains epoch `e` (1-based) of `m` on (X, y): `fit` for the first, `continueFit(X, y, 1)` after it. For a neural
 * classifier the model after epoch e is the one a `fit` with `epochs: e` gives; a `FrameLevelClassifier` with
 * `noise` draws new noise for each call (each epoch). Returns the seconds it took.
 */
export async function trainEpoch(m: EpochTrainable, X: FeatureTable, y: Label[], e: number): Promise<number> {
  const t = performance.now();
  if (e === 1) await m.fit(X, y);
  else await m.continueFit(X, y, 1);
  return (performance.now() - t) / 1000;
}

/**
 * Trains epochs `from + 1` .. `to` of `m` on (X, y) one at a time ({@link trainEpoch}), awaiting `after(e)` after
 * each (validation scoring, snapshots: not counted). Returns the training seconds.
 */
export async function trainEpochs(m: EpochTrainable, X: FeatureTable, y: Label[], to: number, after?: (e: number) => unknown, from = 0): Promise<number> {
  let s = 0;
  for (let e = from + 1; e <= to; e++) {
    s += await trainEpoch(m, X, y, e);
    await after?.(e);
  }
  return s;
}
