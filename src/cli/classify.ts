/**
 * `mirkit classify`: the genre of audio files with the bundled model.
 */
import { MirkitError } from '../errors.js';
import { libraryFunction, type ClassifyFn, type ClassifyResult } from './lib.js';
import { errorMessage } from './worker.js';

/** Options of {@link runClassify}. */
export interface ClassifyOptions {
  /** Audio file paths. */
  files: readonly string[];
  /** How many of the most probable genres to list (default 3). */
  top?: number;
  /** Parsed model JSON (as saved by `mirkit train`), passed to `classify` as its `model`; default: the bundled model. */
  model?: object;
  /** Injected classifier (default: the package's `classify`). */
  classify?: ClassifyFn;
}

/** The outcome for one file. */
export interface ClassifyFileResult {
  /** The path as given. */
  file: string;
  /** The result, when classification succeeded. */
  result?: ClassifyResult;
  /** The `top` most probable genres, most probable first. */
  top?: { genre: string; probability: number }[];
  /** One-line reason, when it failed. */
  error?: string;
}

/**
 * Classifies each file in turn with `classify(path)`; a file that fails gets an `error` and the others go on.
 *
 * @param opts - see {@link ClassifyOptions}
 * @returns one entry per file, in order
 */
export async function runClassify(opts: ClassifyOptions): Promise<ClassifyFileResult[]> {
  const top = opts.top ?? 3;
  const classify = opts.classify ?? (await libraryFunction<ClassifyFn>('classify'));
  const out: ClassifyFileResult[] = [];
  for (const file of opts.files) {
    try {
      const result = await (opts.model === undefined ? classify(file) : classify(file, { model: opts.model }));
      out.push({ file, result, top: topGenres(result.probabilities, top) });
    } catch (e) {
      out.push({ file, error: errorMessage(e) });
    }
  }
  return out;
}

/**
 * Reads a model JSON file for `mirkit classify --model` (any model `mirkit train` saves).
 *
 * @throws MirkitError `FILE_NOT_FOUND` when it cannot be read, `BAD_MODEL` when it is not a JSON object
 *   or not a model `loadModel` restores (the message names the model file)
 */
export async function readModelFile(path: string): Promise<object> {
  const fs = await import('node:fs/promises');
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (e) {
    throw new MirkitError('FILE_NOT_FOUND', `cannot read the model ${path}: ${(e as Error).message}`, { path });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MirkitError('BAD_MODEL', `${path} is not a model JSON: ${(e as Error).message}`, { path });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new MirkitError('BAD_MODEL', `${path} is not a model JSON (saved by mirkit train)`, { path });
  // restored once here, so that a bad model is reported as the model's fault, not each audio file's
  try {
    const loadModel = await libraryFunction<(j: unknown) => unknown>('loadModel');
    await (await libraryFunction<(j: unknown) => Promise<unknown>>('fromJSONAsync'))(json); // loads TensorFlow.js where it needs it
    loadModel(json);
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code !== 'string') throw e;
    throw new MirkitError(code as MirkitError['code'], `the model ${path}: ${errorMessage(e)}`, { path });
  }
  return json;
}

/** The `n` most probable genres, most probable first (ties by name). */
export function topGenres(probabilities: Record<string, number>, n: number): { genre: string; probability: number }[] {
  return Object.entries(probabilities)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, Math.max(0, n))
    .map(([genre, probability]) => ({ genre, probability }));
}

/**
 * Human-readable lines for {@link runClassify} results, one per file:
 * `path  genre  (rock 0.61, metal 0.22, blues 0.08)`. Failed files are left out (they go to stderr).
 */
export function formatClassifyText(results: readonly ClassifyFileResult[]): string {
  const ok = results.filter((r) => r.result);
  const width = Math.min(60, Math.max(0, ...ok.map((r) => r.file.length)));
  const gw = Math.max(0, ...ok.map((r) => r.result!.genre.length));
  return ok
    .map((r) => `${r.file.padEnd(width)}  ${r.result!.genre.padEnd(gw)}  (${(r.top ?? []).map((t) => `${t.genre} ${t.probability.toFixed(2)}`).join(', ')})\n`)
    .join('');
}

/** The JSON form of {@link runClassify} results: `[{ file, genre, probabilities, top, model, windows } | { file, error }]`. */
export function classifyJson(results: readonly ClassifyFileResult[]): unknown[] {
  return results.map((r) =>
    r.result
      ? { file: r.file, genre: r.result.genre, top: r.top, probabilities: r.result.probabilities, model: r.result.model, windows: r.result.windows }
      : { file: r.file, error: r.error },
  );
}
