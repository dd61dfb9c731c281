import { MirkitError } from '../errors.js';
import { checkNumber, checkPositiveInt, checkSampleRate, type Signal } from '../validate.js';
import { getWindow } from '../dsp/windows.js';
import type { OnsetStrengthOptions } from './onset.js';
import { envelopeFrom } from './onset-envelope.js';
import { fourierTempoFrequencies, fourierTempogramFrames } from './fourier-tempogram.js';
import { F32_TINY } from '../util/numeric.js';
import { readOptions } from '../options.js';
import type { FftOption } from '../dsp/fft.js';
import { overlapAddKernel } from '../dsp/tempo-kernels.js';
import { PLP_OPTIONS } from '../option-keys.js';

/** Options of {@link plp} (librosa.beat.plp's names and defaults). */
export interface PlpOptions extends Omit<OnsetStrengthOptions, 'center' | 'window'> {
  /** Precomputed onset strength envelope; replaces `y`. Default `onsetStrength(y, { aggregate: 'median' })`. */
  onsetEnvelope?: Float32Array | Float64Array | number[];
  /** Lowest tempo (BPM) considered; `null` for none. Default 30. */
  tempoMin?: number | null;
  /** Highest tempo (BPM) considered; `null` for none. Default 300. */
  tempoMax?: number | null;
  /** Window length in onset frames of the Fourier tempogram. Default 384. */
  winLength?: number;
  /** Log-density of a tempo prior (BPM -> log p), added to the log-magnitudes (librosa's `prior.logpdf`). Default none. */
  prior?: (bpm: number) => number;
}

const SQRT_F32_TINY = Math.fround(Math.sqrt(F32_TINY));

/**
 * Predominant local pulse (Grosche & Müller 2011), equal to `librosa.beat.plp`: in each frame
 * of the {@link fourierTempogram} of the onset envelope only the strongest tempo bin within
 * [`tempoMin`, `tempoMax`] is kept (by `log1p(1e6 |F|)` plus the optional prior), scaled to unit
 * magnitude as librosa does (by `|max|` of the column, numpy's complex maximum: largest real part,
 * so a column whose kept value has a negative real part is divided by `sqrt(tiny)` instead and
 * dominates, exactly as in librosa), inverted by overlap-add (istft, hop 1, hann) to a
 * sinusoidal pulse curve, half-wave rectified and normalised to a maximum of 1.
 *
 * The envelope, unless given, is `onsetStrength(y, { aggregate: 'median' })`, as in librosa's plp.
 *
 * Output: one value per onset frame, Float32Array in [0, 1].
 *
 * Measured against librosa 0.11 on the six fixture clips (`../shared/fixtures`): normalised max error 1.0e-6.
 *
 * @param y - mono signal (may be `null` when `opts.onsetEnvelope` is given)
 * @throws MirkitError `EMPTY_INPUT`, `NON_FINITE`, `BAD_SAMPLE_RATE`, `BAD_OPTION` (tempoMax <= tempoMin, a Fourier
 *   tempogram of more than 2^28 values)
 * @example
 * ```ts
 * const pulse = plp(y, { sr: 22050 });
 * const beats = localMaxima(pulse); // beat candidates
 * ```
 */
