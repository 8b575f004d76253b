(module
  (import "rivet:base/account@0.1.0" "nonce" (func $nonce (result i64)))
  (memory (export "memory") 1)
  ;;REALLOC
  (func (export "test:calc/hosted@1.0.0#nonce-plus") (param i64) (result i64)
    (i64.add (call $nonce) (local.get 0)))
)
