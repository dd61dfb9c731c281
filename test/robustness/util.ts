/**
 * Shared helpers of the robustness suite (issue #9): signal generators for property tests and the
 * "finite result or MirkitError" oracle.
 */
import fc from 'fast-check';
import { MirkitError } from '../../src/errors.js';
import { monoWav } from '../helpers/wav.js';

/** Signal shapes the property tests draw from. */
export const KINDS = ['silence', 'dc', 'square', 'clipped', 'noise', 'denormal', 'impulse', 'sine', 'random'] as const;
export type Kind = (typeof KINDS)[number];

/** Sample rates from 8 kHz to 96 kHz: the usual ones plus arbitrary integers and fractions in range. */
export const srArb = fc.oneof(
  fc.constantFrom(8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000),
  fc.integer({ min: 8000, max: 96000 }),
  fc.double({ min: 8000, max: 96000, noNaN: true }),
);

/** A small deterministic PRNG (mulberry32) so a case is reproducible from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Synthesises `n` samples of `kind` (deterministic in `seed`). */
export function synth(kind: Kind, n: number, sr: number, seed: number): Float32Array {
  const y = new Float32Array(n);
  const r = rng(seed);
  const f = 20 + r() * (sr / 2 - 40);
  switch (kind) {
    case 'silence':
      break;
    case 'dc': {
      const v = r() < 0.5 ? 1 : 2 * r() - 1;
      y.fill(v);
      break;
    }
    case 'square': {
      const period = Math.max(2, Math.round(sr / f));
      for (let i = 0; i < n; i++) y[i] = i % period < period / 2 ? 1 : -1;
      break;
    }
    case 'clipped':
      for (let i = 0; i < n; i++) y[i] = Math.max(-1, Math.min(1, 4 * Math.sin((2 * Math.PI * f * i) / sr)));
      break;
    case 'noise':
      for (let i = 0; i < n; i++) y[i] = 2 * r() - 1;
      break;
    case 'denormal':
      // float32 subnormals (< 1.18e-38) and the smallest one
      for (let i = 0; i < n; i++) y[i] = (r() < 0.5 ? -1 : 1) * (r() < 0.2 ? 1.4e-45 : r() * 1e-39);
      break;
    case 'impulse':
      y[Math.floor(r() * n)] = 1;
      break;
    case 'sine':
      for (let i = 0; i < n; i++) y[i] = 0.5 * Math.sin((2 * Math.PI * f * i) / sr);
      break;
    case 'random':
      // mixture: silence with occasional full-scale samples
      for (let i = 0; i < n; i++) y[i] = r() < 0.05 ? (r() < 0.5 ? 1 : -1) : 0;
      break;
  }
  return y;
}

export interface SignalCase {
  kind: Kind;
  n: number;
  sr: number;
  seed: number;
  y: Float32Array;
}

/** Arbitrary signal of 1..maxLen samples (biased to very short ones) at 8..96 kHz. */
export function signalArb(maxLen: number, minLen = 1): fc.Arbitrary<SignalCase> {
  const lenArb = fc.oneof(
    { weight: 1, arbitrary: fc.integer({ min: minLen, max: Math.max(minLen, 8) }) },
    { weight: 3, arbitrary: fc.integer({ min: minLen, max: maxLen }) },
  );
  return fc.record({ kind: fc.constantFrom(...KINDS), n: lenArb, sr: srArb, seed: fc.integer() }).map((c) => {
    const out = { ...c, y: synth(c.kind, c.n, c.sr, c.seed) };
    // counterexamples print as their recipe, not as thousands of samples
    Object.defineProperty(out, fc.toStringMethod, { value: () => `synth('${c.kind}', ${c.n}, ${c.sr}, ${c.seed})`, enumerable: false });
    return out;
  });
}

/** Throws unless every value is finite. */
export function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`${what}[${i}] = ${values[i]} (not finite)`);
  }
}

