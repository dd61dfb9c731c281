import { describe, expect, it } from 'vitest';
import { wasmDecibels } from '../../src/dsp/onset-kernels.js';
import { linkedRhythmKernels } from '../../src/dsp/rhythm-kernel.js';
import { powerToDbUnclipped, type DecibelKernel } from '../../src/features/db.js';

const same = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

describe.skipIf(!linkedRhythmKernels('auto'))('the onset decibel kernel (src/dsp/onset-kernels.ts)', () => {
  it('wasmDecibels gives the JavaScript decibels and clip level bit for bit (every magnitude, amin edges, zeros, NaN, infinities, partial quads, chunks)', () => {
    const kernel: DecibelKernel = (v, out, table, low, aminDb, offset) => wasmDecibels(v, out, table, low, aminDb, offset, 'auto');
    const amin = Math.fround(1e-10);
    const below = new Float32Array([amin]);
    new Int32Array(below.buffer)[0]--;
    const odd = [0, -0, -1, 1, 1e-10, amin, below[0], 1e-45, 1e-39, 1.1754943508222875e-38, 3.4028234663852886e38];
    const specials = [...odd, Number.NaN, -Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    let calls = 0;
    for (const length of [0, 1, 3, 4, 7, 9, 4096, 65536 + 5, 200003]) {
      for (const withSpecials of [false, true]) {
        // magnitudes from 1e-30 to 1e30, each mantissa pattern of the table's 256 segments
        const x = new Float32Array(length);
        let seed = length + (withSpecials ? 7 : 0);
        for (let i = 0; i < length; i++) {
          seed = (seed * 1664525 + 1013904223) >>> 0;
          x[i] = 10 ** (-30 + 60 * (seed / 2 ** 32));
          if (withSpecials && i % 11 === 3) x[i] = specials[((i / 11) % specials.length) | 0];
        }
        const viaJs = new Float32Array(length);
        const viaWasm = new Float32Array(length);
        const levelJs = powerToDbUnclipped(x, viaJs);
        const levelWasm = powerToDbUnclipped(x, viaWasm, (...a) => {
          calls++;
          return kernel(...a);
        });
        expect(Object.is(levelWasm, levelJs), `${length} values: clip level ${levelWasm} vs ${levelJs}`).toBe(true);
        expect(same(viaWasm, viaJs), `${length} values${withSpecials ? ' with specials' : ''}`).toBe(true);
        // in place, as the onset envelope calls it
        const inPlace = x.slice();
        powerToDbUnclipped(inPlace, inPlace, kernel);
        expect(same(inPlace, viaJs)).toBe(true);
      }
    }
    expect(calls).toBeGreaterThan(0);
  });

  it("gives way to the JavaScript loop under fft: 'js'", () => {
    expect(wasmDecibels(new Float32Array(8), new Float32Array(8), new Float64Array(512), 0, -100, 0, 'js')).toBeNull();
  });
});
