/**
 * Scatter matrices of the discriminant analyses (`LinearDiscriminantAnalysis`,
 * `QuadraticDiscriminantAnalysis`): the selected rows centred on a mean, and their Gram matrix.
 */

/** The `count` rows of `n x d` row-major `data` that `take` selects, minus `mean`: `count x d` row-major. */
export function centredRows(data: Float64Array, d: number, take: (row: number) => boolean, count: number, mean: ArrayLike<number>): Float64Array {
  const Z = new Float64Array(count * d);
  for (let i = 0, r = 0; r < count; i++) {
    if (!take(i)) continue;
    for (let j = 0; j < d; j++) Z[r * d + j] = data[i * d + j] - mean[j];
    r++;
  }
  return Z;
}

/** `Z^T Z` (or of the squares of Z's values), `d x d` row-major, for `n x d` row-major Z. */
export function gram(Z: Float64Array, n: number, d: number, squares: boolean): Float64Array {
  const G = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) row[j] = squares ? Z[r * d + j] * Z[r * d + j] : Z[r * d + j];
    for (let i = 0; i < d; i++) {
      const v = row[i];
      if (v === 0) continue;
      const o = i * d;
      for (let j = 0; j <= i; j++) G[o + j] += v * row[j];
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) G[j * d + i] = G[i * d + j];
  return G;
}
