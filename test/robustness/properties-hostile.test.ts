/**
 * Property-based hostile input at every public entry point (issue 16).
 *
 * Each case draws a signal (silence, DC, square, noise, denormals, ... of 1..2048 samples, and
 * now and then a hostile one: NaN/Inf/1e30 inside, empty, not an array) and an options object
 * (the function's own keys with valid or hostile values: null, NaN, +-Infinity, negatives, 2^31,
 * 1e308, strings, arrays, objects, callbacks that return NaN; librosa's snake_case names, typos,
 * `__proto__`; or the whole object null, a number, a string, an array). The contract, per case:
 * a finite result of the documented shape, or a `MirkitError` with a documented code, within 5 s.
 *
 * Run sizes: `HOSTILE_RUNS` per entry point (40 in the default `npm test`, 1000 with
 * `MIRKIT_SLOW=1`, which `npm run test:slow` sets), seeded by `MIRKIT_FC_SEED`.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import * as m from '../../src/index.js';
import { MirkitError, type MirkitErrorCode } from '../../src/errors.js';
import { ENTRY_POINT_OPTIONS, type EntryPoint } from '../../src/options.js';
import { errorTally, signalArb } from './util.js';

const SLOW = process.env.MIRKIT_SLOW === '1';
const HOSTILE_RUNS = SLOW ? 1000 : 40;
const SEED = Number(process.env.MIRKIT_FC_SEED ?? 20261203);
const CASE_BOUND_MS = 5000;

/** Every code MirkitError documents (src/errors.ts). */
const CODES: ReadonlySet<MirkitErrorCode> = new Set<MirkitErrorCode>([
  'EMPTY_INPUT', 'NON_FINITE', 'BAD_SAMPLE_RATE', 'BAD_OPTION', 'UNKNOWN_OPTION', 'BAD_SHAPE', 'TOO_SHORT',
  'DECODE_FAILED', 'FILE_NOT_FOUND', 'UNSUPPORTED', 'BAD_MODEL', 'NOT_FITTED', 'BAD_LABELS', 'BAD_DATA', 'NOT_READY',
]);

/** Values that are valid for a key (drawn more often, so the computing paths run too). */
const GOOD: Record<string, unknown[]> = {
  sr: [8000, 22050, 44100],
  nFft: [32, 64, 256, 512],
  hopLength: [16, 64, 128, 256],
  winLength: [32, 64],
  frameLength: [64, 256],
  nMels: [8, 32],
  nMfcc: [4, 13],
  nChroma: [12, 24],
  nBins: [12, 24, 36],
  binsPerOctave: [12, 24],
  nOctaves: [1, 2, 3],
  kernelSize: [3, 17, [5, 9]],
  margin: [1, 2, [1, 3]],
  center: [true, false],
  fmin: [32.7, 65.4, 110],
  fmax: [2000, 4000],
  power: [1, 2],
  norm: [null, 1, 2, Infinity],
  fft: ['auto', 'js', 'wasm'],
  padMode: ['constant', 'reflect', 'edge'],
  window: ['hann', 'hamming'],
  tuning: [0, 0.25, -0.4],
  set: ['gtzan57', 'seed'],
};

/** Hostile values for any key. */
const HOSTILE: unknown[] = [null, Number.NaN, Infinity, -Infinity, -1, 0, 0.5, 1, 3, 2 ** 31, 1e308, -1e308, 1e-3, 4096, '', 'x', '512', true, false, [], [1, 2], [2 ** 40, 3], {}, () => Number.NaN, () => 1];

/** Keys no function accepts: librosa's spellings, typos, prototype names. */
const FOREIGN = ['hop_length', 'n_mels', 'n_fft', 'n_mfcc', 'nMel', 'hoplength', 'sampleRate', '__proto__', 'constructor', 'toString'];

function optionsArb(fn: EntryPoint): fc.Arbitrary<unknown> {
  const own = ENTRY_POINT_OPTIONS[fn] as readonly string[];
  const valueOf = (k: string) =>
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(GOOD[k] ?? [undefined])) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) });
  const entry = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...own).chain((k) => valueOf(k).map((v) => [k, v] as const)) },
    { weight: 1, arbitrary: fc.constantFrom(...FOREIGN).map((k) => [k, 512] as const) },
  );
  const object = fc.array(entry, { maxLength: 5 }).map((es) => Object.fromEntries(es));
  return fc.oneof({ weight: 20, arbitrary: object }, { weight: 1, arbitrary: fc.constantFrom(null, undefined, 3, 'hopLength', [1], true) });
}

