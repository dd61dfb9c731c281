/**
 * The estimator contract, checked on every registered model (our `check_estimator`, after scikit-learn's
 * `utils.estimator_checks`): every type that `fromJSON` can read is run through fit/predict/predictProba
 * shapes, sorted classes, refit-from-scratch, clone, JSON round trip and bad input.
 *
 * Each registered type gets a small, fast configuration from CASES below (seeded, tiny networks, few
 * epochs). A type added to the registry without a case is still checked: it is built from an unfitted
 * JSON with empty params (its defaults); the coverage test lists such types so that they get a fast case.
 */
import { describe, expect, it } from 'vitest';
import { MirkitError } from '../../src/errors.js';
import { matrixFromRows } from '../../src/matrix.js';
import {
  DecisionTree,
  GradientBoosting,
  KNeighbors,
  LinearDiscriminantAnalysis,
  QuadraticDiscriminantAnalysis,
  LogisticRegression,
  ObliviousBoosting,
  RandomForest,
  SVC,
  StandardScaler,
} from '../../src/classifiers/index.js';
import { CNNClassifier, LSTMClassifier, MLPClassifier } from '../../src/classifiers/neural/index.js';
import { NEURAL_MODEL_READERS } from '../../src/classifiers/neural/registry.js';
import { Pipeline } from '../../src/classifiers/pipeline.js';
import { createRng } from '../../src/classifiers/random.js';
import { fromJSONAsync, MODEL_READERS } from '../../src/classifiers/registry.js';
import { SequencePooling } from '../../src/classifiers/sequence-pooling.js';
import type { Classifier, FeatureTable, Label, SequenceTable, Transformer } from '../../src/classifiers/types.js';
import { VotingClassifier } from '../../src/classifiers/voting.js';
import { FrameLevelClassifier } from '../../src/classifiers/frame-level.js';

type Model = Classifier | Transformer;
type Input = 'features' | 'sequences';
interface Case {
  /** Label of the case in test names. */
  name: string;
  /** A fresh, unfitted, seeded model. */
  make: () => Model;
  /** What `fit` takes. */
  input: Input;
  /** Slow (neural) cases check the essentials only once (no numeric-label refit). */
  slow?: boolean;
}

const N = 36,
  D = 4,
  FRAMES = 5;
const tiny = { epochs: 3, batchSize: 12, seed: 3 };

/** Cases per registered type (several per type where the inputs differ). */
const CASES: Record<string, Case[]> = {
  StandardScaler: [{ name: 'StandardScaler', make: () => new StandardScaler(), input: 'features' }],
  SequencePooling: [{ name: 'SequencePooling', make: () => new SequencePooling({ stats: ['mean', 'std', 'max'] }), input: 'sequences' }],
  SVC: [
    { name: 'SVC', make: () => new SVC({ C: 3 }), input: 'features' },
    { name: 'SVC (probability)', make: () => new SVC({ C: 3, probability: true, seed: 2 }), input: 'features' },
  ],
  LogisticRegression: [{ name: 'LogisticRegression', make: () => new LogisticRegression({ C: 0.5 }), input: 'features' }],
  KNeighbors: [{ name: 'KNeighbors', make: () => new KNeighbors({ nNeighbors: 3, weights: 'distance' }), input: 'features' }],
  LinearDiscriminantAnalysis: [
    { name: 'LinearDiscriminantAnalysis', make: () => new LinearDiscriminantAnalysis(), input: 'features' },
    { name: 'LinearDiscriminantAnalysis (auto shrinkage)', make: () => new LinearDiscriminantAnalysis({ shrinkage: 'auto' }), input: 'features' },
  ],
  QuadraticDiscriminantAnalysis: [
    { name: 'QuadraticDiscriminantAnalysis', make: () => new QuadraticDiscriminantAnalysis({ regParam: 0.1 }), input: 'features' },
  ],
  DecisionTree: [{ name: 'DecisionTree', make: () => new DecisionTree({ maxDepth: 3, seed: 1 }), input: 'features' }],
  RandomForest: [{ name: 'RandomForest', make: () => new RandomForest({ nEstimators: 8, seed: 1 }), input: 'features' }],
  GradientBoosting: [{ name: 'GradientBoosting', make: () => new GradientBoosting({ nEstimators: 8, subsample: 0.8, seed: 1 }), input: 'features' }],
  ObliviousBoosting: [{ name: 'ObliviousBoosting', make: () => new ObliviousBoosting({ nEstimators: 8, depth: 2, seed: 1 }), input: 'features' }],
  Pipeline: [
    { name: 'Pipeline (scaler + logistic)', make: () => new Pipeline([new StandardScaler(), new LogisticRegression()]), input: 'features' },
    { name: 'Pipeline (pooling + scaler + SVC)', make: () => new Pipeline([new SequencePooling(), new StandardScaler(), new SVC()]), input: 'sequences' },
  ],
  VotingClassifier: [
    {
      name: 'VotingClassifier',
      make: () => new VotingClassifier([new LogisticRegression(), new RandomForest({ nEstimators: 5, seed: 2 })], { weights: [2, 1] }),
      input: 'features',
    },
  ],
  FrameLevelClassifier: [
    {
      name: 'FrameLevelClassifier (scaler + logistic on frames)',
      make: () => new FrameLevelClassifier(new Pipeline([new StandardScaler(), new LogisticRegression()]), { context: 1, stride: 2 }),
      input: 'sequences',
    },
  ],
  MLPClassifier: [{ name: 'MLPClassifier', make: () => new MLPClassifier({ hiddenLayerSizes: [4], ...tiny }), input: 'features', slow: true }],
  CNNClassifier: [
    { name: 'CNNClassifier', make: () => new CNNClassifier({ filters: [2, 2], kernelSize: [2, 2], poolSize: 1, ...tiny }), input: 'sequences', slow: true },
  ],
  LSTMClassifier: [{ name: 'LSTMClassifier', make: () => new LSTMClassifier({ hiddenSize: 3, ...tiny }), input: 'sequences', slow: true }],
};

