/**
 * Loader for embedding sets stored as raw arrays: one binary file of little-endian float16 or float32
 * values, shape (clips, frames, dims) in C order, plus a tracks CSV with one line per clip (e.g. the
 * VGGish embeddings of FMA-small, or embeddings exported from Python with `arr.astype('<f2').tofile()`).
 * Parsing is browser-safe; only {@link loadEmbeddingSet} touches the file system (through the platform seam).
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { MAX_CSV_BYTES, MAX_MATRIX_VALUES } from '../limits.js';
import type { Matrix } from '../matrix.js';
import { csvRecords, decimalNumber } from '../util/csv-text.js';
import { readOptions } from '../options.js';
import { PARSE_EMBEDDING_SET_OPTIONS } from '../option-keys.js';
import { nodeFs } from '../platform/node.js';
import { shown } from '../util/shown.js';
import { boolParam } from './params.js';

/** One clip of an {@link EmbeddingSet}: its CSV line as a record of strings, plus what mirkit reads from it. */
export interface EmbeddingTrack {
  /** Row of the clip in the binary file (0-based). */
  row: number;
  /** Every column of its CSV line, by header name. */
  fields: Record<string, string>;
  /** Its label (the `labelColumn`), `''` when empty. */
  label: string;
  /** Its split (the `splitColumn`), `''` when the column is absent or empty. */
  split: string;
  /** Frames that hold real data (the `n_frames` column when present, else all). */
  nFrames: number;
}

/** A parsed embedding set: clips as frames x dims sequences, with their labels and splits. */
export interface EmbeddingSet {
  /** Frames per clip in the file. */
  frames: number;
  /** Values per frame. */
  dims: number;
  /** The clips kept (see {@link EmbeddingSetOptions.dropUnlabelled}), in file order. */
  tracks: EmbeddingTrack[];
  /** `sequences[i]`: clip i's real frames as a `Matrix` of nFrames x dims (a view into one Float32Array). */
  sequences: Matrix[];
  /** `labels[i]` = `tracks[i].label`. */
  labels: string[];
}

/** Options of {@link parseEmbeddingSet} and {@link loadEmbeddingSet}. */
export interface EmbeddingSetOptions {
  /** Element type of the binary file: `'float16'` (default) or `'float32'`, little-endian. */
  dtype?: 'float16' | 'float32';
  /** Values per frame. Default: inferred from `frames` and the file size, else 128 (VGGish). */
  dims?: number;
  /** Frames per clip. Default: inferred from `dims` and the file size. */
  frames?: number;
  /** Column holding the label. Default `'genre_top'`. */
  labelColumn?: string;
  /** Column holding the split name. Default `'official_split'`. */
  splitColumn?: string;
  /** Column holding how many frames are real (the rest being padding); absent -> all. Default `'n_frames'`. */
  nFramesColumn?: string;
  /** Leave out clips with an empty label or no real frame. Default true. */
  dropUnlabelled?: boolean;
}

let f16Table: Float32Array | undefined;

/**
 * Decodes little-endian IEEE 754 binary16 values (exactly, through a 65536-entry table) into float32.
 * Throws `BAD_DATA` on an odd number of bytes or when `bytes` is not a `Uint8Array`.
 */
export function decodeFloat16(bytes: Uint8Array): Float32Array {
  if (!(bytes instanceof Uint8Array)) throw new MirkitError('BAD_DATA', 'decodeFloat16 expects the bytes as a Uint8Array (a Node Buffer is one)');
  if (bytes.byteLength % 2) throw new MirkitError('BAD_DATA', `float16 data has an odd number of bytes (${bytes.byteLength})`);
  if (!f16Table) {
    const t = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) {
      const s = h & 0x8000 ? -1 : 1,
        e = (h >> 10) & 0x1f,
        m = h & 0x3ff;
      t[h] = e === 0 ? s * m * 2 ** -24 : e === 31 ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
    }
    f16Table = t;
  }
  const table = f16Table;
  const n = bytes.byteLength >> 1;
  const out = new Float32Array(n);
  const aligned = bytes.byteOffset % 2 === 0;
  const u16 = aligned ? new Uint16Array(bytes.buffer, bytes.byteOffset, n) : null;
  for (let i = 0; i < n; i++) out[i] = table[u16 ? u16[i] : bytes[2 * i] | (bytes[2 * i + 1] << 8)];
  return out;
}

function decodeFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4) throw new MirkitError('BAD_DATA', `float32 data has ${bytes.byteLength} bytes, not a multiple of 4`);
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  return new Float32Array(bytes.slice().buffer);
}

