;; Function references crossing instances: tables and globals one instance exports
;; holding, receiving or passing on another instance's functions. A call through such
;; a reference runs the function in its own instance (its memory, its globals).

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
(assert_trap (invoke $M "call" (i32.const 2)) "uninitialized element")
(assert_trap (invoke $N "call" (i32.const 4)) "undefined element")

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
    (call_indirect (type $t) (i32.const 0)))
  (func (export "null?") (result i32) (ref.is_null (global.get 0))))
(assert_return (invoke $H "run") (i32.const 30))
(assert_return (invoke $H "null?") (i32.const 0))

;; The callee runs in its own instance: its memory and globals, not the caller's.
(module $S
  (type $t (func (result i32)))
  (memory 1)
  (data (i32.const 0) "\2a")
  (global $n (mut i32) (i32.const 100))
  (table (export "tab") 3 funcref)
  (elem (i32.const 0) $own)
  (func $own (result i32)
    (global.set $n (i32.add (global.get $n) (i32.const 1)))
    (i32.add (global.get $n) (i32.load8_u (i32.const 0))))
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $t) (local.get 0)))
  (func (export "n") (result i32) (global.get $n)))
(register "S" $S)
(module $T
  (type $t (func (result i32)))
  (table (import "S" "tab") 3 funcref)
  (memory 1)
  (data (i32.const 0) "\07")
  (global $n (mut i32) (i32.const 500))
  (elem (i32.const 1) $mine)
  (func $mine (result i32)
    (global.set $n (i32.add (global.get $n) (i32.const 10)))
    (i32.add (global.get $n) (i32.load8_u (i32.const 0))))
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $t) (local.get 0)))
  (func (export "n") (result i32) (global.get $n)))
(assert_return (invoke $S "call" (i32.const 1)) (i32.const 517))
(assert_return (invoke $S "call" (i32.const 1)) (i32.const 527))
(assert_return (invoke $T "n") (i32.const 520))
(assert_return (invoke $S "n") (i32.const 100))
(assert_return (invoke $T "call" (i32.const 0)) (i32.const 143))
(assert_return (invoke $S "n") (i32.const 101))
(assert_return (invoke $T "n") (i32.const 520))

;; Signatures are checked exactly across instances, also for a signature the caller
;; has no type for.
(module $U
  (table (import "M" "tab") 4 funcref)
  (elem (i32.const 2) $p $f)
  (func $p (param i32) (result i32) (local.get 0))
  (func $f (param f64)))
(assert_trap (invoke $M "call" (i32.const 2)) "indirect call type mismatch")
(assert_trap (invoke $M "call" (i32.const 3)) "indirect call type mismatch")
(assert_return (invoke $M "call" (i32.const 1)) (i32.const 20))

;; table.get / set / copy / fill / grow on references of other instances.
(module $Src
  (table (export "t") 4 funcref)
  (elem (i32.const 0) $x $y)
  (func $x (result i32) (i32.const 1))
  (func $y (result i32) (i32.const 2)))
(register "Src" $Src)
(module $Ops
  (type $t (func (result i32)))
  (table $in (import "Src" "t") 4 funcref)
  (table $own 2 10 funcref)
  (func (export "copy") (table.copy $own $in (i32.const 0) (i32.const 0) (i32.const 2)))
  (func (export "get-set") (table.set $own (i32.const 1) (table.get $in (i32.const 0))))
  (func (export "fill") (table.fill $own (i32.const 0) (table.get $in (i32.const 1)) (i32.const 2)))
  (func (export "grow") (result i32) (table.grow $own (table.get $in (i32.const 0)) (i32.const 3)))
  (func (export "call") (param i32) (result i32)
    (call_indirect $own (type $t) (local.get 0)))
  (func (export "size") (result i32) (table.size $own)))
(invoke $Ops "copy")
(assert_return (invoke $Ops "call" (i32.const 0)) (i32.const 1))
(assert_return (invoke $Ops "call" (i32.const 1)) (i32.const 2))
(invoke $Ops "get-set")
(assert_return (invoke $Ops "call" (i32.const 1)) (i32.const 1))
(invoke $Ops "fill")
(assert_return (invoke $Ops "call" (i32.const 0)) (i32.const 2))
(assert_return (invoke $Ops "call" (i32.const 1)) (i32.const 2))
(assert_return (invoke $Ops "grow") (i32.const 2))
(assert_return (invoke $Ops "size") (i32.const 5))
(assert_return (invoke $Ops "call" (i32.const 4)) (i32.const 1))

;; table.copy into a shared table, from the importer's own table.
(module $Cp
  (table $shared (import "Src" "t") 4 funcref)
  (table $own funcref (elem $z $w))
  (func $z (result i32) (i32.const 3))
  (func $w (result i32) (i32.const 4))
  (func (export "copy") (table.copy $shared $own (i32.const 2) (i32.const 0) (i32.const 2))))
