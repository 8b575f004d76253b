(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i64) (result i32 i32)))
  (type (;5;) (func (param f32 f64) (result f64)))
  (import "host" "mix" (func (;0;) (type 0) (param i32 i32) (result i32)))
  (import "host" "note" (func (;1;) (type 2) (param i32)))
  (import "host" "fmix" (func (;2;) (type 5) (param f32 f64) (result f64)))
  (import "host" "gf32" (global (;0;) f32))
  (import "host" "gf64" (global (;1;) f64))
  (memory (;0;) 0 3)
  (global (;2;) (mut i32) i32.const 836688753)
  (global (;3;) i64 i64.const -2108980053527443827)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i32) i32.const 0)
  (global (;6;) (mut i32) i32.const 0)
  (global (;7;) (mut i64) i64.const 0)
  (global (;8;) (mut i32) i32.const 2000)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "6" (func 6))
  (export "7" (func 7))
  (export "8" (memory 0))
  (export "9" (global 0))
  (export "10" (global 1))
  (export "11" (global 2))
  (export "12" (global 3))
  (export "13" (global 4))
  (export "k3" (global 5))
  (export "\u{a}\u{18}?" (global 6))
  (export "1016" (global 7))
  (elem (;0;) externref)
  (func (;3;) (type 1) (param i64) (result i64)
    (local f32 f32 f32 f64 f64 f64 f32 f64)
    global.get 8
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 8
    i32.const 1
    i32.sub
    global.set 8
    i32.const 7644312
    data.drop 0
    memory.grow
    i32.extend16_s
    i32.load8_u
    ref.null extern
    global.get 0
    ref.null extern
    memory.size
    i32.load16_u
    loop ;; label = @1
      global.get 8
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 8
      i32.const 1
      i32.sub
      global.set 8
    end
    i64.load32_u align=2
    memory.size
    f32.const -0x1p+121 (;=-2658456000000000000000000000000000000;)
    f32.nearest
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    ref.null func
    ref.is_null
    i32.const -1093506623
    i32.rotl
    i64.load32_s
    f64.const 0x1.68a276a68cd61p-144 (;=0.00000000000000000000000000000000000000000006316959291777411;)
    f32.const -nan:0x7ff7ff (;=NaN;)
    data.drop 0
    i32.trunc_f32_s
    i32.popcnt
    i64.extend_i32_u
    f32.const -0x1p+127 (;=-170141180000000000000000000000000000000;)
    loop ;; label = @1
      global.get 8
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 8
      i32.const 1
      i32.sub
      global.set 8
    end
    f32.ceil
    local.tee 2
    f32.const nan (;=NaN;)
    local.get 2
    local.get 2
    f32.eq
    select
    i32.trunc_sat_f32_u
    f64.load align=1
    loop ;; label = @1
      global.get 8
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 8
      i32.const 1
      i32.sub
      global.set 8
      memory.size
      i64.load8_s
      local.get 0
      block ;; label = @2
      end
      block (type 3) (result i32) ;; label = @2
        f64.const 0x1.98c35ce69f5e2p-623 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000045871660220558647;)
        f32.demote_f64
        local.tee 7
        f32.const nan (;=NaN;)
        local.get 7
        local.get 7
        f32.eq
        select
        data.drop 0
        elem.drop 0
        f32.nearest
        local.tee 3
        f32.const nan (;=NaN;)
        local.get 3
        local.get 3
        f32.eq
        select
        i64.trunc_f32_u
        f64.convert_i64_s
        i32.trunc_sat_f64_s
        f32.load align=1
        local.get 0
        local.set 0
        global.get 1
        f64.ceil
        local.tee 4
        f64.const nan (;=NaN;)
        local.get 4
        local.get 4
        f64.eq
        select
        f64.trunc
        local.tee 5
        f64.const nan (;=NaN;)
        local.get 5
        local.get 5
        f64.eq
        select
        i64.trunc_sat_f64_s
        i64.const 7420871320104496112
        f64.convert_i64_u
        f32.demote_f64
        local.tee 7
        f32.const nan (;=NaN;)
        local.get 7
        local.get 7
        f32.eq
        select
        loop (result f64) ;; label = @3
          global.get 8
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 8
          i32.const 1
          i32.sub
          global.set 8
          global.get 1
          f64.ceil
          local.tee 6
          f64.const nan (;=NaN;)
          local.get 6
          local.get 6
          f64.eq
          select
          i32.trunc_sat_f64_u
          f64.const -0x1.b0b08ff406e64p-102 (;=-0.00000000000000000000000000000033333201728691057;)
          i32.trunc_f64_s
          i64.load16_u
          f32.convert_i64_s
          i32.trunc_sat_f32_s
          data.drop 0
          i64.load align=4
          i64.const -137438953472
          memory.size
          local.get 0
          i64.popcnt
          f64.convert_i64_u
          f32.const -0x1.bb77f4p+77 (;=-261777640000000000000000;)
          block ;; label = @4
            f64.const 0x1.d6c85d65e5339p-391 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000036462983628029225;)
            ref.null extern
            elem.drop 0
            memory.size
            i32.load16_u
            i32.clz
            i64.load8_s
            call 3
            i64.clz
            f64.convert_i64_u
            f64.abs
            br 3 (;@1;)
            elem.drop 0
            memory.size
            i32.extend8_s
            block ;; label = @5
              br 0 (;@5;)
              f32.const 0x1.p-145 (;=0.000000000000000000000000000000000000000000022;)
              f64.promote_f32
              local.tee 8
              f64.const nan (;=NaN;)
              local.get 8
              local.get 8
              f64.eq
              select
              nop
              block (type 3) (result i32) ;; label = @6
                ref.null func
                f64.const 0x1.fff8p-1061 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000080943;)
                i64.reinterpret_f64
                global.get 4
                i64.xor
                global.set 4
                drop
                i32.const -131072
              end
              global.get 5
              i32.xor
              global.set 5
              i64.reinterpret_f64
              global.get 4
              i64.xor
              global.set 4
            end
            global.get 5
            i32.xor
            global.set 5
            i64.reinterpret_f64
            global.get 4
            i64.xor
            global.set 4
            drop
            i64.reinterpret_f64
            global.get 4
            i64.xor
            global.set 4
          end
          i32.reinterpret_f32
          global.get 6
          i32.xor
          global.set 6
          i64.reinterpret_f64
          global.get 4
          i64.xor
          global.set 4
          global.get 5
          i32.xor
          global.set 5
          global.get 7
          i64.xor
          global.set 7
          global.get 7
          i64.xor
          global.set 7
          global.get 5
          i32.xor
          global.set 5
          f64.const -nan:0xfffffffefffff (;=NaN;)
        end
        i64.reinterpret_f64
        global.get 4
        i64.xor
        global.set 4
        i32.reinterpret_f32
        global.get 6
        i32.xor
        global.set 6
        global.get 7
        i64.xor
        global.set 7
        i32.reinterpret_f32
        global.get 6
        i32.xor
        global.set 6
        i32.const -3025048
      end
      global.get 5
      i32.xor
      global.set 5
      global.get 7
      i64.xor
      global.set 7
      global.get 7
      i64.xor
      global.set 7
    end
    i64.reinterpret_f64
    global.get 4
    i64.xor
    global.set 4
    global.get 7
    i64.xor
    global.set 7
    i64.reinterpret_f64
    global.get 4
    i64.xor
    global.set 4
    global.get 7
    i64.xor
    global.set 7
    i32.reinterpret_f32
    global.get 6
    i32.xor
    global.set 6
    global.get 5
    i32.xor
    global.set 5
    global.get 7
    i64.xor
    global.set 7
    drop
    i32.reinterpret_f32
    global.get 6
    i32.xor
    global.set 6
    drop
    global.get 5
    i32.xor
    global.set 5
    i64.const 6608489579160129819
  )
  (func (;4;) (type 1) (param i64) (result i64)
    (local f32 f32 f64 f32 f32 f64)
    global.get 8
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 8
    i32.const 1
    i32.sub
    global.set 8
    data.drop 0
    memory.size
    i32.load8_u
    i32.extend8_s
    f64.load align=4
    i32.const -755556566
    i64.load16_u align=1
    block (result f64) ;; label = @1
      data.drop 0
      data.drop 0
      loop ;; label = @2
        global.get 8
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 8
        i32.const 1
        i32.sub
        global.set 8
        global.get 3
        i64.extend32_s
        local.set 0
        block (result i64) ;; label = @3
          f32.const 0x1.101402p-76 (;=0.000000000000000000000014066111;)
          i32.trunc_f32_s
          i32.load offset=4055342689
          i32.load8_u
          f64.load offset=164113
          br 2 (;@1;)
          local.get 0
          i64.popcnt
          memory.size
          br_if 0 (;@3;)
          i64.extend32_s
          block (type 3) (result i32) ;; label = @4
            block ;; label = @5
              block (result i64) ;; label = @6
                i32.const -468671585
                local.get 0
                i32.const -1766535117
                i32.load16_u align=1
                i32.extend16_s
                i64.load8_s
                i64.or
                call 3
                i32.const 2139095040
                i64.extend_i32_u
                f32.const -0x1.da52b2p-88 (;=-0.0000000000000000000000000059867983;)
                block (type 3) (result i32) ;; label = @7
                  data.drop 0
                  br 2 (;@5;)
                  f64.const -0x1.85f0d8c0d23f7p-708 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000011311541447239237;)
                  local.get 0
                  data.drop 0
                  elem.drop 0
                  call 3
                  block (type 1) (param i64) (result i64) ;; label = @8
                    elem.drop 0
                    local.tee 0
                    br 5 (;@3;)
                    memory.size
                    call 5
                    i32.const -1127866482
                    call 1
                    data.drop 0
                    i32.const 2143289344
                    i32.load align=2
                    i64.load16_u
                    data.drop 0
                    block ;; label = @9
                      loop ;; label = @10
                        global.get 8
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 8
                        i32.const 1
                        i32.sub
                        global.set 8
                        nop
                        data.drop 0
                        i32.const 512
                        f32.load align=2
                        i32.reinterpret_f32
                        i32.eqz
                        i32.ctz
                        i64.load16_u align=1
                        i64.extend32_s
                        i64.ctz
                        f32.const -0x1.fefaaap+16 (;=-130810.664;)
                        br 1 (;@9;)
                        f32.floor
                        local.tee 1
                        f32.const nan (;=NaN;)
                        local.get 1
                        local.get 1
                        f32.eq
                        select
                        f32.nearest
                        local.tee 2
                        f32.const nan (;=NaN;)
                        local.get 2
                        local.get 2
                        f32.eq
                        select
                        f64.promote_f32
                        local.tee 6
                        f64.const nan (;=NaN;)
                        local.get 6
                        local.get 6
                        f64.eq
                        select
                        i64.const -36028797018963969
                        i64.extend16_s
                        i64.extend32_s
                        br 10
                        i64.trunc_sat_f64_s
                        memory.size
                        i32.extend8_s
                        f32.load align=2
                        i32.trunc_sat_f32_s
                        br_if 8 (;@2;)
                        i64.le_u
                        i32.load8_s
                        f64.load
                        local.get 0
                        data.drop 0
                        i64.extend32_s
                        i32.wrap_i64
                        if ;; label = @11
                          loop ;; label = @12
                            global.get 8
                            i32.eqz
                            if ;; label = @13
                              unreachable
                            end
                            global.get 8
                            i32.const 1
                            i32.sub
                            global.set 8
                            local.get 0
                            f32.convert_i64_u
                            f64.promote_f32
                            local.tee 6
                            f64.const nan (;=NaN;)
                            local.get 6
                            local.get 6
                            f64.eq
                            select
                            f64.const 0x1.p-1046 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000132624737;)
                            local.get 0
                            i64.popcnt
                            ref.null func
                            ref.null extern
                            ref.null func
                            ref.null extern
                            data.drop 0
                            ref.null func
                            memory.size
                            i64.extend_i32_s
                            local.get 0
                            i64.rotl
                            f64.const 0x1.fffep-1059 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000323786;)
                            elem.drop 0
                            f64.sqrt
                            local.tee 3
                            f64.const nan (;=NaN;)
                            local.get 3
                            local.get 3
                            f64.eq
                            select
                            i64.trunc_sat_f64_u
                            i64.sub
                            i64.clz
                            call 3
                            i64.extend32_s
                            f32.convert_i64_s
                            br 0 (;@12;)
                            f32.nearest
                            local.tee 4
                            f32.const nan (;=NaN;)
                            local.get 4
                            local.get 4
                            f32.eq
                            select
                            data.drop 0
                            i32.trunc_f32_s
                            block (type 2) (param i32) ;; label = @13
                              data.drop 0
                              local.get 0
                              local.set 0
                              i32.clz
                              i32.load16_s align=1
                              ref.null extern
                              global.get 2
                              elem.drop 0
                              br_if 0 (;@13;)
                              i64.const -268435457
                              elem.drop 0
                              local.get 0
                              block (type 1) (param i64) (result i64) ;; label = @14
                                elem.drop 0
                                global.get 0
                                i32.reinterpret_f32
                                br_if 12 (;@2;)
                                f32.const 0x1.ef061cp-27 (;=0.000000014407091;)
                                data.drop 0
                                i32.trunc_sat_f32_s
                                i32.load8_u
                                local.get 0
                                call 3
                                f64.reinterpret_i64
                                f32.demote_f64
                                local.tee 5
                                f32.const nan (;=NaN;)
                                local.get 5
                                local.get 5
                                f32.eq
                                select
                                f64.promote_f32
                                local.tee 6
                                f64.const nan (;=NaN;)
                                local.get 6
                                local.get 6
                                f64.eq
                                select
                                loop ;; label = @15
                                  global.get 8
                                  i32.eqz
                                  if ;; label = @16
                                    unreachable
                                  end
                                  global.get 8
                                  i32.const 1
                                  i32.sub
                                  global.set 8
                                  i64.const -4611686018427387904
                                  i64.extend16_s
                                  f64.reinterpret_i64
                                  elem.drop 0
                                  i64.reinterpret_f64
                                  i64.eqz
                                  f32.convert_i32_u
                                  i64.trunc_sat_f32_u
                                  i64.eqz
                                  data.drop 0
                                  i64.load32_u align=1
                                  f32.convert_i64_u
                                  local.get 0
                                  i64.clz
                                  br 2 (;@13;)
                                  i64.const -268435457
                                  elem.drop 0
                                  i64.popcnt
                                  global.get 2
                                  if (type 3) (result i32) ;; label = @16
                                    f64.const -nan:0xeffffffffffff (;=NaN;)
                                    f32.demote_f64
                                    local.tee 5
                                    f32.const nan (;=NaN;)
                                    local.get 5
                                    local.get 5
                                    f32.eq
                                    select
                                    i32.reinterpret_f32
                                    global.get 6
                                    i32.xor
                                    global.set 6
                                    i32.const 196607
                                  else
                                    i32.const -477956659
                                  end
                                  global.get 5
                                  i32.xor
                                  global.set 5
                                  global.get 7
                                  i64.xor
                                  global.set 7
                                  global.get 7
                                  i64.xor
                                  global.set 7
                                  i32.reinterpret_f32
                                  global.get 6
                                  i32.xor
                                  global.set 6
                                end
                                i64.reinterpret_f64
                                global.get 4
                                i64.xor
                                global.set 4
                                global.get 5
                                i32.xor
                                global.set 5
                              end
                              global.get 7
                              i64.xor
                              global.set 7
                              global.get 7
                              i64.xor
                              global.set 7
                              drop
                              global.get 5
                              i32.xor
                              global.set 5
                            end
                            drop
                            drop
                            drop
                            drop
                            drop
                            global.get 7
                            i64.xor
                            global.set 7
                            i64.reinterpret_f64
                            global.get 4
                            i64.xor
                            global.set 4
                            i64.reinterpret_f64
                            global.get 4
                            i64.xor
                            global.set 4
                          end
                        end
                        i64.reinterpret_f64
                        global.get 4
                        i64.xor
                        global.set 4
                      end
                    end
                  end
                  global.get 7
                  i64.xor
                  global.set 7
                  i64.reinterpret_f64
                  global.get 4
                  i64.xor
                  global.set 4
                  i32.const 196592
                end
                global.get 5
                i32.xor
                global.set 5
                i32.reinterpret_f32
                global.get 6
                i32.xor
                global.set 6
                global.get 7
                i64.xor
                global.set 7
                global.get 7
                i64.xor
                global.set 7
                global.get 5
                i32.xor
                global.set 5
                i64.const 3153319816131401359
              end
              global.get 7
              i64.xor
              global.set 7
            end
            i32.const -257
          end
          global.get 5
          i32.xor
          global.set 5
        end
        global.get 7
        i64.xor
        global.set 7
      end
      f64.const 0x1.p-1052 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020722615;)
    end
    i64.reinterpret_f64
    global.get 4
    i64.xor
    global.set 4
    global.get 7
    i64.xor
    global.set 7
    i64.reinterpret_f64
    global.get 4
    i64.xor
    global.set 4
    i64.const -288230376151711744
  )
  (func (;5;) (type 2) (param i32)
    (local f32 f64 f64 f64 f32 f64)
    global.get 8
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 8
    i32.const 1
    i32.sub
    global.set 8
    memory.size
    i64.load16_s
    block (type 4) (param i64) (result i32 i32) ;; label = @1
      block (type 1) (param i64) (result i64) ;; label = @2
      end
      f32.convert_i64_s
      f32.sqrt
      local.tee 1
      f32.const nan (;=NaN;)
      local.get 1
      local.get 1
      f32.eq
      select
      block ;; label = @2
        local.get 0
        loop ;; label = @3
          global.get 8
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 8
          i32.const 1
          i32.sub
          global.set 8
          f64.const 0x1.5d687aafbc275p-930 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000015038241786969453;)
          f64.ceil
          local.tee 2
          f64.const nan (;=NaN;)
          local.get 2
          local.get 2
          f64.eq
          select
          f64.ceil
          local.tee 3
          f64.const nan (;=NaN;)
          local.get 3
          local.get 3
          f64.eq
          select
          block (type 3) (result i32) ;; label = @4
            i64.const -536870912
            i32.const 1632083872
            i32.clz
            i32.extend8_s
            f64.const 0x1.fffffcp-1052 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000041445225;)
            f64.const 0x1.c1614e17400f4p-505 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000016758149436859239;)
            local.get 0
            i32.popcnt
            call 1
            f64.ge
            i64.load16_u
            f32.convert_i64_u
            i32.reinterpret_f32
            i64.load16_s align=1
            f32.const 0x1.p-143 (;=0.00000000000000000000000000000000000000000009;)
            loop (result externref) ;; label = @5
              global.get 8
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 8
              i32.const 1
              i32.sub
              global.set 8
              data.drop 0
              block (type 3) (result i32) ;; label = @6
                data.drop 0
                br 6
                data.drop 0
                return
                global.get 1
                i32.trunc_sat_f64_s
                local.get 0
                i64.extend_i32_s
                br 4 (;@2;)
                block (result f32) ;; label = @7
                  memory.size
                  if ;; label = @8
                    elem.drop 0
                    f64.const -0x1.320342dafecbfp+243 (;=-16896178421268840000000000000000000000000000000000000000000000000000000000;)
                    f64.floor
                    local.tee 4
                    f64.const nan (;=NaN;)
                    local.get 4
                    local.get 4
                    f64.eq
                    select
                    return
                    i32.trunc_sat_f64_s
                    memory.grow
                    i32.load16_u
                    nop
                    local.tee 0
                    loop (type 2) (param i32) ;; label = @9
                      global.get 8
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 8
                      i32.const 1
                      i32.sub
                      global.set 8
                      f64.load
                      f32.demote_f64
                      local.tee 5
                      f32.const nan (;=NaN;)
                      local.get 5
                      local.get 5
                      f32.eq
                      select
                      i64.trunc_f32_s
                      loop (type 1) (param i64) (result i64) ;; label = @10
                        global.get 8
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 8
                        i32.const 1
                        i32.sub
                        global.set 8
                        f32.convert_i64_s
                        i32.reinterpret_f32
                        global.get 6
                        i32.xor
                        global.set 6
                        i64.const 7884105218538700435
                      end
                      global.get 7
                      i64.xor
                      global.set 7
                    end
                  end
                  f32.const 0x1.ff7486p+40 (;=2196683200000;)
                end
                i32.reinterpret_f32
                global.get 6
                i32.xor
                global.set 6
                global.get 7
                i64.xor
                global.set 7
              end
              global.get 5
              i32.xor
              global.set 5
              ref.null extern
            end
            drop
            i32.reinterpret_f32
            global.get 6
            i32.xor
            global.set 6
            global.get 7
            i64.xor
            global.set 7
            global.get 5
            i32.xor
            global.set 5
            global.get 7
            i64.xor
            global.set 7
            i32.const 1680805498
          end
          global.get 5
          i32.xor
          global.set 5
          i64.reinterpret_f64
          global.get 4
          i64.xor
          global.set 4
        end
        global.get 5
        i32.xor
        global.set 5
      end
      i32.reinterpret_f32
      global.get 6
      i32.xor
      global.set 6
      i32.const 16777216
      i32.const -268435456
    end
    global.get 5
    i32.xor
    global.set 5
    global.get 5
    i32.xor
    global.set 5
  )
  (func (;6;) (type 4) (param i64) (result i32 i32)
    (local externref f32 f32 f32 f32 f32 f32 f64 f32 f64 f64 f64 f32 f32 f32 f64)
    global.get 8
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 8
    i32.const 1
    i32.sub
    global.set 8
    global.get 2
    i32.extend16_s
    i64.load8_u
    call 4
    i32.const 1029401253
    call 5
    call 6
    i32.rem_s
    i64.extend_i32_s
    f32.convert_i64_u
    f32.nearest
    local.tee 2
    f32.const nan (;=NaN;)
    local.get 2
    local.get 2
    f32.eq
    select
    loop ;; label = @1
      global.get 8
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 8
      i32.const 1
      i32.sub
      global.set 8
      block (type 3) (result i32) ;; label = @2
        nop
        f64.const -0x1.cf30f13044d19p+259 (;=-1676058577402849300000000000000000000000000000000000000000000000000000000000000;)
        elem.drop 0
        loop ;; label = @3
          global.get 8
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 8
          i32.const 1
          i32.sub
          global.set 8
          elem.drop 0
          loop (result f64) ;; label = @4
            global.get 8
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 8
            i32.const 1
            i32.sub
            global.set 8
            i32.const -2049
            i64.load16_s
            f32.convert_i64_u
            f32.sqrt
            local.tee 3
            f32.const nan (;=NaN;)
            local.get 3
            local.get 3
            f32.eq
            select
            br 3 (;@1;)
            global.get 3
            f32.convert_i64_s
            f32.ceil
            local.tee 4
            f32.const nan (;=NaN;)
            local.get 4
            local.get 4
            f32.eq
            select
            f32.ceil
            local.tee 5
            f32.const nan (;=NaN;)
            local.get 5
            local.get 5
            f32.eq
            select
            i64.const 1501208685561778108
            local.set 0
            f32.trunc
            local.tee 6
            f32.const nan (;=NaN;)
            local.get 6
            local.get 6
            f32.eq
            select
            f32.sub
            local.tee 7
            f32.const nan (;=NaN;)
            local.get 7
            local.get 7
            f32.eq
            select
            i32.trunc_sat_f32_s
            block (type 3) (result i32) ;; label = @5
              br 2 (;@3;)
              local.get 0
              i32.const -2013942570
              f64.convert_i32_s
              i64.const -6295685493482058036
              block ;; label = @6
                block ;; label = @7
                  br 6 (;@1;)
                  local.get 1
                  i32.const 524288
                  i64.load8_s
                  f64.convert_i64_u
                  data.drop 0
                  br 6 (;@1;)
                  f64.ceil
                  local.tee 8
                  f64.const nan (;=NaN;)
                  local.get 8
                  local.get 8
                  f64.eq
                  select
                  memory.size
                  f64.const 0x1.p-1039 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000169759663277;)
                  i64.reinterpret_f64
                  block ;; label = @8
                    nop
                    loop (type 3) (result i32) ;; label = @9
                      global.get 8
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 8
                      i32.const 1
                      i32.sub
                      global.set 8
                      f32.const -0x1.dcee22p-77 (;=-0.000000000000000000000012328357;)
                      br 0 (;@9;)
                      i64.trunc_f32_u
                      i64.popcnt
                      local.set 0
                      memory.size
                      block (type 3) (result i32) ;; label = @10
                        loop (result f32) ;; label = @11
                          global.get 8
                          i32.eqz
                          if ;; label = @12
                            unreachable
                          end
                          global.get 8
                          i32.const 1
                          i32.sub
                          global.set 8
                          f32.const 0x1.89f7fap+60 (;=1774277100000000000;)
                          i64.trunc_sat_f32_u
                          nop
                          local.tee 0
                          local.get 0
                          i64.or
                          f32.const -nan:0x7fff80 (;=NaN;)
                          f32.trunc
                          local.tee 9
                          f32.const nan (;=NaN;)
                          local.get 9
                          local.get 9
                          f32.eq
                          select
                          f32.const 0x1.fffep-134 (;=0.000000000000000000000000000000000000000091834;)
                          f32.gt
                          i64.const 512
                          i64.popcnt
                          i64.popcnt
                          memory.size
                          f32.convert_i32_s
                          f64.const 0x1.e57fcd5d494cbp+821 (;=26520091485816490000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                          f32.const 0x1p-63 (;=0.00000000000000000010842022;)
                          nop
                          i64.const 3950150409184065436
                          i64.eqz
                          data.drop 0
                          memory.grow
                          f64.const -nan:0xfffffdfffffff (;=NaN;)
                          local.get 1
                          f32.const -0x1p+1 (;=-2;)
                          f64.const -0x1.114b5b9081732p+905 (;=-288759837804068700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                          ref.null func
                          loop (result i64) ;; label = @12
                            global.get 8
                            i32.eqz
                            if ;; label = @13
                              unreachable
                            end
                            global.get 8
                            i32.const 1
                            i32.sub
                            global.set 8
                            local.get 0
                            i64.popcnt
                            f64.convert_i64_s
                            i64.const -2159449340896904453
                            f64.const 0x1.p-1067 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000063;)
                            block ;; label = @13
                              memory.size
                              i64.extend_i32_u
                              local.get 1
                              f64.const 0x1p-511 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000014916681462400413;)
                              f64.floor
                              local.tee 10
                              f64.const nan (;=NaN;)
                              local.get 10
                              local.get 10
                              f64.eq
                              select
                              f64.ceil
                              local.tee 11
                              f64.const nan (;=NaN;)
                              local.get 11
                              local.get 11
                              f64.eq
                              select
                              block (result i64) ;; label = @14
                                i32.const 529404776
                                i64.load align=1
                                f32.convert_i64_u
                                f32.neg
                                f64.promote_f32
                                local.tee 16
                                f64.const nan (;=NaN;)
                                local.get 16
                                local.get 16
                                f64.eq
                                select
                                f64.trunc
                                local.tee 12
                                f64.const nan (;=NaN;)
                                local.get 12
                                local.get 12
                                f64.eq
                                select
                                i64.trunc_sat_f64_u
                                f64.reinterpret_i64
                                ref.null extern
                                memory.size
                                f32.convert_i32_u
                                elem.drop 0
                                data.drop 0
                                f32.sqrt
                                local.tee 13
                                f32.const nan (;=NaN;)
                                local.get 13
                                local.get 13
                                f32.eq
                                select
                                f32.neg
                                i32.const -1135580475
                                f32.load align=1
                                f32.floor
                                local.tee 14
                                f32.const nan (;=NaN;)
                                local.get 14
                                local.get 14
                                f32.eq
                                select
                                i32.reinterpret_f32
                                global.get 6
                                i32.xor
                                global.set 6
                                i32.reinterpret_f32
                                global.get 6
                                i32.xor
                                global.set 6
                                drop
                                i64.reinterpret_f64
                                global.get 4
                                i64.xor
                                global.set 4
                                i64.const 16
                              end
                              global.get 7
                              i64.xor
                              global.set 7
                              i64.reinterpret_f64
                              global.get 4
                              i64.xor
                              global.set 4
                              drop
                              global.get 7
                              i64.xor
                              global.set 7
                            end
                            i64.reinterpret_f64
                            global.get 4
                            i64.xor
                            global.set 4
                            global.get 7
                            i64.xor
                            global.set 7
                            i64.reinterpret_f64
                            global.get 4
                            i64.xor
                            global.set 4
                            i64.const -1099511627776
                          end
                          global.get 7
                          i64.xor
                          global.set 7
                          drop
                          i64.reinterpret_f64
                          global.get 4
                          i64.xor
                          global.set 4
                          i32.reinterpret_f32
                          global.get 6
                          i32.xor
                          global.set 6
                          drop
                          i64.reinterpret_f64
                          global.get 4
                          i64.xor
                          global.set 4
                          global.get 5
                          i32.xor
                          global.set 5
                          i32.reinterpret_f32
                          global.get 6
                          i32.xor
                          global.set 6
                          i64.reinterpret_f64
                          global.get 4
                          i64.xor
                          global.set 4
                          i32.reinterpret_f32
                          global.get 6
                          i32.xor
                          global.set 6
                          global.get 7
                          i64.xor
                          global.set 7
                          global.get 5
                          i32.xor
                          global.set 5
                          global.get 7
                          i64.xor
                          global.set 7
                          f32.const -0x1.94d572p-95 (;=-0.000000000000000000000000000039919692;)
                        end
                        i32.reinterpret_f32
                        global.get 6
                        i32.xor
                        global.set 6
                        i32.const -1048576
                      end
                      global.get 5
                      i32.xor
                      global.set 5
                    end
                    global.get 5
                    i32.xor
                    global.set 5
                  end
                  global.get 7
                  i64.xor
                  global.set 7
                  global.get 5
                  i32.xor
                  global.set 5
                  i64.reinterpret_f64
                  global.get 4
                  i64.xor
                  global.set 4
                  drop
                end
              end
              global.get 7
              i64.xor
              global.set 7
              i64.reinterpret_f64
              global.get 4
              i64.xor
              global.set 4
              global.get 7
              i64.xor
              global.set 7
              i32.const 67108863
            end
            global.get 5
            i32.xor
            global.set 5
            global.get 5
            i32.xor
            global.set 5
            f64.const 0x1.ffffffep-1047 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001326247364;)
          end
          i64.reinterpret_f64
          global.get 4
          i64.xor
          global.set 4
        end
        i64.reinterpret_f64
        global.get 4
        i64.xor
        global.set 4
        i32.const 262144
      end
      global.get 5
      i32.xor
      global.set 5
    end
    i32.reinterpret_f32
    global.get 6
    i32.xor
    global.set 6
    i32.const -524289
    i32.const 536870911
  )
  (func (;7;) (type 0) (param i32 i32) (result i32)
    (local i64 i64 f64 i64 i64 f64 f32 f64 f64 f32 f32 f64)
    global.get 8
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 8
    i32.const 1
    i32.sub
    global.set 8
    local.get 1
    i64.const -4675184840567372751
    memory.size
    if (type 4) (param i64) (result i32 i32) ;; label = @1
      block (result i32) ;; label = @2
        ref.null extern
        f64.const -0x1.090c6b09e7f12p+198 (;=-415934112822882400000000000000000000000000000000000000000000;)
        i64.reinterpret_f64
        global.get 3
        global.get 2
        select
        loop (result f64) ;; label = @3
          global.get 8
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 8
          i32.const 1
          i32.sub
          global.set 8
          local.get 4
          i32.trunc_f64_s
          f32.const 0x1.5a6edcp+26 (;=90815340;)
          data.drop 0
          local.get 3
          f32.convert_i64_u
          loop ;; label = @4
            global.get 8
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 8
            i32.const 1
            i32.sub
            global.set 8
            memory.size
            f32.convert_i32_u
            local.get 0
            f64.convert_i32_s
            i64.trunc_sat_f64_u
            data.drop 0
            f64.const 0x1.1ecaaaa15ede8p-633 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003142963275016212;)
            i32.trunc_f64_s
            br_table 0 (;@4;) 1 (;@3;) 1 (;@3;)
            local.get 2
            i64.ge_s
            i32.load8_s
            local.tee 1
            br 1 (;@3;)
            i64.load
            f32.const 0x1.fffffep+0 (;=1.9999999;)
            i32.trunc_sat_f32_u
            data.drop 0
            local.get 3
            f32.const 0x1.61537p-38 (;=0.0000000000050210634;)
            global.get 3
            block (type 3) (result i32) ;; label = @5
              local.get 1
              i32.extend16_s
              i64.const 549755813888
              i64.extend8_s
              i64.store32 align=2
              memory.size
              i32.popcnt
              data.drop 0
              f64.const 0x1.p-1067 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000063;)
              f32.demote_f64
              local.tee 12
              f32.const nan (;=NaN;)
              local.get 12
              local.get 12
              f32.eq
              select
              i32.const -12374150
              global.get 2
              br_if 3 (;@2;)
              br 2 (;@3;)
              local.get 1
              i32.ge_s
              br 1 (;@4;)
              i64.load8_s
              global.get 0
              memory.size
              f32.reinterpret_i32
              f32.gt
              local.get 1
              br_if 3 (;@2;)
              i64.load32_s align=1
              i64.extend8_s
              i64.div_s
              local.set 5
              f32.const -nan:0x7fefff (;=NaN;)
              f32.add
              local.tee 8
              f32.const nan (;=NaN;)
              local.get 8
              local.get 8
              f32.eq
              select
              ref.null func
              i64.const -4665172401766763923
              i64.clz
              i32.wrap_i64
              i32.extend16_s
              i32.popcnt
              local.tee 0
              i64.load8_s
              block (type 3) (result i32) ;; label = @6
                f32.const -0x1.4fa2f8p-2 (;=-0.3277701;)
                global.get 0
                f32.le
                br 2 (;@4;)
                elem.drop 0
                br_if 3 (;@3;)
                loop (type 3) (result i32) ;; label = @7
                  global.get 8
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 8
                  i32.const 1
                  i32.sub
                  global.set 8
                  ref.null extern
                  local.get 0
                  call 5
                  i32.const 255
                  i64.load8_u
                  global.get 3
                  local.get 1
                  i32.ctz
                  block (type 3) (result i32) ;; label = @8
                    i32.const 196607
                    block (result i64) ;; label = @9
                      br 5 (;@4;)
                      loop (result i64) ;; label = @10
                        global.get 8
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 8
                        i32.const 1
                        i32.sub
                        global.set 8
                        loop (type 3) (result i32) ;; label = @11
                          global.get 8
                          i32.eqz
                          if ;; label = @12
                            unreachable
                          end
                          global.get 8
                          i32.const 1
                          i32.sub
                          global.set 8
                          f64.const -0x1.178ba6e9ebf64p-785 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005366189045271352;)
                          f64.trunc
                          local.tee 9
                          f64.const nan (;=NaN;)
                          local.get 9
                          local.get 9
                          f64.eq
                          select
                          f64.nearest
                          local.tee 10
                          f64.const nan (;=NaN;)
                          local.get 10
                          local.get 10
                          f64.eq
                          select
                          i64.trunc_sat_f64_u
                          i32.const 1869800447
                          i32.popcnt
                          local.set 0
                          f64.convert_i64_u
                          i64.trunc_sat_f64_s
                          block (result externref) ;; label = @12
                            f64.const 0x1.ffffffffcp-1040 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000016975966327;)
                            i32.trunc_f64_s
                            call 1
                            loop (result i64) ;; label = @13
                              global.get 8
                              i32.eqz
                              if ;; label = @14
                                unreachable
                              end
                              global.get 8
                              i32.const 1
                              i32.sub
                              global.set 8
                              f64.const 0x1.82137dda87797p+63 (;=13909858850363455000;)
                              i64.const 6129356817262621285
                              i64.clz
                              loop ;; label = @14
                                global.get 8
                                i32.eqz
                                if ;; label = @15
                                  unreachable
                                end
                                global.get 8
                                i32.const 1
                                i32.sub
                                global.set 8
                              end
                              block ;; label = @14
                                f32.const 0x1.p-137 (;=0.00000000000000000000000000000000000000000574;)
                                br 4 (;@10;)
                                block ;; label = @15
                                end
                                local.get 5
                                data.drop 0
                                br 11 (;@3;)
                                i64.eqz
                                i32.load16_s
                                i32.extend16_s
                                i32.load align=1
                                i32.load8_s
                                f32.const 0x1.bef9ccp+51 (;=3931640400000000;)
                                loop ;; label = @15
                                  global.get 8
                                  i32.eqz
                                  if ;; label = @16
                                    unreachable
                                  end
                                  global.get 8
                                  i32.const 1
                                  i32.sub
                                  global.set 8
                                  ref.null func
                                  local.get 6
                                  call 4
                                  f64.const -0x1.45ef1201d0ffbp+436 (;=-225926739880793060000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                  f64.neg
                                  i32.const 64
                                  i64.load8_u
                                  i64.ctz
                                  f64.convert_i64_u
                                  f64.ne
                                  i32.const 2
                                  i32.const 750943767
                                  select
                                  i32.load16_s align=1
                                  i64.extend_i32_u
                                  i64.ge_u
                                  i32.eqz
                                  local.get 5
                                  f32.const -0x1.eb6da6p+4 (;=-30.71427;)
                                  i32.trunc_f32_s
                                  f32.reinterpret_i32
                                  i32.trunc_f32_u
                                  global.get 1
                                  f64.neg
                                  i64.trunc_f64_u
                                  data.drop 0
                                  f32.const 0x1.1f1e82p-16 (;=0.000017113636;)
                                  i32.trunc_sat_f32_s
                                  i32.load8_u
                                  elem.drop 0
                                  f64.convert_i32_u
                                  br 8 (;@7;)
                                  f64.abs
                                  i32.trunc_f64_s
                                  f32.reinterpret_i32
                                  f32.abs
                                  f32.floor
                                  local.tee 11
                                  f32.const nan (;=NaN;)
                                  local.get 11
                                  local.get 11
                                  f32.eq
                                  select
                                  elem.drop 0
                                  i64.trunc_f32_u
                                  call 4
                                  i64.clz
                                  global.get 7
                                  i64.xor
                                  global.set 7
                                  global.get 7
                                  i64.xor
                                  global.set 7
                                  global.get 5
                                  i32.xor
                                  global.set 5
                                  global.get 7
                                  i64.xor
                                  global.set 7
                                  global.get 5
                                  i32.xor
                                  global.set 5
                                  drop
                                end
                                i32.reinterpret_f32
                                global.get 6
                                i32.xor
                                global.set 6
                                global.get 5
                                i32.xor
                                global.set 5
                                i32.reinterpret_f32
                                global.get 6
                                i32.xor
                                global.set 6
                              end
                              global.get 7
                              i64.xor
                              global.set 7
                              i64.reinterpret_f64
                              global.get 4
                              i64.xor
                              global.set 4
                              i64.const -8912457134645827987
                            end
                            global.get 7
                            i64.xor
                            global.set 7
                            ref.null extern
                          end
                          drop
                          global.get 7
                          i64.xor
                          global.set 7
                          i32.const -389628627
                        end
                        global.get 5
                        i32.xor
                        global.set 5
                        i64.const -8796093022209
                      end
                    end
                    global.get 7
                    i64.xor
                    global.set 7
                  end
                  global.get 5
                  i32.xor
                  global.set 5
                  global.get 5
                  i32.xor
                  global.set 5
                  global.get 7
                  i64.xor
                  global.set 7
                  global.get 7
                  i64.xor
                  global.set 7
                  drop
                  i32.const 33554432
                end
              end
              global.get 5
              i32.xor
              global.set 5
              global.get 7
              i64.xor
              global.set 7
              drop
              i32.reinterpret_f32
              global.get 6
              i32.xor
              global.set 6
            end
            global.get 5
            i32.xor
            global.set 5
            global.get 7
            i64.xor
            global.set 7
            i32.reinterpret_f32
            global.get 6
            i32.xor
            global.set 6
            global.get 7
            i64.xor
            global.set 7
            global.get 5
            i32.xor
            global.set 5
            global.get 7
            i64.xor
            global.set 7
            i32.reinterpret_f32
            global.get 6
            i32.xor
            global.set 6
          end
          i32.reinterpret_f32
          global.get 6
          i32.xor
          global.set 6
          i32.reinterpret_f32
          global.get 6
          i32.xor
          global.set 6
          global.get 5
          i32.xor
          global.set 5
          f64.const -0x1p+513 (;=-26815615859885194000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
        end
        i64.reinterpret_f64
        global.get 4
        i64.xor
        global.set 4
        global.get 7
        i64.xor
        global.set 7
        drop
        i32.const 16384
      end
      global.get 5
      i32.xor
      global.set 5
      global.get 7
      i64.xor
      global.set 7
      i32.const 329324014
      i32.const 1778362411
    else
      global.get 7
      i64.xor
      global.set 7
      i32.const -4194305
      i32.const 16
    end
    global.get 5
    i32.xor
    global.set 5
    global.get 5
    i32.xor
    global.set 5
  )
  (data (;0;) "")
)
