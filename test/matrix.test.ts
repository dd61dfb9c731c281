import { describe, expect, it } from 'vitest';
import { checkStepBound, checkWorkSize } from '../src/matrix.js';
import { MAX_MATRIX_VALUES } from '../src/limits.js';

describe('checkWorkSize', () => {
  it('returns rows x cols up to 2^28 values and refuses more with BAD_OPTION', () => {
    expect(checkWorkSize(2 ** 14, 2 ** 14, 'test matrix')).toBe(MAX_MATRIX_VALUES);
    expect(() => checkWorkSize(2 ** 14 + 1, 2 ** 14, 'test matrix')).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION', details: { rows: 2 ** 14 + 1, cols: 2 ** 14, bound: MAX_MATRIX_VALUES } }),
    );
    expect(() => checkWorkSize(Number.NaN, 1, 'test matrix')).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});

describe('checkStepBound', () => {
  it('passes work up to the bound and refuses more with BAD_OPTION naming the work, the bound, the advice and the option', () => {
    expect(() => checkStepBound(2 ** 20, 2 ** 20, '1 x 2^20 steps', 'use less', { option: 'hopLength' })).not.toThrow();
    let err: unknown;
    try {
      checkStepBound(2 ** 20 + 1, 2 ** 20, 'the frames would take 1048577 steps', 'use a larger hopLength', { option: 'hopLength', frames: 3 });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      code: 'BAD_OPTION',
      message: 'the frames would take 1048577 steps, above the bound of 2^20: use a larger hopLength',
      details: { option: 'hopLength', frames: 3, bound: 2 ** 20 },
    });
  });
});
