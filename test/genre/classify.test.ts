/**
 * `classify` with models it cannot run: a typed `BAD_MODEL` before or instead of a result, never a
 * `TypeError` or NaN probabilities (found by a fuzz of the genre API).
 */
import { describe, expect, it } from 'vitest';
import { StandardScaler } from '../../src/classifiers/index.js';
import { GTZAN57_NAMES, SEED_NAMES } from '../../src/genre/features.js';
import { classify } from '../../src/genre/classify.js';
import { bundledGenreModel } from '../../src/genre/model.js';

const input = { y: new Float32Array(66150).map((_, i) => 0.3 * Math.sin(i / 9) + 0.1 * Math.sin(i / 2.3)), sr: 22050 };

async function code(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
  } catch (e) {
    return (e as { name?: string; code?: string }).name === 'MirkitError'
      ? String((e as { code: string }).code)
      : `${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'ok';
}

describe('classify refuses a model it cannot run', () => {
  it('genre-model-shaped objects, a transformer JSON and hand-made classifiers are BAD_MODEL', async () => {
    const fitted = bundledGenreModel();
    const scaler = new StandardScaler();
    scaler.fit([
      [1, 2],
      [3, 4],
    ]);
    const models: unknown[] = [
      { classifier: fitted.classifier, meta: null },
      { classifier: null, meta: { featureSet: 'gtzan57', name: 'x' } },
      { classifier: {}, meta: {} },
      { classifier: fitted.classifier, meta: { featureSet: 'gtzan57', name: { a: 1 } } },
      scaler.toJSON(),
      { ...(fitted.classifier.toJSON() as object), meta: { name: { a: 1 } } },
      { predictProba: () => [[1]] },
      { classes: 'ab', predictProba: () => [[0.5, 0.5]] },
      // probabilities that are all zero or NaN: NaN probabilities in the result before
      { classes: ['a', 'b'], predictProba: () => [[0, 0]] },
      { classes: ['a', 'b'], predictProba: () => [[Number.NaN, Number.NaN]] },
    ];
    for (const [i, model] of models.entries()) expect(await code(() => classify(input, { model: model as never })), `model ${i}`).toBe('BAD_MODEL');
    // a well-formed hand-made classifier still runs
    const ok = await classify(input, { model: { classes: ['a', 'b'], predictProba: () => [[0.25, 0.75]] } as never });
    expect(ok.genre).toBe('b');
    expect(ok.probabilities).toEqual({ a: 0.25, b: 0.75 });
  }, 60_000);

  it('the exported column names cannot be changed', () => {
    expect(Object.isFrozen(GTZAN57_NAMES)).toBe(true);
    expect(Object.isFrozen(SEED_NAMES)).toBe(true);
    expect(() => (GTZAN57_NAMES as string[]).reverse()).toThrow(TypeError);
  });
});
