import { describe, expect, it } from 'vitest';
import { asha, randomSearchBudget, rungBudgets } from '../../src/classifiers/asha.js';
import { choice, logUniform, powerOfTwo, uniform } from '../../src/classifiers/distributions.js';
import { isMirkitError } from '../../src/errors.js';

// A synthetic search space with a known answer: the final quality q(config) peaks at lr = 0.01,
// width = 64, act = 'relu'; the score saturates with budget at a config-dependent speed, so
// low-budget rankings are informative but not perfect (curves cross).
const space = { lr: logUniform(1e-4, 1), width: powerOfTwo(3, 8), act: choice(['relu', 'tanh', 'sigmoid']), speed: uniform(0.5, 2) };
type Cfg = { lr: number; width: number; act: string; speed: number };
const quality = (c: Cfg): number =>
  1 - 0.15 * Math.log10(c.lr / 0.01) ** 2 - 0.05 * Math.log2(c.width / 64) ** 2 - (c.act === 'relu' ? 0 : c.act === 'tanh' ? 0.05 : 0.1);
const score = (c: Cfg, budget: number): number => quality(c) * (1 - Math.exp((-budget * c.speed) / 8));

describe('asha', () => {
  it('finds the best configuration (within tolerance) with less budget than full random search', async () => {
    const opts = { space, nTrials: 81, gracePeriod: 1, maxBudget: 81, eta: 3, seed: 7 };
    const calls: string[] = [];
    const a = await asha<Cfg>({ ...opts, evaluate: async (c, b) => (calls.push(`${b}`), score(c, b)) });
    const r = await randomSearchBudget<Cfg>({ space, nTrials: 81, maxBudget: 81, seed: 7, evaluate: async (c, b) => score(c, b) });
    // the same configurations were sampled
    expect(a.trials.map((t) => t.config)).toEqual(r.trials.map((t) => t.config));
    const trueBest = Math.max(...r.trials.map((t) => t.score));
    console.log(
      `[asha] synthetic: rungs ${a.rungs.join('/')}, ASHA total budget ${a.totalBudget} (${a.evaluations} evaluations), ` +
        `random search total budget ${r.totalBudget}; ASHA best ${a.best.score.toFixed(4)} vs true best ${trueBest.toFixed(4)} ` +
        `(config ${JSON.stringify(a.best.config)})`,
    );
    expect(a.rungs).toEqual([1, 3, 9, 27, 81]);
    expect(a.best.budget).toBe(81);
    expect(a.best.score).toBeGreaterThanOrEqual(trueBest - 0.02);
    expect(r.best.score).toBe(trueBest);
    expect(a.totalBudget).toBeLessThan(r.totalBudget / 3);
    // rung sizes shrink roughly by eta (asynchronous promotions are irrevocable, so a few more than 1/eta may rise)
    const perRung = a.rungs.map((_, k) => a.trials.filter((t) => t.rung >= k).length);
    console.log(`[asha] trials per rung: ${perRung.join('/')}`);
    expect(perRung[0]).toBe(81);
    for (let k = 1; k < perRung.length; k++) expect(perRung[k]).toBeLessThanOrEqual(Math.ceil(perRung[k - 1] / 2));
    expect(perRung[perRung.length - 1]).toBeGreaterThanOrEqual(1);
  });

  it('resumes from the returned state and then charges only the budget increment', async () => {
    const seen: { budget: number; from: number | undefined }[] = [];
    const res = await asha<Cfg>({
      space,
      nTrials: 9,
      gracePeriod: 1,
      maxBudget: 9,
      eta: 3,
      seed: 3,
      evaluate: async (c, budget, state) => {
        seen.push({ budget, from: state as number | undefined });
        return { score: score(c, budget), state: budget };
      },
    });
    // 9 at 1, 3 at 3 (resume from 1), 1 at 9 (resume from 3): 9 + 3*2 + 6 = 21
    expect(res.totalBudget).toBe(21);
    for (const s of seen) if (s.budget > 1) expect(s.from).toBe(s.budget / 3);
    const noResume = await asha<Cfg>({ space, nTrials: 9, gracePeriod: 1, maxBudget: 9, eta: 3, seed: 3, evaluate: async (c, b) => score(c, b) });
    expect(noResume.totalBudget).toBe(9 + 9 + 9);
  });

  it('is reproducible for a seed, whatever the concurrency and the completion timing', async () => {
    const run = (concurrency: number) =>
      asha<Cfg>({
        space,
        nTrials: 27,
        maxBudget: 27,
        seed: 11,
        concurrency,
        evaluate: async (c, b) => {
          await new Promise((r) => setTimeout(r, Math.floor(c.speed * 3)));
          return score(c, b);
        },
      });
    const a = await run(1),
      b = await run(1),
      c = await run(4);
    expect(b.trials).toEqual(a.trials);
    expect(c.trials).toEqual(a.trials);
    expect(c.totalBudget).toBe(a.totalBudget);
    const other = await asha<Cfg>({ space, nTrials: 27, maxBudget: 27, seed: 12, evaluate: async (cf, bu) => score(cf, bu) });
    expect(other.trials.map((t) => t.config)).not.toEqual(a.trials.map((t) => t.config));
  });

  it("supports mode 'min' (losses) and a total budget cap", async () => {
    const res = await asha<Cfg>({ space, nTrials: 27, maxBudget: 27, seed: 5, mode: 'min', evaluate: async (c, b) => 1 - score(c, b) });
    const rs = await randomSearchBudget<Cfg>({ space, nTrials: 27, maxBudget: 27, seed: 5, mode: 'min', evaluate: async (c, b) => 1 - score(c, b) });
    expect(res.best.score).toBeLessThanOrEqual(rs.best.score + 0.02);
    const capped = await asha<Cfg>({ space, nTrials: 27, maxBudget: 27, seed: 5, maxTotalBudget: 10, evaluate: async (c, b) => score(c, b) });
    expect(capped.totalBudget).toBeLessThanOrEqual(10);
    expect(capped.totalBudget).toBeGreaterThanOrEqual(8);
  });

  it('computes rungs and rejects bad options and bad scores', async () => {
    expect(rungBudgets(1, 27, 3)).toEqual([1, 3, 9, 27]);
    expect(rungBudgets(10, 100, 2)).toEqual([10, 20, 40, 80, 100]);
    expect(rungBudgets(5, 5, 3)).toEqual([5]);
    const ev = async () => 1;
    for (const bad of [
      { maxBudget: 0 },
      { maxBudget: 9, eta: 1 },
      { maxBudget: 9, gracePeriod: 10 },
      { maxBudget: 9, nTrials: 0 },
      { maxBudget: 9, mode: 'up' },
    ]) {
      await expect(asha({ space, evaluate: ev, ...(bad as { maxBudget: number }) })).rejects.toSatisfy((e) => isMirkitError(e, 'BAD_OPTION'));
    }
    await expect(asha({ space, maxBudget: 3, evaluate: async () => Number.NaN })).rejects.toSatisfy((e) => isMirkitError(e, 'BAD_DATA'));
    await expect(asha({ space: { a: [] }, maxBudget: 3, evaluate: ev })).rejects.toSatisfy((e) => isMirkitError(e, 'BAD_OPTION'));
  });
});
