/**
 * Compact storage of JSON documents that are mostly long arrays of numbers (the bundled genre model):
 * every array of at least {@link MIN_PACKED} numbers is replaced by a `{ "$f64": [offset, length] }`
 * reference into one little-endian float64 buffer, stored as base64. Float64 keeps every number
 * exactly (the restored document equals the original, bit for bit) in about half the bytes of the
 * JSON text, and the bundler sees one string instead of a large object literal.
 * @internal
 * @packageDocumentation
 */

/** Arrays shorter than this stay plain JSON. @internal */
export const MIN_PACKED = 8;

/** A packed document: the JSON skeleton and the base64 float64 data it references. @internal */
export interface PackedJson {
  /** The document with long number arrays replaced by `{ $f64: [offset, length] }`. */
  skeleton: unknown;
  /** Base64 of the concatenated float64 values (little-endian). */
  f64: string;
}

function isNumberArray(x: unknown): x is number[] {
  return Array.isArray(x) && x.length >= MIN_PACKED && x.every((v) => typeof v === 'number');
}

/** Packs a JSON document (see the module note). @internal */
export function packJson(doc: unknown): PackedJson {
  const values: number[] = [];
  const walk = (x: unknown): unknown => {
    if (isNumberArray(x)) {
      const ref = { $f64: [values.length, x.length] };
      for (const v of x) values.push(v);
      return ref;
    }
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)]));
    return x;
  };
  const skeleton = walk(doc);
  const bytes = new Uint8Array(new Float64Array(values).buffer);
  return { skeleton, f64: bytesToBase64(bytes) };
}

/** Restores the document {@link packJson} packed (fresh arrays on every call). @internal */
export function unpackJson(packed: PackedJson): unknown {
  const bytes = base64ToBytes(packed.f64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') {
      const ref = (x as { $f64?: [number, number] }).$f64;
      if (ref) {
        const out = new Array<number>(ref[1]);
        for (let i = 0; i < ref[1]; i++) out[i] = view.getFloat64(8 * (ref[0] + i), true);
        return out;
      }
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)]));
    }
    return x;
  };
  return walk(packed.skeleton);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function bytesToBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    s += i + 1 < b.length ? ALPHABET[(n >> 6) & 63] : '=';
    s += i + 2 < b.length ? ALPHABET[n & 63] : '=';
  }
  return s;
}

function base64ToBytes(s: string): Uint8Array {
  const lookup = new Uint8Array(128);
  for (let i = 0; i < ALPHABET.length; i++) lookup[ALPHABET.charCodeAt(i)] = i;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const n = (lookup[s.charCodeAt(i)] << 18) | (lookup[s.charCodeAt(i + 1)] << 12) | (lookup[s.charCodeAt(i + 2)] << 6) | lookup[s.charCodeAt(i + 3)];
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
