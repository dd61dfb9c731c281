/**
 * Cache-blocked transpose of a row-major `rows x cols` array into `dst` (row-major `cols x rows`).
 * Works on 32 x 32 tiles so that both the reads and the writes stay within a few cache lines;
 * `src` and `dst` must not overlap. Internal helper of the spectrogram code (frame-major <->
 * bin-major layouts).
 */
export function transposeInto(src: Float32Array | Float64Array, rows: number, cols: number, dst: Float32Array | Float64Array): void {
  const B = 32;
  for (let r0 = 0; r0 < rows; r0 += B) {
    const r1 = r0 + B < rows ? r0 + B : rows;
    for (let c0 = 0; c0 < cols; c0 += B) {
      const c1 = c0 + B < cols ? c0 + B : cols;
      for (let r = r0; r < r1; r++) {
        const so = r * cols;
        for (let c = c0; c < c1; c++) dst[c * rows + r] = src[so + c];
      }
    }
  }
}
