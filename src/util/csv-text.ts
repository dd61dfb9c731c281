/**
 * The library's one CSV parser (RFC 4180), for every reader of CSV text: the feature tables, the
 * embedding sets' track lists and the command line's outputs. Runs anywhere (no file system).
 */
import { MirkitError } from '../errors.js';

/** `BAD_DATA` unless the CSV `text` is a string (a Buffer or null read wrong). @internal */
export function checkCsvText(text: unknown, what = 'text'): asserts text is string {
  if (typeof text !== 'string') throw new MirkitError('BAD_DATA', `the CSV ${what} must be a string, got ${text === null ? 'null' : typeof text}`);
}

/**
 * Parses CSV text into rows of string fields, following RFC 4180: fields separated by commas, records
 * by CRLF or LF, fields that hold a comma, quote or line break enclosed in double quotes, a quote inside
 * a quoted field doubled (`""`). A leading UTF-8 byte-order mark is ignored; a final line break does not
 * start an empty record; blank lines are skipped.
 *
 * @param text - the whole CSV text
 * @returns the records, each an array of fields (no type conversion)
 * @throws MirkitError `BAD_DATA` for a quoted field that is never closed or a quote followed by other text,
 *   or for `text` that is not a string
 */
export function parseCsv(text: string): string[][] {
  checkCsvText(text);
  return parseRecords(text);
}

const QUOTE = 34;

/**
 * {@link parseCsv}'s parser; where `starts` is given, each record's offset in `text` is pushed to it.
 * Blank lines (an empty unquoted field alone) are skipped unless `keepBlank`, which returns them as `['']`.
 */
function parseRecords(text: string, starts?: number[], keepBlank = false): string[][] {
  const COMMA = 44;
  const LF = 10;
  const CR = 13;
  const rows: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row: string[] = [];
  let rowStart = i;
  while (i < n) {
    // One field starts at i.
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      const open = i;
      let parts = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) {
          const line = lineOf(text, open);
          throw new MirkitError('BAD_DATA', `CSV: quoted field opened on line ${line} is never closed`, { line });
        }
        parts += text.slice(from, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          parts += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      field = parts;
      const c = text.charCodeAt(i);
      if (i < n && c !== COMMA && c !== LF && c !== CR) {
        const line = lineOf(text, i);
        throw new MirkitError('BAD_DATA', `CSV: unexpected text after a closing quote on line ${line}; double the quote ("") inside quoted fields`, { line });
      }
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        j++;
      }
      field = text.slice(i, j);
      i = j;
    }
    row.push(field);
    // The delimiter after it.
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      if (i >= n) row.push(''); // a trailing comma ends the text with an empty field
      continue;
    }
    // End of record (LF, CRLF, CR or end of text); a record of one empty field is a blank line.
    if (keepBlank || !(row.length === 1 && row[0] === '' && text.charCodeAt(i - 1) !== QUOTE)) {
      rows.push(row);
      starts?.push(rowStart);
    }
    row = [];
    if (c === CR && text.charCodeAt(i + 1) === LF) i += 2;
    else if (i < n) i++;
    rowStart = i;
  }
  if (row.length > 0) {
    rows.push(row);
    starts?.push(rowStart);
  }
  return rows;
}

/** The line (1-based) of offset `at` in `text`, counting on from `line`, the line of offset `from` (<= `at`). */
function lineOf(text: string, at: number, from = 0, line = 1): number {
  for (let k = text.indexOf('\n', from); k >= 0 && k < at; k = text.indexOf('\n', k + 1)) line++;
  return line;
}

/**
 * Splits one CSV line into its fields, with the quoting rules of {@link parseCsv}.
 *
 * @param line - one record's text (a quoted field may hold a line break)
 * @returns the fields (`['']` for an empty line)
 * @throws MirkitError `BAD_DATA` for a quote that is never closed, a quote followed by other text, a
 *   line that holds more than one record, or a `line` that is not a string
 */
export function parseCsvLine(line: string): string[] {
  checkCsvText(line, 'line');
  const records = parseCsv(line);
  if (records.length > 1) throw new MirkitError('BAD_DATA', `parseCsvLine: the text holds ${records.length} records, expected one line`);
  return records[0] ?? [''];
}

const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * The number a CSV cell writes in decimal notation (`12`, `-0.5`, `.5`, `1e-05`, spaces around
 * allowed), as pandas and numpy write and read them; NaN for anything else, including the hexadecimal,
 * binary and octal forms `Number()` would accept (`0x10` is not 16 in a feature table) and an empty cell.
 * @internal
 */
export function decimalNumber(cell: string): number {
  return DECIMAL.test(cell) ? Number(cell) : Number.NaN;
}

/** One record of {@link csvRecords}. @internal */
export interface CsvRecord {
  /** Its fields. */
  fields: string[];
  /** The line of the text it starts on (1-based; blank lines and line breaks inside quoted fields counted). */
  line: number;
}

/**
 * The records of a CSV text with a header, for the table readers: the records of {@link parseCsv},
 * each with the line it starts on, for error messages, without the blank ones: a line that is empty
 * or holds only spaces. A quoted field (`""`) is never blank. In a CSV of one column (a header of one
 * field), where an empty line is an empty field (RFC 4180), the blank lines between the header and
 * the last record are kept as records (so that the records stay in step with the rows of the data
 * they describe); blank lines before the header and after the last record are skipped.
 *
 * @internal
 */
export function csvRecords(text: string): CsvRecord[] {
  checkCsvText(text);
  const starts: number[] = [];
  const rows = parseRecords(text, starts, true);
  const blank = rows.map((fields, r) => fields.length === 1 && fields[0].trim() === '' && text.charCodeAt(starts[r]) !== QUOTE);
  const header = blank.indexOf(false);
  const last = blank.lastIndexOf(false);
  const oneColumn = header >= 0 && rows[header].length === 1;
  const out: CsvRecord[] = [];
  let line = 1; // the line of the previous record's start (counting on from it keeps this linear)
  rows.forEach((fields, r) => {
    line = lineOf(text, starts[r], r > 0 ? starts[r - 1] : 0, line);
    if (!blank[r] || (oneColumn && r > header && r < last)) out.push({ fields, line });
  });
  return out;
}
