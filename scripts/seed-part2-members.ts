/**
 * The `members` step of scripts/seed-part2.ts: more vote members, each fitted on `training` only and chosen
 * (setting, epoch, weight window) on `validation` only; `save` scores the pick on test for the table (a test
 * score never decides anything here).
 *
 * - `segments` (`segments_mlp.json`): an MLP on mean+std pooling trained on SEGMENTS: every training clip
 *   whole plus `--segments-per-clip` random windows of consecutive frames (length uniform in minLength..31, drawn
 *   once, seed 0), each window's mean+std a training row labelled with its clip's genre; a clip is predicted from
 *   its whole-clip mean+std (`Pipeline([SequencePooling, MLP])`). Candidates: minLength 8 or 16; trained one epoch
 *   at a time, the epoch chosen on validation.
 * - `mixup` (`pooled_mlp_mixup.json`): `fcnn`'s MLP setting on mean+std pooling trained with mixup
 *   (`MLPClassifier`'s `mixup`, Beta alpha 0.2 or 0.4), one epoch at a time up to `--mixup-epochs` (default 40);
 *   alpha and epoch chosen on validation.
 * - `swa` (`frames_mlp_swa.json`): the frame-level MLP setting validation chose (the `frames` step's candidates
 *   row), another seed (1), trained one epoch at a time up to `--swa-epochs` (default 10) with a snapshot after
 *   each; kept: the best on validation of each single epoch and every SWA model (one network with the mean
 *   weights of epochs e-k+1..e, k = 3 or 5, `averageModelWeights`), under either frame aggregation.
 */
import {
  averageModelWeights,
  type Classifier,
  type FeatureTable,
  type FrameAggregation,
  FrameLevelClassifier,
  fromJSONAsync,
  type Label,
  type Matrix,
  MLPClassifier,
  type ModelJSON,
  Pipeline,
  createRng,
  SequencePooling,
} from '../src/index.js';
import { type FramesContext, macroF1, type Split, seqs } from './seed-part2-frames.js';
import { trainEpochs } from './seed-part2-epochs.js';

/** Options of the step (command-line flags of the script). */
export interface MembersOptions {
  /** Only these families: `'segments'`, `'swa'`, `'mixup'` (`--members-only`, default all three). */
  families: string[];
  /** Random windows per training clip for `segments` (`--segments-per-clip`, default 7). */
  segmentsPerClip: number;
  /** Epoch cap of `segments` (`--segments-epochs`, default 12). */
  segmentsEpochs: number;
  /** Epoch cap of `swa` (`--swa-epochs`, default 10). */
  swaEpochs: number;
  /** Epoch cap of `mixup` (`--mixup-epochs`, default 40). */
  mixupEpochs: number;
}

/** Every clip whole plus `perClip` random windows (length uniform in minLength..rows), with their clips' labels. */
function segments(train: Split, perClip: number, minLength: number, seed: number): Split {
  const rng = createRng(seed);
  const X: Matrix[] = [],
    y: string[] = [];
  train.X.forEach((m, i) => {
    X.push(m);
    y.push(train.y[i]);
    for (let r = 0; r < perClip; r++) {
      const L = minLength + rng.int(m.rows - minLength + 1);
      const s = rng.int(m.rows - L + 1);
      X.push({ rows: L, cols: m.cols, data: m.data.subarray(s * m.cols, (s + L) * m.cols) } as Matrix);
      y.push(train.y[i]);
    }
  });
  return { X, y };
}

/** A kept candidate: its validation macro F1, model JSON, description and training seconds. */
type Pick = { val: number; json: ModelJSON; desc: string; fit: number };

/**
 * Trains `mlp` on (`Z`, `y`) one epoch at a time up to `epochs`, scoring validation (`valZ`) after each, and keeps
 * the best epoch's model (its JSON with `epochs` set to that epoch, described by `describe(e)`); records the curve
 * as candidate `key` in the `members_candidates` row (`tried`) and returns the pick.
 */
