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
import { ASHA_OPTIONS, RANDOM_SEARCH_BUDGET_OPTIONS } from '../option-keys.js';
import { readOptions } from '../options.js';
import { shown, shownAsJson } from '../util/shown.js';
import { sampleParams, type ParamSpace } from './distributions.js';
import { checkSeed } from './params.js';
import { createRng } from './random.js';

/**
 * Most trials (`nTrials`) of {@link asha} and {@link randomSearchBudget}: 100 000. More is
 * `BAD_OPTION` at once (every trial keeps a record in the result, so the memory grows with it).
 */
export const MAX_TRIALS = 100_000;

/**
 * Most rungs of {@link asha}: 64 budgets `gracePeriod * eta^k` up to `maxBudget`, i.e.
 * `log(maxBudget / gracePeriod) / log(eta)` at most 63 (`BAD_OPTION` beyond, before any evaluation):
 * 3^63 is about 1e30, so only an `eta` barely above 1 or absurd budget ratios reach it.
 */
export const MAX_RUNGS = 64;

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
  /** Number of configurations sampled (trials), at most {@link MAX_TRIALS}. Default 27. */
  nTrials?: number;
  /** Minimum budget every trial gets (grace period). Default 1. */
  gracePeriod?: number;
  /** Maximum budget of a trial (the top rung). Required. */
  maxBudget: number;
  /** Reduction factor: a rung promotes its best 1/eta and multiplies the budget by eta (at most {@link MAX_RUNGS} rungs). Default 3. */
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

function optErr(fn: string, name: string, v: unknown, what: string): never {
  const got = typeof v === 'string' ? `'${v}'` : typeof v === 'bigint' ? `${v}n` : shown(v);
  throw new MirkitError('BAD_OPTION', `${fn}: option ${name} must be ${what}, got ${got}`, { option: name });
}

/**
 * Rung budgets: gracePeriod * eta^k below maxBudget, then maxBudget; `BAD_OPTION` when that makes
 * more than {@link MAX_RUNGS} (checked while they are built, so an eta barely above 1 stops at once). @internal
 */
export function rungBudgets(gracePeriod: number, maxBudget: number, eta: number): number[] {
  const r: number[] = [];
  for (let b = gracePeriod; b < maxBudget * (1 - 1e-12); b *= eta) {
    if (r.length === MAX_RUNGS - 1) {
      throw new MirkitError(
        'BAD_OPTION',
        `asha: gracePeriod ${gracePeriod} to maxBudget ${maxBudget} by factors of eta ${eta} makes more than ${MAX_RUNGS} rungs; raise eta or gracePeriod`,
        { option: 'eta' },
      );
    }
    r.push(b);
  }
  r.push(maxBudget);
  return r;
}

/** The checked options of {@link asha} / {@link randomSearchBudget} (`o` already read by `readOptions`), defaults filled in. */
function resolve<C>(fn: 'asha' | 'randomSearchBudget', o: Partial<AshaOptions<C>>) {
  if (typeof o.space !== 'object' || o.space === null) optErr(fn, 'space', o.space, 'a parameter space object');
  if (typeof o.evaluate !== 'function') optErr(fn, 'evaluate', o.evaluate, 'an async function (config, budget, state?) => score');
  const nTrials = o.nTrials ?? 27;
  const maxBudget = o.maxBudget;
  const gracePeriod = o.gracePeriod ?? 1;
  const eta = o.eta ?? 3;
  const mode = o.mode ?? 'max';
  const concurrency = o.concurrency ?? 1;
  const maxTotalBudget = o.maxTotalBudget ?? Infinity;
  if (!Number.isInteger(nTrials) || nTrials <= 0 || nTrials > MAX_TRIALS) optErr(fn, 'nTrials', nTrials, `an integer in [1, ${MAX_TRIALS}]`);
  if (!(typeof maxBudget === 'number' && maxBudget > 0 && Number.isFinite(maxBudget))) optErr(fn, 'maxBudget', maxBudget, 'a positive finite number');
  if (!(typeof gracePeriod === 'number' && gracePeriod > 0 && gracePeriod <= maxBudget))
    optErr(fn, 'gracePeriod', gracePeriod, `a positive number <= maxBudget (${maxBudget})`);
  if (!(typeof eta === 'number' && eta > 1 && Number.isFinite(eta))) optErr(fn, 'eta', eta, 'a finite number > 1');
  if (mode !== 'max' && mode !== 'min') optErr(fn, 'mode', mode, "'max' or 'min'");
  if (!Number.isInteger(concurrency) || concurrency <= 0) optErr(fn, 'concurrency', concurrency, 'a positive integer');
  const seed = checkSeed(o.seed);
  if (!(typeof maxTotalBudget === 'number' && maxTotalBudget > 0)) optErr(fn, 'maxTotalBudget', maxTotalBudget, 'a positive number (or Infinity)');
  return { space: o.space, evaluate: o.evaluate, nTrials, gracePeriod, eta, mode, concurrency, seed, maxTotalBudget, maxBudget };
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
    throw new MirkitError('BAD_DATA', `evaluate returned ${shownAsJson(r)} for budget ${budget}: return a number or { score, state }`);
  }
  const st = typeof r === 'object' ? (r as { state?: unknown }).state : undefined;
  return { score, state: st, resumable: st !== undefined };
}

