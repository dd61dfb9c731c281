/**
 * The one memo cache of the library: filter banks, kernels, windows and FFT plans that depend only
 * on their parameters are built once and kept in a {@link BoundedCache}.
 */

/**
 * A bounded memo cache with one eviction policy, least recently used: a hit moves the entry to
 * the most recent end, and inserting beyond `maxEntries` evicts the least recently used entry.
 * Values are immutable by convention (callers never write into a cached value), so a hit returns
 * the same object a miss would have built, and results never depend on what is cached.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  /**
   * @param maxEntries - the most entries kept
   * @param maxSize - entries whose `size` (as given to {@link BoundedCache.get}) exceeds this are
   *   built but not kept (default: no limit)
   */
  constructor(
    readonly maxEntries: number,
    readonly maxSize = Infinity,
  ) {}

  /** Number of entries held. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The value under `key`, built by `make` on a miss and kept unless its `size(value)` exceeds
   * `maxSize`.
   */
  get(key: K, make: () => V, size?: (value: V) => number): V {
    const entries = this.entries;
    if (entries.has(key)) {
      const hit = entries.get(key) as V;
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const value = make();
    if (size === undefined || size(value) <= this.maxSize) {
      if (entries.size >= this.maxEntries) entries.delete(entries.keys().next().value as K);
      entries.set(key, value);
    }
    return value;
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
  }
}
