/**
 * The one validation layer for the options object of every public entry point.
 *
 * Each public function starts with `opts = readOptions('name', opts, NAME_OPTIONS)`, passing its
 * own list of accepted keys from `src/option-keys.ts` (a list per function, so that a bundle holds
 * only the lists of the functions it uses; the types check that it is the function's own). That call
 * - turns `null`/`undefined` into `{}` (all defaults), and refuses anything that is not a plain
 *   object with `BAD_OPTION`;
 * - refuses a key the function does not accept with `UNKNOWN_OPTION`, naming the camelCase
 *   spelling of librosa's snake_case names (`hop_length` -> `hopLength`) or the nearest accepted
 *   key of a misspelling (`nMel` -> `nMels`);
 * - checks the type and range of the keys with one meaning everywhere (sizes against the bounds of
 *   `src/limits.ts`, sample rates, booleans, `fft`) with `BAD_OPTION` / `BAD_SAMPLE_RATE`.
 * Keys whose meaning depends on the function (`norm`, `power`, `window`, ...) are checked by the
 * function itself. The returned object is tagged so that internal calls which pass it (or a spread
 * of it) on to another entry point are not checked a second time against that one's keys.
 */
import { MirkitError } from './errors.js';
import {
  MAX_AC_SECONDS,
  MAX_BANDS,
  MAX_HOP_LENGTH,
  MAX_KERNEL_SIZE,
  MAX_MARGIN,
  MAX_MASK_POWER,
  MAX_MATRIX_VALUES,
  MAX_N_FFT,
  MAX_ORDER,
  MAX_SAMPLE_RATE,
  MAX_SPECTROGRAM_POWER,
  MAX_TUNING,
  MIN_BANDWIDTH_P,
} from './limits.js';
import { checkSampleRate } from './validate.js';
import type { ConstructorKeys, ConstructorName, EntryPoint, EntryPointKeys } from './option-table.js';
import { shown } from './util/shown.js';

export type { ConstructorName, EntryPoint } from './option-table.js';

/** Marks an options object already checked at a public entry point (copied by object spread). */
const CHECKED = Symbol('mirkit.checkedOptions');

type Check = (value: unknown, key: string, fn: string) => void;

