(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i64) (result i32 i32)))
  (type (;5;) (func (param f32 f64) (result f64)))
  (import "host" "mix64" (func (;0;) (type 1) (param i64) (result i64)))
  (import "host" "state" (func (;1;) (type 3) (result i32)))
  (import "host" "split" (func (;2;) (type 4) (param i64) (result i32 i32)))
  (import "host" "g32" (global (;0;) i32))
  (import "host" "gf32" (global (;1;) f32))
  (table (;0;) 0 38 externref)
  (table (;1;) 0 24 externref)
  (table (;2;) 41 56 externref)
  (memory (;0;) 1 4)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i32) i32.const 0)
  (global (;5;) (mut i32) i32.const 0)
  (global (;6;) (mut i32) i32.const 2000)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (table 0))
  (export "6" (table 1))
  (export "7" (table 2))
  (export "8" (memory 0))
  (export "9" (global 0))
  (export "10" (global 1))
  (export "11" (global 2))
  (export "12" (global 3))
  (export "13" (global 4))
  (export "14" (global 5))
  (func (;3;) (type 1) (param i64) (result i64)
    (local f32 f32 f64)
    global.get 6
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    global.get 1
    f32.const 0x1.p-138 (;=0.00000000000000000000000000000000000000000287;)
    global.get 1
    f32.min
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    f32.le
    i64.load16_s offset=6282 align=1
    block (type 4) (param i64) (result i32 i32) ;; label = @1
      ref.null extern
      ref.null extern
      local.get 0
      table.size 1
      i64.load32_s offset=24172 align=2
      table.size 0
      if (type 4) (param i64) (result i32 i32) ;; label = @2
        f64.convert_i64_s
        local.get 0
        ref.null func
        local.get 0
        i64.extend32_s
        loop ;; label = @3
          global.get 6
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 6
          i32.const 1
          i32.sub
          global.set 6
          call 1
          table.size 2
          i32.div_u
          i32.extend16_s
          i64.load16_s offset=12582
          br 3
          i64.const 3886279828175072710
          global.get 2
          i64.xor
          global.set 2
        end
        global.get 2
        i64.xor
        global.set 2
        drop
        global.get 2
        i64.xor
        global.set 2
        i64.reinterpret_f64
        global.get 3
        i64.xor
        global.set 3
        i32.const -1684627993
        i32.const 1849800749
      else
        global.get 2
        i64.xor
        global.set 2
        i32.const 8388608
        i32.const -1785469941
      end
      global.get 4
      i32.xor
      global.set 4
      global.get 4
      i32.xor
      global.set 4
      global.get 2
      i64.xor
      global.set 2
      drop
      drop
      global.get 2
      i64.xor
      global.set 2
      i32.const 65528
      i32.const 1898383558
    end
    global.get 4
    i32.xor
    global.set 4
    global.get 4
    i32.xor
    global.set 4
    i64.const 1173516691100226683
  )
  (func (;4;) (type 2) (param i32)
    (local f32 f32 f32 f32 f64)
    global.get 6
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    global.get 1
    f32.const 0x1.p-148 (;=0.000000000000000000000000000000000000000000003;)
    global.get 1
    data.drop 0
    local.get 0
    call 4
    f32.div
    local.tee 1
    f32.const nan (;=NaN;)
    local.get 1
    local.get 1
    f32.eq
    select
    f32.floor
    local.tee 2
    f32.const nan (;=NaN;)
    local.get 2
    local.get 2
    f32.eq
    select
    f32.eq
    i32.load8_s offset=43334
    br_table 0 0
    loop (result f32) ;; label = @1
      global.get 6
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 6
      i32.const 1
      i32.sub
      global.set 6
      ref.null func
      local.get 0
      table.size 0
      i32.load8_s offset=6083
      f64.const 0x1.3fabb54478512p-925 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004402678011767438;)
      i64.trunc_sat_f64_u
      i64.clz
      i64.const 4386674016781443752
      i64.extend8_s
      i64.eqz
      f64.load offset=39470 align=1
      f64.abs
      i32.trunc_f64_s
      f32.load offset=26530 align=1
      f32.const -nan:0x7fffe0 (;=NaN;)
      f32.eq
      i32.load8_s offset=20686
      table.size 1
      i32.eqz
      i32.or
      f64.load offset=37884 align=1
      i32.const -965535944
      i32.load8_s offset=23245
      i64.load8_s offset=39630
      local.get 0
      f32.const -0x1.72da22p+122 (;=-7702296400000000000000000000000000000;)
      i32.trunc_sat_f32_s
      loop (type 0) (param i32 i32) (result i32) ;; label = @2
        global.get 6
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 6
        i32.const 1
        i32.sub
        global.set 6
        loop (type 2) (param i32) ;; label = @3
          global.get 6
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 6
          i32.const 1
          i32.sub
          global.set 6
          i32.load16_u offset=42847
          i32.eqz
          if ;; label = @4
            f64.const -0x1.8757050728d38p+420 (;=-4139161444048743400000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
            local.get 0
            local.set 0
            global.get 1
            i32.trunc_sat_f32_s
            f32.convert_i32_u
            local.get 0
            loop (result f64) ;; label = @5
              global.get 6
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 6
              i32.const 1
              i32.sub
              global.set 6
              local.get 0
              f32.convert_i32_u
              local.get 0
              i64.load offset=49151 align=1
              nop
              f32.convert_i64_u
              loop ;; label = @6
                global.get 6
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 6
                i32.const 1
                i32.sub
                global.set 6
                memory.size
                i64.load32_s offset=26920
                memory.size
                br_table 0 (;@6;) 1 (;@5;) 2 (;@4;) 5 (;@1;) 6 2 (;@4;)
                i64.clz
                f32.const -0x1.9b1904p+80 (;=-1941354100000000000000000;)
                f32.abs
                i64.trunc_f32_s
                i64.shr_s
                i64.ctz
                global.get 1
                i64.trunc_sat_f32_u
                memory.size
                br_if 0 (;@6;)
                i64.extend16_s
                i64.div_u
                local.get 0
                loop (type 2) (param i32) ;; label = @7
                  global.get 6
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 6
                  i32.const 1
                  i32.sub
                  global.set 6
                  loop (type 3) (result i32) ;; label = @8
                    global.get 6
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 6
                    i32.const 1
                    i32.sub
                    global.set 6
                    data.drop 0
                    i32.const -1091663554
                    block (result f64) ;; label = @9
                      memory.size
                      br_table 1 (;@8;) 3 (;@6;) 4 (;@5;) 5 (;@4;) 8 (;@1;) 9 1 (;@8;)
                      f32.const -0x1.8418ep+31 (;=-3255595000;)
                      data.drop 0
                      br 5 (;@4;)
                      i64.trunc_sat_f32_s
                      loop (type 4) (param i64) (result i32 i32) ;; label = @10
                        global.get 6
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 6
                        i32.const 1
                        i32.sub
                        global.set 6
                        call 0
                        global.get 0
                        i32.load16_s offset=30720
                        i32.load8_u offset=47836
                        memory.grow
                        i64.extend_i32_s
                        i64.and
                        f64.convert_i64_u
                        i64.trunc_sat_f64_u
                        data.drop 0
                        local.get 0
                        i64.load offset=37489 align=4
                        i64.eqz
                        i32.load8_s offset=9840
                        data.drop 0
                        loop (result i32) ;; label = @11
                          global.get 6
                          i32.eqz
                          if ;; label = @12
                            unreachable
                          end
                          global.get 6
                          i32.const 1
                          i32.sub
                          global.set 6
                          global.get 1
                          block (type 3) (result i32) ;; label = @12
                            br 11 (;@1;)
                            ref.null extern
                            memory.size
                            i32.load8_u offset=30321
                            i64.load32_s offset=34090
                            i64.ctz
                            memory.size
                            local.tee 0
                            i32.load16_s offset=61766 align=1
                            br 4 (;@8;)
                            br_if 7 (;@5;)
                            f64.const 0x1.p-1047 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000663123685;)
                            table.size 0
                            local.tee 0
                            nop
                            i32.const 33554431
                            br_if 5 (;@7;)
                            i32.load offset=42323
                            i64.load32_s offset=41332 align=1
                            i64.const 140737488355327
                            i64.rotr
                            f32.const 0x1.64378p-42 (;=0.00000000000031638407;)
                            f32.sqrt
                            local.tee 3
                            f32.const nan (;=NaN;)
                            local.get 3
                            local.get 3
                            f32.eq
                            select
                            global.get 0
                            data.drop 0
                            f64.load offset=65116 align=1
                            call 1
                            i32.load offset=27723 align=1
                            br 9 (;@3;)
                            br 11 (;@1;)
                            ref.null func
                            loop (type 3) (result i32) ;; label = @13
                              global.get 6
                              i32.eqz
                              if ;; label = @14
                                unreachable
                              end
                              global.get 6
                              i32.const 1
                              i32.sub
                              global.set 6
                              f32.const -0x1.fffffep+124 (;=-42535293000000000000000000000000000000;)
                              f32.const -nan:0x780000 (;=NaN;)
                              call 1
                              memory.grow
                              br_if 0 (;@13;)
                              f32.lt
                              global.get 0
                              i64.load8_s offset=13648
                              i64.store offset=34085 align=4
                              i64.const 9221120237041090560
                              local.get 0
                              i64.load16_u offset=24288
                              f64.reinterpret_i64
                              br 5 (;@8;)
                              i64.reinterpret_f64
                              i64.rotl
                              local.get 0
                              i32.load offset=7691 align=1
                              local.tee 0
                              br 2 (;@11;)
                              br_table 0 (;@13;) 2 (;@11;) 5 (;@8;) 7 (;@6;) 8 (;@5;) 9 (;@4;) 12 (;@1;) 13 12 (;@1;)
                              global.get 2
                              i64.xor
                              global.set 2
                              i32.const 1073741823
                            end
                            global.get 4
                            i32.xor
                            global.set 4
                            drop
                            i64.reinterpret_f64
                            global.get 3
                            i64.xor
                            global.set 3
                            i32.reinterpret_f32
                            global.get 5
                            i32.xor
                            global.set 5
                            global.get 2
                            i64.xor
                            global.set 2
                            i64.reinterpret_f64
                            global.get 3
                            i64.xor
                            global.set 3
                            global.get 2
                            i64.xor
                            global.set 2
                            drop
                            i32.const 8191
                          end
                          global.get 4
                          i32.xor
                          global.set 4
                          i32.reinterpret_f32
                          global.get 5
                          i32.xor
                          global.set 5
                          i32.const 262144
                        end
                        global.get 4
                        i32.xor
                        global.set 4
                        global.get 4
                        i32.xor
                        global.set 4
                        global.get 2
                        i64.xor
                        global.set 2
                        i32.const 1048576
                        i32.const 2114931263
                      end
                      global.get 4
                      i32.xor
                      global.set 4
                      global.get 4
                      i32.xor
                      global.set 4
                      f64.const 0x1.0001p-1058 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000323796;)
                    end
                    i64.reinterpret_f64
                    global.get 3
                    i64.xor
                    global.set 3
                  end
                  global.get 4
                  i32.xor
                  global.set 4
                  global.get 4
                  i32.xor
                  global.set 4
                end
                global.get 2
                i64.xor
                global.set 2
              end
              i32.reinterpret_f32
              global.get 5
              i32.xor
              global.set 5
              i32.reinterpret_f32
              global.get 5
              i32.xor
              global.set 5
              f64.const 0x1.f8p-1069 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000031;)
            end
            i64.reinterpret_f64
            global.get 3
            i64.xor
            global.set 3
            global.get 4
            i32.xor
            global.set 4
            i32.reinterpret_f32
            global.get 5
            i32.xor
            global.set 5
            i64.reinterpret_f64
            global.get 3
            i64.xor
            global.set 3
          end
        end
      end
      global.get 4
      i32.xor
      global.set 4
      global.get 2
      i64.xor
      global.set 2
      i64.reinterpret_f64
      global.get 3
      i64.xor
      global.set 3
      global.get 2
      i64.xor
      global.set 2
      global.get 4
      i32.xor
      global.set 4
      global.get 4
      i32.xor
      global.set 4
      drop
      f32.const 0x1.38p-144 (;=0.000000000000000000000000000000000000000000055;)
    end
    i32.reinterpret_f32
    global.get 5
    i32.xor
    global.set 5
  )
  (data (;0;) (i32.const 814) "")
)
