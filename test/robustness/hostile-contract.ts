/**
 * The hostile-input oracle shared by the property suites (issue 16): run sizes and seed, the
 * documented error codes, hostile option objects and signals per entry point, and `contract`
 * (a finite result of the documented shape, or a documented `MirkitError`, within 5 s).
 */
import fc from 'fast-check';
import { MirkitError, type MirkitErrorCode } from '../../src/errors.js';
import { ENTRY_POINT_OPTIONS, type EntryPoint } from '../../src/option-table.js';
import { errorTally, signalArb } from './util.js';
import { HANG_BOUND_MS } from '../helpers/hang-guard.js';

export const SLOW = process.env.MIRKIT_SLOW === '1';
export const HOSTILE_RUNS = SLOW ? 1000 : 40;
export const SEED = Number(process.env.MIRKIT_FC_SEED ?? 20261203);

/** Every code MirkitError documents (src/errors.ts). */
export const CODES: ReadonlySet<MirkitErrorCode> = new Set<MirkitErrorCode>([
  'EMPTY_INPUT',
  'NON_FINITE',
  'BAD_SAMPLE_RATE',
  'BAD_OPTION',
  'UNKNOWN_OPTION',
  'BAD_SHAPE',
  'TOO_SHORT',
  'DECODE_FAILED',
  'FILE_NOT_FOUND',
  'UNSUPPORTED',
  'BAD_MODEL',
  'NOT_FITTED',
  'BAD_LABELS',
  'BAD_DATA',
  'NOT_READY',
]);

/** Values that are valid for a key (drawn more often, so the computing paths run too). */
export const GOOD: Record<string, unknown[]> = {
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
  width: [3, 5, 9],
  order: [0, 1, 2],
  nSteps: [2, 3],
  delay: [1, -1, 2],
  nBands: [4, 6],
  topDb: [60, 80],
  tempoMin: [30, 60],
  tempoMax: [240, 300],
  nThresholds: [20, 100],
  troughThreshold: [0.1],
  gamma: [0, 5],
  preMax: [1, 3],
  postMax: [1, 3],
  preAvg: [1, 3],
  postAvg: [1, 3],
  delta: [0.07, 0.5],
  wait: [0, 1, 10],
  units: ['frames', 'samples', 'time'],
};

/** Hostile values for any key. */
export const HOSTILE: unknown[] = [
  null,
  Number.NaN,
  Infinity,
  -Infinity,
  -1,
  0,
  0.5,
  1,
  3,
  2 ** 31,
  1e308,
  -1e308,
  1e-3,
  4096,
  '',
  'x',
  '512',
  true,
  false,
  [],
  [1, 2],
  [2 ** 40, 3],
  {},
  () => Number.NaN,
  () => 1,
];

/** Keys no function accepts: librosa's spellings, typos, prototype names. */
export const FOREIGN = ['hop_length', 'n_mels', 'n_fft', 'n_mfcc', 'nMel', 'hoplength', 'sampleRate', '__proto__', 'constructor', 'toString'];

export function optionsArb(fn: EntryPoint): fc.Arbitrary<unknown> {
  const own = ENTRY_POINT_OPTIONS[fn] as readonly string[];
  const optionValue = (k: string) =>
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(GOOD[k] ?? [undefined])) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) });
  const entry = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...own).chain((k) => optionValue(k).map((v) => [k, v] as const)) },
    { weight: 1, arbitrary: fc.constantFrom(...FOREIGN).map((k) => [k, 512] as const) },
  );
  const object = fc.array(entry, { maxLength: 5 }).map((es) => Object.fromEntries(es));
  return fc.oneof({ weight: 20, arbitrary: object }, { weight: 1, arbitrary: fc.constantFrom(null, undefined, 3, 'hopLength', [1], true) });
}

/** Mostly well-formed signals; now and then NaN/Inf/huge samples, empty, or not a signal at all. */
export const hostileSignalArb = fc.oneof(
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
export function assertFiniteDeep(r: unknown, path = 'result'): void {
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
export function expectedRows(fn: string, o: Record<string, unknown>): number | undefined {
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
    case 'chromaVqt':
      return (o.binsPerOctave as number | undefined) ?? 12;
    case 'spectralContrast':
      return ((o.nBands as number | undefined) ?? 6) + 1;
    case 'polyFeatures':
      return ((o.order as number | undefined) ?? 1) + 1;
    case 'vqtMagnitude':
      return (o.nBins as number | undefined) ?? 84;
    case 'fourierTempogramMagnitude':
      return Math.floor(((o.winLength as number | undefined) ?? 384) / 2) + 1;
    case 'spectralCentroid':
    case 'spectralBandwidth':
    case 'spectralRolloff':
    case 'rms':
    case 'zeroCrossingRate':
    case 'spectralFlatness':
    case 'spectralSlope':
    case 'spectralSpread':
    case 'spectralSkewness':
    case 'spectralKurtosis':
    case 'spectralCrest':
    case 'spectralFlux':
    case 'perceptualSpread':
    case 'perceptualSharpness':
      return 1;
    default:
      return undefined;
  }
}

/** Accepts a thrown value only as a MirkitError with a documented code, and counts it in the tally of `fn`. */
function tallyError(fn: string, e: unknown): void {
  if (!(e instanceof MirkitError)) throw new Error(`${fn} threw a non-MirkitError: ${(e as Error)?.stack ?? String(e)}`);
  if (!CODES.has(e.code)) throw new Error(`${fn}: undocumented code ${e.code}`);
  const t = errorTally.get(fn) ?? new Map<string, number>();
  t.set(e.code, (t.get(e.code) ?? 0) + 1);
  errorTally.set(fn, t);
}

/** Fails a case that ran past {@link HANG_BOUND_MS} since `t0`. */
function checkTime(fn: string, t0: number): void {
  const ms = performance.now() - t0;
  if (ms > HANG_BOUND_MS) throw new Error(`${fn} took ${Math.round(ms)} ms (bound ${HANG_BOUND_MS} ms)`);
}

/** The oracle: finite result of the documented shape, or a documented MirkitError, within the time bound. */
export function contract(fn: string, call: () => unknown, opts: unknown, n?: number): void {
  const t0 = performance.now();
  let r: unknown;
  try {
    r = call();
  } catch (e) {
    tallyError(fn, e);
    r = undefined;
  }
  checkTime(fn, t0);
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

/**
 * {@link contract} for an entry point that returns a promise (the time bound covers the await).
 * `check` tests the result's shape and returns its numeric part (all of it must be finite).
 */
export async function contractAsync(fn: string, call: () => Promise<unknown>, check: (r: unknown) => unknown = (r) => r): Promise<void> {
  const t0 = performance.now();
  let r: unknown;
  try {
    r = await call();
  } catch (e) {
    tallyError(fn, e);
    r = undefined;
  }
  checkTime(fn, t0);
  if (r === undefined) return;
  assertFiniteDeep(check(r), fn);
}