const REGISTERED = Object.keys({ ...MODEL_READERS, ...NEURAL_MODEL_READERS }).sort();

/** Cases to run: the table's, or the type's defaults when the table has none. */
function casesOf(type: string): Case[] {
  return (
    CASES[type] ?? [
      {
        name: `${type} (defaults)`,
        make: () => {
          // an unfitted model JSON with empty params: the registry builds the type with its defaults
          for (let version = 1; version <= 9; version++) {
            try {
              return (
                MODEL_READERS[type]?.({ format: 'mirkit-model', version, type, params: {} }) ??
                NEURAL_MODEL_READERS[type]({ format: 'mirkit-model', version, type, params: {} })
              );
            } catch (e) {
              if (!(e instanceof MirkitError && /version/.test(e.message))) throw e;
            }
          }
          throw new Error(`${type}: no JSON version 1-9 accepted`);
        },
        input: 'features',
      },
    ]
  );
}

/** Three well separated Gaussian blobs, classes given in unsorted first-seen order. */
function blobs(seed: number, labels: Label[] = ['rock', 'blues', 'jazz']): { X: number[][]; y: Label[] } {
  const rng = createRng(seed);
  const X: number[][] = [],
    y: Label[] = [];
  for (let i = 0; i < N; i++) {
    const k = i % 3;
    X.push(Array.from({ length: D }, (_, j) => 3 * (j === k ? 1 : 0) + 0.6 * rng.normal()));
    y.push(labels[k]);
  }
  return { X, y };
}

/** The same data as sequences (frames x features per sample): the feature row plus frame noise. */
function sequences(X: number[][], seed: number): number[][][] {
  const rng = createRng(seed + 100);
  return X.map((row) => Array.from({ length: FRAMES }, () => row.map((v) => v + 0.3 * rng.normal())));
}

function data(input: Input, seed: number, labels?: Label[]): { X: FeatureTable | SequenceTable; y: Label[]; rows: number[][] } {
  const { X, y } = blobs(seed, labels);
  return { X: input === 'features' ? X : sequences(X, seed), y, rows: X };
}

const isClassifier = (m: Model): m is Classifier => typeof (m as Classifier).predictProba === 'function';

async function fitModel(m: Model, X: FeatureTable | SequenceTable, y: Label[]): Promise<Model> {
  await (m.fit as (X: unknown, y: Label[]) => unknown)(X, y);
  return m;
}

/** What a fitted model outputs on `X`: probabilities for a classifier, the transform for a transformer. */
function output(m: Model, X: FeatureTable | SequenceTable): number[][] {
  return isClassifier(m) ? m.predictProba(X as FeatureTable) : m.transform(X);
}

async function expectCode(code: string, f: () => unknown): Promise<void> {
  let err: unknown;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  expect(err, `expected MirkitError ${code}`).toBeInstanceOf(MirkitError);
  expect((err as MirkitError).code).toBe(code);
}

/** Changes every number, string and array reachable from `value` in place (a user editing a model's JSON). */
function scribble(value: unknown, depth = 0): void {
  if (depth > 20 || value === null || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (typeof v === 'number') o[k] = v + 7;
    else if (typeof v === 'string') o[k] = `${v}x`;
    else scribble(v, depth + 1);
  }
  if (Array.isArray(value)) value.push(value[0]);
}

