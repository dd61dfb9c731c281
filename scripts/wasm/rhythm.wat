;; mirkit's rhythm kernels, run on PFFFT's memory and linked on first use by src/dsp/rhythm-kernel.ts: the
;; windowed autocorrelation of every frame of an onset envelope (the autocorrelation tempogram), the Fourier
;; tempogram's sliding DFT and its exact restarts, plp's overlap-add of single-bin inverse DFTs, tempo's
;; mean-tempogram sweep, and the decibels of the onset envelope's mel bands (decibels, at the end).
;;
;; autocorrelationFrames(setup, src, nFrames, winLength, n, win, in, tmp, work, out, frameStep, lagStep, mode)
;; computes, for frames
;; t = 0 .. nFrames - 1 of a float64 envelope (frame t = the winLength values from byte src + 8 t):
;;   1. the windowed frame float32(env[t + j] * win[j]) (float64 product, win a float64 array at byte win),
;;      zero-padded to n samples, in the aligned buffer `in`;
;;   2. its spectrum X by PFFFT's real forward transform in its internal order (the import "fftz",
;;      pffft_transform, direction 0) into `tmp`;
;;   3. the power, each value float32(float64 sum of float64 squares), in that order (imaginary slots 0) back
;;      in `in`;
;;   4. the backward transform (direction 1) into `tmp`: n times the autocorrelation, in natural order;
;;   5. the lags v[j] = float64(tmp[j]) s, j < winLength, with s = 1 / max |tmp[j]| when mode bit 0 is set and
;;      max |tmp[j]| / n is at least the smallest normal float64 (the max norm), else s = 1 / n, lag j of frame t
;;      written to byte out + t * frameStep + j * lagStep as float32 (mode bit 1 clear) or float64 (mode
;;      bit 1 set): frame-major or lag-major as the strides say.
;; The operations and their order are those of frameAutocorrelation and forEachAutocorrelation in
;; src/features/tempogram.ts (IEEE products, sums and quotients, no fused multiply-add), so the values equal
;; the JavaScript path's bit for bit: PFFFT's ordered transforms are these transforms plus a reordering of the
;; spectrum (a permutation), which the power, one value per bin, does not need. `in`, `tmp` and `work` hold n
;; float32 each, 16-byte aligned; n is a multiple of 32 and at least 2 winLength - 1.
;;
;; hannSlide(state, twiddles, src, nFrames, bins, n, outRe, outIm, outMag, frameStep, binStep, mode) continues a
;; rectangular sliding DFT of a float64 envelope over nFrames frames of n samples (frame t from byte src + 8 t)
;; and writes each frame's periodic-Hann-windowed spectrum, bins 0 .. bins - 1 (bins = n/2 + 1):
;;   state: float64 pairs (re, im) R[k] for k = -1 .. bins (byte state + 16 (k + 1)) holding R_t of the first
;;     frame on entry and R_{t + nFrames} on return; the guards R[-1] = conj R[1] and R[bins] = conj R[n - bins]
;;     are set here;
;;   Y[k] = R[k] / 2 - (R[k - 1] + R[k + 1]) / 4 (float64), rounded to float32: re to byte
;;     outRe + t * frameStep + k * binStep and im to outIm + (the same) (mode bit 1), and
;;     float32(sqrt(re^2 + im^2)) of those float32 parts, in float64, to outMag + (the same) (mode bit 0);
;;   the slide R[k] <- e^{2 pi i k / n} (R[k] + x[t + n] - x[t]) with twiddles (byte twiddles + 32 k) the
;;     float64 quads [cos, cos, -sin, sin] of 2 pi k / n: re' = a cos - c sin, im' = a sin + c cos.
;; The operations and their order are those of slidingHannStft in src/features/fourier-tempogram.ts, so the
;; values are the same bit for bit (its bin 0, 0.5 R0 - 0.5 R1, is the general formula with R[-1] = conj R[1]).
;;
;; exactDft(state, table, src, n, count) writes the rectangular DFT of the n float64 samples at byte src, bins
;; k = 0 .. count - 1, as float64 pairs (re, im) to byte state + 16 k: from zeros, for each non-zero sample
;; x[j] in order and each bin k in order, (re, im) += x[j] * table[(j k) mod n], the table holding the float64
;; pairs [cos, -sin] of 2 pi i / n: the sums of exactDft in src/features/fourier-tempogram.ts, bit for bit
;; (im - x sin is im + x (-sin)).
;;
;; overlapAdd(dst, win, cos, sin, count, idx, k, a, b, n) adds to the float64 values at byte dst, for
;; j = 0 .. count - 1, win[j] * (a * cos[i_j] - b * sin[i_j]) with i_j = (idx + j k) mod n (win, cos and sin
;; float64 arrays, win already offset to the first j): one bin of plp's windowed inverse DFT, with the
;; operations of addInverseBin in src/features/plp.ts (two j per SIMD step, each value's sum unchanged).
;;
;; sweep(S, tw, M, q, L, d, out, weight, A) is one step of tempo's mean-tempogram sliding DFT on the bins of
;; one parity q (sweepParity in src/features/mean-tempogram.ts, the same operations in its order): the float64
;; pairs S[m + 1] (byte S + 16 (m + 1)), m < M, become (S + d) e^{2 pi i k / N} - out with the twiddle quads
;; [cos, cos, -sin, sin] at byte tw + 32 m, and when weight > 0 each bin's hann combination
;; X = S[m] - (S[m - 1] + S[m + 1]) / 2 (guards: the conjugates of S[2 - q] below and of S[L - q - M + 1]
;; above, as pair indices) adds weight (Xr^2 + Xi^2) to the float64 A[m] (byte A + 8 m).
;;
;; Compiled by scripts/build-kernels.ts into src/dsp/rhythm-wasm.ts.
(module
  (import "env" "memory" (memory 1))
  (import "env" "fftz" (func $fftz (param i32 i32 i32 i32 i32)))

  ;; in[j] = float32(env[j] * win[j]) for j < len, zeros up to n (env and win float64 at bytes e and w)
  (func $window (param $e i32) (param $w i32) (param $len i32) (param $n i32) (param $in i32)
    (local $j i32) (local $v v128)
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $len)))
        (local.set $v (f64x2.mul
          (v128.load (i32.add (local.get $e) (i32.shl (local.get $j) (i32.const 3))))
          (v128.load (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3))))))
        (v128.store64_lane 0 (i32.add (local.get $in) (i32.shl (local.get $j) (i32.const 2)))
          (f32x4.demote_f64x2_zero (local.get $v)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_u (local.get $j) (local.get $len))
      (then
        (f32.store (i32.add (local.get $in) (i32.shl (local.get $j) (i32.const 2)))
          (f32.demote_f64 (f64.mul
            (f64.load (i32.add (local.get $e) (i32.shl (local.get $j) (i32.const 3))))
            (f64.load (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))))
    (memory.fill (i32.add (local.get $in) (i32.shl (local.get $j) (i32.const 2))) (i32.const 0)
      (i32.shl (i32.sub (local.get $n) (local.get $j)) (i32.const 2))))

;; the lags at byte x (float32, n times the autocorrelation) times s, lag j to byte o + j * step as float32
  ;; (wide = 0) or float64 (wide = 1); s = 1 / max |x[j]| when `norm` and max |x[j]| / n is at least the
  ;; smallest normal float64 (the max norm: x / n over its largest magnitude, x / n / (max / n) = x / max), else 1 / n
  (func $lags (param $x i32) (param $len i32) (param $n i32) (param $o i32) (param $step i32) (param $norm i32) (param $wide i32)
    (local $j i32) (local $m v128) (local $big f64) (local $scale v128) (local $v v128)
    (local $a i32) (local $step2 i32)
    (local.set $scale (f64x2.splat (f64.div (f64.const 1) (f64.convert_i32_u (local.get $n)))))
    (if (local.get $norm)
      (then
        ;; max |x[j]|: the float32 maximum over whole quads, then the rest
        (block $quadsDone
          (loop $quads
            (br_if $quadsDone (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $len)))
            (local.set $m (f32x4.max (local.get $m) (f32x4.abs (v128.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $quads)))
        (local.set $big (f64.promote_f32 (f32.max
          (f32.max (f32x4.extract_lane 0 (local.get $m)) (f32x4.extract_lane 1 (local.get $m)))
          (f32.max (f32x4.extract_lane 2 (local.get $m)) (f32x4.extract_lane 3 (local.get $m))))))
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_u (local.get $j) (local.get $len)))
            (local.set $big (f64.max (local.get $big)
              (f64.promote_f32 (f32.abs (f32.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $rest)))
        (if (f64.ge (f64.div (local.get $big) (f64.convert_i32_u (local.get $n))) (f64.const 2.2250738585072014e-308))
          (then (local.set $scale (f64x2.splat (f64.div (f64.const 1) (local.get $big))))))))
    (local.set $step2 (i32.shl (local.get $step) (i32.const 1)))
    ;; pairs (the buffer at x holds n >= len + 1 floats, so the last pair may read one past len)
    (local.set $j (i32.const 0))
    (local.set $a (local.get $o))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $j) (local.get $len)))
        (local.set $v (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))))
          (local.get $scale)))
        (if (local.get $wide)
          (then
            (v128.store64_lane 0 (local.get $a) (local.get $v))
            (if (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $len))
              (then (v128.store64_lane 1 (i32.add (local.get $a) (local.get $step)) (local.get $v)))))
          (else
            (local.set $v (f32x4.demote_f64x2_zero (local.get $v)))
            (v128.store32_lane 0 (local.get $a) (local.get $v))
            (if (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $len))
              (then (v128.store32_lane 1 (i32.add (local.get $a) (local.get $step)) (local.get $v))))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (local.set $a (i32.add (local.get $a) (local.get $step2)))
        (br $pairs))))

