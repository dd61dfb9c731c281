;; mirkit's sparse filterbank kernel (mel bands of power spectra), run on PFFFT's memory right after the
;; power kernel (hann-power.wat) so that the power block is read where it was written.
;;
;; sparseBands(src, srcStride, count, dst, dstStride, rows, start, length, offset, weights) writes, for
;; frames t = 0 .. count - 1 and bands m = 0 .. rows - 1,
;;   dst[t][m] = float32( sum over i < length[m], in order, of weights[offset[m] + i] * src[t][start[m] + i] )
;; with frame t's float32 spectrum at byte src + t * srcStride, its float32 bands at byte dst + t * dstStride,
;; start / length / offset int32 arrays of rows values and weights a float64 array.
;;
;; Each band is one float64 sum in bin order, as filterBlock in src/features/mel.ts adds it (IEEE products
;; and sums, no fused multiply-add), rounded to float32 at the end: the same values bit for bit. SIMD runs
;; across frames (two frames per f64x2 lane pair, eight frames per pass in four independent sums), never
;; across the bins of one sum, so the order of additions of every band is unchanged.
;;
;; bandsDb(p, count, amin, offset, aminDb, lnC, invC) turns count float32 values at byte p, in place, into
;; 10 log10(max(v, amin)) - offset and returns the largest of those float64 values (before their rounding
;; to float32): dbFloat32 of src/features/db.ts with the same float64 operations in the same order (its
;; tables ln(c_i) and 1 / c_i at bytes lnC and invC, float64; the rare subnormal or infinite value through
;; the imported log10, Math.log10), so the same values bit for bit.
;;
;; Compiled by scripts/build-kernels.ts into src/dsp/sparse-bands-wasm.ts.
(module
  (import "env" "memory" (memory 1))
  (import "env" "log10" (func $log10 (param f64) (result f64)))

  ;; stores the two float32 roundings of v at bytes a and a + s
  (func $put2 (param $a i32) (param $s i32) (param $v v128)
    (local.set $v (f32x4.demote_f64x2_zero (local.get $v)))
    (v128.store32_lane 0 (local.get $a) (local.get $v))
    (v128.store32_lane 1 (i32.add (local.get $a) (local.get $s)) (local.get $v)))

  ;; eight frames from byte src (frame stride s) into dst (frame stride d)
  (func $eight (param $src i32) (param $s i32) (param $dst i32) (param $d i32)
    (param $rows i32) (param $start i32) (param $length i32) (param $offset i32) (param $weights i32)
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
        (local.set $p (i32.add (local.get $src)
          (i32.shl (i32.load (i32.add (local.get $start) (i32.shl (local.get $m) (i32.const 2)))) (i32.const 2))))
        (local.set $q (i32.add (local.get $weights)
          (i32.shl (i32.load (i32.add (local.get $offset) (i32.shl (local.get $m) (i32.const 2)))) (i32.const 3))))
        (local.set $e (i32.add (local.get $q)
          (i32.shl (i32.load (i32.add (local.get $length) (i32.shl (local.get $m) (i32.const 2)))) (i32.const 3))))
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
        (local.set $p (i32.add (local.get $dst) (i32.shl (local.get $m) (i32.const 2))))
        (call $put2 (local.get $p) (local.get $d) (local.get $a0))
        (call $put2 (i32.add (local.get $p) (i32.shl (local.get $d) (i32.const 1))) (local.get $d) (local.get $a1))
        (call $put2 (i32.add (local.get $p) (i32.shl (local.get $d) (i32.const 2))) (local.get $d) (local.get $a2))
        (call $put2 (i32.add (local.get $p) (i32.mul (local.get $d) (i32.const 6))) (local.get $d) (local.get $a3))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $band))))

  ;; two frames (or one, with s = d = 0: both lanes the same frame) from byte src into dst
  (func $two (param $src i32) (param $s i32) (param $dst i32) (param $d i32)
    (param $rows i32) (param $start i32) (param $length i32) (param $offset i32) (param $weights i32)
    (local $m i32) (local $p i32) (local $q i32) (local $e i32) (local $a v128)
    (block $bandsDone
      (loop $band
        (br_if $bandsDone (i32.ge_u (local.get $m) (local.get $rows)))
        (local.set $p (i32.add (local.get $src)
          (i32.shl (i32.load (i32.add (local.get $start) (i32.shl (local.get $m) (i32.const 2)))) (i32.const 2))))
        (local.set $q (i32.add (local.get $weights)
          (i32.shl (i32.load (i32.add (local.get $offset) (i32.shl (local.get $m) (i32.const 2)))) (i32.const 3))))
        (local.set $e (i32.add (local.get $q)
          (i32.shl (i32.load (i32.add (local.get $length) (i32.shl (local.get $m) (i32.const 2)))) (i32.const 3))))
        (local.set $a (v128.const i64x2 0 0))
        (block $binsDone
          (loop $bin
            (br_if $binsDone (i32.ge_u (local.get $q) (local.get $e)))
            (local.set $a (f64x2.add (local.get $a)
              (f64x2.mul (v128.load64_splat (local.get $q))
                (f64x2.promote_low_f32x4 (v128.load32_lane 1 (i32.add (local.get $p) (local.get $s)) (v128.load32_zero (local.get $p)))))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $bin)))
        (call $put2 (i32.add (local.get $dst) (i32.shl (local.get $m) (i32.const 2))) (local.get $d) (local.get $a))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $band))))

  (func (export "sparseBands")
    (param $src i32) (param $s i32) (param $count i32) (param $dst i32) (param $d i32)
    (param $rows i32) (param $start i32) (param $length i32) (param $offset i32) (param $weights i32)
    (local $t i32)
    (block $eightsDone
      (loop $eights
        (br_if $eightsDone (i32.gt_u (i32.add (local.get $t) (i32.const 8)) (local.get $count)))
        (call $eight
          (i32.add (local.get $src) (i32.mul (local.get $t) (local.get $s))) (local.get $s)
          (i32.add (local.get $dst) (i32.mul (local.get $t) (local.get $d))) (local.get $d)
          (local.get $rows) (local.get $start) (local.get $length) (local.get $offset) (local.get $weights))
        (local.set $t (i32.add (local.get $t) (i32.const 8)))
        (br $eights)))
    (block $twosDone
      (loop $twos
        (br_if $twosDone (i32.gt_u (i32.add (local.get $t) (i32.const 2)) (local.get $count)))
        (call $two
          (i32.add (local.get $src) (i32.mul (local.get $t) (local.get $s))) (local.get $s)
          (i32.add (local.get $dst) (i32.mul (local.get $t) (local.get $d))) (local.get $d)
          (local.get $rows) (local.get $start) (local.get $length) (local.get $offset) (local.get $weights))
        (local.set $t (i32.add (local.get $t) (i32.const 2)))
        (br $twos)))
    (if (i32.lt_u (local.get $t) (local.get $count))
      (then
        (call $two
          (i32.add (local.get $src) (i32.mul (local.get $t) (local.get $s))) (i32.const 0)
          (i32.add (local.get $dst) (i32.mul (local.get $t) (local.get $d))) (i32.const 0)
          (local.get $rows) (local.get $start) (local.get $length) (local.get $offset) (local.get $weights)))))

  (func (export "bandsDb")
    (param $p i32) (param $count i32) (param $amin f64) (param $offset f64) (param $aminDb f64) (param $lnC i32) (param $invC i32)
    (result f64)
    (local $e i32) (local $b i32) (local $ex i32) (local $j i32) (local $v f64) (local $db f64) (local $r f64) (local $max f64)
    (local.set $max (f64.const -inf))
    (local.set $e (i32.add (local.get $p) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $value
        (br_if $done (i32.ge_u (local.get $p) (local.get $e)))
        (local.set $v (f64.promote_f32 (f32.load (local.get $p))))
        (if (f64.gt (local.get $v) (local.get $amin))
          (then
            (local.set $b (i32.load (local.get $p)))
            (local.set $ex (i32.and (i32.shr_u (local.get $b) (i32.const 23)) (i32.const 255)))
            (if (i32.or (i32.eqz (local.get $ex)) (i32.eq (local.get $ex) (i32.const 255)))
              (then
                (local.set $db (f64.sub (f64.mul (f64.const 10) (call $log10 (local.get $v))) (local.get $offset))))
              (else
                ;; v = 2^(ex - 127) (c_j + f 2^-23), c_j = 1 + j / 256: ln v = (ex - 127) ln 2 + ln c_j + ln(1 + r)
                (local.set $j (i32.shl (i32.and (i32.shr_u (local.get $b) (i32.const 15)) (i32.const 255)) (i32.const 3)))
                (local.set $r (f64.mul
                  (f64.mul (f64.convert_i32_s (i32.and (local.get $b) (i32.const 32767))) (f64.const 1.1920928955078125e-7))
                  (f64.load (i32.add (local.get $invC) (local.get $j)))))
                ;; ln(1 + r) ~ r - r^2 (1/2 - r (1/3 - r (1/4 - r (1/5 - r / 6))))
                (local.set $db (f64.sub (f64.const 0.2) (f64.mul (local.get $r) (f64.const 0.16666666666666666))))
                (local.set $db (f64.sub (f64.const 0.25) (f64.mul (local.get $r) (local.get $db))))
                (local.set $db (f64.sub (f64.const 0.3333333333333333) (f64.mul (local.get $r) (local.get $db))))
                (local.set $db (f64.sub (f64.const 0.5) (f64.mul (local.get $r) (local.get $db))))
                (local.set $db (f64.sub (local.get $r) (f64.mul (f64.mul (local.get $r) (local.get $r)) (local.get $db))))
                (local.set $db (f64.add
                  (f64.add
                    (f64.mul (f64.convert_i32_s (i32.sub (local.get $ex) (i32.const 127))) (f64.const 0.6931471805599453))
                    (f64.load (i32.add (local.get $lnC) (local.get $j))))
                  (local.get $db)))
                (local.set $db (f64.sub (f64.mul (f64.const 4.3429448190325175) (local.get $db)) (local.get $offset))))))
          (else (local.set $db (local.get $aminDb))))
        (f32.store (local.get $p) (f32.demote_f64 (local.get $db)))
        (if (f64.gt (local.get $db) (local.get $max)) (then (local.set $max (local.get $db))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $value)))
    (local.get $max))
)
