(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i64) (result i32 i32)))
  (type (;5;) (func (param f32 f64) (result f64)))
  (type (;6;) (func (param funcref)))
  (import "host" "mix" (func (;0;) (type 0) (param i32 i32) (result i32)))
  (import "host" "note" (func (;1;) (type 2) (param i32)))
  (import "host" "split" (func (;2;) (type 4) (param i64) (result i32 i32)))
  (import "host" "fmix" (func (;3;) (type 5) (param f32 f64) (result f64)))
  (import "host" "g64" (global (;0;) i64))
  (import "host" "gf32" (global (;1;) f32))
  (table (;0;) 0 63 externref)
  (table (;1;) 31 60 funcref)
  (table (;2;) 0 externref)
  (memory (;0;) 0 2)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i32) i32.const 0)
  (global (;5;) (mut i64) i64.const 0)
  (global (;6;) (mut i32) i32.const 2000)
  (export ",J" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "6" (table 0))
  (export "7" (table 1))
  (export "8" (table 2))
  (export "9" (memory 0))
  (export "10" (global 0))
  (export "11" (global 1))
  (export "W" (global 2))
  (export "13" (global 3))
  (export "14" (global 4))
  (export "n " (global 5))
  (func (;4;) (type 0) (param i32 i32) (result i32)
    (local f64 i32 f64 f32 f64)
    global.get 6
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    i64.const -4570706486237960148
    ref.null func
    ref.is_null
    local.get 0
    i64.extend_i32_u
    i32.const -313842677
    f64.convert_i32_u
    i32.trunc_sat_f64_u
    global.get 0
    memory.size
    if (type 4) (param i64) (result i32 i32) ;; label = @1
      local.get 3
      i32.load16_u
      local.tee 0
      i32.load align=2
      i32.load16_s
      ref.null extern
      ref.is_null
      f64.load align=2
      memory.size
      i32.load16_u align=1
      memory.grow
      f64.convert_i32_s
      f32.const 0x1.7dc1b2p+21 (;=3127350.3;)
      i32.trunc_sat_f32_s
      f32.reinterpret_i32
      ref.null func
      loop (result f64) ;; label = @2
        global.get 6
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 6
        i32.const 1
        i32.sub
        global.set 6
        memory.size
        data.drop 0
        i32.popcnt
        i64.load8_u
        ref.null extern
        block (type 3) (result i32) ;; label = @3
          block (type 3) (result i32) ;; label = @4
            table.size 0
            local.tee 1
            f64.convert_i32_s
            br 2 (;@2;)
            i32.trunc_f64_u
            local.set 3
            br 2 (;@2;)
            i64.const -6913884525744330652
            i64.ctz
            local.get 3
            i64.load32_u offset=115568 align=2
            i64.div_u
            memory.size
            i32.load16_u offset=60153 align=1
            local.get 3
            i32.extend8_s
            i32.load8_s
            i32.eqz
            i32.load8_s
            f32.const 0x1.e3c74p-17 (;=0.0000144177175;)
            i64.trunc_sat_f32_s
            i64.extend32_s
            f32.const 0x1.fep-142 (;=0.000000000000000000000000000000000000000000357;)
            table.size 0
            local.get 3
            i32.ctz
            i64.load16_s align=1
            i32.wrap_i64
            i32.le_s
            f32.convert_i32_u
            f32.ge
            f64.convert_i32_u
            f64.trunc
            local.tee 4
            f64.const nan (;=NaN;)
            local.get 4
            local.get 4
            f64.eq
            select
            i64.trunc_sat_f64_s
            i64.gt_u
            i32.ge_s
            local.tee 0
            global.get 2
            i32.xor
            global.set 2
            global.get 2
            i32.xor
            global.set 2
            global.get 3
            i64.xor
            global.set 3
            i32.const 1645395123
          end
        end
        global.get 2
        i32.xor
        global.set 2
        drop
        global.get 3
        i64.xor
        global.set 3
        f64.const -0x1.3de867f50ae1fp-617 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002283252507082006;)
      end
      drop
      drop
      i32.reinterpret_f32
      global.get 4
      i32.xor
      global.set 4
      i64.reinterpret_f64
      global.get 5
      i64.xor
      global.set 5
      i64.reinterpret_f64
      global.get 5
      i64.xor
      global.set 5
      global.get 2
      i32.xor
      global.set 2
      global.get 3
      i64.xor
      global.set 3
      i32.const 1543133870
      i32.const -4194304
    else
      global.get 3
      i64.xor
      global.set 3
      i32.const 65536
      i32.const -876747067
    end
    global.get 2
    i32.xor
    global.set 2
    global.get 2
    i32.xor
    global.set 2
    global.get 2
    i32.xor
    global.set 2
    global.get 3
    i64.xor
    global.set 3
    global.get 2
    i32.xor
    global.set 2
    global.get 3
    i64.xor
    global.set 3
    i32.const 2139095040
  )
  (func (;5;) (type 2) (param i32)
    (local i64 f64 f32 f32 f64)
    global.get 6
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    memory.size
    table.size 2
    i32.lt_s
    local.get 1
    i64.extend8_s
    i64.clz
    local.get 0
    local.get 2
    i32.trunc_f64_s
    local.get 2
    i64.trunc_f64_s
    f64.reinterpret_i64
    i32.trunc_f64_s
    i32.xor
    i64.extend_i32_s
    f32.convert_i64_s
    f32.floor
    local.tee 3
    f32.const nan (;=NaN;)
    local.get 3
    local.get 3
    f32.eq
    select
    i32.reinterpret_f32
    i32.shr_s
    call_indirect 1 (type 1)
    i32.wrap_i64
    i32.le_u
    memory.size
    i64.extend_i32_s
    f64.convert_i64_u
    f32.const -nan:0x7f0000 (;=NaN;)
    i32.trunc_sat_f32_s
    call 1
    f32.const 0x1.p-143 (;=0.00000000000000000000000000000000000000000009;)
    i64.trunc_f32_s
    f64.reinterpret_i64
    f64.eq
    loop (result f64) ;; label = @1
      global.get 6
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 6
      i32.const 1
      i32.sub
      global.set 6
      i64.const -2119785621620961563
      i64.const 2305843009213693951
      call 2
      i32.popcnt
      i32.div_s
      f64.convert_i32_u
      local.get 1
      loop (type 1) (param i64) (result i64) ;; label = @2
        global.get 6
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 6
        i32.const 1
        i32.sub
        global.set 6
        f64.const 0x1.5aee768f65e14p+864 (;=166694019139135370000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
        ref.null extern
        i64.const -3516820699998904217
        i64.eqz
        i32.ctz
        i32.clz
        br_if 2
        f64.const 0x1.92185fd838489p-581 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000019845473079309298;)
        memory.size
        br_if 1 (;@1;)
        i32.const -524288
        global.get 0
        data.drop 0
        global.get 0
        i64.extend8_s
        i64.div_s
        i64.popcnt
        memory.size
        if ;; label = @3
        end
        call 2
        i64.load32_u
        local.get 2
        i64.trunc_f64_u
        i64.rem_u
        i64.ctz
        i64.const -4510162022000145772
        i64.ne
        local.set 0
        call_indirect 1 (type 2)
        block ;; label = @3
          i32.const 627115254
          i64.extend_i32_u
          i64.const 549755813887
          ref.null func
          block (type 6) (param funcref) ;; label = @4
            ref.is_null
            memory.grow
            i32.load16_u align=1
            memory.grow
            i64.load16_u
            i64.extend32_s
            ref.null func
            data.drop 0
            block (result funcref) ;; label = @5
              ref.null extern
              ref.is_null
              table.size 1
              i32.load
              i32.div_u
              i32.extend8_s
              memory.grow
              i32.extend8_s
              i64.load16_u
              f32.convert_i64_s
              i64.trunc_sat_f32_s
              i32.wrap_i64
              br_table 1 (;@4;) 2 (;@3;) 4 (;@1;) 5 4 (;@1;)
              i32.const 945785088
              f32.const -0x1.fa4642p-8 (;=-0.007725135;)
              i32.trunc_sat_f32_s
              global.get 2
              i32.xor
              global.set 2
              global.get 2
              i32.xor
              global.set 2
              ref.null func
            end
            drop
            drop
            global.get 3
            i64.xor
            global.set 3
          end
          global.get 3
          i64.xor
          global.set 3
          global.get 3
          i64.xor
          global.set 3
        end
        i64.reinterpret_f64
        global.get 5
        i64.xor
        global.set 5
        drop
        i64.reinterpret_f64
        global.get 5
        i64.xor
        global.set 5
      end
      global.get 3
      i64.xor
      global.set 3
      i64.reinterpret_f64
      global.get 5
      i64.xor
      global.set 5
      global.get 3
      i64.xor
      global.set 3
      f64.const -0x1.d88e798430984p-568 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000019106286120834654;)
    end
    i64.reinterpret_f64
    global.get 5
    i64.xor
    global.set 5
    global.get 2
    i32.xor
    global.set 2
    global.get 2
    i32.xor
    global.set 2
  )
  (data (;0;) "")
)
