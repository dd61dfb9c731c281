/**
 * The summed squared window of a weighted overlap-add (librosa's `window_sumsquare`), whole or over
 * a span: `wss[j] = sum of win[j - t hop]^2` over the frames t < nFrames covering sample j, added
 * frame by frame in order as the plain loop adds them. Where hop divides nFft, every sample covered
 * by all nFft / hop of its frames has the same sum for the same `j mod hop` (the same terms added in
 * the same order): those sums are computed once per phase; the edges add their frames. The same
 * values as the plain loop, bit for bit.
 */

/** `wss[j]` for the whole output, `total` samples. @internal */
export function windowSumSquare(win: ArrayLike<number>, nFft: number, hop: number, nFrames: number, total: number): Float64Array {
  const wss = new Float64Array(total);
  windowSumSquareSpan(win, nFft, hop, nFrames, 0, wss);
  return wss;
}

/** `out[i] = wss[from + i]` for i < out.length (positions past the last frame: 0). @internal */
export function windowSumSquareSpan(win: ArrayLike<number>, nFft: number, hop: number, nFrames: number, from: number, out: Float64Array): void {
  const win2 = new Float64Array(nFft);
  for (let i = 0; i < nFft; i++) win2[i] = win[i] * win[i];
  const to = from + out.length;
  const K = nFft / hop;
  // samples [lo, hi) are covered by K frames each (when hop divides nFft)
  const lo = (K - 1) * hop;
  const hi = nFrames * hop;
  const phased = Number.isInteger(K) && hi - lo >= 2 * hop;
  const a = phased ? Math.min(to, Math.max(from, lo)) : to;
  const b = phased ? Math.max(a, Math.min(to, hi)) : to;
  edges(win2, nFft, hop, nFrames, from, a, out, from);
  if (b > a) {
    // one phase's sum: frames in order, so the window index falls from r + (K - 1) hop to r
    const phase = new Float64Array(hop);
    for (let r = 0; r < hop; r++) {
      let acc = 0;
      for (let k = K - 1; k >= 0; k--) acc += win2[r + k * hop];
      phase[r] = acc;
    }
    for (let j = a, r = a % hop; j < b; j++) {
      out[j - from] = phase[r];
      if (++r === hop) r = 0;
    }
  }
  edges(win2, nFft, hop, nFrames, b, to, out, from);
}

/** `out[j - from]` for samples j in [a, b): the frames covering j, added in order. */
function edges(win2: Float64Array, nFft: number, hop: number, nFrames: number, a: number, b: number, out: Float64Array, from: number): void {
  for (let j = a; j < b; j++) {
    let acc = 0;
    const tLast = Math.min(nFrames - 1, Math.floor(j / hop));
    for (let t = Math.max(0, Math.ceil((j - nFft + 1) / hop)); t <= tLast; t++) acc += win2[j - t * hop];
    out[j - from] = acc;
  }
}
