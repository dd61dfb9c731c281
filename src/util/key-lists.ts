/**
 * Joining and filtering the literal key lists of `src/option-keys.ts` and
 * `src/constructor-option-keys.ts` with their exact tuple types, so that `readOptions('mfcc', opts,
 * MFCC_OPTIONS)` type-checks only with mfcc's own list. Annotate each call that builds a list at
 * module level `@__PURE__`: a consumer's bundler (esbuild, Rollup/Vite, terser) then drops the
 * lists nothing uses, as it does an unused array literal (it keeps an unused array spread).
 */

/** A list of option keys, as a readonly tuple of its literal keys. */
export type KeyList = readonly string[];

/** The concatenation of the key lists `P`, as one tuple type. */
export type Joined<P extends readonly KeyList[]> = P extends readonly [infer H extends KeyList, ...infer R extends readonly KeyList[]]
  ? [...H, ...Joined<R>]
  : [];

/** The key list `L` less the keys `K`, in order. */
export type Without<L extends KeyList, K> = L extends readonly [infer H, ...infer R extends KeyList]
  ? H extends K
    ? Without<R, K>
    : [H, ...Without<R, K>]
  : [];

/** The key lists `parts` joined into one, in order. */
export function keys<const P extends readonly KeyList[]>(...parts: P): Readonly<Joined<P>> {
  return parts.flat() as unknown as Readonly<Joined<P>>;
}

/** `list` less the keys `drop`, in order. */
export function without<const L extends KeyList, const K extends string>(list: L, ...drop: K[]): Readonly<Without<L, K>> {
  return list.filter((k) => !(drop as string[]).includes(k)) as unknown as Readonly<Without<L, K>>;
}
