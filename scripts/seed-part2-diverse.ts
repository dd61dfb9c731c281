/**
 * The `diverse` step of scripts/seed-part2.ts: vote members that differ from the MLPs on mean+std or frames that
 * dominate the pool (richer pooling statistics, other seeds of the CNN and the LSTM). Each is fitted on
 * `training` only. Its rule, fixed before the step's first run: every choice (setting, epoch, SWA window) is the
 * one with the LOWEST validation log-loss (mean negative log-probability of the true genre), not the highest
 * validation macro F1 (the F1 of one epoch on 800 clips is noisy: most earlier members peaked at epoch 1, and the
 * vote's selection works on log-loss). `save` scores the pick on test for the table; a test score decides nothing.
 *
 * - `stats_lr` (`stats_lr.json`): `SequencePooling` of the 7 statistics of `summarize` (mean, std, min, max,
 *   median, skew, kurtosis: 896 values), StandardScaler, LogisticRegression, C in 0.001 / 0.003 / 0.01.
 * - `stats_mlp` (`stats_mlp.json`): mean, std, min and max pooling (512 values), `fcnn`'s MLP setting (256,
 *   dropout 0.5, alpha 1; standardized, adam 1e-3, batch 128, seed 0), trained one epoch at a time up to
 *   `--diverse-mlp-epochs` (default 30).
 * - `lstm_s1` (`lstm_s1.json`): the saved `lstm`'s setting (2 x 32, random search's pick) with seed 1, up to
 *   `--diverse-lstm-epochs` (default 10) epochs one at a time; candidates: each epoch and each SWA model of 3
 *   consecutive epochs (`averageModelWeights`).
 * - `cnn_s1` (`cnn_s1.json`): the saved `cnn`'s setting (filters 64/128, kernels 3/3, dropout 0.4) with seed 1,
 *   up to `--diverse-cnn-epochs` (default 10) epochs one at a time; candidates: each epoch and each SWA-3 model.
 * - `stats_boost` (`stats_boost.json`, added after the four above were fitted, same rule): trees, unlike every
 *   other member: mean+std pooling, `ObliviousBoosting` (depth 4, learning rate 0.1, no subsampling) fitted
 *   with `--diverse-boost-trees` trees (default 500); candidates: its first 50, 100, ... trees (the model a fit
 *   with that many trees gives: boosting without subsampling is deterministic and sequential).
 * - Added after those five were fitted and before any vote of them was scored, same rule: `lstm_s2` (as `lstm_s1`,
 *   seed 2), `cnn_k5` (the cnn step's other setting: filters 32/64, kernels 5/3, dropout 0.25; seed 0; as
 *   `cnn_s1` otherwise), `boost_stats7` (as `stats_boost` on the 7 statistics of `stats_lr`).
 * - `cov_lr` (`cov_lr.json`, added later, same rule): second-order pooling, the mean and the signed square root of
 *   the frames' covariance (`'sqrtCov'`: 128 + 8256 values), StandardScaler, LogisticRegression, C in 1e-5 / 3e-5 /
 *   1e-4 / 3e-4. A validation probe of the same pooling (C 1e-4 / 3e-4 / 1e-3, F1 only) came before the grid.
 * - `stats_lda` (`stats_lda.json`, added later): a generative linear model, unlike the discriminative LR and MLPs:
 *   mean, std, min and max pooling (512 values), StandardScaler, `LinearDiscriminantAnalysis` with Ledoit-Wolf
 *   shrinkage (`'auto'`). Nothing is chosen (one setting). A validation probe (F1 and log-loss only, shrinkage
 *   computed on the pooled within-class scatter) chose this pooling over mean+std (62.30 against 61.66).
 * - `frames_qda` (`frames_qda.json`, added later, same rule): a generative model of the frames themselves, a
 *   bag of frames: `FrameLevelClassifier` over StandardScaler + `QuadraticDiscriminantAnalysis` (a Gaussian with
 *   its own full covariance per genre, fitted on the 198k training frames), a clip scored by its frames' mean
 *   log-density (`aggregation: 'logMean'`); `regParam` in 0.01 / 0.03 / 0.1 / 0.3. A validation probe in numpy
 *   (per-genre Gaussians shrunk towards the pooled covariance and the identity, F1 only: 59.5-62.3) came first.
 */
import {
  averageModelWeights,
  CNNClassifier,
  type Classifier,
  type FeatureTable,
  fromJSONAsync,
  type Label,
  FrameLevelClassifier,
  LinearDiscriminantAnalysis,
  LogisticRegression,
  QuadraticDiscriminantAnalysis,
  LSTMClassifier,
  MLPClassifier,
  type ModelJSON,
  ObliviousBoosting,
  Pipeline,
  type PoolingStat,
  SequencePooling,
  StandardScaler,
} from '../src/index.js';
import { type FramesContext, macroF1, seqs } from './seed-part2-frames.js';
import { trainEpochs } from './seed-part2-epochs.js';

