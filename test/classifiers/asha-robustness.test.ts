/**
 * asha / randomSearchBudget on hostile input: failed trials with concurrency (no unhandled
 * rejection, no evaluation after the failure, in-flight trials awaited), bounded rungs and trials,
 * lazy configuration draws, option objects read like every entry point's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asha, MAX_RUNGS, MAX_TRIALS, randomSearchBudget, rungBudgets } from '../../src/classifiers/asha.js';
import { choice, type Distribution, intUniform, logUniform, powerOfTwo, uniform } from '../../src/classifiers/distributions.js';
import { MirkitError } from '../../src/errors.js';
import { expectMirkitAsync } from '../robustness/util.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ev = async () => 1;

/** Unhandled rejections seen while a test runs (each must be none). */
let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  await sleep(20);
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

describe('asha: a failed trial with concurrency > 1', () => {
  it('rejects once with the user error, launches nothing after it and leaves no unhandled rejection', async () => {
    const boom = new Error('trial 1 failed');
    let calls = 0;
    let trial0Done = false;
    const p = asha({
      space: {},
      maxBudget: 9,
      concurrency: 2,
      evaluate: async () => {
        const me = calls++;
        if (me === 1) throw boom;
        await sleep(30);
        if (me === 0) trial0Done = true;
        return 1;
      },
    });
    await expect(p).rejects.toBe(boom);
    expect(trial0Done).toBe(true);
    expect(calls).toBe(2);
  });

  it('waits for the trials still in flight before rejecting, even when they fail too', async () => {
    const first = new Error('trial 0 failed');
    let calls = 0;
    let inFlightDone = false;
    const p = asha({
      space: {},
      maxBudget: 9,
      concurrency: 3,
      evaluate: async () => {
        const me = calls++;
        if (me === 0) throw first;
        await sleep(30);
        inFlightDone = true;
        if (me === 2) throw new Error('trial 2 failed later');
        return 1;
      },
    });
    await expect(p).rejects.toBe(first);
    expect(inFlightDone).toBe(true);
    expect(calls).toBe(3);
  });

  it('a BAD_DATA score of a later trial is reported the same way', async () => {
    let calls = 0;
    const p = asha({ space: {}, maxBudget: 9, concurrency: 2, evaluate: async () => (calls++ === 1 ? (10n as never) : sleep(20).then(() => 1)) });
    const e = await expectMirkitAsync(() => p, 'BAD_DATA');
    expect(e.message).toContain('10');
    expect(calls).toBe(2);
  });
});

describe('randomSearchBudget: a failed trial', () => {
  it('stops the workers: no evaluation starts after the failure, the in-flight one is awaited', async () => {
    const boom = new Error('first trial failed');
    let calls = 0;
    let secondDone = false;
    const p = randomSearchBudget({
      space: { x: [1, 2] },
      maxBudget: 9,
      nTrials: 50,
      concurrency: 2,
      evaluate: async () => {
        const me = calls++;
        if (me === 0) throw boom;
        await sleep(20);
        secondDone = true;
        return 1;
      },
    });
    await expect(p).rejects.toBe(boom);
    expect(secondDone).toBe(true);
    await sleep(50);
    expect(calls).toBe(2);
  });
});

describe('asha: bounded rungs', () => {
  it(`more than MAX_RUNGS (${MAX_RUNGS}) rungs is BAD_OPTION before any evaluation`, async () => {
    expect(() => rungBudgets(1, 2 ** 64, 2)).toThrow(MirkitError);
    expect(rungBudgets(1, 2 ** 63, 2)).toHaveLength(64);
    expect(MAX_RUNGS).toBe(64);
    let calls = 0;
    const count = async (_c: unknown, b: number) => (calls++, b);
    for (const o of [
      { maxBudget: 2 ** 64, gracePeriod: 1, eta: 2 },
      { maxBudget: 100, gracePeriod: 1, eta: 1 + 1e-9 }, // 4.6e9 rungs: V8 aborted
      { maxBudget: 1e300, gracePeriod: 1e-300, eta: 1.0001 },
      { maxBudget: 100, gracePeriod: 1, eta: 1 + 2 ** -52 },
    ]) {
      const e = await expectMirkitAsync(() => asha({ space: {}, evaluate: count, nTrials: 1, ...o }), 'BAD_OPTION');
      expect(e.message).toContain(`${MAX_RUNGS} rungs`);
    }
    expect(calls).toBe(0);
  });
});

