import { MirkitError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkMatrix, checkSampleRate, checkSignal } from '../validate.js';
import { forEachSpectrumFrame, resolveStftOptions, type StftOptions } from '../dsp/stft.js';

/** STFT options shared by the spectrogram-based features, plus librosa's precomputed `S`. @internal */
export interface SpectralInputOptions extends StftOptions {
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** Hop between frames in samples. Default 512 (librosa's feature default, whatever `nFft` is). */
  hopLength?: number;
  /** Precomputed spectrogram (rows = `1 + nFft/2` bins, cols = frames); replaces `y`. */
  S?: Matrix;
}

/** Resolved input of a spectrogram-based feature. @internal */
export interface SpectralFrames {
  sr: number;
  nFft: number;
  bins: number;
  nFrames: number;
  /** Calls `visit(t, column)` for every frame with a scratch Float64Array of `bins` values. */
  run(visit: (t: number, column: Float64Array) => void): void;
}

/**
 * librosa's `_spectrogram(y, S, n_fft, ..., power)` as a frame iterator: with `S` given its
 * columns are visited as they are (nFft inferred as `2 * (rows - 1)`), otherwise the frames of
 * `|stft(y)| ** power`. Validates `y`, `sr`, STFT options and `S`. @internal
 */
export function spectralFrames(y: unknown, opts: SpectralInputOptions, power: number): SpectralFrames {
  const sr = checkSampleRate(opts.sr ?? 22050);
  if (opts.S !== undefined && opts.S !== null) {
    const S = checkMatrix(opts.S, 'S');
    const bins = S.rows;
    const nFft = 2 * (bins - 1);
    if (opts.nFft !== undefined && Math.floor(opts.nFft / 2) + 1 !== bins) {
      throw new MirkitError('BAD_SHAPE', `S has ${bins} rows but nFft ${opts.nFft} needs ${Math.floor(opts.nFft / 2) + 1}: pass a spectrogram made with the same nFft`, {
        rows: bins,
      });
    }
    if (bins < 2) throw new MirkitError('BAD_SHAPE', `S must have at least 2 frequency rows, got ${bins}`);
    const nFrames = S.cols;
    return {
      sr,
      nFft,
      bins,
      nFrames,
      run(visit) {
        const col = new Float64Array(bins);
        const d = S.data;
        for (let t = 0; t < nFrames; t++) {
          for (let k = 0, i = t; k < bins; k++, i += nFrames) col[k] = d[i];
          visit(t, col);
        }
      },
    };
  }
  if (y === undefined || y === null) throw new MirkitError('EMPTY_INPUT', 'pass a signal y or a precomputed spectrogram S');
  const sig = checkSignal(y);
  // the feature functions default to hop 512 whatever nFft is (librosa's signatures), unlike
  // librosa.stft's winLength / 4
  const p = resolveStftOptions({ ...opts, hopLength: opts.hopLength ?? 512 });
  if (!p.center && sig.length < p.nFft) {
    throw new MirkitError('TOO_SHORT', `signal of ${sig.length} samples is shorter than nFft (${p.nFft}) with center=false; use center=true or a smaller nFft`, {
      length: sig.length,
    });
  }
  const bins = Math.floor(p.nFft / 2) + 1;
  const half = Math.floor(p.nFft / 2);
  const padded = p.center ? sig.length + 2 * half : sig.length;
  const nFrames = 1 + Math.floor((padded - p.nFft) / p.hopLength);
  return {
    sr,
    nFft: p.nFft,
    bins,
    nFrames,
    run(visit) {
      const col = new Float64Array(bins);
      forEachSpectrumFrame(sig, p, (t, re, im) => {
        // rounded to float32 as librosa's (and mirkit's `spectrogram`) S, so that passing
        // `S = spectrogram(y)` gives bit-identical features
        if (power === 2) for (let k = 0; k < bins; k++) col[k] = Math.fround(re[k] * re[k] + im[k] * im[k]);
        else if (power === 1) for (let k = 0; k < bins; k++) col[k] = Math.fround(Math.sqrt(re[k] * re[k] + im[k] * im[k]));
        else for (let k = 0; k < bins; k++) col[k] = Math.fround(Math.pow(re[k] * re[k] + im[k] * im[k], power / 2));
        visit(t, col);
      });
    },
  };
}
