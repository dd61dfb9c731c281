/**
 * The check that keeps NaN out of the neural classifiers' probabilities: a network computes in
 * float32, and features or weights large enough overflow it (Infinity, then NaN in the softmax).
 * @internal
 * @packageDocumentation
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { MirkitError } from '../../errors.js';
import type { PreparedData } from './training-loop.js';

/** Largest magnitude of `values`. */
function largest(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/**
 * Throws `BAD_DATA` naming the first row of `rows` (the probabilities `model` gave for `prep`) that
 * holds a non-finite value, with the largest weight of the network and the largest (scaled) feature
 * of that row, as `LogisticRegression` does for scores that overflow. @internal
 */
export function checkFiniteProbabilities(typeName: string, model: tfl.LayersModel, prep: PreparedData, rows: number[][]): void {
  const row = rows.findIndex((r) => !r.every(Number.isFinite));
  if (row < 0) return;
  const maxWeight = Math.max(0, ...model.getWeights().map((w) => largest(w.dataSync() as Float32Array)));
  const per = prep.data.length / prep.n;
  const maxFeature = largest(prep.data.subarray(row * per, (row + 1) * per));
  throw new MirkitError(
    'BAD_DATA',
    `${typeName}: the network's output for X[${row}] is ${rows[row].find((v) => !Number.isFinite(v))}: its features as the network sees them (largest magnitude ${maxFeature.toPrecision(3)}) times the weights (largest magnitude ${maxWeight.toPrecision(3)}) overflow float32; scale the features as in training, or refit the model`,
    { row, maxFeature, maxWeight },
  );
}
