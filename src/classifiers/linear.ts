/**
 * What the linear models (`LogisticRegression`, `LinearDiscriminantAnalysis`) share: their outputs
 * are sums of features times coefficients, which overflow float64 for huge features (or coefficients).
 */
import { MirkitError } from '../errors.js';

/**
 * Returns `rows` (the scores or projections of X, one row per sample) after checking that every value
 * is finite; throws `BAD_DATA` naming `model`, `what` and the row otherwise (its softmax would be NaN).
 * @internal
 */
export function finiteOutputs(model: string, what: string, rows: number[][]): number[][] {
  for (let i = 0; i < rows.length; i++) {
    for (const v of rows[i]) {
      if (!Number.isFinite(v)) {
        throw new MirkitError(
          'BAD_DATA',
          `${model}: the ${what} of X[${i}] is ${v}: the features times the coefficients overflow float64; scale the features (StandardScaler) first`,
          { row: i },
        );
      }
    }
  }
  return rows;
}
