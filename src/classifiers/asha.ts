/**
 * Hyper-parameter search with early stopping: ASHA, the asynchronous successive-halving algorithm
 * (Li et al., "A System for Massively Parallel Hyperparameter Tuning", MLSys 2020), and a plain
 * random-search baseline that trains every configuration with the full budget.
 *
 * A *budget* is whatever makes a trial more expensive and (usually) better: epochs for a network,
 * number of trees for a forest or boosting model. Trials start at the grace period (minimum budget);
 * each completed rung promotes its best `1/eta` to `eta` times the budget, up to the maximum budget.
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { sampleParams, type ParamSpace } from './distributions.js';
import { createRng } from './random.js';

/** What an `evaluate` call may return: a score, or a score plus a state to resume from at a larger budget. */
export type EvaluateResult =
  | number
  | {
      /** The trial's score at this budget. */
      score: number;
      /** Anything to hand to the same trial's next rung (e.g. the partly trained model). */
      state?: unknown;
    };

/**
 * Trains/evaluates `config` with `budget` and returns its score (higher is better unless `mode: 'min'`).
 * `state` is what the same trial's previous rung returned (absent for a fresh trial): a model to train
 * further from its previous budget instead of from scratch. Returning a state makes the next rung cost
 * only the budget difference in `totalBudget`.
 */
export type EvaluateFn<C = Record<string, unknown>> = (config: C, budget: number, state?: unknown) => Promise<EvaluateResult>;

/** Options of {@link asha}. */
export interface AshaOptions<C = Record<string, unknown>> {
  /** Parameter space: each key a distribution (`uniform`, `logUniform`, `choice`, `intUniform`, `powerOfTwo`) or a list of values. */
  space: ParamSpace;
  /** The user's training/evaluation function. */
  evaluate: EvaluateFn<C>;
  /** Number of configurations sampled (trials). Default 27. */
  nTrials?: number;
  /** Minimum budget every trial gets (grace period). Default 1. */
  gracePeriod?: number;
  /** Maximum budget of a trial (the top rung). Required. */
  maxBudget: number;
  /** Reduction factor: a rung promotes its best 1/eta and multiplies the budget by eta. Default 3. */
  eta?: number;
  /** `'max'` (default) when higher scores are better, `'min'` for losses. */
  mode?: 'max' | 'min';
  /** Evaluations in flight at once (asynchronous workers). Default 1. Results are processed in launch order, so runs stay reproducible. */
  concurrency?: number;
  /** Seed of the configuration draws. Default 0. */
  seed?: number;
  /** Never launch an evaluation that would take the total spent budget above this. Default unlimited. */
  maxTotalBudget?: number;
}

/** One trial in a search result. */
export interface TrialRecord<C = Record<string, unknown>> {
  /** Trial number, in sampling order. */
  id: number;
  /** The sampled configuration. */
  config: C;
  /** Budgets evaluated, one per rung reached. */
  budgets: number[];
  /** Score at each of those budgets. */
  scores: number[];
  /** Highest budget reached. */
  budget: number;
  /** Score at that budget. */
  score: number;
  /** Index of the highest rung reached (0 = grace period). */
  rung: number;
  /** Budget charged for this trial (sum over its evaluations; only increments when it resumed). */
  cost: number;
}

/** The result of {@link asha} or {@link randomSearchBudget}. */
export interface SearchBudgetResult<C = Record<string, unknown>> {
  /** Every trial, in sampling order. */
  trials: TrialRecord<C>[];
  /** The best trial at the highest budget any trial reached. */
  best: {
    /** Its configuration. */
    config: C;
    /** Its score. */
    score: number;
    /** The budget it was scored at. */
    budget: number;
    /** Its trial id (index into `trials`). */
    id: number;
  };
  /** Total budget spent (epochs, trees, ...) over all evaluations. */
  totalBudget: number;
  /** The rung budgets (grace period ... maxBudget). */
  rungs: number[];
  /** Number of `evaluate` calls. */
  evaluations: number;
}

function optErr(name: string, v: unknown, what: string): never {
  throw new MirkitError('BAD_OPTION', `${name} must be ${what}, got ${JSON.stringify(v)}`, { option: name });
}

/** Rung budgets: gracePeriod * eta^k below maxBudget, then maxBudget. @internal */
export function rungBudgets(gracePeriod: number, maxBudget: number, eta: number): number[] {
  const r: number[] = [];
  for (let b = gracePeriod; b < maxBudget * (1 - 1e-12); b *= eta) r.push(b);
  r.push(maxBudget);
  return r;
}

