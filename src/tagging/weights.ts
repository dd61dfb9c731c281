/**
 * The musicnn weight files (`models/musicnn/<model>.bin` in the package, written once by
 * `scripts/convert-musicnn.mjs` from the Keras h5 files): parsing, and finding them on disk in Node.
 *
 * Nothing here is imported eagerly by `mirkit`'s other functions: the files are read on the first
 * {@link tag} / {@link embed} call (Node: through the platform seam's lazy `node:fs`), so
 * `import { mfcc } from 'mirkit'` never reads or bundles them. In a browser, fetch the file
 * yourself and pass its bytes as `weights` (see the README).
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { fileUrlToPath, nodeFs, nodePath } from '../platform/node.js';
import { decodeHalfArray } from './half.js';
import { MUSICNN_MODELS, type MusicnnModelName } from './models.js';
import { shown, shownAsJson } from '../util/shown.js';
import { allFinite, firstNonFinite } from '../validate.js';

/** One stored tensor: Keras layout (conv kernels `(kh, kw, in, out)`, dense kernels `(in, out)`). */
export interface WeightTensor {
  /** Shape as stored by Keras. */
  readonly shape: readonly number[];
  /** Row-major float32 values. */
  readonly values: Float32Array;
}

/** The parsed weights of one musicnn model, by `'<layer>/<variable>'` (e.g. `'conv2d/kernel'`). */
export interface MusicnnWeights {
  /** The model these weights belong to. */
  readonly model: MusicnnModelName;
  /** Storage type of the file (`'float24'` for the bundled files: float32 rounded to a 15-bit mantissa). */
  readonly dtype: WeightDtype;
  /** sha256 of the Keras h5 file they were converted from. */
  readonly sourceSha256: string;
  /** Every tensor, by name. */
  readonly tensors: ReadonlyMap<string, WeightTensor>;
}

/** Storage types of weight files: float32, float32 rounded to its upper 3 bytes, or IEEE half. */
export type WeightDtype = 'float32' | 'float24' | 'float16';

interface Header {
  model: string;
  dtype: WeightDtype;
  sourceSha256: string;
  tensors: Array<{ name: string; shape: number[]; offset: number }>;
}

/** Throws `BAD_MODEL`: the bytes are not a musicnn weight file, for the reason given. */
function bad(why: string): never {
  throw new MirkitError('BAD_MODEL', `not a mirkit musicnn weight file: ${why}`);
}

/**
 * Parses a musicnn weight file (the `MKW1` format of `scripts/convert-musicnn.mjs`).
 * @param bytes - the whole file
 * @throws MirkitError `BAD_MODEL` when the bytes are not such a file: no signature, a header that is
 *   not the format's JSON, a tensor past the end, or a NaN / infinite value in a tensor
 */
export function parseMusicnnWeights(bytes: Uint8Array | ArrayBuffer): MusicnnWeights {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (u8.length < 8 || String.fromCharCode(u8[0], u8[1], u8[2], u8[3]) !== 'MKW1') bad('no MKW1 signature');
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const headerLen = view.getUint32(4, true);
  if (8 + headerLen > u8.length || headerLen % 4 !== 0) bad('truncated header');
  const header = readHeader(u8.subarray(8, 8 + headerLen));
  const width = header.dtype === 'float16' ? 2 : header.dtype === 'float24' ? 3 : 4;
  const start = 8 + headerLen;
  const count = Math.floor((u8.length - start) / width);
  // copy into an aligned buffer (the caller's bytes may start anywhere)
  const body = u8.slice(start, start + count * width);
  const all =
    header.dtype === 'float16'
      ? decodeHalfArray(new Uint16Array(body.buffer, 0, count))
      : header.dtype === 'float24'
        ? decodeFloat24(body, count)
        : new Float32Array(body.buffer, 0, count);
  const tensors = new Map<string, WeightTensor>();
  for (const t of header.tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (t.offset + size > count) bad(`tensor ${t.name} runs past the end`);
    const values = all.subarray(t.offset, t.offset + size);
    if (!allFinite(values)) nonFinite(t.name, values);
    tensors.set(t.name, { shape: t.shape, values });
  }
  return { model: header.model as MusicnnModelName, dtype: header.dtype, sourceSha256: header.sourceSha256, tensors };
}

/** The JSON header, checked field by field (`BAD_MODEL` for any other shape). */
function readHeader(bytes: Uint8Array): Header {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return bad('unreadable header');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return bad('the header is not a JSON object');
  const h = header as Record<string, unknown>;
  if (!(MUSICNN_MODELS as readonly unknown[]).includes(h.model)) bad(`unknown model '${shown(h.model)}'`);
  if (h.dtype !== 'float16' && h.dtype !== 'float24' && h.dtype !== 'float32') bad(`unknown dtype '${shown(h.dtype)}'`);
  if (typeof h.sourceSha256 !== 'string') bad('sourceSha256 is not a string');
  if (!Array.isArray(h.tensors)) bad('tensors is not an array');
  (h.tensors as unknown[]).forEach(checkTensorEntry);
  return h as unknown as Header;
}

