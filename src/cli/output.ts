/**
 * The output file of `mirkit extract`: its header (`filename, label, <features...>, error`), the
 * `<out>.mirkit.json` record of the set and sample rate it was written with, and the checks that make
 * resuming safe: an existing file that is not an extract CSV of the same set and rate is refused before
 * anything touches it, and a record cut by an interrupted run (even inside a quoted multi-line field) is
 * dropped. Node only.
 */
import { MirkitError } from '../errors.js';
import { csvTable, parseCsv } from '../genre/csv.js';

/** The first two columns of an extract CSV. */
export const FIXED_HEAD: readonly string[] = ['filename', 'label'];
/** The last column of an extract CSV. */
export const ERROR_COLUMN = 'error';

/** The full header for the given feature names. */
export function extractHeader(featureNames: readonly string[]): string[] {
  return [...FIXED_HEAD, ...featureNames, ERROR_COLUMN];
}

/** True when `header` has the form `filename, label, <features...>, error`. */
export function isExtractHeader(header: readonly string[]): boolean {
  return header.length >= 3 && header[0] === FIXED_HEAD[0] && header[1] === FIXED_HEAD[1] && header[header.length - 1] === ERROR_COLUMN;
}

/** What an extract output was written with, kept beside it in `<out>.mirkit.json`. */
export interface OutputMeta {
  /** Feature set name (`--set`). */
  set: string;
  /** Decoding sample rate (`--sr`), Hz. */
  sr: number;
}

/** Path of the record beside an output CSV. */
export function metaPath(out: string): string {
  return `${out}.mirkit.json`;
}

