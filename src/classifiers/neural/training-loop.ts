/**
 * The neural classifiers' epoch loop and the training session it runs on: the network, its optimizer
 * (with adam's moments and step count), the shuffling generator and the sample order. A session kept
 * after `fit` lets `continueFit` train more epochs exactly as if `fit` had been given them all at once.
 * @internal
 * @packageDocumentation
 */
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { MirkitError } from '../../errors.js';
import type { ResolvedTrain } from './options.js';
import { tfSync } from './tf.js';
import { shuffleInPlace } from './util.js';

/** Data ready for training: flat samples and their per-sample tensor shape. @internal */
export interface PreparedData {
  n: number;
  sampleShape: number[];
  data: Float32Array;
}

/** Per-fit training record. */
export interface TrainingHistory {
  /** Mean training loss per epoch. */
  loss: number[];
  /** Validation accuracy per epoch (early stopping only). */
  valAccuracy: number[];
  /** Epochs actually run. */
  epochs: number;
  /** Wall time of each epoch in milliseconds (training steps plus validation). */
  epochMs: number[];
}

/**
 * Everything one training run carries from epoch to epoch. `fit` creates it; without early stopping
 * the classifier keeps it so that `continueFit` resumes the same run. @internal
 */
export interface TrainingSession {
  /** The network being trained. */
  model: tfl.LayersModel;
  /** The optimizer, with its state (adam's moments and step count). */
  optimizer: tf.Optimizer;
  /** The generator that shuffles `trainIdx` every epoch (the dropout layers hold their own). */
  rng: () => number;
  /** Training sample order, shuffled in place every epoch. */
  trainIdx: Int32Array;
  /** Samples held out for early stopping (empty without it). */
  valIdx: Int32Array;
  /** Number of samples the run was started on (training plus held out). */
  nSamples: number;
  /** The resolved training options of the run. */
  opt: ResolvedTrain;
  /** Samples per batch of the held-out predictions (within `MAX_ACTIVATION_VALUES`). */
  predictBatch: number;
}

/** Frees a session's optimizer (the model is the classifier's to free). @internal */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  // tfjs 4.x MomentumOptimizer.dispose() forgets the SGD learning-rate scalar `c`.
  const c = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (c && !c.isDisposed) c.dispose();
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Copies the rows `idx` of prepared data into one flat buffer. @internal */
export function gather(prep: PreparedData, idx: ArrayLike<number>, per: number): Float32Array {
  const out = new Float32Array(idx.length * per);
  for (let i = 0; i < idx.length; i++) out.set(prep.data.subarray(idx[i] * per, (idx[i] + 1) * per), i * per);
  return out;
}

/** Softmax probabilities of `n` samples as flat (n x classes), `chunk` samples per forward pass. @internal */
export function forward(model: tfl.LayersModel, data: Float32Array, n: number, sampleShape: number[], chunk: number): Float32Array {
  const { tf } = tfSync();
  const nC = model.outputs[0].shape[1]!;
  const out = new Float32Array(n * nC);
  const per = data.length / n;
  for (let s = 0; s < n; s += chunk) {
    const m = Math.min(chunk, n - s);
    const vals = tf.tidy(() => {
      const x = tf.tensor(data.subarray(s * per, (s + m) * per), [m, ...sampleShape], 'float32');
      return tf.softmax(model.apply(x, { training: false }) as tf.Tensor).dataSync() as Float32Array;
    });
    out.set(vals, s * nC);
  }
  return out;
}

