/**
 * The `refit` step of scripts/seed-part2.ts (`--only refit`; not among the default steps): the usual last step
 * after model selection (scikit-learn's GridSearchCV with a PredefinedSplit refits the chosen setting on train +
 * val). Design, fixed before any test score of it was seen: every member with a positive weight in the train-only
 * `best` vote is fitted again on the union of the `training` and `validation` clips with exactly its setting and
 * seed (an unfitted clone of the saved member: the same pipeline and options) for the count its train-only
 * selection chose on validation (epoch, SWA window, trees; no early stopping, nothing chosen again). The new `best`
 * is the same vote of the refits (the same members, weights and combine rule, chosen on validation from the
 * train-only members), saved as best.json and scored once on test. Its validation score cannot be measured (its
 * members saw validation): the row records the train-only vote's, and keeps that vote's row under `previous`.
 *
 * Each member's count: a network kept at epoch e (trained one epoch at a time by its step) carries `epochs: e` in
 * its saved params (inside a Pipeline or FrameLevelClassifier too) and is trained the same way to e; an SWA pick,
 * named in its results row (`SWA: mean weights of epochs a-b`), is trained to b and kept as the mean weights of
 * epochs a..b; the boosted trees' `nEstimators` is their chosen count. `fcnn` was fitted with `earlyStopping` (10%
 * of the training clips held out inside the fit, the best epoch on them kept; the epoch was not recorded): it is
 * fitted again on training exactly as before, which must predict validation as the saved fcnn does, and the best
 * epoch of that fit is its count.
 *
 * `--refit-check`: the same path on the training clips only; each refit is compared on validation with the saved
 * member it must reproduce, and their vote with the train-only best's validation score. Nothing is saved, test is
 * not read; the comparison goes to the `refit_check` row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  averageModelWeights,
  type Classifier,
  cloneWithParams,
  CNNClassifier,
  type FeatureTable,
  FrameLevelClassifier,
  fromJSONAsync,
  type Label,
  LSTMClassifier,
  MLPClassifier,
  type ModelJSON,
  Pipeline,
  type Transformer,
  VotingClassifier,
} from '../src/index.js';
import { type EpochTrainable, trainEpochs } from './seed-part2-epochs.js';
import { type FramesContext, macroF1, type Split, seqs } from './seed-part2-frames.js';

/** What the step needs from the study script. */
export interface RefitContext extends FramesContext {
  /** The folder of the saved models (bench/fma-vggish). */
  out: string;
}

type Row = Record<string, unknown>;
/** A model that can be freed. */
type Disposable = Classifier & { dispose?: () => void };

/** A Pipeline's classifier or a FrameLevelClassifier's wrapped one, down to the model that is trained. */
const innermost = (m: Classifier): Classifier =>
  m instanceof Pipeline ? innermost(m.classifier) : m instanceof FrameLevelClassifier ? innermost(m.estimator) : m;
const isNeural = (m: Classifier): boolean => m instanceof MLPClassifier || m instanceof CNNClassifier || m instanceof LSTMClassifier;

/** `json` with the innermost model's `epochs` param set to `e` (what a fresh fit with `epochs: e` would be given). */
function withEpochs(json: ModelJSON, e: number): ModelJSON {
  const st = json.state as Record<string, unknown>;
  if (json.type === 'Pipeline') {
    const steps = st.steps as ModelJSON[];
    return { ...json, state: { ...st, steps: [...steps.slice(0, -1), withEpochs(steps[steps.length - 1], e)] } };
  }
  if (json.type === 'FrameLevelClassifier') return { ...json, state: { ...st, estimator: withEpochs(st.estimator as ModelJSON, e) } };
  return { ...json, params: { ...json.params, epochs: e } };
}

/**
 * Fits `m` on (X, y) one epoch at a time to `epochs` ({@link trainEpochs}; a Pipeline: its transformers first,
 * then its classifier on their output, as the steps trained pooled MLPs), awaiting `after(e)` after each epoch.
 * Returns the training seconds.
 */
async function fitByEpoch(m: Classifier, X: FeatureTable, y: Label[], epochs: number, after?: (e: number) => unknown): Promise<number> {
  if (!(m instanceof Pipeline)) return trainEpochs(m as unknown as EpochTrainable, X, y, epochs, after);
  const t = performance.now();
  let Z = X;
  for (const step of m.steps.slice(0, -1)) Z = (step as Transformer).fit(Z, y).transform(Z);
  return (performance.now() - t) / 1000 + (await fitByEpoch(m.classifier, Z, y, epochs, after));
}

/** The epoch of an early-stopped fit's kept weights: the first epoch whose held-out accuracy beat all before by more than `tol`. */
function earlyStoppedEpoch(valAccuracy: number[], tol: number): number {
  let best = -Infinity,
    epoch = 0;
  valAccuracy.forEach((a, i) => {
    if (a > best + tol) {
      best = a;
      epoch = i + 1;
    }
  });
  return epoch;
}

