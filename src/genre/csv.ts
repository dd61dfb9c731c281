/**
 * CSV reading and writing (RFC 4180) for feature tables and data set label files.
 *
 * The text functions ({@link parseCsv}, {@link formatCsvRow}, {@link formatCsv}, {@link csvTable}) run
 * anywhere; the file functions ({@link readCsvFile}, {@link appendCsvRows}, {@link openCsvAppender}) need
 * Node and load `node:fs` lazily so the browser build never reaches it.
 */
import { MirkitError } from '../errors.js';
import { parseCsv } from '../util/csv-text.js';
import { nodeFs, readTextFile } from '../platform/node.js';

export { parseCsv } from '../util/csv-text.js';

/** One CSV field value as written: strings as they are, numbers in JavaScript's shortest round-trip form. */
export type CsvValue = string | number | boolean | null | undefined;

/** Formats one field: quoted (with inner quotes doubled) when it holds a comma, quote, CR or LF. */
function formatField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Formats one CSV record (RFC 4180), ending in `\n`. Numbers use JavaScript's shortest round-trip
 * form (so `parseFloat` restores them exactly); non-finite numbers, `null` and `undefined` become empty fields.
 *
 * @param fields - the record's values
 * @returns the record line with its line feed
 */
export function formatCsvRow(fields: readonly CsvValue[]): string {
  return fields.map(formatField).join(',') + '\n';
}

/**
 * Formats a whole CSV text: an optional header record, then the rows.
 *
 * @param rows - the records
 * @param header - column names written first when given
 */
export function formatCsv(rows: readonly (readonly CsvValue[])[], header?: readonly string[]): string {
  let out = header ? formatCsvRow(header) : '';
  for (const r of rows) out += formatCsvRow(r);
  return out;
}

/** A CSV text split into its header and data records, see {@link csvTable}. */
export interface CsvTable {
  /** Column names (the first record). */
  header: string[];
  /** Data records, each padded or cut to `header.length` fields. */
  rows: string[][];
  /** Index of a column by name, -1 when absent. */
  column(name: string): number;
}

/**
 * Parses CSV text whose first record is a header.
 *
 * @param text - the CSV text
 * @returns the header, the records (short records padded with empty fields) and a column lookup
 * @throws MirkitError `EMPTY_INPUT` for a text without a header, `BAD_DATA` for a record with more fields than the header
 */
export function csvTable(text: string): CsvTable {
  const all = parseCsv(text);
  if (all.length === 0) throw new MirkitError('EMPTY_INPUT', 'CSV text is empty: expected a header line');
  const header = all[0];
  const rows = all.slice(1).map((r, i) => {
    if (r.length > header.length) {
      throw new MirkitError('BAD_DATA', `CSV record ${i + 2} has ${r.length} fields, the header has ${header.length}`, { record: i + 2 });
    }
    while (r.length < header.length) r.push('');
    return r;
  });
  const index = new Map(header.map((h, i) => [h, i] as const));
  return { header, rows, column: (name: string) => index.get(name) ?? -1 };
}

/**
 * Reads and parses a CSV file with a header (Node only).
 *
 * @param path - file path
 * @throws MirkitError `FILE_NOT_FOUND` when the file does not exist
 */
export async function readCsvFile(path: string): Promise<CsvTable> {
  return csvTable(await readTextFile(path));
}

/**
 * Appends rows to a CSV file (Node only), writing `header` first when the file is new or empty.
 *
 * @param path - file path (created when missing)
 * @param rows - records to append
 * @param header - column names for a new file
 */
export async function appendCsvRows(path: string, rows: readonly (readonly CsvValue[])[], header?: readonly string[]): Promise<void> {
  const w = await openCsvAppender(path, header);
  try {
    for (const r of rows) await w.write(r);
  } finally {
    await w.close();
  }
}

/** An open CSV file in append mode, see {@link openCsvAppender}. */
export interface CsvAppender {
  /** Appends one record; it reaches the operating system before the returned promise resolves. */
  write(fields: readonly CsvValue[]): Promise<void>;
  /** Flushes to disk and closes the file. */
  close(): Promise<void>;
}

/**
 * Opens a CSV file for appending record by record (Node only). Each record is written through at once
 * (no buffering in the process), so an interrupted run keeps every record already written. Writes are
 * serialised, so concurrent callers never interleave records. When the file is new or empty, `header`
 * is written first.
 *
 * @param path - file path (created when missing)
 * @param header - column names for a new file
 */
export async function openCsvAppender(path: string, header?: readonly string[]): Promise<CsvAppender> {
  const fs = await nodeFs();
  const fh = await fs.open(path, 'a');
  let chain: Promise<unknown> = Promise.resolve();
  const enqueue = (text: string): Promise<void> => {
    const p = chain.then(async () => {
      await fh.write(text);
    });
    chain = p.catch(() => undefined);
    return p;
  };
  if (header) {
    const { size } = await fh.stat();
    if (size === 0) await enqueue(formatCsvRow(header));
  }
  let closed = false;
  return {
    write: (fields) => {
      if (closed) return Promise.reject(new MirkitError('BAD_OPTION', `CSV file ${path} is already closed`));
      return enqueue(formatCsvRow(fields));
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await chain;
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    },
  };
}
