import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// deliberately no '@tensorflow/*' import in this file: TensorFlow.js must start unloaded
import { fromJSON, fromJSONAsync } from '../../../src/classifiers/registry.js';
import { isNeuralBackendLoaded, loadNeuralBackend, MLPClassifier } from '../../../src/classifiers/neural/index.js';
import { isMirkitError, type MirkitError } from '../../../src/errors.js';
import { handMadeMlp } from '../../helpers/models.js';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src');

/** Relative `.js` imports and bare value imports of a source file (type-only imports skipped). */
function imports(file: string): { local: string[]; bare: string[] } {
  const text = readFileSync(file, 'utf8');
  const local: string[] = [],
    bare: string[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'/gm;
  for (const m of text.matchAll(re)) {
    if (m[2]) continue; // `import type ...` / `export type ... from`
    const spec = m[3];
    if (spec.startsWith('.')) local.push(join(dirname(file), spec.replace(/\.js$/, '.ts')));
    else bare.push(spec);
  }
  return { local, bare };
}

describe('TensorFlow.js loads lazily', () => {
  it('no module reachable from src/index.ts imports @tensorflow/* as a value', () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const stack = [join(SRC, 'index.ts')];
    while (stack.length) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      const { local, bare } = imports(f);
      for (const b of bare) if (b.startsWith('@tensorflow/')) offenders.push(`${f.slice(SRC.length + 1)} -> ${b}`);
      stack.push(...local);
    }
    expect(seen.size).toBeGreaterThan(20);
    expect(seen.has(join(SRC, 'classifiers', 'neural', 'mlp.ts'))).toBe(true);
    expect(offenders).toEqual([]);
  });

  it('sync fromJSON of a fitted neural model before loading throws NOT_READY; unfitted ones restore', () => {
    expect(isNeuralBackendLoaded()).toBe(false);
    const json = handMadeMlp(2, new Float32Array([4, -4, -4, 4, 0, 0]));
    for (const restore of [
      () => fromJSON(json),
      () => MLPClassifier.fromJSON(json),
      () => fromJSON({ format: 'mirkit-model', version: 1, type: 'Pipeline', params: {}, state: { steps: [json] } }),
    ]) {
      let err: unknown;
      try {
        restore();
      } catch (e) {
        err = e;
      }
      expect(isMirkitError(err, 'NOT_READY')).toBe(true);
      expect((err as MirkitError).message).toContain('loadNeuralBackend');
    }
    const unfitted = fromJSON<MLPClassifier>(new MLPClassifier({ hiddenLayerSizes: [3] }).toJSON());
    expect(unfitted.fitted).toBe(false);
    expect(isNeuralBackendLoaded()).toBe(false);
  });

  it('fromJSONAsync loads TensorFlow.js and restores; afterwards sync fromJSON works', async () => {
    const json = handMadeMlp(2, new Float32Array([4, -4, -4, 4, 0, 0]));
    const m = await fromJSONAsync<MLPClassifier>(JSON.stringify(json));
    expect(isNeuralBackendLoaded()).toBe(true);
    expect(
      m.predict([
        [1, 0],
        [0, 1],
      ]),
    ).toEqual(['a', 'b']);
    const again = fromJSON<MLPClassifier>(json);
    expect(again.predictProba([[1, 0]])[0][0]).toBeCloseTo(1 / (1 + Math.exp(-8)), 5);
    const viaClass = await MLPClassifier.fromJSONAsync(json);
    expect(viaClass.predict([[0, 1]])).toEqual(['b']);
    expect(['wasm', 'cpu']).toContain(await loadNeuralBackend());
    for (const x of [m, again, viaClass]) x.dispose();
  });

  it('fromJSONAsync still reports malformed models as BAD_MODEL', async () => {
    await expect(fromJSONAsync('{nope')).rejects.toMatchObject({ code: 'BAD_MODEL' });
    const bad = handMadeMlp(2, new Float32Array([4, -4, -4, 4, 0, 0]));
    (bad.state as { weights: { weightData: string } }).weights.weightData = 'AAAA';
    await expect(fromJSONAsync(bad)).rejects.toMatchObject({ code: 'BAD_MODEL' });
  });
});