/** Reads `<out>.mirkit.json`, or undefined when it is absent or unreadable as such. */
export async function readOutputMeta(out: string): Promise<OutputMeta | undefined> {
  const fs = await import('node:fs/promises');
  try {
    const m = JSON.parse(await fs.readFile(metaPath(out), 'utf8')) as Partial<OutputMeta>;
    return typeof m.set === 'string' && typeof m.sr === 'number' ? { set: m.set, sr: m.sr } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Throws `BAD_DATA` when `<out>.mirkit.json` exists and is not such a record (mirkit never writes
 * over a file it did not write there).
 */
export async function checkOutputMetaFree(out: string): Promise<void> {
  const fs = await import('node:fs/promises');
  const exists = await fs.lstat(metaPath(out)).then(
    () => true,
    () => false,
  );
  if (exists && !(await readOutputMeta(out))) {
    throw new MirkitError(
      'BAD_DATA',
      `${metaPath(out)} exists and is not mirkit's record of an extract output; it was left untouched: move it away, or choose another --out`,
      { path: metaPath(out) },
    );
  }
}

/** Writes `<out>.mirkit.json` (see {@link checkOutputMetaFree}: a file there that is not such a record is refused). */
export async function writeOutputMeta(out: string, meta: OutputMeta): Promise<void> {
  const fs = await import('node:fs/promises');
  await checkOutputMetaFree(out);
  await fs.writeFile(metaPath(out), JSON.stringify({ set: meta.set, sr: meta.sr }) + '\n');
}

/**
 * The length (UTF-16 units) of the complete records at the start of CSV `text`: up to and including
 * the last line feed that is not inside a quoted field. What follows it is a record an interrupted
 * writer left unfinished (possibly cut inside a quoted multi-line field).
 */
export function completeRecordsLength(text: string): number {
  let inQuotes = false;
  let end = 0;
  for (let i = text.indexOf('"') < 0 ? text.lastIndexOf('\n') : 0; i < text.length && i >= 0; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === 10 && !inQuotes) end = i + 1;
  }
  return end;
}

/**
 * True when `tail`, the text after an extract CSV's last line feed, is a whole feature record that
 * only lacks its line feed (as an editor may save it): its quotes closed, as many fields as the
 * header line `headerLine` and an empty error field. A writer puts the error field last, so such a
 * record holds all its values; an error record or a shorter one may have been cut and is not whole.
 */
export function isWholeFeatureRecord(tail: string, headerLine: string): boolean {
  if (tail.trim() === '' || completeRecordsLength(`${tail}\n`) !== tail.length + 1) return false;
  const [record, extra] = parseCsv(`${tail}\n`);
  const [header] = parseCsv(`${headerLine}\n`);
  return extra === undefined && !!record && !!header && record.length === header.length && record[record.length - 1] === '';
}

/** An existing extract output, checked and ready to be appended to. */
export interface ExistingOutput {
  /** Its feature columns, or undefined while it holds only error rows (`filename, label, error`). */
  featureNames: string[] | undefined;
  /** Its data records. */
  rows: string[][];
  /** The `filename` of every record (files to skip). */
  filenames: Set<string>;
}

const refuse = (out: string, why: string): never => {
  throw new MirkitError('BAD_DATA', `${out} exists and ${why}; it was left untouched: choose another --out`, { path: out });
};

/**
 * Opens an existing output for resuming. Checks everything before changing anything: the file must be
 * an extract CSV (header `filename, label, <features...>, error`), and its `<out>.mirkit.json` record,
 * when present, must name the same set and sample rate. Only then is an unfinished last record cut off.
 *
 * @param out - the output path
 * @param meta - the set and rate of this run
 * @returns undefined when there is no such file (or it is empty), else its state
 * @throws MirkitError `BAD_DATA` for a file that is not an extract CSV (or not a file), `BAD_OPTION` for
 *   an output written with another set or sample rate; the file is then left as it was
 */
export async function openExistingOutput(out: string, meta: OutputMeta): Promise<ExistingOutput | undefined> {
  const fs = await import('node:fs/promises');
  let bytes: Buffer;
  try {
    const st = await fs.stat(out);
    if (!st.isFile()) refuse(out, 'is not a regular file');
    bytes = await fs.readFile(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  if (bytes.length === 0) return undefined;
  const text = bytes.toString('utf8');
  if (text.includes('\0') || text.includes('\uFFFD')) refuse(out, 'is not a text file (not a mirkit extract CSV)');
  if (text.trim() === '') refuse(out, 'is not a mirkit extract CSV (it holds only blank space)');
  const cut = completeRecordsLength(text);
  const whole = cut > 0 && cut < text.length && isWholeFeatureRecord(text.slice(cut), text.slice(0, text.indexOf('\n')));
  const complete = whole ? text : text.slice(0, cut);
  let table;
  try {
    table = csvTable(complete === '' ? text : complete);
  } catch {
    table = undefined;
  }
  if (!table || !isExtractHeader(table.header)) refuse(out, 'is not a mirkit extract CSV (columns filename, label, <features...>, error)');
  if (complete === '') refuse(out, 'holds an unfinished header line');
  const recorded = await readOutputMeta(out);
  if (recorded && (recorded.set !== meta.set || recorded.sr !== meta.sr)) {
    throw new MirkitError(
      'BAD_OPTION',
      `${out} was written with --set ${recorded.set} --sr ${recorded.sr}, not --set ${meta.set} --sr ${meta.sr}; it was left untouched: use the same options to resume, or another --out`,
      { path: out, option: recorded.set !== meta.set ? 'set' : 'sr' },
    );
  }
  if (!recorded) await writeOutputMeta(out, meta); // before the cut below: it refuses a foreign file there
  if (whole)
    await fs.appendFile(out, '\n'); // a whole last record saved without its line feed: kept
  else if (complete.length < text.length) await fs.truncate(out, Buffer.byteLength(complete, 'utf8')); // a record cut by an interrupted run
  const names = table!.header.slice(2, -1);
  return { featureNames: names.length > 0 ? names : undefined, rows: table!.rows, filenames: new Set(table!.rows.map((r) => r[0])) };
}
