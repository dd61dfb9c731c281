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

  it('with mix writes into the array it is given (large enough), and leaves it once the stream runs past it', () => {
    const into = new Float32Array(4).fill(9);
    const sink = new PcmSink(true, 3, into);
    expect(sink.push([new Float32Array([0.5, -0.25])], 2)).toBe(true);
    expect(sink.result()[0].buffer).toBe(into.buffer);
    expect(Array.from(into)).toEqual([0.5, -0.25, 9, 9]);
    expect(sink.push([new Float32Array([1, 2, 3])], 3)).toBe(true); // past its 4 samples: a larger array
    expect(sink.result()[0].buffer).not.toBe(into.buffer);
    expect(Array.from(sink.result()[0])).toEqual([0.5, -0.25, 1, 2, 3]);
    // smaller than the capacity asked for, or without mix: not used
    const small = new PcmSink(true, 8, new Float32Array(4));
    small.push([new Float32Array([1])], 1);
    expect(small.result()[0].buffer.byteLength).toBeGreaterThanOrEqual(1024 * 4);
    const channels = new PcmSink(false, 2, into);
    channels.push([new Float32Array([7])], 1);
    expect(channels.result()[0].buffer).not.toBe(into.buffer);
  });
});
