/**
 * Weight averaging of neural-model snapshots: stochastic weight averaging (SWA; Izmailov et al., "Averaging
 * Weights Leads to Wider Optima and Better Generalization", UAI 2018) takes the element-wise mean of the
 * weights a run passes through over its last epochs as ONE network (not an ensemble: one set of weights,
 * one forward pass). mirkit's networks have no batch normalization, so the averaged weights need no
 * statistics recomputed.
 * @packageDocumentation
 */
import { MirkitError } from '../../errors.js';
import type { ModelJSON } from '../types.js';
import { base64ToBytes, bytesToBase64 } from './util.js';
import type { SavedWeights } from './weights.js';

/** The model types whose JSON holds tfjs weights. */
const NEURAL_TYPES = new Set(['MLPClassifier', 'CNNClassifier', 'LSTMClassifier']);

const fail = (why: string): never => {
  throw new MirkitError('BAD_MODEL', `averageModelWeights: ${why}`);
};

/** The fitted state of a neural model JSON, checked to hold weights. */
function stateOf(json: ModelJSON, k: number): Record<string, unknown> & { weights: SavedWeights } {
  const st = json?.state as (Record<string, unknown> & { weights?: SavedWeights }) | undefined;
  if (json?.format !== 'mirkit-model' || !NEURAL_TYPES.has(json.type)) {
    fail(`snapshot ${k} is not the JSON of a MLPClassifier, CNNClassifier or LSTMClassifier`);
  }
  if (typeof json.params !== 'object' || json.params === null) fail(`snapshot ${k} has no params object`);
  if (!st || typeof st !== 'object' || !st.weights || typeof st.weights.weightData !== 'string' || !Array.isArray(st.weights.weightSpecs)) {
    fail(`snapshot ${k} (${json.type}) is not fitted: it has no weights`);
  }
  if (st!.weights!.weightSpecs.some((w) => typeof w !== 'object' || w === null || w.dtype !== 'float32'))
    fail(`snapshot ${k} has weight specs that are not float32`);
  return st as Record<string, unknown> & { weights: SavedWeights };
}

/**
 * The JSON of one network whose weights are the element-wise mean of the given snapshots' weights
 * (stochastic weight averaging when the snapshots are one run's last epochs, e.g. `toJSON()` after each
 * `continueFit(X, y, 1)`). Every snapshot must be the same model type with the same architecture options,
 * classes, input shape and input scaling (the same `fit`'s data), i.e. everything but the weights and
 * `epochs` equal; the result takes the last snapshot's params and state, its weights replaced by the
 * means (computed in float64, stored as float32). Restore it with `fromJSON` / `fromJSONAsync` (a
 * restored model predicts; it cannot `continueFit`). A pure function of the JSON: needs no TensorFlow.js.
 * @param snapshots - `toJSON()` of fitted `MLPClassifier`, `CNNClassifier` or `LSTMClassifier` models
 * @example
 * ```ts
 * const m = new LSTMClassifier({ hiddenSize: 64, numLayers: 2, epochs: 1, seed: 0 });
 * await m.fit(X, y);
 * const last: ModelJSON[] = [];
 * for (let e = 2; e <= 12; e++) {
 *   await m.continueFit(X, y, 1);
 *   if (e > 9) last.push(m.toJSON()); // epochs 10, 11, 12
 * }
 * const swa = await fromJSONAsync(averageModelWeights(last));
 * ```
 * @throws MirkitError `BAD_MODEL` for no snapshot, an unfitted or non-neural one, or snapshots that differ in
 * anything but their weights and `epochs`
 */
export function averageModelWeights(snapshots: ModelJSON[]): ModelJSON {
  if (!Array.isArray(snapshots) || snapshots.length === 0) fail('give at least one fitted model JSON');
  const states = snapshots.map(stateOf);
  const first = snapshots[0];
  const { epochs: _e, ...params0 } = first.params;
  const { weights: w0, ...rest0 } = states[0];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  const bytes0 = base64ToBytes(w0.weightData).byteLength;
  if (bytes0 % 4 !== 0) fail(`snapshot 0's weight data has ${bytes0} bytes, not whole float32 values`);
  const sums = new Float64Array(bytes0 / 4);
  snapshots.forEach((json, k) => {
    const { epochs: _ek, ...params } = json.params;
    const { weights, ...rest } = states[k];
    if (json.type !== first.type || json.version !== first.version) fail(`snapshot ${k} is a ${json.type}, snapshot 0 a ${first.type}`);
    if (!same(params, params0)) fail(`snapshot ${k}'s params differ from snapshot 0's (only epochs may differ)`);
    if (!same(rest, rest0)) fail(`snapshot ${k}'s classes, input shape or scaling differ from snapshot 0's (not the same fit's data)`);
    const shapes = (ws: SavedWeights): unknown => ws.weightSpecs.map((w) => w.shape); // names differ between model instances
    if (!same(shapes(weights), shapes(w0))) fail(`snapshot ${k}'s weight shapes differ from snapshot 0's`);
    const bytes = base64ToBytes(weights.weightData);
    if (bytes.byteLength !== sums.length * 4) fail(`snapshot ${k}'s weight data has ${bytes.byteLength} bytes, snapshot 0's ${sums.length * 4}`);
    const values = new Float32Array(bytes.buffer, bytes.byteOffset, sums.length);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) fail(`snapshot ${k}'s weight ${i} is ${values[i]}`);
      sums[i] += values[i];
    }
  });
  const mean = Float32Array.from(sums, (s) => s / snapshots.length);
  const last = snapshots[snapshots.length - 1];
  const weights: SavedWeights = { ...states[states.length - 1].weights, weightData: bytesToBase64(new Uint8Array(mean.buffer)) };
  return { ...last, params: { ...last.params }, state: { ...states[states.length - 1], weights } };
}