;; the power of PFFFT's unordered ("z-domain") real spectrum at byte x into byte p (n floats): blocks of
  ;; eight floats, four real parts then their four imaginary parts, become [|X|^2 x 4, 0 x 4]; the first
  ;; block's first real and imaginary slots hold the real bins 0 and n/2, whose squares stay in place.
  ;; The same values as the power of the ordered layout, permuted as PFFFT's reordering permutes them.
  (func $powerZ (param $x i32) (param $n i32) (param $p i32)
    (local $c i32) (local $re v128) (local $im v128) (local $s0 v128) (local $s1 v128) (local $v f64)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $c) (local.get $n)))
        (local.set $re (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $im (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $s0 (f64x2.add (f64x2.mul (local.get $re) (local.get $re)) (f64x2.mul (local.get $im) (local.get $im))))
        (local.set $re (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $im (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $s1 (f64x2.add (f64x2.mul (local.get $re) (local.get $re)) (f64x2.mul (local.get $im) (local.get $im))))
        (v128.store (i32.add (local.get $p) (i32.shl (local.get $c) (i32.const 2)))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (local.get $s0)) (f32x4.demote_f64x2_zero (local.get $s1))))
        (v128.store offset=16 (i32.add (local.get $p) (i32.shl (local.get $c) (i32.const 2))) (v128.const i64x2 0 0))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))
        (br $blocks)))
    (local.set $v (f64.promote_f32 (f32.load (local.get $x))))
    (f32.store (local.get $p) (f32.demote_f64 (f64.mul (local.get $v) (local.get $v))))
    (local.set $v (f64.promote_f32 (f32.load offset=16 (local.get $x))))
    (f32.store offset=16 (local.get $p) (f32.demote_f64 (f64.mul (local.get $v) (local.get $v)))))

  (func (export "autocorrelationFrames")
    (param $setup i32) (param $src i32) (param $frames i32) (param $len i32) (param $n i32) (param $win i32)
    (param $in i32) (param $tmp i32) (param $work i32) (param $out i32) (param $frameStep i32) (param $lagStep i32) (param $mode i32)
    (local $t i32)
    (block $done
      (loop $frame
        (br_if $done (i32.ge_u (local.get $t) (local.get $frames)))
        (call $window (i32.add (local.get $src) (i32.shl (local.get $t) (i32.const 3))) (local.get $win) (local.get $len) (local.get $n) (local.get $in))
        (call $fftz (local.get $setup) (local.get $in) (local.get $tmp) (local.get $work) (i32.const 0))
        (call $powerZ (local.get $tmp) (local.get $n) (local.get $in))
        (call $fftz (local.get $setup) (local.get $in) (local.get $tmp) (local.get $work) (i32.const 1))
        (call $lags (local.get $tmp) (local.get $len) (local.get $n)
          (i32.add (local.get $out) (i32.mul (local.get $t) (local.get $frameStep))) (local.get $lagStep)
          (i32.and (local.get $mode) (i32.const 1)) (i32.shr_u (local.get $mode) (i32.const 1)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $frame))))

  (func (export "hannSlide")
    (param $state i32) (param $tw i32) (param $src i32) (param $frames i32) (param $bins i32) (param $n i32)
    (param $outRe i32) (param $outIm i32) (param $outMag i32) (param $frameStep i32) (param $binStep i32) (param $mode i32)
    (local $t i32) (local $k i32) (local $p i32) (local $w i32) (local $end i32) (local $o i32)
    (local $prev v128) (local $cur v128) (local $next v128) (local $y v128) (local $a v128) (local $d f64) (local $dd v128)
    (local $half v128) (local $quarter v128) (local $conj v128)
    (local.set $half (f64x2.splat (f64.const 0.5)))
    (local.set $quarter (f64x2.splat (f64.const 0.25)))
    (local.set $conj (v128.const f64x2 1 -1))
    ;; byte address of R[bins] (the upper guard)
    (local.set $end (i32.add (local.get $state) (i32.shl (i32.add (local.get $bins) (i32.const 1)) (i32.const 4))))
    (block $done
      (loop $frame
        (br_if $done (i32.ge_u (local.get $t) (local.get $frames)))
        ;; guards: R[-1] = conj R[1], R[bins] = conj R[n - bins]
        (v128.store (local.get $state) (f64x2.mul (v128.load offset=32 (local.get $state)) (local.get $conj)))
        (v128.store (local.get $end) (f64x2.mul
          (v128.load (i32.add (local.get $state) (i32.shl (i32.add (i32.sub (local.get $n) (local.get $bins)) (i32.const 1)) (i32.const 4))))
          (local.get $conj)))
        ;; d = x[t + n] - x[t] as [d, -0]: adding -0 leaves every imaginary part as it is, signed zeros included
        (local.set $p (i32.add (local.get $src) (i32.shl (local.get $t) (i32.const 3))))
        (local.set $d (f64.sub (f64.load (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3)))) (f64.load (local.get $p))))
        (local.set $dd (f64x2.replace_lane 0 (v128.const f64x2 -0 -0) (local.get $d)))
        ;; one pass: the windowed bin k from the old R[k - 1], R[k], R[k + 1] (held in locals), then R[k] slides
        (local.set $prev (v128.load (local.get $state)))
        (local.set $cur (v128.load offset=16 (local.get $state)))
        (local.set $p (i32.add (local.get $state) (i32.const 32)))
        (local.set $w (local.get $tw))
        (local.set $o (i32.mul (local.get $t) (local.get $frameStep)))
        (local.set $k (i32.const 0))
        (block $binsDone
          (loop $bin
            (br_if $binsDone (i32.ge_u (local.get $k) (local.get $bins)))
            (local.set $next (v128.load (local.get $p)))
            (local.set $y (f32x4.demote_f64x2_zero (f64x2.sub (f64x2.mul (local.get $half) (local.get $cur))
              (f64x2.mul (local.get $quarter) (f64x2.add (local.get $prev) (local.get $next))))))
            (if (i32.and (local.get $mode) (i32.const 1))
              (then
                (local.set $a (f64x2.promote_low_f32x4 (local.get $y)))
                (local.set $a (f64x2.mul (local.get $a) (local.get $a)))
                (f32.store (i32.add (local.get $outMag) (local.get $o))
                  (f32.demote_f64 (f64.sqrt (f64.add (f64x2.extract_lane 0 (local.get $a)) (f64x2.extract_lane 1 (local.get $a))))))))
            (if (i32.and (local.get $mode) (i32.const 2))
              (then
                (v128.store32_lane 0 (i32.add (local.get $outRe) (local.get $o)) (local.get $y))
                (v128.store32_lane 1 (i32.add (local.get $outIm) (local.get $o)) (local.get $y))))
            ;; slide R[k]: [a, c] = R[k] + [d, -0]; R[k] = [a, c] [cos, cos] + [c, a] [-sin, sin]
            (local.set $a (f64x2.add (local.get $cur) (local.get $dd)))
            (v128.store offset=0 (i32.sub (local.get $p) (i32.const 16)) (f64x2.add
              (f64x2.mul (local.get $a) (v128.load (local.get $w)))
              (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a) (local.get $a)) (v128.load offset=16 (local.get $w)))))
            (local.set $prev (local.get $cur))
            (local.set $cur (local.get $next))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $w (i32.add (local.get $w) (i32.const 32)))
            (local.set $o (i32.add (local.get $o) (local.get $binStep)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $bin)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $frame))))

  (func (export "exactDft") (param $state i32) (param $table i32) (param $src i32) (param $n i32) (param $count i32)
    (local $j i32) (local $k i32) (local $idx i32) (local $p i32) (local $x f64) (local $v v128)
    (memory.fill (local.get $state) (i32.const 0) (i32.shl (local.get $count) (i32.const 4)))
    (block $done
      (loop $sample
        (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $x (f64.load (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 3)))))
        (if (f64.ne (local.get $x) (f64.const 0))
          (then
            (local.set $v (f64x2.splat (local.get $x)))
            (local.set $idx (i32.const 0))
            (local.set $p (local.get $state))
            (local.set $k (i32.const 0))
            (block $binsDone
              (loop $bin
                (br_if $binsDone (i32.ge_u (local.get $k) (local.get $count)))
                (if (i32.ge_u (local.get $idx) (local.get $n)) (then (local.set $idx (i32.sub (local.get $idx) (local.get $n)))))
                (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p))
                  (f64x2.mul (local.get $v) (v128.load (i32.add (local.get $table) (i32.shl (local.get $idx) (i32.const 4)))))))
                (local.set $idx (i32.add (local.get $idx) (local.get $j)))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $bin)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $sample))))

  (func (export "overlapAdd")
    (param $dst i32) (param $win i32) (param $cos i32) (param $sin i32) (param $count i32) (param $idx i32)
    (param $k i32) (param $a f64) (param $b f64) (param $n i32)
    (local $j i32) (local $i2 i32) (local $va v128) (local $vb v128) (local $c v128) (local $s v128) (local $o i32)
    (local.set $va (f64x2.splat (local.get $a)))
    (local.set $vb (f64x2.splat (local.get $b)))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $count)))
        ;; the table index of j + 1
        (local.set $i2 (i32.add (local.get $idx) (local.get $k)))
        (if (i32.ge_u (local.get $i2) (local.get $n)) (then (local.set $i2 (i32.sub (local.get $i2) (local.get $n)))))
        (local.set $c (v128.load64_lane 1 (i32.add (local.get $cos) (i32.shl (local.get $i2) (i32.const 3)))
          (v128.load64_zero (i32.add (local.get $cos) (i32.shl (local.get $idx) (i32.const 3))))))
        (local.set $s (v128.load64_lane 1 (i32.add (local.get $sin) (i32.shl (local.get $i2) (i32.const 3)))
          (v128.load64_zero (i32.add (local.get $sin) (i32.shl (local.get $idx) (i32.const 3))))))
        (local.set $o (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 3))))
        (v128.store (local.get $o) (f64x2.add (v128.load (local.get $o))
          (f64x2.mul (v128.load (i32.add (local.get $win) (i32.shl (local.get $j) (i32.const 3))))
            (f64x2.sub (f64x2.mul (local.get $va) (local.get $c)) (f64x2.mul (local.get $vb) (local.get $s))))))
        (local.set $idx (i32.add (local.get $i2) (local.get $k)))
        (if (i32.ge_u (local.get $idx) (local.get $n)) (then (local.set $idx (i32.sub (local.get $idx) (local.get $n)))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_u (local.get $j) (local.get $count))
      (then
        (local.set $o (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 3))))
        (f64.store (local.get $o) (f64.add (f64.load (local.get $o))
          (f64.mul (f64.load (i32.add (local.get $win) (i32.shl (local.get $j) (i32.const 3))))
            (f64.sub
              (f64.mul (local.get $a) (f64.load (i32.add (local.get $cos) (i32.shl (local.get $idx) (i32.const 3)))))
              (f64.mul (local.get $b) (f64.load (i32.add (local.get $sin) (i32.shl (local.get $idx) (i32.const 3))))))))))))

  ;; R <- (R + [d, -0]) [cos, cos] + swap(R + [d, -0]) [-sin, sin] - [out, 0] at byte p, twiddles at byte w
  (func $rotate (param $p i32) (param $w i32) (param $dd v128) (param $oo v128) (result v128)
    (local $a v128) (local $r v128)
    (local.set $a (f64x2.add (v128.load (local.get $p)) (local.get $dd)))
    (local.set $r (f64x2.sub (f64x2.add
      (f64x2.mul (local.get $a) (v128.load (local.get $w)))
      (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a) (local.get $a)) (v128.load offset=16 (local.get $w))))
      (local.get $oo)))
    (v128.store (local.get $p) (local.get $r))
    (local.get $r))

  ;; A[m] += weight (Xr^2 + Xi^2), X = c - 0.5 (p + n), at byte a
  (func $accumulate (param $a i32) (param $p v128) (param $c v128) (param $n v128) (param $weight f64)
    (local $x v128)
    (local.set $x (f64x2.sub (local.get $c) (f64x2.mul (v128.const f64x2 0.5 0.5) (f64x2.add (local.get $p) (local.get $n)))))
    (local.set $x (f64x2.mul (local.get $x) (local.get $x)))
    (f64.store (local.get $a) (f64.add (f64.load (local.get $a))
      (f64.mul (f64.add (f64x2.extract_lane 0 (local.get $x)) (f64x2.extract_lane 1 (local.get $x))) (local.get $weight)))))

  (func (export "sweep") (param $S i32) (param $tw i32) (param $M i32) (param $q i32) (param $L i32)
    (param $d f64) (param $out f64) (param $weight f64) (param $A i32)
    (local $m i32) (local $dd v128) (local $oo v128) (local $prev v128) (local $cur v128) (local $next v128) (local $conj v128)
    (local $p i32) (local $w i32) (local $a i32) (local $x v128) (local $halfv v128)
    (local.set $halfv (v128.const f64x2 0.5 0.5))
    (local.set $dd (f64x2.replace_lane 0 (v128.const f64x2 -0 -0) (local.get $d)))
    (local.set $oo (f64x2.replace_lane 0 (v128.const f64x2 0 0) (local.get $out)))
    (local.set $conj (v128.const f64x2 1 -1))
    (if (f64.eq (local.get $weight) (f64.const 0))
      (then
        (local.set $p (i32.add (local.get $S) (i32.const 16)))
        (local.set $w (local.get $tw))
        (block $done
          (loop $bins
            (br_if $done (i32.ge_u (local.get $m) (local.get $M)))
            (local.set $x (f64x2.add (v128.load (local.get $p)) (local.get $dd)))
            (v128.store (local.get $p) (f64x2.sub (f64x2.add
              (f64x2.mul (local.get $x) (v128.load (local.get $w)))
              (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)) (v128.load offset=16 (local.get $w))))
              (local.get $oo)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $w (i32.add (local.get $w) (i32.const 32)))
            (local.set $m (i32.add (local.get $m) (i32.const 1)))
            (br $bins)))
        (return)))
    ;; bins 0 and 1, then the low guard (pair 0) = conj of pair 2 - q
    (local.set $prev (call $rotate (i32.add (local.get $S) (i32.const 16)) (local.get $tw) (local.get $dd) (local.get $oo)))
    (local.set $cur (call $rotate (i32.add (local.get $S) (i32.const 32)) (i32.add (local.get $tw) (i32.const 32)) (local.get $dd) (local.get $oo)))
    (v128.store (local.get $S) (f64x2.mul (local.get $conj)
      (v128.load (i32.add (local.get $S) (i32.shl (i32.sub (i32.const 2) (local.get $q)) (i32.const 4))))))
    (call $accumulate (local.get $A) (v128.load (local.get $S)) (local.get $prev) (local.get $cur) (local.get $weight))
    ;; bins 2 .. M - 1, inlined: $p walks the state (pair m + 1), $w the twiddles, $a the sums (A[m - 1])
    (local.set $m (i32.const 2))
    (local.set $p (i32.add (local.get $S) (i32.const 48)))
    (local.set $w (i32.add (local.get $tw) (i32.const 64)))
    (local.set $a (i32.add (local.get $A) (i32.const 8)))
    (block $done2
      (loop $bins2
        (br_if $done2 (i32.ge_u (local.get $m) (local.get $M)))
        (local.set $x (f64x2.add (v128.load (local.get $p)) (local.get $dd)))
        (local.set $next (f64x2.sub (f64x2.add
          (f64x2.mul (local.get $x) (v128.load (local.get $w)))
          (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)) (v128.load offset=16 (local.get $w))))
          (local.get $oo)))
        (v128.store (local.get $p) (local.get $next))
        (local.set $x (f64x2.sub (local.get $cur) (f64x2.mul (local.get $halfv) (f64x2.add (local.get $prev) (local.get $next)))))
        (local.set $x (f64x2.mul (local.get $x) (local.get $x)))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a))
          (f64.mul (f64.add (f64x2.extract_lane 0 (local.get $x)) (f64x2.extract_lane 1 (local.get $x))) (local.get $weight))))
        (local.set $prev (local.get $cur))
        (local.set $cur (local.get $next))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $w (i32.add (local.get $w) (i32.const 32)))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $bins2)))
    ;; the high guard: conj of pair L - q - M + 1
    (call $accumulate (i32.add (local.get $A) (i32.shl (i32.sub (local.get $M) (i32.const 1)) (i32.const 3)))
      (local.get $prev) (local.get $cur)
      (f64x2.mul (local.get $conj) (v128.load (i32.add (local.get $S)
        (i32.shl (i32.add (i32.sub (i32.sub (local.get $L) (local.get $q)) (local.get $M)) (i32.const 1)) (i32.const 4)))))
      (local.get $weight)))