function bad(fn: string, key: string, what: string, value: unknown): never {
  throw new MirkitError('BAD_OPTION', `${fn}: option ${key} must be ${what}, got ${describe(value)}`, { option: key, value });
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}...` : v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'function' ? 'a function' : `a ${Object.prototype.toString.call(v).slice(8, -1)}`;
}

/**
 * `BAD_OPTION` for a value no option takes and that a check could not compare or show without a
 * `TypeError`: a symbol, or an object without a prototype (`Object.create(null)`) unless `bareObjects`
 * (a classifier's dictionary options, e.g. `classWeight`, may be such objects).
 */
function refuseUnconvertible(fn: string, key: string, value: unknown, bareObjects = false): void {
  if (typeof value === 'symbol' || (!bareObjects && value && typeof value === 'object' && !Object.getPrototypeOf(value)))
    bad(fn, key, 'no symbol nor prototype-less object', value);
}

/** A positive integer at most `max`. */
const size =
  (max: number): Check =>
  (v, key, fn) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) bad(fn, key, 'a positive integer', v);
    if (v > max) bad(fn, key, `at most ${max} (the documented bound)`, v);
  };
/** A positive integer or a pair of them, each at most `max`. */
const sizeOrPair =
  (max: number): Check =>
  (v, key, fn) => {
    if (Array.isArray(v)) {
      if (v.length !== 2) bad(fn, key, 'a positive integer or a pair of them', v);
      v.forEach((x, i) => size(max)(x, `${key}[${i}]`, fn));
    } else size(max)(v, key, fn);
  };
const bool: Check = (v, key, fn) => {
  if (typeof v !== 'boolean') bad(fn, key, 'true or false', v);
};
const oneOf =
  (...values: readonly unknown[]): Check =>
  (v, key, fn) => {
    if (!values.includes(v)) bad(fn, key, `one of ${values.map((x) => `'${shown(x)}'`).join(', ')}`, v);
  };
/** A finite number in (lo, hi] (or [lo, hi] when `closed`), or one of `extra` (e.g. Infinity, null). */
const range =
  (lo: number, hi: number, closed = false, ...extra: unknown[]): Check =>
  (v, key, fn) => {
    if (extra.includes(v)) return;
    const ok = typeof v === 'number' && (closed ? v >= lo : v > lo) && v <= hi;
    if (!ok) bad(fn, key, `a number in ${closed ? '[' : '('}${lo}, ${hi}]${extra.length ? ` (or ${extra.map(String).join(', ')})` : ''}`, v);
  };
/** A number in [1, hi] or a pair of them (HPSS margins). */
const marginCheck: Check = (v, key, fn) => {
  if (Array.isArray(v) && v.length === 2) v.forEach((x, i) => range(1, MAX_MARGIN, true)(x, `${key}[${i}]`, fn));
  else range(1, MAX_MARGIN, true)(v, key, fn);
};
/** A dB reference: a number in [0, 1e30] (0 = the amin floor, as librosa), `'max'` or a function of the spectrogram. */
const dbRef: Check = (v, key, fn) => {
  if (typeof v !== 'function' && v !== 'max') range(0, 1e30, true)(v, key, fn);
};
const fnCheck: Check = (v, key, fn) => {
  if (typeof v !== 'function') bad(fn, key, 'a function', v);
};
const sampleRate: Check = (v, key) => {
  if (v !== null) checkSampleRate(v, key);
};

/**
 * Checks of the keys that mean the same in every function that accepts them. Other keys are
 * accepted as given and checked by the function.
 */
const KEY_CHECKS: Record<string, Check> = {
  sr: sampleRate,
  nFft: size(MAX_N_FFT),
  winLength: size(MAX_N_FFT),
  frameLength: size(MAX_N_FFT),
  hopLength: size(MAX_HOP_LENGTH),
  nMels: size(MAX_BANDS),
  nMfcc: size(MAX_BANDS),
  nChroma: size(MAX_BANDS),
  nBins: size(MAX_BANDS),
  binsPerOctave: size(MAX_BANDS),
  nOctaves: size(64),
  kernelSize: sizeOrPair(MAX_KERNEL_SIZE),
  size: size(MAX_KERNEL_SIZE),
  maxSize: size(MAX_BANDS),
  lag: size(MAX_HOP_LENGTH),
  width: size(MAX_KERNEL_SIZE),
  length: (v, key, fn) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_MATRIX_VALUES) bad(fn, key, `an integer in [0, ${MAX_MATRIX_VALUES}]`, v);
  },
  nSteps: size(MAX_KERNEL_SIZE),
  nBands: size(MAX_BANDS),
  nThresholds: size(MAX_BANDS),
  order: (v, key, fn) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_ORDER) bad(fn, key, `an integer in [0, ${MAX_ORDER}]`, v);
  },
  delay: (v, key, fn) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v === 0 || Math.abs(v) > MAX_HOP_LENGTH)
      bad(fn, key, `a non-zero integer of magnitude at most ${MAX_HOP_LENGTH}`, v);
  },
  winLenSmooth: (v, key, fn) => {
    if (v !== null) size(MAX_N_FFT)(v, key, fn);
  },
  acSize: (v, key, fn) => {
    if (typeof v !== 'number' || !(v > 0 && v <= MAX_AC_SECONDS)) bad(fn, key, `a number of seconds in (0, ${MAX_AC_SECONDS}]`, v);
  },
  center: bool,
  htk: bool,
  baseC: bool,
  mono: bool,
  fix: bool,
  scale: bool,
  mask: bool,
  trim: bool,
  detrend: bool,
  legacyIstft: bool,
  fmin: range(0, MAX_SAMPLE_RATE / 2, true, null),
  fmax: range(0, MAX_SAMPLE_RATE / 2, true, null),
  tuning: range(-MAX_TUNING, MAX_TUNING, true, null),
  power: range(0, MAX_SPECTROGRAM_POWER),
  p: range(MIN_BANDWIDTH_P, MAX_SPECTROGRAM_POWER + 1, true),
  filterScale: range(0, 8),
  amin: range(0, 1e6),
  margin: marginCheck,
  onWarning: fnCheck,
  prior: fnCheck,
  padMode: oneOf('constant', 'reflect', 'edge'),
  fft: oneOf('auto', 'js', 'wasm'),
};

/** Checks that differ from {@link KEY_CHECKS} for one function: HPSS's `power` is a mask exponent (Infinity = hard mask). */
const FUNCTION_KEY_CHECKS: Partial<Record<EntryPoint, Record<string, Check>>> = {
  hpss: { power: range(0, MAX_MASK_POWER, false, Infinity) },
  powerToDb: { ref: dbRef },
  amplitudeToDb: { ref: dbRef },
  hpssAudio: { power: range(0, MAX_MASK_POWER, false, Infinity) },
};

/** librosa's snake_case spelling to mirkit's camelCase (`hop_length` -> `hopLength`). */
function camelCase(key: string): string {
  return key.replace(/_+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
}

/** Edit distance of two short strings, case-insensitive (for "did you mean"). */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[t.length];
}

/** The accepted key a mistyped one most likely meant, or undefined. */
function nearestKey(key: string, accepted: readonly string[]): string | undefined {
  const camel = camelCase(key);
  if (accepted.includes(camel)) return camel;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of accepted) {
    const d = distance(camel, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= Math.max(1, Math.floor(camel.length / 3)) ? best : undefined;
}

function unknownKey(fn: string, key: string, accepted: readonly string[]): never {
  const hint = nearestKey(key, accepted);
  const camel = camelCase(key);
  const msg =
    hint === undefined
      ? `${fn} has no option '${key}'; accepted options: ${accepted.join(', ')}`
      : hint === camel && camel !== key
        ? `${fn} has no option '${key}': mirkit spells librosa's option names in camelCase, use '${hint}'`
        : `${fn} has no option '${key}'; did you mean '${hint}'?`;
  throw new MirkitError('UNKNOWN_OPTION', msg, { option: key, ...(hint === undefined ? {} : { suggestion: hint }) });
}

