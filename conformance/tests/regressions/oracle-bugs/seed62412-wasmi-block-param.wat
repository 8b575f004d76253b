;; wasm-smith seed 62412 (differential, seeds 50000-69999), line-reduced (function 4
;; removed). Function 3 pushes local 0 (its f32 parameter) at the top level, enters a
;; block with it as a block parameter, runs an `if` with parameters whose `then` arm
;; (never taken: memory.size is 0) writes other locals, and at the block's end xors
;; the f32's bits into global 6 ("ȅ"). Rivet stores the parameter's bits (7.0 ->
;; 0x40e00000) and so does wasmtime 50 (wasmtime-py); wasmi 2.0.0 stores 0, an oracle
;; bug (see tests/regressions.rs, `wasmi_block_param_bug`).
(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i64) (result i32 i32)))
  (type (;5;) (func (param f32 f64) (result f64)))
  (import "host" "mix64" (func (;0;) (type 1) (param i64) (result i64)))
  (import "host" "note" (func (;1;) (type 2) (param i32)))
  (import "host" "fmix" (func (;2;) (type 5) (param f32 f64) (result f64)))
  (import "host" "g32" (global (;0;) i32))
  (import "host" "g64" (global (;1;) i64))
  (import "host" "gf32" (global (;2;) f32))
  (memory (;0;) 0 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i64) i64.const 0)
  (global (;6;) (mut i32) i32.const 0)
  (global (;7;) (mut i32) i32.const 2000)
  (export "z2)" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "5" (memory 0))
  (export "6" (global 0))
  (export "7" (global 1))
  (export "8" (global 2))
  (export "%a" (global 3))
  (export "10" (global 4))
  (export "B" (global 5))
  (export "\u{205}" (global 6))
  (elem (;0;) funcref)
  (func (;3;) (type 5) (param f32 f64) (result f64)
    (local f64 f64 f32 f64)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    local.get 0
    local.get 1
    f64.floor
    local.tee 2
    f64.const nan (;=NaN;)
    local.get 2
    local.get 2
    f64.eq
    select
    block (type 5) (param f32 f64) (result f64) ;; label = @1
      local.set 1
      global.get 1
      memory.size
      if (type 4) (param i64) (result i32 i32) ;; label = @2
        elem.drop 0
        loop (type 1) (param i64) (result i64) ;; label = @3
          global.get 7
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 7
          i32.const 1
          i32.sub
          global.set 7
        end
        memory.size
        i64.load8_s
        i64.shl
        f32.convert_i64_s
        data.drop 3
        f64.const -nan:0xffffffffdffff (;=NaN;)
        f64.nearest
        local.tee 3
        f64.const nan (;=NaN;)
        local.get 3
        local.get 3
        f64.eq
        select
        data.drop 1
        f64.const -0x1.eeeeeeeeeeeeep+751 (;=-22899894549927040000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
        f64.const 0x1.p-1041 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004243991582;)
        local.tee 1
        i64.trunc_f64_s
        memory.size
        nop
        global.get 3
        i32.xor
        global.set 3
        global.get 4
        i64.xor
        global.set 4
        i64.reinterpret_f64
        global.get 5
        i64.xor
        global.set 5
        i64.reinterpret_f64
        global.get 5
        i64.xor
        global.set 5
        i32.reinterpret_f32
        global.get 6
        i32.xor
        global.set 6
        i32.const -1546010274
        i32.const 432983697
      else
        global.get 4
        i64.xor
        global.set 4
        i32.const -585744558
        i32.const -1473730517
      end
      global.get 3
      i32.xor
      global.set 3
      global.get 3
      i32.xor
      global.set 3
      i32.reinterpret_f32
      global.get 6
      i32.xor
      global.set 6
      f64.const 0x1.ffep-1063 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002023;)
    end
  )
  (data (;0;) "\e3\ab")
  (data (;1;) "\de")
  (data (;2;) "")
  (data (;3;) "\c3\8c")
)
