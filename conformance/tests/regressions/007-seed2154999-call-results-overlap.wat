;; wasm-smith seed 2154999: a call returning more values than it takes plus one.
;; The results past the six registers come back in the outgoing area and were
;; copied to operand slots lying over it, overwriting the f64's high word with
;; the funcref before reading it.
(module
  (global $g (export "g") (mut i64) (i64.const 0))
  (func $six (param i32) (result i64 i64 f64 funcref f64 f64)
    i64.const 2375570430588765199
    i64.const -249721910373239979
    f64.const 0x1.ad2d9970ffcc5p+405
    ref.null func
    f64.const 0x1.fffffffffffffp-960
    f64.const 0x1.9p-1069)
  (func (export "mix") (param f64) (result f64)
    i32.const 268435456
    call $six
    i64.reinterpret_f64
    global.get $g
    i64.xor
    global.set $g
    i64.reinterpret_f64
    global.get $g
    i64.xor
    global.set $g
    drop
    i64.reinterpret_f64
    global.get $g
    i64.xor
    global.set $g
    global.get $g
    i64.xor
    global.set $g
    global.get $g
    i64.xor
    global.set $g
    local.get 0)
  (func $eight (param i32) (result i32 i64 funcref i32 f64 i32 i64 i32)
    local.get 0
    i64.const 0x1111222233334444
    ref.null func
    i32.const 7
    f64.const -3
    i32.const 9
    i64.const -2
    i32.const 11)
  (func (export "eight") (param i32) (result i32 i64 i32 f64 i32 i64 i32)
    (local i32 f64 i32 i64 i32)
    local.get 0
    call $eight
    ;; the funcref is under five values: move them out and drop it
    local.set 5 local.set 4 local.set 3 local.set 2 local.set 1
    drop
    local.get 1 local.get 2 local.get 3 local.get 4 local.get 5))
