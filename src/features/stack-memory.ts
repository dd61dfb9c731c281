import { MirkitError } from '../errors.js';
import { checkWorkSize, type Matrix } from '../matrix.js';
import { checkFeatureMatrix, checkPositiveInt } from '../validate.js';
import { storeFrame, type ColumnKernel } from './frame-ring.js';
import type { FftOption } from '../dsp/fft.js';
import { readOptions } from '../options.js';
import { STACK_MEMORY_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

/** Options of {@link stackMemory} (librosa.feature.stack_memory's names and defaults). */
export interface StackMemoryOptions {
  /** Number of frames stacked (blocks of rows). Default 2. */
  nSteps?: number;
  /** Frames between stacked copies: positive looks back, negative looks ahead; not 0. Default 1. */
  delay?: number;
  /** Accepted for the uniform option set; stackMemory uses no FFT. */
  fft?: FftOption;
}

function resolve(opts: StackMemoryOptions): { nSteps: number; delay: number } {
  const nSteps = opts.nSteps ?? 2;
  if (typeof nSteps !== 'number' || !Number.isInteger(nSteps) || nSteps < 1) {
    throw new MirkitError('BAD_OPTION', `nSteps must be a positive integer, got ${shown(nSteps)}`, { option: 'nSteps' });
  }
  const delay = opts.delay ?? 1;
  if (typeof delay !== 'number' || !Number.isInteger(delay) || delay === 0) {
    throw new MirkitError('BAD_OPTION', `delay must be a non-zero integer, got ${shown(delay)}`, { option: 'delay' });
  }
  return { nSteps, delay };
}

/**
 * Time-delay embedding, equal to `librosa.feature.stack_memory(data, n_steps, delay)` with its
 * default zero padding (`mode='constant'`): block `i` (rows `i * d .. (i + 1) * d - 1`, `d` =
 * rows of `data`) of output frame `t` holds input frame `t - i * delay`, zeros where that lies
 * outside the input.
 *
 * Shape: `nSteps * rows` x `cols`, the element type of `data`. For streaming use
 * {@link createStackMemoryKernel}.
 *
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): equal (error 0) on librosa's own chroma, 1.1e-6 end to end.
 *
 * @param data - feature matrix (rows = features, cols = frames), e.g. {@link chromaStft}'s output
 * @throws MirkitError `BAD_OPTION` (nSteps < 1, delay 0 or not integers, a result of more than 2^28
 *   values), `BAD_SHAPE`, `NON_FINITE`
 * @example
 * ```ts
 * const stacked = stackMemory(chromaStft(y, { sr }));          // 24 rows: C[:, t] and C[:, t - 1]
 * const ahead = stackMemory(c, { nSteps: 3, delay: -2 });         // C[:, t], C[:, t + 2], C[:, t + 4]
 * ```
 */
export function stackMemory(data: Matrix, opts: StackMemoryOptions = {}): Matrix {
  opts = readOptions('stackMemory', opts, STACK_MEMORY_OPTIONS);
  const M = checkFeatureMatrix(data, 'data');
  const { nSteps, delay } = resolve(opts);
  const { rows, cols } = M;
  const x = M.data;
  const size = checkWorkSize(nSteps * rows, cols, 'stacked matrix (nSteps x rows, frames)');
  const out = x instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
  for (let i = 0; i < nSteps; i++) {
    const shift = i * delay; // output frame t reads input frame t - shift
    const t0 = Math.max(0, shift),
      t1 = Math.min(cols, cols + shift);
    for (let r = 0; r < rows; r++) {
      const src = r * cols;
      const dst = (i * rows + r) * cols;
      if (t1 > t0) out.set(x.subarray(src + t0 - shift, src + t1 - shift), dst + t0);
    }
  }
  return { rows: nSteps * rows, cols, data: out };
}

/**
 * A per-frame {@link stackMemory}: feed columns one at a time, get stacked columns (`nSteps * rows`
 * values) back. Its `latency` is 0 frames for a positive delay (only past frames are stacked),
 * `-delay * (nSteps - 1)` for a negative one; `flush` returns the columns still waiting on
 * look-ahead frames (zeros stand for frames past the end).
 */
export interface StackMemoryKernel extends ColumnKernel<Float64Array> {}

/**
 * A streaming {@link stackMemory} (`librosa.feature.stack_memory`, zero padding) over a ring of
 * the last `|delay| * (nSteps - 1) + 1` frames (allocated as frames arrive); outputs equal the
 * batch function's. Latency:
 * 0 frames for a positive delay (the default), `|delay| * (nSteps - 1)` for a negative one.
 *
 * @param rows - values per input frame
 */
export function createStackMemoryKernel(rows: number, opts: StackMemoryOptions = {}): StackMemoryKernel {
  opts = readOptions('createStackMemoryKernel', opts, STACK_MEMORY_OPTIONS);
  checkPositiveInt(rows, 'rows');
  const { nSteps, delay } = resolve(opts);
  checkWorkSize(rows * nSteps, 1, 'stacked frame'); // one output frame of rows x nSteps values, within 2^28
  const span = Math.abs(delay) * (nSteps - 1);
  const size = span + 1;
  // grown as frames arrive (up to `size`), so a long delay costs memory only for frames actually pushed
  const ring: Float64Array[] = [];
  let count = 0; // frames received
  let emitted = 0; // output frames returned
  const latency = delay > 0 ? 0 : span;
  /** The stacked column of frame t, reading frames < `available` from the ring (zeros elsewhere). */
  const build = (t: number, available: number): Float64Array => {
    const out = new Float64Array(nSteps * rows);
    for (let i = 0; i < nSteps; i++) {
      const f = t - i * delay;
      if (f < 0 || f >= available || f < available - size) continue;
      out.set(ring[f % size], i * rows);
    }
    return out;
  };
  return {
    latency,
    push(column: ArrayLike<number>): Float64Array[] {
      if (ring.length < size && ring.length === count) ring.push(new Float64Array(rows));
      storeFrame(ring, rows, count, column);
      count++;
      const ready: Float64Array[] = [];
      while (emitted + latency < count) ready.push(build(emitted++, count));
      return ready;
    },
    flush(): Float64Array[] {
      const ready: Float64Array[] = [];
      while (emitted < count) ready.push(build(emitted++, count));
      return ready;
    },
  };
}
