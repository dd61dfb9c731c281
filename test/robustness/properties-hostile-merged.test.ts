/**
 * Property-based hostile input at the entry points merged after the validation layer (issue 16):
 * onset detection and peak picking, Fourier tempogram and PLP, trim/split, YIN/pYIN, VQT, the
 * descriptor family (flatness ... perceptual sharpness) and their kernel factories, delta and
 * stackMemory. Same oracle, run sizes and seed as properties-hostile.test.ts (hostile-contract.ts):
 * a finite result of the documented shape, or a documented `MirkitError`, within 5 s.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import * as m from '../../src/index.js';
import type { EntryPoint } from '../../src/options.js';
import { errorTally } from './util.js';
import { contract, hostileSignalArb, HOSTILE_RUNS, optionsArb, SEED } from './hostile-contract.js';

type SignalFn = (y: never, o: never) => unknown;

/**
 * pYIN's f0 holds `fillNa` (NaN by default, as librosa) on unvoiced frames, by contract: check
 * that those frames hold it, then mask them so that the oracle sees finite values.
 */
function pyinFilled(y: never, o: { fillNa?: number | null } | null): unknown {
  const r = m.pyin(y, o as never);
  const fill = o && typeof o === 'object' && o.fillNa !== undefined ? o.fillNa : Number.NaN;
  const f0 = r.f0.map((v, i) => {
    if (r.voicedFlag[i] || fill === null) return v; // fillNa null: the best f0 guess, finite
    if (!Object.is(v, fill)) throw new Error(`pyin: unvoiced frame ${i} holds ${v}, not fillNa ${fill}`);
    return 0;
  });
  return { ...r, f0 };
}
const SIGNAL_ENTRY_POINTS: [EntryPoint, SignalFn][] = [
  ['onsetDetect', m.onsetDetect as SignalFn],
  ['fourierTempogram', m.fourierTempogram],
  ['fourierTempogramMagnitude', m.fourierTempogramMagnitude],
  ['plp', m.plp],
  ['trim', m.trim],
  ['split', m.split],
  ['yin', m.yin],
  ['pyin', pyinFilled as SignalFn],
  ['vqt', m.vqt],
  ['vqtMagnitude', m.vqtMagnitude],
  ['chromaVqt', m.chromaVqt],
  ['spectralFlatness', m.spectralFlatness],
  ['spectralContrast', m.spectralContrast],
  ['polyFeatures', m.polyFeatures],
  ['spectralSlope', m.spectralSlope],
  ['spectralSpread', m.spectralSpread],
  ['spectralSkewness', m.spectralSkewness],
  ['spectralKurtosis', m.spectralKurtosis],
  ['spectralCrest', m.spectralCrest],
  ['spectralFlux', m.spectralFlux],
  ['loudness', m.loudness],
  ['perceptualSpread', m.perceptualSpread],
  ['perceptualSharpness', m.perceptualSharpness],
];

/** Feature matrices (rows x frames), now and then with a non-finite value, empty, or not a matrix. */
const matrixArb = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(0, Number.NaN, Infinity, 1e30),
      )
      .map(([rows, cols, seed, poison]) => {
        const data = new Float32Array(rows * cols).map((_, i) => Math.sin(seed + i * 0.37) * 10);
        if (poison !== 0) data[seed % data.length] = poison;
        return { rows, cols, data } as unknown;
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      null,
      { rows: 0, cols: 0, data: new Float32Array(0) },
      { rows: 3, cols: 3, data: new Float32Array(4) },
      [[1, 2]],
      'matrix',
    ),
  },
);

afterAll(() => {
  const lines = [...errorTally].map(([k, v]) => `  ${k}: ${[...v].map(([c, n]) => `${c}=${n}`).join(' ')}`);
  if (lines.length) console.log(`MirkitError codes seen (merged entry points, ${HOSTILE_RUNS} runs each):\n${lines.join('\n')}`);
});

describe(`hostile properties: merged signal entry points (${HOSTILE_RUNS} runs each)`, () => {
  for (const [fn, f] of SIGNAL_ENTRY_POINTS) {
    it(`${fn}: finite documented shape or a documented MirkitError, under 5 s`, () => {
      fc.assert(
        fc.property(hostileSignalArb, optionsArb(fn), (y, o) => contract(fn, () => f(y as never, o as never), o)),
        { numRuns: HOSTILE_RUNS, seed: SEED },
      );
    });
  }
});

describe(`hostile properties: merged entry points on matrices, envelopes, kernels (${HOSTILE_RUNS} runs each)`, () => {
  it('delta and stackMemory on hostile matrices', () => {
    fc.assert(
      fc.property(matrixArb, optionsArb('delta'), optionsArb('stackMemory'), (M, a, b) => {
        contract('delta', () => m.delta(M as never, a as never), a);
        contract('stackMemory', () => m.stackMemory(M as never, b as never), b);
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  });

  it('peakPick and onsetBacktrack on hostile envelopes', () => {
    const events = fc.oneof(fc.array(fc.integer({ min: -5, max: 3000 }), { maxLength: 8 }), fc.constantFrom<unknown>(null, [Number.NaN], [1.5], 'x'));
    fc.assert(
      fc.property(hostileSignalArb, optionsArb('peakPick'), events, (x, o, ev) => {
        contract('peakPick', () => m.peakPick(x as never, o as never), o);
        contract('onsetBacktrack', () => m.onsetBacktrack(ev as never, x as never), undefined);
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  });

  it('the kernel factories with hostile options, run on one column', () => {
    const ctxArb = fc.tuple(fc.constantFrom(8000, 22050, 44100), fc.constantFrom(64, 512, 2048));
    const kernels: [EntryPoint, (ctx: m.KernelContext, o: never) => m.DescriptorKernel][] = [
      ['spectralFlatnessKernel', m.spectralFlatnessKernel],
      ['spectralContrastKernel', m.spectralContrastKernel],
      ['polyFeaturesKernel', m.polyFeaturesKernel],
      ['spectralCrestKernel', m.spectralCrestKernel],
      ['loudnessKernel', m.loudnessKernel],
      ['perceptualSpreadKernel', m.perceptualSpreadKernel],
      ['perceptualSharpnessKernel', m.perceptualSharpnessKernel],
    ];
    // a kernel reads a magnitude column the calling entry point has checked: non-negative, finite
    const column = fc.constantFrom('sine', 'zero', 'impulse', 'huge');
    fc.assert(
      fc.property(
        ctxArb,
        fc.constantFrom(...kernels).chain((k) => optionsArb(k[0]).map((o) => [k, o] as const)),
        column,
        ([sr, nFft], [[fn, make], o], col) => {
          const ctx = m.kernelContext(sr, nFft);
          const bins = nFft / 2 + 1;
          const x = new Float32Array(bins).map((_, i) =>
            col === 'sine' ? Math.abs(Math.sin(i)) : col === 'zero' ? 0 : col === 'huge' ? 1e12 : i === 1 ? 1 : 0,
          );
          contract(
            fn,
            () => {
              const k = make(ctx, o as never);
              const out = new Float64Array(k.rows);
              k.compute(x, out, null);
              return out;
            },
            o,
          );
        },
      ),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  });
});
