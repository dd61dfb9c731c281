import { beforeAll, describe, expect, it } from 'vitest';
import { averageModelWeights, getNeuralBackend, LSTMClassifier, MLPClassifier } from '../../../src/classifiers/neural/index.js';
import { fromJSONAsync } from '../../../src/classifiers/registry.js';
import { LogisticRegression } from '../../../src/classifiers/logistic.js';
import type { ModelJSON } from '../../../src/classifiers/types.js';
import { isMirkitError } from '../../../src/errors.js';
import { matrixFrom } from '../../../src/matrix.js';
import { blobs } from './blobs.js';

/** The MirkitError `f` throws (fails the test when it throws nothing or another error). */
const badModel = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(isMirkitError(e, 'BAD_MODEL'), String(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected a BAD_MODEL error, got none');
};
/** The float32 weights of a neural model JSON, decoded here with Node's Buffer (the library has its own decoder). */
const weightsOf = (json: ModelJSON): Float32Array => {
  const b = Buffer.from((json.state as { weights: { weightData: string } }).weights.weightData, 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const roundTrip = (m: { toJSON(): ModelJSON }): ModelJSON => JSON.parse(JSON.stringify(m.toJSON()));

describe('averageModelWeights: one network with the mean of the snapshots weights (SWA)', () => {
  const { X, y } = blobs(60, 4);
  let snaps: ModelJSON[];
  beforeAll(async () => {
    await getNeuralBackend();
    const m = await new MLPClassifier({ hiddenLayerSizes: [8], epochs: 1, batchSize: 16, seed: 3 }).fit(X, y);
    snaps = [roundTrip(m)];
    for (let e = 2; e <= 4; e++) {
      await m.continueFit(X, y, 1);
      snaps.push(roundTrip(m));
    }
    m.dispose();
  });

  it('each weight is the float32 of the mean of the snapshots values; the rest is the last snapshot', () => {
    const last3 = snaps.slice(1);
    const avg = averageModelWeights(last3);
    const ws = last3.map(weightsOf);
    expect(ws[0]).not.toEqual(ws[2]); // the snapshots differ, so the mean is not one of them
    const got = weightsOf(avg);
    expect(got).toHaveLength(ws[0].length);
    for (let i = 0; i < got.length; i++) expect(got[i]).toBe(Math.fround((ws[0][i] + ws[1][i] + ws[2][i]) / 3));
    expect(avg.params).toEqual(last3[2].params);
    const { weights: _a, ...restAvg } = avg.state as Record<string, unknown>;
    const { weights: _b, ...restLast } = last3[2].state as Record<string, unknown>;
    expect(restAvg).toEqual(restLast);
  });

  it('the mean of a snapshot with itself is that snapshot, and restores to the same predictions', async () => {
    const same = averageModelWeights([snaps[1], snaps[1]]);
    expect(weightsOf(same)).toEqual(weightsOf(snaps[1]));
    const a = await fromJSONAsync(same);
    const b = await fromJSONAsync(snaps[1]);
    expect(a.predictProba(X)).toEqual(b.predictProba(X));
  });

  it('an LSTM averaged over its last epochs restores as one LSTMClassifier that separates the blobs', async () => {
    const S = X.map((row) => matrixFrom(2, 4, Float32Array.from([...row, ...row])));
    const m = await new LSTMClassifier({ hiddenSize: 6, numLayers: 2, epochs: 1, batchSize: 16, learningRate: 0.01, seed: 2 }).fit(S, y);
    const last: ModelJSON[] = [];
    for (let e = 2; e <= 12; e++) {
      await m.continueFit(S, y, 1);
      if (e > 9) last.push(roundTrip(m));
    }
    m.dispose();
    const swa = await fromJSONAsync<LSTMClassifier>(averageModelWeights(last));
    expect(swa).toBeInstanceOf(LSTMClassifier);
    const pred = swa.predict(S);
    expect(pred.filter((p, i) => p === y[i]).length / y.length).toBeGreaterThan(0.9);
    expect(weightsOf(swa.toJSON())).not.toEqual(weightsOf(last[2]));
    swa.dispose();
  }, 60_000);

  it('refuses no snapshot, unfitted or non-neural JSON, and snapshots of different models or data', async () => {
    expect(badModel(() => averageModelWeights([]))).toMatch(/at least one/);
    expect(badModel(() => averageModelWeights([new MLPClassifier({ hiddenLayerSizes: [8] }).toJSON()]))).toMatch(/not fitted/);
    expect(badModel(() => averageModelWeights([new LogisticRegression().fit(X, y).toJSON()]))).toMatch(/not the JSON of a MLPClassifier/);
    const other = await new MLPClassifier({ hiddenLayerSizes: [9], epochs: 1, batchSize: 16, seed: 3 }).fit(X, y);
    expect(badModel(() => averageModelWeights([snaps[0], roundTrip(other)]))).toMatch(/params differ/);
    const moved = await new MLPClassifier({ hiddenLayerSizes: [8], epochs: 1, batchSize: 16, seed: 3 }).fit(
      X,
      y.map((l) => (l === 'a' ? 'z' : l)),
    );
    expect(badModel(() => averageModelWeights([snaps[0], roundTrip(moved)]))).toMatch(/not the same fit's data/);
    other.dispose();
    moved.dispose();
    // malformed snapshots: TypeErrors before
    const copy = (): ModelJSON & { state: { weights: { weightSpecs: unknown[]; weightData: string } } } => JSON.parse(JSON.stringify(snaps[0]));
    const noParams = copy() as Partial<ModelJSON>;
    delete noParams.params;
    expect(badModel(() => averageModelWeights([noParams as ModelJSON]))).toMatch(/no params/);
    const nullSpec = copy();
    nullSpec.state.weights.weightSpecs[0] = null;
    expect(badModel(() => averageModelWeights([nullSpec]))).toMatch(/not float32/);
    const oddBytes = copy();
    oddBytes.state.weights.weightData = Buffer.from([1, 2, 3, 4, 5]).toString('base64');
    expect(badModel(() => averageModelWeights([oddBytes]))).toMatch(/5 bytes/);
    // a NaN weight was averaged into the result
    const nan = copy();
    const w = weightsOf(nan);
    w[3] = Number.NaN;
    nan.state.weights.weightData = Buffer.from(w.buffer).toString('base64');
    expect(badModel(() => averageModelWeights([snaps[0], nan]))).toMatch(/weight 3 is NaN/);
  });
});
