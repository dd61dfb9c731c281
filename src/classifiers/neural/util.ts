/**
 * Internal helpers shared by the neural classifiers: seeded PRNG, label encoding, input checks,
 * base64. (The seeded dropout layer lives in layers.ts.)
 * @internal
 * @packageDocumentation
 */
import { MirkitError } from '../../errors.js';
import { isMatrix, type Matrix } from '../../matrix.js';
import type { FeatureTable, Label } from '../types.js';
import { createRng } from '../random.js';
import { encodeLabels as encodeLabelsBase, notNumber } from '../base.js';
import { shownAsJson } from '../../util/shown.js';

/** A seeded uniform [0, 1) generator (the classifiers' shared mulberry32 {@link createRng}). @internal */
export function makeRng(seed: number): () => number {
  const r = createRng(seed);
  return () => r.next();
}

/** A positive 31-bit integer seed for tf initialisers / random ops. @internal */
export function nextSeed(rng: () => number): number {
  return 1 + Math.floor(rng() * 2147483646);
}

/** In-place Fisher-Yates shuffle with a seeded generator. @internal */
export function shuffleInPlace(a: Int32Array | number[], rng: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/**
 * Checks labels against `n` samples and encodes them as the other classifiers do (`BAD_SHAPE` on a
 * length mismatch, `BAD_LABELS` on mixed or invalid labels or a single class). @internal
 */
export function encodeLabels(y: unknown, n: number): { classes: Label[]; index: Int32Array } {
  const { classes, yi } = encodeLabelsBase(y as Label[], n);
  return { classes, index: yi };
}

/** Rows of a feature table as a flat Float32Array (samples x features), checking shape/finiteness. @internal */
export function tableToFlat(X: unknown, nFeatures?: number): { n: number; d: number; data: Float32Array } {
  let n: number, d: number, data: Float32Array;
  if (isMatrix(X)) {
    n = X.rows;
    d = X.cols;
    data = X.data instanceof Float32Array ? X.data : Float32Array.from(X.data);
  } else if (Array.isArray(X)) {
    n = X.length;
    if (n === 0) throw new MirkitError('EMPTY_INPUT', 'X has no rows');
    const first = X[0];
    if (!Array.isArray(first) && !ArrayBuffer.isView(first)) throw new MirkitError('BAD_SHAPE', 'X must be number[][] (samples x features) or a Matrix');
    d = (first as ArrayLike<number>).length;
    data = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const r = X[i] as ArrayLike<number>;
      if (r == null || r.length !== d) throw new MirkitError('BAD_SHAPE', `row ${i} has ${r?.length} values, expected ${d}`);
      for (let j = 0; j < d; j++) data[i * d + j] = typeof r[j] === 'number' ? r[j] : notNumber(`X[${i}][${j}]`, r[j]);
    }
  } else {
    throw new MirkitError('BAD_SHAPE', 'X must be number[][] (samples x features) or a Matrix');
  }
  if (n === 0 || d === 0) throw new MirkitError('EMPTY_INPUT', `X is empty (${n} x ${d})`);
  if (nFeatures !== undefined && d !== nFeatures) {
    throw new MirkitError('BAD_SHAPE', `X has ${d} features, the model was fitted on ${nFeatures}`, { features: d, expected: nFeatures });
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new MirkitError('NON_FINITE', `X holds a non-finite value at sample ${Math.floor(i / d)}, feature ${i % d}`);
  }
  return { n, d, data };
}

/** One sequence sample: frames x features, row-major. @internal */
export interface Seq {
  frames: number;
  features: number;
  data: Float32Array;
}

/**
 * Sequence samples: a list of `Matrix` (frames x features when `timeAxis` is `'rows'`, the
 * transpose when `'cols'`) or nested `number[][][]` (samples x frames x features). @internal
 */