function positiveInt(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || (v as number) < 1) throw new MirkitError('BAD_OPTION', `${name} must be a positive integer, got ${shown(v)}`, { option: name });
  return v as number;
}

/** The `dtype` option, checked: `'float16'` (default) or `'float32'`, else `BAD_OPTION`. */
function readDtype(options: EmbeddingSetOptions): 'float16' | 'float32' {
  const dtype = options.dtype ?? 'float16';
  if (dtype !== 'float16' && dtype !== 'float32')
    throw new MirkitError('BAD_OPTION', `dtype must be 'float16' or 'float32', got ${shown(dtype)}`, { option: 'dtype' });
  return dtype;
}

/** The column-name option `name`, checked: its `fallback` when absent, else a string (`BAD_OPTION`). */
function columnName(options: EmbeddingSetOptions, name: 'labelColumn' | 'splitColumn' | 'nFramesColumn', fallback: string): string {
  const v: unknown = options[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw new MirkitError('BAD_OPTION', `${name} must be a column name (a string), got ${shown(v)}`, { option: name });
  return v;
}

/** Bytes of one value of `dtype` in the binary file. */
const bytesPerValue = (dtype: 'float16' | 'float32'): number => (dtype === 'float16' ? 2 : 4);

/**
 * Parses an embedding set from the bytes of its binary file and the text of its tracks CSV (one line
 * per clip, in the binary file's order, with a header). Each kept clip becomes a frames x dims `Matrix`
 * holding its real frames (see `nFramesColumn`); values are checked to be finite.
 *
 * A CSV of one column keeps an empty or blank line between two records as a clip with an empty
 * label (see `dropUnlabelled`), as RFC 4180 reads it, so the lines stay in step with the binary file;
 * blank lines after the last record are ignored.
 *
 * @throws MirkitError `BAD_DATA` (size or line count mismatch, non-finite values), `BAD_OPTION`, `EMPTY_INPUT` (no bytes, no CSV line),
 *   `UNSUPPORTED` (more than `MAX_MATRIX_VALUES`, 2^28, values: 512 MiB of float16, 1 GiB of float32)
 * @example
 * ```ts
 * const set = parseEmbeddingSet(bytes, csvText, { dtype: 'float16', dims: 128 });
 * const train = selectSplit(set, 'training');
 * ```
 */
export function parseEmbeddingSet(data: Uint8Array | ArrayBuffer, tracksCsv: string, options: EmbeddingSetOptions = {}): EmbeddingSet {
  options = readOptions('parseEmbeddingSet', options, PARSE_EMBEDDING_SET_OPTIONS);
  if (!(data instanceof Uint8Array) && !(data instanceof ArrayBuffer))
    throw new MirkitError('BAD_DATA', 'data must be the bytes of the binary file (Uint8Array or ArrayBuffer)');
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.byteLength === 0) throw new MirkitError('EMPTY_INPUT', 'the binary file of the embedding set is empty');
  const dtype = readDtype(options);
  let dims = positiveInt('dims', options.dims);
  let frames = positiveInt('frames', options.frames);
  const labelColumn = columnName(options, 'labelColumn', 'genre_top');
  const splitColumn = columnName(options, 'splitColumn', 'official_split');
  const nFramesColumn = columnName(options, 'nFramesColumn', 'n_frames');
  const drop = boolParam('dropUnlabelled', options.dropUnlabelled, true);
  if (bytes.byteLength > MAX_MATRIX_VALUES * bytesPerValue(dtype)) throw tooManyValues(bytes.byteLength, dtype);
  const records = csvRecords(tracksCsv);
  if (records.length < 2) throw new MirkitError('EMPTY_INPUT', 'the tracks CSV has no data lines');
  const header = records[0].fields.map((h) => h.trim());
  const clips = records.length - 1;
  const values = bytes.byteLength / bytesPerValue(dtype);
  if (dims === undefined) dims = frames !== undefined ? values / (clips * frames) : 128;
  if (frames === undefined) frames = values / (clips * dims);
  if (!Number.isInteger(dims) || !Number.isInteger(frames) || clips * frames * dims !== values) {
    throw new MirkitError(
      'BAD_DATA',
      `the binary file holds ${values} ${dtype} values, which is not ${clips} clips (CSV lines) x frames x dims (dims ${dims}, frames ${frames})`,
    );
  }
  const X = dtype === 'float16' ? decodeFloat16(bytes) : decodeFloat32(bytes);
  const col = (name: string): number => header.indexOf(name);
  const iLabel = col(labelColumn);
  const iSplit = col(splitColumn);
  const iFrames = col(nFramesColumn);
  if (iLabel < 0) throw new MirkitError('BAD_DATA', `the tracks CSV has no '${labelColumn}' column (header: ${header.join(', ')})`);
  const tracks: EmbeddingTrack[] = [],
    sequences: Matrix[] = [],
    labels: string[] = [];
  const stride = frames * dims;
  for (let r = 0; r < clips; r++) {
    const { fields: cells, line } = records[r + 1];
    if (cells.length !== header.length)
      throw new MirkitError('BAD_DATA', `tracks CSV line ${line} has ${cells.length} cells, the header has ${header.length}`, { line });
    const nFrames = iFrames >= 0 && cells[iFrames].trim() !== '' ? decimalNumber(cells[iFrames]) : frames;
    if (!Number.isInteger(nFrames) || nFrames < 0 || nFrames > frames)
      throw new MirkitError('BAD_DATA', `tracks CSV line ${line}: ${header[iFrames]} is ${cells[iFrames]}, expected 0..${frames}`, { line });
    const label = cells[iLabel].trim();
    if (drop && (label === '' || nFrames === 0)) continue;
    const view = X.subarray(r * stride, r * stride + Math.max(nFrames, 1) * dims);
    for (let i = 0; i < view.length; i++) {
      if (!Number.isFinite(view[i])) throw new MirkitError('BAD_DATA', `clip ${r} holds a non-finite value at frame ${Math.floor(i / dims)}, dim ${i % dims}`);
    }
    const fields: Record<string, string> = {};
    header.forEach((h, i) => (fields[h] = cells[i]));
    tracks.push({ row: r, fields, label, split: iSplit >= 0 ? cells[iSplit].trim() : '', nFrames });
    sequences.push({ rows: Math.max(nFrames, 1), cols: dims, data: view });
    labels.push(label);
  }
  return { frames, dims, tracks, sequences, labels };
}

