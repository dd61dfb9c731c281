import { beforeAll, describe, expect, it } from 'vitest';
import { CNNClassifier, getNeuralBackend, LSTMClassifier, MLPClassifier } from '../../../src/classifiers/neural/index.js';
import { base64ToBytes, bytesToBase64 } from '../../../src/classifiers/neural/util.js';
import { fromJSON, fromJSONAsync } from '../../../src/classifiers/registry.js';
import type { Classifier, ModelJSON } from '../../../src/classifiers/types.js';
import { MirkitError } from '../../../src/errors.js';

type Json = ModelJSON & { state: Record<string, unknown> & { mean: unknown[] | null; scale: unknown[] | null; weights: { weightData: string } } };

const vectors = [
  [0, 0],
  [1, 1],
  [0, 1],
  [1, 0],
  [2, -1],
  [-1, 2],
];
const labels = ['a', 'b', 'a', 'b', 'a', 'b'];
const sequences = vectors.map((v, i) => [v, [v[1], v[0] + i], [i, 1]]);

/** A fitted model of each kind (the MLP standardises inside), its JSON and the input it takes. */
const cases: { name: string; fit: () => Promise<Classifier & { toJSON(): ModelJSON }>; X: number[][] | number[][][] }[] = [
  { name: 'MLPClassifier', fit: () => new MLPClassifier({ hiddenLayerSizes: [3], epochs: 1, seed: 1, standardize: true }).fit(vectors, labels), X: vectors },
  { name: 'CNNClassifier', fit: () => new CNNClassifier({ filters: [2, 2], kernelSize: [3, 3], epochs: 1, seed: 1 }).fit(sequences, labels), X: sequences },
  { name: 'LSTMClassifier', fit: () => new LSTMClassifier({ hiddenSize: 3, numLayers: 1, epochs: 1, seed: 1 }).fit(sequences, labels), X: sequences },
];

const copy = (j: ModelJSON): Json => JSON.parse(JSON.stringify(j));

/** Expects restoring `json` (synchronously and with fromJSONAsync) to be `BAD_MODEL` naming `field`. */
async function expectBadModel(json: Json, field: string): Promise<void> {
  for (const restore of [() => fromJSON(json), () => fromJSONAsync(json)]) {
    let error: unknown;
    try {
      await restore();
    } catch (e) {
      error = e;
    }
    expect(error, field).toBeInstanceOf(MirkitError);
    expect((error as MirkitError).code).toBe('BAD_MODEL');
    expect((error as MirkitError).message).toContain(field);
    expect((error as MirkitError).details).toMatchObject({ field });
  }
}

describe('neural models restored from JSON: standardisation state and non-finite outputs', () => {
  beforeAll(async () => {
    await getNeuralBackend();
  });

  for (const c of cases) {
    it(`${c.name}: fromJSON refuses state.mean / state.scale entries that are not finite float32 numbers (scale: positive)`, async () => {
      const m = await c.fit();
      const json = copy(m.toJSON());
      const restored = await fromJSONAsync(json);
      expect(restored.predictProba(c.X as never)).toEqual(m.predictProba(c.X as never));
      // the fuzz campaign's values: a scale of 0 predicted [NaN, NaN]
      for (const bad of [null, 'x', {}, [null], 1e308, -1e308, '1']) {
        for (const field of ['mean', 'scale'] as const) {
          const j = copy(json);
          j.state[field]![0] = bad;
          await expectBadModel(j, `state.${field}[0]`);
        }
      }
      for (const bad of [0, -1, -1e-3, 1e-50]) {
        const j = copy(json);
        j.state.scale![1] = bad;
        await expectBadModel(j, 'state.scale[1]');
      }
      // a mean of 0 or below is a mean like any other
      const zeroMean = copy(json);
      zeroMean.state.mean![0] = 0;
      zeroMean.state.mean![1] = -3;
      expect(
        (await fromJSONAsync(zeroMean))
          .predictProba(c.X as never)
          .flat()
          .every(Number.isFinite),
      ).toBe(true);
      // one value per input feature
      for (const field of ['mean', 'scale'] as const) {
        const short = copy(json);
        short.state[field] = short.state[field]!.slice(1);
        await expectBadModel(short, `state.${field}`);
        const long = copy(json);
        long.state[field] = [...long.state[field]!, 1];
        await expectBadModel(long, `state.${field}`);
        const notArray = copy(json);
        (notArray.state as Record<string, unknown>)[field] = { 0: 1, 1: 1, length: 2 };
        await expectBadModel(notArray, `state.${field}`);
      }
      (m as unknown as { dispose(): void }).dispose();
    });
  }

  it('MLPClassifier: the scaling must be there exactly when params.standardize is true', async () => {
    const plain = await new MLPClassifier({ hiddenLayerSizes: [3], epochs: 1, seed: 1 }).fit(vectors, labels);
    const scaled = await new MLPClassifier({ hiddenLayerSizes: [3], epochs: 1, seed: 1, standardize: true }).fit(vectors, labels);
    const p = copy(plain.toJSON());
    expect(p.state.mean).toBeNull();
    expect((await fromJSONAsync(p)).predictProba(vectors)).toEqual(plain.predictProba(vectors));
    const s = copy(scaled.toJSON());
    await expectBadModel({ ...s, state: { ...s.state, scale: null } }, 'state.scale');
    await expectBadModel({ ...s, state: { ...s.state, mean: null } }, 'state.mean');
    await expectBadModel({ ...p, state: { ...p.state, mean: [0, 0], scale: [1, 1] } }, 'state.mean');
    plain.dispose();
    scaled.dispose();
  });

  for (const c of cases) {
    it(`${c.name}: finite but extreme weights never give NaN probabilities (BAD_DATA naming the row)`, async () => {
      const m = await c.fit();
      const json = copy(m.toJSON());
      (m as unknown as { dispose(): void }).dispose();
      const bytes = base64ToBytes(json.state.weights.weightData);
      // every weight +-3e38 (finite float32): sums of products overflow, Infinity - Infinity is NaN
      const w = Float32Array.from({ length: bytes.byteLength / 4 }, (_, i) => (i % 3 === 1 ? -3e38 : 3e38));
      json.state.weights.weightData = bytesToBase64(new Uint8Array(w.buffer));
      const r = await fromJSONAsync(json);
      let refused = 0;
      for (let i = 0; i < c.X.length; i++) {
        const rows = [c.X[(i + 1) % c.X.length], c.X[i]];
        try {
          const p = r.predictProba(rows as never);
          expect(p.flat().every(Number.isFinite)).toBe(true);
          expect(r.predict(rows as never)).toHaveLength(2);
        } catch (e) {
          refused++;
          expect(e).toBeInstanceOf(MirkitError);
          expect((e as MirkitError).code).toBe('BAD_DATA');
          expect((e as MirkitError).message).toMatch(/the network's output for X\[[01]\] is (NaN|-?Infinity).*overflow float32/);
          expect((e as MirkitError).details).toMatchObject({ row: expect.any(Number), maxWeight: Math.fround(3e38) });
          expect(() => r.predict(rows as never)).toThrow(MirkitError);
        }
      }
      expect(refused).toBeGreaterThan(0);
    });
  }
});
