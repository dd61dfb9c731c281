;; mirkit's sliding median DOWN THE COLUMNS of a row-major float32 matrix, every column a line, eight columns
;; at a time in two f32x4 lane groups (src/dsp/median-columns.ts): HPSS's median along time on a frame-major
;; spectrogram, or along frequency on a bin-major one, with no transpose. Its own memory (exported); no imports.
;;
;; medianColumns(src, stride, n, k, r, pairs, init, dst): the input holds n + k - 1 rows (the lines already
;; padded at both ends, as the caller's boundary says), row i at byte src + i * stride, its columns float32;
;; for each of `pairs` pairs of 16-byte column groups (the columns 8 p .. 8 p + 7, byte offset 32 p), and each
;; output row t = 0 .. n - 1, dst + t * stride + 32 p receives the element of rank r (0-based) of the window
;; of rows t .. t + k - 1, lane by lane. Row 0's medians are given (init + 32 p, found by the caller); each
;; later one comes from the previous median m: the window changed by one row, so the new median is m itself,
;; the largest value below m or the smallest above m. One pass over the window's k rows counts, per lane,
;; the values at least m and at most m (compare masks, -1 per hit) and finds both neighbours (values on the
;; wrong side of m made NaN by or-ing the mask in, which pmax / pmin with the accumulator first skip), and
;; bitselects pick the answer. The result is an element of the window, as the sorted-window filter's (a window
;; holding both -0 and +0 may give either zero). Finite inputs only; stride a multiple of 32.
;;
;; Compiled by scripts/build-kernels.ts into src/dsp/median-columns-wasm.ts.
(module
  (memory (export "memory") 1)

  (func (export "medianColumns") (param $src i32) (param $stride i32) (param $n i32) (param $k i32) (param $r i32)
    (param $pairs i32) (param $init i32) (param $dst i32)
    (local $p i32) (local $c i32) (local $t i32) (local $j i32) (local $a i32) (local $out i32)
    (local $m0 v128) (local $m1 v128) (local $w0 v128) (local $w1 v128) (local $g0 v128) (local $g1 v128)
    (local $l0 v128) (local $l1 v128) (local $ge0 v128) (local $ge1 v128) (local $le0 v128) (local $le1 v128)
    (local $mx0 v128) (local $mx1 v128) (local $mn0 v128) (local $mn1 v128) (local $kv v128) (local $rv v128)
    (local $neg v128) (local $pos v128)
    (local.set $kv (i32x4.splat (local.get $k)))
    (local.set $rv (i32x4.splat (local.get $r)))
    (local.set $neg (f32x4.splat (f32.const -inf)))
    (local.set $pos (f32x4.splat (f32.const inf)))
    (local.set $p (i32.const 0))
    (block $pairsDone
      (loop $eachPair
        (br_if $pairsDone (i32.ge_u (local.get $p) (local.get $pairs)))
        (local.set $c (i32.shl (local.get $p) (i32.const 5)))
        (local.set $m0 (v128.load (i32.add (local.get $init) (local.get $c))))
        (local.set $m1 (v128.load offset=16 (i32.add (local.get $init) (local.get $c))))
        (v128.store (i32.add (local.get $dst) (local.get $c)) (local.get $m0))
        (v128.store offset=16 (i32.add (local.get $dst) (local.get $c)) (local.get $m1))
        (local.set $t (i32.const 1))
        (block $rowsDone
          (loop $eachRow
            (br_if $rowsDone (i32.ge_u (local.get $t) (local.get $n)))
            ;; the window: rows t .. t + k - 1, from byte a
            (local.set $a (i32.add (i32.add (local.get $src) (i32.mul (local.get $t) (local.get $stride))) (local.get $c)))
            (local.set $ge0 (v128.const i32x4 0 0 0 0))
            (local.set $ge1 (v128.const i32x4 0 0 0 0))
            (local.set $le0 (v128.const i32x4 0 0 0 0))
            (local.set $le1 (v128.const i32x4 0 0 0 0))
            (local.set $mx0 (local.get $neg))
            (local.set $mx1 (local.get $neg))
            (local.set $mn0 (local.get $pos))
            (local.set $mn1 (local.get $pos))
            (local.set $j (local.get $k))
            (loop $eachInWindow
              (local.set $w0 (v128.load (local.get $a)))
              (local.set $w1 (v128.load offset=16 (local.get $a)))
              (local.set $g0 (f32x4.ge (local.get $w0) (local.get $m0)))
              (local.set $g1 (f32x4.ge (local.get $w1) (local.get $m1)))
              (local.set $l0 (f32x4.le (local.get $w0) (local.get $m0)))
              (local.set $l1 (f32x4.le (local.get $w1) (local.get $m1)))
              (local.set $ge0 (i32x4.add (local.get $ge0) (local.get $g0)))
              (local.set $ge1 (i32x4.add (local.get $ge1) (local.get $g1)))
              (local.set $le0 (i32x4.add (local.get $le0) (local.get $l0)))
              (local.set $le1 (i32x4.add (local.get $le1) (local.get $l1)))
              (local.set $mx0 (f32x4.pmax (local.get $mx0) (v128.or (local.get $w0) (local.get $g0))))
              (local.set $mx1 (f32x4.pmax (local.get $mx1) (v128.or (local.get $w1) (local.get $g1))))
              (local.set $mn0 (f32x4.pmin (local.get $mn0) (v128.or (local.get $w0) (local.get $l0))))
              (local.set $mn1 (f32x4.pmin (local.get $mn1) (v128.or (local.get $w1) (local.get $l1))))
              (local.set $a (i32.add (local.get $a) (local.get $stride)))
              (br_if $eachInWindow (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))
            ;; below = k - count(w >= m) (the masks added -1 each), atMost = count(w <= m);
            ;; m = below > r ? the largest below : (atMost <= r ? the smallest above : m)
            (local.set $m0
              (v128.bitselect
                (local.get $mx0)
                (v128.bitselect (local.get $mn0) (local.get $m0) (i32x4.le_s (i32x4.neg (local.get $le0)) (local.get $rv)))
                (i32x4.gt_s (i32x4.add (local.get $kv) (local.get $ge0)) (local.get $rv))))
            (local.set $m1
              (v128.bitselect
                (local.get $mx1)
                (v128.bitselect (local.get $mn1) (local.get $m1) (i32x4.le_s (i32x4.neg (local.get $le1)) (local.get $rv)))
                (i32x4.gt_s (i32x4.add (local.get $kv) (local.get $ge1)) (local.get $rv))))
            (local.set $out (i32.add (i32.add (local.get $dst) (i32.mul (local.get $t) (local.get $stride))) (local.get $c)))
            (v128.store (local.get $out) (local.get $m0))
            (v128.store offset=16 (local.get $out) (local.get $m1))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $eachRow)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $eachPair)))))