;; decibels(src, count, table, low, aminDb, offset) replaces the count float32 values v at byte src (count read as
;; the next multiple of 4: the caller pads) with float32(d), d = 10 log10(max(v, amin)) - offset as dbFloat32 in
;; src/features/db.ts computes it, and returns the largest d (float64, before rounding). A value with bits b in
;; (low, 0x7f800000) is 2^e (c + f), c = 1 + j / 256 from the top 8 mantissa bits and f the low 15 bits:
;;   r = (f 2^-23) invc[j], p = r - r^2 (1/2 - r (1/3 - r / 4)),
;;   d = 10 log10(e) ((e ln 2 + lnc[j]) + p) - offset,
;; with table the float64 pairs [ln c_j, 1 / c_j] (byte table + 16 j); +Infinity gives +Infinity
;; and every other value (at most amin, negative, NaN) aminDb, the smallest d there is (so padding values leave the
;; largest as it is). low is the bits of the largest float32 at most amin, amin at least 2^-126 (no subnormal lies
;; above it). The same float64 operations in the same order as the JavaScript loop, so the same values bit for
;; bit; four values per step, two f64x2 pairs, with no branch on the values and no call.
  (func (export "decibels") (param $src i32) (param $count i32) (param $table i32) (param $low i32)
    (param $aminDb f64) (param $offset f64) (result f64)
    (local $end i32) (local $k i32) (local $b v128) (local $j v128) (local $on v128) (local $inf v128) (local $r v128)
    (local $d v128) (local $lo v128) (local $max v128) (local $t0 v128) (local $t1 v128)
    (local.set $end (i32.add (local.get $src) (i32.shl (i32.and (i32.add (local.get $count) (i32.const 3)) (i32.const -4)) (i32.const 2))))
    (local.set $max (f64x2.splat (local.get $aminDb)))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $b (v128.load (local.get $src)))
        ;; lanes on the table path, and +Infinity
        (local.set $on (i32x4.lt_u (i32x4.sub (local.get $b) (i32x4.splat (i32.add (local.get $low) (i32.const 1))))
          (i32x4.splat (i32.sub (i32.const 0x7f7fffff) (local.get $low)))))
        (local.set $inf (i32x4.eq (local.get $b) (i32x4.splat (i32.const 0x7f800000))))
        ;; j: the table byte offsets (of any bits: within the table)
        (local.set $j (i32x4.shl (v128.and (i32x4.shr_u (local.get $b) (i32.const 15)) (v128.const i32x4 0xff 0xff 0xff 0xff)) (i32.const 4)))
        ;; lanes 0 and 1 into lo, then lanes 2 and 3 (moved down) into d
        (local.set $k (i32.const 0))
        (loop $pair
          (local.set $lo (local.get $d))
          ;; the table pairs [ln c_j, 1 / c_j] of the two lanes
          (local.set $t0 (v128.load (i32.add (local.get $table) (i32x4.extract_lane 0 (local.get $j)))))
          (local.set $t1 (v128.load (i32.add (local.get $table) (i32x4.extract_lane 1 (local.get $j)))))
          (local.set $r (f64x2.mul (f64x2.mul (f64x2.convert_low_i32x4_s (v128.and (local.get $b) (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff)))
              (f64x2.splat (f64.const 1.1920928955078125e-7)))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1))))
          (local.set $d (v128.bitselect
            (f64x2.sub (f64x2.mul (f64x2.splat (f64.const 4.3429448190325175))
              (f64x2.add (f64x2.add
                  (f64x2.mul (f64x2.convert_low_i32x4_s (i32x4.sub (i32x4.shr_u (local.get $b) (i32.const 23)) (i32x4.splat (i32.const 127))))
                    (f64x2.splat (f64.const 0.6931471805599453)))
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
                (f64x2.sub (local.get $r) (f64x2.mul (f64x2.mul (local.get $r) (local.get $r))
                  (f64x2.sub (f64x2.splat (f64.const 0.5)) (f64x2.mul (local.get $r) (f64x2.sub (f64x2.splat (f64.const 0.3333333333333333)) (f64x2.mul (local.get $r)
                    (f64x2.splat (f64.const 0.25))))))))))
              (f64x2.splat (local.get $offset)))
            (v128.bitselect (f64x2.splat (f64.const inf)) (f64x2.splat (local.get $aminDb)) (i64x2.extend_low_i32x4_s (local.get $inf)))
            (i64x2.extend_low_i32x4_s (local.get $on))))
          (local.set $max (f64x2.max (local.get $max) (local.get $d)))
          (local.set $b (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b) (local.get $b)))
          (local.set $j (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $j) (local.get $j)))
          (local.set $on (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $on) (local.get $on)))
          (local.set $inf (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $inf) (local.get $inf)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $pair (i32.eq (local.get $k) (i32.const 1))))
        (v128.store (local.get $src) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $d))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $quad)))
    (f64.max (f64x2.extract_lane 0 (local.get $max)) (f64x2.extract_lane 1 (local.get $max))))
)
