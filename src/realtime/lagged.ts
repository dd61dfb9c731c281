/**
 * The analyzer's features computed from another feature's frames (`delta`, `stackMemory`), some
 * of them frames late, and the queue that holds frames back until all their values are known.
 * Each runs the offline function's streaming kernel ({@link createDeltaKernel},
 * {@link createStackMemoryKernel}) on the source feature's columns; nothing here re-derives them.
 * @internal
 */
import { MirkitError } from '../errors.js';
import { createDeltaKernel } from '../features/delta.js';
import { createStackMemoryKernel } from '../features/stack-memory.js';
import type { AnalyzerFeatureOptions, Frame } from './types.js';

/** The features computed from another requested feature's frames. @internal */
export const LAGGED_FEATURES: ReadonlySet<string> = new Set(['delta', 'stackMemory']);

/** One lagged feature over one signal. @internal */
interface LaggedStep {
  /** The feature's name (`delta` or `stackMemory`). */
  name: string;
  /** The requested feature it reads. */
  source: string;
  /** Feeds the source's column of the next frame; returns the columns that became final, in frame order. */
  push(column: Float32Array): Float32Array[];
  /** Ends the signal: returns the remaining columns. */
  flush(): Float32Array[];
}

/** What {@link createLagQueue} needs to know of one lagged feature. @internal */
export interface LaggedSpec {
  /** Rows per frame. */
  rows: number;
  /** Frames between a source column going in and the feature's column coming out. */
  latency: number;
}

/** The source feature of `delta` / `stackMemory`, checked to be requested. */
function sourceOf(name: string, feature: unknown, names: readonly string[]): string {
  const src = feature ?? 'mfcc';
  if (typeof src !== 'string' || LAGGED_FEATURES.has(src) || !names.includes(src)) {
    throw new MirkitError(
      'BAD_OPTION',
      `options.${name}.feature must name another requested feature (features: ${names.join(', ')}), got ${String(src)}` +
        (feature === undefined ? ` (the default 'mfcc': request 'mfcc' or set options.${name}.feature)` : ''),
      { option: 'feature' },
    );
  }
  return src;
}

/** Builds a fresh step of a lagged feature (validating its options: `BAD_OPTION` / `UNKNOWN_OPTION`). */
function buildLaggedStep(
  name: string,
  options: AnalyzerFeatureOptions,
  names: readonly string[],
  rows: Readonly<Record<string, number>>,
): LaggedStep & LaggedSpec {
  if (name === 'delta') {
    const { feature, ...kernelOpts } = options.delta ?? {};
    const source = sourceOf(name, feature, names);
    const k = createDeltaKernel(rows[source], kernelOpts);
    return { name, source, rows: rows[source], latency: k.latency, push: (c) => k.push(c), flush: () => k.flush() };
  }
  const { feature, ...kernelOpts } = options.stackMemory ?? {};
  const source = sourceOf(name, feature, names);
  const k = createStackMemoryKernel(rows[source], kernelOpts);
  // the source's columns are float32, so the float64 stacked copies convert exactly
  const f32 = (cols: Float64Array[]): Float32Array[] => cols.map((c) => new Float32Array(c));
  return {
    name,
    source,
    rows: rows[source] * ((kernelOpts.nSteps as number | undefined) ?? 2),
    latency: k.latency,
    push: (c) => f32(k.push(c)),
    flush: () => f32(k.flush()),
  };
}

/** Holds frames until every lagged feature has filled them in. @internal */
export interface LagQueue {
  /** Rows and latency of each lagged feature, by name. */
  readonly specs: Readonly<Record<string, LaggedSpec>>;
  /** Frames held back at most: the largest latency (0 with no lagged feature). */
  readonly latency: number;
  /** Adds a frame with its source values; returns the frames now complete, in order. */
  add(frame: Frame): Frame[];
  /** Ends the signal: fills in and returns every held frame (throws `TOO_SHORT` as `delta` for too few frames). */
  finish(): Frame[];
  /** Forgets the held frames and the kernels' state (a new signal starts). */
  reset(): void;
}

/**
 * The queue of the lagged features among `names` (the requested features, in order); `rows` holds
 * the rows of the other requested features. @internal
 */
export function createLagQueue(names: readonly string[], options: AnalyzerFeatureOptions, rows: Readonly<Record<string, number>>): LagQueue {
  const laggedNames = names.filter((n) => LAGGED_FEATURES.has(n));
  const make = (): (LaggedStep & LaggedSpec)[] => laggedNames.map((n) => buildLaggedStep(n, options, names, rows));
  let steps = make();
  const specs: Record<string, LaggedSpec> = {};
  for (const s of steps) specs[s.name] = { rows: s.rows, latency: s.latency };
  const latency = steps.reduce((m, s) => Math.max(m, s.latency), 0);
  let held: Frame[] = [];
  let firstHeld = 0; // index of held[0]
  let filled = steps.map(() => 0); // frames each step has filled in
  const fill = (k: number, cols: Float32Array[]): void => {
    for (const c of cols) held[filled[k]++ - firstHeld].values[steps[k].name] = c;
  };
  const release = (all: boolean): Frame[] => {
    let n = held.length;
    if (!all) for (const f of filled) n = Math.min(n, f - firstHeld);
    const out = held.slice(0, n);
    held = held.slice(n);
    firstHeld += n;
    return out;
  };
  return {
    specs,
    latency,
    add(frame) {
      if (steps.length === 0) return [frame];
      held.push(frame);
      steps.forEach((s, k) => fill(k, s.push(frame.values[s.source])));
      return release(false);
    },
    finish() {
      steps.forEach((s, k) => fill(k, s.flush()));
      return release(true);
    },
    reset() {
      steps = make();
      held = [];
      firstHeld = 0;
      filled = steps.map(() => 0);
    },
  };
}
