/**
 * The analyzer's `delta` and `stackMemory` (src/realtime/lagged.ts): frames held back until their
 * values are known, then equal to the offline `delta` / `stackMemory` of the offline source
 * feature over any chunking (1 sample, 100, 4096, the whole signal), with librosa's edges at both ends.
 */
import { describe, expect, it } from 'vitest';
import {
  chromaStft,
  createAnalyzer,
  delta,
  melSpectrogram,
  mfcc,
  powerToDb,
  rms,
  spectralCentroid,
  stackMemory,
  type AnalyzerOptions,
  type Frame,
  type Matrix,
} from '../../src/index.js';
import { describeShared, fixtureAudio, normalisedMaxError } from '../helpers/shared.js';

const SR = 22050;
const CHUNKS = [1, 100, 4096, Infinity];

/** Streams `y` in chunks of `size` samples (Infinity: one chunk), checking frames come out in order and complete. */
function stream(y: Float32Array, opts: Omit<AnalyzerOptions, 'sr'> & { sr?: number }, size: number): Frame[] {
  const a = createAnalyzer({ sr: SR, ...opts });
  const frames: Frame[] = [];
  const step = Math.min(size, y.length);
  for (let i = 0; i < y.length; i += step) frames.push(...a.push(y.subarray(i, i + step)));
  frames.push(...a.flush());
  frames.forEach((f, t) => {
    expect(f.index).toBe(t);
    for (const n of opts.features) expect(f.values[n].length, `${n} of frame ${t}`).toBe(a.rows[n]);
  });
  return frames;
}

/** The streamed values of one feature as a row-major matrix. */
function streamed(frames: Frame[], name: string): Matrix {
  const rows = frames[0].values[name].length;
  const T = frames.length;
  const data = new Float64Array(rows * T);
  frames.forEach((f, t) => f.values[name].forEach((v, r) => (data[r * T + t] = v)));
  return { rows, cols: T, data };
}

/** Normalised max error of a streamed feature against its offline matrix (shapes checked). */
function errorOf(frames: Frame[], name: string, ref: Matrix): number {
  const got = streamed(frames, name);
  expect([name, got.rows, got.cols]).toEqual([name, ref.rows, ref.cols]);
  return normalisedMaxError(got.data, ref.data);
}

/** A synthetic test signal: a chirp with an amplitude envelope, some noise and a silent stretch. */
function synthetic(n: number, seed = 1): Float32Array {
  let s = seed;
  const noise = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.02;
  return Float32Array.from({ length: n }, (_, i) => {
    if (i > n * 0.6 && i < n * 0.7) return 0;
    const f = 110 + (i / n) * 880;
    return 0.5 * Math.sin((2 * Math.PI * f * i) / SR) * (0.6 + 0.4 * Math.sin(i / 3000)) + noise();
  });
}

describeShared('analyzer delta and stackMemory equal the offline functions on a fixture clip', () => {
  const y = fixtureAudio('librosa-choice');
  const melDb = powerToDb(melSpectrogram(y, { sr: SR }), { topDb: null });
  const M = mfcc(null, { S: melDb });
  const C = chromaStft(y, { sr: SR, tuning: 0 });
  const refDelta = delta(M);
  const refStack = stackMemory(C);
  for (const size of CHUNKS) {
    it(`chunks of ${size} samples: delta(mfcc), stackMemory(chromaStft)`, () => {
      const frames = stream(y, { features: ['mfcc', 'chromaStft', 'delta', 'stackMemory'], options: { stackMemory: { feature: 'chromaStft' } } }, size);
      const eD = errorOf(frames, 'delta', refDelta);
      const eS = errorOf(frames, 'stackMemory', refStack);
      console.log(`librosa-choice, chunks of ${size}: delta error ${eD.toExponential(2)}, stackMemory error ${eS.toExponential(2)}`);
      expect(eD).toBeLessThanOrEqual(1e-4);
      expect(eS).toBeLessThanOrEqual(1e-4);
    }, 60000);
  }
});