/** Mostly well-formed signals; now and then NaN/Inf/huge samples, empty, or not a signal at all. */
const hostileSignalArb = fc.oneof(
  { weight: 12, arbitrary: signalArb(2048).map((s) => s.y) },
  {
    weight: 3,
    arbitrary: fc.tuple(signalArb(2048), fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e30, -3e38, 2 ** 24), fc.nat()).map(([s, v, i]) => {
      const y = s.y.slice();
      y[i % y.length] = v;
      return y;
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(new Float32Array(0), [], null, 'audio', [1, 'x', 3], new Int16Array(64), { length: 3 }) },
);

/** Throws unless every number reachable in `r` (typed arrays, arrays, plain objects) is finite and every Matrix is consistent. */
function assertFiniteDeep(r: unknown, path = 'result'): void {
  if (typeof r === 'number') {
    if (!Number.isFinite(r)) throw new Error(`${path} = ${r}`);
  } else if (ArrayBuffer.isView(r) && !(r instanceof DataView)) {
    const a = r as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw new Error(`${path}[${i}] = ${a[i]}`);
  } else if (Array.isArray(r)) {
    r.forEach((v, i) => assertFiniteDeep(v, `${path}[${i}]`));
  } else if (r && typeof r === 'object') {
    const o = r as Record<string, unknown>;
    if (typeof o.rows === 'number' && typeof o.cols === 'number') {
      const len = ((o.data ?? o.re) as ArrayLike<number> | undefined)?.length;
      if (len !== o.rows * o.cols) throw new Error(`${path}: ${o.rows} x ${o.cols} but ${len} values`);
    }
    for (const [k, v] of Object.entries(o)) assertFiniteDeep(v, `${path}.${k}`);
  } else throw new Error(`${path} is ${String(r)}`);
}

/** Rows a Matrix result must have, given the options it was computed with. */
function expectedRows(fn: string, o: Record<string, unknown>): number | undefined {
  const nFft = (o.nFft as number | undefined) ?? 2048;
  switch (fn) {
    case 'stft':
    case 'spectrogram':
      return Math.floor(nFft / 2) + 1;
    case 'melSpectrogram':
      return (o.nMels as number | undefined) ?? 128;
    case 'mfcc':
      return (o.nMfcc as number | undefined) ?? 20;
    case 'chromaStft':
    case 'chromaCqt':
    case 'chromaCens':
      return (o.nChroma as number | undefined) ?? 12;
    case 'tonnetz':
      return 6;
    case 'spectralCentroid':
    case 'spectralBandwidth':
    case 'spectralRolloff':
    case 'rms':
    case 'zeroCrossingRate':
      return 1;
    default:
      return undefined;
  }
}

/** The oracle: finite result of the documented shape, or a documented MirkitError, within the time bound. */
function contract(fn: string, call: () => unknown, opts: unknown, n?: number): void {
  const t0 = performance.now();
  let r: unknown;
  try {
    r = call();
  } catch (e) {
    if (!(e instanceof MirkitError)) throw new Error(`${fn} threw a non-MirkitError: ${(e as Error)?.stack ?? String(e)}`);
    if (!CODES.has(e.code)) throw new Error(`${fn}: undocumented code ${e.code}`);
    const t = errorTally.get(fn) ?? new Map<string, number>();
    t.set(e.code, (t.get(e.code) ?? 0) + 1);
    errorTally.set(fn, t);
    r = undefined;
  }
  const ms = performance.now() - t0;
  if (ms > CASE_BOUND_MS) throw new Error(`${fn} took ${Math.round(ms)} ms (bound ${CASE_BOUND_MS} ms)`);
  if (r === undefined) return;
  assertFiniteDeep(r, fn);
  const o = (opts && typeof opts === 'object' ? opts : {}) as Record<string, unknown>;
  const rows = expectedRows(fn, o);
  const res = r as { rows?: number };
  if (rows !== undefined && res.rows !== rows) throw new Error(`${fn}: ${res.rows} rows, expected ${rows}`);
  if (fn === 'hpssAudio' && n !== undefined) {
    const h = r as { harmonic: Float32Array; percussive: Float32Array };
    if (h.harmonic.length !== n || h.percussive.length !== n) throw new Error(`hpssAudio: lengths ${h.harmonic.length}/${h.percussive.length}, expected ${n}`);
  }
}

type SignalFn = (y: never, o: never) => unknown;
const SIGNAL_ENTRY_POINTS: [EntryPoint, SignalFn][] = [
  ['stft', m.stft],
  ['spectrogram', m.spectrogram],
  ['melSpectrogram', m.melSpectrogram],
  ['mfcc', m.mfcc],
  ['spectralCentroid', m.spectralCentroid],
  ['spectralBandwidth', m.spectralBandwidth],
  ['spectralRolloff', m.spectralRolloff],
  ['rms', m.rms],
  ['zeroCrossingRate', m.zeroCrossingRate],
  ['onsetStrength', m.onsetStrength],
  ['tempo', m.tempo],
  ['tempogram', m.tempogram],
  ['beatTrack', m.beatTrack as SignalFn],
  ['piptrack', m.piptrack],
  ['estimateTuning', m.estimateTuning],
  ['chromaStft', m.chromaStft],
  ['chromaCqt', m.chromaCqt],
  ['chromaCens', m.chromaCens],
  ['tonnetz', m.tonnetz],
  ['cqt', m.cqt],
  ['hpssAudio', m.hpssAudio],
];

afterAll(() => {
  const lines = [...errorTally].map(([k, v]) => `  ${k}: ${[...v].map(([c, n]) => `${c}=${n}`).join(' ')}`);
  if (lines.length) console.log(`MirkitError codes seen (hostile properties, ${HOSTILE_RUNS} runs each):\n${lines.join('\n')}`);
});

describe(`hostile properties: every signal entry point (${HOSTILE_RUNS} runs each)`, () => {
  for (const [fn, f] of SIGNAL_ENTRY_POINTS) {
    it(`${fn}: finite documented shape or a documented MirkitError, under 5 s`, () => {
      fc.assert(
        fc.property(hostileSignalArb, optionsArb(fn), (y, o) => {
          const n = ArrayBuffer.isView(y) || Array.isArray(y) ? (y as ArrayLike<number>).length : undefined;
          contract(fn, () => f(y as never, o as never), o, n);
        }),
        { numRuns: HOSTILE_RUNS, seed: SEED },
      );
    });
  }
});

describe(`hostile properties: entry points on spectrograms, filters, rates (${HOSTILE_RUNS} runs each)`, () => {
  const S = m.spectrogram(new Float32Array(2048).map((_, i) => Math.sin(i / 3)), { nFft: 64, hopLength: 32 });
  it('powerToDb, amplitudeToDb, hpss on a spectrogram', () => {
    fc.assert(
      fc.property(optionsArb('powerToDb'), optionsArb('hpss'), (o, h) => {
        contract('powerToDb', () => m.powerToDb(S, o as never), o);
        contract('amplitudeToDb', () => m.amplitudeToDb(S, o as never), o);
        contract('hpss', () => m.hpss(S, h as never), h);
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  });
  it('melFilterbank, chromaFilterbank', () => {
    fc.assert(
      fc.property(optionsArb('melFilterbank'), optionsArb('chromaFilterbank'), (a, b) => {
        contract('melFilterbank', () => m.melFilterbank(a as never), a);
        contract('chromaFilterbank', () => m.chromaFilterbank(b as never), b);
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  });
  it('resample with hostile rates and options', () => {
    const rate = fc.oneof(fc.constantFrom(8000, 16000, 22050, 44100), fc.constantFrom(0, -1, Number.NaN, Infinity, 1e-3, 1e308, 2, 1));
    fc.assert(
      fc.property(hostileSignalArb, rate, rate, optionsArb('resample'), (y, a, b, o) => {
        contract('resample', () => m.resample(y as never, a, b, o as never), o);
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  });
});
