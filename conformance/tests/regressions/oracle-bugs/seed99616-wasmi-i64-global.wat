(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i64) (result i32 i32)))
  (type (;5;) (func (param f32 f64) (result f64)))
  (type (;6;) (func (param i32) (result f32 externref)))
  (import "host" "mix64" (func (;0;) (type 1) (param i64) (result i64)))
  (import "host" "split" (func (;1;) (type 4) (param i64) (result i32 i32)))
  (import "host" "fmix" (func (;2;) (type 5) (param f32 f64) (result f64)))
  (import "host" "gf32" (global (;0;) f32))
  (import "host" "gf64" (global (;1;) f64))
  (memory (;0;) 2 4)
  (global (;2;) (mut f64) global.get 1)
  (global (;3;) i64 i64.const 8323164729345017768)
  (global (;4;) (mut i64) i64.const -5626939393450418213)
  (global (;5;) (mut i64) i64.const 6955832485316959492)
  (global (;6;) (mut i32) i32.const -1077346187)
  (global (;7;) funcref ref.null func)
  (global (;8;) (mut i32) i32.const 0)
  (global (;9;) (mut i32) i32.const 0)
  (global (;10;) (mut i64) i64.const 0)
  (global (;11;) (mut i64) i64.const 0)
  (global (;12;) (mut i32) i32.const 2000)
  (export "\u{3}\u{12}" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (memory 0))
  (export "6" (global 0))
  (export "7" (global 1))
  (export "8" (global 2))
  (export "9" (global 3))
  (export "10" (global 4))
  (export "11" (global 5))
  (export "12" (global 6))
  (export "13" (global 7))
  (export "14" (global 8))
  (export "15" (global 9))
  (export "[\u{18}\u{1d}4z" (global 10))
  (export "c" (global 11))
  (elem (;0;) declare func)
  (func (;3;) (type 1) (param i64) (result i64)
    (local f32 f64 f32 f64 f32 f32 f64)
    global.get 12
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 12
    i32.const 1
    i32.sub
    global.set 12
    elem.drop 0
    f64.const 0x1.0001p-1056 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001295183;)
    i32.trunc_f64_s
    i64.load8_u offset=117421
    i32.const 2139095039
    elem.drop 0
    i32.popcnt
    f64.convert_i32_u
    f64.const 0x1.p-1064 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000506;)
    f64.ge
    i32.load offset=33006
    local.get 0
    i64.const 2783616978846065229
    f32.const -nan:0x77ffff (;=NaN;)
    f32.sqrt
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    memory.size
    i64.load32_s offset=73122 align=1
    i64.popcnt
    f32.convert_i64_u
    f32.eq
    memory.size
    i32.eq
    i32.load8_s offset=73493
    i64.load8_s offset=36445
    i64.extend16_s
    global.get 0
    data.drop 1
    i32.trunc_f32_u
    if (type 4) (param i64) (result i32 i32) ;; label = @1
      i32.wrap_i64
      i64.load8_s offset=26299
      i64.extend16_s
      memory.size
      i32.load16_u offset=57911
      data.drop 2
      loop (type 3) (result i32) ;; label = @2
        global.get 12
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 12
        i32.const 1
        i32.sub
        global.set 12
        ref.null extern
        f64.const -0x1.6ee51cb5e428dp-128 (;=-0.0000000000000000000000000000000000000042117476933743374;)
        i64.const -2981056024281867577
        i64.clz
        memory.size
        global.get 4
        f64.convert_i64_s
        i32.trunc_sat_f64_u
        i32.popcnt
        i64.load8_s offset=9965
        local.tee 0
        i64.extend16_s
        i64.extend16_s
        i64.extend8_s
        local.set 0
        i64.load8_s offset=232692
        i64.gt_u
        i32.load8_s offset=22951
        if (result i32) ;; label = @3
          memory.size
          i32.load16_u offset=83508
          i32.load16_s offset=16388
          f32.convert_i32_s
          block (type 3) (result i32) ;; label = @4
            ref.null extern
            memory.size
            i32.ctz
            f64.load offset=2479281834 align=2
            i64.trunc_sat_f64_s
            block (type 1) (param i64) (result i64) ;; label = @5
              f32.const 0x1p-119 (;=0.0000000000000000000000000000000000015046328;)
              i64.trunc_f32_u
              call 3
              loop ;; label = @6
                global.get 12
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 12
                i32.const 1
                i32.sub
                global.set 12
                local.get 0
                f64.reinterpret_i64
                i64.trunc_f64_s
                call 1
                i32.shr_u
                f32.convert_i32_s
                f32.abs
                i32.trunc_f32_u
                i64.load8_s offset=4591
                data.drop 3
                memory.size
                i32.load8_s offset=88299
                br 2 (;@4;)
                return
                f32.const 0x1.p-142 (;=0.00000000000000000000000000000000000000000018;)
                i32.trunc_f32_u
                i64.load16_s offset=66639 align=1
                br 1 (;@5;)
                global.get 7
                ref.null extern
                block (result i32) ;; label = @7
                  global.get 7
                  ref.null extern
                  br 1 (;@6;)
                  f32.const 0x1.f25166p+48 (;=547906400000000;)
                  f64.promote_f32
                  local.tee 7
                  f64.const nan (;=NaN;)
                  local.get 7
                  local.get 7
                  f64.eq
                  select
                  f64.nearest
                  local.tee 2
                  f64.const nan (;=NaN;)
                  local.get 2
                  local.get 2
                  f64.eq
                  select
                  global.set 2
                  elem.drop 0
                  global.get 5
                  global.get 0
                  f64.const -0x1.f12e601de31e7p-524 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000035363640333145574;)
                  i64.trunc_f64_u
                  global.get 2
                  loop ;; label = @8
                    global.get 12
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 12
                    i32.const 1
                    i32.sub
                    global.set 12
                    global.get 3
                    f64.const -0x1.969d5cdb7dfcp+918 (;=-3519485072301283300000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                    block (result f32) ;; label = @9
                      loop (result i64) ;; label = @10
                        global.get 12
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 12
                        i32.const 1
                        i32.sub
                        global.set 12
                        f32.const 0x1.cd1232p+1 (;=3.6021178;)
                        i32.trunc_f32_s
                        global.set 6
                        memory.size
                        br_if 2 (;@8;)
                        i32.const -8192
                        global.set 6
                        i64.const 7290144718126382911
                        data.drop 1
                        data.drop 1
                        block ;; label = @11
                        end
                        loop (type 1) (param i64) (result i64) ;; label = @11
                          global.get 12
                          i32.eqz
                          if ;; label = @12
                            unreachable
                          end
                          global.get 12
                          i32.const 1
                          i32.sub
                          global.set 12
                          local.get 0
                          i64.ne
                          i64.load16_s offset=127931
                          i64.ctz
                          f32.convert_i64_s
                          f32.sqrt
                          local.tee 3
                          f32.const nan (;=NaN;)
                          local.get 3
                          local.get 3
                          f32.eq
                          select
                          ref.null func
                          br 3 (;@8;)
                          nop
                          block ;; label = @12
                            i64.const 5706690771416820154
                            elem.drop 0
                            br 10 (;@2;)
                            f64.const 0x1.fffffffffffffp-896 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000037857669957336787;)
                            i32.trunc_sat_f64_u
                            local.get 0
                            i64.store offset=59750 align=4
                            f64.convert_i64_s
                            i64.trunc_sat_f64_u
                            i64.const 2305843009213693951
                            i64.le_u
                            f64.load offset=109311 align=1
                            f64.sqrt
                            local.tee 4
                            f64.const nan (;=NaN;)
                            local.get 4
                            local.get 4
                            f64.eq
                            select
                            i64.const 4406606419728401894
                            loop (result funcref) ;; label = @13
                              global.get 12
                              i32.eqz
                              if ;; label = @14
                                unreachable
                              end
                              global.get 12
                              i32.const 1
                              i32.sub
                              global.set 12
                              br 5 (;@8;)
                              global.get 0
                              i64.trunc_sat_f32_s
                              i64.extend32_s
                              i32.wrap_i64
                              i32.load16_u offset=180816213 align=1
                              f32.const 0x1.00008p-132 (;=0.000000000000000000000000000000000000000183672;)
                              f64.const -0x1.1fe86d2839f7fp-833 (;=-0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001963483481309532;)
                              i32.const 536870912
                              i64.load8_u offset=33144
                              memory.size
                              i64.extend_i32_u
                              local.tee 0
                              call 3
                              call 1
                              i64.load8_s offset=118220
                              f64.convert_i64_u
                              block (type 3) (result i32) ;; label = @14
                                local.get 0
                                f64.convert_i64_s
                                i64.trunc_f64_u
                                memory.size
                                global.get 0
                                global.get 5
                                f32.convert_i64_u
                                f32.neg
                                f32.sqrt
                                local.tee 5
                                f32.const nan (;=NaN;)
                                local.get 5
                                local.get 5
                                f32.eq
                                select
                                i32.reinterpret_f32
                                global.get 8
                                i32.xor
                                global.set 8
                                i32.reinterpret_f32
                                global.get 8
                                i32.xor
                                global.set 8
                                global.get 9
                                i32.xor
                                global.set 9
                                global.get 10
                                i64.xor
                                global.set 10
                                i32.const 131056
                              end
                              global.get 9
                              i32.xor
                              global.set 9
                              i64.reinterpret_f64
                              global.get 11
                              i64.xor
                              global.set 11
                              global.get 9
                              i32.xor
                              global.set 9
                              global.get 10
                              i64.xor
                              global.set 10
                              i64.reinterpret_f64
                              global.get 11
                              i64.xor
                              global.set 11
                              i32.reinterpret_f32
                              global.get 8
                              i32.xor
                              global.set 8
                              global.get 9
                              i32.xor
                              global.set 9
                              ref.null func
                            end
                            drop
                            global.get 10
                            i64.xor
                            global.set 10
                            i64.reinterpret_f64
                            global.get 11
                            i64.xor
                            global.set 11
                          end
                          drop
                          i32.reinterpret_f32
                          global.get 8
                          i32.xor
                          global.set 8
                          i64.const 33554431
                        end
                      end
                      global.get 10
                      i64.xor
                      global.set 10
                      f32.const 0x1p+1 (;=2;)
                    end
                    i32.reinterpret_f32
                    global.get 8
                    i32.xor
                    global.set 8
                    i64.reinterpret_f64
                    global.get 11
                    i64.xor
                    global.set 11
                    global.get 10
                    i64.xor
                    global.set 10
                  end
                  i64.reinterpret_f64
                  global.get 11
                  i64.xor
                  global.set 11
                  global.get 10
                  i64.xor
                  global.set 10
                  i32.reinterpret_f32
                  global.get 8
                  i32.xor
                  global.set 8
                  global.get 10
                  i64.xor
                  global.set 10
                  drop
                  drop
                  i32.const 131074
                end
                global.get 9
                i32.xor
                global.set 9
                drop
                drop
              end
              global.get 10
              i64.xor
              global.set 10
            end
            global.get 10
            i64.xor
            global.set 10
            drop
            i32.const -773860207
          end
          global.get 9
          i32.xor
          global.set 9
          i32.reinterpret_f32
          global.get 8
          i32.xor
          global.set 8
          i32.const 268435456
        else
          i32.const -536870913
        end
        global.get 9
        i32.xor
        global.set 9
        i64.reinterpret_f64
        global.get 11
        i64.xor
        global.set 11
        drop
        i32.const 615771915
      end
      global.get 9
      i32.xor
      global.set 9
      global.get 9
      i32.xor
      global.set 9
      global.get 10
      i64.xor
      global.set 10
      i32.const -1952270901
      i32.const 188718426
    else
      global.get 10
      i64.xor
      global.set 10
      i32.const 74129314
      i32.const 131064
    end
    global.get 9
    i32.xor
    global.set 9
    global.get 9
    i32.xor
    global.set 9
    global.get 10
    i64.xor
    global.set 10
    global.get 10
    i64.xor
    global.set 10
    global.get 9
    i32.xor
    global.set 9
  )
  (func (;4;) (type 1) (param i64) (result i64)
    (local f32 f64 f64 f32 f64 f64 f32 f32 f64)
    global.get 12
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 12
    i32.const 1
    i32.sub
    global.set 12
    memory.size
    data.drop 2
    i32.extend16_s
    i32.clz
    data.drop 2
    f32.convert_i32_u
    data.drop 0
    f32.nearest
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    i64.const 72057594037927936
    call 4
    i64.ctz
    f64.const 0x1.8b3cd9391c558p+66 (;=113919507931583610000;)
    f64.neg
    i32.const 536362191
    f64.load offset=98513 align=1
    f32.demote_f64
    local.tee 8
    f32.const nan (;=NaN;)
    local.get 8
    local.get 8
    f32.eq
    select
    i32.reinterpret_f32
    memory.grow
    i64.load16_s offset=48316 align=1
    local.set 0
    f64.sqrt
    local.tee 2
    f64.const nan (;=NaN;)
    local.get 2
    local.get 2
    f64.eq
    select
    ref.null extern
    global.get 6
    i32.const -131073
    i32.eq
    i32.load offset=110341 align=1
    loop (result i64) ;; label = @1
      global.get 12
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 12
      i32.const 1
      i32.sub
      global.set 12
      memory.size
      br 0 (;@1;)
      f32.load offset=40448 align=2
      local.get 0
      call 4
      f32.convert_i64_u
      f32.const -0x1.e9ea6ap+119 (;=-1271893800000000000000000000000000000;)
      br 0 (;@1;)
      f32.neg
      block (result i32) ;; label = @2
        block (result f32) ;; label = @3
          data.drop 1
          block (result i32) ;; label = @4
            global.get 2
            global.set 2
            f64.const -0x1.08c7d40d2eb14p-414 (;=-0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002444713427996006;)
            memory.size
            i32.popcnt
            i32.popcnt
            block (type 6) (param i32) (result f32 externref) ;; label = @5
              i64.extend_i32_s
              block (type 3) (result i32) ;; label = @6
                local.get 0
                i32.const 960202595
                i64.load16_s offset=58099 align=1
                i64.div_s
                call 4
                br 5 (;@1;)
                i32.const 1111318768
                i32.load16_s offset=82730 align=1
                i64.load16_u offset=64931
                i64.extend16_s
                i32.const -1386687180
                data.drop 3
                i32.load8_u offset=158509
                select
                global.get 4
                i64.gt_u
                i32.load8_u offset=61863
                i64.load32_u offset=98893 align=1
                i64.const -4582585197334875805
                i64.lt_u
                i32.eqz
                i32.popcnt
                br 5 (;@1;)
              end
              i64.load32_s offset=111143
              data.drop 1
              elem.drop 0
              block (result i32) ;; label = @6
                f64.const -0x1.8ede5fc832282p+194 (;=-39120923264679945000000000000000000000000000000000000000000;)
                i32.trunc_sat_f64_s
                global.set 6
                global.get 1
                global.set 2
                global.get 3
                elem.drop 0
                loop (type 1) (param i64) (result i64) ;; label = @7
                  global.get 12
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 12
                  i32.const 1
                  i32.sub
                  global.set 12
                  loop ;; label = @8
                    global.get 12
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 12
                    i32.const 1
                    i32.sub
                    global.set 12
                    block (result f64) ;; label = @9
                      ref.null func
                      f64.const 0x1.00008p-1057 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000647587;)
                      i64.trunc_f64_s
                      f64.const 0x1.p-1046 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000132624737;)
                      f64.ceil
                      local.tee 3
                      f64.const nan (;=NaN;)
                      local.get 3
                      local.get 3
                      f64.eq
                      select
                      i64.trunc_sat_f64_u
                      f32.convert_i64_u
                      f32.trunc
                      local.tee 4
                      f32.const nan (;=NaN;)
                      local.get 4
                      local.get 4
                      f32.eq
                      select
                      ref.null extern
                      local.get 0
                      data.drop 2
                      local.set 0
                      global.get 0
                      i64.trunc_sat_f32_u
                      f64.reinterpret_i64
                      f64.nearest
                      local.tee 5
                      f64.const nan (;=NaN;)
                      local.get 5
                      local.get 5
                      f64.eq
                      select
                      f64.nearest
                      local.tee 6
                      f64.const nan (;=NaN;)
                      local.get 6
                      local.get 6
                      f64.eq
                      select
                      i64.trunc_f64_u
                      global.set 4
                      elem.drop 0
                      i32.const -128
                      local.get 0
                      f32.convert_i64_s
                      br 8 (;@1;)
                      global.get 5
                      br 9
                      i64.trunc_f32_u
                      f32.convert_i64_u
                      global.get 6
                      br 7 (;@2;)
                      loop ;; label = @10
                        global.get 12
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 12
                        i32.const 1
                        i32.sub
                        global.set 12
                        f32.const -0x1.796728p-109 (;=-0.0000000000000000000000000000000022714114;)
                        f32.floor
                        local.tee 7
                        f32.const nan (;=NaN;)
                        local.get 7
                        local.get 7
                        f32.eq
                        select
                        block ;; label = @11
                          block (result f64) ;; label = @12
                            br 4 (;@8;)
                            i32.const 2097152
                            global.set 6
                            ref.null extern
                            i64.const 7428010692353886573
                            f32.convert_i64_s
                            i32.const 511
                            f64.convert_i32_u
                            block (type 3) (result i32) ;; label = @13
                              elem.drop 0
                              f32.const 0x1.fffep-132 (;=0.000000000000000000000000000000000000000367336;)
                              ref.null extern
                              f64.const 0x1.2377e70a74541p+11 (;=2331.7469532272376;)
                              local.get 0
                              f32.const -0x1.24a298p-25 (;=-0.000000034067213;)
                              loop ;; label = @14
                                global.get 12
                                i32.eqz
                                if ;; label = @15
                                  unreachable
                                end
                                global.get 12
                                i32.const 1
                                i32.sub
                                global.set 12
                                br 6 (;@8;)
                                global.get 4
                                global.set 4
                                local.get 0
                                br 6 (;@8;)
                                nop
                                f64.const 0x1.c02387cb3d8a4p+187 (;=343385349295471420000000000000000000000000000000000000000;)
                                block (result externref) ;; label = @15
                                  global.get 3
                                  global.set 4
                                  elem.drop 0
                                  f64.const -0x1.b84e7289003c5p+879 (;=-6932362369388714000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                  i64.const -134217728
                                  i32.wrap_i64
                                  i64.const -268435457
                                  global.set 4
                                  i64.extend_i32_s
                                  local.get 0
                                  i64.extend8_s
                                  local.tee 0
                                  global.get 10
                                  i64.xor
                                  global.set 10
                                  global.get 10
                                  i64.xor
                                  global.set 10
                                  i64.reinterpret_f64
                                  global.get 11
                                  i64.xor
                                  global.set 11
                                  ref.null extern
                                end
                                drop
                                i64.reinterpret_f64
                                global.get 11
                                i64.xor
                                global.set 11
                                global.get 10
                                i64.xor
                                global.set 10
                              end
                              i32.reinterpret_f32
                              global.get 8
                              i32.xor
                              global.set 8
                              global.get 10
                              i64.xor
                              global.set 10
                              i64.reinterpret_f64
                              global.get 11
                              i64.xor
                              global.set 11
                              drop
                              i32.reinterpret_f32
                              global.get 8
                              i32.xor
                              global.set 8
                              i32.const 1449008581
                            end
                            global.get 9
                            i32.xor
                            global.set 9
                            i64.reinterpret_f64
                            global.get 11
                            i64.xor
                            global.set 11
                            i32.reinterpret_f32
                            global.get 8
                            i32.xor
                            global.set 8
                            drop
                            f64.const -0x1.fffffffffffffp+960 (;=-19490628022799996000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                          end
                          i64.reinterpret_f64
                          global.get 11
                          i64.xor
                          global.set 11
                        end
                        i32.reinterpret_f32
                        global.get 8
                        i32.xor
                        global.set 8
                      end
                      i32.reinterpret_f32
                      global.get 8
                      i32.xor
                      global.set 8
                      global.get 9
                      i32.xor
                      global.set 9
                      drop
                      i32.reinterpret_f32
                      global.get 8
                      i32.xor
                      global.set 8
                      global.get 10
                      i64.xor
                      global.set 10
                      drop
                      f64.const 0x1.p-1033 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001086461844974;)
                    end
                    i64.reinterpret_f64
                    global.get 11
                    i64.xor
                    global.set 11
                  end
                end
                global.get 10
                i64.xor
                global.set 10
                i32.const 487688674
              end
              global.get 9
              i32.xor
              global.set 9
              global.get 10
              i64.xor
              global.set 10
              global.get 10
              i64.xor
              global.set 10
              f32.const -0x1.42bbe6p-76 (;=-0.000000000000000000000016684956;)
              ref.null extern
            end
            drop
            i32.reinterpret_f32
            global.get 8
            i32.xor
            global.set 8
            i64.reinterpret_f64
            global.get 11
            i64.xor
            global.set 11
            i32.const -8193
          end
          global.get 9
          i32.xor
          global.set 9
          f32.const 0x1.fffffep-64 (;=0.00000000000000000010842021;)
        end
        i32.reinterpret_f32
        global.get 8
        i32.xor
        global.set 8
        i32.const 1707133942
      end
      global.get 9
      i32.xor
      global.set 9
      i32.reinterpret_f32
      global.get 8
      i32.xor
      global.set 8
      i32.reinterpret_f32
      global.get 8
      i32.xor
      global.set 8
      i32.reinterpret_f32
      global.get 8
      i32.xor
      global.set 8
      i64.const 68719476735
    end
    global.get 10
    i64.xor
    global.set 10
    global.get 9
    i32.xor
    global.set 9
    drop
    i64.reinterpret_f64
    global.get 11
    i64.xor
    global.set 11
    global.get 10
    i64.xor
    global.set 10
    i32.reinterpret_f32
    global.get 8
    i32.xor
    global.set 8
    i64.const 2147483647
  )
  (data (;0;) (i32.const 5002) "")
  (data (;1;) "\d6")
  (data (;2;) (i32.const 1132) "")
  (data (;3;) "\a7Hu\e1")
)
