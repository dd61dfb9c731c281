/**
 * Neural classifier benchmark: median wall time of one training epoch of MLPClassifier, CNNClassifier
 * and LSTMClassifier on the wasm and cpu TensorFlow.js backends, on synthetic data shaped like the
 * project's experiments (no ../shared needed):
 * - MLP: 900 x 57 feature rows (the GTZAN table's size), 10 classes, hidden [30], dropout 0.5, batch 32;
 * - CNN / LSTM: 320 sequences of 32 frames x 40 log-mel-like features (3 s segments pooled by 4), 10 classes,
 *   default architectures (CNN filters [32, 64]; LSTM 2 x 64 units), their default batch sizes (32 / 64).
 *
 * `npx tsx bench/neural.ts` prints the table; `npm run bench neural` includes it in bench/results.json.
 */
import { CNNClassifier, LSTMClassifier, MLPClassifier, setNeuralBackend, type NeuralBackend } from '../src/classifiers/neural/index.js';
import { createRng } from '../src/classifiers/random.js';
import { matrixFrom, type Matrix } from '../src/matrix.js';

/** One benchmark row. */
export interface BenchRow {
  stage: string;
  medianMs: number;
  note?: string;
}

function tableData(n: number, d: number, k: number, seed: number): { X: number[][]; y: number[] } {
  const rng = createRng(seed);
  const centers = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.normal()));
  const X: number[][] = [],
    y: number[] = [];
  for (let i = 0; i < n; i++) {
    X.push(centers[i % k].map((c) => c + rng.normal()));
    y.push(i % k);
  }
  return { X, y };
}

function seqData(n: number, T: number, F: number, k: number, seed: number): { X: Matrix[]; y: number[] } {
  const rng = createRng(seed);
  const X: Matrix[] = [],
    y: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = new Float32Array(T * F);
    for (let j = 0; j < d.length; j++) d[j] = rng.normal() + (j % F === i % k ? 1 : 0);
    X.push(matrixFrom(T, F, d));
    y.push(i % k);
  }
  return { X, y };
}

const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
};

/** Runs the benchmark on the given backends (default wasm and cpu); returns one row per model and backend. */
export async function run(backends: NeuralBackend[] = ['wasm', 'cpu'], epochs = 3): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const tab = tableData(900, 57, 10, 1);
  const seq = seqData(320, 32, 40, 10, 2);
  for (const be of backends) {
    try {
      await setNeuralBackend(be);
    } catch (e) {
      rows.push({ stage: `neural: backend ${be}`, medianMs: NaN, note: `unavailable: ${(e as Error).message}` });
      continue;
    }
    const mlp = await new MLPClassifier({
      hiddenLayerSizes: [30],
      dropout: 0.5,
      optimizer: 'sgd',
      learningRate: 0.005,
      batchSize: 32,
      epochs: epochs + 2,
      seed: 1,
    }).fit(tab.X, tab.y);
    rows.push({ stage: `neural: MLP [30] epoch, 900 x 57 (${be})`, medianMs: median(mlp.history!.epochMs), note: 'batch 32, 29 steps' });
    mlp.dispose();
    const cnn = await new CNNClassifier({ epochs, seed: 1 }).fit(seq.X, seq.y);
    rows.push({ stage: `neural: CNN epoch, 320 x 32 x 40 (${be})`, medianMs: median(cnn.history!.epochMs), note: 'batch 32, 10 steps' });
    cnn.dispose();
    const lstm = await new LSTMClassifier({ epochs, seed: 1 }).fit(seq.X, seq.y);
    rows.push({ stage: `neural: LSTM 2x64 epoch, 320 x 32 x 40 (${be})`, medianMs: median(lstm.history!.epochMs), note: 'batch 64, 5 steps' });
    lstm.dispose();
  }
  await setNeuralBackend('wasm').catch(() => undefined);
  return rows;
}

if (process.argv[1] && /bench[\\/]neural\.ts$/.test(process.argv[1])) {
  run().then((rows) => console.table(rows));
}
