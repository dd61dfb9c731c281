/**
 * The study's second half on its own data: VGGish embeddings of FMA-small (../shared/data/fma/vggish),
 * FMA's official split. Every model is fitted on `training`, its hyper-parameters chosen on `validation`
 * only, and scored once on `test` (macro F1, %). Saves each fitted model as JSON in bench/fma-vggish/.
 *
 *   npm run seed:part2                       # every step
 *   npm run seed:part2 -- --only lstm,best   # some steps (best reads the saved models)
 *   npm run seed:part2 -- --asha --only asha # ASHA against plain random search for the LSTM (--search-clips N per genre, default 128; --asha-seed, default 8; --asha-grace, default 3)
 *   npm run seed:part2 -- --only lstm --keep-fitted  # fit only the LSTM candidates not already fitted (--lstm-config: given ones)
 *   npm run seed:part2 -- --only lstm --lstm-epochs 12 --lstm-swa 3,5  # epoch cap and SWA windows of the LSTM candidates
 *   npm run seed:part2 -- --only best --best-svc     # the vote of the saved models, and one with an SVC joining
 *   npm run seed:part2 -- --only frames --frames-only mlp --frames-epochs 12  # frame-level models (scripts/seed-part2-frames.ts)
 *   npm run seed:part2 -- --only frames --frames-only seeds --frames-seeds 5 --frames-epochs 8  # a seed vote of the chosen frame MLP
 *   npm run seed:part2 -- --only members --members-only mixup  # more vote members (scripts/seed-part2-members.ts): segments, swa, mixup
 *   npm run seed:part2 -- --only diverse --diverse-only cnn_s1  # members unlike the MLPs, chosen by val log-loss (scripts/seed-part2-diverse.ts)
 *   npm run seed:part2 -- --only refit [--refit-check]  # best's members refitted on train+val (scripts/seed-part2-refit.ts; not in the default steps)
 *   npm run seed:part2 -- --only crossfit [--crossfit-fold K] [--crossfit-folds 4]  # the refit vote's weights fitted on out-of-fold val outputs (scripts/seed-part2-crossfit.ts)
 *   npm run seed:part2 -- --only uncertainty [--resamples 2000]  # each saved model's test score resampled by release (scripts/seed-part2-uncertainty.ts)
 *
 * Results accumulate in bench/fma-vggish/results.json; the table is printed at the end.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  averageModelWeights,
  CNNClassifier,
  fromJSONAsync,
  getNeuralBackend,
  logUniform,
  LogisticRegression,
  LSTMClassifier,
  MLPClassifier,
  Pipeline,
  SequencePooling,
  StandardScaler,
  SVC,
  VotingClassifier,
  choice,
  uniform,
  type Classifier,
  type Matrix,
  type ModelJSON,
} from '../src/index.js';
import { loadEmbeddingSet, selectSplit } from '../src/classifiers/embeddings.js';
import { framesStep, macroF1, seqs } from './seed-part2-frames.js';
import { ashaStep, firstPerGenre } from './seed-part2-asha.js';
import { membersStep } from './seed-part2-members.js';
import { compareSelections, MEMBER_NAMES, scoreWeights, selectionData, selectionMethods } from './seed-part2-select.js';
import { diverseOptions, diverseStep } from './seed-part2-diverse.js';
import { trainEpochs } from './seed-part2-epochs.js';
import { refitStep } from './seed-part2-refit.js';
import { crossfitStep } from './seed-part2-crossfit.js';
import { uncertaintyStep } from './seed-part2-uncertainty.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const DATA = resolve(flag('--data') ?? '../shared/data/fma/vggish');
const OUT = resolve(flag('--out') ?? 'bench/fma-vggish');
const ONLY = (flag('--only') ?? 'logreg,fcnn,cnn,lstm,frames,members,diverse,best').split(',');
mkdirSync(OUT, { recursive: true });

const STUDY: Record<string, number> = { logreg: 52.63, fcnn: 48.32, cnn: 53.28, lstm: 54.01 };
const SKLEARN: Record<string, string> = { logreg: '52.51 (flat) / 55.82 (pooled)', fcnn: '55.48 (MLP, pooled)', best: '56.00 (SVC, pooled)' };

const set = await loadEmbeddingSet(DATA);
const train = selectSplit(set, 'training'),
  val = selectSplit(set, 'validation'),
  test = selectSplit(set, 'test');
console.log(
  `VGGish FMA-small: ${train.X.length} training / ${val.X.length} validation / ${test.X.length} test clips of ${set.frames} x ${set.dims}; tfjs backend ${await getNeuralBackend()}`,
);

type Split = { X: Matrix[]; y: string[] };
/** Sequences as the Classifier interface types its input (pipelines starting with SequencePooling take them). */
const f1 = (m: Classifier, s: Split): number => macroF1(s.y, m.predict(seqs(s)));
const resultsPath = join(OUT, 'results.json');
const results: Record<string, Record<string, unknown>> = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
/** Records one row: re-reads results.json and replaces only that row, so steps run in parallel processes keep each other's rows. */
const writeRow = (name: string, row: Record<string, unknown>): void => {
  const onDisk: Record<string, Record<string, unknown>> = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
  results[name] = row;
  writeFileSync(resultsPath, JSON.stringify({ ...onDisk, [name]: row }, null, 1));
};
const save = (name: string, model: Classifier, row: Record<string, unknown>): void => {
  writeFileSync(join(OUT, `${name}.json`), JSON.stringify(model.toJSON()));
  writeRow(name, { ...row, test: f1(model, test), file: `${name}.json` });
  const r = results[name];
  console.log(`${name}: val ${(row.val as number).toFixed(2)} test ${(r.test as number).toFixed(2)} (${row.desc})`);
};
async function timedFit<M extends Classifier>(m: M, s: Split): Promise<{ m: M; s: number }> {
  const t = performance.now();
  await m.fit(seqs(s), s.y);
  return { m, s: (performance.now() - t) / 1000 };
}
/** Fits one candidate per setting on training (`fitted` told each one's validation score and fit seconds), keeps the best on validation. */
async function pickOnVal<P>(
  name: string,
  settings: P[],
  make: (p: P) => Classifier,
  fitted?: (p: P, val: number, seconds: number) => void,
): Promise<{ m: Classifier; p: P; val: number; fit: number }> {
  let best: { m: Classifier; p: P; val: number; fit: number } | undefined;
  for (const p of settings) {
    const { m, s } = await timedFit(make(p), train);
    const v = f1(m, val);
    console.log(`  ${name} ${JSON.stringify(p)}: val ${v.toFixed(2)} (fit ${s.toFixed(1)} s)`);
    fitted?.(p, v, s);
    if (!best || v > best.val) best = { m, p, val: v, fit: s };
  }
  return best!;
}

