/**
 * The key-list helpers of src/util/key-lists.ts: `keys` joins in order, `without` drops in order,
 * both return new arrays and leave their inputs as they were.
 */
import { describe, expect, it } from 'vitest';
import { keys, without } from '../../src/util/key-lists.js';

describe('keys / without', () => {
  it('keys joins the lists in order, duplicates kept, inputs untouched', () => {
    const a = ['nFft', 'hopLength'] as const;
    const b = ['sr'] as const;
    const joined = keys(a, b, ['fft', 'sr']);
    expect(joined).toEqual(['nFft', 'hopLength', 'sr', 'fft', 'sr']);
    expect(a).toEqual(['nFft', 'hopLength']);
    expect(keys()).toEqual([]);
  });

  it('without drops every given key and keeps the order of the rest', () => {
    const list = ['nFft', 'window', 'hopLength', 'center', 'padMode'] as const;
    expect(without(list, 'window', 'center')).toEqual(['nFft', 'hopLength', 'padMode']);
    expect(without(list)).toEqual([...list]);
    expect(without(list)).not.toBe(list);
    expect(without(list, 'absent' as never)).toEqual([...list]);
  });
});
