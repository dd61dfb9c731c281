/**
 * The per-frame MFCC kernel: a log-mel frame through the type 1/2/3 DCT rows and the lifter, in
 * JavaScript or (type 2, float32 frames) the wasm kernel. `mfcc` and the streaming analyzer both
 * drive it.
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { dctMatrix, type DctNorm, type DctType } from '../dsp/dct.js';
import type { FftOption } from '../dsp/fft.js';
import { wasmCepstra } from '../dsp/heap-kernels.js';
import { doubleArray } from '../util/doubles.js';

/**
 * Writes the cepstra of `T` frames of a log-mel spectrogram (`mfcc`'s cepstra) into `out`
 * (`nMfcc x T`, bin-major; for one frame, coefficient k at `out[k]`). With `fft` not `'js'`, frame-major
 * float32 frames of a type-2 DCT go through the wasm kernel where it runs (the same values). With
 * `floor` (a float32 value), each log-mel value is first raised to it: the top-dB clipping of
 * {@link powerToDbUnclipped}'s level, applied as the values are read.
 */
export type CepstraKernel = (
  src: Float32Array | Float64Array,
  T: number,
  tStride: number,
  bStride: number,
  out: Float32Array,
  fft?: FftOption,
  floor?: number,
) => void;

/**
 * The per-frame MFCC kernel: the DCT rows and lifter of `nMfcc` coefficients over `n` mel bands
 * precomputed once. Type 2 uses the even/odd symmetry of its rows (`D[k][n-1-j] = (-1)^k D[k][j]`):
 * half the multiply-adds. @internal
 */
export function cepstraKernel(n: number, nMfcc: number, type: DctType, norm: DctNorm, lifter: number): CepstraKernel {
  const D = dctMatrix(n, { type, norm, nOut: nMfcc }).data;
  const lift = new Float64Array(nMfcc);
  for (let k = 0; k < nMfcc; k++) lift[k] = lifter > 0 ? 1 + (lifter / 2) * Math.sin((Math.PI * (k + 1)) / lifter) : 1;
  // a lifter below about 1e-307 puts sin(Infinity) = NaN in the weights
  if (!lift.every(Number.isFinite)) throw new MirkitError('BAD_OPTION', 'lifter too small', { option: 'lifter' });
  if (type !== 2) {
    const x = new Float64Array(n);
    return (src, T, tStride, bStride, out, _fft, floor = Number.NEGATIVE_INFINITY) => {
      for (let t = 0; t < T; t++) {
        const base = t * tStride;
        for (let j = 0; j < n; j++) x[j] = Math.max(src[base + j * bStride], floor);
        for (let k = 0; k < nMfcc; k++) {
          const r = k * n;
          let acc = 0;
          for (let j = 0; j < n; j++) acc += D[r + j] * x[j];
          out[k * T + t] = acc * lift[k];
        }
      }
    };
  }
  // type 2: fold each frame into sums (even rows) and differences (odd rows) of mirrored bands,
  // then four frames per pass share each coefficient load (four independent sums)
  const h = n >> 1;
  const odd = n % 2 === 1;
  const len = odd ? h + 1 : h;
  const F = doubleArray(nMfcc * len);
  for (let k = 0; k < nMfcc; k++) for (let j = 0; j < len; j++) F[k * len + j] = D[k * n + j];
  const sum = doubleArray(4 * len);
  const dif = doubleArray(4 * len);
  /** Coefficients of the folded frame at `o` of `sum`/`dif` into column `t` of `out` (T columns); rows k, k+2, k+4, k+6 per pass, each summed in band order. */
  const rowsOfFrame = (o: number, t: number, T: number, out: Float32Array): void => {
    for (let k = 0; k < nMfcc; k += (k & 1) === 0 ? 1 : 7) {
      // k runs 0, 1, 8, 9, 16, 17, ...: the first rows of each group of four even / four odd rows
      const v = (k & 1) === 0 ? sum : dif;
      const r1 = k + 2 < nMfcc,
        r2 = k + 4 < nMfcc,
        r3 = k + 6 < nMfcc;
      const f0 = k * len,
        f1 = r1 ? f0 + 2 * len : f0,
        f2 = r2 ? f0 + 4 * len : f0,
        f3 = r3 ? f0 + 6 * len : f0;
      // biome-ignore format: accumulators, one line
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let j = 0; j < len; j++) {
        const x = v[o + j];
        a0 += F[f0 + j] * x;
        a1 += F[f1 + j] * x;
        a2 += F[f2 + j] * x;
        a3 += F[f3 + j] * x;
      }
      out[k * T + t] = a0 * lift[k];
      if (r1) out[(k + 2) * T + t] = a1 * lift[k + 2];
      if (r2) out[(k + 4) * T + t] = a2 * lift[k + 4];
      if (r3) out[(k + 6) * T + t] = a3 * lift[k + 6];
    }
  };
  return (src, T, tStride, bStride, out, fft, floor = Number.NEGATIVE_INFINITY) => {
    if (fft !== undefined && T >= 8 && bStride === 1 && tStride === n && src instanceof Float32Array && wasmCepstra(src, n, T, F, lift, out, fft, floor))
      return;
    for (let t = 0; t < T; t += 4) {
      const g = Math.min(4, T - t);
      for (let q = 0; q < g; q++) {
        const base = (t + q) * tStride;
        const o = q * len;
        for (let j = 0; j < h; j++) {
          const a = Math.max(src[base + j * bStride], floor);
          const b = Math.max(src[base + (n - 1 - j) * bStride], floor);
          sum[o + j] = a + b;
          dif[o + j] = a - b;
        }
        if (odd) {
          sum[o + h] = Math.max(src[base + h * bStride], floor);
          dif[o + h] = 0; // odd rows vanish on the middle band
        }
      }
      if (g < 4) {
        // fewer than four frames (a stream's one frame per push): four rows of the same parity
        // per pass share each folded-band load instead
        for (let q = 0; q < g; q++) rowsOfFrame(q * len, t + q, T, out);
        continue;
      }
      // four frames (fewer went to rowsOfFrame above)
      for (let k = 0; k < nMfcc; k++) {
        const f = k * len;
        const v = (k & 1) === 0 ? sum : dif;
        const ok = k * T + t;
        const li = lift[k];
        // biome-ignore format: accumulators, one line
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (let j = 0; j < len; j++) {
          const w = F[f + j];
          a0 += w * v[j];
          a1 += w * v[len + j];
          a2 += w * v[2 * len + j];
          a3 += w * v[3 * len + j];
        }
        out[ok] = a0 * li;
        out[ok + 1] = a1 * li;
        out[ok + 2] = a2 * li;
        out[ok + 3] = a3 * li;
      }
    }
  };
}
