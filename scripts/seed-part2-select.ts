/**
 * Ensemble selection for the `best` step of scripts/seed-part2.ts, and the comparison that picks its method
 * without the test split. Every method sees only the members' class probabilities on (part of) the
 * validation clips and returns one non-negative weight per member; the ensemble's clip probabilities are the
 * weighted mean of the members' probabilities (`combine: 'mean'`, `VotingClassifier`'s soft vote) or of their
 * log-probabilities (`'logMean'`, a normalised weighted geometric mean: `VotingClassifier`'s `voting: 'geometric'`).
 *
 * The comparison (`compareSelections`): the validation clips are split into two halves, stratified by genre
 * (`splits` random splits, seeds 0..splits-1); each method chooses its weights on one half and is scored (macro
 * F1) on the other, both ways round; a method's score is the mean over the 2 x splits held-out halves. The
 * method with the best mean is then applied to the whole validation split to build `best`. The test split is
 * never read here.
 */
import { createRng } from '../src/index.js';

/** How the members' probabilities are combined. */
export type Combine = 'mean' | 'logMean';

/** The members' validation probabilities, columns aligned to one class order, and the labels as class indices. */
export interface SelectionData {
  /** Member names, in order. */
  names: string[];
  /** Per member: n x K probabilities, row-major (clip i, class k at i * K + k). */
  P: Float64Array[];
  /** Class index of each clip. */
  y: Int32Array;
  /** Number of classes. */
  K: number;
}

/** A selection method: weights for the members chosen on the clips `idx` only. */
export interface SelectionMethod {
  /** Name in the printed table and results.json. */
  name: string;
  /** What it does, in a few words. */
  desc: string;
  combine: Combine;
  choose(d: SelectionData, idx: Int32Array): number[];
}

/** The saved models the `best` step chooses among (those with a file in bench/fma-vggish), in this order. */
export const MEMBER_NAMES = [
  ...['logreg', 'logreg_pooled', 'fcnn', 'cnn', 'lstm', 'frames_lr', 'frames_mlp', 'frames_mlp_seeds', 'frames_mlp_noise'],
  ...[
    'segments_mlp',
    'frames_mlp_swa',
    'pooled_mlp_mixup',
    'stats_lr',
    'stats_mlp',
    'lstm_s1',
    'cnn_s1',
    'stats_boost',
    'lstm_s2',
    'cnn_k5',
    'boost_stats7',
    'cov_lr',
    'stats_lda',
    'frames_qda',
  ],
];

const EPS = 1e-12;
/** The per-member matrices the combine sums: the probabilities, or their logs. */
const termsCache = new WeakMap<SelectionData, Record<Combine, Float64Array[]>>();
function terms(d: SelectionData, combine: Combine): Float64Array[] {
  let t = termsCache.get(d);
  if (!t) {
    t = { mean: d.P, logMean: d.P.map((p) => Float64Array.from(p, (v) => Math.log(Math.max(v, EPS)))) };
    termsCache.set(d, t);
  }
  return t[combine];
}

/**
 * Macro F1 (%) of the argmax of `scores` (idx.length x K, row r for clip idx[r]) over the clips `idx`, averaged
 * over the classes present in the labels or the predictions (scikit-learn's and `precisionRecallF1`'s labels).
 */
export function macroF1Of(scores: Float64Array, d: SelectionData, idx: Int32Array): number {
  const K = d.K;
  const tp = new Int32Array(K),
    fp = new Int32Array(K),
    fn = new Int32Array(K);
  for (let r = 0; r < idx.length; r++) {
    let arg = 0,
      best = scores[r * K];
    for (let k = 1; k < K; k++)
      if (scores[r * K + k] > best) {
        best = scores[r * K + k];
        arg = k;
      }
    const t = d.y[idx[r]];
    if (arg === t) tp[t]++;
    else {
      fp[arg]++;
      fn[t]++;
    }
  }
  let sum = 0,
    n = 0;
  for (let k = 0; k < K; k++) {
    if (tp[k] + fp[k] + fn[k] === 0) continue;
    sum += (2 * tp[k]) / (2 * tp[k] + fp[k] + fn[k]);
    n++;
  }
  return (100 * sum) / n;
}

