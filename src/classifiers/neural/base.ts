/**
 * Shared machinery of the TensorFlow.js classifiers: the seeded training loop, early stopping,
 * prediction, save/restore of weights and memory management.
 * @internal
 * @packageDocumentation
 */
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { MirkitError } from '../../errors.js';
import type { Label, ModelJSON } from '../types.js';
import { ensureBackend, ensureBackendSync } from './backend.js';
import { tfSync } from './tf.js';
import type { ResolvedTrain } from './options.js';
import { base64ToBytes, encodeLabels, makeRng, nextSeed, shuffleInPlace } from './util.js';
import { checkClasses, copyParams } from '../base.js';
import { saveWeights, type SavedWeights } from './weights.js';

export { bad, posInt, posNum, rate, resolveTrain, type NeuralTrainOptions, type ResolvedTrain } from './options.js';
export { saveWeights, type SavedWeights, type WeightSpec } from './weights.js';

/** Version of the neural models' JSON state. */
export const NEURAL_JSON_VERSION = 1;

/** Data ready for training: flat samples and their per-sample tensor shape. @internal */
export interface PreparedData {
  n: number;
  sampleShape: number[];
  data: Float32Array;
}

/**
 * A tensor of the network being built (tfjs' `SymbolicTensor`), opaque in mirkit's declarations so
 * that they never name TensorFlow.js (an optional peer dependency). @internal
 */
export interface NetworkNode {
  /** The tensor's shape (null for the batch dimension). */
  readonly shape: ReadonlyArray<number | null>;
}

/** The loaded TensorFlow.js modules handed to {@link NeuralBase.hiddenLayers}, opaque in mirkit's declarations likewise. @internal */
export type NeuralModules = object;

/**
 * A TensorFlow.js layers model (`tf.LayersModel`), opaque in mirkit's declarations so that they do not
 * depend on TensorFlow.js's types (an optional peer dependency).
 */
export interface NeuralNetwork {
  /** Frees the model's weight tensors. */
  dispose(): unknown;
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
 * Base class of {@link MLPClassifier}, {@link CNNClassifier} and {@link LSTMClassifier}.
 * @internal
 */
export abstract class NeuralBase {
  /** The tfjs model once fitted (private: its type stays out of the public declarations). */
  private model: tfl.LayersModel | undefined;
  /** @internal */
  protected _classes: Label[] | undefined;
  /** @internal */
  protected saved: SavedWeights | undefined;
  /** Loss and validation curves of the last `fit`. */
  history: TrainingHistory | undefined;

  /** The constructor options as given. */
  abstract readonly options: object;

  /** The constructor options as given (scikit-learn's `get_params`), a plain JSON-able copy. */
  getParams(): this['options'] {
    return copyParams(this.options);
  }

  /** An unfitted copy with the same params (scikit-learn's `clone`). */
  clone(): this {
    return new (this.constructor as new (options: object) => this)(this.getParams());
  }

  /** Model type name in JSON. @internal */
  protected abstract readonly typeName: string;
  /** Constructor options as plain JSON. @internal */
  protected paramsJSON(): Record<string, unknown> {
    return JSON.parse(JSON.stringify(this.options));
  }

