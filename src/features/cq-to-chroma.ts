/**
 * Folding of constant-Q bins onto pitch classes (`librosa.filters.cq_to_chroma`).
 */
import { MirkitError } from '../errors.js';
import { checkWorkSize, type Matrix } from '../matrix.js';
import { checkNumber, checkPositiveInt } from '../validate.js';
import { roundHalfEven } from '../util/numeric.js';
import { C1_HZ } from './cqt-kernel.js';
import { readOptions } from '../options.js';
import { CQ_TO_CHROMA_OPTIONS } from '../option-keys.js';

/** Options of {@link cqToChroma} (librosa.filters.cq_to_chroma's names and defaults). */
export interface CqToChromaOptions {
  /** Bins per octave of the CQT (default 12); must be a multiple of `nChroma`. */
  binsPerOctave?: number;
  /** Number of chroma bins (default 12). */
  nChroma?: number;
  /** Centre frequency of the first CQT bin (default C1); decides the rotation. */
  fmin?: number;
  /** Start the chroma at C (default true) instead of A. */
  baseC?: boolean;
}

/**
 * The `nChroma x nInput` matrix folding CQT bins onto pitch classes, as
 * `librosa.filters.cq_to_chroma`: every CQT bin contributes with weight 1 to one chroma bin
 * (the `binsPerOctave / nChroma` bins around each semitone are merged), rotated so that row 0
 * is C (or A with `baseC: false`) given the CQT's `fmin`.
 *
 * @param nInput - number of CQT bins
 * @param opts - {@link CqToChromaOptions}: `binsPerOctave` 12, `nChroma` 12, `fmin` C1, `baseC` true
 * @returns Float32 {@link Matrix} `nChroma x nInput`
 * @throws MirkitError `BAD_OPTION` for a bad `nInput` or option, `binsPerOctave` not a multiple of
 *   `nChroma`, or a matrix of more than `MAX_MATRIX_VALUES` (2^28) values (checked before allocating).
 * @example
 * ```ts
 * const M = cqToChroma(252, { binsPerOctave: 36 });
 * ```
 */
export function cqToChroma(nInput: number, opts: CqToChromaOptions = {}): Matrix {
  opts = readOptions('cqToChroma', opts, CQ_TO_CHROMA_OPTIONS);
  checkPositiveInt(nInput, 'nInput');
  const bpo = checkPositiveInt(opts.binsPerOctave ?? 12, 'binsPerOctave');
  const nChroma = checkPositiveInt(opts.nChroma ?? 12, 'nChroma');
  checkWorkSize(nChroma, nInput, 'chroma folding matrix');
  const fmin = checkNumber(opts.fmin ?? C1_HZ, 'fmin', Number.MIN_VALUE);
  const nMerge = bpo / nChroma;
  if (!Number.isInteger(nMerge)) {
    throw new MirkitError('BAD_OPTION', `incompatible CQ merge: binsPerOctave (${bpo}) must be an integer multiple of nChroma (${nChroma})`, {
      option: 'binsPerOctave',
    });
  }
  const map = chromaIndexMap(nInput, bpo, nChroma, fmin, opts.baseC ?? true);
  const data = new Float32Array(nChroma * nInput);
  for (let j = 0; j < nInput; j++) data[map[j] * nInput + j] = 1;
  return { rows: nChroma, cols: nInput, data };
}

/** @internal The chroma row each CQT bin folds onto (the single 1 in each column of cq_to_chroma). */
export function chromaIndexMap(nInput: number, bpo: number, nChroma: number, fmin: number, baseC: boolean): Int32Array {
  const nMerge = bpo / nChroma;
  const shift = Math.floor(nMerge / 2);
  const midi = 12 * (Math.log2(fmin) - Math.log2(440)) + 69;
  let midi0 = midi % 12;
  if (midi0 < 0) midi0 += 12;
  const roll = roundHalfEven((baseC ? midi0 : midi0 - 9) * (nChroma / 12));
  const out = new Int32Array(nInput);
  for (let j = 0; j < nInput; j++) {
    const jj = ((j % bpo) + shift) % bpo;
    const row = Math.floor(jj / nMerge);
    out[j] = (((row + roll) % nChroma) + nChroma) % nChroma;
  }
  return out;
}