function resolve<C>(o: AshaOptions<C>) {
  if (typeof o !== 'object' || o === null) optErr('options', o, 'an options object');
  if (typeof o.space !== 'object' || o.space === null) optErr('space', o.space, 'a parameter space object');
  if (typeof o.evaluate !== 'function') optErr('evaluate', o.evaluate, 'an async function (config, budget, state?) => score');
  const nTrials = o.nTrials ?? 27;
  const gracePeriod = o.gracePeriod ?? 1;
  const eta = o.eta ?? 3;
  const mode = o.mode ?? 'max';
  const concurrency = o.concurrency ?? 1;
  const seed = o.seed ?? 0;
  const maxTotalBudget = o.maxTotalBudget ?? Infinity;
  if (!Number.isInteger(nTrials) || nTrials <= 0) optErr('nTrials', nTrials, 'a positive integer');
  if (!(typeof o.maxBudget === 'number' && o.maxBudget > 0 && Number.isFinite(o.maxBudget))) optErr('maxBudget', o.maxBudget, 'a positive number');
  if (!(typeof gracePeriod === 'number' && gracePeriod > 0 && gracePeriod <= o.maxBudget))
    optErr('gracePeriod', gracePeriod, `a positive number <= maxBudget (${o.maxBudget})`);
  if (!(typeof eta === 'number' && eta > 1 && Number.isFinite(eta))) optErr('eta', eta, 'a number > 1');
  if (mode !== 'max' && mode !== 'min') optErr('mode', mode, "'max' or 'min'");
  if (!Number.isInteger(concurrency) || concurrency <= 0) optErr('concurrency', concurrency, 'a positive integer');
  if (!Number.isFinite(seed)) optErr('seed', seed, 'a finite number');
  if (!(maxTotalBudget > 0)) optErr('maxTotalBudget', maxTotalBudget, 'a positive number');
  return { nTrials, gracePeriod, eta, mode, concurrency, seed, maxTotalBudget, maxBudget: o.maxBudget };
}

async function runEvaluate<C>(
  evaluate: EvaluateFn<C>,
  config: C,
  budget: number,
  state: unknown,
): Promise<{ score: number; state?: unknown; resumable: boolean }> {
  const r = await evaluate(config, budget, state);
  const score = typeof r === 'number' ? r : r && typeof r === 'object' ? (r as { score: number }).score : NaN;
  if (typeof score !== 'number' || Number.isNaN(score)) {
    throw new MirkitError('BAD_DATA', `evaluate returned ${JSON.stringify(r)} for budget ${budget}: return a number or { score, state }`);
  }
  const st = typeof r === 'object' ? (r as { state?: unknown }).state : undefined;
  return { score, state: st, resumable: st !== undefined };
}

interface Internal<C> {
  rec: TrialRecord<C>;
  state: unknown;
  resumable: boolean;
}

/**
 * Asynchronous successive halving (ASHA). Samples up to `nTrials` configurations from `space` (seeded);
 * each starts at the grace period. Whenever a worker is free, the highest rung that has a configuration
 * in its top `1/eta` not yet promoted promotes it to `eta` times the budget (resuming from the state its
 * last evaluation returned, if any); otherwise a new configuration starts at the bottom rung. Finishes
 * when nothing is left to promote and all configurations were tried.
 *
 * Reproducible: with the same seed and a deterministic `evaluate`, the trials table is identical for any
 * `concurrency`, because results are consumed in launch order.
 *
 * @example
 * ```ts
 * const res = await asha({
 *   space: { learningRate: logUniform(1e-4, 1e-1), hidden: powerOfTwo(4, 7) },
 *   evaluate: async (cfg, epochs) => trainAndScore(cfg, epochs),
 *   nTrials: 27, gracePeriod: 1, maxBudget: 27, eta: 3, seed: 1,
 * });
 * res.best.config; res.totalBudget;
 * ```
 * Resuming trials (a promotion then costs only the extra epochs in `totalBudget`):
 * ```ts
 * const evaluate = async (cfg, epochs, state?: { m: LSTMClassifier; epochs: number }) => {
 *   const m = state ? await state.m.continueFit(Xtrain, ytrain, epochs - state.epochs)
 *                   : await new LSTMClassifier({ ...cfg, epochs }).fit(Xtrain, ytrain);
 *   return { score: score(m, Xval, yval), state: { m, epochs } };
 * };
 * ```
 * @throws MirkitError `BAD_OPTION` for bad options, `BAD_DATA` when `evaluate` returns no number
 */