export function toSequences(X: unknown, timeAxis: 'rows' | 'cols', nFeatures?: number): Seq[] {
  if (!Array.isArray(X)) {
    throw new MirkitError('BAD_SHAPE', 'X must be an array of sequences: Matrix[] (frames x features each) or number[][][]');
  }
  if (X.length === 0) throw new MirkitError('EMPTY_INPUT', 'X has no sequences');
  const out: Seq[] = [];
  for (let s = 0; s < X.length; s++) {
    const x = X[s] as unknown;
    let frames: number, features: number, data: Float32Array;
    /** The caller's value behind `data[i]` (for the error message: float32 overflows finite values beyond 3.4e38). */
    let given: (i: number) => unknown;
    if (isMatrix(x)) {
      if (timeAxis === 'rows') {
        frames = x.rows;
        features = x.cols;
        data = x.data instanceof Float32Array ? x.data : Float32Array.from(x.data);
        given = (i) => x.data[i];
      } else {
        frames = x.cols;
        features = x.rows;
        data = new Float32Array(frames * features);
        for (let r = 0; r < x.rows; r++) for (let c = 0; c < x.cols; c++) data[c * features + r] = x.data[r * x.cols + c];
        given = (i) => x.data[(i % features) * x.cols + Math.floor(i / features)];
      }
    } else if (Array.isArray(x) && (x.length === 0 || Array.isArray(x[0]) || ArrayBuffer.isView(x[0]))) {
      const rowsArr = x as ArrayLike<number>[];
      const a = rowsArr.length,
        b = a ? rowsArr[0].length : 0;
      const tmp = new Float32Array(a * b);
      for (let i = 0; i < a; i++) {
        const row = rowsArr[i];
        if (row?.length !== b) throw new MirkitError('BAD_SHAPE', `sequence ${s} row ${i} has ${row?.length ?? 'no'} values, expected ${b}`);
        for (let j = 0; j < b; j++) tmp[i * b + j] = typeof row[j] === 'number' ? row[j] : notNumber(`sequence ${s} frame ${i} feature ${j}`, row[j]);
      }
      if (timeAxis === 'rows') {
        frames = a;
        features = b;
        data = tmp;
        given = (i) => rowsArr[Math.floor(i / b)][i % b];
      } else {
        frames = b;
        features = a;
        data = new Float32Array(a * b);
        for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) data[j * a + i] = tmp[i * b + j];
        given = (i) => rowsArr[i % a][Math.floor(i / a)];
      }
    } else {
      throw new MirkitError('BAD_SHAPE', `sequence ${s} must be a Matrix (frames x features) or number[][]; a single 2-D table is not a list of sequences`);
    }
    if (frames === 0 || features === 0) throw new MirkitError('EMPTY_INPUT', `sequence ${s} is empty (${frames} x ${features})`);
    const expect = nFeatures ?? out[0]?.features;
    if (expect !== undefined && features !== expect) {
      throw new MirkitError('BAD_SHAPE', `sequence ${s} has ${features} features per frame, expected ${expect}`, { features, expected: expect });
    }
    for (let i = 0; i < data.length; i++) {
      if (Number.isFinite(data[i])) continue;
      const v = given(i);
      const where = `sequence ${s} frame ${Math.floor(i / features)} feature ${i % features}`;
      // sequences are held as float32: a finite value beyond its range becomes Infinity
      if (typeof v === 'number' && Number.isFinite(v))
        throw new MirkitError('NON_FINITE', `${where} is ${v}, beyond float32's range (3.4e38), in which sequences are held: scale the features first`);
      throw new MirkitError('NON_FINITE', `${where} is ${String(v)}: features must be finite`);
    }
    out.push({ frames, features, data });
  }
  return out;
}

/**
 * A standardisation vector of a saved model (`state.mean`, `state.scale`) as float32, checked:
 * `BAD_MODEL` naming the field unless it is an array of `length` numbers (one per input feature),
 * each finite in float32 (1e308 is not) and, for a scale (`positive`), above 0 (a zero scale divides
 * by zero). @internal
 */
export function stateVector(typeName: string, field: 'mean' | 'scale', v: unknown, length: number, positive: boolean): Float32Array {
  const path = `state.${field}`;
  if (!Array.isArray(v)) throw new MirkitError('BAD_MODEL', `${typeName} JSON ${path} must be an array of ${length} numbers`, { field: path });
  if (v.length !== length) {
    throw new MirkitError('BAD_MODEL', `${typeName} JSON ${path} has ${v.length} values, the input has ${length} features`, { field: path });
  }
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const x: unknown = v[i];
    out[i] = typeof x === 'number' ? x : NaN;
    if (Number.isFinite(out[i]) && (!positive || out[i] > 0)) continue;
    const what = positive ? 'a positive number (a zero scale divides by zero)' : 'a finite number';
    throw new MirkitError(
      'BAD_MODEL',
      `${typeName} JSON ${path}[${i}] is ${typeof x === 'number' ? String(x) : shownAsJson(x)}: it must be ${what} within float32's range`,
      {
        field: `${path}[${i}]`,
      },
    );
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of raw bytes (no Node Buffer, works in browsers). @internal */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  const parts: string[] = [];
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
    if (out.length > 65536) {
      parts.push(out);
      out = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += B64[n >> 18] + B64[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + '=';
  }
  parts.push(out);
  return parts.join('');
}

/** Raw bytes of a base64 string. Throws `BAD_MODEL` on malformed input. @internal */
export function base64ToBytes(s: string): Uint8Array {
  if (typeof s !== 'string' || s.length % 4 !== 0) throw new MirkitError('BAD_MODEL', 'weight data is not valid base64');
  const lut = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) lut[B64.charCodeAt(i)] = i;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const c = [0, 1, 2, 3].map((k) => {
      const ch = s.charCodeAt(i + k);
      if (ch === 61) return 0;
      const v = ch < 128 ? lut[ch] : -1;
      if (v < 0) throw new MirkitError('BAD_MODEL', 'weight data is not valid base64');
      return v;
    });
    const n = (c[0] << 18) | (c[1] << 12) | (c[2] << 6) | c[3];
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Tests whether a value is a feature table (number[][] or Matrix). @internal */
export function isFeatureTable(X: unknown): X is FeatureTable {
  return (
    isMatrix(X) ||
    (Array.isArray(X) && X.length > 0 && (Array.isArray(X[0]) || ArrayBuffer.isView(X[0])) && typeof (X[0] as ArrayLike<unknown>)[0] === 'number')
  );
}

/** Type guard helper. @internal */
export function isMatrixList(X: unknown): X is Matrix[] {
  return Array.isArray(X) && X.every((m) => isMatrix(m));
}