describe('bounded trials and lazy draws', () => {
  it(`nTrials above MAX_TRIALS (${MAX_TRIALS}) is BAD_OPTION before any draw or evaluation`, async () => {
    expect(MAX_TRIALS).toBe(100_000);
    let draws = 0;
    const counting: Distribution<number> = { sample: () => ++draws };
    for (const nTrials of [MAX_TRIALS + 1, 2e6, 5e7]) {
      await expectMirkitAsync(() => randomSearchBudget({ space: { x: counting }, evaluate: ev, maxBudget: 9, nTrials }), 'BAD_OPTION');
      await expectMirkitAsync(() => asha({ space: { x: counting }, evaluate: ev, maxBudget: 9, nTrials }), 'BAD_OPTION');
    }
    expect(draws).toBe(0);
  });

  it('randomSearchBudget draws each configuration when its trial starts, in the seeded order of before', async () => {
    let draws = 0;
    const counting: Distribution<number> = { sample: (rng) => (draws++, rng.next()) };
    const seenAt: number[] = [];
    await randomSearchBudget({ space: { x: counting }, nTrials: 5, maxBudget: 9, evaluate: async () => (seenAt.push(draws), 1) });
    expect(seenAt).toEqual([1, 2, 3, 4, 5]);
    // the configurations of seed 7 before the change (drawn all up front then)
    const space = { lr: logUniform(1e-4, 1), width: powerOfTwo(3, 8), act: choice(['relu', 'tanh', 'sigmoid']), speed: uniform(0.5, 2), k: intUniform(-5, 5) };
    const golden = [
      { act: 'tanh', k: 1, lr: 0.07252406828496746, speed: 1.1637087923008949, width: 64 },
      { act: 'sigmoid', k: -2, lr: 0.05407134015020242, speed: 1.685205297661014, width: 8 },
      { act: 'tanh', k: 2, lr: 0.0052013046885351156, speed: 1.0392861623549834, width: 64 },
    ];
    for (const concurrency of [1, 3]) {
      const r = await randomSearchBudget({ space, nTrials: 3, maxBudget: 9, seed: 7, concurrency, evaluate: async () => (await sleep(Math.random() * 5), 1) });
      expect(r.trials.map((t) => t.config)).toEqual(golden);
    }
    const a = await asha({ space, nTrials: 3, maxBudget: 9, seed: 7, evaluate: ev });
    expect(a.trials.map((t) => t.config)).toEqual(golden);
  });

  it('asha with many trials and a trivial evaluate stays fast (no per-launch sort of a rung)', async () => {
    const t0 = performance.now();
    const r = await asha({ space: { x: uniform(0, 1) }, evaluate: async (c) => c.x as number, maxBudget: 81, nTrials: 5000 });
    expect(r.trials).toHaveLength(5000);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe('options: null, misspelled keys, strings', () => {
  it('null options are the defaults (BAD_OPTION naming the missing required key, never a TypeError)', async () => {
    for (const f of [asha, randomSearchBudget] as ((o: unknown) => Promise<unknown>)[]) {
      for (const o of [null, undefined]) {
        const e = await expectMirkitAsync(() => f(o), 'BAD_OPTION');
        expect(e.message).toContain('space');
      }
      await expectMirkitAsync(() => f(3), 'BAD_OPTION');
    }
    // a null option is its default
    const r = await asha({ space: { x: [1] }, evaluate: ev, maxBudget: 9, nTrials: null, eta: null, gracePeriod: null, seed: null, mode: null } as never);
    expect(r.rungs).toEqual([1, 3, 9]);
    expect(r.trials).toHaveLength(27);
  });

  it('a key the function does not accept is UNKNOWN_OPTION', async () => {
    const base = { space: { x: [1] }, evaluate: ev, maxBudget: 9 };
    const e = await expectMirkitAsync(() => asha({ ...base, nTrial: 3 } as never), 'UNKNOWN_OPTION');
    expect(e.message).toContain("'nTrials'");
    await expectMirkitAsync(() => asha({ ...base, max_total_budget: 3 } as never), 'UNKNOWN_OPTION');
    await expectMirkitAsync(() => randomSearchBudget({ ...base, concurency: 2 } as never), 'UNKNOWN_OPTION');
    await expectMirkitAsync(() => randomSearchBudget({ ...base, gracePeriod: 3 } as never), 'UNKNOWN_OPTION');
  });

  it('numeric strings, BigInts and symbols are BAD_OPTION, not converted', async () => {
    const base = { space: { x: [1] }, evaluate: ev, maxBudget: 9 };
    let calls = 0;
    const counted = { ...base, evaluate: async () => (calls++, 1) };
    for (const bad of [
      { maxTotalBudget: '100' },
      { nTrials: '3' },
      { maxBudget: '9' },
      { gracePeriod: '1' },
      { eta: '3' },
      { concurrency: '2' },
      { seed: '1' },
      { nTrials: 10n },
      { seed: Symbol('s') },
      { maxTotalBudget: Number.NaN },
      { eta: Infinity },
    ]) {
      await expectMirkitAsync(() => asha({ ...counted, ...bad } as never), 'BAD_OPTION');
    }
    for (const bad of [{ nTrials: '3' }, { maxBudget: '9' }, { concurrency: '2' }, { seed: Number.NaN }]) {
      await expectMirkitAsync(() => randomSearchBudget({ ...counted, ...bad } as never), 'BAD_OPTION');
    }
    expect(calls).toBe(0);
    const e = await expectMirkitAsync(() => asha({ ...base, maxTotalBudget: '100' } as never), 'BAD_OPTION');
    expect(e.message).toContain("'100'");
  });
});
