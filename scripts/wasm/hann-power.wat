;; mirkit's spectral kernels, run on PFFFT's memory: the power spectrum right after PFFFT's forward
;; transform (hannPowerFrames) and its bands on a sparse filterbank such as the mel bands (sparseBands), so
;; that a power block is read where it was written; then, on log-mel frames copied in by
;; src/dsp/heap-kernels.ts, the MFCC's DCT (cepstra) and the onset flux (fluxMean); and the exponent scan that
;; checks a float32 signal (exponentsBelow); chroma_stft's twelve-row projection (chroma12); HPSS's masked
;; inverse STFT (maskedOverlapAdd); the CQT's per-octave frames (cqtFrames); and the 2:1 decimator of the
;; resampler (decimate2).
;;
;; hannPowerFrames(setup, sig, hopBytes, nFrames, n, in, tmp, work, out, mode) transforms nFrames raw
;; (unwindowed) float32 frames of n samples, frame t at byte sig + t * hopBytes, with PFFFT's ordered real
;; forward transform (the import "fft", PFFFT's pffft_transform_ordered), applies the periodic Hann window
;; in the frequency domain (Y[k] = X[k]/2 - (X[k-1] + X[k+1])/4) and writes |Y[k]|^2 (mode 2) or |Y[k]|
;; (mode 1) of bins 0 .. n/2 as float32 to byte out + t * (n/2 + 1) * 4; mode 0 writes Y itself, its real
;; parts there and its imaginary parts in a second plane after the nFrames rows (hannSpectrum).
;;
;; The four edge bins (0, 1, n/2 - 1, n/2) are computed in float64 from the float32 spectrum and rounded to
;; float32; the inner bins in float32 arithmetic, four per SIMD step: 4 Y[k] = 2 X[k] - (X[k-1] + X[k+1]) and
;; (zr^2 + zi^2) / 16, every sum, difference and product rounded to float32 (test/helpers/hann-power-reference.ts
;; is the same arithmetic in JavaScript). The float32 rounding of those few operations is below the float32 FFT's
;; own (librosa's complex64 spectrum is float32 too). mode 0 (hannSpectrum) stays in float64. A frame whose address is not 16-byte aligned (PFFFT's
;; SIMD needs it) is first copied to the aligned buffer `in`. Needs n >= 8.
;;
;; sparseBands(src, srcStride, count, dst, dstStride, rows, bands, weights) writes, for frames
;; t = 0 .. count - 1 (and up to the next multiple of 8: the source frames there are zeroed first and their
;; bands written too, so both areas need that room) and bands m = 0 .. rows - 1,
;;   dst[t][m] = float32( sum over i < length[m], in order, of weights[offset[m] + i] * src[t][start[m] + i] )
;; with frame t's float32 spectrum at byte src + t * srcStride, its float32 bands at byte dst + t * dstStride,
;; weights a float64 array and bands rows int32 triples of byte offsets: 4 start[m], 8 offset[m] and
;; 8 (offset[m] + length[m]).
;;
;; Each band is one float64 sum in bin order, as filterBlock in src/features/mel.ts adds it (IEEE products
;; and sums, no fused multiply-add), rounded to float32 at the end: the same values bit for bit. SIMD runs
;; across frames (two frames per f64x2, eight frames per pass in four independent sums), never
;; across the bins of one sum, so the order of additions of every band is unchanged.
;;
;; Compiled by scripts/build-kernels.ts into src/dsp/hann-power-wasm.ts.
(module
  (import "env" "memory" (memory 1))
  (import "env" "fft" (func $fft (param i32 i32 i32 i32 i32)))


  ;; float32 at byte address a as f64
  (func $f (param $a i32) (result f64)
    (f64.promote_f32 (f32.load (local.get $a))))

  ;; p (mode 2) or sqrt(p) (mode 1), as float32, stored at byte address a
  (func $put (param $a i32) (param $p f64) (param $mode i32)
    (if (i32.eq (local.get $mode) (i32.const 1)) (then (local.set $p (f64.sqrt (local.get $p)))))
    (f32.store (local.get $a) (f32.demote_f64 (local.get $p))))

  ;; y^2 (mode 2) or |y| (mode 1), as float32, stored at byte address a (the real bins 0 and n/2)
  (func $putReal (param $a i32) (param $y f64) (param $mode i32)
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then (f32.store (local.get $a) (f32.demote_f64 (f64.abs (local.get $y)))))
      (else (f32.store (local.get $a) (f32.demote_f64 (f64.mul (local.get $y) (local.get $y)))))))

  ;; bins 0 .. half of one frame: spectrum at byte x, output at byte out
  (func $hannPower (param $x i32) (param $half i32) (param $out i32) (param $mode i32)
    (local $x0 f64) (local $xh f64) (local $t2 f64) (local $y f64) (local $r f64) (local $i f64)
    (local $jl i32) (local $j i32) (local $o i32) (local $k i32) (local $sixteenth v128) (local $p v128) (local $c v128) (local $n1 v128) (local $n2 v128)
    (local $s0 v128) (local $s1 v128) (local $pw v128) (local $zr f32) (local $zi f32)
    (local.set $x0 (call $f (local.get $x)))
    (local.set $xh (call $f (i32.add (local.get $x) (i32.const 4))))
    (local.set $t2 (call $f (i32.add (local.get $x) (i32.const 8))))
    ;; bin 0: y0 = x0/2 - X1/2 (X[-1] = conj X[1])
    (local.set $y (f64.sub (f64.mul (f64.const 0.5) (local.get $x0)) (f64.mul (f64.const 0.5) (local.get $t2))))
    (call $putReal (local.get $out) (local.get $y) (local.get $mode))
    ;; bin 1 (X[0] is real)
    (local.set $r (f64.sub (f64.mul (f64.const 0.5) (local.get $t2))
      (f64.mul (f64.const 0.25) (f64.add (local.get $x0) (call $f (i32.add (local.get $x) (i32.const 16)))))))
    (local.set $i (f64.sub (f64.mul (f64.const 0.5) (call $f (i32.add (local.get $x) (i32.const 12))))
      (f64.mul (f64.const 0.25) (call $f (i32.add (local.get $x) (i32.const 20))))))
    (call $put (i32.add (local.get $out) (i32.const 4))
      (f64.add (f64.mul (local.get $r) (local.get $r)) (f64.mul (local.get $i) (local.get $i))) (local.get $mode))
    ;; bin half - 1 (X[half] is real) and bin half (X[half + 1] = conj X[half - 1])
    (local.set $jl (i32.add (local.get $x) (i32.shl (i32.sub (local.get $half) (i32.const 1)) (i32.const 3))))
    (local.set $r (f64.sub (f64.mul (f64.const 0.5) (call $f (local.get $jl)))
      (f64.mul (f64.const 0.25) (f64.add (call $f (i32.sub (local.get $jl) (i32.const 8))) (local.get $xh)))))
    (local.set $i (f64.sub (f64.mul (f64.const 0.5) (call $f (i32.add (local.get $jl) (i32.const 4))))
      (f64.mul (f64.const 0.25) (call $f (i32.sub (local.get $jl) (i32.const 4))))))
    (call $put (i32.add (local.get $out) (i32.shl (i32.sub (local.get $half) (i32.const 1)) (i32.const 2)))
      (f64.add (f64.mul (local.get $r) (local.get $r)) (f64.mul (local.get $i) (local.get $i))) (local.get $mode))
    (local.set $y (f64.sub (f64.mul (f64.const 0.5) (local.get $xh)) (f64.mul (f64.const 0.5) (call $f (local.get $jl)))))
    (call $putReal (i32.add (local.get $out) (i32.shl (local.get $half) (i32.const 2))) (local.get $y) (local.get $mode))
    ;; bins 2 .. half - 2 in float32, four at a time: z = 2 X[k] - (X[k-1] + X[k+1]) = 4 Y[k] (complex, each part
    ;; rounded to float32 after the sum and after the difference), power (zr^2 + zi^2) / 16 with every product and
    ;; the sum rounded to float32, root of it in mode 1; $j walks the spectrum (byte address of X[k - 1]), $o the
    ;; output (byte address of bin k); $p holds X[k - 1], X[k] as [re, im, re, im]
    (local.set $sixteenth (f32x4.splat (f32.const 0.0625)))
    (local.set $j (i32.add (local.get $x) (i32.const 8)))
    (local.set $o (i32.add (local.get $out) (i32.const 8)))
    (local.set $k (i32.const 2))
    (local.set $p (v128.load (local.get $j)))
    (block $quadsDone
      (loop $quads
        ;; bins k .. k + 3 while k + 3 <= half - 2 (X[k + 4] <= X[half - 1])
        (br_if $quadsDone (i32.gt_s (i32.add (local.get $k) (i32.const 5)) (local.get $half)))
        (local.set $n1 (v128.load offset=16 (local.get $j)))
        (local.set $n2 (v128.load offset=32 (local.get $j)))
        (local.set $s0 (f32x4.sub
          (f32x4.add (local.tee $c (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $p) (local.get $n1))) (local.get $c))
          (f32x4.add (local.get $p) (local.get $n1))))
        (local.set $s1 (f32x4.sub
          (f32x4.add (local.tee $c (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $n1) (local.get $n2))) (local.get $c))
          (f32x4.add (local.get $n1) (local.get $n2))))
        (local.set $s0 (f32x4.mul (local.get $s0) (local.get $s0)))
        (local.set $s1 (f32x4.mul (local.get $s1) (local.get $s1)))
        (local.set $pw (f32x4.mul
          (f32x4.add
            (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $s0) (local.get $s1))
            (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $s0) (local.get $s1)))
          (local.get $sixteenth)))
        (if (i32.eq (local.get $mode) (i32.const 1)) (then (local.set $pw (f32x4.sqrt (local.get $pw)))))
        (v128.store (local.get $o) (local.get $pw))
        (local.set $p (local.get $n2))
        (local.set $j (i32.add (local.get $j) (i32.const 32)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $quads)))
    ;; the bins left (k <= half - 2), one at a time, with the same float32 operations
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.gt_s (i32.add (local.get $k) (i32.const 2)) (local.get $half)))
        (local.set $zr (f32.sub (f32.add (f32.load offset=8 (local.get $j)) (f32.load offset=8 (local.get $j)))
          (f32.add (f32.load (local.get $j)) (f32.load offset=16 (local.get $j)))))
        (local.set $zi (f32.sub (f32.add (f32.load offset=12 (local.get $j)) (f32.load offset=12 (local.get $j)))
          (f32.add (f32.load offset=4 (local.get $j)) (f32.load offset=20 (local.get $j)))))
        (local.set $zr (f32.mul (f32.add (f32.mul (local.get $zr) (local.get $zr)) (f32.mul (local.get $zi) (local.get $zi))) (f32.const 0.0625)))
        (if (i32.eq (local.get $mode) (i32.const 1)) (then (local.set $zr (f32.sqrt (local.get $zr)))))
        (f32.store (local.get $o) (local.get $zr))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $rest))))