/** The clips of one split of an {@link EmbeddingSet}, from {@link selectSplit}. */
export interface EmbeddingSplit {
  /** Their sequences (frames x dims). */
  X: Matrix[];
  /** Their labels. */
  y: string[];
  /** Their tracks. */
  tracks: EmbeddingTrack[];
}

/**
 * `UNSUPPORTED`: a binary file of `byteLength` bytes holds more than `MAX_MATRIX_VALUES` (2^28)
 * values of `dtype`, the bound on one result.
 */
function tooManyValues(byteLength: number, dtype: 'float16' | 'float32', path?: string): MirkitError {
  const bound = MAX_MATRIX_VALUES * bytesPerValue(dtype);
  return new MirkitError(
    'UNSUPPORTED',
    `the binary file of the embedding set${path === undefined ? '' : ` '${path}'`} holds ${byteLength} bytes, above the bound of ${bound} bytes (2^28 ${dtype} values, MAX_MATRIX_VALUES): split the set`,
    { bytes: byteLength, bound, ...(path === undefined ? {} : { path }) },
  );
}

/**
 * The clips of one split of an {@link EmbeddingSet}: sequences, labels and tracks, in file order. Throws
 * `BAD_DATA` for a `set` that is not one (its `tracks`, `sequences` and `labels` not arrays of one length,
 * a track that is not an object).
 */
export function selectSplit(set: EmbeddingSet, split: string): EmbeddingSplit {
  if (typeof set !== 'object' || set === null || !Array.isArray(set.tracks) || !Array.isArray(set.sequences) || !Array.isArray(set.labels)) {
    throw new MirkitError('BAD_DATA', 'set must be an EmbeddingSet (from parseEmbeddingSet or loadEmbeddingSet)');
  }
  const n = set.tracks.length;
  if (set.sequences.length !== n || set.labels.length !== n) {
    throw new MirkitError(
      'BAD_DATA',
      `set must be an EmbeddingSet: it has ${n} tracks, ${set.sequences.length} sequences and ${set.labels.length} labels, expected as many of each`,
    );
  }
  if (!set.tracks.every((t) => typeof t === 'object' && t !== null)) throw new MirkitError('BAD_DATA', 'set must be an EmbeddingSet: a track is not an object');
  const X: Matrix[] = [],
    y: string[] = [],
    tracks: EmbeddingTrack[] = [];
  set.tracks.forEach((t, i) => {
    if (t.split !== split) return;
    X.push(set.sequences[i]);
    y.push(set.labels[i]);
    tracks.push(t);
  });
  return { X, y, tracks };
}

