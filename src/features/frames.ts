import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkBoundedMatrix, checkSampleRate, checkSignal } from '../validate.js';
import { forEachPowerBlock, resolveStftOptions, type StftOptions } from '../dsp/stft.js';
import { powerBands } from '../dsp/stft-blocks.js';
import type { SparseFilterbank } from '../dsp/filters.js';
import type { Float32ArrayProvider } from '../util/spare-buffer.js';

/** STFT options shared by the spectrogram-based features, plus librosa's precomputed `S`. */
export interface SpectralInputOptions extends StftOptions {
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** Hop between frames in samples. Default 512 (librosa's feature default, whatever `nFft` is). */
  hopLength?: number;
  /** Precomputed spectrogram (rows = `1 + nFft/2` bins, cols = frames); replaces `y`. */
  S?: Matrix;
}

/** Frames per block handed out by {@link SpectralFrames.blocks} (16 x 1025 float32 stays in L2). */
const BLOCK = 16;

/**
 * Visitor of {@link SpectralFrames.blocks}: frames `t0 .. t0 + count` frame-major,
 * `block[j * bins + k]` = bin k of frame `t0 + j` (scratch, valid during the call).
 */
export type SpectralBlockVisitor = (t0: number, count: number, block: Float32Array | Float64Array) => void;

/** Resolved input of a spectrogram-based feature. @internal */
export interface SpectralFrames {
  sr: number;
  nFft: number;
  bins: number;
  nFrames: number;
  /**
   * Hands the spectrogram out in frame-major blocks of up to 16 frames: float32 straight from
   * the FFT backend for a signal, the values of `S` (its own element type) for a given `S`.
   */
  blocks(visit: SpectralBlockVisitor): void;
  /** Calls `visit(t, column)` for every frame with a scratch Float64Array of `bins` values. */
  run(visit: (t: number, column: Float64Array) => void): void;
  /**
   * The spectrogram projected on a sparse filterbank, frame-major (`[t * fb.rows + m]`), where the
   * FFT backend does it in place (see `powerBands` in dsp/stft-blocks.ts); absent or `null` otherwise,
   * then project {@link SpectralFrames.blocks}. The same values either way. `into` may provide
   * the output array (see `powerBands`).
   */
  bands?(fb: SparseFilterbank, into?: Float32ArrayProvider): Float32Array | null;
}

/** {@link SpectralFrames.run} on top of {@link SpectralFrames.blocks}. */
function runColumns(bins: number, blocks: SpectralFrames['blocks'], visit: (t: number, column: Float64Array) => void): void {
  const col = new Float64Array(bins);
  blocks((t0, count, block) => {
    for (let j = 0; j < count; j++) {
      const o = j * bins;
      for (let k = 0; k < bins; k++) col[k] = block[o + k];
      visit(t0 + j, col);
    }
  });
}

/** Frame-major blocks of a bin-major matrix (exact values, same element type). */
function matrixBlocks(S: Matrix, visit: SpectralBlockVisitor): void {
  const { rows: bins, cols: T, data } = S;
  const n = Math.min(BLOCK, T) * bins;
  const block = data instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
  for (let t0 = 0; t0 < T; t0 += BLOCK) {
    const count = Math.min(BLOCK, T - t0);
    for (let k = 0; k < bins; k++) {
      const o = k * T + t0;
      for (let j = 0; j < count; j++) block[j * bins + k] = data[o + j];
    }
    visit(t0, count, block);
  }
}

/**
 * The FFT size of a precomputed spectrogram of `rows` bins, as librosa's `_spectrogram` takes it:
 * the given `nFft` where `1 + floor(nFft / 2)` is `rows` (an odd `nFft` too: 2047 and 2046 both
 * give 1024 bins, at different frequencies), else `2 * (rows - 1)` when none is given;
 * `BAD_SHAPE` for a given `nFft` that does not match (librosa would infer one). @internal
 */
export function nFftOfRows(rows: number, nFft: number | undefined): number {
  if (nFft === undefined || nFft === null) return 2 * (rows - 1);
  if (Math.floor(nFft / 2) + 1 !== rows) throw new MirkitError('BAD_SHAPE', `S has ${rows} rows, nFft ${nFft} needs ${Math.floor(nFft / 2) + 1}`, { rows });
  return nFft;
}

/**
 * librosa's `_spectrogram(y, S, n_fft, ..., power)` as a frame iterator: with `S` given its
 * columns are visited as they are (nFft: {@link nFftOfRows}), otherwise the frames of
 * `|stft(y)| ** power`. Validates `y`, `sr`, STFT options and `S`. @internal
 */
export function spectralFrames(y: unknown, opts: SpectralInputOptions, power: number): SpectralFrames {
  const sr = checkSampleRate(opts.sr ?? 22050);
  if (opts.S !== undefined && opts.S !== null) {
    const S = checkBoundedMatrix(opts.S, 'S');
    const bins = S.rows;
    if (bins < 2) throw new MirkitError('BAD_SHAPE', `S must have at least 2 frequency rows, got ${bins}`);
    const nFft = nFftOfRows(bins, opts.nFft);
    const nFrames = S.cols;
    const blocks = (visit: SpectralBlockVisitor): void => matrixBlocks(S, visit);
    return { sr, nFft, bins, nFrames, blocks, run: (visit) => runColumns(bins, blocks, visit) };
  }
  if (y === undefined || y === null) throw new MirkitError('EMPTY_INPUT', 'pass a signal y or a precomputed spectrogram S');
  const sig = checkSignal(y);
  // the feature functions default to hop 512 whatever nFft is (librosa's signatures), unlike
  // librosa.stft's winLength / 4
  const p = resolveStftOptions({ ...opts, hopLength: opts.hopLength ?? 512 });
  if (!p.center && sig.length < p.nFft) {
    throw new MirkitError('TOO_SHORT', `signal of ${sig.length} samples is shorter than nFft (${p.nFft}) with center=false`, {
      length: sig.length,
    });
  }
  const bins = Math.floor(p.nFft / 2) + 1;
  const half = Math.floor(p.nFft / 2);
  const padded = p.center ? sig.length + 2 * half : sig.length;
  const nFrames = 1 + Math.floor((padded - p.nFft) / p.hopLength);
  // the power is rounded to float32 as librosa's (and mirkit's `spectrogram`) S, so that
  // passing `S = spectrogram(y)` gives bit-identical features
  const blocks = (visit: SpectralBlockVisitor): void => {
    forEachPowerBlock(sig, p, power, visit);
  };
  const bands = (fb: SparseFilterbank, into?: Float32ArrayProvider): Float32Array | null => powerBands(sig, p, power, fb, into);
  return { sr, nFft: p.nFft, bins, nFrames, blocks, run: (visit) => runColumns(bins, blocks, visit), bands };
}
