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
import { posInt, type ResolvedTrain } from './options.js';
import { base64ToBytes, encodeLabels, makeRng, nextSeed, shuffleInPlace } from './util.js';
import { checkClasses, copyParams } from '../base.js';
import { plainCopy, saveWeights, type SavedWeights } from './weights.js';
import { disposeOptimizer, forward, type PreparedData, runEpochs, type TrainingHistory, type TrainingSession } from './training-loop.js';
import { checkNetworkSize, type LayerSize, predictionBatch } from './size.js';
import { checkFiniteProbabilities } from './output.js';

export { bad, posInt, posNum, rate, resolveTrain, type NeuralTrainOptions, type ResolvedTrain } from './options.js';
export { saveWeights, type SavedWeights, type WeightSpec } from './weights.js';
export { gather, type PreparedData, type TrainingHistory } from './training-loop.js';
export { denseSize, type LayerSize } from './size.js';

/** Version of the neural models' JSON state. */
export const NEURAL_JSON_VERSION = 1;

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

/**
 * Base class of {@link MLPClassifier}, {@link CNNClassifier} and {@link LSTMClassifier}.
 * @internal
 */
export abstract class NeuralBase {
  /** The tfjs model once fitted (private: its type stays out of the public declarations). */
  private model: tfl.LayersModel | undefined;
  /** The training run `continueTrain` resumes (kept by a `fit` without early stopping; private like the model). */
  private session: TrainingSession | undefined;
  /** Whether the last `fit` used early stopping (then it keeps no session). */
  private fittedWithEarlyStopping = false;
  /** Samples per prediction batch, so that no layer passes `MAX_ACTIVATION_VALUES`. */
  private predictBatch = 256;
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
  /**
   * The sizes of the network {@link NeuralBase.build} makes for samples of `sampleShape` and `nClasses`
   * classes, from the input to the output layer, computed without building it. @internal
   */
  protected abstract networkLayers(sampleShape: number[], nClasses: number): LayerSize[];

  /**
   * Throws `code` when the network for `sampleShape` and `nClasses` would pass `MAX_NETWORK_WEIGHTS`,
   * or one of its tensors `MAX_ACTIVATION_VALUES` for a batch of `batch` (`training`: with the
   * gradients a training step keeps). Run before anything is allocated. Returns the layers it checked. @internal
   */
  protected checkNetwork(sampleShape: number[], nClasses: number, batch: number, training: boolean, code: 'BAD_OPTION' | 'BAD_MODEL'): LayerSize[] {
    const layers = this.networkLayers(sampleShape, nClasses);
    checkNetworkSize(this.typeName, layers, batch, training, code);
    return layers;
  }

  /** The classes seen in `fit`, sorted (numbers ascending, strings in code-unit order). */
  get classes(): Label[] {
    if (!this._classes) throw new MirkitError('NOT_FITTED', `${this.typeName} is not fitted: call fit first`);
    return this._classes.slice();
  }

  /** True once `fit` (or `fromJSON` with state) has produced a model. */
  get fitted(): boolean {
    return this.model !== undefined;
  }

  /**
   * Shared training loop: checks the labels and the network's size, builds the network and runs
   * `opt.epochs` epochs; keeps the session for {@link NeuralBase.continueTrain} unless early stopping
   * ended it. `commit` installs the input state `prep` was made with (scalers, shapes) once the
   * network is trained: a fit refused before training keeps the previous model and its state whole.
   * @internal
   */
  protected async train(prep: PreparedData, y: unknown, opt: ResolvedTrain, commit: () => void): Promise<void> {
    const { classes, index } = encodeLabels(y, prep.n);
    const sizes = this.checkNetwork(prep.sampleShape, classes.length, Math.min(opt.batchSize, prep.n), true, 'BAD_OPTION');
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
    const optimizer = opt.optimizer === 'adam' ? tf.train.adam(opt.learningRate) : tf.train.momentum(opt.learningRate, opt.momentum, true);
    const predictBatch = predictionBatch(sizes);
    const session: TrainingSession = { model, optimizer, rng, trainIdx, valIdx, nSamples: prep.n, opt, predictBatch };
    const history: TrainingHistory = { loss: [], valAccuracy: [], epochs: 0, epochMs: [] };
    try {
      runEpochs(session, prep, index, nC, opt.epochs, history);
    } catch (e) {
      model.dispose();
      disposeOptimizer(optimizer);
      throw e;
    }
    // early stopping leaves the best weights in the model, not the last ones: nothing to continue from
    if (opt.earlyStopping) disposeOptimizer(optimizer);
    else this.session = session;
    this.fittedWithEarlyStopping = opt.earlyStopping;
    commit();
    this.model = model;
    this.predictBatch = predictBatch;
    this._classes = classes;
    this.history = history;
    this.saved = await saveWeights(model);
  }

