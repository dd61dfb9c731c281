/**
 * The streaming column kernels (`createDeltaKernel`, `createStackMemoryKernel`): their shared
 * contract, and their input side, a ring of the last frames, each pushed column checked on its way in.
 */
import { MirkitError } from '../errors.js';

/**
 * A per-frame kernel of a feature whose output column for frame t is final only once later frames
 * are in (a window around t, or a look-ahead): columns go in one at a time, final output columns
 * come back in order, `latency` frames behind.
 */
export interface ColumnKernel<Column> {
  /** Frames between a column going in and its output column coming out. */
  readonly latency: number;
  /** Feeds one frame (`rows` values); returns the output columns that became final, new arrays the caller owns. */
  push(column: ArrayLike<number>): Column[];
  /** Ends the stream: returns the output columns still waiting on later frames. */
  flush(): Column[];
}

/**
 * Stores `column` as frame `count` of `ring` (in `ring[count % ring.length]`, `rows` values each),
 * checking it on the way in: `BAD_SHAPE` unless it has `rows` values, `NON_FINITE` for a NaN or
 * an infinity.
 * @internal
 */
export function storeFrame(ring: Float64Array[], rows: number, count: number, column: ArrayLike<number>): void {
  if (!column || column.length !== rows) throw new MirkitError('BAD_SHAPE', `a frame must have ${rows} values, got ${column?.length}`);
  const slot = ring[count % ring.length];
  for (let i = 0; i < rows; i++) {
    const v = column[i];
    if (!Number.isFinite(v)) throw new MirkitError('NON_FINITE', `frame ${count} holds a non-finite value`);
    slot[i] = v;
  }
}
