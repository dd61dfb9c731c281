/**
 * Loaders for feature tables (the GTZAN Kaggle CSV). CSV parsing is browser-safe; only
 * {@link loadGtzanTable} touches the file system, through the platform seam (`#platform`).
 */
import { MirkitError } from '../errors.js';
import { readTextFile } from '../platform/node.js';
import { csvRecords, decimalNumber } from '../util/csv-text.js';

export { parseCsvLine } from '../util/csv-text.js';

/** A parsed feature table. */
export interface FeatureTableData {
  /** The `filename` column (row ids). */
  filenames: string[];
  /** Feature column names, in file order. */
  featureNames: string[];
  /** Feature rows `[nRows][nFeatures]`. */
  X: number[][];
  /** The `label` column. */
  y: string[];
}

/**
 * Parses the GTZAN Kaggle feature table (`features_30_sec.csv` / `features_3_sec.csv`): features
 * are every column but `filename`, `length` and `label`, in file order. Throws `BAD_DATA` when a
 * required column is missing, a row is ragged or a feature is not a finite number.
 */
export function parseGtzanTable(csvText: string): FeatureTableData {
  if (typeof csvText !== 'string') throw new MirkitError('BAD_DATA', 'parseGtzanTable expects the CSV text as a string');
  const records = csvRecords(csvText);
  if (records.length < 2) throw new MirkitError('EMPTY_INPUT', 'the CSV has no data rows');
  const header = records[0].fields.map((h) => h.trim());
  const iFile = header.indexOf('filename'),
    iLabel = header.indexOf('label'),
    iLen = header.indexOf('length');
  if (iFile < 0 || iLabel < 0) throw new MirkitError('BAD_DATA', "the CSV needs 'filename' and 'label' columns (the GTZAN Kaggle table layout)");
  const featIdx: number[] = [];
  header.forEach((_h, i) => {
    if (i !== iFile && i !== iLabel && i !== iLen) featIdx.push(i);
  });
  const filenames: string[] = [],
    y: string[] = [],
    X: number[][] = [];
  for (let r = 1; r < records.length; r++) {
    const { fields: cells, line } = records[r];
    if (cells.length !== header.length)
      throw new MirkitError('BAD_DATA', `CSV line ${line} has ${cells.length} cells, the header has ${header.length}`, { line });
    filenames.push(cells[iFile]);
    y.push(cells[iLabel]);
    const row = new Array<number>(featIdx.length);
    for (let k = 0; k < featIdx.length; k++) {
      const v = decimalNumber(cells[featIdx[k]]);
      if (!Number.isFinite(v)) {
        throw new MirkitError('BAD_DATA', `CSV line ${line}, column '${header[featIdx[k]]}' is not a finite number: ${JSON.stringify(cells[featIdx[k]])}`, {
          line,
        });
      }
      row[k] = v;
    }
    X.push(row);
  }
  return { filenames, featureNames: featIdx.map((i) => header[i]), X, y };
}

/** Node only: reads and parses a GTZAN feature CSV (see {@link parseGtzanTable}). Throws `FILE_NOT_FOUND`. */
export async function loadGtzanTable(path: string): Promise<FeatureTableData> {
  const text = await readTextFile(path);
  return parseGtzanTable(text);
}