/**
 * Node only: reads an embedding set from a folder holding `embeddings.f16` (or `embeddings.f32` with
 * `dtype: 'float32'`) and `tracks.csv`, or from explicit paths, and parses it with {@link parseEmbeddingSet}.
 * Both files are checked before either is read: the binary file may hold at most `MAX_MATRIX_VALUES`
 * (2^28) values (512 MiB of float16, 1 GiB of float32), the tracks CSV at most `MAX_CSV_BYTES` (256 MiB).
 *
 * @throws MirkitError `FILE_NOT_FOUND` (a file missing or unreadable, a directory), `UNSUPPORTED` (a FIFO,
 *   device or socket; a file above its bound), `BAD_OPTION` (not a path), and those of {@link parseEmbeddingSet}
 * @example
 * ```ts
 * const set = await loadEmbeddingSet('shared/data/fma/vggish');
 * const { X, y } = selectSplit(set, 'training'); // Matrix[] of 31 x 128, genre labels
 * ```
 */
export async function loadEmbeddingSet(source: string | { data: string; tracks: string }, options: EmbeddingSetOptions = {}): Promise<EmbeddingSet> {
  options = readOptions('parseEmbeddingSet', options, PARSE_EMBEDDING_SET_OPTIONS);
  if (typeof source !== 'string' && (typeof source !== 'object' || source === null || typeof source.data !== 'string' || typeof source.tracks !== 'string')) {
    throw new MirkitError('BAD_OPTION', 'source must be a folder path or { data, tracks } file paths');
  }
  const dtype = readDtype(options);
  const fs = await nodeFs();
  const ext = dtype === 'float16' ? 'f16' : 'f32';
  const paths =
    typeof source === 'string' ? { data: `${source.replace(/\/+$/, '')}/embeddings.${ext}`, tracks: `${source.replace(/\/+$/, '')}/tracks.csv` } : source;
  const [dataSize, csvSize] = await Promise.all([fileSize(fs, paths.data), fileSize(fs, paths.tracks)]);
  if (dataSize > MAX_MATRIX_VALUES * bytesPerValue(dtype)) throw tooManyValues(dataSize, dtype, paths.data);
  if (csvSize > MAX_CSV_BYTES) {
    throw new MirkitError(
      'UNSUPPORTED',
      `the tracks CSV '${paths.tracks}' holds ${csvSize} bytes, above the bound of ${MAX_CSV_BYTES} bytes (MAX_CSV_BYTES, 256 MiB)`,
      { path: paths.tracks, bytes: csvSize, bound: MAX_CSV_BYTES },
    );
  }
  let bytes: Uint8Array, csv: string;
  try {
    [bytes, csv] = await Promise.all([fs.readFile(paths.data), fs.readFile(paths.tracks, 'utf8')]);
  } catch (e) {
    throw readError(e, `${paths.data}, ${paths.tracks}`);
  }
  return parseEmbeddingSet(bytes, csv, options);
}

/**
 * The size in bytes of the regular file at `path`, from `stat` (which neither opens nor reads it):
 * `FILE_NOT_FOUND` when it is missing, unreadable or a directory, `UNSUPPORTED` for a FIFO, device or
 * socket (opening a FIFO blocks until a writer comes, a device reads without end).
 */
async function fileSize(fs: typeof import('node:fs/promises'), path: string): Promise<number> {
  let st: Awaited<ReturnType<typeof fs.stat>>;
  try {
    st = await fs.stat(path);
  } catch (e) {
    throw readError(e, path);
  }
  if (st.isDirectory()) throw new MirkitError('FILE_NOT_FOUND', `cannot read the embedding set file '${path}': it is a directory`, { path });
  if (!st.isFile()) {
    throw new MirkitError('UNSUPPORTED', `cannot read '${path}': it is not a regular file (a FIFO, device or socket); pass a regular file`, { path });
  }
  return st.size;
}

/**
 * The `MirkitError` for an error of Node's file system on `what`: `UNSUPPORTED` for a file too large
 * to read (one that grew after its size was checked), else `FILE_NOT_FOUND` (missing, permission denied, I/O error).
 */
function readError(e: unknown, what: string): MirkitError {
  if (e instanceof MirkitError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  const message = shown((e as { message?: unknown } | null)?.message ?? e);
  if (code === 'ERR_FS_FILE_TOO_LARGE' || code === 'ERR_STRING_TOO_LONG') {
    return new MirkitError('UNSUPPORTED', `cannot read the embedding set (${what}): a file is too large: ${message}`, { cause: code });
  }
  return new MirkitError('FILE_NOT_FOUND', `cannot read the embedding set (${what}): ${code === 'ENOENT' ? 'no such file' : message}`, {
    ...(typeof code === 'string' ? { cause: code } : {}),
  });
}