if (ONLY.includes('logreg')) {
  // the study's LR: 31 x 128 flattened, unscaled, C = 0.001 (reported for reference)
  const study = await timedFit(new Pipeline([new SequencePooling({ stats: ['flatten'] }), new LogisticRegression({ C: 0.001, maxIter: 500 })]), train);
  writeRow('logreg_study', { desc: 'study replica: flatten, no scaling, C=0.001', val: f1(study.m, val), test: f1(study.m, test), fit: study.s });
  console.log(`logreg (study replica): test ${(results.logreg_study.test as number).toFixed(2)}`);
  const b = await pickOnVal(
    'logreg flat+scaled',
    [1e-4, 3e-4, 1e-3],
    (C) => new Pipeline([new SequencePooling({ stats: ['flatten'] }), new StandardScaler(), new LogisticRegression({ C, maxIter: 500 })]),
  );
  save('logreg', b.m, { desc: `flatten 31x128, StandardScaler, LR C=${b.p} (val)`, val: b.val, fit: b.fit });
  const p = await pickOnVal(
    'logreg pooled',
    [0.003, 0.01, 0.03],
    (C) => new Pipeline([new SequencePooling({ stats: ['mean', 'std'] }), new StandardScaler(), new LogisticRegression({ C })]),
  );
  save('logreg_pooled', p.m, { desc: `mean+std pooling, StandardScaler, LR C=${p.p} (val)`, val: p.val, fit: p.fit });
}

