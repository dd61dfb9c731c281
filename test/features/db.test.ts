import { describe, expect, it } from 'vitest';
import { amplitudeToDb, powerToDb } from '../../src/features/db.js';
import { errorCode } from './spectral-helpers.js';

const m = (vals: number[]) => ({ rows: 1, cols: vals.length, data: Float64Array.from(vals) });

describe('powerToDb / amplitudeToDb', () => {
  it('10 log10 with ref 1, amin floor and topDb clipping', () => {
    const out = powerToDb(m([1, 10, 100, 1e-3, 0, 1e-12]));
    expect(Array.from(out.data).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([0, 10, 20, -30, -60, -60]);
    // topDb 80 below the max 20 dB clips at -60; without clipping amin gives -100
    const raw = powerToDb(m([100, 0]), { topDb: null });
    expect(raw.data[1]).toBeCloseTo(-100, 5);
    const clipped = powerToDb(m([100, 1e-3, 0]), { topDb: 30 });
    expect(Array.from(clipped.data).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([20, -10, -10]);
  });

  it("ref 'max', numeric ref and a function", () => {
    expect(Array.from(powerToDb(m([4, 2, 1]), { ref: 'max' }).data).map((v) => Math.round(v * 1e3) / 1e3)).toEqual([0, -3.01, -6.021]);
    expect(powerToDb(m([4]), { ref: 4 }).data[0]).toBeCloseTo(0, 6);
    expect(powerToDb(m([4, 1]), { ref: (v) => v[1] }).data[0]).toBeCloseTo(6.0206, 4);
  });

  it('amplitudeToDb is 20 log10 with amin 1e-5 and ref on amplitude', () => {
    const out = amplitudeToDb(m([1, -10, 0.1, 0]), { topDb: null });
    expect(Array.from(out.data).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([0, 20, -20, -100]);
    expect(amplitudeToDb(m([2, 1]), { ref: 'max' }).data[1]).toBeCloseTo(-6.0206, 4);
    expect(amplitudeToDb(m([10, 0]), { topDb: 80 }).data[1]).toBeCloseTo(-60, 4);
  });

  it('rejects bad input with MirkitError codes', () => {
    expect(errorCode(() => powerToDb({ rows: 0, cols: 0, data: new Float32Array(0) }))).toBe('EMPTY_INPUT');
    expect(errorCode(() => powerToDb(m([1, NaN])))).toBe('NON_FINITE');
    expect(errorCode(() => powerToDb(m([1]), { amin: 0 }))).toBe('BAD_OPTION');
    expect(errorCode(() => powerToDb(m([1]), { topDb: -1 }))).toBe('BAD_OPTION');
    expect(errorCode(() => amplitudeToDb(m([1]), { ref: NaN }))).toBe('BAD_OPTION');
    expect(errorCode(() => powerToDb({ rows: 2, cols: 2, data: new Float32Array(3) }))).toBe('BAD_SHAPE');
  });
});
