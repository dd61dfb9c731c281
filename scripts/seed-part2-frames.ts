/**
 * The `frames` step of scripts/seed-part2.ts: frame-level training with clip-level aggregation
 * (`FrameLevelClassifier`). Every candidate is fitted on the training clips' frames (each frame labelled
 * with its clip's genre); its hyper-parameters, its epoch (networks, scored on validation after each epoch)
 * and the aggregation of its frames' probabilities (mean or normalised geometric mean) are chosen by macro F1
 * on the validation clips only. Saves the pick of each family: `frames_lr.json` (StandardScaler + logistic
 * regression on frames) and `frames_mlp.json` (an MLP on frames). The `seeds` family trains the MLP setting
 * that validation chose (read from the candidates row) with `--frames-seeds` seeds side by side, one epoch at a
 * time, and scores on validation the soft vote of the seeds after each epoch: `frames_mlp_seeds.json` is that
 * vote at the epoch and aggregation validation chose (variance reduction: one seed's validation curve moves
 * 1-3 points from epoch to epoch). The `noise` family trains that setting on frames with Gaussian noise added
 * (`FrameLevelClassifier`'s `noise`, 0.25 or 0.5 times each column's std, new each epoch; the level and epoch
 * chosen on validation): `frames_mlp_noise.json`.
 */
import {
  type Classifier,
  type FeatureTable,
  FrameLevelClassifier,
  type FrameAggregation,
  fromJSONAsync,
  type Label,
  LogisticRegression,
  type Matrix,
  MLPClassifier,
  type ModelJSON,
  Pipeline,
  precisionRecallF1,
  StandardScaler,
  VotingClassifier,
} from '../src/index.js';
import { trainEpoch, trainEpochs } from './seed-part2-epochs.js';

/** A split of clips: sequences (31 x 128 each) and genres. */
export type Split = { X: Matrix[]; y: string[] };

/** What the step needs from the study script. */
export interface FramesContext {
  /** Training clips (fit). */
  train: Split;
  /** Validation clips (every choice). */
  val: Split;
  /** Saves a model as `<name>.json` with its results row (the script scores it on test there). */
  save: (name: string, model: Classifier, row: Record<string, unknown>) => void;
  /** Records a results row without a model. */
  writeRow: (name: string, row: Record<string, unknown>) => void;
  /** Rows already recorded (the candidates row is extended). */
  results: Record<string, Record<string, unknown>>;
}

/** Options of the step (command-line flags of the script). */
export interface FramesOptions {
  /** Epoch cap of the MLP candidates (`--frames-epochs`, default 12). */
  maxEpochs: number;
  /** Only these families: `'lr'`, `'mlp'`, `'seeds'`, `'noise'` (`--frames-only`, default all four). */
  families: string[];
  /** Seeds of the `'seeds'` ensemble (`--frames-seeds`, default 5). */
  seeds: number;
}

/** A split's sequences as the table the models take. */
export const seqs = (s: Split): FeatureTable => s.X as unknown as FeatureTable;
/** Macro F1 of `pred` against `y`, in percent. */
export const macroF1 = (y: Label[], pred: Label[]): number => 100 * (precisionRecallF1(y, pred, { average: 'macro' }).f1 as number);

/** Validation macro F1 of a fitted frame model under each aggregation, from one pass over the validation frames. */
function scoreAggregations(m: FrameLevelClassifier, val: Split): Record<FrameAggregation, number> {
  const frames = m.predictFrameProba(seqs(val));
  const classes = m.classes;
  const pick = (agg: FrameAggregation): Label[] =>
    frames.map((P) => {
      const K = classes.length,
        row = new Array<number>(K).fill(0);
      for (const p of P) for (let k = 0; k < K; k++) row[k] += agg === 'logMean' ? Math.log(Math.max(p[k], 1e-12)) : p[k];
      let arg = 0;
      for (let k = 1; k < K; k++) if (row[k] > row[arg]) arg = k;
      return classes[arg];
    });
  return { mean: macroF1(val.y, pick('mean')), logMean: macroF1(val.y, pick('logMean')) };
}

/** The best of the two aggregations. */
const bestAgg = (s: Record<FrameAggregation, number>): { agg: FrameAggregation; val: number } =>
  s.logMean > s.mean ? { agg: 'logMean', val: s.logMean } : { agg: 'mean', val: s.mean };

