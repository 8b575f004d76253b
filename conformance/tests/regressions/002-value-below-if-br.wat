;; Variant of 001 with the `then` arm leaving the function via `br 1`.
(module
  (global $g (export "g") (mut i64) (i64.const 0))
  (func (export "f") (param i32)
    (i64.const -2941635291490223022)
    (if (result i32) (local.get 0)
      (then (br 1))
      (else (i32.const 1023)))
    (drop)
    (global.set $g)))