;; Y[k] of bins 0 .. half of one frame (spectrum at byte x) as float32 real parts at byte re and imaginary
  ;; parts at byte im, in float64 with heapHannSpectrum's operations in its order (src/dsp/fft-wasm-heap.ts)
  (func $hannSpectrum (param $x i32) (param $half i32) (param $re i32) (param $im i32)
    (local $x0 f64) (local $xh f64) (local $jl i32) (local $k i32) (local $p v128) (local $c v128) (local $nx v128) (local $y v128)
    (local.set $x0 (call $f (local.get $x)))
    (local.set $xh (call $f (i32.add (local.get $x) (i32.const 4))))
    ;; bin 0 (X[-1] = conj X[1]) and bin 1 (X[0] real)
    (f32.store (local.get $re) (f32.demote_f64 (f64.sub (f64.mul (f64.const 0.5) (local.get $x0))
      (f64.mul (f64.const 0.5) (call $f (i32.add (local.get $x) (i32.const 8)))))))
    (f32.store (local.get $im) (f32.const 0))
    (f32.store offset=4 (local.get $re) (f32.demote_f64 (f64.sub (f64.mul (f64.const 0.5) (call $f (i32.add (local.get $x) (i32.const 8))))
      (f64.mul (f64.const 0.25) (f64.add (local.get $x0) (call $f (i32.add (local.get $x) (i32.const 16))))))))
    (f32.store offset=4 (local.get $im) (f32.demote_f64 (f64.sub (f64.mul (f64.const 0.5) (call $f (i32.add (local.get $x) (i32.const 12))))
      (f64.mul (f64.const 0.25) (call $f (i32.add (local.get $x) (i32.const 20)))))))
    ;; bin half - 1 (X[half] real) and bin half (X[half + 1] = conj X[half - 1]); jl: byte address of X[half - 1]
    (local.set $jl (i32.add (local.get $x) (i32.shl (i32.sub (local.get $half) (i32.const 1)) (i32.const 3))))
    (local.set $k (i32.shl (i32.sub (local.get $half) (i32.const 1)) (i32.const 2)))
    (f32.store (i32.add (local.get $re) (local.get $k)) (f32.demote_f64 (f64.sub (f64.mul (f64.const 0.5) (call $f (local.get $jl)))
      (f64.mul (f64.const 0.25) (f64.add (call $f (i32.sub (local.get $jl) (i32.const 8))) (local.get $xh))))))
    (f32.store (i32.add (local.get $im) (local.get $k)) (f32.demote_f64 (f64.sub (f64.mul (f64.const 0.5) (call $f (i32.add (local.get $jl) (i32.const 4))))
      (f64.mul (f64.const 0.25) (call $f (i32.sub (local.get $jl) (i32.const 4)))))))
    (f32.store offset=4 (i32.add (local.get $re) (local.get $k)) (f32.demote_f64 (f64.sub (f64.mul (f64.const 0.5) (local.get $xh))
      (f64.mul (f64.const 0.5) (call $f (local.get $jl))))))
    (f32.store offset=4 (i32.add (local.get $im) (local.get $k)) (f32.const 0))
    ;; bins 2 .. half - 2: [re, im] = 0.25 (2 X[k] - (X[k-1] + X[k+1])); $x walks X[k + 1], $k the outputs' bytes
    (local.set $p (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $x))))
    (local.set $c (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $x))))
    (local.set $x (i32.add (local.get $x) (i32.const 24)))
    (local.set $k (i32.const 8))
    (block $done
      (loop $bin
        (br_if $done (i32.gt_u (local.get $x) (local.get $jl)))
        (local.set $nx (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $x))))
        (local.set $y (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.splat (f64.const 0.25))
          (f64x2.sub (f64x2.mul (f64x2.splat (f64.const 2)) (local.get $c)) (f64x2.add (local.get $p) (local.get $nx))))))
        (v128.store32_lane 0 (i32.add (local.get $re) (local.get $k)) (local.get $y))
        (v128.store32_lane 1 (i32.add (local.get $im) (local.get $k)) (local.get $y))
        (local.set $p (local.get $c))
        (local.set $c (local.get $nx))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $bin))))

    (func (export "hannPowerFrames")
    (param $setup i32) (param $sig i32) (param $hop i32) (param $frames i32) (param $n i32)
    (param $in i32) (param $tmp i32) (param $work i32) (param $out i32) (param $mode i32)
    (local $t i32) (local $src i32) (local $half i32) (local $stride i32)
    (local.set $half (i32.shr_u (local.get $n) (i32.const 1)))
    (local.set $stride (i32.shl (i32.add (local.get $half) (i32.const 1)) (i32.const 2)))
    (block $done
      (loop $frame
        (br_if $done (i32.ge_u (local.get $t) (local.get $frames)))
        (local.set $src (i32.add (local.get $sig) (i32.mul (local.get $t) (local.get $hop))))
        (if (i32.and (local.get $src) (i32.const 15))
          (then
            (memory.copy (local.get $in) (local.get $src) (i32.shl (local.get $n) (i32.const 2)))
            (local.set $src (local.get $in))))
        (call $fft (local.get $setup) (local.get $src) (local.get $tmp) (local.get $work) (i32.const 0))
        (if (local.get $mode)
          (then
            (call $hannPower (local.get $tmp) (local.get $half)
              (i32.add (local.get $out) (i32.mul (local.get $t) (local.get $stride))) (local.get $mode)))
          (else
            (call $hannSpectrum (local.get $tmp) (local.get $half)
              (i32.add (local.get $out) (i32.mul (local.get $t) (local.get $stride)))
              (i32.add (local.get $out) (i32.mul (i32.add (local.get $frames) (local.get $t)) (local.get $stride))))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $frame))))

  ;; eight frames from byte src (frame stride s) into dst (frame stride d)
  (func $eight (param $src i32) (param $s i32) (param $dst i32) (param $d i32)
    (param $rows i32) (param $bands i32) (param $weights i32)
    (local $m i32) (local $p i32) (local $q i32) (local $e i32)
    (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $s4 i32) (local $s5 i32) (local $s6 i32) (local $s7 i32)
    (local $w v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $s2 (i32.shl (local.get $s) (i32.const 1)))
    (local.set $s4 (i32.shl (local.get $s) (i32.const 2)))
    (local.set $s6 (i32.add (local.get $s4) (local.get $s2)))
    (local.set $s1 (local.get $s))
    (local.set $s3 (i32.add (local.get $s2) (local.get $s)))
    (local.set $s5 (i32.add (local.get $s4) (local.get $s)))
    (local.set $s7 (i32.add (local.get $s6) (local.get $s)))
    (block $bandsDone
      (loop $band
        (br_if $bandsDone (i32.ge_u (local.get $m) (local.get $rows)))
        ;; p: bin start[m] of the first frame; q: its first weight; e: the end of its weights
        (local.set $e (i32.add (local.get $bands) (i32.mul (local.get $m) (i32.const 12))))
        (local.set $p (i32.add (local.get $src) (i32.load (local.get $e))))
        (local.set $q (i32.add (local.get $weights) (i32.load offset=4 (local.get $e))))
        (local.set $e (i32.add (local.get $weights) (i32.load offset=8 (local.get $e))))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (block $binsDone
          (loop $bin
            (br_if $binsDone (i32.ge_u (local.get $q) (local.get $e)))
            (local.set $w (v128.load64_splat (local.get $q)))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $w) (f64x2.promote_low_f32x4 (v128.load32_lane 1 (i32.add (local.get $p) (local.get $s1)) (v128.load32_zero (local.get $p)))))))
            (local.set $a1 (f64x2.add (local.get $a1)
              (f64x2.mul (local.get $w) (f64x2.promote_low_f32x4
                (v128.load32_lane 1 (i32.add (local.get $p) (local.get $s3)) (v128.load32_zero (i32.add (local.get $p) (local.get $s2))))))))
            (local.set $a2 (f64x2.add (local.get $a2)
              (f64x2.mul (local.get $w) (f64x2.promote_low_f32x4
                (v128.load32_lane 1 (i32.add (local.get $p) (local.get $s5)) (v128.load32_zero (i32.add (local.get $p) (local.get $s4))))))))
            (local.set $a3 (f64x2.add (local.get $a3)
              (f64x2.mul (local.get $w) (f64x2.promote_low_f32x4
                (v128.load32_lane 1 (i32.add (local.get $p) (local.get $s7)) (v128.load32_zero (i32.add (local.get $p) (local.get $s6))))))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $bin)))
        ;; the eight sums rounded to float32, frame by frame (stores written out: no call per band)
        (local.set $p (i32.add (local.get $dst) (i32.shl (local.get $m) (i32.const 2))))
        (local.set $a0 (f32x4.demote_f64x2_zero (local.get $a0)))
        (local.set $a1 (f32x4.demote_f64x2_zero (local.get $a1)))
        (local.set $a2 (f32x4.demote_f64x2_zero (local.get $a2)))
        (local.set $a3 (f32x4.demote_f64x2_zero (local.get $a3)))
        (v128.store32_lane 0 (local.get $p) (local.get $a0))
        (v128.store32_lane 1 (i32.add (local.get $p) (local.get $d)) (local.get $a0))
        (local.set $p (i32.add (local.get $p) (i32.shl (local.get $d) (i32.const 1))))
        (v128.store32_lane 0 (local.get $p) (local.get $a1))
        (v128.store32_lane 1 (i32.add (local.get $p) (local.get $d)) (local.get $a1))
        (local.set $p (i32.add (local.get $p) (i32.shl (local.get $d) (i32.const 1))))
        (v128.store32_lane 0 (local.get $p) (local.get $a2))
        (v128.store32_lane 1 (i32.add (local.get $p) (local.get $d)) (local.get $a2))
        (local.set $p (i32.add (local.get $p) (i32.shl (local.get $d) (i32.const 1))))
        (v128.store32_lane 0 (local.get $p) (local.get $a3))
        (v128.store32_lane 1 (i32.add (local.get $p) (local.get $d)) (local.get $a3))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $band))))

  (func (export "sparseBands")
    (param $src i32) (param $s i32) (param $count i32) (param $dst i32) (param $d i32)
    (param $rows i32) (param $bands i32) (param $weights i32)
    (local $t i32)
    ;; whole passes of eight: the frames past count are zeros (their bands land in the room past count's)
    (memory.fill (i32.add (local.get $src) (i32.mul (local.get $count) (local.get $s))) (i32.const 0)
      (i32.mul (i32.and (i32.sub (i32.const 0) (local.get $count)) (i32.const 7)) (local.get $s)))
    (block $done
      (loop $pass
        (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
        (call $eight
          (i32.add (local.get $src) (i32.mul (local.get $t) (local.get $s))) (local.get $s)
          (i32.add (local.get $dst) (i32.mul (local.get $t) (local.get $d))) (local.get $d)
          (local.get $rows) (local.get $bands) (local.get $weights))
        (local.set $t (i32.add (local.get $t) (i32.const 8)))
        (br $pass))))

  ;; cepstra(src, n, count, F, len, rows, lift, fold, dst, dstStride, floor): the type-2 DCT of count float32
  ;; frames of n bands (frame t at byte src + 4 n t, count read as the next multiple of 8: the caller zero-pads),
  ;; each value x first raised to floor (the top-dB clip of a float32 x to a float32 floor, exact in float64),
  ;; folded as cepstraKernel in src/features/mel.ts does it: sum[j] = x[j] + x[n-1-j] and dif[j] = x[j] -
  ;; x[n-1-j] (j < n/2; for odd n sum[n/2] = x[n/2], dif[n/2] = 0), coefficient k = the float64 sum in j order
  ;; of F[k][j] (float64, len = ceil(n/2) per row) times sum (k even) or dif (k odd), times lift[k] (float64),
  ;; rounded to float32 at byte dst + k dstStride + 4 t. The same operations in the same order as the
  ;; JavaScript loop, so the same values bit for bit. SIMD runs across frames: eight per pass, two per f64x2;
  ;; fold holds the folded pass, (sum then dif) x len x 4 pairs of frames, 128 len bytes.
  (func (export "cepstra") (param $src i32) (param $n i32) (param $count i32) (param $F i32) (param $len i32)
    (param $rows i32) (param $lift i32) (param $fold i32) (param $dst i32) (param $d i32) (param $floor f64)
    (local $fl v128) (local $t i32) (local $frame i32) (local $h i32) (local $j i32) (local $p i32) (local $a i32) (local $b i32)
    (local $x v128) (local $y v128) (local $k i32) (local $w i32) (local $v i32) (local $end i32) (local $o i32) (local $l v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s v128)
    (local.set $fl (f64x2.splat (local.get $floor)))
    (local.set $h (i32.shr_u (local.get $n) (i32.const 1)))
    (local.set $frame (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $pass
        (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
        ;; fold frames t .. t + 7: pair p = frames t + 2p, t + 2p + 1, at fold + (4 j + p) 16 (sum) and + 64 len (dif)
        (local.set $p (i32.const 0))
        (loop $pair
          (local.set $a (i32.add (local.get $src) (i32.mul (i32.add (local.get $t) (i32.shl (local.get $p) (i32.const 1))) (local.get $frame))))
          (local.set $b (i32.add (local.get $a) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 2))))
          (local.set $o (i32.add (local.get $fold) (i32.shl (local.get $p) (i32.const 4))))
          (local.set $j (i32.const 0))
          (block $foldDone
            (loop $fj
              (br_if $foldDone (i32.ge_u (local.get $j) (local.get $h)))
              (local.set $x (f64x2.pmax (f64x2.promote_low_f32x4 (v128.load32_lane 1 (i32.add (local.get $a) (local.get $frame)) (v128.load32_zero (local.get $a)))) (local.get $fl)))
              (local.set $y (f64x2.pmax (f64x2.promote_low_f32x4 (v128.load32_lane 1 (i32.add (local.get $b) (local.get $frame)) (v128.load32_zero (local.get $b)))) (local.get $fl)))
              (v128.store (local.get $o) (f64x2.add (local.get $x) (local.get $y)))
              (v128.store (i32.add (local.get $o) (i32.shl (local.get $len) (i32.const 6))) (f64x2.sub (local.get $x) (local.get $y)))
              (local.set $a (i32.add (local.get $a) (i32.const 4)))
              (local.set $b (i32.sub (local.get $b) (i32.const 4)))
              (local.set $o (i32.add (local.get $o) (i32.const 64)))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $fj)))
          ;; odd n: the middle band (a = b there)
          (if (i32.lt_u (local.get $h) (local.get $len))
            (then
              (v128.store (local.get $o) (f64x2.pmax (f64x2.promote_low_f32x4 (v128.load32_lane 1 (i32.add (local.get $a) (local.get $frame)) (v128.load32_zero (local.get $a)))) (local.get $fl)))
              (v128.store (i32.add (local.get $o) (i32.shl (local.get $len) (i32.const 6))) (v128.const i64x2 0 0))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br_if $pair (i32.lt_u (local.get $p) (i32.const 4))))
        ;; the coefficients of the eight frames
        (local.set $k (i32.const 0))
        (local.set $w (local.get $F))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_u (local.get $k) (local.get $rows)))
            (local.set $v (i32.add (local.get $fold) (i32.mul (i32.and (local.get $k) (i32.const 1)) (i32.shl (local.get $len) (i32.const 6)))))
            (local.set $end (i32.add (local.get $w) (i32.shl (local.get $len) (i32.const 3))))
            (local.set $a0 (v128.const i64x2 0 0))
            (local.set $a1 (v128.const i64x2 0 0))
            (local.set $a2 (v128.const i64x2 0 0))
            (local.set $a3 (v128.const i64x2 0 0))
            (block $binsDone
              (loop $bin
                (br_if $binsDone (i32.ge_u (local.get $w) (local.get $end)))
                (local.set $s (v128.load64_splat (local.get $w)))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $s) (v128.load (local.get $v)))))
                (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $s) (v128.load offset=16 (local.get $v)))))
                (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $s) (v128.load offset=32 (local.get $v)))))
                (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $s) (v128.load offset=48 (local.get $v)))))
                (local.set $w (i32.add (local.get $w) (i32.const 8)))
                (local.set $v (i32.add (local.get $v) (i32.const 64)))
                (br $bin)))
            (local.set $l (v128.load64_splat (i32.add (local.get $lift) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $o (i32.add (i32.add (local.get $dst) (i32.mul (local.get $k) (local.get $d))) (i32.shl (local.get $t) (i32.const 2))))
            (v128.store (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (f32x4.demote_f64x2_zero (f64x2.mul (local.get $a0) (local.get $l))) (f32x4.demote_f64x2_zero (f64x2.mul (local.get $a1) (local.get $l)))))
            (v128.store offset=16 (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (f32x4.demote_f64x2_zero (f64x2.mul (local.get $a2) (local.get $l))) (f32x4.demote_f64x2_zero (f64x2.mul (local.get $a3) (local.get $l)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $row)))
        (local.set $t (i32.add (local.get $t) (i32.const 8)))
        (br $pass))))

  ;; fluxMean(src, bands, count, lagBytes, floor, dst): the onset flux of count frames of a frame-major float32
  ;; log spectrogram (frame t's bands at byte src + 4 bands t), each value first raised to floor: dst[t] =
  ;; float32(sum in band order, in float32, of max(0, cur - ref)) / bands with ref band b of frame t and cur the
  ;; same band lagBytes further, as meanPositiveDifference in src/features/onset.ts (float32 differences and
  ;; sums: the same values bit for bit). SIMD across four frames per step; count read as the next multiple of 4
  ;; (the caller's area has room for those frames and their lag).
  (func (export "fluxMean") (param $src i32) (param $bands i32) (param $count i32) (param $lag i32) (param $floor f32) (param $dst i32)
    (local $t i32) (local $fb i32) (local $p i32) (local $end i32) (local $acc v128) (local $f v128) (local $r v128) (local $c v128)
    (local $q i32) (local $f2 i32) (local $f3 i32)
    (local.set $fb (i32.shl (local.get $bands) (i32.const 2)))
    (local.set $f2 (i32.shl (local.get $fb) (i32.const 1)))
    (local.set $f3 (i32.add (local.get $f2) (local.get $fb)))
    (local.set $f (f32x4.splat (local.get $floor)))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
        (local.set $p (i32.add (local.get $src) (i32.mul (local.get $t) (local.get $fb))))
        (local.set $end (i32.add (local.get $p) (local.get $fb)))
        (local.set $acc (v128.const i64x2 0 0))
        (block $bandsDone
          (loop $band
            (br_if $bandsDone (i32.ge_u (local.get $p) (local.get $end)))
            ;; band b of the four frames (loads written out: a call per band would cost more than the band)
            (local.set $r (v128.load32_lane 3 (i32.add (local.get $p) (local.get $f3))
              (v128.load32_lane 2 (i32.add (local.get $p) (local.get $f2))
                (v128.load32_lane 1 (i32.add (local.get $p) (local.get $fb)) (v128.load32_zero (local.get $p))))))
            (local.set $q (i32.add (local.get $p) (local.get $lag)))
            (local.set $c (v128.load32_lane 3 (i32.add (local.get $q) (local.get $f3))
              (v128.load32_lane 2 (i32.add (local.get $q) (local.get $f2))
                (v128.load32_lane 1 (i32.add (local.get $q) (local.get $fb)) (v128.load32_zero (local.get $q))))))
            (local.set $acc (f32x4.add (local.get $acc)
              (f32x4.max (f32x4.sub (f32x4.max (local.get $c) (local.get $f)) (f32x4.max (local.get $r) (local.get $f))) (v128.const i64x2 0 0))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $band)))
        (v128.store (i32.add (local.get $dst) (i32.shl (local.get $t) (i32.const 2)))
          (f32x4.div (local.get $acc) (f32x4.splat (f32.convert_i32_u (local.get $bands)))))
        (local.set $t (i32.add (local.get $t) (i32.const 4)))
        (br $quad))))

  ;; exponentsBelow(p, count, add): the bitwise or, over the int32 words w of p[0 .. count) (count read as the next
  ;; multiple of 4: the caller pads with zeros), of (w & 0x7f800000) + add: non-negative exactly when no float32 has
  ;; an exponent field reaching 2^31 - add (exponentsBelow32 in src/validate.ts), four words per step.
  (func (export "exponentsBelow") (param $p i32) (param $count i32) (param $add i32) (result i32)
    (local $end i32) (local $acc v128) (local $a v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (i32.add (local.get $count) (i32.const 3)) (i32.const -4)) (i32.const 2))))
    (local.set $a (i32x4.splat (local.get $add)))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $acc (v128.or (local.get $acc)
          (i32x4.add (v128.and (v128.load (local.get $p)) (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000)) (local.get $a))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $quad)))
    (i32.or (i32.or (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.or (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))

  ;; chroma12(src, bins, count, w, dst): the twelve-row projection of count float32 frames of bins values (frame t at
  ;; byte src + 4 bins t; count even), row c of frame t = float32 of the float64 sum in bin order of w[k][c] x[k],
  ;; w bin-major float64 (the twelve weights of bin k at byte w + 96 k), as project12 in
  ;; src/features/chroma-filterbank.ts sums it (the same values bit for bit); row c of the output at byte
  ;; dst + 4 count c + 4 t. Two frames per pass share each weight load, two rows per f64x2.
  (func (export "chroma12") (param $src i32) (param $bins i32) (param $count i32) (param $w0 i32) (param $dst i32)
    (local $t i32) (local $a i32) (local $b i32) (local $q i32) (local $end i32) (local $fb i32) (local $s i32)
    (local $xa v128) (local $xb v128) (local $w v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $a8 v128) (local $a9 v128) (local $a10 v128) (local $a11 v128)
    (local.set $fb (i32.shl (local.get $bins) (i32.const 2)))
    (local.set $s (i32.shl (local.get $count) (i32.const 2)))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
        (local.set $a (i32.add (local.get $src) (i32.mul (local.get $t) (local.get $fb))))
        (local.set $b (i32.add (local.get $a) (local.get $fb)))
        (local.set $q (local.get $w0))
        (local.set $end (i32.add (local.get $a) (local.get $fb)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $a4 (v128.const i64x2 0 0))
        (local.set $a5 (v128.const i64x2 0 0))
        (local.set $a6 (v128.const i64x2 0 0))
        (local.set $a7 (v128.const i64x2 0 0))
        (local.set $a8 (v128.const i64x2 0 0))
        (local.set $a9 (v128.const i64x2 0 0))
        (local.set $a10 (v128.const i64x2 0 0))
        (local.set $a11 (v128.const i64x2 0 0))
        (block $binsDone
          (loop $bin
            (br_if $binsDone (i32.ge_u (local.get $a) (local.get $end)))
            (local.set $xa (f64x2.splat (f64.promote_f32 (f32.load (local.get $a)))))
            (local.set $xb (f64x2.splat (f64.promote_f32 (f32.load (local.get $b)))))
            (local.set $w (v128.load offset=0 (local.get $q)))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $w) (local.get $xa))))
            (local.set $a6 (f64x2.add (local.get $a6) (f64x2.mul (local.get $w) (local.get $xb))))
            (local.set $w (v128.load offset=16 (local.get $q)))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $w) (local.get $xa))))
            (local.set $a7 (f64x2.add (local.get $a7) (f64x2.mul (local.get $w) (local.get $xb))))
            (local.set $w (v128.load offset=32 (local.get $q)))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $w) (local.get $xa))))
            (local.set $a8 (f64x2.add (local.get $a8) (f64x2.mul (local.get $w) (local.get $xb))))
            (local.set $w (v128.load offset=48 (local.get $q)))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $w) (local.get $xa))))
            (local.set $a9 (f64x2.add (local.get $a9) (f64x2.mul (local.get $w) (local.get $xb))))
            (local.set $w (v128.load offset=64 (local.get $q)))
            (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $w) (local.get $xa))))
            (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $w) (local.get $xb))))
            (local.set $w (v128.load offset=80 (local.get $q)))
            (local.set $a5 (f64x2.add (local.get $a5) (f64x2.mul (local.get $w) (local.get $xa))))
            (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $w) (local.get $xb))))
            (local.set $a (i32.add (local.get $a) (i32.const 4)))
            (local.set $b (i32.add (local.get $b) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const 96)))
            (br $bin)))
        (local.set $a (i32.add (local.get $dst) (i32.shl (local.get $t) (i32.const 2))))
        (call $put12 (local.get $a) (local.get $s) (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3) (local.get $a4) (local.get $a5))
        (call $put12 (i32.add (local.get $a) (i32.const 4)) (local.get $s) (local.get $a6) (local.get $a7) (local.get $a8) (local.get $a9) (local.get $a10) (local.get $a11))
        (local.set $t (i32.add (local.get $t) (i32.const 2)))
        (br $pair))))

  ;; the twelve float32 roundings of rows (2i, 2i + 1) = lanes of a_i, row r at byte o + r s
  (func $put12 (param $o i32) (param $s i32) (param $a0 v128) (param $a1 v128) (param $a2 v128) (param $a3 v128) (param $a4 v128) (param $a5 v128)
    (f32.store (i32.add (local.get $o) (i32.mul (local.get $s) (i32.const 0))) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $a0))))
    (f32.store (i32.add (local.get $o) (i32.mul (local.get $s) (i32.const 1))) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $a0))))
    (f32.store (i32.add (local.get $o) (i32.mul (local.get $s) (i32.const 2))) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $a1))))
    (f32.store (i32.add (local.get $o) (i32.mul (local.get $s) (i32.const 3))) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $a1))))
    (f32.store (i32.add (local.get $o) (i32.mul (local.get $s) (i32.const 4))) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $a2))))
    (f32.store (i32.add (local.get $o) (i32.mul (local.get $s) (i32.const 5))) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $a2))))
    (f32.store (i32.add (local.get $o) (i32.mul (local.get $s) (i32.const 6))) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $a3))))
    (f32.store (i32.add (local.get $o) (i32.mul (local.get $s) (i32.const 7))) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $a3))))
    (f32.store (i32.add (local.get $o) (i32.mul (local.get $s) (i32.const 8))) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $a4))))
    (f32.store (i32.add (local.get $o) (i32.mul (local.get $s) (i32.const 9))) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $a4))))
    (f32.store (i32.add (local.get $o) (i32.mul (local.get $s) (i32.const 10))) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $a5))))
    (f32.store (i32.add (local.get $o) (i32.mul (local.get $s) (i32.const 11))) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $a5)))))

  ;; maskedOverlapAdd(setup, n, count, re, im, mask, hop, scale, win, spec, out, work, acc): for frames t < count
  ;; of a frame-major float32 STFT (bins = n/2 + 1 per frame; real parts at re, imaginary at im) and a mask of the
  ;; same layout, the bins X[k] mask[k] (float32 products, as librosa's complex64) go interleaved into spec, the
  ;; Nyquist real part into slot 1 (PFFFT's packed order), PFFFT's ordered inverse (the import "fft", direction 1)
  ;; writes out, and acc[t hop + i] += out[i] * scale * win[i] in float64 (acc and win float64; acc at byte acc +
  ;; 8 t hop): the products and sums of inverseAdder in src/dsp/istft.ts, in its order. n a multiple of 32.
  (func (export "maskedOverlapAdd") (param $setup i32) (param $n i32) (param $count i32) (param $re i32) (param $im i32)
    (param $mask i32) (param $hop i32) (param $scale f64) (param $win i32) (param $spec i32) (param $out i32) (param $work i32) (param $acc i32)
    (local $t i32) (local $k i32) (local $bins i32) (local $fb i32) (local $p i32) (local $q i32) (local $a i32) (local $end i32)
    (local $m v128) (local $r v128) (local $i v128) (local $sc v128)
    (local.set $bins (i32.add (i32.shr_u (local.get $n) (i32.const 1)) (i32.const 1)))
    (local.set $fb (i32.shl (local.get $bins) (i32.const 2)))
    (local.set $sc (f64x2.splat (local.get $scale)))
    (block $done
      (loop $frame
        (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
        ;; spec: bins 0 .. n/2 - 1, four at a time (n/2 is a multiple of 4), then the Nyquist real part in slot 1
        (local.set $k (i32.const 0))
        (local.set $p (i32.mul (local.get $t) (local.get $fb)))
        (loop $four
          (local.set $m (v128.load (i32.add (local.get $mask) (local.get $p))))
          (local.set $r (f32x4.mul (v128.load (i32.add (local.get $re) (local.get $p))) (local.get $m)))
          (local.set $i (f32x4.mul (v128.load (i32.add (local.get $im) (local.get $p))) (local.get $m)))
          (local.set $q (i32.add (local.get $spec) (i32.shl (local.get $k) (i32.const 3))))
          (v128.store (local.get $q) (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r) (local.get $i)))
          (v128.store offset=16 (local.get $q) (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r) (local.get $i)))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (local.set $k (i32.add (local.get $k) (i32.const 4)))
          (br_if $four (i32.lt_u (local.get $k) (i32.shr_u (local.get $n) (i32.const 1)))))
        (f32.store offset=4 (local.get $spec) (f32.mul (f32.load (i32.add (local.get $re) (local.get $p))) (f32.load (i32.add (local.get $mask) (local.get $p)))))
        (call $fft (local.get $setup) (local.get $spec) (local.get $out) (local.get $work) (i32.const 1))
        ;; acc += out scale win, two samples at a time
        (local.set $a (i32.add (local.get $acc) (i32.shl (i32.mul (local.get $t) (local.get $hop)) (i32.const 3))))
        (local.set $q (local.get $out))
        (local.set $p (local.get $win))
        (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
        (loop $two
          (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a))
            (f64x2.mul (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q))) (local.get $sc)) (v128.load (local.get $p)))))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (local.set $q (i32.add (local.get $q) (i32.const 8)))
          (br_if $two (i32.lt_u (local.get $q) (local.get $end))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $frame))))

  ;; cqtFrames(setup, n, count, sig, hopBytes, in, out, work, rows, table, resp): for frames t < count (frame t the n
  ;; float32 samples at byte sig + t hopBytes, copied to the aligned in when needed), PFFFT's ordered forward
  ;; transform into out, then for each row j (int32 triples at table: the byte offset in out of its first bin's
  ;; (re, im), and the byte start and end of its float64 (re, im) coefficients) the complex sum in bin order
  ;; (ar += br dr - bi di, ai += br di + bi dr, as projectFrame in src/features/cqt-octave.ts: the same values),
  ;; written as float64 (ar, ai) at byte resp + 16 (rows t + j).
  (func (export "cqtFrames") (param $setup i32) (param $n i32) (param $count i32) (param $sig i32) (param $hop i32)
    (param $in i32) (param $out i32) (param $work i32) (param $rows i32) (param $table i32) (param $resp i32)
    (local $t i32) (local $src i32) (local $j i32) (local $e i32) (local $d i32) (local $c i32) (local $end i32)
    (local $acc v128) (local $x v128)
    (block $done
      (loop $frame
        (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
        (local.set $src (i32.add (local.get $sig) (i32.mul (local.get $t) (local.get $hop))))
        (if (i32.and (local.get $src) (i32.const 15))
          (then
            (memory.copy (local.get $in) (local.get $src) (i32.shl (local.get $n) (i32.const 2)))
            (local.set $src (local.get $in))))
        (call $fft (local.get $setup) (local.get $src) (local.get $out) (local.get $work) (i32.const 0))
        (local.set $j (i32.const 0))
        (local.set $e (local.get $table))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_u (local.get $j) (local.get $rows)))
            (local.set $d (i32.add (local.get $out) (i32.load (local.get $e))))
            (local.set $c (i32.load offset=4 (local.get $e)))
            (local.set $end (i32.load offset=8 (local.get $e)))
            (local.set $acc (v128.const i64x2 0 0))
            (block $binsDone
              (loop $bin
                (br_if $binsDone (i32.ge_u (local.get $c) (local.get $end)))
                (local.set $x (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $d))))
                (local.set $acc (f64x2.add (local.get $acc)
                  (f64x2.add (f64x2.mul (v128.load64_splat (local.get $c)) (local.get $x))
                    (f64x2.mul (f64x2.mul (v128.load64_splat offset=8 (local.get $c))
                      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))
                      (v128.const f64x2 -1 1)))))
                (local.set $d (i32.add (local.get $d) (i32.const 8)))
                (local.set $c (i32.add (local.get $c) (i32.const 16)))
                (br $bin)))
            (v128.store (i32.add (local.get $resp) (i32.shl (i32.add (i32.mul (local.get $rows) (local.get $t)) (local.get $j)) (i32.const 4))) (local.get $acc))
            (local.set $e (i32.add (local.get $e) (i32.const 12)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $row)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $frame))))
