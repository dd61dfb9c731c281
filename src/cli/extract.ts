/**
 * `mirkit extract`: batch feature extraction into a CSV, over worker threads, resumable, with one
 * error row per file that fails.
 */
import { MirkitError } from '../errors.js';
import { formatCsv, openCsvAppender, type CsvAppender, type CsvValue } from '../genre/csv.js';
import { isAudioFileName, loadFmaTracks } from '../genre/datasets.js';
import { createPathExtractor, FEATURE_SETS, TEST_FEATURE_SET, type PathExtractor } from './extractor.js';
import { libraryFunction, type FeatureVector } from './lib.js';
import { extractHeader, openExistingOutput, writeOutputMeta } from './output.js';
import { createProgress, type ProgressStream } from './progress.js';
import { inShard, type Shard } from './shard.js';
import { ExtractWorker, WorkerStartError, errorMessage } from './worker.js';
import { shown } from '../util/shown.js';

/** One file to extract. */
export interface ExtractInput {
  /** Path to read. */
  path: string;
  /** The `filename` column: the path relative to the folder given, or the file path as given. */
  filename: string;
  /** The `label` column (empty when unknown). */
  label: string;
}

/** Options of {@link collectInputs}. */
export interface CollectOptions {
  /** Genre per FMA track id: files named `<digits>.<ext>` take their label from here. */
  fmaLabels?: ReadonlyMap<number, string>;
}

/**
 * Expands files and folders into the list of audio files to extract, sorted by `filename`, without
 * duplicates. A folder is searched recursively for `.wav`, `.au`, `.flac`, `.mp3` and `.ogg` files
 * (hidden entries skipped; symbolic links to files followed, links to folders not). Labels: with `fmaLabels`, a file named by an FMA track id
 * (`000/000002.mp3`) takes that track's genre; otherwise a file takes the name of the folder it sits
 * in when that folder is inside a folder given (GTZAN: `genres/blues/blues.00000.wav` given as
 * `genres` → `blues`) or when the file is named after it (`blues.00000.wav` given as `genres/blues`
 * or directly → `blues`), unless that name is all digits (FMA's `000` folders); other files have no
 * label. Node only.
 *
 * @param inputs - files and folders
 * @param opts - see {@link CollectOptions}
 * @throws MirkitError `FILE_NOT_FOUND` for an input that does not exist
 */
export async function collectInputs(inputs: readonly string[], opts: CollectOptions = {}): Promise<ExtractInput[]> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const out = new Map<string, ExtractInput>();
  const fmaLabel = (file: string): string | undefined => {
    if (!opts.fmaLabels) return undefined;
    const m = /^(\d+)\.[^.]+$/.exec(path.basename(file));
    return m ? (opts.fmaLabels.get(Number(m[1])) ?? '') : '';
  };
  // The folder a file sits in names its genre when that folder is inside a folder given (genres/blues/x.wav)
  // or when the file is named after it, GTZAN style (blues/blues.00000.wav, given as blues/ or directly);
  // never an all-digit folder (FMA's 000/).
  const folderLabel = (file: string, inSubfolder: boolean): string => {
    const parent = path.basename(path.dirname(path.resolve(file)));
    if (/^\d+$/.test(parent)) return '';
    return inSubfolder || path.basename(file).startsWith(`${parent}.`) ? parent : '';
  };
  const walk = async (root: string, dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const d of entries) {
      if (d.name.startsWith('.')) continue;
      const full = path.join(dir, d.name);
      if (d.isDirectory()) await walk(root, full);
      else if (isAudioFileName(d.name) && (d.isFile() || (d.isSymbolicLink() && (await fs.stat(full).catch(() => undefined))?.isFile()))) {
        const rel = path.relative(root, full).split(path.sep).join('/');
        const label = fmaLabel(full) ?? folderLabel(full, rel.includes('/'));
        if (!out.has(full)) out.set(full, { path: full, filename: rel, label });
      }
    }
  };
  for (const input of inputs) {
    let st;
    try {
      st = await fs.stat(input);
    } catch {
      throw new MirkitError('FILE_NOT_FOUND', `no such file or folder: ${input}`, { path: input });
    }
    if (st.isDirectory()) await walk(input, input);
    else {
      const full = path.normalize(input);
      if (!out.has(full)) out.set(full, { path: full, filename: input, label: fmaLabel(full) ?? folderLabel(full, false) });
    }
  }
  // Two inputs may give the same filename (two folders with the same layout): keep them apart.
  const list = [...out.values()].sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  const seen = new Map<string, number>();
  for (const e of list) seen.set(e.filename, (seen.get(e.filename) ?? 0) + 1);
  for (const e of list) if ((seen.get(e.filename) ?? 0) > 1) e.filename = e.path.split(path.sep).join('/');
  return list;
}

