/**
 * The per-frame loops of the WebAssembly FFT between JavaScript arrays and PFFFT's float32 heap:
 * windowing a frame in, and unpacking, squaring or Hann-windowing (in the frequency domain) the
 * ordered packed spectrum out. @internal
 */

/**
 * Windows `n` samples of `signal` from `s` into the heap at float index `i0`
 * (`heap[i0 + i] = signal[s + i] * window[i]`, the product in float64 rounded to float32 as
 * stored), through a loop specialised to the array types (float32 or float64 signal, float64
 * window: what the STFT passes) so that the element accesses stay monomorphic.
 */
export function windowFrame(heap: Float32Array, i0: number, signal: ArrayLike<number>, s: number, window: ArrayLike<number>, n: number): void {
  if (window instanceof Float64Array) {
    if (signal instanceof Float32Array) return window32(heap, i0, signal, s, window, n);
    if (signal instanceof Float64Array) return window64(heap, i0, signal, s, window, n);
  }
  for (let i = 0; i < n; i++) heap[i0 + i] = signal[s + i] * window[i];
}

/** {@link windowFrame} of a Float32Array signal. */
function window32(heap: Float32Array, i0: number, x: Float32Array, s: number, w: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) heap[i0 + i] = x[s + i] * w[i];
}

/** {@link windowFrame} of a Float64Array signal. */
function window64(heap: Float32Array, i0: number, x: Float64Array, s: number, w: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) heap[i0 + i] = x[s + i] * w[i];
}

/** PFFFT's ordered real output at float index `o` (`[X0, X(n/2), re1, im1, ...]`) into float64 `re`/`im` (bins 0..half). */
export function unpack64(heap: Float32Array, o: number, half: number, re: Float64Array, im: Float64Array): void {
  re[0] = heap[o];
  im[0] = 0;
  re[half] = heap[o + 1];
  im[half] = 0;
  let k = 1;
  let j = o + 2;
  for (; k + 1 < half; k += 2, j += 4) {
    re[k] = heap[j];
    im[k] = heap[j + 1];
    re[k + 1] = heap[j + 2];
    im[k + 1] = heap[j + 3];
  }
  for (; k < half; k++, j += 2) {
    re[k] = heap[j];
    im[k] = heap[j + 1];
  }
}

/**
 * `|X[k]| ** power` of PFFFT's ordered real output at float index `o` (`[X0, X(n/2), re1, im1, ...]`)
 * into `out[ob .. ob + n/2]`, computed in float64 from the float32 values.
 */
export function heapPower(heap: Float32Array, o: number, half: number, power: number, out: Float32Array, ob: number): void {
  const dc = heap[o];
  const ny = heap[o + 1];
  if (power === 2) {
    out[ob] = dc * dc;
    out[ob + half] = ny * ny;
    for (let k = 1, j = o + 2; k < half; k++, j += 2) {
      const a = heap[j];
      const b = heap[j + 1];
      out[ob + k] = a * a + b * b;
    }
  } else if (power === 1) {
    out[ob] = Math.sqrt(dc * dc);
    out[ob + half] = Math.sqrt(ny * ny);
    for (let k = 1, j = o + 2; k < half; k++, j += 2) {
      const a = heap[j];
      const b = heap[j + 1];
      out[ob + k] = Math.sqrt(a * a + b * b);
    }
  } else {
    const e = power / 2;
    out[ob] = Math.pow(dc * dc, e);
    out[ob + half] = Math.pow(ny * ny, e);
    for (let k = 1, j = o + 2; k < half; k++, j += 2) {
      const a = heap[j];
      const b = heap[j + 1];
      out[ob + k] = Math.pow(a * a + b * b, e);
    }
  }
}

/**
 * {@link heapPower} of the spectrum of the Hann-windowed frame from the spectrum X of the raw
 * frame (periodic Hann = 1/2 - cos/2, so `Y[k] = X[k]/2 - (X[k-1] + X[k+1])/4`, with
 * `X[-1] = conj X[1]` and `X[n/2+1] = conj X[n/2-1]`), in float64. Needs n >= 8. The inner
 * bins are computed as `4 Y[k] = 2 X[k] - (X[k-1] + X[k+1])` and scaled back by 1/16 in the
 * power: scaling by powers of two is exact, so the values equal the direct formula's.
 */
