/**
 * How an error message shows a value the caller passed: `String(value)`, except for values that
 * `String` cannot convert (a symbol, an object without a prototype, a proxy that throws), which
 * would turn a `MirkitError` into a `TypeError` while its message is being written.
 * @internal
 * @packageDocumentation
 */

/** `String(value)`, or `a symbol` / `an object` where that conversion throws (a symbol, an object without a prototype). @internal */
export function shown(value: unknown): string {
  try {
    return String(value);
  } catch {
    return `a${typeof value === 'object' ? 'n' : ''} ${typeof value}`;
  }
}

/** The JSON text of `value` where it has one (`"x"`, `[null]`, `{}`), else {@link shown} (a BigInt, a cycle, a symbol). @internal */
export function shownAsJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? shown(value);
  } catch {
    return shown(value);
  }
}
