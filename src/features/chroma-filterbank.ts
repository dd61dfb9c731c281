/**
 * The STFT-to-chroma filter bank (`librosa.filters.chroma`), cached per option set, and its
 * projection of power-spectrum frames onto the pitch classes.
 */
import type { Matrix } from '../matrix.js';
import { checkNumber, checkPositiveInt, checkSampleRate } from '../validate.js';
import { BoundedCache } from '../util/cache.js';
import { F64_TINY, roundHalfEven } from '../util/numeric.js';
import { checkNorm, normalizeColumns } from './normalize-columns.js';
import { readOptions } from '../options.js';
import { CHROMA_FILTERBANK_OPTIONS } from '../option-keys.js';
import { MirkitError } from '../errors.js';
import type { FftOption } from '../dsp/fft.js';
import { wasmChroma12 } from '../dsp/heap-kernels.js';

/** Options of {@link chromaFilterbank} (librosa.filters.chroma's names and defaults). */
export interface ChromaFilterbankOptions {
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** FFT size; the filterbank has `1 + nFft/2` columns. Default 2048. */
  nFft?: number;
  /** Number of chroma bins. Default 12. */
  nChroma?: number;
  /** Tuning deviation from A440 in fractions of a chroma bin. Default 0. */
  tuning?: number;
  /** Centre of the Gaussian octave weighting, in octaves above A0 = 27.5 Hz. Default 5. */
  ctroct?: number;
  /** Half-width of the octave weighting in octaves; `null` for flat weighting. Default 2. */
  octwidth?: number | null;
  /** Norm of each column (FFT bin) before the octave weighting. Default 2. */
  norm?: number | null;
  /** Start at C (default true) instead of A. */
  baseC?: boolean;
}

/** nFft of a chromagram: at least 2 (one FFT bin holds only DC, which has no pitch class). Throws `BAD_OPTION`. */
export function checkChromaNfft(nFft: unknown): number {
  const n = checkPositiveInt(nFft, 'nFft');
  if (n < 2) throw new MirkitError('BAD_OPTION', `nFft must be at least 2 for a chromagram (nFft = 1 has only the DC bin), got ${n}`, { option: 'nFft' });
  return n;
}

/**
 * The chroma filterbank mapping STFT bins to pitch classes, as `librosa.filters.chroma`
 * (Ellis' chromagram): every FFT bin spreads a Gaussian bump (width one chroma bin or the bin's
 * own width) over the chroma bins around its pitch; columns are normalised (L2) and weighted
 * by a Gaussian over octaves centred on `ctroct` (octave 5 above A0, ~880 Hz) with half-width
 * `octwidth`.
 *
 * @param opts - {@link ChromaFilterbankOptions}: `sr` 22050, `nFft` 2048, `nChroma` 12, `tuning` 0,
 *   `ctroct` 5, `octwidth` 2, `norm` 2, `baseC` true
 * @returns Float32 {@link Matrix} `nChroma x (1 + nFft/2)`
 * @example
 * ```ts
 * const fb = chromaFilterbank({ sr: 22050, nFft: 2048 });
 * ```
 */
export function chromaFilterbank(opts: ChromaFilterbankOptions = {}): Matrix {
  opts = readOptions('chromaFilterbank', opts, CHROMA_FILTERBANK_OPTIONS);
  const sr = checkSampleRate(opts.sr ?? 22050);
  const nFft = checkChromaNfft(opts.nFft ?? 2048);
  const nChroma = checkPositiveInt(opts.nChroma ?? 12, 'nChroma');
  const tuning = checkNumber(opts.tuning ?? 0, 'tuning');
  const ctroct = checkNumber(opts.ctroct ?? 5, 'ctroct');
  const octwidth = opts.octwidth === undefined ? 2 : opts.octwidth;
  if (octwidth !== null) checkNumber(octwidth, 'octwidth', Number.MIN_VALUE);
  const norm = checkNorm(opts.norm === undefined ? 2 : opts.norm);
  const baseC = opts.baseC ?? true;
  const a440 = 440 * 2 ** (tuning / nChroma);
  // frqbins: chroma position of every FFT bin (bin 0 made up 1.5 octaves below bin 1)
  const frq = new Float64Array(nFft);
  const step = sr / nFft;
  for (let k = 1; k < nFft; k++) frq[k] = nChroma * Math.log2((k * step) / (a440 / 16));
  frq[0] = frq[1] - 1.5 * nChroma;
  const width = new Float64Array(nFft);
  for (let k = 0; k < nFft - 1; k++) width[k] = Math.max(frq[k + 1] - frq[k], 1);
  width[nFft - 1] = 1;
  const nChroma2 = roundHalfEven(nChroma / 2); // np.round
  const cols = Math.floor(1 + nFft / 2);
  const wts = new Float64Array(nChroma * nFft);
  for (let k = 0; k < nFft; k++) {
    for (let c = 0; c < nChroma; c++) {
      const d0 = frq[k] - c + nChroma2 + 10 * nChroma;
      const d = (((d0 % nChroma) + nChroma) % nChroma) - nChroma2;
      const z = (2 * d) / width[k];
      wts[c * nFft + k] = Math.exp(-0.5 * z * z);
    }
  }
  // normalise each column, then the octave weighting
  if (norm !== null) {
    for (let k = 0; k < nFft; k++) {
      let l = 0;
      for (let c = 0; c < nChroma; c++) {
        const a = Math.abs(wts[c * nFft + k]);
        if (norm === Infinity) l = Math.max(l, a);
        else if (norm === 1) l += a;
        else if (norm === 2) l += a * a;
        else if (norm === 0) l += a > 0 ? 1 : 0;
        else l += Math.pow(a, norm);
      }
      if (norm === 2) l = Math.sqrt(l);
      else if (norm !== Infinity && norm !== 1 && norm !== 0) l = Math.pow(l, 1 / norm);
      if (l < F64_TINY) l = 1;
      for (let c = 0; c < nChroma; c++) wts[c * nFft + k] /= l;
    }
  }
  if (octwidth !== null) {
    for (let k = 0; k < nFft; k++) {
      const z = (frq[k] / nChroma - ctroct) / octwidth;
      const g = Math.exp(-0.5 * z * z);
      for (let c = 0; c < nChroma; c++) wts[c * nFft + k] *= g;
    }
  }
  const rollBy = baseC ? 3 * Math.floor(nChroma / 12) : 0; // np.roll(wts, -3, axis=0)
  const data = new Float32Array(nChroma * cols);
  for (let c = 0; c < nChroma; c++) {
    const src = (((c + rollBy) % nChroma) + nChroma) % nChroma;
    for (let k = 0; k < cols; k++) data[c * cols + k] = wts[src * nFft + k];
  }
  return { rows: nChroma, cols, data };
}

