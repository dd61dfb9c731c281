/**
 * The JavaScript form of the wasm power kernel (scripts/wasm/hann-power.wat), kept as the test's
 * reference: the power (or magnitude) of the periodic-Hann-windowed frame from PFFFT's packed
 * spectrum of the raw frame: the four edge bins in float64 rounded to float32, the inner bins in
 * float32 arithmetic (as the kernel's SIMD loop does them).
 */
/**
 * The power of the spectrum of the Hann-windowed frame from the spectrum X of the raw
 * frame (periodic Hann = 1/2 - cos/2, so `Y[k] = X[k]/2 - (X[k-1] + X[k+1])/4`, with
 * `X[-1] = conj X[1]` and `X[n/2+1] = conj X[n/2-1]`), in float64. Needs n >= 8. The inner
 * bins are computed as `4 Y[k] = 2 X[k] - (X[k-1] + X[k+1])` and scaled back by 1/16 in the
 * power: scaling by powers of two is exact, so the values equal the direct formula's.
 */
export function hannPowerReference(heap: Float32Array, o: number, half: number, power: number, out: Float32Array, ob: number): void {
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
 * Bins 2 .. n/2 - 2 of {@link hannPowerReference}: `mode` 2 the power, 1 its root, 0 the power to `e`
 * (a constant at each call site, so each loop is compiled for one exponent).
 */
function hannPowerRun(heap: Float32Array, o: number, end: number, out: Float32Array, ob: number, mode: number, e: number): void {
  const f = Math.fround;
  let pr = heap[o + 2],
    pi = heap[o + 3],
    cr = heap[o + 4],
    ci = heap[o + 5];
  for (let j = o + 6, q = ob + 2; j <= end; j += 2, q++) {
    const nr = heap[j];
    const ni = heap[j + 1];
    // 4 Y[k] and its power in float32, each operation rounded (an operation on float32 values done in
    // float64 and rounded once gives the float32 operation's value: 53 >= 2 * 24 + 2)
    const zr = f(2 * cr - f(pr + nr));
    const zi = f(2 * ci - f(pi + ni));
    const pw = f(f(f(zr * zr) + f(zi * zi)) * 0.0625);
    out[q] = mode === 2 ? pw : mode === 1 ? f(Math.sqrt(pw)) : Math.pow(pw, e);
    pr = cr;
    pi = ci;
    cr = nr;
    ci = ni;
  }
}
