import { describe, expect, it } from 'vitest';
import { createDeltaKernel, delta } from '../../src/features/delta.js';
import { mfcc } from '../../src/features/mel.js';
import { MirkitError } from '../../src/errors.js';
import { CLIPS, describeShared, fixtureAudio, fixtureFeature, normalisedMaxError } from '../helpers/shared.js';
import { moreMatrix } from '../helpers/more-fixture.js';

describeShared('delta vs librosa.feature.delta on the default mfcc (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const m = fixtureFeature(clip, 'mfcc'); // librosa's mfcc (7 significant digits)
      const ours = mfcc(fixtureAudio(clip), { sr: 22050 });
      for (const order of [1, 2]) {
        const ref = moreMatrix(clip, 'feature.delta', `order${order}`);
        const fromRef = delta(m, { order });
        const fromOurs = delta(ours, { order });
        expect([fromRef.rows, fromRef.cols]).toEqual([ref.rows, ref.cols]);
        const e1 = normalisedMaxError(fromRef.data, ref.data);
        const e2 = normalisedMaxError(fromOurs.data, ref.data);
        console.log(`delta order ${order} ${clip}: ${e1.toExponential(2)} (librosa's mfcc), ${e2.toExponential(2)} (ours)`);
        expect(e1).toBeLessThanOrEqual(1e-4);
        expect(e2).toBeLessThanOrEqual(1e-4);
      }
    });
  }
});

describe('delta', () => {
  it('differentiates polynomials exactly inside and at the edges', () => {
    const n = 30;
    const data = new Float64Array(2 * n);
    for (let t = 0; t < n; t++) {
      data[t] = 3 * t - 2; // slope 3
      data[n + t] = 0.5 * t * t; // second derivative 1
    }
    const m = { rows: 2, cols: n, data };
    const d1 = delta(m, { width: 5 });
    for (let t = 0; t < n; t++) expect(d1.data[t]).toBeCloseTo(3, 5);
    const d2 = delta(m, { order: 2, width: 7 });
    for (let t = 0; t < n; t++) expect(d2.data[n + t]).toBeCloseTo(1, 5);
  });
  it('rejects bad widths, orders and too-short input', () => {
    const m = { rows: 1, cols: 5, data: new Float32Array(5) };
    expect(() => delta(m)).toThrow(MirkitError); // 5 frames < width 9
    expect(() => delta(m, { width: 4 })).toThrow(/odd/);
    expect(() => delta(m, { width: 1 })).toThrow(MirkitError);
    expect(() => delta(m, { order: 0, width: 3 })).toThrow(/order/);
    expect(() => delta(m, { order: 3, width: 3 })).toThrow(/order/);
  });
  it('the streaming kernel gives the batch values, 4 frames late', () => {
    const rows = 3,
      n = 40;
    const data = new Float32Array(rows * n);
    for (let i = 0; i < data.length; i++) data[i] = Math.fround(Math.sin(i * 0.37) * 5);
    for (const order of [1, 2]) {
      const batch = delta({ rows, cols: n, data }, { order });
      const k = createDeltaKernel(rows, { order });
      expect(k.latency).toBe(4);
      const cols: Float32Array[] = [];
      for (let t = 0; t < n; t++) {
        const out = k.push(Array.from({ length: rows }, (_, r) => data[r * n + t]));
        if (t < 8) expect(out.length).toBe(0);
        else expect(t === 8 ? out.length === 5 : out.length === 1).toBe(true);
        cols.push(...out);
      }
      cols.push(...k.flush());
      expect(cols.length).toBe(n);
      for (let t = 0; t < n; t++) for (let r = 0; r < rows; r++) expect(cols[t][r]).toBe(batch.data[r * n + t]);
    }
    const short = createDeltaKernel(1);
    short.push([1]);
    expect(() => short.flush()).toThrow(MirkitError);
  });

  it('the streaming kernel hands out columns the caller owns: changing them does not change flush', () => {
    const k = createDeltaKernel(1, { width: 3 });
    const outs = [0, 1, 4, 9, 16].flatMap((v) => k.push([v]));
    expect(outs.map((c) => c[0])).toEqual([2, 2, 4, 6]); // d(t^2)/dt = 2t, the first frame repeating the second's
    expect(new Set(outs.map((c) => c.buffer)).size).toBe(outs.length);
    for (const c of outs) c.fill(-1);
    expect(k.flush().map((c) => c[0])).toEqual([6]);
  });
});