const fbCache = new BoundedCache<string, Matrix>(32);
/** {@link chromaFilterbank}, cached per option set (the matrices are immutable; a few dozen at most). @internal */
export function cachedFilterbank(o: ChromaFilterbankOptions): Matrix {
  const key = `${o.sr}|${o.nFft}|${o.nChroma}|${o.tuning}|${o.ctroct}|${o.octwidth}|${o.norm}|${o.baseC}`;
  return fbCache.get(key, () => chromaFilterbank(o));
}

/** Bin-major copies (`w[k * 12 + c]`) of 12-row filterbanks, by the filterbank array (immutable, see {@link cachedFilterbank}). */
const binMajor12 = new WeakMap<Float32Array, Float32Array>();

/** The 12-row filterbank `fb` (`fb[c * bins + k]`) bin-major, `w[k * 12 + c]`: the weights of one bin side by side. */
function binMajorOf(fb: Float32Array, bins: number): Float32Array {
  let w = binMajor12.get(fb);
  if (!w || w.length !== 12 * bins) {
    w = new Float32Array(12 * bins);
    for (let c = 0; c < 12; c++) for (let k = 0; k < bins; k++) w[k * 12 + c] = fb[c * bins + k];
    binMajor12.set(fb, w);
  }
  return w;
}

/**
 * One frame of a 12-row projection from the bin-major weights `w`: the twelve rows in one pass
 * (each frame value loaded once, the twelve weights of a bin adjacent), each row summed in bin
 * order as the one-row loop would, so the same values.
 */
function project12(w: Float32Array, S: Float32Array, base: number, bins: number, out: Float32Array, o: number, outCols: number): void {
  // biome-ignore format: twelve accumulators, one line
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0, a9 = 0, a10 = 0, a11 = 0;
  for (let k = 0, j = 0; k < bins; k++, j += 12) {
    const x = S[base + k];
    a0 += w[j] * x;
    a1 += w[j + 1] * x;
    a2 += w[j + 2] * x;
    a3 += w[j + 3] * x;
    a4 += w[j + 4] * x;
    a5 += w[j + 5] * x;
    a6 += w[j + 6] * x;
    a7 += w[j + 7] * x;
    a8 += w[j + 8] * x;
    a9 += w[j + 9] * x;
    a10 += w[j + 10] * x;
    a11 += w[j + 11] * x;
  }
  out[o] = a0;
  out[o + outCols] = a1;
  out[o + 2 * outCols] = a2;
  out[o + 3 * outCols] = a3;
  out[o + 4 * outCols] = a4;
  out[o + 5 * outCols] = a5;
  out[o + 6 * outCols] = a6;
  out[o + 7 * outCols] = a7;
  out[o + 8 * outCols] = a8;
  out[o + 9 * outCols] = a9;
  out[o + 10 * outCols] = a10;
  out[o + 11 * outCols] = a11;
}

/**
 * {@link project12} of two frames (at `base` and `base + ts`) in one pass over the weights, into columns
 * `o` and `o + 1`: each frame's twelve sums in bin order, so the same values as two passes.
 */
