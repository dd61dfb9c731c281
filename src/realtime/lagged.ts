/**
 * The analyzer's features computed from another feature's frames (`delta`, `stackMemory`), some
 * of them frames late, and the queue that holds frames back until all their values are known. A
 * list of deltas (`options.delta` an array) is one feature whose column stacks each entry's rows.
 * Each runs the offline function's streaming kernel ({@link createDeltaKernel},
 * {@link createStackMemoryKernel}) on the source feature's columns; nothing here re-derives them.
 * @internal
 */
import { MirkitError } from '../errors.js';
import { createDeltaKernel } from '../features/delta.js';
import { createStackMemoryKernel } from '../features/stack-memory.js';
import type { AnalyzerFeatureOptions, Frame } from './types.js';
import { shown } from '../util/shown.js';

/** The features computed from another requested feature's frames. @internal */
export const LAGGED_FEATURES: ReadonlySet<string> = new Set(['delta', 'stackMemory']);

/** One lagged feature (or one part of a list of deltas) over one signal. @internal */
interface LaggedStep {
  /** The feature's name (`delta` or `stackMemory`). */
  name: string;
  /** Where this step's rows start in the feature's column (0 but for the later parts of a list of deltas). */
  offset: number;
  /** Rows of the feature's whole column (this step's `rows` unless the feature is a list of deltas). */
  total: number;
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
      `options.${name}.feature must name another requested feature (features: ${names.join(', ')}), got ${shown(src)}` +
        (feature === undefined ? ` (the default 'mfcc': request 'mfcc' or set options.${name}.feature)` : ''),
      { option: 'feature' },
    );
  }
  return src;
}

/**
 * Builds fresh steps of a lagged feature (validating its options: `BAD_OPTION` / `UNKNOWN_OPTION`):
 * one, or for a list of deltas one per entry, each filling its rows of the feature's column.
 */
function buildLaggedSteps(
  name: string,
  options: AnalyzerFeatureOptions,
  names: readonly string[],
  rows: Readonly<Record<string, number>>,
): (LaggedStep & LaggedSpec)[] {
  if (name === 'delta') {
    const list = Array.isArray(options.delta) ? options.delta : [options.delta ?? {}];
    if (list.length === 0) throw new MirkitError('BAD_OPTION', 'options.delta must not be an empty list', { option: 'delta' });
    const steps = list.map((entry, i) => {
      const { feature, ...kernelOpts } = entry ?? {};
      const source = sourceOf(list.length > 1 ? `delta[${i}]` : name, feature, names);
      const k = createDeltaKernel(rows[source], kernelOpts);
      return { name, source, offset: 0, total: 0, rows: rows[source], latency: k.latency, push: (c: Float32Array) => k.push(c), flush: () => k.flush() };
    });
    let offset = 0;
    for (const st of steps) {
      st.offset = offset;
      offset += st.rows;
    }
    for (const st of steps) st.total = offset;
    return steps;
  }
  const { feature, ...kernelOpts } = options.stackMemory ?? {};
  const source = sourceOf(name, feature, names);
  const k = createStackMemoryKernel(rows[source], kernelOpts);
  // the source's columns are float32, so the float64 stacked copies convert exactly
  const f32 = (cols: Float64Array[]): Float32Array[] => cols.map((c) => new Float32Array(c));
  const stackRows = rows[source] * ((kernelOpts.nSteps as number | undefined) ?? 2);
  return [{ name, source, offset: 0, total: stackRows, rows: stackRows, latency: k.latency, push: (c) => f32(k.push(c)), flush: () => f32(k.flush()) }];
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
  const make = (): (LaggedStep & LaggedSpec)[] => laggedNames.flatMap((n) => buildLaggedSteps(n, options, names, rows));
  let steps = make();
  const specs: Record<string, LaggedSpec> = {};
  for (const s of steps) specs[s.name] = { rows: s.total, latency: Math.max(s.latency, specs[s.name]?.latency ?? 0) };
  const latency = steps.reduce((m, s) => Math.max(m, s.latency), 0);
  let held: Frame[] = [];
  let firstHeld = 0; // index of held[0]
  let filled = steps.map(() => 0); // frames each step has filled in
  const fill = (k: number, cols: Float32Array[]): void => {
    const { name, offset, rows: partRows, total } = steps[k];
    for (const c of cols) {
      const values = held[filled[k]++ - firstHeld].values;
      if (partRows === total) values[name] = c;
      else {
        // one part of a list of deltas: its rows of the frame's column
        // (the analyzer may have put a placeholder there to keep the features' order)
        const placed = values[name] as Float32Array | undefined;
        const column = placed?.length === total ? placed : new Float32Array(total);
        column.set(c, offset);
        values[name] = column;
      }
    }
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
