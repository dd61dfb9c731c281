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
 * The complex spectrum of the periodic-Hann-windowed frame from the spectrum X of the raw frame
 * (periodic Hann = 1/2 - cos/2, so `Y[k] = X[k]/2 - (X[k-1] + X[k+1])/4`, with `X[-1] = conj X[1]`
 * and `X[n/2+1] = conj X[n/2-1]`) into `re`/`im` from `ob`. Needs n >= 8. (The power form runs in
 * the wasm kernel, scripts/wasm/hann-power.wat.)
 */
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