function project12Pair(w: Float32Array, S: Float32Array, base: number, ts: number, bins: number, out: Float32Array, o: number, outCols: number): void {
  // biome-ignore format: twelve accumulators per frame, one line each
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0, a9 = 0, a10 = 0, a11 = 0;
  // biome-ignore format: twelve accumulators per frame, one line each
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, b7 = 0, b8 = 0, b9 = 0, b10 = 0, b11 = 0;
  const base2 = base + ts;
  for (let k = 0, j = 0; k < bins; k++, j += 12) {
    const x = S[base + k];
    const y = S[base2 + k];
    let v = w[j];
    a0 += v * x;
    b0 += v * y;
    v = w[j + 1];
    a1 += v * x;
    b1 += v * y;
    v = w[j + 2];
    a2 += v * x;
    b2 += v * y;
    v = w[j + 3];
    a3 += v * x;
    b3 += v * y;
    v = w[j + 4];
    a4 += v * x;
    b4 += v * y;
    v = w[j + 5];
    a5 += v * x;
    b5 += v * y;
    v = w[j + 6];
    a6 += v * x;
    b6 += v * y;
    v = w[j + 7];
    a7 += v * x;
    b7 += v * y;
    v = w[j + 8];
    a8 += v * x;
    b8 += v * y;
    v = w[j + 9];
    a9 += v * x;
    b9 += v * y;
    v = w[j + 10];
    a10 += v * x;
    b10 += v * y;
    v = w[j + 11];
    a11 += v * x;
    b11 += v * y;
  }
  const a = [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11];
  const b = [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11];
  for (let c = 0; c < 12; c++) {
    out[o + c * outCols] = a[c];
    out[o + 1 + c * outCols] = b[c];
  }
}

/**
 * `out[c * outCols + t0 + t] = sum_k fb[c * bins + k] * S[t * ts + k]` for frame-major float32 `S`
 * (`frames` frames), each row summed in bin order as the one-row loop would: 12 rows in one pass
 * over a frame on a bin-major copy of `fb` (made once per filterbank), otherwise six rows per pass.
 */
export function projectFrames(
  fb: Float32Array,
  nChroma: number,
  S: Float32Array,
  bins: number,
  frames: number,
  ts: number,
  out: Float32Array,
  outCols: number,
  t0: number,
  fft?: FftOption,
): void {
  if (nChroma === 12 && fb.length === 12 * bins) {
    const w = binMajorOf(fb, bins);
    // the wasm kernel (the same sums) for whole clips on the wasm path
    if (fft !== undefined && frames >= 8 && wasmChroma12(w, S, bins, frames, ts, out, outCols, t0, fft)) return;
    let t = 0;
    for (; t + 1 < frames; t += 2) project12Pair(w, S, t * ts, ts, bins, out, t0 + t, outCols);
    if (t < frames) project12(w, S, t * ts, bins, out, t0 + t, outCols);
    return;
  }
  for (let t = 0; t < frames; t++) {
    const base = t * ts;
    const ot = t0 + t;
    let c = 0;
    for (; c + 6 <= nChroma; c += 6) {
      const w0 = c * bins;
      const w1 = w0 + bins;
      const w2 = w1 + bins;
      const w3 = w2 + bins;
      const w4 = w3 + bins;
      const w5 = w4 + bins;
      // biome-ignore format: accumulators, one line
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
      for (let k = 0, i = base; k < bins; k++, i++) {
        const x = S[i];
        a0 += x * fb[w0 + k];
        a1 += x * fb[w1 + k];
        a2 += x * fb[w2 + k];
        a3 += x * fb[w3 + k];
        a4 += x * fb[w4 + k];
        a5 += x * fb[w5 + k];
      }
      out[c * outCols + ot] = a0;
      out[(c + 1) * outCols + ot] = a1;
      out[(c + 2) * outCols + ot] = a2;
      out[(c + 3) * outCols + ot] = a3;
      out[(c + 4) * outCols + ot] = a4;
      out[(c + 5) * outCols + ot] = a5;
    }
    for (; c < nChroma; c++) {
      const w0 = c * bins;
      let a = 0;
      for (let k = 0; k < bins; k++) a += fb[w0 + k] * S[base + k];
      out[c * outCols + ot] = a;
    }
  }
}

/**
 * The un-normalised 12-bin chroma_stft (librosa's default filterbank for `sr`, `nFft`, `tuning`)
 * of `count` frame-major float32 power frames `P[t * bins + k]`, written into columns
 * `t0 .. t0 + count` of the bin-major `12 x cols` array `out`. Normalising the whole `out` with
 * {@link normalizeColumns} (Infinity) afterwards gives `chromaStft(null, { S, sr, tuning })` of the
 * same power spectrogram, value for value (chunked callers: the feature sets). @internal
 */
export function projectChromaFrames(
  P: Float32Array,
  bins: number,
  count: number,
  sr: number,
  nFft: number,
  tuning: number,
  out: Float32Array,
  cols: number,
  t0: number,
  fft?: FftOption,
): void {
  const fb = cachedFilterbank({ sr, nFft, nChroma: 12, tuning, ctroct: undefined, octwidth: undefined, norm: undefined, baseC: undefined });
  projectFrames(fb.data as Float32Array, 12, P, bins, count, bins, out, cols, t0, fft);
}