/** Options of the step (command-line flags of the script). */
export interface DiverseOptions {
  /** Only these families (`--diverse-only`, default all eleven). */
  families: string[];
  /** Epoch cap of `stats_mlp`. */
  mlpEpochs: number;
  /** Epoch cap of `lstm_s1`. */
  lstmEpochs: number;
  /** Epoch cap of `cnn_s1`. */
  cnnEpochs: number;
  /** Trees of `stats_boost`'s fit. */
  boostTrees: number;
}

/** The options from the command line (`flag` reads one flag's value). */
export function diverseOptions(flag: (name: string) => string | undefined): DiverseOptions {
  const n = (f: string, d: number): number => Number(flag(f) ?? d);
  return {
    families: (flag('--diverse-only') ?? 'stats_lr,stats_mlp,lstm_s1,cnn_s1,stats_boost,lstm_s2,cnn_k5,boost_stats7,cov_lr,stats_lda,frames_qda').split(','),
    mlpEpochs: n('--diverse-mlp-epochs', 30),
    lstmEpochs: n('--diverse-lstm-epochs', 10),
    cnnEpochs: n('--diverse-cnn-epochs', 10),
    boostTrees: n('--diverse-boost-trees', 500),
  };
}

/** Validation log-loss and macro F1 of class probabilities `P` (columns in `classes`' order). */
export function scoreProba(P: number[][], classes: Label[], y: Label[]): { nll: number; f1: number } {
  let nll = 0;
  const pred = P.map((row, i) => {
    nll -= Math.log(Math.max(row[classes.indexOf(y[i])], 1e-12));
    let a = 0;
    for (let k = 1; k < row.length; k++) if (row[k] > row[a]) a = k;
    return classes[a];
  });
  return { nll: nll / y.length, f1: macroF1(y, pred) };
}

/** A candidate: its label, validation log-loss and macro F1, and its model JSON. */
interface Cand {
  label: string;
  nll: number;
  f1: number;
  json: ModelJSON;
}

type Neural = MLPClassifier | CNNClassifier | LSTMClassifier;

/**
 * Trains `m` on (X, y) one epoch at a time up to `cap`, scoring validation (`valX`) after each; candidates: every
 * epoch's model (its JSON with `epochs` set to that epoch) and, for each window k in `windows`, every SWA model of
 * k consecutive epochs. Returns the candidates and the training seconds.
 */
async function epochwise(
  m: Neural,
  X: FeatureTable,
  y: Label[],
  valX: FeatureTable,
  valY: Label[],
  cap: number,
  windows: number[],
): Promise<{ cands: Cand[]; s: number }> {
  const cands: Cand[] = [];
  const snaps: ModelJSON[] = [];
  const s = await trainEpochs(m, X, y, cap, (e) => {
    const j = m.toJSON();
    snaps.push(j);
    cands.push({ label: `epoch ${e} of ${cap}`, ...scoreProba(m.predictProba(valX), m.classes, valY), json: { ...j, params: { ...j.params, epochs: e } } });
  });
  m.dispose();
  for (const k of windows)
    for (let e = k; e <= cap; e++) {
      const avg = averageModelWeights(snaps.slice(e - k, e));
      const a = await fromJSONAsync<Neural>(avg);
      cands.push({ label: `SWA: mean weights of epochs ${e - k + 1}-${e} of ${cap}`, ...scoreProba(a.predictProba(valX), a.classes, valY), json: avg });
      a.dispose();
    }
  return { cands, s };
}

/** The candidate with the lowest validation log-loss (the first on ties). */
const lowest = (c: Cand[]): Cand => c.reduce((a, b) => (b.nll < a.nll ? b : a));
const show = (c: Cand[]): string =>
  c.map((x) => `${x.label.replace('SWA: mean weights of epochs ', 'swa ').replace(/ of \d+$/, '')} ${x.nll.toFixed(3)}/${x.f1.toFixed(1)}`).join('; ');