if (ONLY.includes('fcnn')) {
  const settings = [
    { hiddenLayerSizes: [256], dropout: 0.5, alpha: 1, learningRate: 0.001 },
    { hiddenLayerSizes: [512, 128], dropout: 0.5, alpha: 1, learningRate: 0.001 },
    { hiddenLayerSizes: [256], dropout: 0.3, alpha: 10, learningRate: 0.001 },
  ];
  const b = await pickOnVal(
    'fcnn',
    settings,
    (o) =>
      new Pipeline([
        new SequencePooling({ stats: ['mean', 'std'] }),
        new StandardScaler(),
        new MLPClassifier({ ...o, epochs: 60, batchSize: 128, earlyStopping: true, nIterNoChange: 8, seed: 0 }),
      ]),
  );
  save('fcnn', b.m, { desc: `mean+std pooling, StandardScaler, MLP ${JSON.stringify(b.p)}, early stopping (val)`, val: b.val, fit: b.fit });
}

if (ONLY.includes('cnn')) {
  const settings = [
    { filters: [64, 128] as [number, number], kernelSize: [3, 3] as [number, number], dropout: 0.4, learningRate: 0.001 },
    { filters: [32, 64] as [number, number], kernelSize: [5, 3] as [number, number], dropout: 0.25, learningRate: 0.001 },
  ];
  const b = await pickOnVal(
    'cnn',
    settings,
    (o) => new CNNClassifier({ ...o, epochs: 12, batchSize: 128, earlyStopping: true, nIterNoChange: 4, alpha: 1, seed: 0 }),
  );
  save('cnn', b.m, {
    desc: `1-D CNN over 31 frames ${JSON.stringify(b.p)}, 12 epochs, early stopping (val)`,
    val: b.val,
    fit: b.fit,
    epochMs: median((b.m as CNNClassifier).history?.epochMs ?? []),
  });
}

const LSTM_SPACE = { learningRate: logUniform(1e-3, 1e-2), hiddenSize: choice([32, 64, 128]), dropout: uniform(0, 0.4), batchSize: choice([64, 128, 256]) };
const searchTrain = firstPerGenre(train, Number(flag('--search-clips') ?? 128));
/** Models a search trained, freed once the search is over (a resumable trial's model is its ASHA state). */
const trialModels: LSTMClassifier[] = [];
/** Each configuration's validation macro F1 after every epoch it was trained (key: the config as JSON), for the results row. */
const trialCurves = new Map<string, number[]>();
/** A 2-layer LSTM trained epoch by epoch: the model, its epochs, and its best validation epoch so far with that model's JSON. */
interface EpochwiseFit {
  m: LSTMClassifier;
  epochs: number;
  best: { score: number; epoch: number; json: string };
  /** Validation macro F1 after each epoch. */
  curve: number[];
}
/**
 * Trains `config` (2 layers, seed 0) on `data` to `target` epochs ONE epoch at a time (`fit` with 1 epoch, then
 * `continueFit(..., 1)`: the same model as one longer fit), from scratch or on from `from`, and scores validation
 * after every epoch (not counted as an epoch). Early stopping on validation: `best` is the best epoch so far, its
 * model kept as JSON with `epochs` set to that epoch (what a fresh fit with those options gives). `onEpoch` sees
 * the model after each epoch.
 */