/** One `tensors` entry: `{ name: string, shape: non-negative integers, offset: non-negative integer }`. */
function checkTensorEntry(t: unknown, i: number): void {
  if (typeof t !== 'object' || t === null) bad(`tensors[${i}] is not an object`);
  const { name, shape, offset } = t as Record<string, unknown>;
  if (typeof name !== 'string') bad(`tensors[${i}].name is not a string`);
  if (!Array.isArray(shape) || !shape.every(isCount)) bad(`tensor ${name} has shape ${shownAsJson(shape)}, not an array of non-negative integers`);
  if (!isCount(offset)) bad(`tensor ${name} has offset ${shownAsJson(offset)}, not a non-negative integer`);
}

/** Throws `BAD_MODEL` for the first NaN or infinite value of a tensor. */
function nonFinite(name: string, values: Float32Array): never {
  const i = firstNonFinite(values);
  return bad(`tensor ${name} holds ${values[i]} at index ${i}`);
}

/** A non-negative safe integer. */
function isCount(x: unknown): boolean {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}

/**
 * Checks weights not parsed here (a model object built or changed by the caller): `tensors` a Map
 * of `{ shape, values }` with `values` a Float32Array of the shape's size, every value finite.
 * One pass over the values. @internal
 * @throws MirkitError `BAD_MODEL` naming the first tensor that is not so
 */
export function checkWeights(w: unknown, model: MusicnnModelName): MusicnnWeights {
  const tensors = typeof w === 'object' && w !== null ? (w as Partial<MusicnnWeights>).tensors : undefined;
  if (!(tensors instanceof Map)) throw new MirkitError('BAD_MODEL', `${model} weights: weights.tensors is not a Map of tensors`);
  for (const [name, t] of tensors) {
    const shape: unknown = typeof t === 'object' && t !== null ? t.shape : undefined;
    const values: unknown = typeof t === 'object' && t !== null ? t.values : undefined;
    const size = Array.isArray(shape) && shape.every(isCount) ? shape.reduce((a: number, b: number) => a * b, 1) : -1;
    if (!(values instanceof Float32Array) || values.length !== size) {
      throw new MirkitError('BAD_MODEL', `${model} weights: tensor ${shown(name)} is not { shape, values } with values a Float32Array of the shape's size`);
    }
    if (!allFinite(values)) {
      const i = firstNonFinite(values);
      throw new MirkitError('BAD_MODEL', `${model} weights: tensor ${shown(name)} holds ${values[i]} at index ${i}`);
    }
  }
  return w as MusicnnWeights;
}

/** float32 values from their upper 3 bytes (little-endian triples; the low byte is zero). */
function decodeFloat24(bytes: Uint8Array, count: number): Float32Array {
  const out = new Float32Array(count);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0, j = 0; i < count; i++, j += 3) bits[i] = ((bytes[j] << 8) | (bytes[j + 1] << 16) | (bytes[j + 2] << 24)) >>> 0;
  return out;
}

/** A tensor by name, checked against the expected shape. @internal */
export function weight(w: MusicnnWeights, name: string, shape: readonly number[]): Float32Array {
  const t = w.tensors.get(name);
  if (!t || t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new MirkitError('BAD_MODEL', `${w.model} weights: tensor ${name} missing or not of shape [${shape.join(', ')}]`);
  }
  return t.values;
}

/**
 * Reads the bundled weight file of `model` from the package (Node only): the first
 * `models/musicnn/<model>.bin` found walking up from this module's folder (the package root both
 * from `dist/` and from `src/tagging/`).
 * @throws MirkitError `UNSUPPORTED` outside Node (pass `weights` bytes there), `FILE_NOT_FOUND` when the file is missing
 */
export async function readBundledWeights(model: MusicnnModelName): Promise<Uint8Array> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) {
    throw new MirkitError(
      'UNSUPPORTED',
      `outside Node the musicnn weights are not read from disk: fetch mirkit/models/musicnn/${model}.bin and pass its bytes as the 'weights' option`,
    );
  }
  const { readFile, access } = await nodeFs();
  const { dirname, join } = await nodePath();
  let dir = dirname(await fileUrlToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const path = join(dir, 'models', 'musicnn', `${model}.bin`);
    try {
      await access(path);
      return new Uint8Array(await readFile(path));
    } catch {
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new MirkitError('FILE_NOT_FOUND', `the bundled weights models/musicnn/${model}.bin were not found beside the mirkit package`);
}