/** Scores of the weighted combination on the clips `idx` (unnormalised: argmax and F1 only). */
function combined(d: SelectionData, idx: Int32Array, w: number[], combine: Combine): Float64Array {
  const T = terms(d, combine),
    K = d.K;
  const s = new Float64Array(idx.length * K);
  w.forEach((wk, m) => {
    if (wk === 0) return;
    const t = T[m];
    for (let r = 0; r < idx.length; r++) for (let k = 0; k < K; k++) s[r * K + k] += wk * t[idx[r] * K + k];
  });
  return s;
}

/** Macro F1 (%) of the members weighted by `w` on the clips `idx`. */
export function scoreWeights(d: SelectionData, idx: Int32Array, w: number[], combine: Combine): number {
  return macroF1Of(combined(d, idx, w, combine), d, idx);
}

/** Mean negative log-likelihood of the weighted combination on `idx` (probabilities normalised per clip). */
export function nllOf(d: SelectionData, idx: Int32Array, w: number[], combine: Combine): number {
  const s = combined(d, idx, w, combine),
    K = d.K,
    total = w.reduce((a, b) => a + b, 0);
  let nll = 0;
  for (let r = 0; r < idx.length; r++) {
    const t = d.y[idx[r]];
    if (combine === 'mean') nll -= Math.log(Math.max(s[r * K + t] / total, EPS));
    else {
      let m = -Infinity;
      for (let k = 0; k < K; k++) m = Math.max(m, s[r * K + k] / total);
      let z = 0;
      for (let k = 0; k < K; k++) z += Math.exp(s[r * K + k] / total - m);
      nll -= s[r * K + t] / total - m - Math.log(z);
    }
  }
  return nll / idx.length;
}

/**
 * Every weighting in {0, 1, 2} of the members `pool` (the others 0; not all zero), the best macro F1 on `idx`
 * kept (the first in lexicographic order, member pool[0] most significant, on ties): the `best` step's selection
 * until now. Depth-first with running sums, so each weighting costs one pass over the clips' K scores.
 */
function fullGrid(d: SelectionData, idx: Int32Array, combine: Combine, pool: number[]): number[] {
  const T = terms(d, combine),
    K = d.K,
    M = pool.length,
    n = idx.length;
  // each pooled member's terms on idx, contiguous
  const sub = pool.map((p) => {
    const t = T[p],
      o = new Float64Array(n * K);
    for (let r = 0; r < n; r++) for (let k = 0; k < K; k++) o[r * K + k] = t[idx[r] * K + k];
    return o;
  });
  const acc = Array.from({ length: M + 1 }, () => new Float64Array(n * K));
  const w = new Array<number>(M).fill(0);
  let best = { score: -1, w: w.slice() };
  const rec = (m: number): void => {
    if (m === M) {
      if (!w.some((x) => x > 0)) return;
      const v = macroF1Of(acc[M], d, idx);
      if (v > best.score) best = { score: v, w: w.slice() };
      return;
    }
    const prev = acc[m],
      next = acc[m + 1],
      t = sub[m];
    for (const wm of [0, 1, 2]) {
      w[m] = wm;
      for (let i = 0; i < next.length; i++) next[i] = prev[i] + wm * t[i];
      rec(m + 1);
    }
    w[m] = 0;
  };
  rec(0);
  const out = new Array<number>(d.P.length).fill(0);
  pool.forEach((p, i) => {
    out[p] = best.w[i];
  });
  return out;
}