function dispose(...ms: Model[]): void {
  for (const m of ms) (m as { dispose?: () => void }).dispose?.();
}

describe('estimator contract: coverage', () => {
  it('checks every registered model type', () => {
    expect(REGISTERED.length).toBeGreaterThanOrEqual(14);
    const withoutCase = REGISTERED.filter((t) => !CASES[t]);
    // a type without a fast case still runs with its defaults below; give it a case to keep the suite fast
    expect(withoutCase, 'registered types that run with default params').toEqual([]);
    expect(
      Object.keys(CASES).filter((t) => !REGISTERED.includes(t)),
      'cases of types the registry does not know',
    ).toEqual([]);
  });
});

for (const type of REGISTERED) {
  for (const c of casesOf(type)) {
    describe(`estimator contract: ${c.name}`, { timeout: 60_000 }, () => {
      const train = data(c.input, 1);
      const other = data(c.input, 2);

      it('getParams is plain JSON and clone() is an unfitted model with equal params', async () => {
        const m = c.make();
        expect(typeof m.getParams).toBe('function');
        const params = m.getParams!();
        expect(JSON.parse(JSON.stringify(params))).toEqual(JSON.parse(JSON.stringify(params)));
        expect(m.toJSON().type).toBe(type);
        await fitModel(m, train.X, train.y);
        const twin = m.clone!();
        expect(twin).not.toBe(m);
        expect(twin.constructor).toBe(m.constructor);
        expect(JSON.stringify(twin.getParams!())).toBe(JSON.stringify(params));
        expect(twin.toJSON().state === undefined || (twin.toJSON().state as { fitted?: unknown }).fitted === false || type === 'Pipeline').toBe(true);
        await expectCode('NOT_FITTED', () => output(twin, train.X));
        // the clone's params are a copy: changing them leaves the model alone
        const p = twin.getParams!() as Record<string, unknown>;
        for (const k of Object.keys(p)) p[k] = 'changed';
        expect(JSON.stringify(m.getParams!())).toBe(JSON.stringify(params));
        dispose(m, twin);
      });

      it('fit returns the model; outputs have one row per sample; probabilities sum to 1; classes sorted', async () => {
        const m = c.make();
        const r = m.fit(train.X as FeatureTable, train.y);
        expect(await r).toBe(m);
        const out = output(m, other.X);
        expect(out.length).toBe(N);
        for (const row of out) for (const v of row) expect(Number.isFinite(v)).toBe(true);
        if (isClassifier(m)) {
          expect(m.classes).toEqual(['blues', 'jazz', 'rock']);
          for (const row of out) {
            expect(row.length).toBe(3);
            expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
            for (const v of row) expect(v).toBeGreaterThanOrEqual(0);
          }
          const pred = m.predict(other.X as FeatureTable);
          expect(pred.length).toBe(N);
          // predictions are the argmax of the probabilities
          pred.forEach((p, i) => expect(out[i][m.classes.indexOf(p)]).toBe(Math.max(...out[i])));
          if (!c.slow) {
            // separable blobs: a fitted classifier does better than chance
            expect(pred.filter((p, i) => p === other.y[i]).length).toBeGreaterThan(N / 2);
          }
        } else {
          const width = out[0].length;
          expect(width).toBeGreaterThan(0);
          for (const row of out) expect(row.length).toBe(width);
        }
        dispose(m);
      });

      it('refitting starts from scratch: same output as a fresh fit', async () => {
        const m = c.make();
        await fitModel(m, other.X, c.slow ? other.y : other.y.map((l) => `x${String(l)}`));
        await fitModel(m, train.X, train.y);
        const fresh = await fitModel(c.make(), train.X, train.y);
        const a = output(m, other.X),
          b = output(fresh, other.X);
        for (let i = 0; i < N; i++) for (let j = 0; j < a[i].length; j++) expect(a[i][j]).toBeCloseTo(b[i][j], 6);
        if (isClassifier(m)) expect(m.classes).toEqual((fresh as Classifier).classes);
        dispose(m, fresh);
      });

      if (!c.slow) {
        it('numeric labels: classes sorted numerically', async () => {
          const numeric = data(c.input, 1, [10, 2, 3]);
          const m = await fitModel(c.make(), numeric.X, numeric.y);
          if (isClassifier(m)) expect(m.classes).toEqual([2, 3, 10]);
          dispose(m);
        });
      }

      it('JSON round trip (unfitted and fitted) gives equal outputs', async () => {
        const m = c.make();
        const unfitted = await fromJSONAsync<Model>(JSON.parse(JSON.stringify(m.toJSON())));
        expect(unfitted.constructor).toBe(m.constructor);
        expect(JSON.stringify(unfitted.getParams!())).toBe(JSON.stringify(m.getParams!()));
        await fitModel(m, train.X, train.y);
        const again = await fromJSONAsync<Model>(JSON.parse(JSON.stringify(m.toJSON())));
        expect(again.constructor).toBe(m.constructor);
        const a = output(m, other.X),
          b = output(again, other.X);
        for (let i = 0; i < N; i++) for (let j = 0; j < a[i].length; j++) expect(b[i][j]).toBeCloseTo(a[i][j], 6);
        if (isClassifier(m)) expect((again as Classifier).predict(other.X as FeatureTable)).toEqual(m.predict(other.X as FeatureTable));
        // saved classes that mix strings and numbers (fit never makes them) are refused
        const saved = JSON.parse(JSON.stringify(m.toJSON()));
        if (Array.isArray(saved.state?.classes)) {
          saved.state.classes[1] = 1;
          await expectCode('BAD_MODEL', () => fromJSONAsync(saved));
        }
        dispose(m, unfitted, again);
      });

      it('toJSON() and classes are copies: changing them changes nothing in the model', async () => {
        const m = await fitModel(c.make(), train.X, train.y);
        const before = JSON.stringify([output(m, other.X), m.toJSON(), isClassifier(m) ? m.classes : null]);
        scribble(m.toJSON());
        if (isClassifier(m)) scribble(m.classes);
        expect(JSON.stringify([output(m, other.X), m.toJSON(), isClassifier(m) ? m.classes : null])).toBe(before);
        dispose(m);
      });

      it('bad input throws MirkitError with the documented code', async () => {
        const seqs = c.input === 'sequences';
        const rows = train.X as unknown[];
        await expectCode('NOT_FITTED', () => output(c.make(), train.X));
        await expectCode('EMPTY_INPUT', () => fitModel(c.make(), [], []));
        const ragged = seqs
          ? (train.X as number[][][]).map((s, i) => (i === 3 ? s.map((f) => f.slice(1)) : s))
          : (train.X as number[][]).map((r, i) => (i === 3 ? r.slice(1) : r));
        await expectCode('BAD_SHAPE', () => fitModel(c.make(), ragged, train.y));
        const withNaN = seqs
          ? (train.X as number[][][]).map((s, i) => (i === 4 ? s.map((f, t) => (t === 1 ? [NaN, ...f.slice(1)] : f)) : s))
          : (train.X as number[][]).map((r, i) => (i === 4 ? [NaN, ...r.slice(1)] : r));
        await expectCode('NON_FINITE', () => fitModel(c.make(), withNaN, train.y));
        // a cell that is not a number (a numeric string, null, a boolean) is refused, not converted
        for (const cell of ['1', null, true]) {
          const withCell = seqs
            ? (train.X as number[][][]).map((s, i) => (i === 5 ? s.map((f, t) => (t === 2 ? [cell, ...f.slice(1)] : f)) : s))
            : (train.X as number[][]).map((r, i) => (i === 5 ? [cell, ...r.slice(1)] : r));
          await expectCode('BAD_DATA', () => fitModel(c.make(), withCell as number[][], train.y));
        }
        // sequences given to a model of feature rows: the cells are arrays
        if (!seqs) await expectCode('BAD_DATA', () => fitModel(c.make(), sequences(train.X as number[][], 1) as unknown as number[][], train.y));
        if (isClassifier(c.make())) await expectCode('BAD_SHAPE', () => fitModel(c.make(), rows.slice(0, N - 1) as FeatureTable, train.y));
        const m = await fitModel(c.make(), train.X, train.y);
        const narrow = seqs ? (train.X as number[][][]).map((s) => s.map((f) => f.slice(1))) : (train.X as number[][]).map((r) => r.slice(1));
        await expectCode('BAD_SHAPE', () => output(m, narrow));
        dispose(m);
      });

      if (c.input === 'features') {
        it('takes a Matrix (rows = samples) like number[][]', async () => {
          const flat = matrixFromRows(train.rows);
          const a = await fitModel(c.make(), train.X, train.y);
          const b = await fitModel(c.make(), flat, train.y);
          const oa = output(a, other.X),
            ob = output(b, matrixFromRows(other.rows));
          for (let i = 0; i < N; i++) for (let j = 0; j < oa[i].length; j++) expect(ob[i][j]).toBeCloseTo(oa[i][j], 6);
          dispose(a, b);
        });
      }
    });
  }
}