(invoke $Cp "copy")
(module
  (type $t (func (result i32)))
  (table (import "Src" "t") 4 funcref)
  (func (export "sum") (result i32)
    (i32.add
      (i32.add (call_indirect (type $t) (i32.const 0)) (call_indirect (type $t) (i32.const 1)))
      (i32.add (call_indirect (type $t) (i32.const 2)) (call_indirect (type $t) (i32.const 3))))))
(assert_return (invoke "sum") (i32.const 10))

;; A mutable funcref global written by an importer, read by the exporter.
(module $Mg
  (type $t (func (result i32)))
  (global (export "f") (mut funcref) (ref.null func))
  (table 1 funcref)
  (func (export "call") (result i32)
    (table.set (i32.const 0) (global.get 0))
    (call_indirect (type $t) (i32.const 0))))
(register "Mg" $Mg)
(assert_trap (invoke $Mg "call") "uninitialized element")
(module $Ng
  (global (import "Mg" "f") (mut funcref))
  (func $v (result i32) (i32.const 77))
  (elem declare func $v)
  (func (export "set") (global.set 0 (ref.func $v))))
(invoke $Ng "set")
(assert_return (invoke $Mg "call") (i32.const 77))

;; References passed as arguments and results of calls between instances.
(module $Pa
  (type $t (func (result i32)))
  (table 2 funcref)
  (func $mine (result i32) (i32.const 8))
  (elem declare func $mine)
  (func (export "store") (param funcref) (table.set (i32.const 0) (local.get 0)))
  (func (export "call") (result i32) (call_indirect (type $t) (i32.const 0)))
  (func (export "give") (result funcref) (ref.func $mine)))
(register "Pa" $Pa)
(module $Pb
  (type $t (func (result i32)))
  (import "Pa" "store" (func $store (param funcref)))
  (import "Pa" "give" (func $give (result funcref)))
  (table 1 funcref)
  (func $theirs (result i32) (i32.const 9))
  (elem declare func $theirs)
  (func (export "pass") (call $store (ref.func $theirs)))
  (func (export "take") (result i32)
    (table.set (i32.const 0) (call $give))
    (call_indirect (type $t) (i32.const 0))))
(invoke $Pb "pass")
(assert_return (invoke $Pa "call") (i32.const 9))
(assert_return (invoke $Pb "take") (i32.const 8))

;; `ref.func` of an imported function written into the exporter's table: the
;; exporter calls its own function (no re-entrant call through the importer).
(module $Ri
  (import "M" "call" (func $mcall (param i32) (result i32)))
  (table (import "M" "tab") 4 funcref)
  (elem (i32.const 3) $mcall))
(assert_trap (invoke $M "call" (i32.const 3)) "indirect call type mismatch")
(module
  (type $u (func (param i32) (result i32)))
  (table (import "M" "tab") 4 funcref)
  (func (export "call") (param i32) (param i32) (result i32)
    (call_indirect (type $u) (local.get 0) (local.get 1))))
(assert_return (invoke "call" (i32.const 0) (i32.const 3)) (i32.const 10))

;; An exporter's own function, imported and written back into its table by another
;; instance: the exporter calls it directly.
(module $K
  (type $t (func (result i32)))
  (table (export "tab") 2 funcref)
  (func (export "h") (result i32) (i32.const -4))
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $t) (local.get 0))))
(register "K" $K)
(module $L
  (type $t (func (result i32)))
  (func $h (import "K" "h") (result i32))
  (table (import "K" "tab") 2 funcref)
  (elem (i32.const 1) $h)
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $t) (local.get 0))))
(assert_return (invoke $K "call" (i32.const 1)) (i32.const -4))
(assert_return (invoke $L "call" (i32.const 1)) (i32.const -4))

;; Element segments initialised from an imported funcref global (active and passive).
(module $E
  (func (result i32) (i32.const 42))
  (global (export "f") funcref (ref.func 0)))
(register "E" $E)
(module
  (import "E" "f" (global funcref))
  (type $t (func (result i32)))
  (table 10 funcref)
  (elem (offset (i32.const 0)) funcref (global.get 0))
  (elem $p funcref (global.get 0) (ref.null func))
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $t) (local.get 0)))
  (func (export "init") (table.init $p (i32.const 4) (i32.const 0) (i32.const 2))))
(assert_return (invoke "call" (i32.const 0)) (i32.const 42))
(assert_trap (invoke "call" (i32.const 4)) "uninitialized element")
(invoke "init")
(assert_return (invoke "call" (i32.const 4)) (i32.const 42))
(assert_trap (invoke "call" (i32.const 5)) "uninitialized element")
