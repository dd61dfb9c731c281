// The table of `npm run seed:part2` (README, "Reproducing the study") checked without retraining: every saved
// model in bench/fma-vggish is restored by fromJSONAsync and scored on FMA-small's 800 test clips; the macro F1
// must be the one results.json records (so the committed table is what the committed models do).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { fromJSONAsync, precisionRecallF1, type FeatureTable, type Matrix } from '../../src/index.js';
import { loadEmbeddingSet, selectSplit } from '../../src/classifiers/embeddings.js';
import { DATA_DIR, describeShared } from '../helpers/shared.js';

const BENCH = join(__dirname, '..', '..', 'bench', 'fma-vggish');
const results = JSON.parse(readFileSync(join(BENCH, 'results.json'), 'utf8')) as Record<string, { test?: number; file?: string | null }>;
const saved = Object.entries(results).filter(([, r]) => typeof r.file === 'string' && typeof r.test === 'number');

describeShared('the saved FMA-small VGGish models reproduce their table row', () => {
  let test: { X: Matrix[]; y: string[] };
  beforeAll(async () => {
    test = selectSplit(await loadEmbeddingSet(join(DATA_DIR, 'fma', 'vggish')), 'test');
  });

  it('results.json lists the required models, each with its file', () => {
    for (const name of ['logreg', 'fcnn', 'cnn', 'lstm']) {
      expect(results[name]?.file, name).toBe(`${name}.json`);
      expect(existsSync(join(BENCH, `${name}.json`)), name).toBe(true);
    }
  });

  for (const [name, row] of saved) {
    it(`${name}: restored from ${row.file}, test macro F1 = ${(row.test as number).toFixed(2)}`, async () => {
      expect(test.X).toHaveLength(800);
      const model = await fromJSONAsync(readFileSync(join(BENCH, row.file as string), 'utf8'));
      const pred = model.predict(test.X as unknown as FeatureTable);
      const f1 = 100 * (precisionRecallF1(test.y, pred, { average: 'macro' }).f1 as number);
      expect(f1).toBeCloseTo(row.test as number, 6);
    }, 120_000);
  }
});
