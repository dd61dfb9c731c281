/**
 * The long version of the neural audio experiment (test/classifiers/neural/audio-gtzan.test.ts):
 * the 100 GTZAN clips in ../shared/data/gtzan/audio, 40-band log-mel frames, 3 s segments
 * (129 frames average-pooled by `--pool`), split by clip (7 train / 3 test clips per genre) for
 * `--splits` different seeded splits, clip-level soft vote; prints held-out clip accuracy for
 * MLP (on segment mean/std), CNN and LSTM per split and on average.
 *
 * Usage: npx tsx scripts/neural-gtzan-audio.ts [--splits 3] [--mlp-epochs 200] [--cnn-epochs 30]
 *        [--lstm-epochs 15] [--pool 4] [--backend wasm|cpu]
 */
import { CNNClassifier, LSTMClassifier, MLPClassifier, setNeuralBackend, type NeuralBackend } from '../src/classifiers/neural/index.js';
import { StandardScaler } from '../src/classifiers/scaler.js';
import { clipFeatures, clipVoteAccuracy, listClips, meanStd, segmentSet, splitByClip } from '../test/classifiers/neural/gtzan-audio.js';

function arg(name: string, def: number): number;
function arg(name: string, def: string): string;
function arg(name: string, def: number | string): number | string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) return def;
  return typeof def === 'number' ? Number(process.argv[i + 1]) : process.argv[i + 1];
}

async function main(): Promise<void> {
  const splits = arg('splits', 3),
    pool = arg('pool', 4);
  const mlpEpochs = arg('mlp-epochs', 200),
    cnnEpochs = arg('cnn-epochs', 30),
    lstmEpochs = arg('lstm-epochs', 15);
  const backend = await setNeuralBackend(arg('backend', 'wasm') as NeuralBackend);
  let t = performance.now();
  const clips = listClips();
  const feats = await clipFeatures(clips);
  console.log(
    `backend ${backend}; decoded ${clips.length} clips into ${feats[0].cols}-band log-mel frames in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const acc: Record<string, number[]> = { MLP: [], CNN: [], LSTM: [] };
  for (let s = 1; s <= splits; s++) {
    const { train, test } = splitByClip(clips, 7, s);
    const tr = segmentSet(feats, clips, train, 129, pool),
      te = segmentSet(feats, clips, test, 129, pool);
    const line: string[] = [];
    t = performance.now();
    const sc = new StandardScaler().fit(tr.X.map(meanStd));
    const mlp = await new MLPClassifier({
      hiddenLayerSizes: [30],
      dropout: 0.5,
      optimizer: 'adam',
      learningRate: 0.002,
      batchSize: 32,
      epochs: mlpEpochs,
      seed: s,
    }).fit(sc.transform(tr.X.map(meanStd)), tr.y);
    acc.MLP.push(clipVoteAccuracy(mlp.predictProba(sc.transform(te.X.map(meanStd))), mlp.classes, te.clip, clips));
    mlp.dispose();
    line.push(`MLP ${acc.MLP.at(-1)!.toFixed(3)} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
    t = performance.now();
    const cnn = await new CNNClassifier({ epochs: cnnEpochs, seed: s }).fit(tr.X, tr.y);
    acc.CNN.push(clipVoteAccuracy(cnn.predictProba(te.X), cnn.classes, te.clip, clips));
    cnn.dispose();
    line.push(`CNN ${acc.CNN.at(-1)!.toFixed(3)} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
    t = performance.now();
    const lstm = await new LSTMClassifier({ epochs: lstmEpochs, seed: s }).fit(tr.X, tr.y);
    acc.LSTM.push(clipVoteAccuracy(lstm.predictProba(te.X), lstm.classes, te.clip, clips));
    lstm.dispose();
    line.push(`LSTM ${acc.LSTM.at(-1)!.toFixed(3)} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
    console.log(
      `split ${s}: ${tr.X.length} train / ${te.X.length} test segments of ${tr.X[0].rows} x ${tr.X[0].cols}; held-out clip accuracy ${line.join(', ')}`,
    );
  }
  const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
  console.log(
    `mean held-out clip accuracy over ${splits} splits (30 clips each, chance 0.1): ` +
      Object.entries(acc)
        .map(([k, v]) => `${k} ${mean(v).toFixed(3)}`)
        .join(', '),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