async function bestEpoch(
  ctx: FramesContext,
  tried: Record<string, unknown>,
  key: string,
  mlp: MLPClassifier,
  data: { Z: FeatureTable; y: Label[]; valZ: FeatureTable },
  epochs: number,
  describe: (e: number) => string,
): Promise<Pick> {
  const { Z, y, valZ } = data;
  const curve: number[] = [];
  let own: Pick | undefined;
  const trainS = await trainEpochs(mlp, Z, y, epochs, (e) => {
    const v = macroF1(ctx.val.y, mlp.predict(valZ));
    curve.push(v);
    if (!own || v > own.val) {
      const j = mlp.toJSON();
      own = { val: v, json: { ...j, params: { ...j.params, epochs: e } }, desc: describe(e), fit: NaN };
    }
  });
  own!.fit = trainS;
  mlp.dispose();
  console.log(`  members ${key}: val per epoch ${curve.map((v) => v.toFixed(1)).join(' ')}; kept ${own!.val.toFixed(2)} (training ${trainS.toFixed(0)} s)`);
  tried[key] = { curve, kept: own!.desc, val: own!.val, fit: trainS };
  ctx.writeRow('members_candidates', tried);
  return own!;
}

/** Runs the step. */
export async function membersStep(ctx: FramesContext, opts: MembersOptions): Promise<void> {
  const { train, val } = ctx;
  const tried = { ...((ctx.results.members_candidates ?? {}) as Record<string, unknown>) };

  if (opts.families.includes('segments')) {
    let best: Pick | undefined;
    const pool = new SequencePooling({ stats: ['mean', 'std'] });
    pool.fit(seqs(train));
    const valZ = pool.transform(seqs(val));
    for (const minLength of [8, 16]) {
      const o = { hiddenLayerSizes: [256], dropout: 0.5, alpha: 1 };
      const key = `segments ${JSON.stringify({ ...o, minLength, perClip: opts.segmentsPerClip })}, ${opts.segmentsEpochs} epochs`;
      const seg = segments(train, opts.segmentsPerClip, minLength, 0);
      const Z = pool.transform(seqs(seg));
      const mlp = new MLPClassifier({ ...o, standardize: true, learningRate: 0.001, batchSize: 256, epochs: 1, seed: 0 });
      const own = await bestEpoch(
        ctx,
        tried,
        key,
        mlp,
        { Z, y: seg.y, valZ },
        opts.segmentsEpochs,
        (e) =>
          `MLP ${JSON.stringify(o)} (standardized, adam 1e-3, batch 256) on mean+std of segments: each training clip whole + ${opts.segmentsPerClip} random windows of ${minLength}-31 frames (${Z.length} rows), whole-clip pooling to predict, epoch ${e} of ${opts.segmentsEpochs} (val)`,
      );
      if (!best || own.val > best.val) best = own;
    }
    const model = new Pipeline([pool, await fromJSONAsync<MLPClassifier>(best!.json)]);
    ctx.save('segments_mlp', model, { desc: best!.desc, val: best!.val, fit: best!.fit });
  }

  if (opts.families.includes('mixup')) {
    let best: Pick | undefined;
    const pool = new SequencePooling({ stats: ['mean', 'std'] });
    const Z = pool.fit(seqs(train)).transform(seqs(train));
    const valZ = pool.transform(seqs(val));
    for (const mixup of [0.2, 0.4]) {
      const o = { hiddenLayerSizes: [256], dropout: 0.5, alpha: 1, mixup };
      const key = `mixup ${JSON.stringify(o)}, ${opts.mixupEpochs} epochs`;
      const mlp = new MLPClassifier({ ...o, standardize: true, learningRate: 0.001, batchSize: 128, epochs: 1, seed: 0 });
      const own = await bestEpoch(
        ctx,
        tried,
        key,
        mlp,
        { Z, y: train.y, valZ },
        opts.mixupEpochs,
        (e) =>
          `mean+std pooling, MLP ${JSON.stringify(o)} (standardized, adam 1e-3, batch 128), mixup alpha ${mixup} (val), epoch ${e} of ${opts.mixupEpochs} (val)`,
      );
      if (!best || own.val > best.val) best = own;
    }
    ctx.save('pooled_mlp_mixup', new Pipeline([pool, await fromJSONAsync<MLPClassifier>(best!.json)]), { desc: best!.desc, val: best!.val, fit: best!.fit });
  }

  if (opts.families.includes('swa')) {
    const mlpKeys = Object.keys((ctx.results.frames_candidates ?? {}) as object).filter((k) => k.startsWith('mlp ') && !k.includes('"noise"'));
    const cands = ctx.results.frames_candidates as Record<string, { val: number }>;
    if (mlpKeys.length === 0) throw new Error("members swa: run the frames step's 'mlp' family first");
    const key0 = mlpKeys.reduce((a, b) => (cands[b].val > cands[a].val ? b : a));
    const { context, ...o } = JSON.parse(key0.slice(4, key0.lastIndexOf('}') + 1)) as { context: number } & Record<string, unknown>;
    const seed = 1;
    const m = new FrameLevelClassifier(new MLPClassifier({ ...o, standardize: true, learningRate: 0.001, batchSize: 256, epochs: 1, seed }), { context });
    const snaps: ModelJSON[] = [];
    const trainS = await trainEpochs(m, seqs(train), train.y, opts.swaEpochs, () => snaps.push(m.toJSON()));
    m.dispose();
    /** The frame model JSON with the estimator replaced and the aggregation set. */
    const wrap = (frame: ModelJSON, estimator: ModelJSON, agg: FrameAggregation): ModelJSON => ({
      ...frame,
      params: { ...frame.params, aggregation: agg },
      state: { ...(frame.state as object), estimator },
    });
    const est = (j: ModelJSON): ModelJSON => (j.state as { estimator: ModelJSON }).estimator;
    const scores: Record<string, Record<FrameAggregation, number>> = {};
    let own: Pick | undefined;
    const consider = async (label: string, estimator: ModelJSON, frame: ModelJSON): Promise<void> => {
      scores[label] = { mean: NaN, logMean: NaN };
      for (const agg of ['mean', 'logMean'] as const) {
        const json = wrap(frame, estimator, agg);
        const c = await fromJSONAsync<Classifier & { dispose(): void }>(json);
        const v = (scores[label][agg] = macroF1(val.y, c.predict(seqs(val))));
        c.dispose();
        if (!own || v > own.val) {
          const desc = `frame-level MLP ${JSON.stringify(o)} (standardized, adam 1e-3, batch 256), context ${context}, seed ${seed}, ${label} of ${opts.swaEpochs} (val), ${agg} of frame probabilities (val)`;
          own = { val: v, json, desc, fit: trainS };
        }
      }
    };
    for (let e = 1; e <= snaps.length; e++) {
      const j = est(snaps[e - 1]);
      await consider(`epoch ${e}`, { ...j, params: { ...j.params, epochs: e } }, snaps[e - 1]);
    }
    for (const k of [3, 5])
      for (let e = k; e <= snaps.length; e++)
        await consider(`SWA: mean weights of epochs ${e - k + 1}-${e}`, averageModelWeights(snaps.slice(e - k, e).map(est)), snaps[e - 1]);
    console.log(
      `  members swa: ${Object.entries(scores)
        .map(([l, s]) => `${l.replace('SWA: mean weights of epochs ', 'swa ')} ${s.mean.toFixed(1)}/${s.logMean.toFixed(1)}`)
        .join('; ')}; kept ${own!.val.toFixed(2)} (training ${trainS.toFixed(0)} s)`,
    );
    tried[`swa ${JSON.stringify({ ...o, context, seed })}, ${opts.swaEpochs} epochs`] = { scores, kept: own!.desc, val: own!.val, fit: trainS };
    ctx.writeRow('members_candidates', tried);
    ctx.save('frames_mlp_swa', await fromJSONAsync(own!.json), { desc: own!.desc, val: own!.val, fit: own!.fit });
  }
}