  /**
   * Runs `epochs` more epochs of the session the last `fit` kept, on `prep` (the same samples, prepared
   * with the scaling learned then) and labels `y`. A failure leaves the classifier unfitted. @internal
   */
  protected async continueTrain(prep: PreparedData, y: unknown, epochs: number): Promise<void> {
    posInt('epochs', epochs);
    const session = this.session;
    if (!session || !this.model || !this._classes) {
      if (this.model && this.fittedWithEarlyStopping) {
        throw new MirkitError(
          'BAD_OPTION',
          `${this.typeName} was fitted with earlyStopping (the best weights were kept, not the last ones): continueFit needs earlyStopping: false`,
          { option: 'earlyStopping' },
        );
      }
      throw new MirkitError(
        'NOT_FITTED',
        `${this.typeName} has no training to continue: call fit (await it) first (a model restored from JSON cannot continue)`,
      );
    }
    const { classes, index } = encodeLabels(y, prep.n);
    const fitted = this._classes;
    if (prep.n !== session.nSamples || classes.length !== fitted.length || classes.some((c, i) => c !== fitted[i])) {
      throw new MirkitError(
        'BAD_SHAPE',
        `continueFit needs the training data of the fit it continues (${session.nSamples} samples of classes ${JSON.stringify(fitted)}), got ${prep.n} samples of ${JSON.stringify(classes)}`,
      );
    }
    await ensureBackend();
    try {
      runEpochs(session, prep, index, classes.length, epochs, this.history!);
    } catch (e) {
      this.dispose();
      throw e;
    }
    this.saved = await saveWeights(session.model);
  }

  /**
   * Probabilities for prepared data as number[][].
   * @throws MirkitError `BAD_DATA` naming the row when the network's output is not finite there (the
   * features times the weights overflow float32)
   * @internal
   */
  protected probaPrepared(prep: PreparedData): number[][] {
    const model = this.requireModel();
    ensureBackendSync('predicting');
    const flat = forward(model, prep.data, prep.n, prep.sampleShape, this.predictBatch);
    const nC = this._classes!.length;
    const rows: number[][] = [];
    for (let i = 0; i < prep.n; i++) {
      const r = Array.from(flat.subarray(i * nC, (i + 1) * nC));
      let s = 0;
      for (const v of r) s += v;
      rows.push(r.map((v) => v / s));
    }
    checkFiniteProbabilities(this.typeName, model, prep, rows);
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
    if (this.session) disposeOptimizer(this.session.optimizer);
    this.session = undefined;
    this.fittedWithEarlyStopping = false;
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
        weights: { weightSpecs: plainCopy(this.saved.weightSpecs), weightData: this.saved.weightData, modelTopology: plainCopy(this.saved.modelTopology) },
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
    const sizes = this.checkNetwork(sampleShape, classes.length, 1, false, 'BAD_MODEL');
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
    this.predictBatch = predictionBatch(sizes);
    this._classes = classes.slice();
    this.saved = { weightSpecs: plainCopy(w.weightSpecs), weightData: w.weightData, modelTopology: plainCopy(w.modelTopology) };
    return this;
  }
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
