/**
 * The analyzer's shared descriptor stages (FrameShare): steps whose kernels share a stage read one
 * fill per frame, and only steps whose stage options agree share it.
 */
import { describe, expect, it } from 'vitest';
import {
  createAnalyzer,
  type Frame,
  loudness,
  perceptualSharpness,
  perceptualSpread,
  spectralKurtosis,
  spectralSkewness,
  spectralSpread,
} from '../../src/index.js';
import { loudnessKernel } from '../../src/features/loudness.js';
import { spectralSpreadKernel } from '../../src/features/spread.js';
import { kernelContext } from '../../src/features/descriptor.js';
import { normalisedMaxError } from '../helpers/shared.js';

const SR = 22050;

/** Two seconds of a chirp plus seeded noise (every bin sounding, frames differing). */
function signal(): Float32Array {
  const y = new Float32Array(2 * SR + 311);
  let s = 7;
  for (let i = 0; i < y.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    y[i] = 0.5 * Math.sin(2 * Math.PI * (200 + 0.2 * i) * (i / SR)) + 0.05 * (s / 2 ** 32 - 0.5);
  }
  return y;
}

/** Streams `y` in 700-sample chunks; the values of `name` per frame, flattened row-major. */
function streamed(
  y: Float32Array,
  features: Parameters<typeof createAnalyzer>[0]['features'],
  options: Parameters<typeof createAnalyzer>[0]['options'],
  name: string,
): Float64Array {
  const a = createAnalyzer({ sr: SR, features, options });
  const frames: Frame[] = [];
  for (let i = 0; i < y.length; i += 700) frames.push(...a.push(y.subarray(i, i + 700)));
  frames.push(...a.flush());
  const rows = frames[0].values[name].length;
  const out = new Float64Array(rows * frames.length);
  frames.forEach((f, t) => f.values[name].forEach((v, r) => (out[r * frames.length + t] = v)));
  return out;
}

describe('shared descriptor stages', () => {
  it('the split form (stage fill, then finish) is what compute does', () => {
    const ctx = kernelContext(SR, 2048);
    const col = Float64Array.from({ length: 1025 }, (_, k) => 1 + Math.sin(k / 7) ** 2);
    for (const k of [loudnessKernel(ctx), spectralSpreadKernel(ctx)]) {
      const a = new Float64Array(k.rows);
      const b = new Float64Array(k.rows);
      k.compute(col, a, null);
      const s = k.shared!.stage.create();
      k.shared!.stage.fill(col, s);
      k.shared!.finish(s, b);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
  });

  it('steps sharing the shape moments and the Bark loudness equal their offline functions', () => {
    const y = signal();
    const names = ['spectralSpread', 'spectralSkewness', 'spectralKurtosis', 'loudness', 'perceptualSpread', 'perceptualSharpness'] as const;
    const a = createAnalyzer({ sr: SR, features: [...names] });
    const frames: Frame[] = [];
    for (let i = 0; i < y.length; i += 512) frames.push(...a.push(y.subarray(i, i + 512)));
    frames.push(...a.flush());
    const col = (name: string) => {
      const rows = frames[0].values[name].length;
      const out = new Float64Array(rows * frames.length);
      frames.forEach((f, t) => f.values[name].forEach((v, r) => (out[r * frames.length + t] = v)));
      return out;
    };
    const l = loudness(y, { sr: SR });
    expect(normalisedMaxError(col('spectralSpread'), spectralSpread(y, { sr: SR }).data)).toBeLessThanOrEqual(1e-6);
    expect(normalisedMaxError(col('spectralSkewness'), spectralSkewness(y, { sr: SR }).data)).toBeLessThanOrEqual(1e-6);
    expect(normalisedMaxError(col('spectralKurtosis'), spectralKurtosis(y, { sr: SR }).data)).toBeLessThanOrEqual(1e-6);
    expect(normalisedMaxError(col('loudness'), Float64Array.from([...l.specific.data, ...l.total.data]))).toBeLessThanOrEqual(1e-6);
    expect(normalisedMaxError(col('perceptualSpread'), perceptualSpread(y, { sr: SR }).data)).toBeLessThanOrEqual(1e-6);
    expect(normalisedMaxError(col('perceptualSharpness'), perceptualSharpness(y, { sr: SR }).data)).toBeLessThanOrEqual(1e-6);
  });

  it('loudness stages with different options are not shared', () => {
    const y = signal();
    const options = { loudness: { power: 1 }, perceptualSpread: { nBands: 20 } };
    const features = ['loudness', 'perceptualSpread', 'perceptualSharpness'] as const;
    const l = loudness(y, { sr: SR, power: 1 });
    expect(normalisedMaxError(streamed(y, [...features], options, 'loudness'), Float64Array.from([...l.specific.data, ...l.total.data]))).toBeLessThanOrEqual(
      1e-6,
    );
    expect(normalisedMaxError(streamed(y, [...features], options, 'perceptualSpread'), perceptualSpread(y, { sr: SR, nBands: 20 }).data)).toBeLessThanOrEqual(
      1e-6,
    );
    expect(normalisedMaxError(streamed(y, [...features], options, 'perceptualSharpness'), perceptualSharpness(y, { sr: SR }).data)).toBeLessThanOrEqual(1e-6);
    // and the power-1 loudness really differs from the default one (the test could fail)
    const d = loudness(y, { sr: SR });
    const dflt = Float64Array.from([...d.specific.data, ...d.total.data]);
    expect(normalisedMaxError(streamed(y, [...features], options, 'loudness'), dflt)).toBeGreaterThan(0.01);
  });

  it('after flush and after reset, carried state (rms and zero-crossing block sums, shared stages) starts over', () => {
    const y = signal();
    const features = ['rms', 'zeroCrossingRate', 'spectralSpread', 'spectralKurtosis', 'loudness', 'perceptualSharpness'] as const;
    const run = (a: ReturnType<typeof createAnalyzer>, x: Float32Array): Frame[] => {
      const out: Frame[] = [];
      for (let i = 0; i < x.length; i += 333) out.push(...a.push(x.subarray(i, i + 333)));
      return out;
    };
    const fresh = (x: Float32Array): Frame[] => {
      const a = createAnalyzer({ sr: SR, features: [...features] });
      return [...run(a, x), ...a.flush()];
    };
    const a = createAnalyzer({ sr: SR, features: [...features] });
    const short = y.subarray(0, 3000);
    const first = [...run(a, short), ...a.flush()];
    const second = [...run(a, y), ...a.flush()];
    run(a, y.subarray(5000, 9000));
    a.reset();
    const third = [...run(a, short), ...a.flush()];
    expect(first).toEqual(fresh(short));
    expect(second).toEqual(fresh(y));
    expect(third).toEqual(fresh(short));
  });
});
