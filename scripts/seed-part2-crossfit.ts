/**
 * The `crossfit` step of scripts/seed-part2.ts (`--only crossfit`; after `--only refit`, not among the default
 * steps): the vote's weights fitted again for the members the refit trains, not for the train-only ones.
 *
 * Why: in each of the four refits so far, the refitted vote scored below the train-only one on test. The refit
 * keeps the weights (per-member temperatures) that were fitted on the train-only members' validation outputs, but a
 * member trained for the same count on 12.5% more clips is calibrated differently. The refitted members cannot be
 * scored on validation (they saw it), so this step makes validation outputs of members trained the way the refit
 * trains them: the validation clips are dealt into `folds` folds (seed 0), balanced by genre and keeping each
 * release whole (`releaseGroups`: tracks.csv names no artist, so neighbouring track ids of one genre stand for an
 * album; members fitted on an album's other tracks score it far too well: 1.0-5.2 points, 3.0 on average, above
 * their train-only val scores on the first two folds of a run with plain stratified folds, then stopped); for each fold, every
 * member of the train-only vote is fitted on training + the other folds with exactly the refit's plan (setting,
 * seed, count: `planOf` / `refitMember` of scripts/seed-part2-refit.ts) and predicts the fold. Each clip of
 * validation then has each member's out-of-fold probabilities (`bench/fma-vggish/crossfit/fold-<k>-of-<K>.json`,
 * rounded to 6 significant digits, committed so the weights can be checked without training).
 *
 * On those outputs, validation only: the vote's selection method (`logLinear/logMean`, continuous weights
 * minimising log-loss, the method the `best` step chose) fits the weights on all 800 clips; whether they beat the
 * refit's weights is measured first on held-out halves (the `best` step's comparison: weights fitted on one
 * half (release groups kept whole), both weightings scored on the other, 20 splits x 2). The rule, fixed before any test score of
 * it: the new weights replace the refit's when their held-out mean macro F1 is higher; otherwise `best` is left as
 * it is. `best` is then the refitted members already in best.json (trained on all 7193 clips) with the new weights,
 * scored once on test. Test is not read before that.
 *
 *   npm run seed:part2 -- --only crossfit --crossfit-fold 2   # one fold's fits (run folds in parallel processes)
 *   npm run seed:part2 -- --only crossfit                     # the folds not yet on disk, then the weights and `best`
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Classifier, type EmbeddingTrack, fromJSONAsync, VotingClassifier } from '../src/index.js';
import { macroF1, type Split, seqs } from './seed-part2-frames.js';
import { compare, planOf, type RefitContext, refitMember, trainOnlyVote } from './seed-part2-refit.js';
import { compareSelections, logLinear, nllOf, groupedFolds, scoreWeights, type SelectionData, type SelectionMethod } from './seed-part2-select.js';

type Row = Record<string, unknown>;

/** One fold's file: each member's probabilities for the fold's validation clips, columns in `classes` order. */
interface FoldFile {
  fold: number;
  folds: number;
  /** Validation indices of the fold's clips, ascending. */
  idx: number[];
  classes: string[];
  members: { name: string; count: string; fit: number }[];
  /** Per member, per clip of the fold: K probabilities. */
  P: number[][][];
}

const foldPath = (out: string, fold: number, folds: number): string => join(out, 'crossfit', `fold-${fold}-of-${folds}.json`);
const round6 = (v: number): number => Number(v.toPrecision(6));

/** Track ids this close (and of the same genre) are taken for one release: FMA numbers an album's tracks in a row. */
export const RELEASE_GAP = 20;

/**
 * A split's release groups (validation's for the folds; test's for the `uncertainty` step's bootstrap): in
 * track-id order, a clip joins the previous clip's group when both have the same
 * genre and their ids differ by at most {@link RELEASE_GAP}. FMA's split keeps each artist in one split, and
 * tracks.csv names no artist; a member fitted on an album's other tracks scores that album too well, which test
 * (artists no member saw) does not repeat, so folds keep these groups whole.
 */
export function releaseGroups(split: Split & { tracks?: EmbeddingTrack[] }): Int32Array {
  const ids = split.tracks?.map((t) => Number(t.fields.track_id));
  if (!ids || ids.some((v) => !Number.isInteger(v))) throw new Error('releaseGroups: the split has no track_id column');
  const order = ids.map((_, i) => i).sort((a, b) => ids[a] - ids[b]);
  const groups = new Int32Array(ids.length);
  let g = 0;
  order.forEach((i, r) => {
    const p = order[r - 1];
    if (r > 0 && !(split.y[i] === split.y[p] && ids[i] - ids[p] <= RELEASE_GAP)) g++;
    groups[i] = g;
  });
  return groups;
}