async function fitEpochwise(
  config: Record<string, unknown>,
  data: Split,
  target: number,
  from?: EpochwiseFit,
  onEpoch?: (m: LSTMClassifier) => void,
): Promise<EpochwiseFit> {
  const st: Omit<EpochwiseFit, 'best'> & { best?: EpochwiseFit['best'] } = from ?? {
    m: new LSTMClassifier({ ...config, numLayers: 2, epochs: 1, seed: 0 }),
    epochs: 0,
    curve: [],
  };
  let best = st.best;
  const afterEpoch = (e: number): void => {
    onEpoch?.(st.m);
    const v = f1(st.m, val);
    st.curve.push(v);
    if (!best || v > best.score) {
      const json = st.m.toJSON();
      best = { score: v, epoch: e, json: JSON.stringify({ ...json, params: { ...json.params, epochs: e } }) };
    }
  };
  await trainEpochs(st.m, seqs(data), data.y, target, afterEpoch, st.epochs);
  return { m: st.m, epochs: Math.max(st.epochs, target), best: best!, curve: st.curve };
}
/**
 * One LSTM trial, design v2: `budget` epochs on `data` by {@link fitEpochwise}; its score is the BEST validation
 * macro F1 over epochs 1..budget (the model at that epoch is the checkpoint a search would save for this config).
 * Given the `state` its previous rung returned, it trains on from that rung's last epoch, keeping that rung's best.
 */
const lstmTrial =
  (data: Split) =>
  async (config: Record<string, unknown>, budget: number, state?: unknown): Promise<{ score: number; state: EpochwiseFit }> => {
    const prev = state as EpochwiseFit | undefined;
    const from = prev?.epochs ?? 0;
    const st = await fitEpochwise(config, data, Math.round(budget), prev && { ...prev, curve: [...prev.curve] });
    if (!prev) trialModels.push(st.m);
    trialCurves.set(JSON.stringify(config), st.curve);
    console.log(
      `  lstm ${JSON.stringify(config)} ${st.epochs} epochs${prev ? ` (resumed from ${from})` : ''}: val ${st.curve
        .slice(from)
        .map((v) => v.toFixed(1))
        .join(' ')}; best ${st.best.score.toFixed(2)} at epoch ${st.best.epoch}`,
    );
    return { score: st.best.score, state: st };
  };
const disposeTrialModels = (): void => {
  for (const m of trialModels.splice(0)) m.dispose();
};

if (args.includes('--asha')) {
  const seed = Number(flag('--asha-seed') ?? 8);
  const grace = Number(flag('--asha-grace') ?? 3);
  await ashaStep({ seed, grace, space: LSTM_SPACE, trial: lstmTrial(searchTrain), trialCurves, disposeTrialModels, searchTrain, val, results, writeRow });
}