/** Single-member macro F1 on `idx`, for ranking. */
const singles = (d: SelectionData, idx: Int32Array, combine: Combine): number[] =>
  d.P.map((_, m) =>
    scoreWeights(
      d,
      idx,
      d.P.map((__, j) => (j === m ? 1 : 0)),
      combine,
    ),
  );

/** Equal weights of the k best members on `idx` (by their own macro F1 there), k = 1..M chosen on `idx` (smallest on ties). */
function topK(d: SelectionData, idx: Int32Array, combine: Combine): number[] {
  const s = singles(d, idx, combine);
  const order = s.map((v, m) => ({ v, m })).sort((a, b) => b.v - a.v || a.m - b.m);
  let best = { score: -1, w: [] as number[] };
  for (let k = 1; k <= order.length; k++) {
    const w = new Array<number>(d.P.length).fill(0);
    for (const { m } of order.slice(0, k)) w[m] = 1;
    const v = scoreWeights(d, idx, w, combine);
    if (v > best.score) best = { score: v, w };
  }
  return best.w;
}

/**
 * Caruana et al. (2004), "Ensemble selection from libraries of models": forward selection WITH replacement
 * from the empty ensemble, `steps` additions, each adding the member that gives the best criterion on `idx`
 * (macro F1, higher is better; or the mean negative log-likelihood, lower is better; the first member on
 * ties); the weights are the counts of the ensemble with the best criterion along the path (the earliest on
 * ties).
 */
function caruana(d: SelectionData, idx: Int32Array, combine: Combine, criterion: 'f1' | 'nll', steps = 25): number[] {
  const M = d.P.length;
  const crit = (w: number[]): number => (criterion === 'f1' ? scoreWeights(d, idx, w, combine) : -nllOf(d, idx, w, combine));
  const w = new Array<number>(M).fill(0);
  let best = { score: -Infinity, w: w.slice() };
  for (let s = 0; s < steps; s++) {
    let add = { m: 0, score: -Infinity };
    for (let m = 0; m < M; m++) {
      w[m]++;
      const v = crit(w);
      w[m]--;
      if (v > add.score) add = { m, score: v };
    }
    w[add.m]++;
    if (add.score > best.score) best = { score: add.score, w: w.slice() };
  }
  return best.w;
}

/**
 * Continuous non-negative weights of the members' log-probabilities minimising the log-loss on `idx` (projected
 * gradient descent with Adam, 300 steps from equal weights 1/M, unnormalised: the weights' sum is the vote's
 * inverse temperature). A weight w_m on member m's log-probabilities is member m's probabilities at temperature
 * 1/w_m, so this is per-member temperature scaling fitted jointly with the vote (what `VotingClassifier`'s
 * geometric vote with real weights carries; its normalisation by the weights' sum rescales the temperature of
 * the output, not its argmax).
 */
export function logLinear(d: SelectionData, idx: Int32Array, steps = 300, lr = 0.05): number[] {
  const T = terms(d, 'logMean'),
    K = d.K,
    M = d.P.length,
    n = idx.length;
  const w = new Array<number>(M).fill(1 / M),
    m1 = new Float64Array(M),
    m2 = new Float64Array(M);
  const s = new Float64Array(K),
    g = new Float64Array(M);
  for (let it = 1; it <= steps; it++) {
    g.fill(0);
    for (let r = 0; r < n; r++) {
      const i = idx[r];
      s.fill(0);
      for (let m = 0; m < M; m++) for (let k = 0; k < K; k++) s[k] += w[m] * T[m][i * K + k];
      let mx = -Infinity;
      for (let k = 0; k < K; k++) mx = Math.max(mx, s[k]);
      let z = 0;
      for (let k = 0; k < K; k++) z += s[k] = Math.exp(s[k] - mx);
      for (let m = 0; m < M; m++) {
        let e = 0;
        for (let k = 0; k < K; k++) e += (s[k] / z) * T[m][i * K + k];
        g[m] += (e - T[m][i * K + d.y[i]]) / n;
      }
    }
    for (let m = 0; m < M; m++) {
      m1[m] = 0.9 * m1[m] + 0.1 * g[m];
      m2[m] = 0.999 * m2[m] + 0.001 * g[m] * g[m];
      const step = (lr * (m1[m] / (1 - 0.9 ** it))) / (Math.sqrt(m2[m] / (1 - 0.999 ** it)) + 1e-8);
      w[m] = Math.max(0, w[m] - step);
    }
  }
  return w.some((x) => x > 0) ? w : new Array<number>(M).fill(1);
}

