/**
 * How an error message shows a value the caller passed: `String(value)`, except for values that
 * `String` cannot convert (a symbol, an object without a prototype, a proxy that throws), which
 * would turn a `MirkitError` into a `TypeError` while its message is being written.
 * @internal
 * @packageDocumentation
 */

/** `String(value)`, or a description where that conversion throws (`a Symbol`, `an object without a prototype`). @internal */
export function shown(value: unknown): string {
  try {
    return String(value);
  } catch {
    if (typeof value === 'symbol') return 'a Symbol';
    if (typeof value === 'object' && value !== null) {
      try {
        return Object.getPrototypeOf(value) === null ? 'an object without a prototype' : 'an object that cannot be shown as text';
      } catch {
        return 'an object that cannot be shown as text';
      }
    }
    return `a ${typeof value}`;
  }
}