/**
 * `UNKNOWN_OPTION` (naming the accepted key it most likely meant) for the first key of `record` that
 * is not in `accepted`; `fn` names the options in the message (`'createAnalyzer options.mfcc'`).
 * For option records outside the entry-point table (the analyzer's). @internal
 */
export function checkKnownKeys(fn: string, record: object, accepted: readonly string[]): void {
  for (const key of Object.keys(record)) if (!accepted.includes(key)) unknownKey(fn, key, accepted);
}

/**
 * Validates the options object of the public function `fn` (see the module comment) against its
 * accepted keys `accepted` (`fn`'s own list of `src/option-keys.ts`) and returns it ready to use:
 * `{}` for `null`/`undefined`. Throws `BAD_OPTION` (not an object, wrong type or range),
 * `UNKNOWN_OPTION` (a key `fn` does not accept) or `BAD_SAMPLE_RATE`.
 *
 * @example
 * ```ts
 * export function mfcc(y: Signal | null, opts: MfccOptions = {}): Matrix {
 *   opts = readOptions('mfcc', opts, MFCC_OPTIONS);
 *   ...
 * }
 * ```
 */
export function readOptions<T extends object, F extends EntryPoint = EntryPoint>(fn: F, opts: T | null | undefined, accepted: EntryPointKeys<F>): T {
  if (opts === null || opts === undefined) return {} as T;
  if (typeof opts !== 'object' || Array.isArray(opts)) {
    throw new MirkitError('BAD_OPTION', `${fn}: the options must be an object (or omitted), got ${describe(opts)}`);
  }
  if ((opts as Record<symbol, unknown>)[CHECKED] === true) return opts;
  const record = opts as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(accepted as readonly string[]).includes(key)) unknownKey(fn, key, accepted);
    const value = record[key];
    refuseUnconvertible(fn, key, value);
    if (value !== undefined) (FUNCTION_KEY_CHECKS[fn]?.[key] ?? KEY_CHECKS[key])?.(value, key, fn);
  }
  return { ...opts, [CHECKED]: true };
}

/**
 * Validates the options object of a classifier constructor (`new SVC(opts)`) against its accepted
 * keys `accepted` (the class's own list of `src/constructor-option-keys.ts`): `null`/`undefined`
 * -> `{}`, not a plain object -> `BAD_OPTION`, a key the class does not accept -> `UNKNOWN_OPTION`
 * naming the camelCase spelling of scikit-learn's snake_case names (`n_estimators` ->
 * `nEstimators`) or the nearest accepted key (`c` -> `C`). Values are checked by the class.
 *
 * @example
 * ```ts
 * constructor(options: SVCOptions = {}) {
 *   options = readConstructorOptions('SVC', options, SVC_OPTIONS);
 *   ...
 * }
 * ```
 */
export function readConstructorOptions<T extends object, N extends ConstructorName = ConstructorName>(
  cls: N,
  opts: T | null | undefined,
  accepted: ConstructorKeys<N>,
): T {
  if (opts === null || opts === undefined) return {} as T;
  if (typeof opts !== 'object' || Array.isArray(opts)) {
    throw new MirkitError('BAD_OPTION', `new ${cls}: the options must be an object (or omitted), got ${describe(opts)}`);
  }
  for (const key of Object.keys(opts)) {
    if (!(accepted as readonly string[]).includes(key)) unknownKey(`new ${cls}`, key, accepted);
    refuseUnconvertible(`new ${cls}`, key, (opts as Record<string, unknown>)[key], true);
  }
  return opts;
}