/**
 * The methods compared, each with both combines. The full grid runs over the members `gridPool` only (default
 * all; 3^M weightings, so 3^12 is too slow for the comparison's 40 choices: the script gives it the nine
 * members the grid-chosen `best` was chosen among).
 */
export function selectionMethods(gridPool?: number[]): SelectionMethod[] {
  const out: SelectionMethod[] = [];
  for (const combine of ['mean', 'logMean'] as const) {
    const c = combine === 'mean' ? 'probabilities' : 'log-probabilities';
    out.push(
      {
        name: `grid012/${combine}`,
        desc: `full grid of weights in {0,1,2} per member${gridPool ? ` (over ${gridPool.length} members)` : ''}, ${c} averaged`,
        combine,
        choose: (d, idx) => fullGrid(d, idx, combine, gridPool ?? d.P.map((_, m) => m)),
      },
      { name: `equal/${combine}`, desc: `every member, weight 1, ${c} averaged`, combine, choose: (d) => d.P.map(() => 1) },
      {
        name: `topK/${combine}`,
        desc: `the k best members by their own val F1, weight 1, k chosen on val, ${c} averaged`,
        combine,
        choose: (d, idx) => topK(d, idx, combine),
      },
      {
        name: `caruanaF1/${combine}`,
        desc: `Caruana forward selection with replacement (25 steps, macro F1), ${c} averaged`,
        combine,
        choose: (d, idx) => caruana(d, idx, combine, 'f1'),
      },
      {
        name: `caruanaNLL/${combine}`,
        desc: `Caruana forward selection with replacement (25 steps, log-loss), ${c} averaged`,
        combine,
        choose: (d, idx) => caruana(d, idx, combine, 'nll'),
      },
    );
  }
  out.push({
    name: 'logLinear/logMean',
    desc: 'continuous weights (per-member temperatures) minimising log-loss, log-probabilities averaged',
    combine: 'logMean',
    choose: (d, idx) => logLinear(d, idx),
  });
  return out;
}

/** Two halves of the clips, stratified by class: per class, a seeded shuffle, the first half of it to `a`. */
export function stratifiedHalves(y: Int32Array, seed: number): [Int32Array, Int32Array] {
  const rng = createRng(seed);
  const byClass = new Map<number, number[]>();
  y.forEach((c, i) => byClass.set(c, [...(byClass.get(c) ?? []), i]));
  const a: number[] = [],
    b: number[] = [];
  for (const c of [...byClass.keys()].sort((p, q) => p - q)) {
    const ix = rng.shuffle(byClass.get(c)!.slice());
    const h = Math.floor(ix.length / 2);
    a.push(...ix.slice(0, h));
    b.push(...ix.slice(h));
  }
  return [Int32Array.from(a.sort((p, q) => p - q)), Int32Array.from(b.sort((p, q) => p - q))];
}

/**
 * `folds` disjoint folds of the clips that keep each group whole and balance each class: per class, its groups in
 * a seeded shuffle, then largest first, each to the fold holding the fewest clips of that class so far (the first
 * such fold on ties). With one group per clip this is a stratified k-fold split.
 */
