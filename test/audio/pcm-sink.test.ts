import { describe, expect, it } from 'vitest';
import { PcmSink } from '../../src/audio/pcm-sink.js';

const f = Math.fround;

describe('PcmSink', () => {
  it('collects blocks channel by channel, growing past its first capacity', () => {
    const sink = new PcmSink(false, 3);
    const L = Array.from({ length: 3000 }, (_, i) => f(Math.sin(i)));
    const R = Array.from({ length: 3000 }, (_, i) => f(Math.cos(i)));
    for (let at = 0; at < 3000; at += 700) {
      const n = Math.min(700, 3000 - at);
      const scratch = new Float32Array(1000); // the codec's buffer: longer than the block, reused
      scratch.set(L.slice(at, at + n));
      const scratchR = new Float32Array(1000);
      scratchR.set(R.slice(at, at + n));
      expect(sink.push([scratch, scratchR], n)).toBe(true);
    }
    const out = sink.result();
    expect(out.map((c) => Array.from(c))).toEqual([L, R]);
    expect(sink.result(10).map((c) => c.length)).toEqual([10, 10]);
  });

  it('with mix keeps only the float32 mean, and refuses a mean out of bound or a change of channel count', () => {
    const sink = new PcmSink(true, 8);
    expect(sink.push([new Float32Array([0.1, 0.3]), new Float32Array([0.2, -0.7])], 2)).toBe(true);
    expect(Array.from(sink.result()[0])).toEqual([f(f(f(0.1) + f(0.2)) / 2), f(f(f(0.3) + f(-0.7)) / 2)]);
    expect(sink.push([new Float32Array([1]), new Float32Array([Number.NaN])], 1)).toBe(false);
    expect(sink.push([new Float32Array([2 ** 25]), new Float32Array([2 ** 25])], 1)).toBe(false);
    expect(sink.push([new Float32Array([0])], 1)).toBe(false);
    const mono = new PcmSink(true, 8);
    expect(mono.push([new Float32Array([0.5, -0.25])], 2)).toBe(true);
    expect(mono.push([new Float32Array([Number.POSITIVE_INFINITY])], 1)).toBe(false);
    expect(Array.from(mono.result()[0])).toEqual([0.5, -0.25]);
  });
});
