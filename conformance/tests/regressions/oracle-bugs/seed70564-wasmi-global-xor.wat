(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i64) (result i32 i32)))
  (type (;5;) (func (param f32 f64) (result f64)))
  (import "host" "mix" (func (;0;) (type 0) (param i32 i32) (result i32)))
  (import "host" "mix64" (func (;1;) (type 1) (param i64) (result i64)))
  (import "host" "split" (func (;2;) (type 4) (param i64) (result i32 i32)))
  (import "host" "gf32" (global (;0;) f32))
  (import "host" "gf64" (global (;1;) f64))
  (table (;0;) 1 45 externref)
  (memory (;0;) 0 1)
  (global (;2;) f32 global.get 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i64) i64.const 0)
  (global (;6;) (mut i32) i32.const 0)
  (global (;7;) (mut i32) i32.const 2000)
  (export "&" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (table 0))
  (export "6" (memory 0))
  (export "7" (global 0))
  (export "8" (global 1))
  (export "9" (global 2))
  (export "10" (global 3))
  (export "-" (global 4))
  (export "90" (global 5))
  (export "513" (global 6))
  (elem (;0;) declare funcref)
  (elem (;1;) declare func)
  (elem (;2;) declare externref)
  (func (;3;) (type 2) (param i32)
    (local f32 f32 f32 f64 f32 f64 f64 f32 f32 f32 f32 f32 f64)
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
    local.get 0
    loop (type 3) (result i32) ;; label = @1
      global.get 7
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 7
      i32.const 1
      i32.sub
      global.set 7
      ref.null extern
      loop (type 3) (result i32) ;; label = @2
        global.get 7
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 7
        i32.const 1
        i32.sub
        global.set 7
        f32.const -nan:0x5fffff (;=NaN;)
        f32.nearest
        local.tee 1
        f32.const nan (;=NaN;)
        local.get 1
        local.get 1
        f32.eq
        select
        f32.const 0x1.p-131 (;=0.000000000000000000000000000000000000000367342;)
        local.get 0
        f32.const 0x1.fffffep-126 (;=0.000000000000000000000000000000000000023509886;)
        i64.trunc_sat_f32_s
        f32.convert_i64_s
        i64.trunc_sat_f32_s
        i64.extend16_s
        memory.size
        i32.extend16_s
        if (type 4) (param i64) (result i32 i32) ;; label = @3
          f32.const 0x1.00e2a4p+55 (;=36153394000000000;)
          elem.drop 0
          f32.neg
          f32.sqrt
          local.tee 2
          f32.const nan (;=NaN;)
          local.get 2
          local.get 2
          f32.eq
          select
          f32.trunc
          local.tee 3
          f32.const nan (;=NaN;)
          local.get 3
          local.get 3
          f32.eq
          select
          i64.trunc_sat_f32_u
          f32.const -nan:0x7fffdf (;=NaN;)
          i64.trunc_sat_f32_u
          i64.ge_u
          local.get 0
          i32.load16_s align=1
          i32.le_u
          i32.extend8_s
          local.set 0
          i32.wrap_i64
          br_table 1 (;@2;) 2 (;@1;) 3 1 (;@2;)
          f64.const -0x1.19f8f3e0533c7p-357 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000037519608081196746;)
          f64.sqrt
          local.tee 4
          f64.const nan (;=NaN;)
          local.get 4
          local.get 4
          f64.eq
          select
          br 2 (;@1;)
          i64.trunc_sat_f64_s
          f64.convert_i64_s
          i64.const 68719476736
          memory.size
          global.get 1
          i64.trunc_f64_s
          f64.convert_i64_s
          i32.trunc_f64_s
          i32.le_s
          f32.convert_i32_u
          f32.trunc
          local.tee 5
          f32.const nan (;=NaN;)
          local.get 5
          local.get 5
          f32.eq
          select
          i64.trunc_f32_s
          i64.popcnt
          i64.eqz
          f64.convert_i32_s
          i64.trunc_sat_f64_u
          i64.extend8_s
          i64.gt_u
          i64.load8_s
          i64.eqz
          local.set 0
          f32.demote_f64
          local.tee 12
          f32.const nan (;=NaN;)
          local.get 12
          local.get 12
          f32.eq
          select
          i64.const 8796093022208
          i64.eqz
          f32.const -0x1.aee4bp-69 (;=-0.0000000000000000000028514127;)
          i64.const 2139095039
          i64.extend8_s
          global.get 2
          block (type 3) (result i32) ;; label = @4
            loop (type 3) (result i32) ;; label = @5
              global.get 7
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 7
              i32.const 1
              i32.sub
              global.set 7
              block (result f64) ;; label = @6
                memory.size
                i64.load align=4
                i64.const -4294967296
                i32.const 542489035
                i64.load8_u
                i64.rotl
                i64.xor
                i32.const 2110849308
                local.set 0
                memory.size
                i64.load16_s align=1
                table.size 0
                i32.clz
                call 3
                br 5 (;@1;)
                f64.reinterpret_i64
                loop ;; label = @7
                  global.get 7
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 7
                  i32.const 1
                  i32.sub
                  global.set 7
                  f32.const -nan:0x7ffc00 (;=NaN;)
                  elem.drop 0
                  f64.promote_f32
                  local.tee 13
                  f64.const nan (;=NaN;)
                  local.get 13
                  local.get 13
                  f64.eq
                  select
                  elem.drop 1
                  f64.trunc
                  local.tee 6
                  f64.const nan (;=NaN;)
                  local.get 6
                  local.get 6
                  f64.eq
                  select
                  i32.trunc_sat_f64_s
                  if ;; label = @8
                    loop (result f32) ;; label = @9
                      global.get 7
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 7
                      i32.const 1
                      i32.sub
                      global.set 7
                      elem.drop 0
                      local.get 0
                      local.set 0
                      br 8 (;@1;)
                      local.get 0
                      i64.extend_i32_s
                      loop ;; label = @10
                        global.get 7
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 7
                        i32.const 1
                        i32.sub
                        global.set 7
                        local.get 0
                        f64.convert_i32_s
                        i32.trunc_f64_u
                        f64.convert_i32_s
                        f32.demote_f64
                        local.tee 12
                        f32.const nan (;=NaN;)
                        local.get 12
                        local.get 12
                        f32.eq
                        select
                        i64.trunc_f32_u
                        i64.clz
                        call 2
                        if (type 2) (param i32) ;; label = @11
                          loop (result i64) ;; label = @12
                            global.get 7
                            i32.eqz
                            if ;; label = @13
                              unreachable
                            end
                            global.get 7
                            i32.const 1
                            i32.sub
                            global.set 7
                            global.get 1
                            f64.ceil
                            local.tee 7
                            f64.const nan (;=NaN;)
                            local.get 7
                            local.get 7
                            f64.eq
                            select
                            f64.const -nan:0xfefffffffffff (;=NaN;)
                            global.get 0
                            f32.const 0x1.fb640cp-3 (;=0.24774942;)
                            f32.trunc
                            local.tee 8
                            f32.const nan (;=NaN;)
                            local.get 8
                            local.get 8
                            f32.eq
                            select
                            f32.min
                            local.tee 9
                            f32.const nan (;=NaN;)
                            local.get 9
                            local.get 9
                            f32.eq
                            select
                            i64.trunc_sat_f32_s
                            f32.const 0x1.p-139 (;=0.000000000000000000000000000000000000000001435;)
                            f32.abs
                            i32.trunc_sat_f32_u
                            i64.load16_s align=1
                            call 1
                            i64.shr_s
                            local.get 0
                            f64.convert_i32_u
                            i32.trunc_f64_s
                            f32.reinterpret_i32
                            loop ;; label = @13
                              global.get 7
                              i32.eqz
                              if ;; label = @14
                                unreachable
                              end
                              global.get 7
                              i32.const 1
                              i32.sub
                              global.set 7
                              ref.null func
                              i64.const 4286578687
                              i64.extend16_s
                              i64.extend8_s
                              f32.convert_i64_u
                              global.get 2
                              f32.neg
                              f32.max
                              local.tee 10
                              f32.const nan (;=NaN;)
                              local.get 10
                              local.get 10
                              f32.eq
                              select
                              f32.floor
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
                              drop
                            end
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
                            i64.reinterpret_f64
                            global.get 5
                            i64.xor
                            global.set 5
                            i64.const 1023
                          end
                          global.get 4
                          i64.xor
                          global.set 4
                          global.get 6
                          i32.xor
                          global.set 6
                        else
                          global.get 6
                          i32.xor
                          global.set 6
                        end
                      end
                      global.get 4
                      i64.xor
                      global.set 4
                      f32.const 0x1.fffffep+127 (;=340282350000000000000000000000000000000;)
                    end
                    i32.reinterpret_f32
                    global.get 3
                    i32.xor
                    global.set 3
                  end
                end
                i64.reinterpret_f64
                global.get 5
                i64.xor
                global.set 5
                global.get 4
                i64.xor
                global.set 4
                f64.const 0x1.p-1033 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001086461844974;)
              end
              i64.reinterpret_f64
              global.get 5
              i64.xor
              global.set 5
              i32.const 1373980744
            end
          end
          global.get 6
          i32.xor
          global.set 6
          i32.reinterpret_f32
          global.get 3
          i32.xor
          global.set 3
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
          i32.reinterpret_f32
          global.get 3
          i32.xor
          global.set 3
          i32.const 1734540756
          i32.const -719728159
        else
          global.get 4
          i64.xor
          global.set 4
          i32.const -286985198
          i32.const 298609472
        end
        global.get 6
        i32.xor
        global.set 6
        global.get 6
        i32.xor
        global.set 6
        global.get 6
        i32.xor
        global.set 6
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
        i32.const 1224735729
      end
      global.get 6
      i32.xor
      global.set 6
      drop
      i32.const 1563166448
    end
    global.get 6
    i32.xor
    global.set 6
    global.get 6
    i32.xor
    global.set 6
    global.get 6
    i32.xor
    global.set 6
  )
  (func (;4;) (type 2) (param i32)
    (local f64 f32 f32 f32 f32 f32 f32 f64)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    block (result i32) ;; label = @1
      i64.const 2251799813685247
      i64.ctz
      local.get 0
      i64.load align=2
      call 1
      f32.convert_i64_s
      local.get 1
      local.set 1
      block (type 3) (result i32) ;; label = @2
        global.get 2
        f32.const -0x1.7db6f2p-3 (;=-0.1863841;)
        f32.floor
        local.tee 2
        f32.const nan (;=NaN;)
        local.get 2
        local.get 2
        f32.eq
        select
        f32.gt
        i32.load align=2
        i32.load16_u
        call 3
        table.size 0
        i64.extend_i32_s
        f64.convert_i64_u
        i32.trunc_f64_u
        global.get 1
        i32.const 32767
        local.set 0
        loop (result i64) ;; label = @3
          global.get 7
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 7
          i32.const 1
          i32.sub
          global.set 7
          memory.size
          i32.extend8_s
          f32.load align=1
          i32.trunc_f32_s
          ref.null extern
          block (result f64) ;; label = @4
            local.get 0
            br_if 4
            elem.drop 2
            ref.null func
            elem.drop 0
            f32.const 0x1.58af8p-98 (;=0.0000000000000000000000000000042485774;)
            i32.trunc_f32_u
            i32.eqz
            i32.load8_u
            i32.load8_s
            local.tee 0
            local.get 0
            f64.const -0x1.32fbedfb00071p+932 (;=-43534331073659545000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
            i64.const -5403848865955955822
            block (type 4) (param i64) (result i32 i32) ;; label = @5
              local.get 1
              f64.abs
              i32.const 16
              i32.eqz
              call 4
              i64.const -5460935699420843474
              i64.extend16_s
              i32.const 262143
              i32.extend8_s
              br 2 (;@3;)
              local.get 0
              i32.popcnt
              f32.const 0x1.f1cc18p+46 (;=136833460000000;)
              i32.trunc_sat_f32_u
              i32.and
              elem.drop 0
              i32.rotl
              table.get 0
              block (type 3) (result i32) ;; label = @6
                i64.const -68719476737
                br 3 (;@3;)
                i32.const -4194305
                br_table 3 (;@3;) 6 3 (;@3;)
                i64.ctz
                local.get 1
                ref.null func
                loop (type 3) (result i32) ;; label = @7
                  global.get 7
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 7
                  i32.const 1
                  i32.sub
                  global.set 7
                  i64.const -7163930848526849812
                  call 2
                  f32.convert_i32_u
                  f32.sqrt
                  local.tee 3
                  f32.const nan (;=NaN;)
                  local.get 3
                  local.get 3
                  f32.eq
                  select
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
                    loop (result i64) ;; label = @9
                      global.get 7
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 7
                      i32.const 1
                      i32.sub
                      global.set 7
                      memory.size
                      i32.const -1522337547
                      f64.load
                      i64.const 1152921504606846976
                      memory.size
                      i32.popcnt
                      f64.const -0x1.d82f07286c3fdp-997 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000013770995976027605;)
                      br 2 (;@7;)
                      block (type 3) (result i32) ;; label = @10
                        memory.size
                        br_if 3 (;@7;)
                        f64.const -0x1.2871c88fe4e44p-31 (;=-0.000000000539229343457136;)
                        i64.trunc_sat_f64_s
                        elem.drop 0
                        i64.clz
                        global.get 1
                        i32.trunc_f64_s
                        f32.convert_i32_s
                        f32.const -0x0p+0 (;=-0;)
                        f32.div
                        local.tee 4
                        f32.const nan (;=NaN;)
                        local.get 4
                        local.get 4
                        f32.eq
                        select
                        f32.sqrt
                        local.tee 5
                        f32.const nan (;=NaN;)
                        local.get 5
                        local.get 5
                        f32.eq
                        select
                        i32.trunc_sat_f32_s
                        i32.eqz
                        f32.load align=2
                        f32.neg
                        f32.trunc
                        local.tee 6
                        f32.const nan (;=NaN;)
                        local.get 6
                        local.get 6
                        f32.eq
                        select
                        f32.neg
                        memory.size
                        local.get 1
                        i64.trunc_f64_u
                        i64.extend32_s
                        local.get 1
                        i32.trunc_sat_f64_u
                        i32.popcnt
                        i32.load16_u align=1
                        f32.load align=1
                        local.get 1
                        local.set 1
                        ref.null func
                        loop (result f32) ;; label = @11
                          global.get 7
                          i32.eqz
                          if ;; label = @12
                            unreachable
                          end
                          global.get 7
                          i32.const 1
                          i32.sub
                          global.set 7
                          i64.const 4392644887078972130
                          i64.eqz
                          i64.load8_u
                          memory.size
                          table.get 0
                          i64.const -2652824371991446819
                          local.get 0
                          br_if 8 (;@3;)
                          ref.null func
                          i64.const -3677540247836256192
                          i64.popcnt
                          i64.popcnt
                          i64.popcnt
                          i64.extend32_s
                          f64.reinterpret_i64
                          f64.neg
                          i64.trunc_f64_s
                          i64.ctz
                          f32.convert_i64_s
                          i32.trunc_f32_u
                          elem.drop 1
                          loop ;; label = @12
                            global.get 7
                            i32.eqz
                            if ;; label = @13
                              unreachable
                            end
                            global.get 7
                            i32.const 1
                            i32.sub
                            global.set 7
                            ref.null extern
                            table.size 0
                            if (type 3) (result i32) ;; label = @13
                              elem.drop 0
                              i64.const -6689624454619448017
                              memory.size
                              i32.eqz
                              br_table 1 (;@12;) 2 (;@11;) 4 (;@9;) 5 (;@8;) 6 (;@7;) 10 (;@3;) 13 2 (;@11;)
                              f64.reinterpret_i64
                              loop (type 3) (result i32) ;; label = @14
                                global.get 7
                                i32.eqz
                                if ;; label = @15
                                  unreachable
                                end
                                global.get 7
                                i32.const 1
                                i32.sub
                                global.set 7
                                i64.const -1883158196606790200
                                memory.size
                                f64.const -nan:0xffffff0000000 (;=NaN;)
                                local.set 1
                                loop (type 2) (param i32) ;; label = @15
                                  global.get 7
                                  i32.eqz
                                  if ;; label = @16
                                    unreachable
                                  end
                                  global.get 7
                                  i32.const 1
                                  i32.sub
                                  global.set 7
                                  f64.load align=4
                                  f32.const 0x1.773bf6p+26 (;=98365400;)
                                  block (type 3) (result i32) ;; label = @16
                                    ref.null extern
                                    local.get 0
                                    i32.extend8_s
                                    i32.load align=1
                                    br_if 2 (;@14;)
                                    loop ;; label = @17
                                      global.get 7
                                      i32.eqz
                                      if ;; label = @18
                                        unreachable
                                      end
                                      global.get 7
                                      i32.const 1
                                      i32.sub
                                      global.set 7
                                      table.size 0
                                      br_if 0 (;@17;)
                                      loop (type 3) (result i32) ;; label = @18
                                        global.get 7
                                        i32.eqz
                                        if ;; label = @19
                                          unreachable
                                        end
                                        global.get 7
                                        i32.const 1
                                        i32.sub
                                        global.set 7
                                        br 1 (;@17;)
                                        ref.null extern
                                        drop
                                        i32.const 1954143020
                                      end
                                      global.get 6
                                      i32.xor
                                      global.set 6
                                    end
                                    drop
                                    i32.const -1511184045
                                  end
                                  global.get 6
                                  i32.xor
                                  global.set 6
                                  i32.reinterpret_f32
                                  global.get 3
                                  i32.xor
                                  global.set 3
                                  i64.reinterpret_f64
                                  global.get 5
                                  i64.xor
                                  global.set 5
                                end
                                global.get 4
                                i64.xor
                                global.set 4
                                i32.const 1565835693
                              end
                              global.get 6
                              i32.xor
                              global.set 6
                              i64.reinterpret_f64
                              global.get 5
                              i64.xor
                              global.set 5
                              i32.const -486686280
                            else
                              i32.const -16777216
                            end
                            global.get 6
                            i32.xor
                            global.set 6
                            drop
                          end
                          global.get 6
                          i32.xor
                          global.set 6
                          drop
                          global.get 4
                          i64.xor
                          global.set 4
                          drop
                          global.get 4
                          i64.xor
                          global.set 4
                          f32.const 0x1.p-146 (;=0.000000000000000000000000000000000000000000011;)
                        end
                        i32.reinterpret_f32
                        global.get 3
                        i32.xor
                        global.set 3
                        drop
                        i32.reinterpret_f32
                        global.get 3
                        i32.xor
                        global.set 3
                        global.get 4
                        i64.xor
                        global.set 4
                        global.get 6
                        i32.xor
                        global.set 6
                        i32.reinterpret_f32
                        global.get 3
                        i32.xor
                        global.set 3
                        global.get 4
                        i64.xor
                        global.set 4
                        i32.const -4096
                      end
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
                      global.get 4
                      i64.xor
                      global.set 4
                      i64.reinterpret_f64
                      global.get 5
                      i64.xor
                      global.set 5
                      global.get 6
                      i32.xor
                      global.set 6
                      i64.const 4286578687
                    end
                    global.get 4
                    i64.xor
                    global.set 4
                  end
                  i32.reinterpret_f32
                  global.get 3
                  i32.xor
                  global.set 3
                end
                global.get 6
                i32.xor
                global.set 6
                drop
                i64.reinterpret_f64
                global.get 5
                i64.xor
                global.set 5
                global.get 4
                i64.xor
                global.set 4
                i32.const 1644677714
              end
              global.get 6
              i32.xor
              global.set 6
              drop
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
              i32.const -1583363044
              i32.const -53972926
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
            global.get 6
            i32.xor
            global.set 6
            global.get 6
            i32.xor
            global.set 6
            drop
            f64.const -0x1.232edf3070028p-678 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000009069620798006316;)
          end
          i64.reinterpret_f64
          global.get 5
          i64.xor
          global.set 5
          drop
          global.get 6
          i32.xor
          global.set 6
          i64.const 65534
        end
        global.get 4
        i64.xor
        global.set 4
        i64.reinterpret_f64
        global.get 5
        i64.xor
        global.set 5
      end
      global.get 6
      i32.xor
      global.set 6
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
      global.get 4
      i64.xor
      global.set 4
      i32.const 1272318033
    end
    global.get 6
    i32.xor
    global.set 6
  )
)