/** Options of {@link runExtract}. */
export interface ExtractOptions {
  /** Audio files and folders (see {@link collectInputs}). */
  inputs: readonly string[];
  /** Feature set: `'gtzan57'` or `'seed'` (passed to `extractFeatures`). */
  set: string;
  /** Output CSV path; an existing file is resumed (its files are skipped). */
  out: string;
  /** Worker threads (default: the CPU count; the main thread only writes rows); 0 extracts in the calling thread. */
  workers?: number;
  /** Decoding sample rate in Hz (default 22050). */
  sr?: number;
  /** FMA `tracks.csv` (reduced form, see `parseFmaTracks`) giving labels by track id. */
  labels?: string;
  /** Process only the files of this shard (see `shard.ts`: by a hash of the `filename` column). */
  shard?: Shard;
  /**
   * Injected extractor (tests, custom pipelines): used instead of `loadAudio` + `extractFeatures`, in the
   * calling thread, with `workers` files in flight at once.
   */
  extract?: (path: string) => Promise<FeatureVector>;
  /** Progress output, normally `process.stderr` (default: none). */
  progress?: ProgressStream;
  /** Stops taking new files when aborted; files in flight are dropped (not written) and the run resolves with `interrupted`. */
  signal?: AbortSignal;
  /** Clock for the progress rate (default `Date.now`). */
  now?: () => number;
}

/** What {@link runExtract} did. */
export interface ExtractSummary {
  /** Output CSV path. */
  out: string;
  /** Audio files to process (found, and in the shard when sharding). */
  total: number;
  /** Files skipped because the output already has a row for them. */
  skipped: number;
  /** Files extracted in this run. */
  succeeded: number;
  /** Files that failed in this run (written as error rows). */
  failed: number;
  /** True when the run was stopped by `signal`. */
  interrupted: boolean;
  /** The feature columns of the output (empty when no file has succeeded yet). */
  featureNames: string[];
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * `fv` when it has one name per value and every value is finite; throws otherwise (the file becomes
 * an error row: a NaN or infinite value would be written as an empty cell, read back as missing).
 */
function checkFeatureVector(fv: FeatureVector): FeatureVector {
  if (!Array.isArray(fv.names) || fv.names.length !== fv.values.length) {
    throw new Error(`the extractor returned ${fv.names?.length} names for ${fv.values?.length} values`);
  }
  for (let i = 0; i < fv.values.length; i++) {
    const v = fv.values[i];
    if (!Number.isFinite(v)) throw new MirkitError('NON_FINITE', `feature ${fv.names[i]} is ${shown(v)}, not a finite number`);
  }
  return fv;
}

/**
 * Extracts one feature vector per audio file into a CSV with the columns
 * `filename, label, <feature names...>, error`.
 *
 * - Files run on `workers` worker threads (each decodes with `loadAudio` at `sr` and calls
 *   `extractFeatures(y, { sr, set })`), or on an injected `extract` function.
 * - Each row is appended to `out` as soon as its file finishes, so an interrupted run loses nothing
 *   already written; running again with the same `out` skips every file that has a row (error rows
 *   included: delete those rows to retry them), and drops a partial last record.
 * - A file that fails becomes a row with empty features and its one-line reason in `error`; the run
 *   goes on. Rows failing before the first success are held until the feature names are known (if no
 *   file succeeds, the header is `filename, label, error`, widened on a later resumed run).
 * - Progress (rate, time left) goes to `progress`, as a bar on a terminal and plain lines otherwise.
 *
 * @param opts - see {@link ExtractOptions}
 * @returns counts, see {@link ExtractSummary}
 * @throws MirkitError `BAD_OPTION` for an unknown set, `FILE_NOT_FOUND` for a missing input,
 *   `EMPTY_INPUT` when the inputs hold no audio file, `BAD_DATA` when `out` is another kind of CSV
 *   (a file whose feature names differ from the columns of an existing `out` becomes an error row)
 */
export async function runExtract(opts: ExtractOptions): Promise<ExtractSummary> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const os = await import('node:os');
  const sr = opts.sr ?? 22050;
  if (!(Number.isFinite(sr) && sr > 0)) throw new MirkitError('BAD_SAMPLE_RATE', `sr must be a positive number of Hz, got ${sr}`);
  if (!opts.extract && !FEATURE_SETS.includes(opts.set) && opts.set !== TEST_FEATURE_SET) {
    throw new MirkitError('BAD_OPTION', `unknown feature set "${opts.set}": use ${FEATURE_SETS.join(' or ')}`, { option: 'set' });
  }
  const workers = opts.workers ?? Math.max(1, os.availableParallelism()); // the main thread is idle (under 2% busy while workers run)
  if (!Number.isInteger(workers) || workers < 0)
    throw new MirkitError('BAD_OPTION', `workers must be a non-negative integer, got ${workers}`, { option: 'workers' });

