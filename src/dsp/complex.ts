/**
 * The shape check of a complex matrix (`stft`'s result) where an exported function takes one.
 * @internal
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { isMatrix } from '../matrix.js';
import type { ComplexMatrix } from './stft.js';

/**
 * `X` when it has the shape of a {@link ComplexMatrix}: an object with whole non-negative `rows` and
 * `cols` and two float32 planes `re` and `im` of `rows x cols` values each; else `BAD_SHAPE` with
 * `message`. Values are not scanned. @internal
 */
export function checkComplexShape(X: unknown, message: string): ComplexMatrix {
  if (typeof X !== 'object' || X === null) throw new MirkitError('BAD_SHAPE', message);
  const c = X as Partial<ComplexMatrix>;
  if (
    !(c.re instanceof Float32Array) ||
    !(c.im instanceof Float32Array) ||
    !isMatrix({ rows: c.rows, cols: c.cols, data: c.re }) ||
    c.im.length !== c.re.length
  ) {
    throw new MirkitError('BAD_SHAPE', message);
  }
  return c as ComplexMatrix;
}