/** Runs the step. */
export async function diverseStep(ctx: FramesContext, opts: DiverseOptions): Promise<void> {
  const { train, val } = ctx;
  const tried = { ...((ctx.results.diverse_candidates ?? {}) as Record<string, unknown>) };
  const record = (key: string, cands: Cand[], kept: Cand, s: number): void => {
    console.log(`  diverse ${key}: val log-loss/F1 ${show(cands)}; kept ${kept.label} (${kept.nll.toFixed(3)} / ${kept.f1.toFixed(2)}; ${s.toFixed(0)} s)`);
    tried[key] = {
      rule: 'lowest val log-loss',
      curve: cands.map(({ label, nll, f1 }) => ({ label, nll, f1 })),
      kept: kept.label,
      val: kept.f1,
      valNll: kept.nll,
      fit: s,
    };
    ctx.writeRow('diverse_candidates', tried);
  };

  /**
   * A family with a grid of settings: `make(p)` fitted on training for each p of `grid`, the one with the lowest
   * validation log-loss recorded under `key` and saved as `name`, described by `describe(its label)`.
   */
  const gridFamily = async <P>(
    name: string,
    key: string,
    grid: P[],
    label: (p: P) => string,
    make: (p: P) => Classifier,
    describe: (kept: string) => string,
  ): Promise<void> => {
    if (!opts.families.includes(name)) return;
    const cands: (Cand & { m: Classifier })[] = [];
    let s = 0;
    for (const p of grid) {
      const t = performance.now();
      const m = make(p);
      await m.fit(seqs(train), train.y);
      s += (performance.now() - t) / 1000;
      cands.push({ label: label(p), ...scoreProba(m.predictProba(seqs(val)), m.classes, val.y), json: m.toJSON(), m });
    }
    const k = lowest(cands) as Cand & { m: Classifier };
    record(key, cands, k, s);
    ctx.save(name, k.m, { desc: describe(k.label), val: k.f1, valNll: k.nll, fit: s });
  };

  // LR on pooling: name, statistics, what they give, the C grid, its key in results.json's diverse_candidates
  const pooledLR: Record<string, { stats: PoolingStat[]; what: string; grid: number[]; key: string }> = {
    stats_lr: {
      stats: ['mean', 'std', 'min', 'max', 'median', 'skew', 'kurtosis'],
      what: 'the 7 statistics of summarize (896 values)',
      grid: [0.001, 0.003, 0.01],
      key: 'stats_lr 7 statistics of summarize, StandardScaler, LR',
    },
    cov_lr: {
      stats: ['mean', 'sqrtCov'],
      what: "the mean and the signed square root of the frames' covariance (128 + 8256 values)",
      grid: [1e-5, 3e-5, 1e-4, 3e-4],
      key: 'cov_lr mean + sqrtCov pooling, StandardScaler, LR',
    },
  };
  for (const [name, { stats, what, grid, key }] of Object.entries(pooledLR))
    await gridFamily(
      name,
      key,
      grid,
      (C) => `C=${C}`,
      (C) => new Pipeline([new SequencePooling({ stats }), new StandardScaler(), new LogisticRegression({ C, maxIter: 500 })]),
      (kept) => `pooling of ${what}, StandardScaler, LR ${kept} (lowest val log-loss of C ${grid.join('/')})`,
    );

  if (opts.families.includes('stats_lda')) {
    const t = performance.now();
    const m = new Pipeline([
      new SequencePooling({ stats: ['mean', 'std', 'min', 'max'] }),
      new StandardScaler(),
      new LinearDiscriminantAnalysis({ shrinkage: 'auto' }),
    ]);
    m.fit(seqs(train), train.y);
    const s = (performance.now() - t) / 1000;
    const only: Cand = { label: "shrinkage 'auto'", ...scoreProba(m.predictProba(seqs(val)), m.classes, val.y), json: m.toJSON() };
    record('stats_lda mean+std+min+max pooling, StandardScaler, LDA (Ledoit-Wolf shrinkage)', [only], only, s);
    const desc = 'mean+std+min+max pooling (512 values), StandardScaler, LinearDiscriminantAnalysis with Ledoit-Wolf shrinkage (one setting)';
    ctx.save('stats_lda', m, { desc, val: only.f1, valNll: only.nll, fit: s });
  }

  await gridFamily(
    'frames_qda',
    'frames_qda StandardScaler + QDA on every frame, logMean of the frames',
    [0.01, 0.03, 0.1, 0.3],
    (regParam) => `regParam=${regParam}`,
    (regParam) => new FrameLevelClassifier(new Pipeline([new StandardScaler(), new QuadraticDiscriminantAnalysis({ regParam })]), { aggregation: 'logMean' }),
    (kept) =>
      `frame-level StandardScaler + QuadraticDiscriminantAnalysis ${kept} (lowest val log-loss of 0.01/0.03/0.1/0.3), the normalised geometric mean of the 31 frames`,
  );

  if (opts.families.includes('stats_mlp')) {
    const pool = new SequencePooling({ stats: ['mean', 'std', 'min', 'max'] });
    const Z = pool.fit(seqs(train)).transform(seqs(train));
    const valZ = pool.transform(seqs(val));
    const o = { hiddenLayerSizes: [256], dropout: 0.5, alpha: 1 };
    const mlp = new MLPClassifier({ ...o, standardize: true, learningRate: 0.001, batchSize: 128, epochs: 1, seed: 0 });
    const { cands, s } = await epochwise(mlp, Z, train.y, valZ, val.y, opts.mlpEpochs, []);
    const k = lowest(cands);
    record(`stats_mlp ${JSON.stringify(o)} on mean+std+min+max, ${opts.mlpEpochs} epochs`, cands, k, s);
    const desc = `mean+std+min+max pooling, MLP ${JSON.stringify(o)} (standardized, adam 1e-3, batch 128, seed 0), ${k.label} (lowest val log-loss)`;
    ctx.save('stats_mlp', new Pipeline([pool, await fromJSONAsync<MLPClassifier>(k.json)]), { desc, val: k.f1, valNll: k.nll, fit: s });
  }

  // the sequence models: name, what it is, the model (seed given), its epoch cap
  const lstmO = { batchSize: 64, dropout: 0.37372993780300023, hiddenSize: 32, learningRate: 0.004058618018708112 };
  const cnnO = { filters: [64, 128] as [number, number], kernelSize: [3, 3] as [number, number], dropout: 0.4, learningRate: 0.001 };
  const cnnK5 = { filters: [32, 64] as [number, number], kernelSize: [5, 3] as [number, number], dropout: 0.25, learningRate: 0.001 };
  const lstm = (seed: number) => ({
    what: `2-layer LSTM ${JSON.stringify(lstmO)} (lstm's setting), seed ${seed}`,
    make: () => new LSTMClassifier({ ...lstmO, numLayers: 2, epochs: 1, seed }),
    cap: opts.lstmEpochs,
  });
  const cnn = (o: typeof cnnO, seed: number, which: string) => ({
    what: `1-D CNN ${JSON.stringify(o)} (${which}, batch 128, alpha 1), seed ${seed}`,
    make: () => new CNNClassifier({ ...o, batchSize: 128, alpha: 1, epochs: 1, seed }),
    cap: opts.cnnEpochs,
  });
  const sequenceModels = { lstm_s1: lstm(1), lstm_s2: lstm(2), cnn_s1: cnn(cnnO, 1, "cnn's setting"), cnn_k5: cnn(cnnK5, 0, "the cnn step's other setting") };
  for (const [name, f] of Object.entries(sequenceModels)) {
    if (!opts.families.includes(name)) continue;
    const { cands, s } = await epochwise(f.make(), seqs(train), train.y, seqs(val), val.y, f.cap, [3]);
    const k = lowest(cands);
    record(`${name} ${f.what}, ${f.cap} epochs`, cands, k, s);
    const desc = `${f.what}, ${k.label} (lowest val log-loss among epochs and SWA-3 windows)`;
    ctx.save(name, await fromJSONAsync(k.json), { desc, val: k.f1, valNll: k.nll, fit: s });
  }

  // boosted oblivious trees on pooling: name, statistics
  const boosted: Record<string, PoolingStat[]> = { stats_boost: ['mean', 'std'], boost_stats7: ['mean', 'std', 'min', 'max', 'median', 'skew', 'kurtosis'] };
  for (const [name, stats] of Object.entries(boosted)) {
    if (!opts.families.includes(name)) continue;
    const pool = new SequencePooling({ stats });
    const Z = pool.fit(seqs(train)).transform(seqs(train));
    const valZ = pool.transform(seqs(val));
    const o = { depth: 4, learningRate: 0.1 };
    const t = performance.now();
    const full = new ObliviousBoosting({ ...o, nEstimators: opts.boostTrees, seed: 0 }).fit(Z, train.y).toJSON();
    const s = (performance.now() - t) / 1000;
    const st = full.state as { trees: unknown[] };
    const cands: Cand[] = [];
    for (let n = 50; n <= opts.boostTrees; n += 50) {
      const json = { ...full, params: { ...full.params, nEstimators: n }, state: { ...st, trees: st.trees.slice(0, n) } };
      const b = await fromJSONAsync<ObliviousBoosting>(json);
      cands.push({ label: `${n} trees`, ...scoreProba(b.predictProba(valZ), b.classes, val.y), json });
    }
    const k = lowest(cands);
    const what = `${stats.join('+')} pooling, ObliviousBoosting ${JSON.stringify(o)}`;
    record(`${name} ${what}, ${opts.boostTrees} trees`, cands, k, s);
    const desc = `${what}, ${k.label} of ${opts.boostTrees} (lowest val log-loss of every 50)`;
    ctx.save(name, new Pipeline([pool, await fromJSONAsync<ObliviousBoosting>(k.json)]), { desc, val: k.f1, valNll: k.nll, fit: s });
  }
}
