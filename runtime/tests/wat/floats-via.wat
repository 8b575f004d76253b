(module
  (import "test:floats/fl@1.0.0" "scale" (func $scale (param f64 f32) (result f64)))
  (memory (export "memory") 1)
  ;;REALLOC
  (func (export "test:floats/via@1.0.0#scale-plus-one") (param f64) (result f64)
    (f64.add (call $scale (local.get 0) (f32.const 2.5)) (f64.const 1)))
)
