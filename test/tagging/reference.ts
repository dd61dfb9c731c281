/**
 * The musicnn reference outputs in ../shared/models/musicnn/reference (a float64 NumPy forward pass
 * of the Keras h5 files) and the comparisons of the bar, shared by the tagging tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { SHARED_DIR, readF32 } from '../helpers/shared.js';

export const MUSICNN_DIR = join(SHARED_DIR, 'models', 'musicnn');
export const REFERENCE_DIR = join(MUSICNN_DIR, 'reference');
/** The three clips with musicnn references. */
export const TAG_CLIPS = ['librosa-brahms', 'fma-000002', 'gtzan-country-00000'] as const;

/** The exact 16 kHz signal the reference networks saw. */
export function reference16k(clip: string): Float32Array {
  return readF32(join(REFERENCE_DIR, `${clip}.16k.f32`));
}

/** One reference JSON (`<clip>.<model>.json`). */
export function referenceJson(clip: string, model: string): any {
  return JSON.parse(readFileSync(join(REFERENCE_DIR, `${clip}.${model}.json`), 'utf8'));
}

/**
 * Checks a taggram and its mean probabilities against the reference: every cell within `cellTol`,
 * every mean within `meanTol`, and the same tag at each of the top-10 ranks wherever the reference's
 * probability there differs from both neighbours' by more than 1e-3 (elsewhere the order of
 * near-ties may swap).
 */
export function expectTaggram(
  ours: { taggram: { rows: number; cols: number; data: ArrayLike<number> }; mean: ArrayLike<number>; top10: string[] },
  ref: any,
  meanTol: number,
  cellTol: number,
): void {
  const taggram: number[][] = ref.taggram;
  expect(ours.taggram.rows).toBe(taggram.length);
  expect(ours.taggram.cols).toBe(50);
  let maxCell = 0;
  taggram.forEach((row, p) => row.forEach((v, j) => (maxCell = Math.max(maxCell, Math.abs(ours.taggram.data[p * 50 + j] - v)))));
  expect(maxCell).toBeLessThanOrEqual(cellTol);
  let maxMean = 0;
  (ref.mean_probabilities as number[]).forEach((v, j) => (maxMean = Math.max(maxMean, Math.abs(ours.mean[j] - v))));
  expect(maxMean).toBeLessThanOrEqual(meanTol);
  const tags: string[] = ref.tags;
  const ranked = tags.map((t, j) => ({ t, p: ref.mean_probabilities[j] as number })).sort((a, b) => b.p - a.p);
  expect(ranked.slice(0, 10).map((r) => r.t)).toEqual(ref.top10); // the ranking rule is the reference's own
  for (let i = 0; i < 10; i++) {
    const apart = (i === 0 || ranked[i - 1].p - ranked[i].p > 1e-3) && ranked[i].p - ranked[i + 1].p > 1e-3;
    if (apart) expect(ours.top10[i], `rank ${i + 1}`).toBe(ranked[i].t);
  }
}
