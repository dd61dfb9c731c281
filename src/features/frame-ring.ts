/**
 * The input side of the streaming column kernels (`createDeltaKernel`, `createStackMemoryKernel`):
 * a ring of the last frames, each pushed column checked on its way in.
 */
import { MirkitError } from '../errors.js';

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
