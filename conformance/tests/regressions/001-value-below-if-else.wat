;; Found by differential testing (wasm-smith seed 207): an i64 constant pushed before an
;; `if (result i32) ... else ...` and consumed after it. Rivet returned 0 for the i64.
(module
  (global $g (export "g") (mut i64) (i64.const 0))
  (func (export "f") (param i32)
    (i64.const -2941635291490223022)
    (if (result i32) (local.get 0)
      (then (i32.const 1))
      (else (i32.const 1023)))
    (drop)
    (global.set $g)))
