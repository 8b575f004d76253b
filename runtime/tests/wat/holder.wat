(module
  (import "test:calc/api@1.0.0" "[method]cell.get" (func $get (param i32) (result i32)))
  (import "test:calc/api@1.0.0" "[resource-drop]cell" (func $drop (param i32)))
  (memory (export "memory") 1)
  ;;REALLOC
  (func (export "test:calc/holder@1.0.0#hold") (param $h i32) (param $d i32) (result i32)
    (local $v i32)
    (local.set $v (call $get (local.get $h)))
    (if (local.get $d) (then (call $drop (local.get $h))))
    (i32.add (i32.mul (local.get $h) (i32.const 1000)) (local.get $v)))
)