/** Trial ids kept sorted by a comparator (binary insertion into a growing `Int32Array`, a plain memmove). */
class SortedIds {
  private ids = new Int32Array(16);
  /** Number of ids held. */
  length = 0;
  constructor(private readonly order: (a: number, b: number) => number) {}
  /** Index of `id` (or where it would go) in the sorted ids. */
  rank(id: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.order(this.ids[mid], id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  insert(id: number): void {
    if (this.length === this.ids.length) {
      const grown = new Int32Array(2 * this.length);
      grown.set(this.ids);
      this.ids = grown;
    }
    const at = this.rank(id);
    this.ids.copyWithin(at + 1, at, this.length);
    this.ids[at] = id;
    this.length++;
  }
  /** The last id (or undefined when empty). */
  last(): number | undefined {
    return this.length > 0 ? this.ids[this.length - 1] : undefined;
  }
  pop(): void {
    this.length--;
  }
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
 * A failed evaluation (an exception of `evaluate`, passed on unchanged, or `BAD_DATA`) launches no
 * further one; the call rejects with the error of the first failed trial in launch order once the
 * evaluations still in flight have settled.
 *
 * @throws MirkitError `BAD_OPTION` for bad options (`null` options mean the defaults, but `space`,
 * `evaluate` and `maxBudget` are required), `UNKNOWN_OPTION` for a key it does not accept, `BAD_DATA`
 * when `evaluate` returns no number
 */
export async function asha<C = Record<string, unknown>>(options: AshaOptions<C>): Promise<SearchBudgetResult<C>> {
  const o = resolve<C>('asha', readOptions('asha', options as Partial<AshaOptions<C>>, ASHA_OPTIONS));
  const rungs = rungBudgets(o.gracePeriod, o.maxBudget, o.eta);
  const rng = createRng(o.seed);
  const better = (a: number, b: number): number => (o.mode === 'max' ? b - a : a - b); // sort comparator, best first
  const trials: Internal<C>[] = [];
  // scores of trials at rung k (their k-th score), best first, ties by id
  const order =
    (k: number, sign: number) =>
    (a: number, b: number): number =>
      sign * (better(trials[a].rec.scores[k], trials[b].rec.scores[k]) || a - b);
  // ranked[k]: trials completed at rung k, best first; open[k]: those not yet promoted from rung k, worst first
  const ranked = rungs.map((_, k) => new SortedIds(order(k, 1)));
  const open = rungs.map((_, k) => new SortedIds(order(k, -1)));
  let totalBudget = 0;
  let evaluations = 0;

  type Job = { id: number; rung: number };
  const nextJob = (): Job | undefined => {
    // the best result of rung k not yet promoted rises when it lies in the rung's top floor(n / eta)
    for (let k = rungs.length - 2; k >= 0; k--) {
      const nTop = Math.floor(ranked[k].length / o.eta);
      const candidate = open[k].last();
      if (nTop === 0 || candidate === undefined || ranked[k].rank(candidate) >= nTop) continue;
      open[k].pop();
      return { id: candidate, rung: k + 1 };
    }
    if (trials.length < o.nTrials) {
      const config = sampleParams(o.space, rng) as C;
      const id = trials.length;
      trials.push({ rec: { id, config, budgets: [], scores: [], budget: 0, score: NaN, rung: -1, cost: 0 }, state: undefined, resumable: false });
      return { id, rung: 0 };
    }
    return undefined;
  };

  const pending: { job: Job; cost: number; promise: Promise<{ score: number; state?: unknown; resumable: boolean }> }[] = [];
  // set as soon as any evaluation fails (not only the one awaited next): no evaluation is launched after it
  let failed = false;
  const jobCost = (job: Job): number => (job.rung > 0 && trials[job.id].resumable ? rungs[job.rung] - rungs[job.rung - 1] : rungs[job.rung]);
  const launch = (job: Job): void => {
    const t = trials[job.id];
    const budget = rungs[job.rung];
    const resume = job.rung > 0 && t.resumable;
    const cost = jobCost(job);
    totalBudget += cost;
    evaluations++;
    const promise = runEvaluate(o.evaluate, t.rec.config, budget, resume ? t.state : undefined);
    // handled at once, so a failure while an earlier trial is awaited is no unhandled rejection
    promise.catch(() => {
      failed = true;
    });
    pending.push({ job, cost, promise });
  };

  let capped = false;
  try {
    for (;;) {
      while (!capped && !failed && pending.length < o.concurrency) {
        const job = nextJob();
        if (!job) break;
        if (totalBudget + jobCost(job) > o.maxTotalBudget) {
          capped = true;
          break;
        }
        launch(job);
      }
      if (pending.length === 0) break;
      const head = pending[0];
      const r = await head.promise;
      pending.shift();
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
      if (head.job.rung < rungs.length - 1) {
        ranked[head.job.rung].insert(head.job.id);
        open[head.job.rung].insert(head.job.id);
      }
    }
  } catch (e) {
    // let the evaluations still running finish before rejecting (they may hold resources)
    await Promise.allSettled(pending.map((p) => p.promise));
    throw e;
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
 * the same `seed` (the same configurations, in the same order, each drawn when its trial starts) and
 * evaluates each once at `maxBudget`. The baseline ASHA is measured against: `totalBudget` is
 * `nTrials * maxBudget`. A failed evaluation starts no further one; the call rejects with the first
 * failure once the evaluations in flight have settled.
 *
 * @throws MirkitError `BAD_OPTION` for bad options (`null` options mean the defaults, but `space`,
 * `evaluate` and `maxBudget` are required), `UNKNOWN_OPTION` for a key it does not accept (the rung
 * settings of {@link asha} included), `BAD_DATA` when `evaluate` returns no number
 */
export async function randomSearchBudget<C = Record<string, unknown>>(options: RandomSearchBudgetOptions<C>): Promise<SearchBudgetResult<C>> {
  const read = readOptions('randomSearchBudget', options as Partial<AshaOptions<C>>, RANDOM_SEARCH_BUDGET_OPTIONS);
  const o = resolve<C>('randomSearchBudget', { ...read, gracePeriod: read.maxBudget, eta: 3 });
  const rng = createRng(o.seed);
  const recs: TrialRecord<C>[] = new Array(o.nTrials);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < o.nTrials) {
      const id = next++;
      try {
        // drawn in id order (ids are taken synchronously), so the sequence is the one of asha
        const config = sampleParams(o.space, rng) as C;
        const r = await runEvaluate(o.evaluate, config, o.maxBudget, undefined);
        recs[id] = { id, config, budgets: [o.maxBudget], scores: [r.score], budget: o.maxBudget, score: r.score, rung: 0, cost: o.maxBudget };
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.nTrials) }, worker));
  if (failure) throw failure.error;
  return { trials: recs, best: pickBest(recs, o.mode), totalBudget: o.nTrials * o.maxBudget, rungs: [o.maxBudget], evaluations: o.nTrials };
}
