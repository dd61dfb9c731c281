/**
 * The pYIN hidden Markov model's decoding: librosa's `sequence.viterbi` on the
 * `2 n` states (voiced pitch bins, then unvoiced ones) with the transition matrix
 * `kron(transition_loop(2, 1 - switchProb), transition_local(n, width, 'triangle'))`, done on its
 * banded structure.
 */
import { F64_TINY } from '../util/numeric.js';

/** log of numpy's `finfo(float64).tiny`, which librosa's viterbi adds before taking logs. */
const TINY = F64_TINY;
const LOG_TINY = Math.log(TINY);

/** scipy's symmetric `triang` window of `m` points (`get_window('triangle', m, fftbins=False)`). */
function triangle(m: number): Float64Array {
  const w = new Float64Array(m);
  const half = (m + 1) >> 1;
  for (let i = 1; i <= half; i++) {
    const v = m % 2 === 1 ? (2 * i) / (m + 1) : (2 * i - 1) / m;
    w[i - 1] = v;
    w[m - i] = v;
  }
  return w;
}

/**
 * The local transition matrix of `n` states (librosa's `sequence.transition_local(n, width,
 * window='triangle', wrap=False)`: row i a triangle of `width` points centred on i, cut at the
 * matrix edges, normalised to sum 1) in shift-invariant form: `T[k, j] = W[j - k] / rowSum[k]`.
 */
interface BandedTransition {
  /** `width >> 1`: the band reaches this far each side. */
  half: number;
  /** `log` of the window value at offset `d = j - k`, indexed `d + half`. */
  logW: Float64Array;
  /** `log` of each row's sum (the normalisation). */
  logRowSum: Float64Array;
}

function bandedTransition(n: number, width: number): BandedTransition {
  // row i: a centred triangle of `width` points, cut at the matrix edges, normalised to sum 1
  const win = triangle(width);
  const padded = new Float64Array(n);
  const lpad = Math.floor((n - width) / 2);
  for (let i = 0; i < width; i++) if (lpad + i >= 0 && lpad + i < n) padded[lpad + i] = win[i];
  const rowLo = new Int32Array(n);
  const rowHi = new Int32Array(n); // exclusive
  for (let i = 0; i < n; i++) {
    rowLo[i] = Math.max(0, i - (width >> 1));
    rowHi[i] = Math.min(n, i + (width >> 1) + 1);
  }
  // shift-invariant form: the window value at offset d = j - k, and each row's sum
  const half = width >> 1;
  const logW = new Float64Array(2 * half + 1);
  const nh = n >> 1;
  for (let d = -half; d <= half; d++) logW[d + half] = Math.log(padded[(((d - nh - 1) % n) + n) % n]);
  const logRowSum = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let c = rowLo[k]; c < rowHi[k]; c++) sum += padded[(((c - k - nh - 1) % n) + n) % n];
    logRowSum[k] = Math.log(sum);
  }
  return { half, logW, logRowSum };
}

/**
 * @internal Most likely state sequence of pYIN's HMM, equal to librosa's `sequence.viterbi(obs,
 * kron(transition_loop(2, 1 - switchProb), transition_local(n, width, 'triangle')), p_init)` with
 * `p_init` uniform over all `2n` states (librosa 0.11's pyin).
 *
 * librosa takes `log(T + tiny)` of the dense `2n x 2n` matrix, so a transition outside the band
 * costs `log(tiny)` rather than being impossible; here each target state takes the best of its
 * band's sources and of the best state overall plus `log(tiny)`, which is the same maximum at
 * `O(n * width)` instead of `O(n^2)` per frame.
 *
 * @param observe - writes frame t's observation probabilities of the `2n` states into `out`
 *   (voiced states 0..n-1, unvoiced n..2n-1)
 * @param nFrames - number of frames
 * @param n - pitch bins
 * @param width - transition width in bins
 * @param switchProb - probability of switching between voiced and unvoiced
 * @returns the decoded state of each frame
 */
