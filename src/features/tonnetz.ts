/**
 * Tonal centroid features (Tonnetz), `librosa.feature.tonnetz`.
 */
import type { Matrix } from '../matrix.js';
import { checkSpectrogramValues, givenOrComputed, type Signal } from '../validate.js';
import { chromaCqt, normalizeColumns, type ChromaCqtOptions } from './chroma.js';
import { readOptions } from '../options.js';
import { TONNETZ_OPTIONS } from '../option-keys.js';

/** Options of {@link tonnetz}: a precomputed chromagram, or chroma_cqt's options to compute one. */
export interface TonnetzOptions extends ChromaCqtOptions {
  /**
   * Precomputed chromagram (rows = pitch classes starting at C, cols = frames), e.g.
   * `chromaCens(y)` as the FMA dataset used. Default: {@link chromaCqt} of `y`.
   */
  chroma?: Matrix;
}

/**
 * Tonal centroid features (Harte, Sandler & Gasser 2006), as `librosa.feature.tonnetz`: each
 * chroma frame is L1-normalised and projected onto three circles: fifths (radius 1), minor
 * thirds (radius 1) and major thirds (radius 0.5), giving six coordinates per frame
 * (rows: fifth x, fifth y, minor x, minor y, major x, major y).
 *
 * Synchronous; `fft` picks the FFT for this call: `'auto'` (default) PFFFT-wasm SIMD where it
 * runs, `'js'` fft.js in float64 (2-5x slower); results equal within float32 rounding.
 *
 * @param y - mono signal (the chroma is `chromaCqt(y, opts)`), or null when `opts.chroma` is given
 * @param opts - {@link TonnetzOptions}: `chroma`, or {@link chromaCqt}'s options (`sr` 22050, ...)
 * @returns Float64 {@link Matrix} `6 x frames`
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION`, `BAD_SHAPE`
 * @example
 * ```ts
 * const tz = tonnetz(y, { sr: 22050 });
 * const tzCens = tonnetz(null, { chroma: chromaCens(y, { sr: 22050 }) });
 * ```
 */
export function tonnetz(y: Signal | null, opts: TonnetzOptions = {}): Matrix {
  opts = readOptions('tonnetz', opts, TONNETZ_OPTIONS);
  const chroma = givenOrComputed(opts.chroma, 'chroma', '(pitch classes x frames)', 'chromagram', y, (sig) => {
    const { chroma: _c, ...rest } = opts;
    void _c;
    return chromaCqt(sig, rest);
  });
  if (opts.chroma !== undefined) checkSpectrogramValues(chroma.data, 'chroma');
  const n = chroma.rows;
  const cols = chroma.cols;
  const norm = new Float64Array(chroma.data);
  normalizeColumns(norm, n, cols, 1);
  // phi[p, c] = R[p] * cos(pi * (scale[p] * dim[c] - (p even ? 0.5 : 0)))
  const scale = [7 / 6, 7 / 6, 3 / 2, 3 / 2, 2 / 3, 2 / 3];
  const R = [1, 1, 1, 1, 0.5, 0.5];
  const phi = new Float64Array(6 * n);
  for (let p = 0; p < 6; p++) {
    for (let c = 0; c < n; c++) {
      const dim = (c * 12) / n; // np.linspace(0, 12, n, endpoint=False)
      let v = scale[p] * dim;
      if (p % 2 === 0) v -= 0.5;
      phi[p * n + c] = R[p] * Math.cos(Math.PI * v);
    }
  }
  const out = new Float64Array(6 * cols);
  for (let p = 0; p < 6; p++) {
    const o = p * cols;
    for (let c = 0; c < n; c++) {
      const w = phi[p * n + c];
      const src = c * cols;
      for (let t = 0; t < cols; t++) out[o + t] += w * norm[src + t];
    }
  }
  return { rows: 6, cols, data: out };
}