  /**
   * Restores a model of class `Model` saved by its `toJSON`: invalid params are `BAD_MODEL`, then the
   * fitted state (weights) when there is one. @internal
   */
  protected static restoreJSON<M extends NeuralBase>(Model: new (options: object) => M, json: unknown, type: string): M {
    const j = checkHeader(json, type);
    let m: M;
    try {
      m = new Model(j.params);
    } catch (e) {
      throw new MirkitError('BAD_MODEL', `${type} JSON params are invalid: ${(e as Error).message}`);
    }
    return m.restore(j);
  }
  /** Extra fitted state (scalers, shapes) as plain JSON. @internal */
  protected abstract extraState(): Record<string, unknown>;
  /** Restores the extra state. @internal */
  protected abstract loadExtraState(s: Record<string, unknown>): void;
  /** Builds the (uncompiled) network: the model's {@link NeuralBase.hiddenLayers}, then a linear (softmax) output layer. @internal */
  protected build(sampleShape: number[], nClasses: number, rng: () => number): NeuralNetwork {
    const lib = tfSync('building the network');
    const input = lib.tfl.input({ shape: sampleShape });
    const h = this.hiddenLayers(lib, input, rng) as tfl.SymbolicTensor;
    const output = lib.tfl.layers.dense({ units: nClasses, kernelInitializer: lib.tfl.initializers.glorotUniform({ seed: nextSeed(rng) }) });
    return lib.tfl.model({ inputs: input, outputs: output.apply(h) as tfl.SymbolicTensor });
  }
  /** The layers from the input to the output layer (a dropout before it included), seeded from `rng`. @internal */
  protected abstract hiddenLayers(lib: NeuralModules, input: NetworkNode, rng: () => number): NetworkNode;
  /** Per-sample input shape of the fitted model. @internal */
  protected abstract fittedSampleShape(): number[];

  /** The classes seen in `fit`, sorted (numbers ascending, strings in code-unit order). */
  get classes(): Label[] {
    if (!this._classes) throw new MirkitError('NOT_FITTED', `${this.typeName} is not fitted: call fit first`);
    return this._classes.slice();
  }

  /** True once `fit` (or `fromJSON` with state) has produced a model. */
  get fitted(): boolean {
    return this.model !== undefined;
  }