/** Class indices of the validation labels (sorted class names). */
const classIndex = (val: Split): Int32Array => {
  const classes = [...new Set(val.y)].sort();
  return Int32Array.from(val.y, (c) => classes.indexOf(c));
};

/** The validation folds (release groups kept whole, genres balanced, seed 0), as indices into `val`. */
const valFolds = (val: Split, folds: number): Int32Array[] => groupedFolds(classIndex(val), releaseGroups(val), folds, 0);

/** The refit's recorded count per member (`fcnn`'s early-stopped epoch is read from it, not fitted again). */
function refitCounts(results: Record<string, Row>): Map<string, string> {
  const refit = results.best?.refit as { members?: { name: string; count: string }[] } | undefined;
  if (!refit?.members) throw new Error('crossfit: best is not a refit (run --only refit first)');
  return new Map(refit.members.map((m) => [m.name, m.count]));
}

/** Fits every member of the train-only vote on training + validation outside fold `fold` and writes its predictions of the fold. */
export async function crossfitFold(ctx: RefitContext, fold: number, folds: number): Promise<void> {
  const { train, val, results } = ctx;
  const { members } = trainOnlyVote(results);
  const counts = refitCounts(results);
  const inFold = new Set(valFolds(val, folds)[fold]);
  const rest = val.X.map((_, i) => i).filter((i) => !inFold.has(i));
  const data: Split = { X: [...train.X, ...rest.map((i) => val.X[i])], y: [...train.y, ...rest.map((i) => val.y[i])] };
  const idx = [...inFold].sort((a, b) => a - b);
  const foldSplit: Split = { X: idx.map((i) => val.X[i]), y: idx.map((i) => val.y[i]) };
  console.log(`crossfit fold ${fold} of ${folds}: ${members.length} members fitted on ${data.X.length} clips, predicting ${idx.length} validation clips`);
  const file: FoldFile = { fold, folds, idx, classes: [], members: [], P: [] };
  for (const { name } of members) {
    const saved: Classifier = await fromJSONAsync(readFileSync(join(ctx.out, `${name}.json`), 'utf8'));
    const count = counts.get(name);
    const plan = await planOf(name, saved, results[name], async () => {
      const e = /^(\d+) epochs/.exec(count ?? '');
      if (!e) throw new Error(`crossfit: no early-stopped epoch for ${name} in the refit row`);
      return Number(e[1]);
    });
    if (plan.count !== count) throw new Error(`crossfit: ${name}'s plan is "${plan.count}", the refit's "${count}"`);
    const { m, s } = await refitMember(saved, plan, data);
    if (file.classes.length === 0) file.classes = m.classes.map(String);
    const cols = file.classes.map((c) => m.classes.map(String).indexOf(c));
    file.P.push(m.predictProba(seqs(foldSplit)).map((row) => cols.map((j) => round6(row[j]))));
    file.members.push({ name, count: plan.count, fit: s });
    console.log(`  ${name}: ${plan.count}, fit ${s.toFixed(1)} s, fold macro F1 ${macroF1(foldSplit.y, m.predict(seqs(foldSplit))).toFixed(2)}`);
    (m as Classifier & { dispose?: () => void }).dispose?.();
  }
  mkdirSync(join(ctx.out, 'crossfit'), { recursive: true });
  writeFileSync(foldPath(ctx.out, fold, folds), JSON.stringify(file));
}

/** The out-of-fold outputs of every validation clip, in validation order, as the selection's data. */
function outOfFold(ctx: RefitContext, names: string[], folds: number): SelectionData {
  const { val } = ctx;
  const files = Array.from({ length: folds }, (_, k) => JSON.parse(readFileSync(foldPath(ctx.out, k, folds), 'utf8')) as FoldFile);
  const classes = files[0].classes,
    K = classes.length,
    n = val.y.length;
  const P = names.map(() => new Float64Array(n * K));
  const seen = new Uint8Array(n);
  for (const f of files) {
    if (JSON.stringify(f.members.map((m) => m.name)) !== JSON.stringify(names) || JSON.stringify(f.classes) !== JSON.stringify(classes))
      throw new Error(`crossfit: fold ${f.fold} has other members or classes`);
    f.idx.forEach((i, r) => {
      seen[i]++;
      names.forEach((_, m) => P[m].set(f.P[m][r], i * K));
    });
  }
  if (seen.some((c) => c !== 1)) throw new Error('crossfit: the folds do not cover validation once');
  return { names, P, y: Int32Array.from(val.y, (c) => classes.indexOf(c)), K };
}