/** The model JSON of `m` with `aggregation` set and, for a network trained epoch by epoch, its epoch count. */
function snapshot(m: FrameLevelClassifier, agg: FrameAggregation, epochs?: number): ModelJSON {
  const j = m.toJSON();
  const st = j.state as { estimator: ModelJSON };
  const estimator = epochs === undefined ? st.estimator : { ...st.estimator, params: { ...st.estimator.params, epochs } };
  return { ...j, params: { ...j.params, aggregation: agg }, state: { ...st, estimator } };
}

/** Runs the step: fits, chooses on validation, saves `frames_lr` and `frames_mlp`. */
export async function framesStep(ctx: FramesContext, opts: FramesOptions): Promise<void> {
  const { train, val } = ctx;
  const tried = { ...((ctx.results.frames_candidates ?? {}) as Record<string, unknown>) };
  type Pick = { key: string; val: number; json: ModelJSON; desc: string; fit: number };

  if (opts.families.includes('lr')) {
    let best: Pick | undefined;
    for (const context of [0, 1]) {
      for (const C of [0.01, 0.1, 1]) {
        const key = `lr ${JSON.stringify({ context, C })}`;
        const t = performance.now();
        const m = await new FrameLevelClassifier(new Pipeline([new StandardScaler(), new LogisticRegression({ C, maxIter: 200 })]), { context }).fit(
          seqs(train),
          train.y,
        );
        const fit = (performance.now() - t) / 1000;
        const s = scoreAggregations(m, val);
        const b = bestAgg(s);
        console.log(`  frames ${key}: val mean ${s.mean.toFixed(2)} logMean ${s.logMean.toFixed(2)} (fit ${fit.toFixed(1)} s)`);
        tried[key] = { ...s, fit };
        ctx.writeRow('frames_candidates', tried);
        if (!best || b.val > best.val) {
          const desc = `frame-level StandardScaler + LR C=${C}, context ${context}, ${b.agg} of frame probabilities (val)`;
          best = { key, val: b.val, json: snapshot(m, b.agg), desc, fit };
        }
      }
    }
    ctx.save('frames_lr', await fromJSONAsync(best!.json), { desc: best!.desc, val: best!.val, fit: best!.fit });
  }

  /** Fits each MLP setting epoch by epoch (validation after each); saves the best on validation as `name`. */
  const fitMlps = async (name: string, settings: ({ context: number; noise?: number } & Record<string, unknown>)[]): Promise<void> => {
    let best: Pick | undefined;
    for (const { context, noise, ...o } of settings) {
      const key = `mlp ${JSON.stringify({ ...o, context, ...(noise ? { noise } : {}) })}, ${opts.maxEpochs} epochs`;
      const t = performance.now();
      const net = new MLPClassifier({ ...o, standardize: true, learningRate: 0.001, batchSize: 256, epochs: 1, seed: 0 });
      const m = new FrameLevelClassifier(net, { context, noise: noise ?? 0 });
      const curve: Record<FrameAggregation, number>[] = [];
      let own: Pick | undefined;
      const trainS = await trainEpochs(m, seqs(train), train.y, opts.maxEpochs, (e) => {
        const s = scoreAggregations(m, val);
        curve.push(s);
        const b = bestAgg(s);
        if (!own || b.val > own.val) {
          const aug = noise ? `, Gaussian noise ${noise} x each column's std on training frames (new each epoch)` : '';
          const desc = `frame-level MLP ${JSON.stringify(o)} (standardized, adam 1e-3, batch 256), context ${context}${aug}, epoch ${e} of ${opts.maxEpochs} (val), ${b.agg} of frame probabilities (val)`;
          own = { key, val: b.val, json: snapshot(m, b.agg, e), desc, fit: NaN };
        }
      });
      const total = (performance.now() - t) / 1000;
      own!.fit = trainS;
      m.dispose();
      console.log(
        `  frames ${key}: val (mean/logMean per epoch) ${curve.map((s) => `${s.mean.toFixed(1)}/${s.logMean.toFixed(1)}`).join(' ')}; kept ${own!.val.toFixed(2)} (training ${trainS.toFixed(0)} s, ${total.toFixed(0)} s with validation scoring)`,
      );
      tried[key] = { curve, kept: own!.desc, val: own!.val, fit: trainS, total };
      ctx.writeRow('frames_candidates', tried);
      if (!best || own!.val > best.val) best = own;
    }
    ctx.save(name, await fromJSONAsync(best!.json), { desc: best!.desc, val: best!.val, fit: best!.fit });
  };
  /** The MLP setting with the best validation score among the candidates the 'mlp' family fitted (no noise). */
  const chosenMlp = (): { key: string; setting: { context: number } & Record<string, unknown> } => {
    const mlpKeys = Object.keys(tried).filter((k) => k.startsWith('mlp ') && !k.includes('"noise"'));
    if (mlpKeys.length === 0) throw new Error("frames: run the 'mlp' family first (no MLP candidates in results.json)");
    const key = mlpKeys.reduce((a, b) => ((tried[b] as { val: number }).val > (tried[a] as { val: number }).val ? b : a));
    return { key, setting: JSON.parse(key.slice(4, key.lastIndexOf('}') + 1)) };
  };

  if (opts.families.includes('mlp')) {
    await fitMlps('frames_mlp', [
      { hiddenLayerSizes: [256], dropout: 0.3, alpha: 1, context: 0 },
      { hiddenLayerSizes: [512], dropout: 0.5, alpha: 1, context: 0 },
      { hiddenLayerSizes: [256], dropout: 0.3, alpha: 1, context: 1 },
    ]);
  }

  if (opts.families.includes('noise')) {
    // augmentation: the chosen MLP setting trained on frames with Gaussian noise (scale chosen on validation)
    const { setting } = chosenMlp();
    await fitMlps(
      'frames_mlp_noise',
      [0.25, 0.5].map((noise) => ({ ...setting, noise })),
    );
  }

  if (opts.families.includes('seeds')) {
    const { key, setting } = chosenMlp();
    const { context, ...o } = setting;
    const seeds = Array.from({ length: opts.seeds }, (_, i) => i);
    const members = seeds.map(
      (seed) => new FrameLevelClassifier(new MLPClassifier({ ...o, standardize: true, learningRate: 0.001, batchSize: 256, epochs: 1, seed }), { context }),
    );
    let own: Pick | undefined;
    let trainS = 0;
    const curve: Record<FrameAggregation, number>[] = [];
    for (let e = 1; e <= opts.maxEpochs; e++) {
      for (const m of members) trainS += await trainEpoch(m, seqs(train), train.y, e);
      const frames = members.map((m) => m.predictFrameProba(seqs(val)));
      const s = {} as Record<FrameAggregation, number>;
      for (const agg of ['mean', 'logMean'] as const) {
        const votes = val.y.map((_, i) => {
          const sum = new Array<number>(members[0].classes.length).fill(0);
          for (const f of frames) {
            const p = aggregate(f[i], agg);
            for (let k = 0; k < sum.length; k++) sum[k] += p[k];
          }
          return members[0].classes[sum.indexOf(Math.max(...sum))];
        });
        s[agg] = macroF1(val.y, votes);
      }
      curve.push(s);
      const b = bestAgg(s);
      if (!own || b.val > own.val) {
        const ens = VotingClassifier.fromFitted(await Promise.all(members.map((m) => fromJSONAsync(snapshot(m, b.agg, e)))));
        const desc = `soft vote of ${opts.seeds} seeds of the frame-level MLP ${JSON.stringify(o)}, context ${context}, epoch ${e} of ${opts.maxEpochs} (val), ${b.agg} of frame probabilities (val)`;
        own = { key: 'seeds', val: b.val, json: ens.toJSON(), desc, fit: NaN };
        ens.dispose();
      }
    }
    for (const m of members) m.dispose();
    own!.fit = trainS;
    console.log(
      `  frames seeds (${opts.seeds} x ${key}): vote's val (mean/logMean per epoch) ${curve.map((s) => `${s.mean.toFixed(1)}/${s.logMean.toFixed(1)}`).join(' ')}; kept ${own!.val.toFixed(2)} (training ${trainS.toFixed(0)} s)`,
    );
    tried[`seeds ${opts.seeds} x ${key}`] = { curve, kept: own!.desc, val: own!.val, fit: trainS };
    ctx.writeRow('frames_candidates', tried);
    ctx.save('frames_mlp_seeds', await fromJSONAsync(own!.json), { desc: own!.desc, val: own!.val, fit: own!.fit });
  }
}

/** One clip's probabilities from its frames' (as `FrameLevelClassifier.predictProba` aggregates them). */
function aggregate(P: number[][], agg: FrameAggregation): number[] {
  const K = P[0].length,
    row = new Array<number>(K).fill(0);
  for (const p of P) for (let k = 0; k < K; k++) row[k] += agg === 'logMean' ? Math.log(Math.max(p[k], 1e-12)) : p[k] / P.length;
  if (agg === 'mean') return row;
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp((v - m) / P.length));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}
