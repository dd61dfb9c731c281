/**
 * Compact storage of JSON documents that are mostly long arrays of numbers (the bundled genre model):
 * every array of at least {@link MIN_PACKED} numbers is replaced by a `{ "$f64": [offset, length] }`
 * reference into one little-endian float64 buffer, stored as base64. Float64 keeps every number
 * exactly (the restored document equals the original, bit for bit) in about half the bytes of the
 * JSON text, and the bundler sees one string instead of a large object literal.
 * @internal
 * @packageDocumentation
 */

import { base64ToBytes, bytesToBase64 } from '../base64.js';

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
