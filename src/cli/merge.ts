/**
 * `mirkit merge`: joins the CSVs of sharded `mirkit extract` runs into one. Node only.
 */
import { MirkitError } from '../errors.js';
import { readTextFile } from '../platform/node.js';
import { csvTable, formatCsvRow } from '../genre/csv.js';
import { checkOutputMetaFree, completeRecordsLength, extractHeader, isExtractHeader, readOutputMeta, writeOutputMeta, type OutputMeta } from './output.js';

/** What {@link mergeExtractOutputs} wrote. */
export interface MergeSummary {
  /** Parts read. */
  parts: number;
  /** Rows written. */
  rows: number;
  /** Rows with an error. */
  errors: number;
  /** The feature columns of the result (empty when no part has any). */
  featureNames: string[];
}

/**
 * Joins extract outputs into `out`, rows sorted by `filename` (the order is then the same whatever the
 * shards and their timing). Parts must share the feature columns; a part with only error rows
 * (`filename, label, error`) is widened to them. The parts' `.mirkit.json` records, where present, must
 * agree (same set and rate), and the result gets one.
 *
 * @param parts - the part CSV paths
 * @param out - the merged CSV; must not exist
 * @throws MirkitError `BAD_DATA` for a part that is not an extract CSV, for parts whose headers differ
 *   and for a file listed in two parts, or when `<out>.mirkit.json` exists and is not mirkit's record;
 *   `BAD_OPTION` when `out` exists or the parts' sets or rates differ;
 *   `FILE_NOT_FOUND` for a missing part. Nothing is written then.
 */
export async function mergeExtractOutputs(parts: readonly string[], out: string): Promise<MergeSummary> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  if (parts.length === 0) throw new MirkitError('EMPTY_INPUT', 'merge needs at least one part CSV');
  const outAbs = path.resolve(out);
  let names: string[] | undefined;
  let namesFrom = '';
  let meta: OutputMeta | undefined;
  let metaFrom = '';
  const rows: string[][] = [];
  const seen = new Map<string, string>();
  const tables: { part: string; names: string[]; rows: string[][] }[] = [];
  for (const part of parts) {
    if (path.resolve(part) === outAbs) throw new MirkitError('BAD_OPTION', `--out ${out} is also a part`, { path: out });
    const text = await readTextFile(part);
    const complete = text.slice(0, completeRecordsLength(text));
    if (complete.length < text.length && complete !== '') {
      throw new MirkitError('BAD_DATA', `${part} ends in an unfinished record (an interrupted extract?): resume that shard first`, { path: part });
    }
    let t;
    try {
      t = csvTable(text);
    } catch {
      t = undefined;
    }
    if (!t || !isExtractHeader(t.header))
      throw new MirkitError('BAD_DATA', `${part} is not a mirkit extract CSV (columns filename, label, <features...>, error)`, { path: part });
    const partNames = t.header.slice(2, -1);
    if (partNames.length > 0) {
      if (names === undefined) {
        names = partNames;
        namesFrom = part;
      } else if (names.join('\n') !== partNames.join('\n')) {
        throw new MirkitError('BAD_DATA', `the headers of ${namesFrom} and ${part} differ (extracts of different --set?); merge only parts of one run`, {
          path: part,
        });
      }
    }
    const m = await readOutputMeta(part);
    if (m) {
      if (meta && (meta.set !== m.set || meta.sr !== m.sr)) {
        throw new MirkitError('BAD_OPTION', `${metaFrom} was extracted with --set ${meta.set} --sr ${meta.sr}, ${part} with --set ${m.set} --sr ${m.sr}`, {
          path: part,
        });
      }
      meta ??= m;
      metaFrom ||= part;
    }
    for (const r of t.rows) {
      const prev = seen.get(r[0]);
      if (prev !== undefined) throw new MirkitError('BAD_DATA', `${r[0]} is in both ${prev} and ${part} (overlapping shards?)`, { path: part, filename: r[0] });
      seen.set(r[0], part);
    }
    tables.push({ part, names: partNames, rows: t.rows });
  }
  const width = names?.length ?? 0;
  for (const t of tables) {
    for (const r of t.rows) rows.push(t.names.length === width ? r : [r[0], r[1], ...new Array<string>(width).fill(''), r[r.length - 1]]);
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let text = formatCsvRow(extractHeader(names ?? []));
  for (const r of rows) text += formatCsvRow(r);
  if (meta) await checkOutputMetaFree(out); // before the output is created
  try {
    await fs.writeFile(out, text, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new MirkitError('BAD_OPTION', `${out} exists; it was left untouched: choose another --out`, { path: out });
    throw e;
  }
  if (meta) await writeOutputMeta(out, meta);
  return { parts: parts.length, rows: rows.length, errors: rows.filter((r) => r[r.length - 1] !== '').length, featureNames: names ?? [] };
}
