/**
 * Loaders for the genre data sets' on-disk layouts: GTZAN (`<root>/<genre>/<name>.<ext>`) and FMA
 * (`tracks.csv` labels, `<root>/<000>/<000002>.mp3` audio).
 *
 * {@link parseFmaTracks} and {@link fmaAudioPath} are pure; the functions that touch the file system
 * need Node and load `node:fs` lazily, so the browser build is unaffected.
 */
import { MirkitError } from '../errors.js';
import { nodeFs, nodePath } from '../platform/node.js';
import { csvTable, readCsvFile, type CsvTable } from './csv.js';
import { shown } from '../util/shown.js';

/** File extensions the loaders treat as audio (lower case, without the dot). */
export const AUDIO_EXTENSIONS: readonly string[] = ['wav', 'au', 'flac', 'mp3', 'ogg'];

/** True when a file name ends in one of {@link AUDIO_EXTENSIONS} (case-insensitive). */
export function isAudioFileName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && AUDIO_EXTENSIONS.includes(name.slice(dot + 1).toLowerCase());
}

/** One audio file of a data set listing. */
export interface DatasetEntry {
  /** Path of the audio file (the root joined with its relative path). */
  path: string;
  /** The genre label. */
  genre: string;
  /** The file name without its directory and extension (`blues.00000`, `000002`). */
  name: string;
}

/**
 * Lists a GTZAN-style folder: every audio file (`.wav`, `.au`, `.flac`, `.mp3`, `.ogg`) directly inside a
 * sub-folder of `root`, labelled with that sub-folder's name, like the GTZAN release
 * (`genres_original/blues/blues.00000.wav`). Hidden entries (starting with `.`) are ignored. Node only.
 *
 * @param root - the folder holding one sub-folder per genre
 * @returns entries sorted by genre, then file name
 * @throws MirkitError `FILE_NOT_FOUND` when `root` is not a folder, `EMPTY_INPUT` when it holds no audio in genre sub-folders
 */
export async function listGtzanFolder(root: string): Promise<DatasetEntry[]> {
  const fs = await nodeFs();
  const path = await nodePath();
  const genres = await readDirOrThrow(fs, root);
  const out: DatasetEntry[] = [];
  for (const g of genres) {
    if (!g.isDirectory() || g.name.startsWith('.')) continue;
    const dir = path.join(root, g.name);
    for (const f of await fs.readdir(dir, { withFileTypes: true })) {
      if (!f.isFile() || f.name.startsWith('.') || !isAudioFileName(f.name)) continue;
      out.push({ path: path.join(dir, f.name), genre: g.name, name: f.name.slice(0, f.name.lastIndexOf('.')) });
    }
  }
  if (out.length === 0) {
    throw new MirkitError('EMPTY_INPUT', `no audio files in genre sub-folders of ${root}: expected <root>/<genre>/<name>.(${AUDIO_EXTENSIONS.join('|')})`, {
      root,
    });
  }
  out.sort((a, b) => compareStrings(a.genre, b.genre) || compareStrings(a.name, b.name) || compareStrings(a.path, b.path));
  return out;
}

/** The official FMA split a track belongs to. */
export type FmaSplit = 'training' | 'validation' | 'test';

/** One row of FMA's `tracks.csv`, reduced to what genre classification needs. */
export interface FmaTrack {
  /** FMA track id (the audio file is `fmaAudioPath(root, trackId)`). */
  trackId: number;
  /** Official split. */
  split: FmaSplit;
  /** The track's top-level genre (`Hip-Hop`, `Rock`, ...): the label for genre classification. */
  genreTop: string;
  /** The FMA subset: `small`, `medium`, `large` or `full`. */
  subset: string;
  /** All genre ids of the track (the `genres` column), empty when absent. */
  genres: number[];
}

const SPLITS: readonly string[] = ['training', 'validation', 'test'];

/**
 * Parses FMA track labels in the reduced form of `fma_metadata/tracks.csv` used by mirkit's data
 * (`../shared/data/fma/tracks_small.csv`): one header line with at least the columns `track_id`,
 * `split`, `genre_top` and `subset` (any order; `genres` optional, as `[21, 38]`). Rows without a
 * `genre_top` (tracks FMA left unlabelled) are skipped.
 *
 * FMA's original `tracks.csv` has a three-line header (`track`/`set`/`album`... groups); reduce it first,
 * e.g. with pandas: `tracks[[('set','subset'),('set','split'),('track','genre_top'),('track','genres')]]`.
 *
 * @param csvText - the CSV text
 * @returns the tracks in file order
 * @throws MirkitError `BAD_DATA` for a missing column, a bad track id or an unknown split
 */
export function parseFmaTracks(csvText: string): FmaTrack[] {
  return fmaTracksFromTable(csvTable(csvText));
}

