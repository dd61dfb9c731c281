/**
 * Writes src/genre/weights/gtzan57.ts, the compact form of src/genre/weights/gtzan57.json that the
 * package ships (float64 numbers as base64, exact; see src/genre/packed-json.ts):
 *   npx tsx scripts/pack-genre-weights.ts
 * Run it after scripts/train-genre-model.ts; test/genre/packed-json.test.ts checks that both files agree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packJson } from '../src/genre/packed-json.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'genre', 'weights');
const packed = packJson(JSON.parse(readFileSync(join(dir, 'gtzan57.json'), 'utf8')));
const text = `/**
 * The bundled genre model (generated from gtzan57.json by scripts/pack-genre-weights.ts; do not edit):
 * every number exactly as in the JSON, long arrays as base64 float64.
 * @internal
 * @packageDocumentation
 */
import type { PackedJson } from '../packed-json.js';

/** The packed model document. @internal */
export const GTZAN57: PackedJson = {
  skeleton: ${JSON.stringify(packed.skeleton)},
  f64: '${packed.f64}',
};
`;
writeFileSync(join(dir, 'gtzan57.ts'), text);
console.log(`wrote ${join(dir, 'gtzan57.ts')} (${(text.length / 1024).toFixed(0)} KB)`);