  if (!opts.extract && opts.set !== TEST_FEATURE_SET && workers === 0) {
    // Fail the run at once (not file by file) when this build lacks the functions it calls (workers check this themselves).
    await Promise.all([libraryFunction('loadAudio'), libraryFunction('extractFeatures')]);
  }
  let fmaLabels: Map<number, string> | undefined;
  if (opts.labels) fmaLabels = new Map((await loadFmaTracks(opts.labels)).map((t) => [t.trackId, t.genreTop]));
  const found = await collectInputs(opts.inputs, { fmaLabels });
  if (found.length === 0) {
    throw new MirkitError('EMPTY_INPUT', `no audio files (.wav, .au, .flac, .mp3, .ogg) in ${opts.inputs.join(', ')}`);
  }
  const shard = opts.shard;
  const entries = shard ? found.filter((e) => inShard(e.filename, shard)) : found;

  const meta = { set: opts.set, sr };
  const existing = await openExistingOutput(opts.out, meta);
  const todo = existing ? entries.filter((e) => !existing.filenames.has(e.filename)) : entries;
  const summary: ExtractSummary = {
    out: opts.out,
    total: entries.length,
    skipped: entries.length - todo.length,
    succeeded: 0,
    failed: 0,
    interrupted: false,
    featureNames: existing?.featureNames ?? [],
  };
  if (todo.length === 0) return summary;
  if (!existing) {
    await fs.mkdir(path.dirname(path.resolve(opts.out)), { recursive: true });
    await writeOutputMeta(opts.out, meta);
  }

  // --- output -------------------------------------------------------------------------------------
  let names = existing?.featureNames;
  let writer: CsvAppender | undefined;
  const held: CsvValue[][] = []; // error rows before the feature names are known
  const header = extractHeader;
  const errorRow = (e: ExtractInput, message: string, width: number): CsvValue[] => [e.filename, e.label, ...new Array<string>(width).fill(''), message];
  const openWriter = async (): Promise<CsvAppender> => {
    if (writer) return writer;
    if (existing && !existing.featureNames && names) {
      // The file so far holds only error rows under `filename,label,error`: widen it to the feature columns.
      const widened = existing.rows.map((r) => [r[0], r[1], ...new Array<string>(names!.length).fill(''), r[r.length - 1]]);
      await fs.writeFile(opts.out, formatCsv(widened, header(names)));
    }
    writer = await openCsvAppender(opts.out, header(names ?? []));
    return writer;
  };
  let writes: Promise<unknown> = Promise.resolve();
  const write = (f: () => Promise<unknown>) => {
    writes = writes.then(f);
    return writes;
  };