if (ONLY.includes('lstm')) {
  // Candidates, each fitted on the whole training split by fitEpochwise, up to --lstm-epochs (default 12) epochs
  // with validation scored after each. Per setting, the model kept is the best on validation among: the model at
  // its best epoch (early stopping on validation), and the SWA models (averageModelWeights: ONE LSTM with the mean
  // weights of epochs e-k+1..e, k in --lstm-swa, default 3,5; '' for none). Default settings: the study's 2 x 64
  // (lr 0.006), ASHA's pick and random search's pick (the --asha row); --lstm-config '<object or array>' fits only
  // the settings given. The best on validation replaces the saved lstm.json only with a higher validation score.
  // Each fitted setting goes to the `lstm_candidates` row (key: setting and epoch cap; --keep-fitted skips those).
  const study = { hiddenSize: 64, learningRate: 0.006, dropout: 0.1, batchSize: 64 };
  const maxEpochs = Number(flag('--lstm-epochs') ?? 12);
  const windows = (flag('--lstm-swa') ?? '3,5').split(',').filter(Boolean).map(Number);
  const passed = flag('--lstm-config');
  const searched = results.asha as
    | { asha?: { best?: { config?: Record<string, unknown> } }; random?: { best?: { config?: Record<string, unknown> } } }
    | undefined;
  const given = passed ? [JSON.parse(passed) as Record<string, unknown> | Record<string, unknown>[]].flat() : undefined;
  const wanted = given ?? [study, searched?.asha?.best?.config, searched?.random?.best?.config].filter((o): o is Record<string, unknown> => !!o);
  const keyOf = (o: Record<string, unknown>): string => `${JSON.stringify(o)}, ${maxEpochs} epochs`;
  const saved = existsSync(join(OUT, 'lstm.json')) ? (results.lstm as { val?: number } | undefined) : undefined;
  const tried = { ...((results.lstm_candidates ?? {}) as Record<string, unknown>) };
  const settings = wanted
    .filter((o, i) => wanted.findIndex((p) => JSON.stringify(p) === JSON.stringify(o)) === i)
    .filter((o) => !(args.includes('--keep-fitted') && keyOf(o) in tried));
  type Pick = { p: Record<string, unknown>; val: number; json: string; how: string; s: number; epochMs: number };
  let b: Pick | undefined;
  for (const o of settings) {
    const t = performance.now();
    const snaps: ModelJSON[] = [];
    const fit = await fitEpochwise(o, train, maxEpochs, undefined, (m) => windows.length && snaps.push(m.toJSON()));
    const s = (performance.now() - t) / 1000;
    const epochMs = median(fit.m.history?.epochMs ?? []);
    fit.m.dispose();
    let pick: Pick = { p: o, val: fit.best.score, json: fit.best.json, how: `epoch ${fit.best.epoch} of ${maxEpochs}`, s, epochMs };
    const swa: Record<string, number> = {};
    for (const k of windows) {
      for (let e = k; e <= snaps.length; e++) {
        const avg = averageModelWeights(snaps.slice(e - k, e));
        const m = await fromJSONAsync<LSTMClassifier>(avg);
        const v = (swa[`${e - k + 1}-${e}`] = f1(m, val));
        m.dispose();
        if (v > pick.val) pick = { ...pick, val: v, json: JSON.stringify(avg), how: `SWA: mean weights of epochs ${e - k + 1}-${e} of ${maxEpochs}` };
      }
    }
    console.log(`  lstm ${keyOf(o)}: val ${fit.curve.map((v) => v.toFixed(1)).join(' ')}; ${pick.how}: ${pick.val.toFixed(2)} (${s.toFixed(0)} s)`);
    tried[keyOf(o)] = { val: pick.val, kept: pick.how, bestEpoch: fit.best.epoch, curve: fit.curve, swa, fit: s, epochMs };
    writeRow('lstm_candidates', tried);
    if (!b || pick.val > b.val) b = pick;
  }
  if (b && saved?.val !== undefined && saved.val >= b.val) {
    console.log(`lstm: the saved model stays (val ${saved.val.toFixed(2)} >= ${b.val.toFixed(2)})`);
  } else if (b) {
    const desc = `2-layer LSTM ${JSON.stringify(b.p)}, ${b.how} (best on val)`;
    save('lstm', await fromJSONAsync(b.json), { desc, val: b.val, fit: b.s, epochMs: b.epochMs });
  }
}

if (ONLY.includes('frames')) {
  const families = (flag('--frames-only') ?? 'lr,mlp,seeds,noise').split(',');
  const seeds = Number(flag('--frames-seeds') ?? 5);
  await framesStep({ train, val, save, writeRow, results }, { maxEpochs: Number(flag('--frames-epochs') ?? 12), families, seeds });
}

if (ONLY.includes('members')) {
  await membersStep(
    { train, val, save, writeRow, results },
    {
      families: (flag('--members-only') ?? 'segments,swa,mixup').split(','),
      segmentsPerClip: Number(flag('--segments-per-clip') ?? 7),
      segmentsEpochs: Number(flag('--segments-epochs') ?? 12),
      swaEpochs: Number(flag('--swa-epochs') ?? 10),
      mixupEpochs: Number(flag('--mixup-epochs') ?? 40),
    },
  );
}

if (ONLY.includes('diverse')) await diverseStep({ train, val, save, writeRow, results }, diverseOptions(flag));

