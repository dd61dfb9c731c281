import { describe, expect, it } from 'vitest';
import { pyinViterbi } from '../../src/features/pitch-hmm.js';

/**
 * The dense reference: librosa's sequence.viterbi on kron(transition_loop(2, 1 - switch),
 * transition_local(n, width, 'triangle', wrap=False)) with log(x + tiny) everywhere, p_init uniform.
 */
function denseViterbi(obs: Float64Array, T: number, n: number, width: number, sw: number): Int32Array {
  const S = 2 * n;
  const tiny = 2.2250738585072014e-308;
  // scipy triang (odd/even), pad_center, roll, cut, normalise — built densely here
  const win = new Float64Array(width);
  const half = (width + 1) >> 1;
  for (let i = 1; i <= half; i++) {
    const v = width % 2 === 1 ? (2 * i) / (width + 1) : (2 * i - 1) / width;
    win[i - 1] = v;
    win[width - i] = v;
  }
  const local: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array(n).fill(0);
    const padded = new Array(n).fill(0);
    const lpad = Math.floor((n - width) / 2);
    for (let q = 0; q < width; q++) padded[lpad + q] = win[q];
    const shift = (n >> 1) + i + 1;
    for (let c = 0; c < n; c++) row[(c + shift) % n] = padded[c];
    for (let c = Math.min(n, i + (width >> 1) + 1); c < n; c++) row[c] = 0;
    for (let c = 0; c < Math.max(0, i - (width >> 1)); c++) row[c] = 0;
    const sum = row.reduce((a, b) => a + b, 0);
    local.push(row.map((v) => v / sum));
  }
  const stay = 1 - sw;
  const logT = (a: number, b: number): number => {
    const p = a < n === b < n ? stay : 1 - stay;
    return Math.log(p * local[a % n][b % n] + tiny);
  };
  let prev = new Float64Array(S);
  for (let s = 0; s < S; s++) prev[s] = Math.log(obs[s] + tiny) + Math.log(1 / S + tiny);
  const ptr = new Int32Array(T * S);
  for (let t = 1; t < T; t++) {
    const cur = new Float64Array(S);
    for (let j = 0; j < S; j++) {
      let best = -Infinity,
        arg = 0;
      for (let k = 0; k < S; k++) {
        const v = prev[k] + logT(k, j);
        if (v > best) {
          best = v;
          arg = k;
        }
      }
      cur[j] = Math.log(obs[t * S + j] + tiny) + best;
      ptr[t * S + j] = arg;
    }
    prev = cur;
  }
  const out = new Int32Array(T);
  let last = 0;
  for (let s = 1; s < S; s++) if (prev[s] > prev[last]) last = s;
  out[T - 1] = last;
  for (let t = T - 1; t > 0; t--) out[t - 1] = ptr[t * S + out[t]];
  return out;
}

/** Sparse pYIN-like observations: a few voiced candidates per frame, the rest unvoiced mass; some frames jump far. */
function observations(T: number, n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const rnd = (): number => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const S = 2 * n;
  const obs = new Float64Array(T * S);
  let centre = Math.floor(n / 2);
  for (let t = 0; t < T; t++) {
    if (rnd() < 0.2) centre = Math.floor(rnd() * n); // far jumps need the out-of-band log(tiny) transitions
    let vp = 0;
    const k = Math.floor(rnd() * 3);
    for (let c = 0; c < k; c++) {
      const bin = Math.min(n - 1, Math.max(0, centre + Math.floor((rnd() - 0.5) * 8)));
      const p = rnd() * 0.4;
      obs[t * S + bin] = p;
    }
    for (let b = 0; b < n; b++) vp += obs[t * S + b];
    vp = Math.min(1, vp);
    for (let b = n; b < S; b++) obs[t * S + b] = (1 - vp) / n;
  }
  return obs;
}

describe('pyinViterbi', () => {
  it('equals the dense Viterbi of librosa (log(T + tiny) everywhere) on random sparse observations', () => {
    for (const [n, width, seed] of [
      [40, 11, 1],
      [37, 9, 2],
      [30, 31, 3],
      [25, 8, 4],
      [130, 101, 5],
      [61, 20, 6],
    ] as const) {
      const T = 60;
      const obs = observations(T, n, seed);
      const S = 2 * n;
      const a = pyinViterbi((t, out) => out.set(obs.subarray(t * S, (t + 1) * S)), T, n, width, 0.01);
      const b = denseViterbi(obs, T, n, width, 0.01);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });
});