;; decimate2(fwd, inv, src, n, blocks, stepBytes, ab, in, X, Yd, yd, work, dst, i0, per, count): the overlap-save
;; 2:1 decimation of src/audio/resample-fft.ts (decimate2Wasm) over a float32 signal copied in whole (zeros past
;; its ends). Block b reads n samples from byte src + b stepBytes into the aligned buffer in, transforms them
;; with PFFFT's ordered forward transform (setup fwd, output X), folds the packed spectrum to the n/2 + 1 bins of
;; the decimated block (Yd: [Yd0, Yd(n/4), re1, im1, ...]; Yd[k] = a_k X[k] + b_k conj X[n/2 - k] with the float64
;; gains ab = [a_0, b_0, a_1, b_1, ...], as foldHalf computes it: float64 products and sums, rounded to float32),
;; inverts it with the ordered backward transform of n/2 points (setup inv, output yd) and copies yd[i0 ..
;; i0 + c) to output sample b per (c = min(per, count - b per)) at byte dst. The same operations in the same
;; order as the JavaScript path, so the same samples bit for bit. work holds n floats.
  (func (export "decimate2") (param $fwd i32) (param $inv i32) (param $src i32) (param $n i32) (param $blocks i32)
    (param $step i32) (param $ab i32) (param $in i32) (param $X i32) (param $Yd i32) (param $yd i32) (param $work i32)
    (param $dst i32) (param $i0 i32) (param $per i32) (param $count i32)
    (local $b i32) (local $q i32) (local $j i32) (local $j2 i32) (local $end i32) (local $c i32) (local $g v128)
    (local.set $q (i32.shr_u (local.get $n) (i32.const 2)))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $b) (local.get $blocks)))
        (memory.copy (local.get $in) (i32.add (local.get $src) (i32.mul (local.get $b) (local.get $step))) (i32.shl (local.get $n) (i32.const 2)))
        (call $fft (local.get $fwd) (local.get $in) (local.get $X) (local.get $work) (i32.const 0))
        ;; Yd[0] = a_0 X[0] + b_0 X[1] (DC and Nyquist are real); Yd[1] = 2 (a_q X[2q]) (bin n/4 meets itself)
        (f32.store (local.get $Yd) (f32.demote_f64 (f64.add
          (f64.mul (f64.load (local.get $ab)) (call $f (local.get $X)))
          (f64.mul (f64.load offset=8 (local.get $ab)) (call $f (i32.add (local.get $X) (i32.const 4)))))))
        (f32.store offset=4 (local.get $Yd) (f32.demote_f64 (f64.mul (f64.const 2)
          (f64.mul (f64.load (i32.add (local.get $ab) (i32.shl (local.get $q) (i32.const 4))))
            (call $f (i32.add (local.get $X) (i32.shl (local.get $q) (i32.const 3))))))))
        ;; k = 1 .. q - 1: [re, im] = a [xr, xi] + b [zr, -zi], X[k] at byte X + 8k, X[n/2 - k] at X + 8 (2q - k)
        (local.set $j (i32.const 1))
        (local.set $j2 (i32.add (local.get $X) (i32.shl (i32.sub (i32.shl (local.get $q) (i32.const 1)) (i32.const 1)) (i32.const 3))))
        (block $foldDone
          (loop $fold
            (br_if $foldDone (i32.ge_u (local.get $j) (local.get $q)))
            (local.set $g (v128.load (i32.add (local.get $ab) (i32.shl (local.get $j) (i32.const 4)))))
            (v128.store64_lane 0 (i32.add (local.get $Yd) (i32.shl (local.get $j) (i32.const 3)))
              (f32x4.demote_f64x2_zero (f64x2.add
                (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $g) (local.get $g))
                  (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $X) (i32.shl (local.get $j) (i32.const 3))))))
                (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $g) (local.get $g))
                  (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $j2))) (v128.const f64x2 1 -1))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (local.set $j2 (i32.sub (local.get $j2) (i32.const 8)))
            (br $fold)))
        (call $fft (local.get $inv) (local.get $Yd) (local.get $yd) (local.get $work) (i32.const 1))
        (local.set $c (i32.sub (local.get $count) (i32.mul (local.get $b) (local.get $per))))
        (if (i32.gt_s (local.get $c) (local.get $per)) (then (local.set $c (local.get $per))))
        (memory.copy (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $b) (local.get $per)) (i32.const 2)))
          (i32.add (local.get $yd) (i32.shl (local.get $i0) (i32.const 2))) (i32.shl (local.get $c) (i32.const 2)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $block))))
)
