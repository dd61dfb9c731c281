/**
 * The `uncertainty` step of scripts/seed-part2.ts (`--only uncertainty`, not among the default steps): how far the
 * table's test scores can be told apart. Nothing is chosen here; it reads the saved models and their test scores.
 *
 * The 800 test clips are not 800 independent draws: FMA numbers an album's tracks in a row, and the test split
 * holds 278 releases by {@link releaseGroups} (largest 18 clips). So the test set is resampled by RELEASE (the
 * cluster bootstrap): each of `resamples` draws takes 278 releases with replacement, every clip of a drawn release
 * goes in, and each saved model's macro F1 is recomputed on the draw from its predictions. Per model: the standard
 * deviation of those F1s (the standard error of its test score), their 2.5 and 97.5 percentiles, and the standard
 * error of its difference from `best` on the same draws (paired: the models err on many of the same clips). The
 * plain bootstrap over clips is given beside it; it understates the error, as clips of one release share it.
 *
 *   npm run seed:part2 -- --only uncertainty [--resamples 2000]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, fromJSONAsync, type Classifier, type EmbeddingTrack, type Label } from '../src/index.js';
import { releaseGroups } from './seed-part2-crossfit.js';
import { macroF1, type Split, seqs } from './seed-part2-frames.js';
import { sd } from './seed-part2-select.js';

/** What the step reads: the test split (with its tracks), the saved models' folder and rows, and the row writer. */
export interface UncertaintyContext {
  test: Split & { tracks?: EmbeddingTrack[] };
  out: string;
  results: Record<string, Record<string, unknown>>;
  writeRow: (name: string, row: Record<string, unknown>) => void;
}

/** One model's line of the step's row. */
interface ModelSpread {
  name: string;
  test: number;
  /** Standard error of the test macro F1, releases resampled. */
  se: number;
  /** Its 2.5 and 97.5 percentiles over the draws. */
  lo: number;
  hi: number;
  /** Standard error with clips resampled one by one. */
  seClips: number;
  /** Standard error of (this model - best), releases resampled. */
  seVsBest: number;
}

const percentile = (a: number[], p: number): number => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))];

/** Macro F1 of `pred` against `y` on the clips `idx` (repeats counted). */
const scoreOn = (y: Label[], pred: Label[], idx: number[]): number =>
  macroF1(
    idx.map((i) => y[i]),
    idx.map((i) => pred[i]),
  );

/** Resamples the test set by release and by clip and writes each saved model's spread to the `uncertainty` row. */
export async function uncertaintyStep(ctx: UncertaintyContext, resamples: number): Promise<void> {
  const { test, results } = ctx;
  const groups = releaseGroups(test);
  const releases: number[][] = [];
  groups.forEach((g, i) => (releases[g] ??= []).push(i));
  const saved = Object.entries(results).filter(([, r]) => typeof r.file === 'string' && typeof r.test === 'number');
  if (!saved.some(([name]) => name === 'best')) throw new Error('uncertainty: no saved best');
  const preds = new Map<string, Label[]>();
  for (const [name, row] of saved) {
    const m: Classifier = await fromJSONAsync(readFileSync(join(ctx.out, row.file as string), 'utf8'));
    const pred = m.predict(seqs(test));
    (m as Classifier & { dispose?: () => void }).dispose?.();
    const f1 = macroF1(test.y, pred);
    if (Math.abs(f1 - (row.test as number)) > 1e-6) throw new Error(`uncertainty: ${name} scores ${f1} on test, its row says ${String(row.test)}`);
    preds.set(name, pred);
  }
  const rng = createRng(0);
  const byRelease = new Map<string, number[]>(saved.map(([n]) => [n, []]));
  const byClip = new Map<string, number[]>(saved.map(([n]) => [n, []]));
  for (let b = 0; b < resamples; b++) {
    const drawn = releases.flatMap(() => releases[rng.int(releases.length)]);
    const clips = test.y.map(() => rng.int(test.y.length));
    for (const [name, pred] of preds) {
      byRelease.get(name)!.push(scoreOn(test.y, pred, drawn));
      byClip.get(name)!.push(scoreOn(test.y, pred, clips));
    }
  }
  const best = byRelease.get('best')!;
  const rows: ModelSpread[] = saved.map(([name, row]) => {
    const f = byRelease.get(name)!;
    return {
      name,
      test: row.test as number,
      se: sd(f),
      lo: percentile(f, 0.025),
      hi: percentile(f, 0.975),
      seClips: sd(byClip.get(name)!),
      seVsBest: name === 'best' ? 0 : sd(f.map((v, i) => v - best[i])),
    };
  });
  rows.sort((a, b) => b.test - a.test);
  console.log(`test macro F1, ${resamples} draws of the ${releases.length} test releases (clips: the plain bootstrap over clips):`);
  console.log('| model | test | SE | 95% interval | SE (clips) | SE of the difference from best |\n| --- | --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.test.toFixed(2)} | ${r.se.toFixed(2)} | ${r.lo.toFixed(1)}-${r.hi.toFixed(1)} | ${r.seClips.toFixed(2)} | ${r.name === 'best' ? '' : r.seVsBest.toFixed(2)} |`,
    );
  ctx.writeRow('uncertainty', {
    desc: `spread of each saved model's test macro F1: ${resamples} cluster-bootstrap draws of the ${releases.length} test releases (release groups as in crossfit), seed 0; nothing chosen`,
    resamples,
    releases: releases.length,
    models: rows,
  });
}
