;; Function references crossing instances: a table or global one instance exports
;; holding (or receiving) another instance's functions. Valid Wasm that Rivet's spec
;; runner does not support yet: `tests/linking.rs` pins exactly how these directives
;; fail (see `cross_instance_function_references_are_a_known_gap` there for why).
(module $M
  (type $t (func (result i32)))
  (table (export "tab") 4 funcref)
  (elem (i32.const 0) $a)
  (func $a (result i32) (i32.const 10))
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $t) (local.get 0))))
(register "M" $M)
(assert_return (invoke $M "call" (i32.const 0)) (i32.const 10))

;; N writes its own function into M's table.
(module $N
  (type $t (func (result i32)))
  (table (import "M" "tab") 4 funcref)
  (elem (i32.const 1) $b)
  (func $b (result i32) (i32.const 20))
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $t) (local.get 0))))
(assert_return (invoke $N "call" (i32.const 1)) (i32.const 20))
(assert_return (invoke $M "call" (i32.const 1)) (i32.const 20))
(assert_return (invoke $N "call" (i32.const 0)) (i32.const 10))

;; A global holding another instance's function reference.
(module $G
  (func $c (result i32) (i32.const 30))
  (global (export "g") funcref (ref.func $c))
  (elem declare func $c))
(register "G" $G)
(module $H
  (type $t (func (result i32)))
  (global (import "G" "g") funcref)
  (table 1 funcref)
  (func (export "run") (result i32)
    (table.set (i32.const 0) (global.get 0))
    (call_indirect (type $t) (i32.const 0))))
(assert_return (invoke $H "run") (i32.const 30))