  const progress = createProgress({ total: todo.length, stream: opts.progress, label: 'mirkit extract', now: opts.now });
  let fatal: MirkitError | undefined;
  const onSuccess = (e: ExtractInput, fv: FeatureVector) =>
    write(async () => {
      if (fatal) return;
      if (!names) names = fv.names.slice();
      if (!sameNames(fv.names, names)) {
        // The output's columns are another set's: stop rather than mix rows of two sets.
        fatal = new MirkitError(
          'BAD_OPTION',
          `the features of --set ${opts.set} differ from the columns of ${opts.out} (written with another --set?); use the same options to resume, or another --out`,
          { path: opts.out, option: 'set' },
        );
        return;
      }
      const w = await openWriter();
      for (const [f, l, m] of held.splice(0)) await w.write([f, l, ...new Array<string>(names.length).fill(''), m]);
      await w.write([e.filename, e.label, ...Array.from(fv.values, Number), '']);
      summary.succeeded++;
      progress.tick(false);
    });
  const onError = (e: ExtractInput, message: string) =>
    write(async () => {
      summary.failed++;
      progress.tick(true);
      if (names) await (await openWriter()).write(errorRow(e, message, names.length));
      else held.push([e.filename, e.label, message]);
    });

  // --- work ---------------------------------------------------------------------------------------
  const signal = opts.signal;
  let next = 0;
  const take = (): ExtractInput | undefined => (signal?.aborted || fatal ? undefined : todo[next++]);
  // A worker's second lane only queues a file while more files are left than there are workers: the last
  // files go to whichever thread is free first instead of waiting behind a file on a busy one.
  const takeQueued = (): ExtractInput | undefined => (todo.length - next > pool.length ? take() : undefined);
  const lane = async (run: (p: string) => Promise<FeatureVector>, takeFile: () => ExtractInput | undefined = take) => {
    for (let e = takeFile(); e; e = takeFile()) {
      let fv: FeatureVector;
      try {
        fv = checkFeatureVector(await run(e.path));
      } catch (err) {
        if (signal?.aborted) return;
        if (err instanceof WorkerStartError) {
          fatal ??= new MirkitError('UNSUPPORTED', err.message);
          return;
        }
        await onError(e, errorMessage(err));
        continue;
      }
      if (signal?.aborted) return;
      await onSuccess(e, fv);
    }
  };

  const pool: ExtractWorker[] = [];
  let stopWorkers: (() => void) | undefined;
  try {
    const lanes = Math.max(1, Math.min(workers, todo.length));
    if (opts.extract || workers === 0) {
      const extract: PathExtractor = opts.extract ?? createPathExtractor(opts.set, sr);
      await Promise.all(Array.from({ length: lanes }, () => lane(extract)));
    } else {
      for (let i = 0; i < lanes; i++) pool.push(new ExtractWorker(opts.set, sr));
      // ExtractWorker.depth lanes per worker: each thread has its next file queued while it computes one.
      const feeds = pool.flatMap((w) => Array.from({ length: ExtractWorker.depth }, (_, depth) => ({ w, queued: depth > 0 })));
      // On abort, stop the workers at once so files in flight do not hold the run.
      const aborted = new Promise<void>((resolve) => {
        stopWorkers = resolve;
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      await Promise.race([Promise.all(feeds.map(({ w, queued }) => lane((p) => w.run(p), queued ? takeQueued : take))), aborted]);
    }
    await writes;
    if (!names && held.length > 0) {
      // No file succeeded: write the error rows under `filename,label,error`.
      const w = await openWriter();
      for (const r of held.splice(0)) await w.write(r);
    }
  } finally {
    stopWorkers?.();
    await Promise.all(pool.map((w) => w.close()));
    await writes.catch(() => undefined);
    if (writer) await writer.close();
    progress.finish();
  }
  if (fatal) throw fatal;
  summary.interrupted = !!signal?.aborted;
  summary.featureNames = names ?? [];
  return summary;
}
