(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i64) (result i32 i32)))
  (type (;5;) (func (param f32 f64) (result f64)))
  (type (;6;) (func (result f32 externref)))
  (import "host" "mix64" (func (;0;) (type 1) (param i64) (result i64)))
  (import "host" "note" (func (;1;) (type 2) (param i32)))
  (import "host" "state" (func (;2;) (type 3) (result i32)))
  (import "host" "fmix" (func (;3;) (type 5) (param f32 f64) (result f64)))
  (import "host" "g32" (global (;0;) i32))
  (import "host" "gf32" (global (;1;) f32))
  (import "host" "gf64" (global (;2;) f64))
  (table (;0;) 8 24 funcref)
  (memory (;0;) 1 4)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i64) i64.const 0)
  (global (;6;) (mut i32) i32.const 0)
  (global (;7;) (mut i32) i32.const 2000)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "6" (func 6))
  (export "7" (table 0))
  (export "8" (memory 0))
  (export "9" (global 0))
  (export "10" (global 1))
  (export "11" (global 2))
  (export "712" (global 3))
  (export "13" (global 4))
  (export "\u{222}Q" (global 5))
  (export "A\u{0}" (global 6))
  (func (;4;) (type 5) (param f32 f64) (result f64)
    (local f64 f64 f32 f32 f32 f64 f32 f32 f64 f32 f64)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    local.get 1
    f32.const -0x1.bc609p-14 (;=-0.00010594778;)
    memory.size
    i32.popcnt
    block (type 2) (param i32) ;; label = @1
      block (type 2) (param i32) ;; label = @2
        br_if 1 (;@1;)
        block (type 3) (result i32) ;; label = @3
          f32.const inf (;=inf;)
          i64.trunc_f32_s
          i64.popcnt
          data.drop 0
          global.get 1
          i32.trunc_f32_s
          i64.load32_s offset=11543 align=1
          i64.extend16_s
          i64.popcnt
          f64.reinterpret_i64
          i32.trunc_sat_f64_u
          i32.popcnt
          i64.load32_s offset=57369 align=1
          i64.extend32_s
          data.drop 0
          i64.eq
          f32.convert_i32_s
          i32.trunc_f32_u
          f32.load offset=62560
          i64.trunc_f32_u
          i64.clz
          call 2
          f32.load offset=164905 align=1
          block (type 6) (result f32 externref) ;; label = @4
            block ;; label = @5
              i32.const -67222027
              i32.load16_u offset=54861
              f64.convert_i32_s
              i32.trunc_sat_f64_s
              i32.load8_s offset=64862
              f64.const -0x1.96ea3c3e25564p+562 (;=-23995028924245608000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
              f64.sqrt
              local.tee 2
              f64.const nan (;=NaN;)
              local.get 2
              local.get 2
              f64.eq
              select
              i32.trunc_f64_u
              memory.size
              f64.convert_i32_s
              loop ;; label = @6
                global.get 7
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 7
                i32.const 1
                i32.sub
                global.set 7
                f64.const 0x1.f8336a564e078p-434 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004439616763144265;)
                f64.ceil
                local.tee 3
                f64.const nan (;=NaN;)
                local.get 3
                local.get 3
                f64.eq
                select
                i64.const 6360066324688046008
                f32.convert_i64_u
                f32.neg
                f32.floor
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
                i32.const -953809621
                global.get 1
                i64.trunc_sat_f32_s
                call 6
                i32.load8_u offset=62245
                f32.const -0x1.b0a23ep+64 (;=-31174548000000000000;)
                block (type 6) (result f32 externref) ;; label = @7
                  loop (type 3) (result i32) ;; label = @8
                    global.get 7
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 7
                    i32.const 1
                    i32.sub
                    global.set 7
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
                      nop
                      block (type 6) (result f32 externref) ;; label = @10
                        table.size 0
                        block (result i32) ;; label = @11
                          memory.size
                          call 1
                          f32.const -0x1.d406fep-72 (;=-0.00000000000000000000038714312;)
                          f32.const 0x1.aceadp+82 (;=8102017500000000000000000;)
                          i64.const -5921978253688986844
                          f32.convert_i64_u
                          i32.trunc_sat_f32_s
                          memory.size
                          i32.store8 offset=18256
                          f32.nearest
                          local.tee 6
                          f32.const nan (;=NaN;)
                          local.get 6
                          local.get 6
                          f32.eq
                          select
                          f32.gt
                          i32.load16_u offset=44473 align=1
                          i64.load16_s offset=30051 align=1
                          f64.reinterpret_i64
                          call 2
                          f32.reinterpret_i32
                          global.get 2
                          f64.ceil
                          local.tee 7
                          f64.const nan (;=NaN;)
                          local.get 7
                          local.get 7
                          f64.eq
                          select
                          data.drop 0
                          i64.trunc_sat_f64_s
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
                          end
                          memory.size
                          i32.load offset=42718
                          i32.load16_u offset=18285
                          table.size 0
                          i64.load offset=18157 align=1
                          i32.wrap_i64
                          ref.null func
                          i64.const 68719476735
                          i64.extend32_s
                          i64.const -268435456
                          f32.convert_i64_u
                          local.set 0
                          br 3 (;@8;)
                          f64.convert_i64_u
                          f64.abs
                          f32.demote_f64
                          local.tee 11
                          f32.const nan (;=NaN;)
                          local.get 11
                          local.get 11
                          f32.eq
                          select
                          i64.trunc_sat_f32_u
                          ref.null extern
                          i32.const 1209301579
                          i32.load offset=1397
                          i64.load offset=19223 align=2
                          i32.wrap_i64
                          i32.eqz
                          i32.load offset=50843
                          loop (type 2) (param i32) ;; label = @12
                            global.get 7
                            i32.eqz
                            if ;; label = @13
                              unreachable
                            end
                            global.get 7
                            i32.const 1
                            i32.sub
                            global.set 7
                            call_indirect (type 3)
                            i32.ctz
                            i64.load16_s offset=18042
                            i32.const 31
                            i64.load32_u offset=39720 align=1
                            i64.rem_u
                            f64.const -nan:0xfffffffffffbf (;=NaN;)
                            f32.const -nan:0x600000 (;=NaN;)
                            f32.trunc
                            local.tee 8
                            f32.const nan (;=NaN;)
                            local.get 8
                            local.get 8
                            f32.eq
                            select
                            f32.ceil
                            local.tee 9
                            f32.const nan (;=NaN;)
                            local.get 9
                            local.get 9
                            f32.eq
                            select
                            block (result funcref) ;; label = @13
                              i64.const 17592186044415
                              f64.convert_i64_s
                              f64.abs
                              i64.trunc_sat_f64_s
                              block (result f64) ;; label = @14
                                block (result i32) ;; label = @15
                                  block ;; label = @16
                                    call 6
                                    f64.const -nan:0xfffffffff8000 (;=NaN;)
                                    f64.trunc
                                    local.tee 10
                                    f64.const nan (;=NaN;)
                                    local.get 10
                                    local.get 10
                                    f64.eq
                                    select
                                    f64.abs
                                    i64.trunc_sat_f64_s
                                    br 10 (;@6;)
                                    f64.reinterpret_i64
                                    local.get 0
                                    f64.promote_f32
                                    local.tee 12
                                    f64.const nan (;=NaN;)
                                    local.get 12
                                    local.get 12
                                    f64.eq
                                    select
                                    i32.const 2097151
                                    i64.load8_s offset=44582
                                    global.get 0
                                    i32.load8_u offset=23366
                                    br_if 11 (;@5;)
                                    i64.const -7682331354994390228
                                    f32.const -nan:0x7effff (;=NaN;)
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
                                    i64.reinterpret_f64
                                    global.get 5
                                    i64.xor
                                    global.set 5
                                    i64.reinterpret_f64
                                    global.get 5
                                    i64.xor
                                    global.set 5
                                    global.get 3
                                    i32.xor
                                    global.set 3
                                  end
                                  i32.const 401781769
                                end
                                global.get 3
                                i32.xor
                                global.set 3
                                f64.const -0x1.2777f31fec0ebp-273 (;=-0.00000000000000000000000000000000000000000000000000000000000000000000000000000000007604706976079882;)
                              end
                              i64.reinterpret_f64
                              global.get 5
                              i64.xor
                              global.set 5
                              global.get 4
                              i64.xor
                              global.set 4
                              ref.null func
                            end
                            drop
                            i32.reinterpret_f32
                            global.get 6
                            i32.xor
                            global.set 6
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
                          drop
                          global.get 3
                          i32.xor
                          global.set 3
                          drop
                          global.get 4
                          i64.xor
                          global.set 4
                          i32.reinterpret_f32
                          global.get 6
                          i32.xor
                          global.set 6
                          i64.reinterpret_f64
                          global.get 5
                          i64.xor
                          global.set 5
                          i32.const -262144
                        end
                        global.get 3
                        i32.xor
                        global.set 3
                        global.get 3
                        i32.xor
                        global.set 3
                        f32.const -0x1.cad2c6p+107 (;=-290813840000000000000000000000000;)
                        ref.null extern
                      end
                      drop
                      i32.reinterpret_f32
                      global.get 6
                      i32.xor
                      global.set 6
                    end
                    i32.const -839860563
                  end
                  global.get 3
                  i32.xor
                  global.set 3
                  f32.const 0x1.a194e4p+122 (;=8672830600000000000000000000000000000;)
                  ref.null extern
                end
                drop
                i32.reinterpret_f32
                global.get 6
                i32.xor
                global.set 6
                i32.reinterpret_f32
                global.get 6
                i32.xor
                global.set 6
                global.get 3
                i32.xor
                global.set 3
                global.get 4
                i64.xor
                global.set 4
                global.get 3
                i32.xor
                global.set 3
                i32.reinterpret_f32
                global.get 6
                i32.xor
                global.set 6
                i64.reinterpret_f64
                global.get 5
                i64.xor
                global.set 5
              end
              i64.reinterpret_f64
              global.get 5
              i64.xor
              global.set 5
              global.get 3
              i32.xor
              global.set 3
              global.get 3
              i32.xor
              global.set 3
            end
            f32.const -0x1.1b59ep-87 (;=-0.000000000000000000000000007152787;)
            ref.null extern
          end
          drop
          i32.reinterpret_f32
          global.get 6
          i32.xor
          global.set 6
          i32.reinterpret_f32
          global.get 6
          i32.xor
          global.set 6
          global.get 4
          i64.xor
          global.set 4
          i32.const -1431655766
        end
        global.get 3
        i32.xor
        global.set 3
      end
    end
    i32.reinterpret_f32
    global.get 6
    i32.xor
    global.set 6
  )
  (func (;5;) (type 2) (param i32)
    (local f64 f64 f32 f32 f64 f64 f64 f64 f32 f32 f32 f64)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    i32.const -1979297892
    br_if 0
    f32.const 0x1.6a12d8p-1 (;=0.707175;)
    block (result i32) ;; label = @1
      ref.null extern
      memory.size
      local.set 0
      i32.const 2147483647
      return
      i32.load offset=16526
      local.tee 0
      i32.extend16_s
      f64.convert_i32_s
      f64.trunc
      local.tee 1
      f64.const nan (;=NaN;)
      local.get 1
      local.get 1
      f64.eq
      select
      i64.trunc_sat_f64_u
      ref.null extern
      f32.const -0x1.83db1p-72 (;=-0.00000000000000000000032082673;)
      i32.trunc_sat_f32_s
      br_if 1
      data.drop 0
      block (type 3) (result i32) ;; label = @2
        data.drop 0
        loop (type 3) (result i32) ;; label = @3
          global.get 7
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 7
          i32.const 1
          i32.sub
          global.set 7
          ref.null extern
          i64.const -4650425877339489904
          f64.convert_i64_u
          call 6
          local.get 0
          f64.convert_i32_u
          data.drop 0
          block (type 6) (result f32 externref) ;; label = @4
            global.get 2
            f64.nearest
            local.tee 2
            f64.const nan (;=NaN;)
            local.get 2
            local.get 2
            f64.eq
            select
            f64.neg
            i64.trunc_f64_s
            i32.const 1315315405
            f32.convert_i32_s
            table.size 0
            i32.load16_u offset=40345 align=1
            local.set 0
            table.size 0
            call_indirect (type 6)
            nop
            i64.const 1080434045002248923
            f32.convert_i64_u
            i64.const -6721882733307562826
            i64.extend8_s
            f32.convert_i64_s
            f32.trunc
            local.tee 3
            f32.const nan (;=NaN;)
            local.get 3
            local.get 3
            f32.eq
            select
            global.get 1
            return
            f32.max
            local.tee 4
            f32.const nan (;=NaN;)
            local.get 4
            local.get 4
            f32.eq
            select
            f32.lt
            data.drop 0
            f64.const -nan:0xfffffffffff00 (;=NaN;)
            f64.sqrt
            local.tee 5
            f64.const nan (;=NaN;)
            local.get 5
            local.get 5
            f64.eq
            select
            i32.const -937625918
            i32.load16_s offset=46777 align=1
            i32.const 16777215
            memory.size
            i32.store16 offset=19299
            i64.load16_s offset=52506 align=1
            i64.eqz
            call 6
            memory.grow
            i32.rotl
            i32.load16_s offset=177003 align=1
            br 2 (;@2;)
            i64.const -1165221875831300041
            i64.ctz
            f32.convert_i64_u
            i64.trunc_f32_s
            i32.wrap_i64
            i32.load16_u offset=31326
            call 6
            call 1
            i64.load16_u offset=47926 align=1
            i64.eqz
            i64.extend_i32_s
            f64.reinterpret_i64
            f64.max
            local.tee 6
            f64.const nan (;=NaN;)
            local.get 6
            local.get 6
            f64.eq
            select
            f64.ceil
            local.tee 7
            f64.const nan (;=NaN;)
            local.get 7
            local.get 7
            f64.eq
            select
            f64.const -nan:0xfffdfffffffff (;=NaN;)
            f64.min
            local.tee 8
            f64.const nan (;=NaN;)
            local.get 8
            local.get 8
            f64.eq
            select
            f64.neg
            i64.trunc_f64_s
            call 2
            i32.load offset=57849
            block (type 6) (result f32 externref) ;; label = @5
              call 6
              i32.ctz
              i64.load16_s offset=15785 align=1
              data.drop 0
              i64.extend8_s
              table.size 0
              global.get 2
              i64.trunc_sat_f64_u
              i32.const -1710181608
              i64.load8_u offset=35487
              i64.clz
              table.size 0
              i32.eqz
              block (result externref) ;; label = @6
                i32.const -32768
                f32.convert_i32_s
                i32.trunc_f32_u
                i64.load16_u offset=28145
                local.get 0
                i32.load8_s offset=54844
                i32.const 65537
                i32.rotl
                i32.load8_s offset=7001
                table.size 0
                br_if 6
                i32.extend8_s
                table.size 0
                f32.convert_i32_s
                f32.abs
                data.drop 0
                nop
                i32.reinterpret_f32
                i64.load8_s offset=15723
                f32.convert_i64_u
                f32.ceil
                local.tee 9
                f32.const nan (;=NaN;)
                local.get 9
                local.get 9
                f32.eq
                select
                br 3 (;@3;)
                f32.nearest
                local.tee 10
                f32.const nan (;=NaN;)
                local.get 10
                local.get 10
                f32.eq
                select
                global.get 1
                f32.le
                memory.grow
                loop (type 0) (param i32 i32) (result i32) ;; label = @7
                  global.get 7
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 7
                  i32.const 1
                  i32.sub
                  global.set 7
                  i64.load16_s offset=39832 align=1
                  i64.popcnt
                  i32.wrap_i64
                  loop (type 2) (param i32) ;; label = @8
                    global.get 7
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 7
                    i32.const 1
                    i32.sub
                    global.set 7
                    block (type 2) (param i32) ;; label = @9
                      f32.load offset=25463 align=2
                      nop
                      i32.trunc_sat_f32_u
                      loop (type 3) (result i32) ;; label = @10
                        global.get 7
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 7
                        i32.const 1
                        i32.sub
                        global.set 7
                        f64.const -0x1.418b6242200ddp-307 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004817174825806068;)
                        i64.reinterpret_f64
                        global.get 5
                        i64.xor
                        global.set 5
                        i32.const -850077076
                      end
                      global.get 3
                      i32.xor
                      global.set 3
                      global.get 3
                      i32.xor
                      global.set 3
                    end
                  end
                end
                global.get 3
                i32.xor
                global.set 3
                global.get 4
                i64.xor
                global.set 4
                ref.null extern
              end
              drop
              global.get 3
              i32.xor
              global.set 3
              global.get 4
              i64.xor
              global.set 4
              global.get 4
              i64.xor
              global.set 4
              global.get 3
              i32.xor
              global.set 3
              global.get 4
              i64.xor
              global.set 4
              f32.const 0x1.0004p-131 (;=0.000000000000000000000000000000000000000367364;)
              ref.null extern
            end
            drop
            i32.reinterpret_f32
            global.get 6
            i32.xor
            global.set 6
            global.get 3
            i32.xor
            global.set 3
            global.get 4
            i64.xor
            global.set 4
            global.get 3
            i32.xor
            global.set 3
            drop
            i32.reinterpret_f32
            global.get 6
            i32.xor
            global.set 6
            i32.reinterpret_f32
            global.get 6
            i32.xor
            global.set 6
            global.get 4
            i64.xor
            global.set 4
            f32.const -0x1.10f6bp+9 (;=-545.92725;)
            ref.null extern
          end
          drop
          i32.reinterpret_f32
          global.get 6
          i32.xor
          global.set 6
          i64.reinterpret_f64
          global.get 5
          i64.xor
          global.set 5
          global.get 3
          i32.xor
          global.set 3
          i64.reinterpret_f64
          global.get 5
          i64.xor
          global.set 5
          drop
          i32.const -32769
        end
      end
      global.get 3
      i32.xor
      global.set 3
      drop
      global.get 4
      i64.xor
      global.set 4
      drop
      i32.const 1197809101
    end
    global.get 3
    i32.xor
    global.set 3
    i32.reinterpret_f32
    global.get 6
    i32.xor
    global.set 6
  )
  (func (;6;) (type 3) (result i32)
    (local i32 f64 f32 f64 f64 f32 f64 f64 f32 f64)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    block (type 3) (result i32) ;; label = @1
      call 2
      global.get 1
      i32.trunc_f32_u
      ref.null extern
      f64.const -0x1.f359d6fa39ba5p-591 (;=-0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000024067914832772742;)
      f64.ceil
      local.tee 1
      f64.const nan (;=NaN;)
      local.get 1
      local.get 1
      f64.eq
      select
      i64.trunc_sat_f64_s
      i64.eqz
      local.get 0
      local.tee 0
      i32.load8_s offset=53888
      i32.load16_s offset=51690
      i64.load offset=18864 align=1
      i64.clz
      i64.extend8_s
      i64.const 36028797018963967
      i64.rotr
      memory.size
      i64.load offset=94884 align=4
      i32.wrap_i64
      table.size 0
      br 1
      data.drop 0
      i32.load offset=40885 align=2
      local.set 0
      f64.reinterpret_i64
      i64.const -17
      i32.wrap_i64
      i32.const 65540
      call 2
      i64.load16_s offset=28673 align=1
      f64.convert_i64_u
      i32.trunc_sat_f64_s
      i64.const -5809766664088917658
      i64.extend16_s
      i64.store offset=18435 align=1
      f32.reinterpret_i32
      block (result externref) ;; label = @2
        f64.const 0x1.8453ff1eb1b06p-76 (;=0.00000000000000000000002007609282503938;)
        f64.neg
        i64.const 262148
        i64.popcnt
        loop (type 4) (param i64) (result i32 i32) ;; label = @3
          global.get 7
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 7
          i32.const 1
          i32.sub
          global.set 7
          f32.const -nan:0x7dffff (;=NaN;)
          f32.floor
          local.tee 2
          f32.const nan (;=NaN;)
          local.get 2
          local.get 2
          f32.eq
          select
          i64.trunc_sat_f32_s
          i64.ne
          i32.ctz
          i32.load8_s offset=23695
          f32.convert_i32_u
          loop (result f32) ;; label = @4
            global.get 7
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 7
            i32.const 1
            i32.sub
            global.set 7
            loop ;; label = @5
              global.get 7
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 7
              i32.const 1
              i32.sub
              global.set 7
              ref.null func
              f32.const -0x1.5bdeb6p-69 (;=-0.0000000000000000000023020103;)
              i32.trunc_sat_f32_u
              memory.size
              i64.const 2251799813685248
              i64.popcnt
              loop (result f32) ;; label = @6
                global.get 7
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 7
                i32.const 1
                i32.sub
                global.set 7
                local.get 0
                i32.popcnt
                table.get 0
                block (type 3) (result i32) ;; label = @7
                  f32.const -0x1.f99162p-96 (;=-0.000000000000000000000000000024926422;)
                  i64.const -4263658656887665024
                  f64.convert_i64_s
                  f64.sqrt
                  local.tee 3
                  f64.const nan (;=NaN;)
                  local.get 3
                  local.get 3
                  f64.eq
                  select
                  i64.reinterpret_f64
                  i64.eqz
                  local.tee 0
                  i32.popcnt
                  call_indirect (type 6)
                  loop (type 6) (result f32 externref) ;; label = @8
                    global.get 7
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 7
                    i32.const 1
                    i32.sub
                    global.set 7
                    loop (result externref) ;; label = @9
                      global.get 7
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 7
                      i32.const 1
                      i32.sub
                      global.set 7
                      f64.const -0x1.75ed87b691fd2p-796 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000035048650523378464;)
                      f64.trunc
                      local.tee 4
                      f64.const nan (;=NaN;)
                      local.get 4
                      local.get 4
                      f64.eq
                      select
                      f32.const 0x1.6f657p-118 (;=0.000000000000000000000000000000000004318722;)
                      br 4 (;@5;)
                      i32.trunc_f32_u
                      f32.convert_i32_s
                      data.drop 0
                      f32.abs
                      i32.const -453176240
                      i64.const 3878447408316486964
                      ref.null extern
                      i64.const 3460648753587327665
                      local.get 0
                      f64.load offset=4233673359
                      br 4 (;@5;)
                      block (result externref) ;; label = @10
                        call 6
                        ref.null func
                        ref.null extern
                        memory.size
                        i32.load16_s offset=47738 align=1
                        br_table 1 (;@9;) 2 (;@8;) 4 (;@6;) 5 (;@5;) 6 (;@4;) 2 (;@8;)
                        block (result i64) ;; label = @11
                          memory.size
                          f32.load offset=29267
                          f32.ceil
                          local.tee 5
                          f32.const nan (;=NaN;)
                          local.get 5
                          local.get 5
                          f32.eq
                          select
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
                            f64.const -0x1.6104ff8c15a6ap+206 (;=-141820126007402100000000000000000000000000000000000000000000000;)
                            br 6 (;@6;)
                            i64.trunc_f64_s
                            i32.const 8388607
                            if (type 3) (result i32) ;; label = @13
                              block (result funcref) ;; label = @14
                                data.drop 0
                                block (type 6) (result f32 externref) ;; label = @15
                                  i64.const -140737488355328
                                  i64.const -4647463077372451756
                                  f32.convert_i64_u
                                  i64.trunc_sat_f32_u
                                  call 6
                                  i32.popcnt
                                  br_if 6 (;@9;)
                                  i64.rotl
                                  memory.size
                                  f32.load offset=58274
                                  f64.promote_f32
                                  local.tee 9
                                  f64.const nan (;=NaN;)
                                  local.get 9
                                  local.get 9
                                  f64.eq
                                  select
                                  br 11 (;@4;)
                                  br 6 (;@9;)
                                  ref.null extern
                                  block (type 3) (result i32) ;; label = @16
                                    i64.const 6844452197729871627
                                    f32.const 0x1.77aa6cp-19 (;=0.0000027989277;)
                                    i32.const 873330178
                                    i64.load16_u offset=57020
                                    br 13 (;@3;)
                                    call 2
                                    i64.load offset=177882 align=4
                                    i64.const 8542199247734598180
                                    i64.eqz
                                    i64.load16_s offset=46155
                                    f64.const -nan:0xfbfffffffffff (;=NaN;)
                                    f64.nearest
                                    local.tee 6
                                    f64.const nan (;=NaN;)
                                    local.get 6
                                    local.get 6
                                    f64.eq
                                    select
                                    i64.reinterpret_f64
                                    f64.convert_i64_s
                                    i64.const 8352266386736861136
                                    data.drop 0
                                    i64.const -32769
                                    i64.div_u
                                    f32.const 0x1.3a4f98p+22 (;=5149670;)
                                    i64.const -144115188075855872
                                    f64.convert_i64_s
                                    i64.trunc_sat_f64_u
                                    f64.convert_i64_u
                                    call 4
                                    i64.trunc_f64_u
                                    i64.eq
                                    br_table 4 (;@12;) 7 (;@9;) 8 (;@8;) 10 (;@6;) 11 (;@5;) 12 (;@4;) 7 (;@9;)
                                    f64.floor
                                    local.tee 7
                                    f64.const nan (;=NaN;)
                                    local.get 7
                                    local.get 7
                                    f64.eq
                                    select
                                    i32.trunc_f64_u
                                    data.drop 0
                                    local.set 0
                                    f64.convert_i64_s
                                    br 7 (;@9;)
                                    i64.reinterpret_f64
                                    global.get 5
                                    i64.xor
                                    global.set 5
                                    global.get 4
                                    i64.xor
                                    global.set 4
                                    i32.reinterpret_f32
                                    global.get 6
                                    i32.xor
                                    global.set 6
                                    global.get 4
                                    i64.xor
                                    global.set 4
                                    i32.const 371070014
                                  end
                                  global.get 3
                                  i32.xor
                                  global.set 3
                                  drop
                                  i64.reinterpret_f64
                                  global.get 5
                                  i64.xor
                                  global.set 5
                                  global.get 4
                                  i64.xor
                                  global.set 4
                                  f32.const -0x1.052464p-107 (;=-0.0000000000000000000000000000000062867686;)
                                  ref.null extern
                                end
                                drop
                                i32.reinterpret_f32
                                global.get 6
                                i32.xor
                                global.set 6
                                ref.null func
                              end
                              drop
                              i32.const -1749497274
                            else
                              i32.const 3
                            end
                            global.get 3
                            i32.xor
                            global.set 3
                            global.get 4
                            i64.xor
                            global.set 4
                          end
                          i32.reinterpret_f32
                          global.get 6
                          i32.xor
                          global.set 6
                          i64.const -8122968981855316910
                        end
                        global.get 4
                        i64.xor
                        global.set 4
                        drop
                        drop
                        global.get 3
                        i32.xor
                        global.set 3
                        ref.null extern
                      end
                      drop
                      i64.reinterpret_f64
                      global.get 5
                      i64.xor
                      global.set 5
                      global.get 4
                      i64.xor
                      global.set 4
                      drop
                      global.get 4
                      i64.xor
                      global.set 4
                      global.get 3
                      i32.xor
                      global.set 3
                      i32.reinterpret_f32
                      global.get 6
                      i32.xor
                      global.set 6
                      i64.reinterpret_f64
                      global.get 5
                      i64.xor
                      global.set 5
                      ref.null extern
                    end
                    drop
                    f32.const 0x1.p-127 (;=0.000000000000000000000000000000000000005877472;)
                    ref.null extern
                  end
                  drop
                  i32.reinterpret_f32
                  global.get 6
                  i32.xor
                  global.set 6
                  drop
                  i32.reinterpret_f32
                  global.get 6
                  i32.xor
                  global.set 6
                  i32.reinterpret_f32
                  global.get 6
                  i32.xor
                  global.set 6
                  i32.const 7
                end
                global.get 3
                i32.xor
                global.set 3
                drop
                f32.const -0x1.d3c3ccp+29 (;=-980973950;)
              end
              i32.reinterpret_f32
              global.get 6
              i32.xor
              global.set 6
              global.get 4
              i64.xor
              global.set 4
              global.get 3
              i32.xor
              global.set 3
              global.get 3
              i32.xor
              global.set 3
              drop
            end
            f32.const -0x1.9fc422p-86 (;=-0.000000000000000000000000020990826;)
          end
          i32.reinterpret_f32
          global.get 6
          i32.xor
          global.set 6
          i32.reinterpret_f32
          global.get 6
          i32.xor
          global.set 6
          i32.const 909108468
          i32.const 262136
        end
        global.get 3
        i32.xor
        global.set 3
        global.get 3
        i32.xor
        global.set 3
        i64.reinterpret_f64
        global.get 5
        i64.xor
        global.set 5
        ref.null extern
      end
      drop
      i32.reinterpret_f32
      global.get 6
      i32.xor
      global.set 6
      global.get 3
      i32.xor
      global.set 3
      i64.reinterpret_f64
      global.get 5
      i64.xor
      global.set 5
      global.get 3
      i32.xor
      global.set 3
      drop
      global.get 3
      i32.xor
      global.set 3
    end
  )
  (data (;0;) "\d5")
)
