import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packJson, unpackJson } from '../../src/genre/packed-json.js';
import { GTZAN57 } from '../../src/genre/weights/gtzan57.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Deep equality where numbers must be the same float64 (Object.is: -0 and 0 differ). */
function sameBits(a: unknown, b: unknown, path = '$'): void {
  if (typeof a === 'number') {
    if (!Object.is(a, b)) throw new Error(`${path}: ${a} != ${String(b)}`);
    return;
  }
  if (Array.isArray(a)) {
    expect(Array.isArray(b), path).toBe(true);
    expect((b as unknown[]).length, path).toBe(a.length);
    a.forEach((v, i) => sameBits(v, (b as unknown[])[i], `${path}[${i}]`));
    return;
  }
  if (a && typeof a === 'object') {
    expect(Object.keys(b as object).sort(), path).toEqual(Object.keys(a).sort());
    for (const [k, v] of Object.entries(a)) sameBits(v, (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  expect(b, path).toBe(a);
}

describe('packed JSON (the bundled genre model)', () => {
  it('the shipped gtzan57.ts restores gtzan57.json exactly, number for number', () => {
    const json = JSON.parse(readFileSync(join(here, '../../src/genre/weights/gtzan57.json'), 'utf8'));
    sameBits(json, unpackJson(GTZAN57));
  });

  it('round-trips awkward doubles exactly and leaves short arrays and other values alone', () => {
    const doc = {
      long: [0, -0, 1e-310, -1.7976931348623157e308, Math.PI, 0.1, 123456789.123456789, 2 ** -1074, 42],
      short: [1, 2, 3],
      nested: [
        [1, 2, 3, 4, 5, 6, 7, 8.5],
        ['x', 1],
      ],
      text: 'svc',
      flag: true,
      none: null,
    };
    const packed = packJson(doc);
    expect(JSON.stringify(packed.skeleton)).toContain('$f64');
    sameBits(doc, unpackJson(packed));
    // every length modulo 3 of the byte string (base64 padding)
    for (const n of [8, 9, 10, 11]) {
      const arr = Array.from({ length: n }, (_, i) => Math.sin(i + 1) * 1e3);
      sameBits(arr, unpackJson(packJson(arr)));
    }
  });
});
