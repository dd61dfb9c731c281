/** Access to `<clip>.more.json` (librosa's second feature set) for tests; see ../shared/fixtures/README.md. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from './shared.js';

const cache = new Map<string, any>();
/** The parsed `<clip>.more.json` (cached). */
export function moreJson(clip: string): any {
  if (!cache.has(clip)) cache.set(clip, JSON.parse(readFileSync(join(FIXTURES_DIR, `${clip}.more.json`), 'utf8')));
  return cache.get(clip);
}

/**
 * A `{shape, data}` matrix of `<clip>.more.json` flattened row-major; `path` is the key under
 * `features`, then sub-keys (e.g. `['feature.delta', 'order1']`). Truncated keys keep their first
 * `cols` frames (`fullCols` is the untruncated width).
 */
export function moreMatrix(clip: string, ...path: string[]): { rows: number; cols: number; fullCols: number; data: Float64Array } {
  let node = moreJson(clip).features;
  for (const k of path) node = node[k];
  const [rows, cols] = node.shape as [number, number];
  const data = new Float64Array(rows * cols);
  (node.data as number[][]).forEach((r, i) => data.set(r, i * cols));
  return { rows, cols, fullCols: node.full_shape ? node.full_shape[1] : cols, data };
}

/** The first `cols` columns of a row-major matrix. */
export function firstColumns(m: { rows: number; cols: number; data: ArrayLike<number> }, cols: number): Float64Array {
  const out = new Float64Array(m.rows * cols);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = m.data[r * m.cols + c];
  return out;
}
