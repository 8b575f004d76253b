;; Wasm-level linking in the spec runner (written for Rivet, in the style of the
;; spec's linking.wast and imports.wast): shared mutable globals, memories and
;; tables, in both directions and through nested calls; unlinkable imports with
;; their reasons.

;; Mutable globals
(module $Mg
  (global $glob (export "glob") i32 (i32.const 42))
  (global $mut (export "mut_glob") (mut i32) (i32.const 142))
  (func (export "get_mut") (result i32) (global.get $mut))
  (func (export "set_mut") (param i32) (global.set $mut (local.get 0)))
)
(register "Mg" $Mg)

(module $Ng
  (global $x (import "Mg" "glob") i32)
  (global $mut (import "Mg" "mut_glob") (mut i32))
  (func $get_mut (import "Mg" "get_mut") (result i32))
  (func $set_mut (import "Mg" "set_mut") (param i32))
  (export "Mg.get_mut" (func $get_mut))
  (export "Mg.set_mut" (func $set_mut))
  (func (export "get_x") (result i32) (global.get $x))
  (func (export "get_mut") (result i32) (global.get $mut))
  (func (export "set_mut") (param i32) (global.set $mut (local.get 0)))
  (func (export "set_then_call") (param i32) (result i32)
    (global.set $mut (local.get 0))
    (call $get_mut))
  (func (export "call_then_get") (param i32) (result i32)
    (call $set_mut (local.get 0))
    (global.get $mut))
)

(assert_return (invoke $Ng "get_x") (i32.const 42))
(assert_return (get $Mg "mut_glob") (i32.const 142))
(assert_return (invoke $Ng "get_mut") (i32.const 142))
(invoke $Mg "set_mut" (i32.const 241))
(assert_return (get $Mg "mut_glob") (i32.const 241))
(assert_return (invoke $Ng "get_mut") (i32.const 241))
(invoke $Ng "set_mut" (i32.const 243))
(assert_return (get $Mg "mut_glob") (i32.const 243))
(assert_return (invoke $Ng "Mg.get_mut") (i32.const 243))
(assert_return (invoke $Ng "set_then_call" (i32.const 7)) (i32.const 7))
(assert_return (invoke $Ng "call_then_get" (i32.const 9)) (i32.const 9))
(assert_return (invoke $Mg "get_mut") (i32.const 9))

(assert_unlinkable
  (module (import "Mg" "mut_glob" (global i32)))
  "incompatible import type"
)
(assert_unlinkable
  (module (import "Mg" "glob" (global (mut i32))))
  "incompatible import type"
)
(assert_unlinkable
  (module (import "Mg" "glob" (global i64)))
  "incompatible import type"
)
(assert_unlinkable
  (module (import "Mg" "get_mut" (func (param i32))))
  "incompatible import type"
)
(assert_unlinkable
  (module (import "Mg" "glob" (func)))
  "incompatible import type"
)
(assert_unlinkable
  (module (import "Mg" "nothing" (func)))
  "unknown import"
)
(assert_unlinkable
  (module (import "Nowhere" "x" (memory 1)))
  "unknown import"
)

;; Memories
(module $Mm
  (memory (export "mem") 1 5)
  (data (i32.const 10) "\00\01\02\03\04\05\06\07\08\09")
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
)
(register "Mm" $Mm)

(module $Nm
  (func $loadM (import "Mm" "load") (param i32) (result i32))
  (func $storeM (import "Mm" "store") (param i32 i32))
  (memory (import "Mm" "mem") 1)
  (data (i32.const 20) "\aa\bb")
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "Mm.load") (param i32) (result i32) (call $loadM (local.get 0)))
  (func (export "store_then_load_via_M") (param i32 i32) (result i32)
    (i32.store8 (local.get 0) (local.get 1))
    (call $loadM (local.get 0)))
  (func (export "store_via_M_then_load") (param i32 i32) (result i32)
    (call $storeM (local.get 0) (local.get 1))
    (i32.load8_u (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
)

(assert_return (invoke $Nm "load" (i32.const 12)) (i32.const 2))
(assert_return (invoke $Mm "load" (i32.const 20)) (i32.const 0xaa))
(assert_return (invoke $Nm "Mm.load" (i32.const 21)) (i32.const 0xbb))
(invoke $Mm "store" (i32.const 30) (i32.const 77))
(assert_return (invoke $Nm "load" (i32.const 30)) (i32.const 77))
(assert_return (invoke $Nm "store_then_load_via_M" (i32.const 40) (i32.const 5)) (i32.const 5))
(assert_return (invoke $Nm "store_via_M_then_load" (i32.const 41) (i32.const 6)) (i32.const 6))
(assert_return (invoke $Mm "load" (i32.const 41)) (i32.const 6))
(assert_return (invoke $Nm "grow" (i32.const 2)) (i32.const 1))
(assert_return (invoke $Mm "size") (i32.const 3))
(assert_return (invoke $Mm "grow" (i32.const 1)) (i32.const 3))
(assert_return (invoke $Nm "size") (i32.const 4))
(assert_return (invoke $Nm "load" (i32.const 40)) (i32.const 5))

(assert_unlinkable
  (module (import "Mm" "mem" (memory 5)))
  "incompatible import type"
)
(assert_unlinkable
  (module (import "Mm" "mem" (memory 1 3)))
  "incompatible import type"
)
(module (import "Mm" "mem" (memory 1 5)))

;; Tables
(module $Mt
  (table (export "tab") 3 10 externref)
  (func (export "get") (param i32) (result externref) (table.get (local.get 0)))
  (func (export "set") (param i32 externref) (table.set (local.get 0) (local.get 1)))
  (func (export "size") (result i32) (table.size))
)
(register "Mt" $Mt)

(module $Nt
  (table $t (import "Mt" "tab") 2 externref)
  (func $setM (import "Mt" "set") (param i32 externref))
  (func (export "get") (param i32) (result externref) (table.get $t (local.get 0)))
  (func (export "grow") (param externref i32) (result i32)
    (table.grow $t (local.get 0) (local.get 1)))
  (func (export "set_via_M_then_get") (param i32 externref) (result externref)
    (call $setM (local.get 0) (local.get 1))
    (table.get $t (local.get 0)))
)

(invoke $Mt "set" (i32.const 1) (ref.extern 5))
(assert_return (invoke $Nt "get" (i32.const 1)) (ref.extern 5))
(assert_return (invoke $Nt "grow" (ref.extern 9) (i32.const 2)) (i32.const 3))
(assert_return (invoke $Mt "size") (i32.const 5))
(assert_return (invoke $Mt "get" (i32.const 4)) (ref.extern 9))
(assert_return (invoke $Nt "set_via_M_then_get" (i32.const 0) (ref.extern 3)) (ref.extern 3))
(assert_trap (invoke $Nt "get" (i32.const 5)) "out of bounds table access")

(assert_unlinkable
  (module (import "Mt" "tab" (table 1 funcref)))
  "incompatible import type"
)
(assert_unlinkable
  (module (import "Mt" "tab" (table 6 externref)))
  "incompatible import type"
)

;; spectest's memory (1 page, max 2) and table (10, max 20) have types too
(module (import "spectest" "memory" (memory 1 2)) (import "spectest" "table" (table 10 20 funcref)))
(assert_unlinkable (module (import "spectest" "memory" (memory 2))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "memory" (memory 1 1))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "table" (table 11 funcref))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "table" (table 10 15 funcref))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "table" (table 10 externref))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "global_i32" (global (mut i32)))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "unknown" (memory 1))) "unknown import")
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i64)))) "incompatible import type")

;; A trapping instantiation keeps what it wrote to shared items (Wasm 2.0)
(module $Md
  (memory (export "mem") 1)
  (global (export "g") (mut i32) (i32.const 0))
  (table (export "tab") 2 externref)
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "get_g") (result i32) (global.get 0))
)
(register "Md" $Md)
(assert_trap
  (module
    (memory (import "Md" "mem") 1)
    (data (i32.const 5) "\2a")
    (data (i32.const 65536) "x")
  )
  "out of bounds memory access"
)
(assert_return (invoke $Md "load" (i32.const 5)) (i32.const 42))
(assert_trap
  (module
    (global (import "Md" "g") (mut i32))
    (func $start (global.set 0 (i32.const 9)) unreachable)
    (start $start)
  )
  "unreachable"
)
(assert_return (invoke $Md "get_g") (i32.const 9))