/** A Gamma(a, 1) draw (Marsaglia and Tsang; a < 1 boosted by U^(1/a)). @internal */
export function gammaSample(a: number, rng: () => number): number {
  if (a < 1) return gammaSample(a + 1, rng) * rng() ** (1 / a);
  const d = a - 1 / 3,
    c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      let u1 = rng();
      while (u1 <= 1e-300) u1 = rng();
      x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(Math.max(u, 1e-300)) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Mixup of one batch in place: `lambda ~ Beta(alpha, alpha)`, each sample mixed with the sample a random
 * permutation pairs it with; returns the mixed one-hot labels (n x nC, flat). @internal
 */
export function mixBatch(x: Float32Array, lab: Int32Array, per: number, nC: number, alpha: number, rng: () => number): Float32Array {
  const n = lab.length;
  const g1 = gammaSample(alpha, rng),
    g2 = gammaSample(alpha, rng);
  const lam = g1 + g2 > 0 ? g1 / (g1 + g2) : 0.5;
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(perm, rng);
  const src = x.slice();
  const y = new Float32Array(n * nC);
  for (let i = 0; i < n; i++) {
    const j = perm[i];
    for (let f = 0; f < per; f++) x[i * per + f] = lam * src[i * per + f] + (1 - lam) * src[j * per + f];
    y[i * nC + lab[i]] += lam;
    y[i * nC + lab[j]] += 1 - lam;
  }
  return y;
}

/**
 * Runs `epochs` epochs of `session` on `prep` (labels `index`, `nC` classes), appending to `history`.
 * With early stopping, stops when the held-out accuracy stalls and leaves the best weights in the model.
 * @throws MirkitError `BAD_DATA` when the loss diverges
 * @internal
 */
export function runEpochs(session: TrainingSession, prep: PreparedData, index: Int32Array, nC: number, epochs: number, history: TrainingHistory): void {
  const { tf } = tfSync();
  const { model, optimizer, rng, trainIdx, valIdx, opt } = session;
  const per = prep.data.length / prep.n;
  const bs = Math.min(opt.batchSize, trainIdx.length);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const kernels = opt.alpha > 0 ? model.trainableWeights.filter((w) => /kernel/.test(w.name)).map((w) => w.read()) : [];
  let best = -Infinity;
  let bestWeights: tf.Tensor[] | undefined;
  let stall = 0;
  const xVal = valIdx.length ? gather(prep, valIdx, per) : undefined;
  try {
    for (let e = 0; e < epochs; e++) {
      const tEpoch = now();
      shuffleInPlace(trainIdx, rng);
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < trainIdx.length; start += bs) {
        const idx = trainIdx.subarray(start, Math.min(trainIdx.length, start + bs));
        const xData = gather(prep, idx, per);
        const lab = new Int32Array(idx.length);
        for (let i = 0; i < idx.length; i++) lab[i] = index[idx[i]];
        let yData: Float32Array | undefined;
        if (opt.mixup > 0) yData = mixBatch(xData, lab, per, nC, opt.mixup, rng);
        const xb = tf.tensor(xData, [idx.length, ...prep.sampleShape], 'float32');
        const yb = yData ? tf.tensor2d(yData, [idx.length, nC], 'float32') : tf.tidy(() => tf.oneHot(tf.tensor1d(lab, 'int32'), nC));
        const cost = optimizer.minimize(
          () => {
            const logits = model.apply(xb, { training: true }) as tf.Tensor;
            let loss = tf.losses.softmaxCrossEntropy(yb, logits) as tf.Scalar;
            if (kernels.length) {
              let pen: tf.Tensor = tf.scalar(0);
              for (const k of kernels) pen = tf.add(pen, tf.sum(tf.square(k)));
              loss = tf.add(loss, tf.mul(opt.alpha / (2 * trainIdx.length), pen)) as tf.Scalar;
            }
            return loss;
          },
          true,
          vars,
        );
        xb.dispose();
        yb.dispose();
        if (cost) {
          lossSum += cost.dataSync()[0];
          cost.dispose();
        }
        batches++;
      }
      const loss = lossSum / Math.max(1, batches);
      history.loss.push(loss);
      history.epochs++;
      if (!Number.isFinite(loss)) {
        throw new MirkitError('BAD_DATA', `training diverged (loss ${loss} at epoch ${history.epochs}); lower learningRate or standardise the features`);
      }
      if (!xVal) {
        history.epochMs.push(now() - tEpoch);
        continue;
      }
      const probs = forward(model, xVal, valIdx.length, prep.sampleShape, session.predictBatch);
      let correct = 0;
      for (let i = 0; i < valIdx.length; i++) {
        let arg = 0;
        for (let c = 1; c < nC; c++) if (probs[i * nC + c] > probs[i * nC + arg]) arg = c;
        if (arg === index[valIdx[i]]) correct++;
      }
      const acc = correct / valIdx.length;
      history.valAccuracy.push(acc);
      history.epochMs.push(now() - tEpoch);
      if (acc > best + opt.tol) {
        best = acc;
        stall = 0;
        if (bestWeights) tf.dispose(bestWeights);
        bestWeights = model.getWeights().map((w) => w.clone());
      } else if (++stall >= opt.nIterNoChange) {
        break;
      }
    }
    if (bestWeights) model.setWeights(bestWeights);
  } finally {
    if (bestWeights) tf.dispose(bestWeights);
  }
}
