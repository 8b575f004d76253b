(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i64) (result i32 i32)))
  (type (;5;) (func (param f32 f64) (result f64)))
  (type (;6;) (func (result f32)))
  (type (;7;) (func (param i64) (result f64 funcref f64 externref funcref)))
  (type (;8;) (func (result i64 i64)))
  (import "host" "mix64" (func (;0;) (type 1) (param i64) (result i64)))
  (import "host" "note" (func (;1;) (type 2) (param i32)))
  (import "host" "fmix" (func (;2;) (type 5) (param f32 f64) (result f64)))
  (import "host" "g32" (global (;0;) i32))
  (import "host" "g64" (global (;1;) i64))
  (import "host" "gf64" (global (;2;) f64))
  (memory (;0;) 2 3)
  (global (;3;) (mut f64) global.get 2)
  (global (;4;) (mut f32) f32.const -0x1.2bd43ap+120 (;=-1556801200000000000000000000000000000;))
  (global (;5;) (mut i64) i64.const 0)
  (global (;6;) (mut i64) i64.const 0)
  (global (;7;) (mut i32) i32.const 0)
  (global (;8;) (mut i32) i32.const 0)
  (global (;9;) (mut i32) i32.const 2000)
  (export "iW" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "6" (memory 0))
  (export "7" (global 0))
  (export "8" (global 1))
  (export "9" (global 2))
  (export "10" (global 3))
  (export "11" (global 4))
  (export "12" (global 5))
  (export "13" (global 6))
  (export "14" (global 7))
  (export "\u{13}\u{14}" (global 8))
  (elem (;0;) funcref)
  (func (;3;) (type 2) (param i32)
    (local f64 f32 f64)
    global.get 9
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 9
    i32.const 1
    i32.sub
    global.set 9
    br 0
    block ;; label = @1
      br 0 (;@1;)
      loop (type 3) (result i32) ;; label = @2
        global.get 9
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 9
        i32.const 1
        i32.sub
        global.set 9
        br 2
        i64.const -65
        call 4
        i64.ctz
        call 4
        f64.convert_i64_s
        i32.const 14984868
        i64.load offset=52205 align=1
        global.get 5
        i64.xor
        global.set 5
        i64.reinterpret_f64
        global.get 6
        i64.xor
        global.set 6
        i32.const 1512553947
      end
      global.get 7
      i32.xor
      global.set 7
    end
  )
  (func (;4;) (type 1) (param i64) (result i64)
    (local f32 f32 f64)
    global.get 9
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 9
    i32.const 1
    i32.sub
    global.set 9
    nop
    global.get 3
    local.get 0
    block (type 4) (param i64) (result i32 i32) ;; label = @1
      i64.clz
      memory.size
      i64.load16_u offset=102494 align=1
      local.get 0
      i64.clz
      ref.null extern
      global.get 0
      global.get 4
      f32.const -0x1.671d7ep-21 (;=-0.0000006689042;)
      block (result externref) ;; label = @2
        block (result i64) ;; label = @3
          data.drop 0
          block ;; label = @4
            block (result i32) ;; label = @5
              local.get 0
              call 0
              i32.wrap_i64
              i64.load32_s offset=110122 align=2
              i64.ctz
              i64.popcnt
              f32.convert_i64_s
              i32.trunc_sat_f32_s
              i64.load8_s offset=38844
              data.drop 0
              i32.const -907066086
              i32.popcnt
              call 3
              i64.extend16_s
              block ;; label = @6
                f64.const 0x1.ca7af97b38534p+70 (;=2114367508745662000000;)
                global.set 3
                i32.const -105366951
                global.get 7
                i32.xor
                global.set 7
                f32.const 0x1.fffp-133 (;=0.000000000000000000000000000000000000000183649;)
                f32.floor
                local.tee 1
                f32.const nan (;=NaN;)
                local.get 1
                local.get 1
                f32.eq
                select
                i32.trunc_sat_f32_s
                i64.load offset=27908
                elem.drop 0
                local.set 0
                memory.size
                br_table 0 (;@6;) 2 (;@4;) 0 (;@6;)
              end
              global.get 5
              i64.xor
              global.set 5
              i32.const 33554431
            end
            global.get 7
            i32.xor
            global.set 7
          end
          i64.const -5587215224690002418
        end
        global.get 5
        i64.xor
        global.set 5
        ref.null extern
      end
      drop
      i32.reinterpret_f32
      global.get 8
      i32.xor
      global.set 8
      i32.reinterpret_f32
      global.get 8
      i32.xor
      global.set 8
      global.get 7
      i32.xor
      global.set 7
      drop
      global.get 5
      i64.xor
      global.set 5
      global.get 5
      i64.xor
      global.set 5
      global.get 5
      i64.xor
      global.set 5
      i32.const 8
      i32.const 42550239
    end
    global.get 7
    i32.xor
    global.set 7
    global.get 7
    i32.xor
    global.set 7
    i64.reinterpret_f64
    global.get 6
    i64.xor
    global.set 6
    i64.const -1073741824
  )
  (func (;5;) (type 0) (param i32 i32) (result i32)
    (local i32 i64 i64 f64 f64 f64 f64 f64 f64 f32 f32 f64)
    global.get 9
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 9
    i32.const 1
    i32.sub
    global.set 9
    i32.const 127
    i32.extend16_s
    i32.eqz
    i32.extend8_s
    local.get 2
    i64.const -16385
    i64.ctz
    global.get 0
    f64.const -nan:0xffffffffffe00 (;=NaN;)
    f64.sqrt
    local.tee 5
    f64.const nan (;=NaN;)
    local.get 5
    local.get 5
    f64.eq
    select
    f64.ceil
    local.tee 6
    f64.const nan (;=NaN;)
    local.get 6
    local.get 6
    f64.eq
    select
    global.set 3
    i32.eqz
    if (type 7) (param i64) (result f64 funcref f64 externref funcref) ;; label = @1
      f32.convert_i64_u
      i64.trunc_f32_s
      i64.eqz
      i64.load8_s offset=34155
      i64.extend8_s
      local.set 3
      loop ;; label = @2
        global.get 9
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 9
        i32.const 1
        i32.sub
        global.set 9
      end
      memory.size
      local.tee 1
      i64.const 16777216
      f32.convert_i64_u
      f32.const -0x1.6a345ap-23 (;=-0.00000016866461;)
      memory.size
      f64.convert_i32_s
      block (result f32) ;; label = @2
        i64.const -2715836136759333150
        loop (type 1) (param i64) (result i64) ;; label = @3
          global.get 9
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 9
          i32.const 1
          i32.sub
          global.set 9
          i64.const 6936612423912909958
          local.set 3
          br 0 (;@3;)
          global.get 0
          local.get 0
          f64.convert_i32_s
          f32.const 0x1.a73a8ap-58 (;=0.000000000000000005735818;)
          f64.const 0x1.79dd5e18e76eap+928 (;=3349132677234636600000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
          i64.trunc_sat_f64_s
          local.set 4
          f64.const -nan:0xfffffffffffc0 (;=NaN;)
          f64.floor
          local.tee 7
          f64.const nan (;=NaN;)
          local.get 7
          local.get 7
          f64.eq
          select
          global.get 0
          loop (type 6) (result f32) ;; label = @4
            global.get 9
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 9
            i32.const 1
            i32.sub
            global.set 9
            f32.const -0x1.a29efcp+78 (;=-494220500000000000000000;)
            f64.promote_f32
            local.tee 13
            f64.const nan (;=NaN;)
            local.get 13
            local.get 13
            f64.eq
            select
            memory.size
            local.set 1
            f64.ceil
            local.tee 8
            f64.const nan (;=NaN;)
            local.get 8
            local.get 8
            f64.eq
            select
            f32.const 0x1.30db34p+61 (;=2745901000000000000;)
            loop (type 3) (result i32) ;; label = @5
              global.get 9
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 9
              i32.const 1
              i32.sub
              global.set 9
              block (result i32) ;; label = @6
                i64.const -287007032280125245
                local.get 0
                elem.drop 0
                i64.load32_u offset=129235
                i64.and
                call 0
                loop (result i32) ;; label = @7
                  global.get 9
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 9
                  i32.const 1
                  i32.sub
                  global.set 9
                  i32.const 127
                  f64.convert_i32_u
                  i32.trunc_sat_f64_u
                  local.tee 0
                  memory.grow
                  br 0 (;@7;)
                  i32.eqz
                  loop ;; label = @8
                    global.get 9
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 9
                    i32.const 1
                    i32.sub
                    global.set 9
                    data.drop 0
                    local.get 0
                    i64.const 4398046511103
                    f64.convert_i64_s
                    f64.abs
                    global.get 1
                    f32.const -0x1.66b766p-112 (;=-0.00000000000000000000000000000000026986823;)
                    i64.trunc_f32_s
                    i64.eq
                    i32.load16_s offset=82931 align=1
                    f32.load offset=100215 align=1
                    data.drop 0
                    loop ;; label = @9
                      global.get 9
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 9
                      i32.const 1
                      i32.sub
                      global.set 9
                      br 1 (;@8;)
                      i32.const 2147483647
                      f32.reinterpret_i32
                      data.drop 0
                      i32.trunc_f32_s
                      local.tee 2
                      memory.grow
                      i32.ctz
                      global.get 2
                      f64.const 0x1.p-1038 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000339519326554;)
                      f64.min
                      local.tee 9
                      f64.const nan (;=NaN;)
                      local.get 9
                      local.get 9
                      f64.eq
                      select
                      i32.trunc_f64_s
                      i32.lt_u
                      i32.extend16_s
                      block (type 3) (result i32) ;; label = @10
                        loop (type 6) (result f32) ;; label = @11
                          global.get 9
                          i32.eqz
                          if ;; label = @12
                            unreachable
                          end
                          global.get 9
                          i32.const 1
                          i32.sub
                          global.set 9
                          local.get 3
                          f64.convert_i64_u
                          local.get 4
                          ref.null extern
                          local.get 4
                          i64.const 17592186044415
                          i64.shr_u
                          f64.convert_i64_s
                          f64.abs
                          global.set 3
                          f64.const 0x1.bf935d086751cp+863 (;=107525812378798780000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                          elem.drop 0
                          f32.demote_f64
                          local.tee 12
                          f32.const nan (;=NaN;)
                          local.get 12
                          local.get 12
                          f32.eq
                          select
                          i32.trunc_sat_f32_u
                          i32.load8_s offset=26689
                          f64.convert_i32_s
                          i64.reinterpret_f64
                          i64.ctz
                          data.drop 0
                          f32.const -0x1.2d59p+102 (;=-5968805000000000000000000000000;)
                          i64.trunc_sat_f32_s
                          i64.div_s
                          i64.const 562949953421312
                          i64.ne
                          if (type 3) (result i32) ;; label = @12
                            f64.const -nan:0xffffff0000000 (;=NaN;)
                            f32.const -0x1.f3167ap+119 (;=-1295706000000000000000000000000000000;)
                            f64.const 0x1.fffffffffffffp-1008 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007291122019556397;)
                            br 1 (;@11;)
                            f32.demote_f64
                            local.tee 12
                            f32.const nan (;=NaN;)
                            local.get 12
                            local.get 12
                            f32.eq
                            select
                            global.get 4
                            f64.const -nan:0xfffe000000000 (;=NaN;)
                            f64.ceil
                            local.tee 10
                            f64.const nan (;=NaN;)
                            local.get 10
                            local.get 10
                            f64.eq
                            select
                            i64.trunc_sat_f64_s
                            elem.drop 0
                            local.tee 3
                            ref.null extern
                            loop (type 8) (result i64 i64) ;; label = @13
                              global.get 9
                              i32.eqz
                              if ;; label = @14
                                unreachable
                              end
                              global.get 9
                              i32.const 1
                              i32.sub
                              global.set 9
                              local.get 3
                              f32.convert_i64_s
                              i64.trunc_f32_s
                              f32.convert_i64_s
                              loop (type 8) (result i64 i64) ;; label = @14
                                global.get 9
                                i32.eqz
                                if ;; label = @15
                                  unreachable
                                end
                                global.get 9
                                i32.const 1
                                i32.sub
                                global.set 9
                                elem.drop 0
                                loop (type 6) (result f32) ;; label = @15
                                  global.get 9
                                  i32.eqz
                                  if ;; label = @16
                                    unreachable
                                  end
                                  global.get 9
                                  i32.const 1
                                  i32.sub
                                  global.set 9
                                  f32.const 0x1.7fffp-132 (;=0.000000000000000000000000000000000000000275504;)
                                  f32.nearest
                                  local.tee 11
                                  f32.const nan (;=NaN;)
                                  local.get 11
                                  local.get 11
                                  f32.eq
                                  select
                                  f32.const -0x1.9443a4p-37 (;=-0.00000000001148988;)
                                  loop (type 8) (result i64 i64) ;; label = @16
                                    global.get 9
                                    i32.eqz
                                    if ;; label = @17
                                      unreachable
                                    end
                                    global.get 9
                                    i32.const 1
                                    i32.sub
                                    global.set 9
                                    memory.size
                                    f64.const -0x1.beff151f5a009p+418 (;=-1181958595439452600000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                    global.get 0
                                    i32.eqz
                                    i64.extend_i32_u
                                    f64.const nan:0xfffffffffffff (;=NaN;)
                                    i64.trunc_f64_s
                                    i64.extend32_s
                                    local.set 4
                                    i64.extend8_s
                                    local.tee 3
                                    global.get 5
                                    i64.xor
                                    global.set 5
                                    i64.reinterpret_f64
                                    global.get 6
                                    i64.xor
                                    global.set 6
                                    global.get 7
                                    i32.xor
                                    global.set 7
                                    i64.const -3906088955633199354
                                    i64.const -2049
                                  end
                                  global.get 5
                                  i64.xor
                                  global.set 5
                                  global.get 5
                                  i64.xor
                                  global.set 5
                                  i32.reinterpret_f32
                                  global.get 8
                                  i32.xor
                                  global.set 8
                                end
                                i32.reinterpret_f32
                                global.get 8
                                i32.xor
                                global.set 8
                                i64.const -7762314586313478488
                                i64.const -4341956447669381953
                              end
                              global.get 5
                              i64.xor
                              global.set 5
                              global.get 5
                              i64.xor
                              global.set 5
                              i32.reinterpret_f32
                              global.get 8
                              i32.xor
                              global.set 8
                              i64.const -72057594037927937
                              i64.const 6397696838833307339
                            end
                            global.get 5
                            i64.xor
                            global.set 5
                            global.get 5
                            i64.xor
                            global.set 5
                            drop
                            global.get 5
                            i64.xor
                            global.set 5
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
                            i64.reinterpret_f64
                            global.get 6
                            i64.xor
                            global.set 6
                            i32.const 1306458375
                          else
                            i32.const 1382751451
                          end
                          global.get 7
                          i32.xor
                          global.set 7
                          drop
                          global.get 5
                          i64.xor
                          global.set 5
                          i64.reinterpret_f64
                          global.get 6
                          i64.xor
                          global.set 6
                          f32.const 0x1.5fc0ecp+8 (;=351.7536;)
                        end
                        i32.reinterpret_f32
                        global.get 8
                        i32.xor
                        global.set 8
                        i32.const 1977553375
                      end
                      global.get 7
                      i32.xor
                      global.set 7
                      global.get 7
                      i32.xor
                      global.set 7
                    end
                    i32.reinterpret_f32
                    global.get 8
                    i32.xor
                    global.set 8
                    i64.reinterpret_f64
                    global.get 6
                    i64.xor
                    global.set 6
                    global.get 7
                    i32.xor
                    global.set 7
                  end
                end
                global.get 7
                i32.xor
                global.set 7
                global.get 5
                i64.xor
                global.set 5
                i32.const 0
              end
            end
            global.get 7
            i32.xor
            global.set 7
            i32.reinterpret_f32
            global.get 8
            i32.xor
            global.set 8
            i64.reinterpret_f64
            global.get 6
            i64.xor
            global.set 6
            f32.const -0x1.c9ccb8p-87 (;=-0.000000000000000000000000011556489;)
          end
          i32.reinterpret_f32
          global.get 8
          i32.xor
          global.set 8
          global.get 7
          i32.xor
          global.set 7
          i64.reinterpret_f64
          global.get 6
          i64.xor
          global.set 6
          i32.reinterpret_f32
          global.get 8
          i32.xor
          global.set 8
          i64.reinterpret_f64
          global.get 6
          i64.xor
          global.set 6
          global.get 7
          i32.xor
          global.set 7
          i64.const 2064373407697533854
        end
        global.get 5
        i64.xor
        global.set 5
        f32.const 0x1.7fffp-132 (;=0.000000000000000000000000000000000000000275504;)
      end
      i32.reinterpret_f32
      global.get 8
      i32.xor
      global.set 8
      i64.reinterpret_f64
      global.get 6
      i64.xor
      global.set 6
      i32.reinterpret_f32
      global.get 8
      i32.xor
      global.set 8
      i32.reinterpret_f32
      global.get 8
      i32.xor
      global.set 8
      global.get 7
      i32.xor
      global.set 7
      f64.const -0x1.79ae214ebeadbp+148 (;=-526409363224132650000000000000000000000000000;)
      ref.null func
      f64.const -0x1.e83224868076p-643 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000052247669514062513;)
      ref.null extern
      ref.null func
    else
      global.get 5
      i64.xor
      global.set 5
      f64.const 0x1.fdfffffcp-1044 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001056853372;)
      ref.null func
      f64.const 0x1.ec1eabb5c74a7p-339 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000017165732881868956;)
      ref.null extern
      ref.null func
    end
    drop
    drop
    i64.reinterpret_f64
    global.get 6
    i64.xor
    global.set 6
    drop
    i64.reinterpret_f64
    global.get 6
    i64.xor
    global.set 6
    global.get 7
    i32.xor
    global.set 7
  )
  (data (;0;) (i32.const 18230) "\bb")
)