/** Runs the missing folds, fits the weights on the out-of-fold outputs and, where held-out halves prefer them, saves the reweighted refit as `best`. */
export async function crossfitStep(ctx: RefitContext, folds: number, onlyFold?: number): Promise<void> {
  if (onlyFold !== undefined) return crossfitFold(ctx, onlyFold, folds);
  for (let k = 0; k < folds; k++) if (!existsSync(foldPath(ctx.out, k, folds))) await crossfitFold(ctx, k, folds);
  const { results } = ctx;
  const { members } = trainOnlyVote(results);
  const names = members.map((m) => m.name);
  const old = members.map((m) => m.weight);
  const d = outOfFold(ctx, names, folds);
  const all = Int32Array.from(d.y, (_, i) => i);
  const fitted = logLinear(d, all);
  const memberRows = names.map((name, m) => ({
    name,
    trainOnlyVal: results[name].val as number,
    outOfFoldVal: scoreWeights(
      d,
      all,
      names.map((_, j) => (j === m ? 1 : 0)),
      'logMean',
    ),
    refitWeight: old[m],
    weight: fitted[m],
  }));
  for (const r of memberRows)
    console.log(
      `  ${r.name.padEnd(18)} val: train-only ${r.trainOnlyVal.toFixed(2)}, out-of-fold ${r.outOfFoldVal.toFixed(2)}; weight ${r.refitWeight.toFixed(3)} -> ${r.weight.toFixed(3)}`,
    );
  const vote = (w: number[]) => ({ val: scoreWeights(d, all, w, 'logMean'), nll: nllOf(d, all, w, 'logMean') });
  const withOld = vote(old),
    withNew = vote(fitted);
  console.log(
    `out-of-fold vote on validation: the refit's weights ${withOld.val.toFixed(2)} (log-loss ${withOld.nll.toFixed(4)}), weights fitted on these outputs ${withNew.val.toFixed(2)} (${withNew.nll.toFixed(4)}; in-sample)`,
  );
  const methods: SelectionMethod[] = [
    { name: 'logLinear/logMean', desc: 'weights fitted on the half', combine: 'logMean', choose: (dd, idx) => logLinear(dd, idx) },
    { name: 'refit weights', desc: "the refit's weights, fixed", combine: 'logMean', choose: () => old },
  ];
  const groups = releaseGroups(ctx.val);
  const cmp = compareSelections(d, methods, 20, (seed) => groupedFolds(d.y, groups, 2, seed) as [Int32Array, Int32Array]);
  for (const r of cmp)
    console.log(
      `  held-out halves: ${r.name.padEnd(18)} ${r.heldOut.toFixed(2)} (vs best ${r.vsBest.mean.toFixed(2)} +- ${r.vsBest.se.toFixed(2)}), in-half ${r.inHalf.toFixed(2)}`,
    );
  const replace = cmp[0].name === 'logLinear/logMean';
  const summary = { folds, members: memberRows, outOfFoldVote: { refitWeights: withOld, fittedWeights: withNew }, heldOutHalves: cmp, replaced: replace };
  ctx.writeRow('crossfit', {
    desc: `the vote's weights fitted on out-of-fold validation outputs of members trained as the refit trains them (${folds} folds of validation, release groups whole, genres balanced); test not read here`,
    ...summary,
  });
  if (!replace) {
    console.log('crossfit: held-out halves prefer the refit weights; best is left as it is');
    return;
  }
  const refitted = await fromJSONAsync<VotingClassifier>(readFileSync(join(ctx.out, 'best.json'), 'utf8'));
  if (refitted.estimators.length !== names.length) throw new Error('crossfit: best.json does not hold the refit members');
  const kept = names.map((name, m) => ({ name, m: refitted.estimators[m], w: fitted[m] })).filter((p) => p.w > 0);
  const built = VotingClassifier.fromFitted(
    kept.map((p) => p.m),
    { weights: kept.map((p) => p.w), voting: 'geometric' },
  );
  const ens = await fromJSONAsync(JSON.stringify(built.toJSON()));
  if (compare(ens, built, ctx.val).maxDiff > 1e-12) throw new Error('crossfit: the vote restored from its JSON predicts otherwise');
  const row = results.best;
  const desc = `geometric-mean vote of ${kept.map((p) => `${p.name} x${p.w}`).join(', ')}: the members REFITTED on training + validation (the refit's), weights fitted (logLinear/logMean) on out-of-fold validation outputs of members trained as the refit trains them (${folds} folds); val: the out-of-fold vote's, in-sample for its weights`;
  const previous = { val: row.val, test: row.test, desc: row.desc, selection: row.selection, refit: true, previous: row.previous };
  ctx.save('best', ens, {
    desc,
    val: withNew.val,
    valOf: 'the out-of-fold vote (weights fitted on it)',
    fit: row.fit,
    selection: 'logLinear/logMean on out-of-fold outputs',
    refit: row.refit,
    crossfit: summary,
    previous,
  });
}