export function heapHannPower(heap: Float32Array, o: number, half: number, power: number, out: Float32Array, ob: number): void {
  // the edges, where PFFFT's packing (X0 and X(n/2) real, side by side) breaks the pattern
  const x0 = heap[o];
  const xh = heap[o + 1];
  const y0 = 0.5 * x0 - 0.5 * heap[o + 2];
  const r1 = 0.5 * heap[o + 2] - 0.25 * (x0 + heap[o + 4]);
  const i1 = 0.5 * heap[o + 3] - 0.25 * heap[o + 5];
  const jl = o + 2 * (half - 1); // X[n/2 - 1]
  const rl = 0.5 * heap[jl] - 0.25 * (heap[jl - 2] + xh);
  const il = 0.5 * heap[jl + 1] - 0.25 * heap[jl - 1];
  const yh = 0.5 * xh - 0.5 * heap[jl];
  const end = o + 2 * (half - 1);
  const e = power / 2;
  // one loop per exponent (the same values as one loop choosing it per bin)
  if (power === 2) hannPowerRun(heap, o, end, out, ob, 2, 0);
  else if (power === 1) hannPowerRun(heap, o, end, out, ob, 1, 0);
  else hannPowerRun(heap, o, end, out, ob, 0, e);
  if (power === 2) {
    out[ob] = y0 * y0;
    out[ob + 1] = r1 * r1 + i1 * i1;
    out[ob + half - 1] = rl * rl + il * il;
    out[ob + half] = yh * yh;
  } else if (power === 1) {
    out[ob] = Math.abs(y0);
    out[ob + 1] = Math.sqrt(r1 * r1 + i1 * i1);
    out[ob + half - 1] = Math.sqrt(rl * rl + il * il);
    out[ob + half] = Math.abs(yh);
  } else {
    out[ob] = Math.pow(y0 * y0, e);
    out[ob + 1] = Math.pow(r1 * r1 + i1 * i1, e);
    out[ob + half - 1] = Math.pow(rl * rl + il * il, e);
    out[ob + half] = Math.pow(yh * yh, e);
  }
}

/**
 * Bins 2 .. n/2 - 2 of {@link heapHannPower}: `mode` 2 the power, 1 its root, 0 the power to `e`
 * (a constant at each call site, so each loop is compiled for one exponent).
 */
function hannPowerRun(heap: Float32Array, o: number, end: number, out: Float32Array, ob: number, mode: number, e: number): void {
  let pr = heap[o + 2],
    pi = heap[o + 3],
    cr = heap[o + 4],
    ci = heap[o + 5];
  for (let j = o + 6, q = ob + 2; j <= end; j += 2, q++) {
    const nr = heap[j];
    const ni = heap[j + 1];
    const zr = 2 * cr - (pr + nr); // 4 Y[k], exactly
    const zi = 2 * ci - (pi + ni);
    const pw = (zr * zr + zi * zi) * 0.0625;
    out[q] = mode === 2 ? pw : mode === 1 ? Math.sqrt(pw) : Math.pow(pw, e);
    pr = cr;
    pi = ci;
    cr = nr;
    ci = ni;
  }
}

/** The complex spectrum of the Hann-windowed frame (see {@link heapHannPower}) into `re`/`im` from `ob`. Needs n >= 8. */
export function heapHannSpectrum(heap: Float32Array, o: number, half: number, re: Float32Array, im: Float32Array, ob: number): void {
  const x0 = heap[o];
  const xh = heap[o + 1];
  const jl = o + 2 * (half - 1);
  re[ob] = 0.5 * x0 - 0.5 * heap[o + 2];
  im[ob] = 0;
  re[ob + 1] = 0.5 * heap[o + 2] - 0.25 * (x0 + heap[o + 4]);
  im[ob + 1] = 0.5 * heap[o + 3] - 0.25 * heap[o + 5];
  let pr = heap[o + 2],
    pi = heap[o + 3],
    cr = heap[o + 4],
    ci = heap[o + 5];
  for (let j = o + 6, q = ob + 2; j <= jl; j += 2, q++) {
    const nr = heap[j];
    const ni = heap[j + 1];
    re[q] = 0.25 * (2 * cr - (pr + nr)); // exactly 0.5 cr - 0.25 (pr + nr)
    im[q] = 0.25 * (2 * ci - (pi + ni));
    pr = cr;
    pi = ci;
    cr = nr;
    ci = ni;
  }
  re[ob + half - 1] = 0.5 * heap[jl] - 0.25 * (heap[jl - 2] + xh);
  im[ob + half - 1] = 0.5 * heap[jl + 1] - 0.25 * heap[jl - 1];
  re[ob + half] = 0.5 * xh - 0.5 * heap[jl];
  im[ob + half] = 0;
}