export async function asha<C = Record<string, unknown>>(options: AshaOptions<C>): Promise<SearchBudgetResult<C>> {
  const o = resolve(options);
  const rungs = rungBudgets(o.gracePeriod, o.maxBudget, o.eta);
  const rng = createRng(o.seed);
  const better = (a: number, b: number): number => (o.mode === 'max' ? b - a : a - b); // sort comparator, best first
  const trials: Internal<C>[] = [];
  // rungResults[k]: trial ids completed at rung k
  const rungResults: { id: number; score: number }[][] = rungs.map(() => []);
  const promotedFrom: Set<number>[] = rungs.map(() => new Set<number>());
  let totalBudget = 0;
  let evaluations = 0;

  type Job = { id: number; rung: number };
  const nextJob = (): Job | undefined => {
    for (let k = rungs.length - 2; k >= 0; k--) {
      const done = rungResults[k];
      const nTop = Math.floor(done.length / o.eta);
      if (nTop === 0) continue;
      const sorted = done.slice().sort((a, b) => better(a.score, b.score) || a.id - b.id);
      for (let i = 0; i < nTop; i++) {
        if (!promotedFrom[k].has(sorted[i].id)) {
          promotedFrom[k].add(sorted[i].id);
          return { id: sorted[i].id, rung: k + 1 };
        }
      }
    }
    if (trials.length < o.nTrials) {
      const config = sampleParams(options.space, rng) as C;
      const id = trials.length;
      trials.push({ rec: { id, config, budgets: [], scores: [], budget: 0, score: NaN, rung: -1, cost: 0 }, state: undefined, resumable: false });
      return { id, rung: 0 };
    }
    return undefined;
  };

  const pending: { job: Job; cost: number; promise: Promise<{ score: number; state?: unknown; resumable: boolean }> }[] = [];
  const jobCost = (job: Job): number => (job.rung > 0 && trials[job.id].resumable ? rungs[job.rung] - rungs[job.rung - 1] : rungs[job.rung]);
  const launch = (job: Job): void => {
    const t = trials[job.id];
    const budget = rungs[job.rung];
    const resume = job.rung > 0 && t.resumable;
    const cost = jobCost(job);
    totalBudget += cost;
    evaluations++;
    pending.push({ job, cost, promise: runEvaluate(options.evaluate, t.rec.config, budget, resume ? t.state : undefined) });
  };

  let capped = false;
  for (;;) {
    while (!capped && pending.length < o.concurrency) {
      const job = nextJob();
      if (!job) break;
      if (totalBudget + jobCost(job) > o.maxTotalBudget) {
        capped = true;
        break;
      }
      launch(job);
    }
    if (pending.length === 0) break;
    const head = pending.shift()!;
    const r = await head.promise;
    const t = trials[head.job.id];
    const budget = rungs[head.job.rung];
    t.rec.budgets.push(budget);
    t.rec.scores.push(r.score);
    t.rec.budget = budget;
    t.rec.score = r.score;
    t.rec.rung = head.job.rung;
    t.rec.cost += head.cost;
    t.state = r.state;
    t.resumable = r.resumable;
    rungResults[head.job.rung].push({ id: head.job.id, score: r.score });
  }
  const recs = trials.map((t) => t.rec).filter((r) => r.rung >= 0);
  return { trials: recs, best: pickBest(recs, o.mode), totalBudget, rungs, evaluations };
}

function pickBest<C>(recs: TrialRecord<C>[], mode: 'max' | 'min'): SearchBudgetResult<C>['best'] {
  if (recs.length === 0) throw new MirkitError('BAD_OPTION', 'no trial was evaluated (maxTotalBudget too small?)');
  let best = recs[0];
  for (const r of recs) {
    if (r.budget > best.budget || (r.budget === best.budget && (mode === 'max' ? r.score > best.score : r.score < best.score))) best = r;
  }
  return { config: best.config, score: best.score, budget: best.budget, id: best.id };
}

/** Options of {@link randomSearchBudget}: the same as {@link asha} without the rung settings. */
export type RandomSearchBudgetOptions<C = Record<string, unknown>> = Omit<AshaOptions<C>, 'gracePeriod' | 'eta' | 'maxTotalBudget'>;

/**
 * Random search without early stopping: samples `nTrials` configurations exactly as {@link asha} does with
 * the same `seed` (the same configurations, in the same order) and evaluates each once at `maxBudget`.
 * The baseline ASHA is measured against: `totalBudget` is `nTrials * maxBudget`.
 */
export async function randomSearchBudget<C = Record<string, unknown>>(options: RandomSearchBudgetOptions<C>): Promise<SearchBudgetResult<C>> {
  const o = resolve({ ...options, gracePeriod: options.maxBudget, eta: 3 } as AshaOptions<C>);
  const rng = createRng(o.seed);
  const configs: C[] = [];
  for (let i = 0; i < o.nTrials; i++) configs.push(sampleParams(options.space, rng) as C);
  const recs: TrialRecord<C>[] = new Array(o.nTrials);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < o.nTrials) {
      const id = next++;
      const r = await runEvaluate(options.evaluate, configs[id], o.maxBudget, undefined);
      recs[id] = { id, config: configs[id], budgets: [o.maxBudget], scores: [r.score], budget: o.maxBudget, score: r.score, rung: 0, cost: o.maxBudget };
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.nTrials) }, worker));
  return { trials: recs, best: pickBest(recs, o.mode), totalBudget: o.nTrials * o.maxBudget, rungs: [o.maxBudget], evaluations: o.nTrials };
}
