/**
 * The pYIN hidden Markov model's decoding: librosa's `sequence.viterbi` on the
 * `2 n` states (voiced pitch bins, then unvoiced ones) with the transition matrix
 * `kron(transition_loop(2, 1 - switchProb), transition_local(n, width, 'triangle'))`, done on its
 * banded structure.
 */

/** log of numpy's `finfo(float64).tiny`, which librosa's viterbi adds before taking logs. */
const TINY = 2.2250738585072014e-308;
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
 * Banded local transition matrix of `n` states (librosa's `sequence.transition_local(n, width,
 * window='triangle', wrap=False)`), stored by column: for target state j, the sources are
 * `colLo[j] .. colLo[j] + colLen[j] - 1` and `logT[j * stride + (k - colLo[j])]` is `log T[k, j]`.
 */
interface BandedTransition {
  colLo: Int32Array;
  colLen: Int32Array;
  stride: number;
  logT: Float64Array;
}

function bandedTransition(n: number, width: number): BandedTransition {
  // row i: a centred triangle of `width` points, cut at the matrix edges, normalised to sum 1
  const win = triangle(width);
  const padded = new Float64Array(n);
  const lpad = Math.floor((n - width) / 2);
  for (let i = 0; i < width; i++) if (lpad + i >= 0 && lpad + i < n) padded[lpad + i] = win[i];
  const rowLo = new Int32Array(n);
  const rowHi = new Int32Array(n); // exclusive
  const rowVals: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const shift = (n >> 1) + i + 1; // np.roll by shift
    const lo = Math.max(0, i - (width >> 1));
    const hi = Math.min(n, i + (width >> 1) + 1);
    const vals = new Float64Array(Math.max(0, hi - lo));
    let sum = 0;
    for (let c = lo; c < hi; c++) {
      const v = padded[(((c - shift) % n) + n) % n];
      vals[c - lo] = v;
      sum += v;
    }
    for (let c = 0; c < vals.length; c++) vals[c] /= sum;
    rowLo[i] = lo;
    rowHi[i] = hi;
    rowVals.push(vals);
  }
  // columns: sources k with rowLo[k] <= j < rowHi[k] (contiguous, both bounds are monotone in k)
  const colLo = new Int32Array(n);
  const colLen = new Int32Array(n);
  let k0 = 0;
  let stride = 0;
  for (let j = 0; j < n; j++) {
    while (k0 < n && rowHi[k0] <= j) k0++;
    let k1 = k0;
    while (k1 < n && rowLo[k1] <= j) k1++;
    colLo[j] = k0;
    colLen[j] = k1 - k0;
    stride = Math.max(stride, k1 - k0);
  }
  const logT = new Float64Array(n * stride).fill(LOG_TINY);
  for (let j = 0; j < n; j++) {
    for (let q = 0; q < colLen[j]; q++) {
      const k = colLo[j] + q;
      logT[j * stride + q] = Math.log(rowVals[k][j - rowLo[k]]);
    }
  }
  return { colLo, colLen, stride, logT };
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
 * @param obs - frame-major observation probabilities `obs[t * 2n + s]` (voiced states 0..n-1, unvoiced n..2n-1)
 * @param nFrames - number of frames
 * @param n - pitch bins
 * @param width - transition width in bins
 * @param switchProb - probability of switching between voiced and unvoiced
 * @returns the decoded state of each frame
 */
export function pyinViterbi(obs: Float64Array, nFrames: number, n: number, width: number, switchProb: number): Int32Array {
  const S = 2 * n;
  const { colLo, colLen, stride, logT } = bandedTransition(n, width);
  // log(p * T + tiny) = log p + log T within rounding, for p = stay or switch
  const stay = 1 - switchProb;
  const logStay = Math.log(stay);
  const logSwitch = Math.log(1 - stay); // transition_loop(2, 1 - switchProb): off-diagonal (1 - p) / (2 - 1)
  let prev = new Float64Array(S);
  let cur = new Float64Array(S);
  const ptr = new Int32Array(nFrames * S);
  const bestV = new Float64Array(S); // per source half a and target bin j: max_k prev[a n + k] + log T[k, j]
  const bestK = new Int32Array(S);
  const logInit = Math.log(1 / S + TINY);
  for (let s = 0; s < S; s++) prev[s] = Math.log(obs[s] + TINY) + logInit;
  for (let t = 1; t < nFrames; t++) {
    // best state overall (first index of the maximum), for the out-of-band transitions
    let g = 0;
    for (let s = 1; s < S; s++) if (prev[s] > prev[g]) g = s;
    const outside = prev[g] + LOG_TINY;
    for (let a = 0; a < S; a += n) {
      for (let j = 0; j < n; j++) {
        const lo = a + colLo[j];
        const len = colLen[j];
        const base = j * stride;
        let best = -Infinity;
        let arg = lo;
        for (let q = 0; q < len; q++) {
          const v = prev[lo + q] + logT[base + q];
          if (v > best) {
            best = v;
            arg = lo + q;
          }
        }
        bestV[a + j] = best;
        bestK[a + j] = arg;
      }
    }
    const o = t * S;
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
      cur[s] = Math.log(obs[o + s] + TINY) + best;
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
