/**
 * Time-domain stages of the resampler: a polyphase filter for rational ratios, and one stage with
 * the kernel tabulated finely and linearly interpolated for any other ratio.
 */
import { cached, type Kernel, kernelAt } from './resample-kernel.js';
import { dot, type Out, type Seg, window64 } from './resample-segment.js';

/**
 * Polyphase resampling by L/M: `out[i] = gain * sum_k h(t_i - k) s[k]` with output time
 * `t_i = (i0 + i) * M / L` in input samples, for i < count.
 */
export function polyphase(seg: Seg, L: number, M: number, kernel: Kernel, i0: number, count: number, gain: number, out: Out): void {
  if (count <= 0) return;
  const K = Math.ceil(kernel.half);
  const W = 2 * K; // taps per output: k = base-K+1 .. base+K
  const table = cached(
    `poly:${kernel.key}:${L}`,
    () => {
      const t = new Float64Array(L * W);
      for (let p = 0; p < L; p++) for (let j = 0; j < W; j++) t[p * W + j] = kernelAt(kernel, p / L + K - 1 - j);
      return t;
    },
    (t) => t.length,
  );
  const pos0 = i0 * M;
  let base = Math.floor(pos0 / L);
  let p = pos0 - base * L;
  const lastBase = Math.floor(((i0 + count - 1) * M) / L);
  const lo = base - K + 1;
  const xp = window64(seg, lo, lastBase + K - lo + 1);
  const mDiv = Math.floor(M / L);
  const mRem = M - mDiv * L;
  for (let i = 0; i < count; i++) {
    out[i] = dot(table, p * W, xp, base - K + 1 - lo, W) * gain;
    base += mDiv;
    p += mRem;
    if (p >= L) {
      p -= L;
      base++;
    }
  }
}

/** Any ratio: the kernel tabulated finely (2048 points per zero crossing) and linearly interpolated. */
export function interpolated(seg: Seg, step: number, kernel: Kernel, count: number, gain: number, out: Out): void {
  const K = Math.ceil(kernel.half);
  const W = 2 * K;
  const S = Math.max(64, Math.ceil(2048 * kernel.fc)); // table points per input sample
  const tlen = Math.ceil(kernel.half * S) + 2;
  const table = cached(
    `interp:${kernel.key}`,
    () => Float64Array.from({ length: tlen }, (_, i) => kernelAt(kernel, i / S)),
    (t) => t.length,
  );
  const lo = -K;
  const xp = window64(seg, lo, Math.floor((count - 1) * step) + 2 * K + 2);
  for (let n = 0; n < count; n++) {
    const t = n * step;
    const base = Math.floor(t);
    const frac = t - base;
    const x0 = base - K + 1 - lo;
    let acc = 0;
    for (let j = 0; j < W; j++) {
      const d = Math.abs(frac + K - 1 - j) * S;
      const i = Math.floor(d);
      if (i >= tlen - 1) continue;
      acc += (table[i] + (table[i + 1] - table[i]) * (d - i)) * xp[x0 + j];
    }
    out[n] = acc * gain;
  }
}

/** A polyphase table of more than 2^22 coefficients (32 MiB) is not worth building. */
export const tooManyPhases = (L: number, k: Kernel): boolean => L * 2 * Math.ceil(k.half) > 1 << 22;
