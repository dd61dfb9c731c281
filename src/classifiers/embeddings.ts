/**
 * Loader for embedding sets stored as raw arrays: one binary file of little-endian float16 or float32
 * values, shape (clips, frames, dims) in C order, plus a tracks CSV with one line per clip (e.g. the
 * VGGish embeddings of FMA-small, or embeddings exported from Python with `arr.astype('<f2').tofile()`).
 * Parsing is browser-safe; only {@link loadEmbeddingSet} touches the file system (through the platform seam).
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { csvRecords, decimalNumber } from '../util/csv-text.js';
import { readOptions } from '../options.js';
import { PARSE_EMBEDDING_SET_OPTIONS } from '../option-keys.js';
import { checkNotSpecial, nodeFs } from '../platform/node.js';
import { shown } from '../util/shown.js';

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

/**
 * Parses an embedding set from the bytes of its binary file and the text of its tracks CSV (one line
 * per clip, in the binary file's order, with a header). Each kept clip becomes a frames x dims `Matrix`
 * holding its real frames (see `nFramesColumn`); values are checked to be finite.
 *
 * @throws MirkitError `BAD_DATA` (size or line count mismatch, non-finite values), `BAD_OPTION`, `EMPTY_INPUT` (no bytes, no CSV line)
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
  const dtype = options.dtype ?? 'float16';
  if (dtype !== 'float16' && dtype !== 'float32')
    throw new MirkitError('BAD_OPTION', `dtype must be 'float16' or 'float32', got ${shown(dtype)}`, { option: 'dtype' });
  const records = csvRecords(tracksCsv);
  if (records.length < 2) throw new MirkitError('EMPTY_INPUT', 'the tracks CSV has no data lines');
  const header = records[0].fields.map((h) => h.trim());
  const clips = records.length - 1;
  const values = bytes.byteLength / (dtype === 'float16' ? 2 : 4);
  let dims = positiveInt('dims', options.dims);
  let frames = positiveInt('frames', options.frames);
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
  const iLabel = col(options.labelColumn ?? 'genre_top');
  const iSplit = col(options.splitColumn ?? 'official_split');
  const iFrames = col(options.nFramesColumn ?? 'n_frames');
  if (iLabel < 0) throw new MirkitError('BAD_DATA', `the tracks CSV has no '${options.labelColumn ?? 'genre_top'}' column (header: ${header.join(', ')})`);
  const drop = options.dropUnlabelled ?? true;
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

/** The clips of one split of an {@link EmbeddingSet}: sequences, labels and tracks, in file order. Throws `BAD_DATA` for a `set` that is not one. */
export function selectSplit(set: EmbeddingSet, split: string): EmbeddingSplit {
  if (typeof set !== 'object' || set === null || !Array.isArray(set.tracks) || !Array.isArray(set.sequences) || !Array.isArray(set.labels)) {
    throw new MirkitError('BAD_DATA', 'set must be an EmbeddingSet (from parseEmbeddingSet or loadEmbeddingSet)');
  }
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
 *
 * @throws MirkitError `FILE_NOT_FOUND`, `UNSUPPORTED` (a FIFO or device), `BAD_OPTION` (not a path), and those of {@link parseEmbeddingSet}
 * @example
 * ```ts
 * const set = await loadEmbeddingSet('shared/data/fma/vggish');
 * const { X, y } = selectSplit(set, 'training'); // Matrix[] of 31 x 128, genre labels
 * ```
 */
export async function loadEmbeddingSet(source: string | { data: string; tracks: string }, options: EmbeddingSetOptions = {}): Promise<EmbeddingSet> {
  if (typeof source !== 'string' && (typeof source !== 'object' || source === null || typeof source.data !== 'string' || typeof source.tracks !== 'string')) {
    throw new MirkitError('BAD_OPTION', 'source must be a folder path or { data, tracks } file paths');
  }
  const fs = await nodeFs();
  const ext = (options.dtype ?? 'float16') === 'float16' ? 'f16' : 'f32';
  const paths =
    typeof source === 'string' ? { data: `${source.replace(/\/+$/, '')}/embeddings.${ext}`, tracks: `${source.replace(/\/+$/, '')}/tracks.csv` } : source;
  let bytes: Uint8Array, csv: string;
  await checkNotSpecial(fs, paths.data);
  await checkNotSpecial(fs, paths.tracks);
  try {
    [bytes, csv] = await Promise.all([fs.readFile(paths.data), fs.readFile(paths.tracks, 'utf8')]);
  } catch (e) {
    throw new MirkitError('FILE_NOT_FOUND', `cannot read the embedding set (${paths.data}, ${paths.tracks}): ${(e as Error).message}`);
  }
  return parseEmbeddingSet(bytes, csv, options);
}