export function plp(y: Signal | null, opts: PlpOptions = {}): Float32Array {
  opts = readOptions('plp', opts, PLP_OPTIONS);
  const sr = checkSampleRate(opts.sr ?? 22050);
  const hop = checkPositiveInt(opts.hopLength ?? 512, 'hopLength');
  const N = checkPositiveInt(opts.winLength ?? 384, 'winLength');
  const tempoMin = opts.tempoMin === undefined ? 30 : opts.tempoMin;
  const tempoMax = opts.tempoMax === undefined ? 300 : opts.tempoMax;
  if (tempoMin !== null) checkNumber(tempoMin, 'tempoMin');
  if (tempoMax !== null) checkNumber(tempoMax, 'tempoMax');
  if (tempoMin !== null && tempoMax !== null && tempoMax <= tempoMin) {
    throw new MirkitError('BAD_OPTION', `tempoMax=${tempoMax} must be larger than tempoMin=${tempoMin}`, { option: 'tempoMax' });
  }
  const { tempoMin: _a, tempoMax: _b, winLength: _w, prior: _p, ...rest } = opts;
  // librosa's plp computes its envelope with aggregate=np.median (unlike onset_detect and tempo)
  const env = envelopeFrom(y, { aggregate: 'median', ...rest, sr, hopLength: hop });
  const n = env.length;
  // frame-major planes: every loop below walks one frame's bins
  const F = fourierTempogramFrames(null, { onsetEnvelope: env, sr, hopLength: hop, winLength: N, fft: opts.fft });
  const { rows: bins, cols: T } = F;
  const freqs = fourierTempoFrequencies({ sr, hopLength: hop, winLength: N });
  const allowed = new Uint8Array(bins);
  const logPrior = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    allowed[k] = (tempoMin === null || freqs[k] >= tempoMin) && (tempoMax === null || freqs[k] <= tempoMax) ? 1 : 0;
    if (opts.prior) {
      const v = opts.prior(freqs[k]);
      logPrior[k] = typeof v === 'number' && !Number.isNaN(v) ? v : -Infinity;
    }
  }
  const f = Math.fround;
  // per frame: the kept bins (value scaled) -> their contribution to the pulse by overlap-add
  const win = getWindow('hann', N);
  const cosT = new Float64Array(N),
    sinT = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    cosT[i] = Math.cos((2 * Math.PI * i) / N);
    sinT[i] = Math.sin((2 * Math.PI * i) / N);
  }
  const half = N >> 1;
  const sums = inverseBinSums(n, win, cosT, sinT, opts.fft);
  let out: Float64Array;
  try {
    if (opts.prior) pulseWithPrior(F, allowed, logPrior, sums.addBin);
    else pulseOfPeaks(F, allowed, sums.addBin);
    out = sums.result();
  } finally {
    sums.release();
  }
  // divide by the summed squared window where it is not tiny (istft), rectify, normalise
  // summed squared window at padded position q: frames f in [max(0, q - N + 1), min(T - 1, q)],
  // window indices q - f, i.e. a range of the prefix sums of w^2
  const cum = new Float64Array(N + 1);
  for (let j = 0; j < N; j++) cum[j + 1] = cum[j] + win[j] * win[j];
  let maxAbs = 0;
  const pulse = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const q = i + half; // position in the padded signal; frames f = 0..T-1 cover [f, f + N)
    const s = cum[Math.min(q, N - 1) + 1] - cum[Math.max(0, q - T + 1)];
    let v = f(out[i]);
    if (f(s) > F32_TINY) v = f(v / f(s));
    v = v > 0 ? v : 0;
    pulse[i] = v;
    if (v > maxAbs) maxAbs = v;
  }
  if (maxAbs >= F32_TINY) for (let i = 0; i < n; i++) pulse[i] = pulse[i] / maxAbs;
  return pulse;
}

/** Frame-major Fourier tempogram planes with magnitudes, as {@link fourierTempogramFrames} gives them. */
type TempogramFrames = ReturnType<typeof fourierTempogramFrames>;

/**
 * The pulse without a prior: in each frame only the allowed bins whose `log1p(1e6 |F|)` (float32) equals the
 * frame's largest are kept. That log is non-decreasing in |F|, so the largest is the largest magnitude's, and
 * only magnitudes within 1e-4 of it can round to the same float32 value: only they take the log. The
 * kept values, divided by numpy's complex maximum of the column after zeroing (the largest real part, then
 * imaginary, over the kept values and the zeros of the other bins), go to the pulse by overlap-add, in bin order.
 */
function pulseOfPeaks(F: TempogramFrames, allowed: Uint8Array, addBin: AddBin): void {
  const { rows: bins, cols: T, re, im, mag } = F;
  const f = Math.fround;
  const allowedBins = Int32Array.from(Array.from(allowed).flatMap((a, k) => (a ? [k] : [])));
  const kept = new Int32Array(bins);
  for (let t = 0, row = 0; t < T; t++, row += bins) {
    let top = 0;
    for (let j = 0; j < allowedBins.length; j++) if (mag[row + allowedBins[j]] > top) top = mag[row + allowedBins[j]];
    // a silent frame keeps zeros only: they add nothing
    if (top === 0) continue;
    const peak = f(Math.log1p(f(1e6 * top)));
    const near = top * (1 - 1e-4);
    let nKept = 0;
    for (let j = 0; j < allowedBins.length; j++) {
      const k = allowedBins[j];
      const m = mag[row + k];
      if (m >= near && !(f(Math.log1p(f(1e6 * m))) < peak)) kept[nKept++] = k;
    }
    // the zeros of the bins not kept take part in the maximum too
    let mr = nKept < bins ? 0 : -Infinity,
      mi = nKept < bins ? 0 : -Infinity;
    for (let j = 0; j < nKept; j++) {
      const vr = re[row + kept[j]],
        vi = im[row + kept[j]];
      if (vr > mr || (vr === mr && vi > mi)) {
        mr = vr;
        mi = vi;
      }
    }
    const denom = f(SQRT_F32_TINY + f(Math.sqrt(mr * mr + mi * mi)));
    for (let j = 0; j < nKept; j++) {
      const k = kept[j];
      const cr = f(re[row + k] / denom),
        ci = f(im[row + k] / denom);
      if (cr === 0 && ci === 0) continue;
      addBin(t, k, cr, ci);
    }
  }
}

