/**
 * The README's GTZAN experiment (issue 18): the 100 GTZAN clips in ../shared/data/gtzan/audio
 * (10 genres x 10), each described two ways:
 *   - `embed(clip, { model: 'MSD_musicnn' })`: the mean 200-d penultimate embedding over the clip's patches;
 *   - `extractFeatures(clip, { set: 'gtzan57' })`: the bundled genre model's 57 features;
 * then LogisticRegression and SVC (each after a StandardScaler fitted on the training folds) with
 * 10-fold stratified cross-validation, the same folds (seed 0) for every row. The SVC of the 57
 * features has the bundled model's settings (rbf, C=5, gamma=0.01); the embeddings' SVC is rbf, C=5,
 * gamma='scale'. Prints accuracy, macro F1 and per-genre F1.
 *
 * `nice -n 10 npx tsx scripts/gtzan-musicnn.ts` (15-70 s per clip on a loaded 2-core machine; the
 * per-clip vectors are cached in .tmp/gtzan-musicnn.json, so an interrupted run resumes).
 * `--cached` skips the clips not cached yet and cross-validates the others (a partial run: the same
 * number of clips per genre, the most every genre has; clips are embedded interleaved by genre).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAudio } from '../src/audio/load.js';
import {
  LogisticRegression,
  Pipeline,
  SVC,
  StandardScaler,
  crossValidate,
  precisionRecallF1,
  stratifiedKFold,
  type Classifier,
} from '../src/classifiers/index.js';
import { extractFeatures, listGtzanFolder } from '../src/genre/index.js';
import { embed, loadMusicnnModel } from '../src/tagging/index.js';

const root = join(import.meta.dirname, '..');
const audioDir = join(root, '..', 'shared', 'data', 'gtzan', 'audio');
const cachePath = join(root, '.tmp', 'gtzan-musicnn.json');

interface Row {
  name: string;
  genre: string;
  embedding: number[];
  features57: number[];
}

async function main(): Promise<void> {
  // interleaved (blues.00000, classical.00000, ..., blues.00001, ...) so a partial run covers every genre
  const sorted = (await listGtzanFolder(audioDir)).sort((a, b) => (a.path < b.path ? -1 : 1));
  const rank = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const e of sorted) {
    const k = seen.get(e.genre) ?? 0;
    rank.set(e.path, k);
    seen.set(e.genre, k + 1);
  }
  const entries = [...sorted].sort((a, b) => rank.get(a.path)! - rank.get(b.path)! || (a.genre < b.genre ? -1 : 1));
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const cache: Record<string, Row> = existsSync(cachePath) ? JSON.parse(readFileSync(cachePath, 'utf8')) : {};
  const model = await loadMusicnnModel('MSD_musicnn');
  const cachedOnly = process.argv.includes('--cached');
  let done = 0;
  for (const e of entries) {
    done++;
    if (cache[e.path] || cachedOnly) continue;
    const t0 = performance.now();
    const { y, sr } = await loadAudio(e.path, { sr: 22050 });
    const { mean } = await embed({ y, sr }, { model });
    const { values } = extractFeatures(y, { sr, set: 'gtzan57' });
    cache[e.path] = { name: e.name, genre: e.genre, embedding: Array.from(mean), features57: Array.from(values) };
    writeFileSync(cachePath, JSON.stringify(cache));
    console.error(`${done}/${entries.length} ${e.name} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // a partial run keeps the same number of clips per genre (the first ones, in file order)
  const cached = sorted.filter((e) => cache[e.path]);
  const perGenre = Math.min(...[...seen.keys()].map((g) => cached.filter((e) => e.genre === g).length));
  const taken = new Map<string, number>();
  const rows = cached
    .filter((e) => {
      const k = taken.get(e.genre) ?? 0;
      taken.set(e.genre, k + 1);
      return k < perGenre;
    })
    .map((e) => cache[e.path]);
  const y = rows.map((r) => r.genre);
  const foldOf = stratifiedKFold(y, { nSplits: 10, shuffle: true, seed: 0 });
  const genres = [...new Set(y)].sort();
  const configs: Array<[string, number[][], () => Classifier]> = [
    ['MSD_musicnn embedding (200) + LR', rows.map((r) => r.embedding), () => new Pipeline([new StandardScaler(), new LogisticRegression({ maxIter: 1000 })])],
    [
      'MSD_musicnn embedding (200) + SVC rbf C=5',
      rows.map((r) => r.embedding),
      () => new Pipeline([new StandardScaler(), new SVC({ kernel: 'rbf', C: 5, gamma: 'scale' })]),
    ],
    ['gtzan57 features + LR', rows.map((r) => r.features57), () => new Pipeline([new StandardScaler(), new LogisticRegression({ maxIter: 1000 })])],
    [
      'gtzan57 features + SVC rbf C=5 gamma=0.01 (bundled)',
      rows.map((r) => r.features57),
      () => new Pipeline([new StandardScaler(), new SVC({ kernel: 'rbf', C: 5, gamma: 0.01 })]),
    ],
  ];
  console.log(`${rows.length} clips (${perGenre} per genre), ${genres.length} genres, 10 stratified folds (seed 0), the same folds for every row\n`);
  console.log(`| pipeline | accuracy | macro F1 | ${genres.join(' | ')} |`);
  console.log(`|---|---|---|${genres.map(() => '---').join('|')}|`);
  for (const [label, X, factory] of configs) {
    const cv = await crossValidate(factory, X, y, { cv: foldOf });
    const per = precisionRecallF1(y, cv.predictions, { average: null, labels: genres }).f1 as number[];
    console.log(`| ${label} | ${cv.accuracy.toFixed(2)} | ${cv.f1Macro.toFixed(2)} | ${per.map((f) => f.toFixed(2)).join(' | ')} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
