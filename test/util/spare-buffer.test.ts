import { describe, expect, it } from 'vitest';
import { MAX_SPARE_BYTES, SpareBuffer } from '../../src/util/spare-buffer.js';
import { takeAny } from '../helpers/spare.js';

describe('SpareBuffer', () => {
  it('gives its buffer once, to a request of at most its size and at least half of it', () => {
    const spare = new SpareBuffer();
    expect(spare.take(10)).toBeUndefined();
    const a = new Float32Array(1000);
    spare.keep(a.subarray(10, 20).buffer);
    expect(spare.take(4001)).toBeUndefined(); // too small
    expect(spare.take(1999)).toBeUndefined(); // more than twice the request
    expect(spare.take(2400)).toBe(a.buffer);
    expect(spare.take(2400)).toBeUndefined(); // the taker owns it now
  });

  it('keeps the newest buffer, and none empty, shared or above the bound', () => {
    const spare = new SpareBuffer();
    spare.keep(new ArrayBuffer(100));
    spare.keep(new ArrayBuffer(50)); // the newest replaces the one kept
    expect(spare.take(60)).toBeUndefined();
    expect(spare.take(40)?.byteLength).toBe(50);
    spare.keep(new ArrayBuffer(100));
    spare.keep(new ArrayBuffer(0));
    spare.keep(new SharedArrayBuffer(64));
    spare.keep(new ArrayBuffer(MAX_SPARE_BYTES + 4));
    expect(spare.take(60)?.byteLength).toBe(100); // none of the three replaced it
    expect(takeAny(spare)).toBeUndefined();
    const shared = new SpareBuffer<SharedArrayBuffer>(true);
    shared.keep(new ArrayBuffer(64));
    expect(takeAny(shared)).toBeUndefined();
    shared.keep(new SharedArrayBuffer(64));
    expect(takeAny(shared)?.byteLength).toBe(64);
  });
});