function fmaTracksFromTable(t: CsvTable): FmaTrack[] {
  const need = ['track_id', 'split', 'genre_top', 'subset'];
  const missing = need.filter((c) => t.column(c) < 0);
  if (missing.length > 0) {
    throw new MirkitError('BAD_DATA', `FMA tracks CSV lacks the column(s) ${missing.join(', ')}; expected subset, split, track_id, genre_top[, genres]`, {
      missing,
    });
  }
  const [cId, cSplit, cGenre, cSubset] = need.map((c) => t.column(c));
  const cGenres = t.column('genres');
  const out: FmaTrack[] = [];
  t.rows.forEach((r, i) => {
    const genreTop = r[cGenre].trim();
    if (genreTop === '') return;
    const idText = r[cId].trim();
    const trackId = Number(idText);
    if (!/^\d+$/.test(idText) || !Number.isSafeInteger(trackId)) {
      throw new MirkitError('BAD_DATA', `FMA tracks CSV record ${i + 2}: track_id "${r[cId]}" is not a non-negative integer`, { record: i + 2 });
    }
    const split = r[cSplit].trim();
    if (!SPLITS.includes(split)) {
      throw new MirkitError('BAD_DATA', `FMA tracks CSV record ${i + 2}: split "${split}" is not training, validation or test`, { record: i + 2 });
    }
    const genres = cGenres >= 0 ? (r[cGenres].match(/\d+/g) ?? []).map(Number) : [];
    out.push({ trackId, split: split as FmaSplit, genreTop, subset: r[cSubset].trim(), genres });
  });
  return out;
}

/**
 * Reads and parses an FMA tracks CSV file, see {@link parseFmaTracks}. Node only.
 *
 * @param path - path of the CSV file
 */
export async function loadFmaTracks(path: string): Promise<FmaTrack[]> {
  return fmaTracksFromTable(await readCsvFile(path));
}

/**
 * The path of a track's audio in FMA's `fma_small`/`fma_medium`/`fma_large` layout: a folder named by
 * the 3-digit `floor(trackId / 1000)` holding the 6-digit zero-padded `<trackId>.mp3`, e.g.
 * `fmaAudioPath('fma_small', 2)` → `fma_small/000/000002.mp3`. Paths are joined with `/`, which Node
 * accepts on every platform.
 *
 * @param audioRoot - the folder holding the 3-digit folders
 * @param trackId - FMA track id (a non-negative integer below 1e6)
 * @throws MirkitError `BAD_OPTION` for a track id that is not a non-negative integer below 1e6
 */
export function fmaAudioPath(audioRoot: string, trackId: number): string {
  if (!Number.isInteger(trackId) || trackId < 0 || trackId >= 1e6) {
    throw new MirkitError('BAD_OPTION', `trackId must be an integer in [0, 999999], got ${shown(trackId)}`, { option: 'trackId' });
  }
  const id = String(trackId).padStart(6, '0');
  const root = audioRoot === '' ? '.' : audioRoot.replace(/[\\/]+$/, '');
  return `${root}/${id.slice(0, 3)}/${id}.mp3`;
}

/** One FMA track whose audio file exists, see {@link listFmaAudio}. */
export interface FmaAudioEntry extends DatasetEntry {
  /** FMA track id. */
  trackId: number;
  /** Official split. */
  split: FmaSplit;
}

/**
 * The tracks of `tracks` whose audio file exists under `audioRoot` (see {@link fmaAudioPath}), with
 * their genre (`genreTop`) and split; tracks without a file are left out (fma_small ships 8000 files,
 * of which a few are known to be unreadable: decode errors are the caller's to handle). Node only.
 *
 * @param audioRoot - the folder holding the 3-digit folders
 * @param tracks - parsed labels from {@link parseFmaTracks} or {@link loadFmaTracks}
 * @returns entries in the order of `tracks`
 */
export async function listFmaAudio(audioRoot: string, tracks: readonly FmaTrack[]): Promise<FmaAudioEntry[]> {
  const fs = await nodeFs();
  const out: FmaAudioEntry[] = [];
  const folders = new Map<string, Set<string> | null>();
  for (const t of tracks) {
    const p = fmaAudioPath(audioRoot, t.trackId);
    const id = String(t.trackId).padStart(6, '0');
    const folder = id.slice(0, 3);
    let files = folders.get(folder);
    if (files === undefined) {
      try {
        const list = await fs.readdir(p.slice(0, p.lastIndexOf('/')), { withFileTypes: true });
        files = new Set(list.filter((d) => d.isFile()).map((d) => d.name));
      } catch {
        files = null;
      }
      folders.set(folder, files);
    }
    if (files?.has(`${id}.mp3`)) out.push({ path: p, genre: t.genreTop, name: id, trackId: t.trackId, split: t.split });
  }
  return out;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function readDirOrThrow(fs: typeof import('node:fs/promises'), dir: string) {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new MirkitError('FILE_NOT_FOUND', `no such folder: ${dir}`, { path: dir });
    throw e;
  }
}
