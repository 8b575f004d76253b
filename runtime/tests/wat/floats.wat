(module
  (memory (export "memory") 1)
  ;;REALLOC
  (func (export "test:floats/fl@1.0.0#scale") (param f64 f32) (result f64)
    (f64.mul (local.get 0) (f64.promote_f32 (local.get 1))))
  (func (export "test:floats/fl@1.0.0#norm") (param f32 f32) (result f32)
    (f32.sqrt (f32.add (f32.mul (local.get 0) (local.get 0)) (f32.mul (local.get 1) (local.get 1)))))
  (func (export "test:floats/fl@1.0.0#odd-nan") (result f32)
    (f32.reinterpret_i32 (i32.const 0xffa00001)))
  ;; result<f32, f64> through a return area at 16: tag byte, payload at 24.
  (func (export "test:floats/fl@1.0.0#half") (param $some i32) (param $x f64) (result i32)
    (if (local.get $some)
      (then
        (i32.store8 (i32.const 16) (i32.const 0))
        (f32.store (i32.const 24) (f32.demote_f64 (f64.div (local.get $x) (f64.const 2)))))
      (else
        (i32.store8 (i32.const 16) (i32.const 1))
        (f64.store (i32.const 24) (f64.const -0.0))))
    (i32.const 16))
)
