import { beforeAll, expect, it } from 'vitest';
import { CNNClassifier, LSTMClassifier, MLPClassifier } from '../../../src/classifiers/neural/index.js';
import { StandardScaler } from '../../../src/classifiers/scaler.js';
import type { Matrix } from '../../../src/matrix.js';
import { describeShared } from '../../helpers/shared.js';
import { type ClipRef, clipFeatures, clipVoteAccuracy, listClips, meanStd, segmentSet, splitByClip } from './gtzan-audio.js';

/**
 * CNN and LSTM learn genre from real audio: the 100 GTZAN clips (10 genres x 10), 40-band log-mel frames,
 * 3 s segments (129 frames average-pooled by 4 to 32 steps), split by clip (7 train / 3 test clips per
 * genre, no clip on both sides), clip-level soft vote over its segments. The MLP on per-segment
 * mean/std of the same frames is printed next to them. Decoded features live in memory for this run only.
 */
const SEG = 129,
  POOL = 4;
const results: Record<string, number> = {};
let clips: ClipRef[];
let tr: { X: Matrix[]; y: string[]; clip: number[] };
let te: { X: Matrix[]; y: string[]; clip: number[] };

describeShared('neural classifiers on GTZAN audio (held-out clips)', () => {
  beforeAll(async () => {
    const t0 = performance.now();
    clips = listClips();
    expect(clips.length).toBe(100);
    const feats = await clipFeatures(clips);
    const { train, test } = splitByClip(clips, 7, 1);
    tr = segmentSet(feats, clips, train, SEG, POOL);
    te = segmentSet(feats, clips, test, SEG, POOL);
    console.log(
      `[neural] decoded ${clips.length} clips -> ${tr.X.length} train / ${te.X.length} test segments of ${tr.X[0].rows} x ${tr.X[0].cols} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }, 600_000);

  it('MLP on segment mean/std (reference)', async () => {
    const t0 = performance.now();
    const sc = new StandardScaler().fit(tr.X.map(meanStd));
    const mlp = await new MLPClassifier({
      hiddenLayerSizes: [30],
      dropout: 0.5,
      optimizer: 'adam',
      learningRate: 0.002,
      batchSize: 32,
      epochs: 60,
      seed: 1,
    }).fit(sc.transform(tr.X.map(meanStd)), tr.y);
    results.MLP = clipVoteAccuracy(mlp.predictProba(sc.transform(te.X.map(meanStd))), mlp.classes, te.clip, clips);
    mlp.dispose();
    console.log(`[neural] GTZAN audio held-out clip accuracy MLP ${results.MLP.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    expect(results.MLP).toBeGreaterThanOrEqual(0.3);
  }, 600_000);

  it('CNN learns genre from log-mel frames', async () => {
    const t0 = performance.now();
    const cnn = await new CNNClassifier({ epochs: 10, seed: 1 }).fit(tr.X, tr.y);
    results.CNN = clipVoteAccuracy(cnn.predictProba(te.X), cnn.classes, te.clip, clips);
    cnn.dispose();
    console.log(`[neural] GTZAN audio held-out clip accuracy CNN ${results.CNN.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    expect(results.CNN).toBeGreaterThanOrEqual(0.3);
  }, 600_000);

  it('LSTM learns genre from log-mel frames', async () => {
    const t0 = performance.now();
    const lstm = await new LSTMClassifier({ epochs: 4, seed: 1 }).fit(tr.X, tr.y);
    results.LSTM = clipVoteAccuracy(lstm.predictProba(te.X), lstm.classes, te.clip, clips);
    lstm.dispose();
    console.log(`[neural] GTZAN audio held-out clip accuracy LSTM ${results.LSTM.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    console.log(
      `[neural] GTZAN audio held-out clip accuracy (30 test clips, chance 0.1): ${Object.entries(results)
        .map(([k, v]) => `${k} ${v.toFixed(3)}`)
        .join(', ')}`,
    );
    expect(results.LSTM).toBeGreaterThanOrEqual(0.3);
  }, 600_000);
});