export function pyinViterbi(observe: (t: number, out: Float64Array) => void, nFrames: number, n: number, width: number, switchProb: number): Int32Array {
  const S = 2 * n;
  const tr = bandedTransition(n, width);
  // log(p * T + tiny) = log p + log T within rounding, for p = stay or switch
  const stay = 1 - switchProb;
  const logStay = Math.log(stay);
  const logSwitch = Math.log(1 - stay); // transition_loop(2, 1 - switchProb): off-diagonal (1 - p) / (2 - 1)
  let prev = new Float64Array(S);
  let cur = new Float64Array(S);
  // back-pointers: 2 bytes per state and frame where they fit (as librosa's uint16), 4 otherwise
  const ptr = S <= 65536 ? new Uint16Array(nFrames * S) : new Int32Array(nFrames * S);
  const bestV = new Float64Array(S); // per source half a and target bin j: max_k prev[a n + k] + log T[k, j]
  const bestK = new Int32Array(S);
  // log T[k, j] = logW[j - k + h] - logRowSum[k] (the triangle is shift-invariant; rows are
  // normalised by their sums, smaller at the edges). With u[k] = prev[k] - logRowSum[k] the best
  // source of target j is argmax_k u[k] + logW[j - k + h] over |j - k| <= h: a max-plus
  // convolution with a concave kernel, whose (leftmost) argmax is non-decreasing in j, found for
  // all j by divide and conquer in O(n log n) instead of O(n h).
  const h = tr.half;
  const logW = tr.logW;
  const logRowSum = tr.logRowSum;
  const u = new Float64Array(n);
  const rowMaxima = (uu: Float64Array, jlo: number, jhi: number, klo: number, khi: number, a: number): void => {
    if (jlo > jhi) return;
    const mid = (jlo + jhi) >> 1;
    const k0 = Math.max(klo, mid - h);
    const k1 = Math.min(khi, mid + h);
    let best = -Infinity;
    let arg = k0;
    for (let k = k0; k <= k1; k++) {
      const v = uu[k] + logW[mid - k + h];
      if (v > best) {
        best = v;
        arg = k;
      }
    }
    bestV[a + mid] = best;
    bestK[a + mid] = a + arg;
    rowMaxima(uu, jlo, mid - 1, klo, arg, a);
    rowMaxima(uu, mid + 1, jhi, arg, khi, a);
  };
  const logInit = Math.log(1 / S + TINY);
  const obs = new Float64Array(S);
  observe(0, obs);
  for (let s = 0; s < S; s++) prev[s] = Math.log(obs[s] + TINY) + logInit;
  for (let t = 1; t < nFrames; t++) {
    // best state overall (first index of the maximum), for the out-of-band transitions
    let g = 0;
    for (let s = 1; s < S; s++) if (prev[s] > prev[g]) g = s;
    const outside = prev[g] + LOG_TINY;
    for (let a = 0; a < S; a += n) {
      for (let k = 0; k < n; k++) u[k] = prev[a + k] - logRowSum[k];
      rowMaxima(u, 0, n - 1, 0, n - 1, a);
    }
    const o = t * S;
    observe(t, obs);
    for (let s = 0; s < S; s++) {
      const j = s < n ? s : s - n;
      // sources in state order: voiced half first (librosa's argmax keeps the first maximum)
      let best = bestV[j] + (s < n ? logStay : logSwitch);
      let arg = bestK[j];
      const v = bestV[n + j] + (s < n ? logSwitch : logStay);
      if (v > best) {
        best = v;
        arg = bestK[n + j];
      }
      if (outside > best) {
        best = outside;
        arg = g;
      }
      cur[s] = Math.log(obs[s] + TINY) + best;
      ptr[o + s] = arg;
    }
    const tmp = prev;
    prev = cur;
    cur = tmp;
  }
  const states = new Int32Array(nFrames);
  let last = 0;
  for (let s = 1; s < S; s++) if (prev[s] > prev[last]) last = s;
  states[nFrames - 1] = last;
  for (let t = nFrames - 1; t > 0; t--) states[t - 1] = ptr[t * S + states[t]];
  return states;
}