/** How the train-only selection reached a member: the count to train for and how it reads. */
export interface Plan {
  /** Epochs to train one at a time (networks); absent: one `fit` (the trees, whose count is in their params). */
  epochs?: number;
  /** SWA pick: the kept model is the mean weights of epochs swa[0]..swa[1]. */
  swa?: [number, number];
  /** Overrides of the saved params for the refit (`epochs: 1` for epoch-by-epoch training, early stopping off). */
  params: Record<string, unknown>;
  /** The count in words. */
  count: string;
}

/**
 * The plan of member `name` (saved model `saved`, results row `row`); for an early-stopped member, `rerun` fits
 * its train-only setting again and returns that fit's kept epoch.
 */
export async function planOf(name: string, saved: Classifier, row: Row, rerun: () => Promise<number>): Promise<Plan> {
  const inner = innermost(saved);
  const p = inner.getParams?.() as Record<string, unknown>;
  const desc = String(row.desc);
  if (!isNeural(inner)) {
    if (p.nEstimators === undefined) return { params: {}, count: 'one fit with its saved setting' }; // LR: nothing counted
    const n = /(\d+) trees of/.exec(desc);
    if (n && Number(n[1]) !== p.nEstimators) throw new Error(`refit ${name}: ${p.nEstimators} trees saved, ${n[1]} in its row`);
    return { params: {}, count: `${p.nEstimators} trees` };
  }
  const swa = /SWA: mean weights of epochs (\d+)-(\d+)/.exec(desc);
  if (swa) {
    if (!(saved instanceof LSTMClassifier || saved instanceof CNNClassifier || saved instanceof MLPClassifier))
      throw new Error(`refit ${name}: an SWA pick inside a ${saved.constructor.name} is not handled`);
    const [a, b] = [Number(swa[1]), Number(swa[2])];
    return { epochs: b, swa: [a, b], params: { epochs: 1 }, count: `SWA of epochs ${a}-${b}` };
  }
  if (p.earlyStopping === true) {
    const e = await rerun();
    return { epochs: e, params: { epochs: 1, earlyStopping: false }, count: `${e} epochs (the epoch early stopping kept in the train-only fit)` };
  }
  const e = /epoch (\d+) of/.exec(desc);
  if (!e || Number(e[1]) !== p.epochs) throw new Error(`refit ${name}: epochs ${p.epochs} saved, its row says ${e?.[0] ?? 'no epoch'}`);
  return { epochs: p.epochs as number, params: { epochs: 1 }, count: `${p.epochs} epochs` };
}

/** The member refitted on `data` by `plan`: restored from its JSON (the training session freed), and the training seconds. */
export async function refitMember(saved: Classifier, plan: Plan, data: Split): Promise<{ m: Classifier; s: number }> {
  const fresh: Disposable = cloneWithParams(saved, plan.params);
  const X = seqs(data);
  let json: ModelJSON, s: number;
  if (plan.epochs === undefined) {
    const t = performance.now();
    await fresh.fit(X, data.y);
    s = (performance.now() - t) / 1000;
    json = fresh.toJSON();
  } else if (plan.swa) {
    const [a, b] = plan.swa;
    const snaps: ModelJSON[] = [];
    s = await fitByEpoch(fresh, X, data.y, b, (e) => e >= a && snaps.push(fresh.toJSON()));
    json = averageModelWeights(snaps);
  } else {
    s = await fitByEpoch(fresh, X, data.y, plan.epochs);
    json = withEpochs(fresh.toJSON(), plan.epochs);
  }
  fresh.dispose?.();
  return { m: await fromJSONAsync(json), s };
}

/** How `m` compares with `ref` on `s`: its macro F1, the share of equal predictions, the largest probability difference. */
export function compare(m: Classifier, ref: Classifier, s: Split): { val: number; agreement: number; maxDiff: number } {
  const [P, Q] = [m.predictProba(seqs(s)), ref.predictProba(seqs(s))];
  if (JSON.stringify(m.classes) !== JSON.stringify(ref.classes)) throw new Error('refit: the classes differ');
  const pred = m.predict(seqs(s)),
    predRef = ref.predict(seqs(s));
  let maxDiff = 0;
  P.forEach((row, i) => row.forEach((v, k) => (maxDiff = Math.max(maxDiff, Math.abs(v - Q[i][k])))));
  return { val: macroF1(s.y, pred), agreement: pred.filter((c, i) => c === predRef[i]).length / pred.length, maxDiff };
}

