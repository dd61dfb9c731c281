/**
 * Plain Arrays of unboxed doubles for the hot loops of the portable path. Once any ArrayBuffer in
 * the process has been detached (a WebAssembly memory that grew, a transferred buffer), V8 guards
 * every typed-array access in optimised code, which slows loops over typed arrays by 15-30%; plain
 * double Arrays are not affected. Scratch buffers and tables that never leave a kernel use these.
 * @internal
 * @packageDocumentation
 */

/** `n` zeros in a plain Array of unboxed doubles (no holes). @internal */
export function doubleArray(n: number): number[] {
  const a: number[] = [];
  for (let i = 0; i < n; i++) a.push(0.5); // a double first, so the Array holds unboxed doubles
  return a.fill(0);
}

/** A copy of `values` in a plain Array of unboxed doubles (e.g. a window the js transform reads once per sample). @internal */
export function doubleArrayOf(values: ArrayLike<number>): number[] {
  const a = doubleArray(values.length);
  for (let i = 0; i < values.length; i++) a[i] = values[i];
  return a;
}
