/**
 * Training options shared by the neural classifiers (scikit-learn's `MLPClassifier` names) and the
 * checks of their option values. @internal
 * @packageDocumentation
 */
import { MirkitError } from '../../errors.js';
import { shownAsJson } from '../../util/shown.js';

/** Training options common to the three neural classifiers (scikit-learn's MLPClassifier names). */
export interface NeuralTrainOptions {
  /** `'adam'` or `'sgd'` (SGD with `momentum`, Nesterov like scikit-learn). */
  optimizer?: 'adam' | 'sgd';
  /** Step size (scikit-learn's `learning_rate_init`). */
  learningRate?: number;
  /** SGD momentum (ignored by adam). Default 0.9 like scikit-learn. */
  momentum?: number;
  /** Mini-batch size; clipped to the number of training samples. */
  batchSize?: number;
  /** Number of passes over the training data (scikit-learn's `max_iter`). */
  epochs?: number;
  /** Holds out `validationFraction` of the training data (stratified) and stops when its accuracy stalls; the best weights are kept. */
  earlyStopping?: boolean;
  /** Fraction held out for early stopping. Default 0.1. */
  validationFraction?: number;
  /** Epochs without an improvement larger than `tol` before stopping. Default 10. */
  nIterNoChange?: number;
  /** Minimum improvement of the validation accuracy. Default 1e-4. */
  tol?: number;
  /** L2 penalty on kernels (scikit-learn's `alpha`, applied as `alpha/2 * ||W||^2 / batch`-free Keras L2). Default 0. */
  alpha?: number;
  /**
   * Mixup (Zhang et al. 2018, "mixup: Beyond Empirical Risk Minimization"): each training batch is replaced by
   * `lambda * batch + (1 - lambda) * the batch shuffled`, its one-hot labels mixed the same way, with one `lambda`
   * per batch drawn from Beta(`mixup`, `mixup`). The value is Beta's alpha (0.2-0.4 is usual); 0, the default, trains
   * without it. Drawn from the training's seeded stream, so seeded runs stay reproducible and `continueFit` carries on
   * as one longer fit. Prediction and the early-stopping hold-out are unaffected.
   */
  mixup?: number;
  /** Seed of the weight initialisers, shuffling, dropout masks, mixup draws and the validation split. Without it a random seed is drawn. */
  seed?: number;
}

/** Fully resolved training options. @internal */
export type ResolvedTrain = Required<Omit<NeuralTrainOptions, 'seed'>> & { seed: number | undefined };

/** Checks and fills training options. @internal */
export function resolveTrain(o: NeuralTrainOptions, d: Partial<ResolvedTrain>): ResolvedTrain {
  const r: ResolvedTrain = {
    optimizer: o.optimizer ?? d.optimizer ?? 'adam',
    learningRate: o.learningRate ?? d.learningRate ?? 0.001,
    momentum: o.momentum ?? d.momentum ?? 0.9,
    batchSize: o.batchSize ?? d.batchSize ?? 32,
    epochs: o.epochs ?? d.epochs ?? 200,
    earlyStopping: o.earlyStopping ?? d.earlyStopping ?? false,
    validationFraction: o.validationFraction ?? d.validationFraction ?? 0.1,
    nIterNoChange: o.nIterNoChange ?? d.nIterNoChange ?? 10,
    tol: o.tol ?? d.tol ?? 1e-4,
    alpha: o.alpha ?? d.alpha ?? 0,
    mixup: o.mixup ?? d.mixup ?? 0,
    seed: o.seed,
  };
  if (r.optimizer !== 'adam' && r.optimizer !== 'sgd') bad('optimizer', r.optimizer, "'adam' or 'sgd'");
  posNum('learningRate', r.learningRate);
  if (!(r.momentum >= 0 && r.momentum < 1)) bad('momentum', r.momentum, 'a number in [0, 1)');
  posInt('batchSize', r.batchSize);
  posInt('epochs', r.epochs);
  if (typeof r.earlyStopping !== 'boolean') bad('earlyStopping', r.earlyStopping, 'a boolean');
  if (!(r.validationFraction > 0 && r.validationFraction < 1)) bad('validationFraction', r.validationFraction, 'a number in (0, 1)');
  posInt('nIterNoChange', r.nIterNoChange);
  if (!(r.tol >= 0)) bad('tol', r.tol, 'a number >= 0');
  if (!(r.alpha >= 0)) bad('alpha', r.alpha, 'a number >= 0');
  if (typeof r.mixup !== 'number' || !(r.mixup >= 0 && Number.isFinite(r.mixup))) bad('mixup', r.mixup, 'a finite number >= 0');
  if (r.seed !== undefined && !Number.isFinite(r.seed)) bad('seed', r.seed, 'a finite number');
  return r;
}

/** Throws BAD_OPTION. @internal */
export function bad(name: string, value: unknown, what: string): never {
  throw new MirkitError('BAD_OPTION', `${name} must be ${what}, got ${shownAsJson(value)}`, { option: name });
}
/** @internal */
export function posInt(name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) bad(name, v, 'a positive integer');
}
/** @internal */
export function posNum(name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) bad(name, v, 'a positive number');
}
/** @internal */
export function rate(name: string, v: unknown): void {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) bad(name, v, 'a dropout rate in [0, 1)');
}