/** The pulse with a prior: the allowed bins whose `log1p(1e6 |F|)` (float32) plus the log-prior is the frame's largest are kept. */
function pulseWithPrior(F: TempogramFrames, allowed: Uint8Array, logPrior: Float64Array, addBin: AddBin): void {
  const { rows: bins, cols: T, re, im, mag } = F;
  const f = Math.fround;
  const score = new Float64Array(bins);
  for (let t = 0, row = 0; t < T; t++, row += bins) {
    let peak = -Infinity;
    for (let k = 0; k < bins; k++) {
      const v = (allowed[k] ? f(Math.log1p(f(1e6 * mag[row + k]))) : 0) + logPrior[k];
      score[k] = v;
      if (v > peak) peak = v;
    }
    // numpy's complex max over the column after zeroing: largest real part, then imaginary
    let mr = -Infinity,
      mi = -Infinity;
    for (let k = 0; k < bins; k++) {
      const keep = allowed[k] && !(score[k] < peak);
      const vr = keep ? re[row + k] : 0,
        vi = keep ? im[row + k] : 0;
      if (vr > mr || (vr === mr && vi > mi)) {
        mr = vr;
        mi = vi;
      }
    }
    const denom = f(SQRT_F32_TINY + f(Math.sqrt(mr * mr + mi * mi)));
    for (let k = 0; k < bins; k++) {
      if (!allowed[k] || score[k] < peak) continue;
      const cr = f(re[row + k] / denom),
        ci = f(im[row + k] / denom);
      if (cr === 0 && ci === 0) continue;
      addBin(t, k, cr, ci);
    }
  }
}

/** Adds frame t's windowed inverse real DFT of the single bin k (value cr + i ci) to the pulse sums. */
type AddBin = (t: number, k: number, cr: number, ci: number) => void;

/**
 * The pulse sums (`length` float64 outputs) and their `addBin`: frame t's windowed inverse real DFT of a
 * single bin k (value cr + i ci; numpy's irfft ignores the imaginary part of bins 0 and N/2), frame t
 * covering output samples `t - N/2 .. t + N/2 - 1` (centred istft, hop 1), added sample by sample. On the
 * wasm path the sums live in wasm memory (`overlapAddKernel`, the same products and sums); call `release`.
 */
function inverseBinSums(
  length: number,
  win: Float64Array,
  cosT: Float64Array,
  sinT: Float64Array,
  fft: FftOption | undefined,
): { addBin: AddBin; result(): Float64Array; release(): void } {
  const N = win.length;
  const half = N >> 1;
  const kernel = overlapAddKernel(length, win, cosT, sinT, fft);
  const out = kernel ? new Float64Array(0) : new Float64Array(length);
  const addBin: AddBin = (t, k, cr, ci) => {
    const edge = k === 0 || (N % 2 === 0 && k === half);
    const a = ((edge ? 1 : 2) * cr) / N;
    const b = edge ? 0 : (2 * ci) / N;
    const j0 = Math.max(0, half - t),
      j1 = Math.min(N, length + half - t);
    if (j1 <= j0) return;
    let idx = (j0 * k) % N;
    if (kernel) {
      kernel.add(t + j0 - half, j0, j1 - j0, idx, k, a, b);
      return;
    }
    for (let j = j0; j < j1; j++) {
      out[t + j - half] += win[j] * (a * cosT[idx] - b * sinT[idx]);
      idx += k;
      if (idx >= N) idx -= N;
    }
  };
  return {
    addBin,
    result: () => (kernel ? kernel.result() : out),
    release: () => kernel?.release(),
  };
}
