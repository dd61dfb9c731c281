import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkNumber, checkPositiveInt, type Signal } from '../validate.js';
import { spectralFrames } from './frames.js';
import { kernelContext, positiveOption, type DescriptorKernel, type DescriptorOptions, type KernelContext } from './descriptor.js';
import { readOptions } from '../options.js';
import { SPECTRAL_CONTRAST_KERNEL_OPTIONS, SPECTRAL_CONTRAST_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';
import { checkKernelContext } from './kernel-context.js';

/** Options of {@link spectralContrastKernel}. */
export interface SpectralContrastKernelOptions {
  /** Upper edge of the lowest band (the first octave band starts here), Hz. Default 200. */
  fmin?: number;
  /** Number of octave bands above `fmin` (rows = nBands + 1). Default 6. */
  nBands?: number;
  /** Fraction of each band's bins averaged into its peak and its valley, in (0, 1). Default 0.02. */
  quantile?: number;
  /** Return `peak - valley` in linear magnitude instead of a dB difference. Default false. */
  linear?: boolean;
  /** Floor of `power_to_db`, default 1e-10. */
  amin?: number;
  /**
   * Lower bounds (dB) of the peak and valley levels, `{ peak, valley }`: the offline function sets
   * them to each matrix's maximum minus `topDb` (librosa's `top_db` clipping); a streaming caller
   * may pass a running maximum minus `topDb`. Default: no floor.
   */
  floorDb?: {
    /** Lowest peak level in dB. */
    peak: number;
    /** Lowest valley level in dB. */
    valley: number;
  };
}

/** Options of {@link spectralContrast}. */
export interface SpectralContrastOptions extends DescriptorOptions, Omit<SpectralContrastKernelOptions, 'floorDb'> {
  /** librosa's `power_to_db` `top_db` on the peak and on the valley matrix; `null` disables. Default 80. */
  topDb?: number | null;
}

/** One band: bins `start .. stop` (exclusive), averaged over `nq` sorted values. */
interface Band {
  start: number;
  stop: number;
  nq: number;
}

/** numpy's `rint` (round half to even). */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** librosa's octave sub-bands of `spectral_contrast`, as bin ranges. */
function contrastBands(ctx: KernelContext, fmin: number, nBands: number, quantile: number): Band[] {
  const freq = ctx.freq;
  const bins = freq.length;
  const edges = [0];
  for (let i = 0; i <= nBands; i++) edges.push(fmin * 2 ** i);
  for (let i = 0; i <= nBands; i++) {
    if (edges[i] >= 0.5 * ctx.sr)
      throw new MirkitError('BAD_OPTION', `spectral contrast band ${i} starts at ${edges[i]} Hz, above Nyquist: reduce fmin or nBands`, { option: 'nBands' });
  }
  const bands: Band[] = [];
  for (let k = 0; k <= nBands; k++) {
    let first = -1,
      last = -1;
    for (let b = 0; b < bins; b++) {
      if (freq[b] >= edges[k] && freq[b] <= edges[k + 1]) {
        if (first < 0) first = b;
        last = b;
      }
    }
    if (first < 0)
      throw new MirkitError('BAD_OPTION', `spectral contrast band ${k} (${edges[k]}-${edges[k + 1]} Hz) holds no FFT bin: use a larger nFft or fmin`, {
        option: 'fmin',
      });
    const start = k > 0 && first > 0 ? first - 1 : first; // librosa adds the bin just below
    const end = k === nBands ? bins - 1 : last; // the last band runs to Nyquist
    const count = end - start + 1;
    const stop = k < nBands ? end : end + 1; // ... and every other band drops its top bin
    // librosa then averages an empty band into NaN: refuse, as for a band without a bin
    if (stop <= start)
      throw new MirkitError(
        'BAD_OPTION',
        `spectral contrast band ${k} (${edges[k]}-${edges[k + 1]} Hz) holds one FFT bin, which librosa drops: use a larger nFft or fmin`,
        { option: 'fmin' },
      );
    bands.push({ start, stop, nq: Math.max(1, rint(quantile * count)) });
  }
  return bands;
}

/**
 * Means of the `nq` smallest and `nq` largest of `column[offset + start .. offset + stop)` into
 * `out[0]` (the valley) and `out[1]` (the peak), through the sorted scratch `lo` / `hi` (nq is
 * small): the first nq values are sorted in, then a value enters only past the current nq-th, the
 * threshold kept in a local. Each mean sums its nq values in sorted order.
 */
function bandExtremes(column: ArrayLike<number>, offset: number, band: Band, lo: Float64Array, hi: Float64Array, out: Float64Array): void {
  const stop = offset + band.stop;
  const q = Math.min(band.nq, band.stop - band.start);
  let b = offset + band.start;
  for (let m = 0; m < q; m++, b++) {
    const v = column[b];
    let i = m;
    while (i > 0 && lo[i - 1] > v) {
      lo[i] = lo[i - 1];
      i--;
    }
    lo[i] = v;
    i = m;
    while (i > 0 && hi[i - 1] < v) {
      hi[i] = hi[i - 1];
      i--;
    }
    hi[i] = v;
  }
  const last = q - 1;
  let loMax = lo[last];
  let hiMin = hi[last];
  for (; b < stop; b++) {
    const v = column[b];
    if (v < loMax) {
      let i = last;
      while (i > 0 && lo[i - 1] > v) {
        lo[i] = lo[i - 1];
        i--;
      }
      lo[i] = v;
      loMax = lo[last];
    }
    if (v > hiMin) {
      let i = last;
      while (i > 0 && hi[i - 1] < v) {
        hi[i] = hi[i - 1];
        i--;
      }
      hi[i] = v;
      hiMin = hi[last];
    }
  }
  let sl = 0,
    sh = 0;
  for (let i = 0; i < q; i++) {
    sl += lo[i];
    sh += hi[i];
  }
  out[0] = sl / q;
  out[1] = sh / q;
}

/** Resolves and validates the band options. */
function resolve(ctx: KernelContext, opts: SpectralContrastKernelOptions): { bands: Band[]; amin: number; linear: boolean; scratch: number } {
  const fmin = positiveOption(opts.fmin, 200, 'fmin');
  const nBands = checkPositiveInt(opts.nBands ?? 6, 'nBands');
  const quantile = opts.quantile ?? 0.02;
  if (typeof quantile !== 'number' || !(quantile > 0 && quantile < 1))
    throw new MirkitError('BAD_OPTION', `quantile must be in (0, 1), got ${shown(quantile)}`, { option: 'quantile' });
  const amin = positiveOption(opts.amin, 1e-10, 'amin');
  const bands = contrastBands(ctx, fmin, nBands, quantile);
  return { bands, amin, linear: opts.linear ?? false, scratch: Math.max(...bands.map((b) => b.nq)) };
}

/**
 * The per-frame kernel of {@link spectralContrast} ({@link DescriptorKernel} convention): one
 * magnitude column in, `nBands + 1` contrasts out. In dB: `max(10 log10(max(amin, peak)), floor.peak)
 * - max(10 log10(max(amin, valley)), floor.valley)`; librosa's `top_db` clipping needs the whole
 * matrix's maximum, so the kernel takes the floors as options (default none).
 *
 * @throws MirkitError `BAD_OPTION` / `BAD_SAMPLE_RATE` / `NON_FINITE` / `BAD_DATA` for a `ctx` that is not a {@link KernelContext} (valid `sr` and `nFft`, finite non-negative `freq`); `BAD_OPTION` for bad `fmin`/`nBands`/`quantile`/`amin`, or bands above Nyquist.
 */
export function spectralContrastKernel(ctx: KernelContext, opts: SpectralContrastKernelOptions = {}): DescriptorKernel {
  opts = readOptions('spectralContrastKernel', opts, SPECTRAL_CONTRAST_KERNEL_OPTIONS);
  checkKernelContext(ctx, 'spectralContrastKernel');
  const { bands, amin, linear, scratch } = resolve(ctx, opts);
  const lo = new Float64Array(scratch),
    hi = new Float64Array(scratch),
    pair = new Float64Array(2);
  const fp = opts.floorDb?.peak ?? -Infinity,
    fv = opts.floorDb?.valley ?? -Infinity;
  return {
    rows: bands.length,
    usesPrevious: false,
    compute(column, out) {
      for (let i = 0; i < bands.length; i++) {
        bandExtremes(column, 0, bands[i], lo, hi, pair);
        const valley = pair[0],
          peak = pair[1];
        if (linear) out[i] = peak - valley;
        else out[i] = Math.max(10 * Math.log10(Math.max(amin, peak)), fp) - Math.max(10 * Math.log10(Math.max(amin, valley)), fv);
      }
    },
  };
}

/**
 * Spectral contrast per octave band and frame, equal to `librosa.feature.spectral_contrast(y=y,
 * sr=sr, ...)` (Jiang et al. 2002): each frame's magnitude spectrum is split into `nBands + 1`
 * bands (`[0, fmin]`, then octaves from `fmin`, the last one running to Nyquist); per band, the
 * mean of the top and of the bottom `round(quantile * n)` (at least 1) magnitudes give the peak and
 * the valley, and the contrast is `power_to_db(peak) - power_to_db(valley)` (librosa applies
 * `power_to_db` to magnitudes; ref 1, amin 1e-10, `topDb` 80 over each whole matrix), or
 * `peak - valley` when `linear`.
 *
 * Defaults: fmin 200, nBands 6, quantile 0.02, nFft 2048, hopLength 512, hann, centred, and
 * `fft: 'js'` (float64): with a float32 FFT (`'wasm'`), the
 * valleys, the quietest bins of each band, sit at float32 rounding level, and on clips with a deep
 * spectral floor the contrast differs from librosa's by up to 4e-2 normalised (1e-4 on typical music).
 * `S`, when given, is a magnitude spectrogram. Shape: `(nBands + 1) x frames`, Float64, dB.
 *
 * @throws MirkitError as {@link spectralContrastKernel}, plus the input errors of `spectralCentroid`.
 * @example
 * ```ts
 * const c = spectralContrast(y, { sr: 22050 }); // 7 x frames
 * ```
 */
export function spectralContrast(y: Signal | null, opts: SpectralContrastOptions = {}): Matrix {
  opts = readOptions('spectralContrast', opts, SPECTRAL_CONTRAST_OPTIONS);
  const topDb = opts.topDb === undefined ? 80 : opts.topDb;
  if (topDb !== null) checkNumber(topDb, 'topDb', 0);
  // float32 FFTs (PFFFT) put the quietest bins, the valleys, at their rounding floor: on
  // high-dynamic-range clips the dB contrast then moves by up to 4% (librosa-choice); the float64
  // js FFT is the default here
  const stftOpts = { ...opts, fft: opts.fft ?? 'js' };
  const fr = spectralFrames(y, stftOpts as SpectralContrastOptions, 1);
  const ctx = kernelContext(fr.sr, fr.nFft);
  const { bands, amin, linear, scratch } = resolve(ctx, opts);
  const lo = new Float64Array(scratch),
    hi = new Float64Array(scratch),
    pair = new Float64Array(2);
  const R = bands.length,
    T = fr.nFrames,
    bins = fr.bins;
  const peak = new Float64Array(R * T),
    valley = new Float64Array(R * T);
  const checkNeg = opts.S !== undefined && opts.S !== null;
  fr.blocks((t0, count, block) => {
    for (let j = 0; j < count; j++) {
      const o = j * bins;
      if (checkNeg)
        for (let k = o; k < o + bins; k++)
          if (block[k] < 0) throw new MirkitError('BAD_DATA', `spectral contrast needs a magnitude spectrogram: S has ${block[k]}`);
      for (let i = 0; i < R; i++) {
        bandExtremes(block, o, bands[i], lo, hi, pair);
        valley[i * T + t0 + j] = pair[0];
        peak[i * T + t0 + j] = pair[1];
      }
    }
  });
  const out = new Float64Array(R * T);
  if (linear) {
    for (let i = 0; i < out.length; i++) out[i] = peak[i] - valley[i];
    return { rows: R, cols: T, data: out };
  }
  const toDb = (m: Float64Array): void => {
    let mx = -Infinity;
    for (let i = 0; i < m.length; i++) {
      m[i] = 10 * Math.log10(Math.max(amin, m[i]));
      if (m[i] > mx) mx = m[i];
    }
    if (topDb !== null) for (let i = 0; i < m.length; i++) if (m[i] < mx - topDb) m[i] = mx - topDb;
  };
  toDb(peak);
  toDb(valley);
  for (let i = 0; i < out.length; i++) out[i] = peak[i] - valley[i];
  return { rows: R, cols: T, data: out };
}