/** The train-only vote: its results row (a refit row's `previous`), its members' names and weights and its combine rule, read from the row. */
export function trainOnlyVote(results: Record<string, Row>): { row: Row; members: { name: string; weight: number }[]; voting: 'soft' | 'geometric' } {
  // a refit row (and a crossfit row, which reweights a refit) keeps the vote it refitted under `previous`
  let row = results.best as Row | undefined;
  while (row?.refit) row = row.previous as Row | undefined;
  const m = row && /^(soft vote|geometric-mean vote) of (.+?) \(/.exec(String(row.desc));
  if (!row || !m) throw new Error('refit: no train-only best vote in results.json (run --only best first)');
  const members = m[2].split(', ').map((part) => {
    const w = /^(\w+) x(\S+)$/.exec(part);
    if (!w) throw new Error(`refit: cannot read the member "${part}" of best's desc`);
    return { name: w[1], weight: Number(w[2]) };
  });
  return { row, members: members.filter((x) => x.weight > 0), voting: m[1] === 'soft vote' ? 'soft' : 'geometric' };
}

/** Runs the step (`check`: on the training clips only, compared with the saved members; nothing saved). */
export async function refitStep(ctx: RefitContext, check: boolean): Promise<void> {
  const { train, val } = ctx;
  const { row, members, voting } = trainOnlyVote(ctx.results);
  const data: Split = check ? train : { X: [...train.X, ...val.X], y: [...train.y, ...val.y] };
  console.log(
    `refit: ${members.length} members of the train-only best on ${check ? 'training only (check)' : 'training + validation'}: ${data.X.length} clips`,
  );
  const saved: Classifier[] = [];
  for (const { name } of members) saved.push(await fromJSONAsync(readFileSync(join(ctx.out, `${name}.json`), 'utf8')));
  const trainOnly = VotingClassifier.fromFitted(saved, { weights: members.map((x) => x.weight), voting });
  const trainOnlyVal = macroF1(val.y, trainOnly.predict(seqs(val)));
  if (Math.abs(trainOnlyVal - (row.val as number)) > 1e-9) throw new Error(`refit: the saved members' vote scores ${trainOnlyVal} on val, its row ${row.val}`);

  const refits: Classifier[] = [];
  const done: Row[] = [];
  for (const [k, { name, weight }] of members.entries()) {
    let rerunCheck: Row | undefined;
    const rerun = async (): Promise<number> => {
      // the train-only fit again (early stopping on its own share of training), to read the epoch it kept
      const m: Disposable = cloneWithParams(saved[k]);
      const t = performance.now();
      await m.fit(seqs(train), train.y);
      const inner = innermost(m) as MLPClassifier;
      const e = earlyStoppedEpoch(inner.history?.valAccuracy ?? [], inner.getParams().tol ?? 1e-4);
      rerunCheck = { ...compare(m, saved[k], val), fit: (performance.now() - t) / 1000, epochs: inner.history?.epochs, kept: e };
      console.log(`  ${name}: the train-only fit again: ${JSON.stringify(rerunCheck)} (saved: val ${(ctx.results[name].val as number).toFixed(2)})`);
      if (rerunCheck.agreement !== 1) console.log(`  ${name}: WARNING: the rerun does not predict validation as the saved model does`);
      m.dispose?.();
      return e;
    };
    const plan = await planOf(name, saved[k], ctx.results[name], rerun);
    const { m, s } = await refitMember(saved[k], plan, data);
    refits.push(m);
    const cmp = check ? { ...compare(m, saved[k], val), savedVal: ctx.results[name].val } : {};
    done.push({ name, weight, count: plan.count, fit: s, ...cmp, ...(rerunCheck ? { trainOnlyRerun: rerunCheck } : {}) });
    console.log(`  ${name} x${weight.toFixed(3)}: ${plan.count}, fit ${s.toFixed(1)} s${check ? `; ${JSON.stringify(cmp)}` : ''}`);
  }

  // the vote of the refits, through its JSON (what best.json restores to): same weights and combine rule
  const built = VotingClassifier.fromFitted(refits, { weights: members.map((x) => x.weight), voting });
  const ens = await fromJSONAsync(JSON.stringify(built.toJSON()));
  if (compare(ens, built, val).maxDiff > 1e-12) throw new Error('refit: the vote restored from its JSON predicts otherwise');
  const fit = done.reduce((a, r) => a + (r.fit as number), 0);
  if (check) {
    const vote = compare(ens, trainOnly, val);
    console.log(`refit check: the vote of the training-only refits: ${JSON.stringify(vote)} (train-only best: val ${trainOnlyVal.toFixed(2)})`);
    ctx.writeRow('refit_check', {
      desc: "the refit step's path run on the training clips only: each member of the train-only best fitted again with its setting, seed and count, compared on validation with the saved member (macro F1, share of equal predictions, largest probability difference); test not read",
      members: done,
      vote: { ...vote, savedVal: trainOnlyVal },
      fit,
    });
    return;
  }
  const weights = members.map((x) => `${x.name} x${x.weight}`).join(', ');
  const desc = `${voting === 'soft' ? 'soft vote' : 'geometric-mean vote'} of ${weights}, each member REFITTED on training + validation (${data.X.length} clips) with its setting, seed and train-only count (${done.map((r) => `${r.name}: ${r.count}`).join('; ')}); members, weights and combine rule those chosen on val for the train-only members (${row.selection}); val is the train-only vote's (the refitted members saw val)`;
  const previous = { val: row.val, test: row.test, desc: row.desc, selection: row.selection, previous: row.previous };
  ctx.save('best', ens, {
    desc,
    val: row.val,
    valOf: 'the train-only vote',
    fit,
    selection: row.selection,
    refit: { clips: data.X.length, members: done },
    previous,
  });
}
