/** Shared helpers of the descriptor tests (not a test file itself). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Matrix } from '../../src/matrix.js';
import { FIXTURES_DIR, normalisedMaxError } from '../helpers/shared.js';

const cache = new Map<string, any>();

/** A matrix of `<clip>.more.json` (`features[key]`, or `features[key][sub]`), row-major. */
export function moreFeature(clip: string, key: string, sub?: string): Matrix {
  let j = cache.get(clip);
  if (!j) {
    j = JSON.parse(readFileSync(join(FIXTURES_DIR, `${clip}.more.json`), 'utf8'));
    cache.set(clip, j);
  }
  const m = sub ? j.features[key][sub] : j.features[key];
  const [rows, cols] = m.shape as [number, number];
  const data = new Float64Array(rows * cols);
  (m.data as number[][]).forEach((r, i) => data.set(r, i * cols));
  return { rows, cols, data };
}

/** Compares with a librosa matrix of the .more fixtures at normalised max error 1e-4; returns the error. */
export function compareMore(clip: string, ours: Matrix, key: string, sub?: string): number {
  const ref = moreFeature(clip, key, sub);
  expect([ours.rows, ours.cols]).toEqual([ref.rows, ref.cols]);
  const err = normalisedMaxError(ours.data, ref.data);
  console.log(`[librosa-compat] ${key}${sub ? '.' + sub : ''} ${clip}: normalised max error ${err.toExponential(2)}`);
  expect(err).toBeLessThanOrEqual(1e-4);
  return err;
}