export function groupedFolds(y: Int32Array, groups: Int32Array, folds: number, seed: number): Int32Array[] {
  const rng = createRng(seed);
  const members = new Map<number, number[]>();
  groups.forEach((g, i) => members.set(g, [...(members.get(g) ?? []), i]));
  const byClass = new Map<number, number[][]>();
  for (const ix of members.values()) {
    if (ix.some((i) => y[i] !== y[ix[0]])) throw new Error('groupedFolds: a group spans classes');
    byClass.set(y[ix[0]], [...(byClass.get(y[ix[0]]) ?? []), ix]);
  }
  const out: number[][] = Array.from({ length: folds }, () => []);
  for (const c of [...byClass.keys()].sort((p, q) => p - q)) {
    const count = new Array<number>(folds).fill(0);
    const gs = rng.shuffle(byClass.get(c)!.slice()).sort((p, q) => q.length - p.length);
    for (const g of gs) {
      const f = count.indexOf(Math.min(...count));
      out[f].push(...g);
      count[f] += g.length;
    }
  }
  return out.map((f) => Int32Array.from(f.sort((p, q) => p - q)));
}

/** One method's outcome in the comparison. */
export interface MethodComparison {
  name: string;
  desc: string;
  /** Mean macro F1 (%) on the held-out halves (2 x splits). */
  heldOut: number;
  /** Standard deviation of the held-out scores. */
  heldOutSd: number;
  /** Mean macro F1 (%) on the halves the weights were chosen on (the optimism is in-half minus held-out). */
  inHalf: number;
  /** Mean paired difference of the held-out scores to the best method's (same halves), and its standard error. */
  vsBest: { mean: number; se: number };
}

/** Mean of `a`. */
export const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;

/** Sample standard deviation of `a` (ddof 1). */
export const sd = (a: number[]): number => {
  const m = mean(a);
  return Math.sqrt(a.reduce((x, y) => x + (y - m) ** 2, 0) / (a.length - 1));
};

/** Scores every method by choosing on one half of validation and scoring on the other (both ways, `splits` splits; `halvesOf(seed)` gives them, stratified halves by default); best first. */
export function compareSelections(
  d: SelectionData,
  methods: SelectionMethod[],
  splits = 20,
  halvesOf: (seed: number) => [Int32Array, Int32Array] = (seed) => stratifiedHalves(d.y, seed),
): MethodComparison[] {
  const halves = Array.from({ length: splits }, (_, s) => halvesOf(s));
  const rows = methods.map((mt) => {
    const held: number[] = [],
      inHalf: number[] = [];
    for (const [a, b] of halves) {
      for (const [fitOn, scoreOn] of [
        [a, b],
        [b, a],
      ]) {
        const w = mt.choose(d, fitOn);
        held.push(scoreWeights(d, scoreOn, w, mt.combine));
        inHalf.push(scoreWeights(d, fitOn, w, mt.combine));
      }
    }
    return { name: mt.name, desc: mt.desc, held, heldOut: mean(held), heldOutSd: sd(held), inHalf: mean(inHalf) };
  });
  rows.sort((p, q) => q.heldOut - p.heldOut);
  return rows.map(({ held, ...r }) => {
    const diff = held.map((v, i) => v - rows[0].held[i]);
    return { ...r, vsBest: r === rows[0] ? { mean: 0, se: 0 } : { mean: mean(diff), se: sd(diff) / Math.sqrt(diff.length) } };
  });
}

/** The data of `compareSelections` from each member's validation probabilities (columns in `classes[m]`'s order). */
export function selectionData(names: string[], probs: number[][][], classes: string[][], y: string[]): SelectionData {
  const ref = classes[0];
  const K = ref.length;
  const P = probs.map((Pm, m) => {
    const col = ref.map((c) => classes[m].indexOf(c));
    const o = new Float64Array(Pm.length * K);
    Pm.forEach((row, i) => {
      for (let k = 0; k < K; k++) o[i * K + k] = row[col[k]];
    });
    return o;
  });
  return { names, P, y: Int32Array.from(y, (c) => ref.indexOf(c)), K };
}
