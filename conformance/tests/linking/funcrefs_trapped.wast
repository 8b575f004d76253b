;; Wasm 2.0 keeps what a failed instantiation wrote to imported tables and memories,
;; and the functions it wrote there stay callable in their (failed) instance.

(module $Mt
  (type (func (result i32)))
  (table (export "tab") 10 funcref)
  (memory (export "mem") 1)
  (elem (i32.const 2) $g $g)
  (func $g (result i32) (i32.const 4))
  (func (export "call") (param i32) (result i32)
    (call_indirect (type 0) (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
(register "Mt" $Mt)

;; Unlinkable: nothing is written.
(assert_unlinkable
  (module
    (table (import "Mt" "tab") 10 funcref)
    (memory (import "Mt" "nope") 1)
    (func $f (result i32) (i32.const 0))
    (elem (i32.const 7) $f))
  "unknown import")
(assert_trap (invoke $Mt "call" (i32.const 7)) "uninitialized element")

;; A segment out of bounds: the earlier one stays, the failing one writes nothing.
(assert_trap
  (module
    (table (import "Mt" "tab") 10 funcref)
    (func $f (result i32) (i32.const 0))
    (elem (i32.const 7) $f)
    (elem (i32.const 8) $f $f $f $f $f))
  "out of bounds table access")
(assert_return (invoke $Mt "call" (i32.const 7)) (i32.const 0))
(assert_trap (invoke $Mt "call" (i32.const 8)) "uninitialized element")

;; A data segment out of bounds after an element segment.
(assert_trap
  (module
    (table (import "Mt" "tab") 10 funcref)
    (func $f (result i32) (i32.const 11))
    (elem (i32.const 6) $f)
    (memory 1)
    (data (i32.const 0x10000) "d"))
  "out of bounds memory access")
(assert_return (invoke $Mt "call" (i32.const 6)) (i32.const 11))

;; The start function traps: memory and table writes stay, and the function reads
;; the shared memory it was instantiated with.
(assert_trap
  (module
    (import "Mt" "mem" (memory 1))
    (import "Mt" "tab" (table 10 funcref))
    (data (i32.const 0) "hello")
    (elem (i32.const 0) $f)
    (func $f (result i32) (i32.add (i32.const 0xde00) (i32.load8_u (i32.const 1))))
    (func $main (unreachable))
    (start $main))
  "unreachable")
(assert_return (invoke $Mt "load" (i32.const 0)) (i32.const 104))
(assert_return (invoke $Mt "call" (i32.const 0)) (i32.const 0xde65))
(assert_return (invoke $Mt "call" (i32.const 2)) (i32.const 4))