  /** Shared training loop. @internal */
  protected async train(prep: PreparedData, y: unknown, opt: ResolvedTrain): Promise<void> {
    const { classes, index } = encodeLabels(y, prep.n);
    await ensureBackend();
    const { tf, layers } = tfSync();
    this.dispose();
    const nC = classes.length;
    const rng = makeRng(opt.seed ?? Math.floor(Math.random() * 2 ** 31));
    const model = this.build(prep.sampleShape, nC, rng) as tfl.LayersModel;
    const dropRng = makeRng(nextSeed(rng));
    for (const l of model.layers) if (l instanceof layers.SeededDropout) l.rng = dropRng;

    // Split (stratified) for early stopping.
    let trainIdx: Int32Array;
    let valIdx = new Int32Array(0);
    if (opt.earlyStopping) {
      const byClass: number[][] = Array.from({ length: nC }, () => []);
      for (let i = 0; i < prep.n; i++) byClass[index[i]].push(i);
      const tr: number[] = [];
      const va: number[] = [];
      for (const members of byClass) {
        shuffleInPlace(members, rng);
        const k = members.length > 1 ? Math.max(1, Math.round(members.length * opt.validationFraction)) : 0;
        va.push(...members.slice(0, k));
        tr.push(...members.slice(k));
      }
      trainIdx = Int32Array.from(tr);
      valIdx = Int32Array.from(va);
    } else {
      trainIdx = new Int32Array(prep.n);
      for (let i = 0; i < prep.n; i++) trainIdx[i] = i;
    }

    const per = prep.data.length / prep.n;
    const bs = Math.min(opt.batchSize, trainIdx.length);
    const optimizer = opt.optimizer === 'adam' ? tf.train.adam(opt.learningRate) : tf.train.momentum(opt.learningRate, opt.momentum, true);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const kernels = opt.alpha > 0 ? model.trainableWeights.filter((w) => /kernel/.test(w.name)).map((w) => w.read()) : [];
    const history: TrainingHistory = { loss: [], valAccuracy: [], epochs: 0, epochMs: [] };
    let best = -Infinity;
    let bestWeights: tf.Tensor[] | undefined;
    let stall = 0;
    const xVal = valIdx.length ? gather(prep, valIdx, per) : undefined;
    try {
      for (let epoch = 0; epoch < opt.epochs; epoch++) {
        const tEpoch = now();
        shuffleInPlace(trainIdx, rng);
        let lossSum = 0;
        let batches = 0;
        for (let start = 0; start < trainIdx.length; start += bs) {
          const idx = trainIdx.subarray(start, Math.min(trainIdx.length, start + bs));
          const xb = tf.tensor(gather(prep, idx, per), [idx.length, ...prep.sampleShape], 'float32');
          const lab = new Int32Array(idx.length);
          for (let i = 0; i < idx.length; i++) lab[i] = index[idx[i]];
          const yb = tf.tidy(() => tf.oneHot(tf.tensor1d(lab, 'int32'), nC));
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
        history.loss.push(lossSum / Math.max(1, batches));
        history.epochs = epoch + 1;
        if (!Number.isFinite(history.loss[epoch])) {
          throw new MirkitError(
            'BAD_DATA',
            `training diverged (loss ${history.loss[epoch]} at epoch ${epoch + 1}); lower learningRate or standardise the features`,
          );
        }
        if (!xVal) history.epochMs.push(now() - tEpoch);
        if (xVal) {
          const probs = this.forward(model, xVal, valIdx.length, prep.sampleShape);
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
      }
      if (bestWeights) model.setWeights(bestWeights);
    } catch (e) {
      model.dispose();
      throw e;
    } finally {
      if (bestWeights) tf.dispose(bestWeights);
      optimizer.dispose();
      // tfjs 4.x MomentumOptimizer.dispose() forgets the SGD learning-rate scalar `c`.
      const c = (optimizer as unknown as { c?: tf.Tensor }).c;
      if (c && !c.isDisposed) c.dispose();
    }
    this.model = model;
    this._classes = classes;
    this.history = history;
    this.saved = await saveWeights(model);
  }

  /** Softmax probabilities of a batch as flat (n x classes). @internal */
  private forward(model: tfl.LayersModel, data: Float32Array, n: number, sampleShape: number[]): Float32Array {
    const { tf } = tfSync();
    const out = new Float32Array(n * model.outputs[0].shape[1]!);
    const chunk = 256;
    const per = data.length / n;
    const nC = model.outputs[0].shape[1]!;
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

  /** Probabilities for prepared data as number[][]. @internal */
  protected probaPrepared(prep: PreparedData): number[][] {
    const model = this.requireModel();
    ensureBackendSync('predicting');
    const flat = this.forward(model, prep.data, prep.n, prep.sampleShape);
    const nC = this._classes!.length;
    const rows: number[][] = [];
    for (let i = 0; i < prep.n; i++) {
      const r = Array.from(flat.subarray(i * nC, (i + 1) * nC));
      let s = 0;
      for (const v of r) s += v;
      rows.push(r.map((v) => v / s));
    }
    return rows;
  }

  /** Argmax labels of probability rows. @internal */
  protected argmaxLabels(p: number[][]): Label[] {
    const cls = this._classes!;
    return p.map((r) => {
      let a = 0;
      for (let c = 1; c < r.length; c++) if (r[c] > r[a]) a = c;
      return cls[a];
    });
  }

  /** @internal */
  protected assertFitted(): void {
    this.requireModel();
  }

  private requireModel(): tfl.LayersModel {
    if (!this.model || !this._classes) throw new MirkitError('NOT_FITTED', `${this.typeName} is not fitted: call fit (await it) first`);
    return this.model;
  }

  /** Frees the TensorFlow.js model (its weight tensors). The classifier is unfitted afterwards. */
  dispose(): void {
    if (this.model) this.model.dispose();
    this.model = undefined;
    this._classes = undefined;
    this.saved = undefined;
  }

  /** Plain-JSON snapshot: options, classes, scalers and the weights as base64. */
  toJSON(): ModelJSON {
    const json: ModelJSON = { format: 'mirkit-model', version: NEURAL_JSON_VERSION, type: this.typeName, params: this.paramsJSON() };
    if (this.model && this._classes && this.saved) {
      json.state = {
        classes: this._classes.slice(),
        sampleShape: this.fittedSampleShape(),
        ...this.extraState(),
        weights: { weightSpecs: this.saved.weightSpecs, weightData: this.saved.weightData, modelTopology: this.saved.modelTopology },
      };
    }
    return json;
  }

  /** Restores the fitted state of a JSON snapshot into this (unfitted) instance. @internal */
  protected restore(json: ModelJSON): this {
    const st = json.state as Record<string, unknown> | undefined;
    if (st === undefined) return this;
    if (typeof st !== 'object' || st === null) throw new MirkitError('BAD_MODEL', `${this.typeName} JSON state must be an object`);
    const classes = st.classes as Label[];
    const sampleShape = st.sampleShape as number[];
    const w = st.weights as SavedWeights | undefined;
    if (
      !Array.isArray(classes) ||
      classes.length < 2 ||
      !Array.isArray(sampleShape) ||
      !w ||
      !Array.isArray(w.weightSpecs) ||
      typeof w.weightData !== 'string'
    ) {
      throw new MirkitError('BAD_MODEL', `${this.typeName} JSON state lacks classes, sampleShape or weights`);
    }
    checkClasses(classes, this.typeName);
    if (!sampleShape.every((v) => Number.isInteger(v) && v > 0) || sampleShape.reduce((a, b) => a * b, 1) > 2 ** 24) {
      throw new MirkitError('BAD_MODEL', `${this.typeName} JSON state.sampleShape must hold positive integers (at most 2^24 values per sample)`);
    }
    this.loadExtraState(st);
    ensureBackendSync(`restoring a fitted ${this.typeName} synchronously (fromJSON)`);
    const { tf } = tfSync();
    const model = this.build(sampleShape, classes.length, makeRng(1)) as tfl.LayersModel;
    try {
      const bytes = base64ToBytes(w.weightData);
      const artifacts = tf.io.fromMemorySync({
        modelTopology: w.modelTopology as object,
        weightSpecs: w.weightSpecs as tf.io.WeightsManifestEntry[],
        weightData: bytes.slice().buffer,
      }).load!();
      const named = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
      const vals = w.weightSpecs.map((s) => named[s.name]);
      const expected = model.weights;
      try {
        if (vals.length !== expected.length || vals.some((v, i) => !v || !tf.util.arraysEqual(v.shape, expected[i].shape as number[]))) {
          throw new MirkitError('BAD_MODEL', `${this.typeName} JSON weights do not match the architecture in params`);
        }
        vals.forEach((v, i) => {
          const data = v.dataSync();
          for (let k = 0; k < data.length; k++) {
            if (!Number.isFinite(data[k]))
              throw new MirkitError('BAD_MODEL', `${this.typeName} JSON state.weights.${w.weightSpecs[i].name}[${k}] is ${data[k]}: weights must be finite`);
          }
        });
        model.setWeights(vals);
      } finally {
        tf.dispose(Object.values(named));
      }
    } catch (e) {
      model.dispose();
      if (e instanceof MirkitError) throw e;
      throw new MirkitError('BAD_MODEL', `${this.typeName} JSON weights could not be read: ${(e as Error).message}`);
    }
    this.dispose();
    this.model = model;
    this._classes = classes.slice();
    this.saved = { weightSpecs: w.weightSpecs, weightData: w.weightData, modelTopology: w.modelTopology };
    return this;
  }
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Copies the rows `idx` of prepared data into one flat buffer. @internal */
export function gather(prep: PreparedData, idx: ArrayLike<number>, per: number): Float32Array {
  const out = new Float32Array(idx.length * per);
  for (let i = 0; i < idx.length; i++) out.set(prep.data.subarray(idx[i] * per, (idx[i] + 1) * per), i * per);
  return out;
}

/** Checks a JSON header for one of the neural types. @internal */
export function checkHeader(json: unknown, type: string): ModelJSON {
  const j = json as ModelJSON;
  if (typeof j !== 'object' || j === null || j.format !== 'mirkit-model')
    throw new MirkitError('BAD_MODEL', 'not a mirkit model JSON (format must be "mirkit-model")');
  if (j.type !== type) throw new MirkitError('BAD_MODEL', `expected a ${type} JSON, got type ${String(j.type)}`);
  if (j.version !== NEURAL_JSON_VERSION)
    throw new MirkitError('BAD_MODEL', `${type} JSON version ${String(j.version)} is not supported (expected ${NEURAL_JSON_VERSION})`);
  if (typeof j.params !== 'object' || j.params === null) throw new MirkitError('BAD_MODEL', `${type} JSON lacks params`);
  return j;
}
