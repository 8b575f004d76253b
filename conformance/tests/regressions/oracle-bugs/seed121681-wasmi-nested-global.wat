(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i64) (result i32 i32)))
  (type (;5;) (func (param f32 f64) (result f64)))
  (import "host" "mix" (func (;0;) (type 0) (param i32 i32) (result i32)))
  (import "host" "state" (func (;1;) (type 3) (result i32)))
  (import "host" "g32" (global (;0;) i32))
  (import "host" "g64" (global (;1;) i64))
  (import "host" "gf32" (global (;2;) f32))
  (memory (;0;) 2 2)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i64) i64.const 0)
  (global (;6;) (mut i32) i32.const 0)
  (global (;7;) (mut i32) i32.const 2000)
  (export "\u{472}\u{15} \u{12}=L" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (memory 0))
  (export "6" (global 0))
  (export "7" (global 1))
  (export "8" (global 2))
  (export "\u{19}93" (global 3))
  (export "10" (global 4))
  (export "O\u{4}m4" (global 5))
  (export "12" (global 6))
  (elem (;0;) declare func)
  (func (;2;) (type 0) (param i32 i32) (result i32)
    (local f64 f32 f32 f64 f64 f32 f32 f32 f32 f32 f64)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    call 1
    i64.load offset=9468 align=1
    block ;; label = @1
      f32.const 0x0p+0 (;=0;)
      local.get 0
      local.tee 0
      call 1
      i32.rem_s
      f32.convert_i32_u
      i32.trunc_f32_s
      br_table 0 (;@1;) 0 (;@1;)
      i64.const 144115188075855872
      i64.const 140737488355327
      f64.convert_i64_s
      f64.neg
      f64.neg
      f64.trunc
      local.tee 2
      f64.const nan (;=NaN;)
      local.get 2
      local.get 2
      f64.eq
      select
      global.get 2
      f32.ceil
      local.tee 3
      f32.const nan (;=NaN;)
      local.get 3
      local.get 3
      f32.eq
      select
      f32.trunc
      local.tee 4
      f32.const nan (;=NaN;)
      local.get 4
      local.get 4
      f32.eq
      select
      f64.const -nan:0xffffffffffc00 (;=NaN;)
      memory.size
      local.tee 0
      f64.const 0x1.p-1051 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004144523;)
      i32.trunc_f64_s
      i32.or
      i64.load offset=130582 align=4
      i64.popcnt
      memory.size
      i64.load32_u offset=33788 align=1
      f64.const 0x1.ffffffff8p-1041 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000084879831634;)
      local.get 0
      i32.load8_u offset=104439
      memory.size
      i32.ne
      i32.clz
      i32.const 431536181
      local.tee 1
      i32.rem_s
      i32.extend8_s
      i64.load16_s offset=12498 align=1
      global.get 2
      ref.null func
      br 0 (;@1;)
      elem.drop 0
      local.get 1
      i32.load16_s offset=131072
      i32.load16_s offset=51152 align=1
      i32.load16_s offset=100926
      i32.load16_s offset=30093 align=1
      i32.load16_u offset=3767797659
      br 1
      f64.const nan:0xfffffffffffff (;=NaN;)
      i64.reinterpret_f64
      local.get 0
      i64.const 1048576
      f32.const 0x1.7328b6p-60 (;=0.0000000000000000012575357;)
      i32.trunc_f32_u
      br_table 0 (;@1;) 0 (;@1;)
      i64.popcnt
      i64.store offset=61581 align=4
      f64.reinterpret_i64
      block (result f64) ;; label = @2
        i32.const -1903519618
        memory.grow
        i32.load offset=122968
        i32.load offset=96505 align=1
        local.get 0
        i32.rem_s
        local.tee 0
        f32.convert_i32_u
        f32.abs
        global.get 0
        br_table 1 (;@1;) 1 (;@1;)
        i32.trunc_f32_s
        local.set 1
        data.drop 0
        br 1 (;@1;)
        ref.null func
        f32.const 0x1.db3b7ap+122 (;=9870189300000000000000000000000000000;)
        elem.drop 0
        ref.null func
        f64.const -nan (;=NaN;)
        f64.ceil
        local.tee 5
        f64.const nan (;=NaN;)
        local.get 5
        local.get 5
        f64.eq
        select
        global.get 1
        i64.clz
        ref.null extern
        ref.is_null
        local.set 1
        block (type 4) (param i64) (result i32 i32) ;; label = @3
          br 2 (;@1;)
          local.get 1
          if (result f64) ;; label = @4
            data.drop 0
            elem.drop 0
            memory.size
            i64.extend_i32_u
            f64.convert_i64_s
            elem.drop 0
            i64.trunc_sat_f64_u
            block (type 4) (param i64) (result i32 i32) ;; label = @5
              loop (type 1) (param i64) (result i64) ;; label = @6
                global.get 7
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 7
                i32.const 1
                i32.sub
                global.set 7
                local.get 1
                i64.const -65
                i64.ctz
                i64.ctz
                f64.convert_i64_s
                call 1
                f64.load offset=104306 align=2
                f64.add
                local.tee 6
                f64.const nan (;=NaN;)
                local.get 6
                local.get 6
                f64.eq
                select
                block (result funcref) ;; label = @7
                  data.drop 0
                  i32.const -16384
                  local.set 1
                  local.get 0
                  i64.load offset=131072 align=1
                  i32.const 372431408
                  i64.load offset=73088 align=2
                  i64.ge_s
                  i64.load offset=114472 align=4
                  f32.const 0x1.3a42dep+78 (;=371014140000000000000000;)
                  br 6 (;@1;)
                  elem.drop 0
                  i64.trunc_sat_f32_u
                  f32.const 0x1.fffffep-126 (;=0.000000000000000000000000000000000000023509886;)
                  i64.const 33554432
                  i64.eqz
                  br 7
                  f32.trunc
                  local.tee 7
                  f32.const nan (;=NaN;)
                  local.get 7
                  local.get 7
                  f32.eq
                  select
                  f32.neg
                  i64.const -576460752303423489
                  br 6 (;@1;)
                  loop ;; label = @8
                    global.get 7
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 7
                    i32.const 1
                    i32.sub
                    global.set 7
                    memory.size
                    i64.load8_u offset=123246
                    f32.const -nan:0x7ff7ff (;=NaN;)
                    i32.reinterpret_f32
                    data.drop 0
                    local.set 0
                    f32.const 0x1.48c5aap+104 (;=26048011000000000000000000000000;)
                    f32.trunc
                    local.tee 8
                    f32.const nan (;=NaN;)
                    local.get 8
                    local.get 8
                    f32.eq
                    select
                    f32.floor
                    local.tee 9
                    f32.const nan (;=NaN;)
                    local.get 9
                    local.get 9
                    f32.eq
                    select
                    f32.nearest
                    local.tee 10
                    f32.const nan (;=NaN;)
                    local.get 10
                    local.get 10
                    f32.eq
                    select
                    elem.drop 0
                    f32.neg
                    loop ;; label = @9
                      global.get 7
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 7
                      i32.const 1
                      i32.sub
                      global.set 7
                    end
                    i32.reinterpret_f32
                    global.get 3
                    i32.xor
                    global.set 3
                    global.get 4
                    i64.xor
                    global.set 4
                  end
                  global.get 4
                  i64.xor
                  global.set 4
                  i32.reinterpret_f32
                  global.get 3
                  i32.xor
                  global.set 3
                  global.get 4
                  i64.xor
                  global.set 4
                  global.get 4
                  i64.xor
                  global.set 4
                  ref.null func
                end
                drop
                i64.reinterpret_f64
                global.get 5
                i64.xor
                global.set 5
                global.get 6
                i32.xor
                global.set 6
              end
              global.get 4
              i64.xor
              global.set 4
              i32.const 990464925
              i32.const -1760799872
            end
            global.get 6
            i32.xor
            global.set 6
            global.get 6
            i32.xor
            global.set 6
            f64.const -nan:0xffffffffffdff (;=NaN;)
          else
            f64.const 0x1.b997ce3be9e8dp-99 (;=0.0000000000000000000000000000027215269244450204;)
          end
          drop
          global.get 4
          i64.xor
          global.set 4
          i32.const -1701482684
          i32.const 1299205690
        end
        global.get 6
        i32.xor
        global.set 6
        global.get 6
        i32.xor
        global.set 6
        i64.reinterpret_f64
        global.get 5
        i64.xor
        global.set 5
        drop
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
        drop
        f64.const -0x1.fffffffffffffp+1008 (;=-5486124068793688000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
      end
      i64.reinterpret_f64
      global.get 5
      i64.xor
      global.set 5
      i64.reinterpret_f64
      global.get 5
      i64.xor
      global.set 5
      drop
      i32.reinterpret_f32
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
      global.get 4
      i64.xor
      global.set 4
      global.get 4
      i64.xor
      global.set 4
      i64.reinterpret_f64
      global.get 5
      i64.xor
      global.set 5
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
      i64.reinterpret_f64
      global.get 5
      i64.xor
      global.set 5
      global.get 4
      i64.xor
      global.set 4
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
    end
    global.get 4
    i64.xor
    global.set 4
    i32.const 1060645407
  )
  (func (;3;) (type 1) (param i64) (result i64)
    (local f64 f32 f64)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    nop
    call 1
    f32.reinterpret_i32
    call 1
    i64.load offset=58173
    memory.size
    i64.load32_s offset=125308 align=2
    i64.shl
    local.set 0
    i64.trunc_sat_f32_s
    local.tee 0
    memory.size
    i32.load16_s offset=131072
    i64.load32_s offset=104153 align=1
    global.get 0
    br_if 0
    i64.and
    i64.extend16_s
    memory.size
    f64.const 0x1.8bf7061c8973bp+700 (;=8136052269091137000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
    f64.floor
    local.tee 1
    f64.const nan (;=NaN;)
    local.get 1
    local.get 1
    f64.eq
    select
    global.get 2
    i32.reinterpret_f32
    block (result i64) ;; label = @1
      memory.size
      call 1
      i32.mul
      loop (result externref) ;; label = @2
        global.get 7
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 7
        i32.const 1
        i32.sub
        global.set 7
        call 1
        loop ;; label = @3
          global.get 7
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 7
          i32.const 1
          i32.sub
          global.set 7
          loop (type 3) (result i32) ;; label = @4
            global.get 7
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 7
            i32.const 1
            i32.sub
            global.set 7
            block (result i32) ;; label = @5
              block (result funcref) ;; label = @6
                f32.const 0x1.fep-142 (;=0.000000000000000000000000000000000000000000357;)
                call 1
                i32.load8_s offset=103046
                if (type 3) (result i32) ;; label = @7
                  data.drop 0
                  f64.const 0x1.fffffffffffffp-1008 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007291122019556397;)
                  data.drop 0
                  f32.const 0x1.ff8p-140 (;=0.000000000000000000000000000000000000000001434;)
                  i32.trunc_sat_f32_s
                  i32.load8_u offset=55191
                  call 1
                  i32.rem_s
                  br_table 3 (;@4;) 4 (;@3;) 5 (;@2;) 3 (;@4;)
                  elem.drop 0
                  global.get 2
                  loop ;; label = @8
                    global.get 7
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 7
                    i32.const 1
                    i32.sub
                    global.set 7
                    nop
                    i64.const 3
                    nop
                    br 5 (;@3;)
                    br 0 (;@8;)
                    global.get 4
                    i64.xor
                    global.set 4
                  end
                  i32.reinterpret_f32
                  global.get 3
                  i32.xor
                  global.set 3
                  i64.reinterpret_f64
                  global.get 5
                  i64.xor
                  global.set 5
                  i32.const 986979135
                else
                  i32.const 2039891141
                end
                global.get 6
                i32.xor
                global.set 6
                i32.reinterpret_f32
                global.get 3
                i32.xor
                global.set 3
                ref.null func
              end
              drop
              i32.const -1976530424
            end
          end
          global.get 6
          i32.xor
          global.set 6
        end
        global.get 6
        i32.xor
        global.set 6
        ref.null extern
      end
      drop
      global.get 6
      i32.xor
      global.set 6
      i64.const -1025
    end
    global.get 4
    i64.xor
    global.set 4
    global.get 6
    i32.xor
    global.set 6
    i64.reinterpret_f64
    global.get 5
    i64.xor
    global.set 5
    global.get 6
    i32.xor
    global.set 6
  )
  (func (;4;) (type 1) (param i64) (result i64)
    (local f64 f64 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f64)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    ref.null func
    local.get 0
    data.drop 0
    memory.size
    i32.extend16_s
    memory.size
    f32.convert_i32_s
    local.get 0
    i64.extend16_s
    global.get 1
    i64.rotl
    call 1
    i32.load8_u offset=26824
    if (type 1) (param i64) (result i64) ;; label = @1
      call 1
      memory.size
      i32.const -194046657
      f64.convert_i32_u
      f64.floor
      local.tee 1
      f64.const nan (;=NaN;)
      local.get 1
      local.get 1
      f64.eq
      select
      f64.ceil
      local.tee 2
      f64.const nan (;=NaN;)
      local.get 2
      local.get 2
      f64.eq
      select
      loop ;; label = @2
        global.get 7
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 7
        i32.const 1
        i32.sub
        global.set 7
        f64.const -nan:0x7ffffffffffff (;=NaN;)
        i64.trunc_f64_u
        i64.extend32_s
        f64.reinterpret_i64
        i64.reinterpret_f64
        i32.wrap_i64
        call 1
        global.get 0
        i32.load8_s offset=88918
        i32.xor
        if ;; label = @3
          i32.const 131056
          global.get 1
          i64.store32 offset=112163 align=2
          data.drop 0
          loop (type 3) (result i32) ;; label = @4
            global.get 7
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 7
            i32.const 1
            i32.sub
            global.set 7
            f32.const 0x1.2e49e2p+26 (;=79243144;)
            f32.nearest
            local.tee 3
            f32.const nan (;=NaN;)
            local.get 3
            local.get 3
            f32.eq
            select
            f32.ceil
            local.tee 4
            f32.const nan (;=NaN;)
            local.get 4
            local.get 4
            f32.eq
            select
            memory.size
            i32.load8_s offset=89357
            i64.load8_u offset=60927
            i64.extend32_s
            f32.convert_i64_u
            memory.size
            f32.reinterpret_i32
            f32.ceil
            local.tee 5
            f32.const nan (;=NaN;)
            local.get 5
            local.get 5
            f32.eq
            select
            global.get 2
            f32.ceil
            local.tee 6
            f32.const nan (;=NaN;)
            local.get 6
            local.get 6
            f32.eq
            select
            f32.neg
            f32.ceil
            local.tee 7
            f32.const nan (;=NaN;)
            local.get 7
            local.get 7
            f32.eq
            select
            i32.const 134217728
            i32.load16_u offset=4387 align=1
            f32.convert_i32_u
            data.drop 0
            call 1
            i32.load16_s offset=22935
            local.get 0
            i64.clz
            local.set 0
            i32.load16_s offset=12433
            f32.convert_i32_u
            f32.le
            i64.extend_i32_u
            ref.null extern
            call 1
            loop (type 2) (param i32) ;; label = @5
              global.get 7
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 7
              i32.const 1
              i32.sub
              global.set 7
              i32.load8_u offset=109123
              i32.popcnt
              i32.ctz
              i32.load8_s offset=99771
              br_table 1 (;@4;) 2 (;@3;) 3 (;@2;) 2 (;@3;)
              local.get 0
              local.set 0
              i64.const 5520035556456406313
              local.get 0
              i64.extend16_s
              elem.drop 0
              loop (type 1) (param i64) (result i64) ;; label = @6
                global.get 7
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 7
                i32.const 1
                i32.sub
                global.set 7
              end
              i64.and
              global.get 1
              i64.ge_s
              f32.convert_i32_u
              f32.trunc
              local.tee 8
              f32.const nan (;=NaN;)
              local.get 8
              local.get 8
              f32.eq
              select
              f32.sqrt
              local.tee 9
              f32.const nan (;=NaN;)
              local.get 9
              local.get 9
              f32.eq
              select
              f32.ceil
              local.tee 10
              f32.const nan (;=NaN;)
              local.get 10
              local.get 10
              f32.eq
              select
              i64.trunc_sat_f32_s
              i64.clz
              f64.const -0x1.0bf5d6b1f4cp-532 (;=-0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007445138967845975;)
              local.get 0
              i32.wrap_i64
              i32.load8_s offset=5031
              i32.load16_u offset=128653
              br 3 (;@2;)
              i64.load32_s offset=120064
              loop (result f64) ;; label = @6
                global.get 7
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 7
                i32.const 1
                i32.sub
                global.set 7
                f64.const -nan:0xfffffffe00000 (;=NaN;)
                i64.reinterpret_f64
                f32.const -0x1p+125 (;=-42535296000000000000000000000000000000;)
                f32.const 0x1.fffffep-112 (;=0.00000000000000000000000000000000038518597;)
                f32.const -nan:0x77ffff (;=NaN;)
                i32.trunc_f32_s
                br_if 3 (;@3;)
                memory.size
                loop (type 2) (param i32) ;; label = @7
                  global.get 7
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 7
                  i32.const 1
                  i32.sub
                  global.set 7
                  i32.load8_u offset=115731
                  i32.extend8_s
                  br_table 1 (;@6;) 3 (;@4;) 4 (;@3;) 5 (;@2;) 5 (;@2;)
                  i64.const 4857047802743937821
                  block (type 4) (param i64) (result i32 i32) ;; label = @8
                    local.get 0
                    i64.lt_s
                    i32.ctz
                    if (result i32) ;; label = @9
                      data.drop 0
                      i64.const -1203588760245217431
                      nop
                      f32.const 0x1.1dd932p-58 (;=0.0000000000000000038739685;)
                      loop (result i64) ;; label = @10
                        global.get 7
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 7
                        i32.const 1
                        i32.sub
                        global.set 7
                        memory.size
                        f32.load offset=93426 align=1
                        nop
                        memory.size
                        local.get 0
                        call 4
                        i64.store offset=93145 align=1
                        global.get 0
                        i32.popcnt
                        i64.load32_s offset=130120
                        i32.wrap_i64
                        block (type 2) (param i32) ;; label = @11
                          br_table 0 (;@11;) 1 (;@10;) 5 (;@6;) 7 (;@4;) 8 (;@3;) 9 (;@2;) 5 (;@6;)
                          br 5 (;@6;)
                          f32.const 0x1.2bfbc4p+55 (;=42218920000000000;)
                          f32.nearest
                          local.tee 11
                          f32.const nan (;=NaN;)
                          local.get 11
                          local.get 11
                          f32.eq
                          select
                          i32.reinterpret_f32
                          global.get 3
                          i32.xor
                          global.set 3
                        end
                        i32.reinterpret_f32
                        global.get 3
                        i32.xor
                        global.set 3
                        i64.const -6085192010752324880
                      end
                      global.get 4
                      i64.xor
                      global.set 4
                      i32.reinterpret_f32
                      global.get 3
                      i32.xor
                      global.set 3
                      global.get 4
                      i64.xor
                      global.set 4
                      i32.const 131070
                    else
                      i32.const 1685119212
                    end
                    i32.const 672652680
                  end
                  global.get 6
                  i32.xor
                  global.set 6
                  global.get 6
                  i32.xor
                  global.set 6
                end
                i32.reinterpret_f32
                global.get 3
                i32.xor
                global.set 3
                i32.reinterpret_f32
                global.get 3
                i32.xor
                global.set 3
                global.get 4
                i64.xor
                global.set 4
                f64.const -inf (;=-inf;)
              end
              i64.reinterpret_f64
              global.get 5
              i64.xor
              global.set 5
              global.get 4
              i64.xor
              global.set 4
              i64.reinterpret_f64
              global.get 5
              i64.xor
              global.set 5
              global.get 4
              i64.xor
              global.set 4
            end
            drop
            global.get 4
            i64.xor
            global.set 4
            i32.reinterpret_f32
            global.get 3
            i32.xor
            global.set 3
            i32.reinterpret_f32
            global.get 3
            i32.xor
            global.set 3
            i32.reinterpret_f32
            global.get 3
            i32.xor
            global.set 3
            i32.reinterpret_f32
            global.get 3
            i32.xor
            global.set 3
            i32.const 67108863
          end
          global.get 6
          i32.xor
          global.set 6
        end
        global.get 6
        i32.xor
        global.set 6
      end
      drop
      global.get 6
      i32.xor
      global.set 6
      global.get 6
      i32.xor
      global.set 6
    end
    global.get 4
    i64.xor
    global.set 4
    i32.reinterpret_f32
    global.get 3
    i32.xor
    global.set 3
    global.get 6
    i32.xor
    global.set 6
    global.get 4
    i64.xor
    global.set 4
    drop
    i64.const 4286578687
  )
  (data (;0;) "&\ef")
)