if (ONLY.includes('refit')) await refitStep({ train, val, save, writeRow, results, out: OUT }, args.includes('--refit-check'));
if (ONLY.includes('crossfit')) {
  const fold = flag('--crossfit-fold');
  await crossfitStep({ train, val, save, writeRow, results, out: OUT }, Number(flag('--crossfit-folds') ?? 4), fold === undefined ? undefined : Number(fold));
}

if (ONLY.includes('uncertainty')) await uncertaintyStep({ test, out: OUT, results, writeRow }, Number(flag('--resamples') ?? 2000));

if (ONLY.includes('best')) {
  // A vote of the saved models, its selection method chosen WITHOUT test (scripts/seed-part2-select.ts): every
  // method (the full {0,1,2} weight grid used until now, equal weights, the top k, Caruana's forward selection on
  // macro F1 or on log-loss; probabilities or log-probabilities averaged) chooses its weights on one half of the
  // validation clips and is scored on the other half (--best-splits stratified random splits, default 20, both
  // ways round); the method with the best held-out mean then chooses the weights on the whole validation split.
  // Members with weight 0 are left out of the saved ensemble. The comparison goes to the `best_selection` row.
  // With --best-svc an RBF SVC on mean+std pooling (C chosen on validation) joins the candidates of the old grid
  // vote: its ~5000 support vectors of 256 values make the saved ensemble about 25 MB, so it is saved as
  // best_svc.json only with --save-large (not committed).
  const names = MEMBER_NAMES.filter((n) => existsSync(join(OUT, `${n}.json`)));
  const members: { name: string; m: Classifier }[] = [];
  for (const name of names) members.push({ name, m: await fromJSONAsync(readFileSync(join(OUT, `${name}.json`), 'utf8')) });
  const vote = (pool: { name: string; m: Classifier }[]): { w: number[]; val: number } => {
    let best = { w: pool.map(() => 1), val: -1 };
    const grid = (k: number): number[][] => (k === 0 ? [[]] : grid(k - 1).flatMap((g) => [0, 1, 2].map((w) => [...g, w])));
    const probs = pool.map(({ m }) => m.predictProba(seqs(val)));
    const classes = pool[0].m.classes;
    const columns = pool.map(({ m }) => classes.map((c) => m.classes.indexOf(c)));
    for (const w of grid(pool.length)) {
      if (!w.some((x) => x > 0)) continue;
      const pred = val.y.map((_, i) => {
        let arg = 0,
          bv = -1;
        for (let c = 0; c < classes.length; c++) {
          let s = 0;
          for (let k = 0; k < pool.length; k++) s += w[k] * probs[k][i][columns[k][c]];
          if (s > bv) {
            bv = s;
            arg = c;
          }
        }
        return classes[arg];
      });
      const v = macroF1(val.y, pred);
      if (v > best.val) best = { w, val: v };
    }
    return best;
  };
  const saveVote = (name: string, pool: { name: string; m: Classifier }[], chosen: { w: number[]; val: number }, persist: boolean): void => {
    const kept = pool.map((p, k) => ({ ...p, w: chosen.w[k] })).filter((p) => p.w > 0);
    const ens = VotingClassifier.fromFitted(
      kept.map((p) => p.m),
      { weights: kept.map((p) => p.w) },
    );
    const desc = `soft vote of ${kept.map((p) => `${p.name} x${p.w}`).join(', ')} (weights chosen on val among ${pool.map((p) => p.name).join(', ')})`;
    if (persist) save(name, ens, { desc, val: chosen.val, fit: NaN });
    else {
      writeRow(name, { desc, val: chosen.val, test: f1(ens, test), file: null });
      console.log(`${name}: val ${chosen.val.toFixed(2)} test ${(results[name].test as number).toFixed(2)} (${desc}; not saved)`);
    }
  };
  {
    const d = selectionData(
      names,
      members.map(({ m }) => m.predictProba(seqs(val))),
      members.map(({ m }) => m.classes.map(String)),
      val.y,
    );
    // the full grid over the nine members the grid-chosen best was chosen among (3^12 is too slow for 40 choices)
    const previousNine = ['logreg', 'logreg_pooled', 'fcnn', 'cnn', 'lstm', 'frames_lr', 'frames_mlp', 'frames_mlp_seeds', 'frames_mlp_noise'];
    const methods = selectionMethods(names.flatMap((n, i) => (previousNine.includes(n) ? [i] : [])));
    const splits = Number(flag('--best-splits') ?? 20);
    const t = performance.now();
    const cmp = compareSelections(d, methods, splits);
    console.log(
      `selection methods, each choosing on one half of validation and scored on the other (${splits} stratified splits x 2, ${((performance.now() - t) / 1000).toFixed(0)} s):`,
    );
    for (const r of cmp)
      console.log(
        `  ${r.name.padEnd(20)} held-out ${r.heldOut.toFixed(2)} (sd ${r.heldOutSd.toFixed(2)}; vs best ${r.vsBest.mean.toFixed(2)} +- ${r.vsBest.se.toFixed(2)})  in-half ${r.inHalf.toFixed(2)}`,
      );
    const method = methods.find((mt) => mt.name === cmp[0].name)!;
    const all = Int32Array.from(val.y, (_, i) => i);
    const w = method.choose(d, all);
    const kept = members.map((p, k) => ({ ...p, w: w[k] })).filter((p) => p.w > 0);
    const voting = method.combine === 'mean' ? 'soft' : 'geometric';
    const ens = VotingClassifier.fromFitted(
      kept.map((p) => p.m),
      { weights: kept.map((p) => p.w), ...(voting === 'soft' ? {} : { voting }) },
    );
    const v = f1(ens, val);
    if (Math.abs(v - scoreWeights(d, all, w, method.combine)) > 1e-9) throw new Error('best: the saved vote does not score as the selection did');
    const old = results.best as { val: number; test: number; desc: string; previous?: unknown; selection?: unknown } | undefined;
    // the best this run replaces, with the ones it replaced nested in it (the history of the row)
    const previous = old && { val: old.val, test: old.test, desc: old.desc, selection: old.selection, previous: old.previous };
    writeRow('best_selection', {
      desc: `selection methods compared on validation only: weights chosen on one half (stratified by genre), macro F1 on the other, ${splits} splits x 2; chosen: ${method.name}`,
      splits,
      members: names,
      chosen: method.name,
      methods: cmp,
    });
    const desc = `${voting === 'soft' ? 'soft vote' : 'geometric-mean vote'} of ${kept.map((p) => `${p.name} x${p.w}`).join(', ')} (${method.desc}; method chosen by held-out halves of val, weights on all of val, among ${names.join(', ')})`;
    save('best', ens, { desc, val: v, fit: NaN, selection: method.name, ...(previous ? { previous } : {}) });
  }
  if (args.includes('--best-svc')) {
    const svc = await pickOnVal(
      'svc pooled',
      [0.5, 1, 2],
      (C) => new Pipeline([new SequencePooling({ stats: ['mean', 'std'] }), new StandardScaler(), new SVC({ C, probability: true, seed: 0 })]),
    );
    const pool = [{ name: `svc_C${svc.p}`, m: svc.m }, ...members];
    saveVote('best_svc', pool, vote(pool), args.includes('--save-large'));
  }
}

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

console.log('\n| model | mirkit test macro F1 | study | scikit-learn | val F1 | fit (s) |\n| --- | --- | --- | --- | --- | --- |');
for (const [name, r] of Object.entries(results)) {
  if (typeof r.test !== 'number') continue; // asha, the candidates, best_selection, refit_check
  console.log(
    `| ${name}: ${r.desc} | ${(r.test as number).toFixed(2)} | ${STUDY[name] ?? ''} | ${SKLEARN[name] ?? ''} | ${(r.val as number).toFixed(2)} | ${Number.isFinite(r.fit) ? (r.fit as number).toFixed(1) : ''} |`,
  );
}