describe('analyzer delta and stackMemory', () => {
  const y = synthetic(3 * SR + 333);
  const nFft = 1024;
  const hopLength = 256;
  const melDb = powerToDb(melSpectrogram(y, { sr: SR, nFft, hopLength, nMels: 40 }), { topDb: null });
  const M = mfcc(null, { S: melDb, nMfcc: 13 });
  const R = rms(y, { frameLength: nFft, hopLength });
  const base = { nFft, hopLength, options: { melSpectrogram: { nMels: 40 }, mfcc: { nMfcc: 13 } } };

  for (const size of CHUNKS) {
    it(`synthetic signal, chunks of ${size}: delta-delta (width 5) of mfcc and look-ahead stackMemory of rms`, () => {
      const frames = stream(
        y,
        {
          ...base,
          features: ['rms', 'stackMemory', 'mfcc', 'delta'],
          options: { ...base.options, delta: { width: 5, order: 2 }, stackMemory: { feature: 'rms', nSteps: 3, delay: -2 } },
        },
        size,
      );
      const eD = errorOf(frames, 'delta', delta(M, { width: 5, order: 2 }));
      const eS = errorOf(frames, 'stackMemory', stackMemory(R, { nSteps: 3, delay: -2 }));
      console.log(`synthetic, chunks of ${size}: delta error ${eD.toExponential(2)}, stackMemory error ${eS.toExponential(2)}`);
      expect(eD).toBeLessThanOrEqual(1e-4);
      expect(eS).toBeLessThanOrEqual(1e-4);
      // the frame's own feature values are untouched by the hold-back
      expect(errorOf(frames, 'mfcc', M)).toBeLessThanOrEqual(1e-4);
      expect(Object.keys(frames[0].values)).toEqual(['rms', 'stackMemory', 'mfcc', 'delta']);
    });
  }

  for (const size of CHUNKS) {
    it(`synthetic signal, chunks of ${size}: a list of deltas (mfcc width 9, its delta-delta width 5, rms width 3) stacks in one column`, () => {
      const list = [{}, { width: 5, order: 2 }, { feature: 'rms' as const, width: 3 }];
      const a = createAnalyzer({ sr: SR, ...base, features: ['mfcc', 'rms', 'delta'], options: { ...base.options, delta: list } });
      expect([a.latency, a.rows.delta]).toEqual([4, 13 + 13 + 1]);
      const frames = stream(y, { ...base, features: ['mfcc', 'rms', 'delta'], options: { ...base.options, delta: list } }, size);
      const D = streamed(frames, 'delta');
      const part = (r0: number, rows: number): Matrix => ({ rows, cols: D.cols, data: D.data.subarray(r0 * D.cols, (r0 + rows) * D.cols) });
      const parts = [
        [part(0, 13), delta(M)],
        [part(13, 13), delta(M, { width: 5, order: 2 })],
        [part(26, 1), delta(R, { width: 3 })],
      ] as const;
      for (const [got, ref] of parts) {
        expect([got.rows, got.cols]).toEqual([ref.rows, ref.cols]);
        expect(normalisedMaxError(got.data, ref.data)).toBeLessThanOrEqual(1e-4);
      }
    });
  }

  it('refuses an empty list of deltas and names the entry whose source is missing', () => {
    expect(() => createAnalyzer({ sr: SR, features: ['rms', 'delta'], options: { delta: [] } })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => createAnalyzer({ sr: SR, features: ['rms', 'delta'], options: { delta: [{ feature: 'rms' }, {}] } })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION', message: expect.stringContaining('options.delta[1].feature') }),
    );
  });

  it('holds back latency frames in push and releases them in flush', () => {
    const a = createAnalyzer({ sr: SR, features: ['spectralCentroid', 'delta'], options: { delta: { feature: 'spectralCentroid' } } });
    expect(a.latency).toBe(4);
    const complete = 1 + Math.floor((y.length - 1024) / 512); // frames whose samples are all in before flush
    const pushed = a.push(y);
    expect(pushed.length).toBe(complete - 4);
    const tail = a.flush();
    expect(pushed.length + tail.length).toBe(1 + Math.floor(y.length / 512));
    const ref = delta(spectralCentroid(y, { sr: SR }));
    expect(errorOf([...pushed, ...tail], 'delta', ref)).toBeLessThanOrEqual(1e-4);
    // the last (width - 1) / 2 frames repeat the last full-window value (librosa's mode 'interp')
    const last = tail.slice(-5).map((f) => f.values.delta[0]);
    expect(new Set(last).size).toBe(1);
    // after flush, a new signal starts at frame 0
    expect(a.push(y.subarray(0, 5000))[0]?.index ?? 0).toBe(0);
  });

  it('flush does not read the columns push returned (a worklet transfers them, detaching their buffers)', () => {
    // hop > nFft / 2 and y.length % hop >= nFft / 2: every frame is complete before flush, which computes none
    const framing = { nFft: 512, hopLength: 1024 };
    const a = createAnalyzer({
      sr: SR,
      ...framing,
      features: ['rms', 'delta', 'stackMemory'],
      options: { delta: { feature: 'rms' }, stackMemory: { feature: 'rms', delay: -1 } },
    });
    const pushed = a.push(y);
    expect(pushed.length).toBe(1 + Math.floor(y.length / 1024) - 4);
    // what the AudioWorklet does with every posted frame: transfer its value buffers
    const moved = structuredClone(pushed, { transfer: pushed.flatMap((f) => Object.values(f.values).map((v) => v.buffer as ArrayBuffer)) });
    expect(pushed[pushed.length - 1].values.delta.length).toBe(0); // detached
    const frames = [...moved, ...a.flush()];
    for (const f of frames) expect([f.index, f.values.delta.length, f.values.stackMemory.length]).toEqual([f.index, 1, 2]);
    const R = rms(y, { frameLength: 512, hopLength: 1024 });
    expect(errorOf(frames, 'delta', delta(R))).toBeLessThanOrEqual(1e-4);
    expect(errorOf(frames, 'stackMemory', stackMemory(R, { delay: -1 }))).toBeLessThanOrEqual(1e-4);
  });

  it('reports latency and rows: delta (width - 1) / 2, stackMemory 0 looking back and |delay| (nSteps - 1) looking ahead', () => {
    const opts = (o: AnalyzerOptions['options']): AnalyzerOptions => ({ sr: SR, features: ['mfcc', 'delta', 'stackMemory'], options: o });
    const a = createAnalyzer(opts({}));
    expect([a.latency, a.rows]).toEqual([4, { mfcc: 20, delta: 20, stackMemory: 40 }]);
    expect(createAnalyzer(opts({ delta: { width: 3 }, stackMemory: { nSteps: 4, delay: -3 } })).latency).toBe(9);
    expect(createAnalyzer(opts({ delta: { width: 11 }, stackMemory: { nSteps: 4 } })).latency).toBe(5);
    expect(createAnalyzer({ sr: SR, features: ['rms', 'stackMemory'], options: { stackMemory: { feature: 'rms', nSteps: 3 } } }).latency).toBe(0);
    expect(createAnalyzer({ sr: SR, features: ['rms'] }).latency).toBe(0);
  });

  it('refuses a source feature not requested, unknown or lagged, and bad kernel options', () => {
    const bad = (o: Partial<AnalyzerOptions>, code: string): void => {
      expect(() => createAnalyzer({ sr: SR, features: ['rms', 'delta'], ...o })).toThrow(expect.objectContaining({ code }));
    };
    bad({}, 'BAD_OPTION'); // the default source 'mfcc' is not requested
    bad({ options: { delta: { feature: 'chromaStft' } } }, 'BAD_OPTION');
    bad({ options: { delta: { feature: 'nope' as 'rms' } } }, 'BAD_OPTION');
    bad({ features: ['rms', 'delta', 'stackMemory'], options: { delta: { feature: 'stackMemory' as 'rms' } } }, 'BAD_OPTION');
    bad({ options: { delta: { feature: 'rms', width: 4 } } }, 'BAD_OPTION');
    bad({ options: { delta: { feature: 'rms', order: 0 } } }, 'BAD_OPTION');
    bad({ options: { delta: { feature: 'rms', widht: 9 } as never } }, 'UNKNOWN_OPTION');
    expect(() => createAnalyzer({ sr: SR, features: ['rms', 'stackMemory'], options: { stackMemory: { feature: 'rms', delay: 0 } } })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });

  it('flush throws TOO_SHORT for fewer than width frames (as delta) and leaves the analyzer usable', () => {
    const a = createAnalyzer({ sr: SR, features: ['rms', 'delta'], options: { delta: { feature: 'rms' } } });
    expect(a.push(y.subarray(0, 512 * 7))).toEqual([]);
    expect(() => a.flush()).toThrow(expect.objectContaining({ code: 'TOO_SHORT' }));
    const frames = [...a.push(y.subarray(0, 512 * 8)), ...a.flush()];
    expect(frames.map((f) => f.index)).toEqual([...Array(9).keys()]);
    expect(errorOf(frames, 'delta', delta(rms(y.subarray(0, 512 * 8))))).toBeLessThanOrEqual(1e-4);
  });
});