/** Throws unless `m` is a Matrix of finite values with `rows` rows (when given) and data = rows*cols. */
export function assertMatrix(m: { rows: number; cols: number; data: ArrayLike<number> }, what: string, rows?: number, cols?: number): void {
  if (!m || !Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.data.length !== m.rows * m.cols) {
    throw new Error(`${what}: not a Matrix (${m?.rows} x ${m?.cols}, ${m?.data?.length} values)`);
  }
  if (rows !== undefined && m.rows !== rows) throw new Error(`${what}: ${m.rows} rows, expected ${rows}`);
  if (cols !== undefined && m.cols !== cols) throw new Error(`${what}: ${m.cols} cols, expected ${cols}`);
  assertFinite(m.data, what);
}

/** Counts of the MirkitError codes seen by {@link finiteOrMirkit}, per entry point (for the report). */
export const errorTally = new Map<string, Map<string, number>>();

/**
 * The robustness oracle: runs `f`; a `MirkitError` is accepted (and tallied), any other exception
 * fails the property, and a result is passed to `check`.
 */
export function finiteOrMirkit<T>(name: string, f: () => T, check: (r: T) => void): void {
  let r: T;
  try {
    r = f();
  } catch (e) {
    if (e instanceof MirkitError) {
      const t = errorTally.get(name) ?? new Map<string, number>();
      t.set(e.code, (t.get(e.code) ?? 0) + 1);
      errorTally.set(name, t);
      if (!e.message || e.message.length < 10) throw new Error(`${name}: MirkitError ${e.code} without a useful message`);
      return;
    }
    throw new Error(`${name} threw a non-MirkitError: ${(e as Error)?.stack ?? String(e)}`);
  }
  check(r);
}

/** Number of frames of a centred STFT-based feature. */
export function centredFrames(n: number, nFft: number, hop: number): number {
  return 1 + Math.floor((n + 2 * Math.floor(nFft / 2) - nFft) / hop);
}

/** Expects `f` to throw a MirkitError of `code`; returns it. */
export function expectMirkit(f: () => unknown, code: string): MirkitError {
  try {
    f();
  } catch (e) {
    if (e instanceof MirkitError && e.code === code) return e;
    throw new Error(`expected MirkitError ${code}, got ${e instanceof MirkitError ? `MirkitError ${e.code}: ${e.message}` : String((e as Error)?.stack ?? e)}`);
  }
  throw new Error(`expected MirkitError ${code}, but the call returned`);
}

/** Async version of {@link expectMirkit}. */
export async function expectMirkitAsync(f: () => Promise<unknown>, codes: string | string[]): Promise<MirkitError> {
  const list = Array.isArray(codes) ? codes : [codes];
  try {
    await f();
  } catch (e) {
    if (e instanceof MirkitError && list.includes(e.code)) return e;
    throw new Error(
      `expected MirkitError ${list.join('|')}, got ${e instanceof MirkitError ? `MirkitError ${e.code}: ${e.message}` : String((e as Error)?.stack ?? e)}`,
    );
  }
  throw new Error(`expected MirkitError ${list.join('|')}, but the call returned`);
}

/** A 16-bit PCM mono WAV of `y`. */
export function pcm16Wav(y: Float32Array, sr: number): Uint8Array {
  return monoWav(y, sr, 'pcm16');
}

/** 8 s of tones, clicks and noise at 22050 Hz (the determinism suite's clip). */
export function determinismClip(): Float32Array {
  const SR = 22050;
  const y = new Float32Array(SR * 8);
  const r = rng(7);
  for (let i = 0; i < y.length; i++) {
    const t = i / SR;
    y[i] =
      0.3 * Math.sin(2 * Math.PI * 220 * t) +
      0.2 * Math.sin(2 * Math.PI * 330 * t * (1 + 0.01 * Math.sin(t))) +
      0.05 * (2 * r() - 1) +
      (i % 11025 < 200 ? 0.4 * (2 * r() - 1) : 0);
  }
  return y;
}
