(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i64) (result i32 i32)))
  (type (;5;) (func (param f32 f64) (result f64)))
  (import "host" "note" (func (;0;) (type 2) (param i32)))
  (import "host" "g32" (global (;0;) i32))
  (import "host" "g64" (global (;1;) i64))
  (memory (;0;) 0 1)
  (global (;2;) (mut f32) f32.const -0x1.b4c882p+113 (;=-17718033000000000000000000000000000;))
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 0)
  (global (;5;) (mut i64) i64.const 0)
  (global (;6;) (mut i64) i64.const 0)
  (global (;7;) (mut i32) i32.const 2000)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "6" (memory 0))
  (export "7" (global 0))
  (export "8" (global 1))
  (export "9" (global 2))
  (export "[97" (global 3))
  (export "11" (global 4))
  (export "612" (global 5))
  (export "13" (global 6))
  (func (;1;) (type 1) (param i64) (result i64)
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
    local.get 0
    f64.const -0x1.2558a1de5881dp-375 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000014889912886959563;)
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
        global.get 2
        i32.trunc_sat_f32_u
        i32.clz
        i32.load16_s align=1
        local.get 0
        f32.convert_i64_u
        i64.trunc_f32_s
        local.get 0
        local.set 0
        local.get 0
        i64.shr_s
        global.get 2
        memory.size
        memory.grow
        i64.load16_u
        block ;; label = @3
          memory.size
          block (type 3) (result i32) ;; label = @4
            memory.size
            i64.load32_u
            i32.wrap_i64
            i32.load8_s
            br_if 1 (;@3;)
            f64.const 0x1.0ff02db6827e9p-237 (;=0.000000000000000000000000000000000000000000000000000000000000000000000004809736418069054;)
            global.get 2
            i64.trunc_sat_f32_s
            f64.reinterpret_i64
            f64.add
            local.tee 1
            f64.const nan (;=NaN;)
            local.get 1
            local.get 1
            f64.eq
            select
            i64.trunc_f64_s
            local.get 0
            nop
            br 4
            i64.ctz
            local.get 0
            block (result funcref) ;; label = @5
              memory.size
              i32.load16_u align=1
              i64.extend_i32_s
              ref.null func
              i64.const -18014398509481984
              local.tee 0
              i32.const 872415232
              i64.extend_i32_u
              i64.div_s
              local.get 0
              i64.const 72057594037927935
              local.set 0
              loop (type 4) (param i64) (result i32 i32) ;; label = @6
                global.get 7
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 7
                i32.const 1
                i32.sub
                global.set 7
                global.get 2
                f64.promote_f32
                local.tee 3
                f64.const nan (;=NaN;)
                local.get 3
                local.get 3
                f64.eq
                select
                ref.null extern
                ref.is_null
                f32.load offset=57174 align=2
                block (result f32) ;; label = @7
                  global.get 1
                  br 4 (;@3;)
                  local.get 0
                  i64.gt_u
                  br_table 4 (;@3;) 5 (;@2;) 6 (;@1;) 4 (;@3;)
                  f32.const 0x1.3a1306p-67 (;=0.000000000000000000008313478;)
                  f64.const 0x1.p-1049 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000016578092;)
                  f64.const -0x1.fe36f321db705p+232 (;=-13755359682805180000000000000000000000000000000000000000000000000000000;)
                  i32.trunc_f64_u
                  i64.const -4480848106981068676
                  i64.extend16_s
                  ref.null extern
                  f32.const 0x1.71be38p+124 (;=30717050000000000000000000000000000000;)
                  local.get 0
                  local.get 0
                  i64.ne
                  global.get 0
                  f64.convert_i32_s
                  f32.demote_f64
                  local.tee 2
                  f32.const nan (;=NaN;)
                  local.get 2
                  local.get 2
                  f32.eq
                  select
                  block (result i64) ;; label = @8
                    f32.const 0x1.p-133 (;=0.000000000000000000000000000000000000000091835;)
                    i64.trunc_sat_f32_u
                    f32.convert_i64_s
                    i64.trunc_sat_f32_u
                    f32.convert_i64_u
                    global.set 2
                    f32.const -0x1.78ecc2p+17 (;=-192985.52;)
                    i64.const -65536
                    i64.extend32_s
                    f64.const -0x1p-52 (;=-0.0000000000000002220446049250313;)
                    f64.const -0x1.cb28027e768bfp-326 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000013120246196881351;)
                    i64.reinterpret_f64
                    i64.extend16_s
                    i32.wrap_i64
                    br 5 (;@3;)
                    f32.const -0x1.dddddcp+94 (;=-36973140000000000000000000000;)
                    i32.reinterpret_f32
                    global.get 3
                    i32.xor
                    global.set 3
                    global.get 4
                    i32.xor
                    global.set 4
                    i64.reinterpret_f64
                    global.get 5
                    i64.xor
                    global.set 5
                    global.get 6
                    i64.xor
                    global.set 6
                    i32.reinterpret_f32
                    global.get 3
                    i32.xor
                    global.set 3
                    i64.const -4274669685367970204
                  end
                  global.get 6
                  i64.xor
                  global.set 6
                  i32.reinterpret_f32
                  global.get 3
                  i32.xor
                  global.set 3
                  global.get 4
                  i32.xor
                  global.set 4
                  i32.reinterpret_f32
                  global.get 3
                  i32.xor
                  global.set 3
                  drop
                  global.get 6
                  i64.xor
                  global.set 6
                  global.get 4
                  i32.xor
                  global.set 4
                  i64.reinterpret_f64
                  global.get 5
                  i64.xor
                  global.set 5
                end
                i32.reinterpret_f32
                global.get 3
                i32.xor
                global.set 3
                i32.reinterpret_f32
                global.get 3
                i32.xor
                global.set 3
                i64.reinterpret_f64
                global.get 5
                i64.xor
                global.set 5
                global.get 6
                i64.xor
                global.set 6
                i32.const 268435456
                i32.const 8191
              end
              global.get 4
              i32.xor
              global.set 4
              global.get 4
              i32.xor
              global.set 4
              global.get 6
              i64.xor
              global.set 6
              drop
              global.get 6
              i64.xor
              global.set 6
              ref.null func
            end
            drop
            global.get 6
            i64.xor
            global.set 6
            global.get 6
            i64.xor
            global.set 6
            i32.const 8
          end
          global.get 4
          i32.xor
          global.set 4
          global.get 4
          i32.xor
          global.set 4
        end
        global.get 6
        i64.xor
        global.set 6
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
        global.get 6
        i64.xor
        global.set 6
        global.get 4
        i32.xor
        global.set 4
        ref.null extern
      end
      drop
      i32.const -726754193
    end
    global.get 4
    i32.xor
    global.set 4
    i64.reinterpret_f64
    global.get 5
    i64.xor
    global.set 5
  )
  (func (;2;) (type 4) (param i64) (result i32 i32)
    (local i64 f64 f32 f64 f64 f64 f64 f32 f64)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    block ;; label = @1
      block ;; label = @2
        loop (result i32) ;; label = @3
          global.get 7
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 7
          i32.const 1
          i32.sub
          global.set 7
          local.get 1
          local.get 0
          local.get 0
          f64.reinterpret_i64
          i64.const 5192204115049576194
          memory.size
          if (type 4) (param i64) (result i32 i32) ;; label = @4
            local.tee 0
            i64.clz
            local.tee 1
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
              f32.const 0x1.p-133 (;=0.000000000000000000000000000000000000000091835;)
              f64.promote_f32
              local.tee 9
              f64.const nan (;=NaN;)
              local.get 9
              local.get 9
              f64.eq
              select
              f64.ceil
              local.tee 2
              f64.const nan (;=NaN;)
              local.get 2
              local.get 2
              f64.eq
              select
              i64.const -5762285887031760361
              ref.null extern
              global.get 0
              i32.load align=2
              i32.popcnt
              f32.const -nan:0x7f7fff (;=NaN;)
              f32.ceil
              local.tee 3
              f32.const nan (;=NaN;)
              local.get 3
              local.get 3
              f32.eq
              select
              ref.null extern
              local.get 0
              local.get 0
              i32.wrap_i64
              f32.const 0x1.af0066p+39 (;=925568800000;)
              loop (type 3) (result i32) ;; label = @6
                global.get 7
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 7
                i32.const 1
                i32.sub
                global.set 7
                memory.size
                call 3
                ref.null extern
                global.get 2
                f64.promote_f32
                local.tee 9
                f64.const nan (;=NaN;)
                local.get 9
                local.get 9
                f64.eq
                select
                i64.trunc_f64_s
                local.set 0
                ref.null extern
                ref.null extern
                br 5 (;@1;)
                ref.null extern
                block (result i32) ;; label = @7
                  f32.const 0x1.001p-133 (;=0.000000000000000000000000000000000000000091858;)
                  ref.null extern
                  i32.const -1018361092
                  i32.popcnt
                  i64.load16_u
                  i32.const 16384
                  loop (result f64) ;; label = @8
                    global.get 7
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 7
                    i32.const 1
                    i32.sub
                    global.set 7
                    f64.const 0x1.0001p-1058 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000323796;)
                    i64.trunc_sat_f64_s
                    i64.extend16_s
                    i64.const -288230376151711745
                    i64.rotl
                    i64.extend16_s
                    local.get 1
                    i64.shr_u
                    i64.extend16_s
                    local.set 0
                    br 3 (;@5;)
                    i32.const 524287
                    br_table 0 (;@8;) 2 (;@6;) 3 (;@5;) 5 (;@3;) 6 (;@2;) 7 (;@1;) 3 (;@5;)
                    i64.const 732583961375295673
                    i64.eqz
                    i64.load
                    ref.null extern
                    ref.null func
                    br 7 (;@1;)
                    global.get 0
                    i32.load align=1
                    ref.null extern
                    ref.is_null
                    i64.load16_s
                    call 1
                    br 3 (;@5;)
                    i32.const -65537
                    f64.const -nan:0xfffffbfffffff (;=NaN;)
                    i32.trunc_sat_f64_s
                    i64.load8_s
                    f64.reinterpret_i64
                    i64.trunc_f64_s
                    i64.store8
                    call 1
                    i64.ctz
                    i64.extend32_s
                    i64.store align=2
                    i32.const 134217728
                    br_table 0 (;@8;) 2 (;@6;) 3 (;@5;) 5 (;@3;) 6 (;@2;) 7 (;@1;) 0 (;@8;)
                    memory.size
                    global.get 0
                    i32.load8_s
                    br 4 (;@4;)
                    global.get 1
                    call 2
                    i64.load8_s
                    f32.const 0x1.p-145 (;=0.000000000000000000000000000000000000000000022;)
                    block (result funcref) ;; label = @9
                      nop
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
                        global.get 0
                        i64.load16_s
                        i64.clz
                        f64.const -0x1.78852043adb9fp-125 (;=-0.000000000000000000000000000000000000034577903177529604;)
                        br 8 (;@2;)
                        block (result funcref) ;; label = @11
                          memory.size
                          block (type 3) (result i32) ;; label = @12
                            i32.const -2097152
                            i32.load16_s align=1
                            i32.ctz
                            f32.convert_i32_s
                            i32.trunc_f32_u
                            f32.const -0x1.e7850ap-57 (;=-0.0000000000000000132142475;)
                            i32.reinterpret_f32
                            i64.extend_i32_u
                            f64.const -0x1.865704c81cdb3p-113 (;=-0.0000000000000000000000000000000001468295574388298;)
                            f64.floor
                            local.tee 4
                            f64.const nan (;=NaN;)
                            local.get 4
                            local.get 4
                            f64.eq
                            select
                            i64.const -47051048958102094
                            f64.const -0x1.258e9dcaa27abp-672 (;=-0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005851881594429125;)
                            block (type 3) (result i32) ;; label = @13
                              ref.null func
                              ref.null func
                              local.get 0
                              i64.extend16_s
                              f32.convert_i64_u
                              i32.trunc_sat_f32_s
                              br_if 11 (;@2;)
                              loop (result i32) ;; label = @14
                                global.get 7
                                i32.eqz
                                if ;; label = @15
                                  unreachable
                                end
                                global.get 7
                                i32.const 1
                                i32.sub
                                global.set 7
                                f32.const -0x1.1e4f18p-93 (;=-0.00000000000000000000000000011292897;)
                                i32.const 65534
                                if ;; label = @15
                                  br 13 (;@2;)
                                  ref.null func
                                  br 6 (;@9;)
                                  i64.const 268435456
                                  loop (type 3) (result i32) ;; label = @16
                                    global.get 7
                                    i32.eqz
                                    if ;; label = @17
                                      unreachable
                                    end
                                    global.get 7
                                    i32.const 1
                                    i32.sub
                                    global.set 7
                                    f64.const -nan:0xfffdfffffffff (;=NaN;)
                                    f64.ceil
                                    local.tee 5
                                    f64.const nan (;=NaN;)
                                    local.get 5
                                    local.get 5
                                    f64.eq
                                    select
                                    global.get 1
                                    i64.popcnt
                                    br 13 (;@3;)
                                    local.get 0
                                    i64.lt_u
                                    i64.load16_s align=1
                                    i64.popcnt
                                    local.tee 1
                                    local.tee 0
                                    f64.convert_i64_u
                                    local.get 0
                                    i64.clz
                                    f64.reinterpret_i64
                                    f64.nearest
                                    local.tee 6
                                    f64.const nan (;=NaN;)
                                    local.get 6
                                    local.get 6
                                    f64.eq
                                    select
                                    f64.nearest
                                    local.tee 7
                                    f64.const nan (;=NaN;)
                                    local.get 7
                                    local.get 7
                                    f64.eq
                                    select
                                    i32.trunc_f64_s
                                    i64.load align=1
                                    i64.clz
                                    i32.wrap_i64
                                    i64.const 5461139603589180709
                                    local.set 0
                                    i32.load8_u offset=41629
                                    i64.extend_i32_s
                                    f32.convert_i64_s
                                    i64.trunc_f32_s
                                    i32.const -1717153419
                                    global.get 4
                                    i32.xor
                                    global.set 4
                                    global.get 6
                                    i64.xor
                                    global.set 6
                                    i64.reinterpret_f64
                                    global.get 5
                                    i64.xor
                                    global.set 5
                                    i64.reinterpret_f64
                                    global.get 5
                                    i64.xor
                                    global.set 5
                                    i32.const 524288
                                  end
                                  global.get 4
                                  i32.xor
                                  global.set 4
                                  global.get 6
                                  i64.xor
                                  global.set 6
                                end
                                i32.reinterpret_f32
                                global.get 3
                                i32.xor
                                global.set 3
                                i32.const 848421636
                              end
                              global.get 4
                              i32.xor
                              global.set 4
                              drop
                              drop
                              i32.const 8191
                            end
                            global.get 4
                            i32.xor
                            global.set 4
                            i64.reinterpret_f64
                            global.get 5
                            i64.xor
                            global.set 5
                            global.get 6
                            i64.xor
                            global.set 6
                            i64.reinterpret_f64
                            global.get 5
                            i64.xor
                            global.set 5
                            global.get 6
                            i64.xor
                            global.set 6
                          end
                          global.get 4
                          i32.xor
                          global.set 4
                          global.get 4
                          i32.xor
                          global.set 4
                          ref.null func
                        end
                        drop
                        i64.reinterpret_f64
                        global.get 5
                        i64.xor
                        global.set 5
                        global.get 6
                        i64.xor
                        global.set 6
                        i32.const 441345908
                      end
                      global.get 4
                      i32.xor
                      global.set 4
                      ref.null func
                    end
                    drop
                    i32.reinterpret_f32
                    global.get 3
                    i32.xor
                    global.set 3
                    global.get 6
                    i64.xor
                    global.set 6
                    global.get 4
                    i32.xor
                    global.set 4
                    drop
                    drop
                    global.get 6
                    i64.xor
                    global.set 6
                    f64.const -0x1.22f1d67022926p-162 (;=-0.0000000000000000000000000000000000000000000000001944066671971166;)
                  end
                  i64.reinterpret_f64
                  global.get 5
                  i64.xor
                  global.set 5
                  global.get 4
                  i32.xor
                  global.set 4
                  global.get 6
                  i64.xor
                  global.set 6
                  drop
                  i32.reinterpret_f32
                  global.get 3
                  i32.xor
                  global.set 3
                  i32.const -127653769
                end
                global.get 4
                i32.xor
                global.set 4
                drop
                drop
                drop
                drop
                i32.const 509935328
              end
              global.get 4
              i32.xor
              global.set 4
              i32.reinterpret_f32
              global.get 3
              i32.xor
              global.set 3
              global.get 4
              i32.xor
              global.set 4
              global.get 6
              i64.xor
              global.set 6
              drop
              i32.reinterpret_f32
              global.get 3
              i32.xor
              global.set 3
              drop
              drop
              global.get 6
              i64.xor
              global.set 6
              i64.reinterpret_f64
              global.get 5
              i64.xor
              global.set 5
              i32.const 2097151
            end
            global.get 4
            i32.xor
            global.set 4
            global.get 6
            i64.xor
            global.set 6
            i32.const 2144744510
            i32.const -131072
          else
            global.get 6
            i64.xor
            global.set 6
            i32.const 268435456
            i32.const 256
          end
          global.get 4
          i32.xor
          global.set 4
          global.get 4
          i32.xor
          global.set 4
          i64.reinterpret_f64
          global.get 5
          i64.xor
          global.set 5
          global.get 6
          i64.xor
          global.set 6
          global.get 6
          i64.xor
          global.set 6
          i32.const -1094431469
        end
        global.get 4
        i32.xor
        global.set 4
      end
    end
    i32.const 624855165
    i32.const 268435455
  )
  (func (;3;) (type 2) (param i32)
    (local i64 f32 f32 f32 f64 f32 f64 f32 f64 f32 f64)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    f32.const 0x1.608a66p+48 (;=387622500000000;)
    i64.trunc_sat_f32_u
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
      f64.const 0x1.p-1036 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000135807730622;)
      br 0 (;@1;)
      i64.const -68719476737
      f32.const -0x1.f608bp-124 (;=-0.00000000000000000000000000000000000009220907;)
      i32.trunc_f32_u
      i32.extend16_s
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
        f32.const -nan:0x3fffff (;=NaN;)
        f32.floor
        local.tee 2
        f32.const nan (;=NaN;)
        local.get 2
        local.get 2
        f32.eq
        select
        block (result i64) ;; label = @3
          block ;; label = @4
            block ;; label = @5
              br 3 (;@2;)
              i32.const -64
              local.get 0
              i32.xor
              block (type 2) (param i32) ;; label = @6
                i32.load8_u
                i32.load8_s
                i32.const -4096
                f64.load
                i32.trunc_f64_s
                i32.xor
                call 0
                global.get 0
                f32.load
                memory.size
                i64.load32_u offset=46450
                f32.const 0x1.p-134 (;=0.000000000000000000000000000000000000000045918;)
                global.get 0
                call 3
                f32.nearest
                local.tee 3
                f32.const nan (;=NaN;)
                local.get 3
                local.get 3
                f32.eq
                select
                i32.const 63
                f32.const 0x1.fffffep-120 (;=0.0000000000000000000000000000000000015046327;)
                i32.trunc_f32_s
                i32.shr_u
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
                  ref.null func
                  ref.null extern
                  block (type 3) (result i32) ;; label = @8
                    block (type 3) (result i32) ;; label = @9
                      i64.const 288230376151711743
                      i64.extend8_s
                      call 2
                      i32.gt_s
                      return
                      i64.const 1891113583989215812
                      f64.reinterpret_i64
                      i64.const 3093894354559701051
                      local.get 0
                      i32.clz
                      i64.load8_s
                      nop
                      i64.gt_u
                      i64.load8_u
                      local.get 0
                      i64.const -34359738368
                      i64.store
                      i64.extend32_s
                      i64.clz
                      call 1
                      br 7 (;@2;)
                      i64.extend8_s
                      f32.convert_i64_s
                      f32.nearest
                      local.tee 4
                      f32.const nan (;=NaN;)
                      local.get 4
                      local.get 4
                      f32.eq
                      select
                      global.set 2
                      f64.const -nan:0xffffffffffffe (;=NaN;)
                      f64.const -0x1.0050d38c20178p+747 (;=-741211334231999700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                      f64.floor
                      local.tee 5
                      f64.const nan (;=NaN;)
                      local.get 5
                      local.get 5
                      f64.eq
                      select
                      f64.ne
                      global.get 2
                      f64.promote_f32
                      local.tee 11
                      f64.const nan (;=NaN;)
                      local.get 11
                      local.get 11
                      f64.eq
                      select
                      i32.trunc_f64_u
                      i32.shr_s
                      f64.load
                      f32.demote_f64
                      local.tee 10
                      f32.const nan (;=NaN;)
                      local.get 10
                      local.get 10
                      f32.eq
                      select
                      local.get 0
                      f32.convert_i32_u
                      f32.gt
                      f32.convert_i32_u
                      f32.ceil
                      local.tee 6
                      f32.const nan (;=NaN;)
                      local.get 6
                      local.get 6
                      f32.eq
                      select
                      i64.trunc_sat_f32_s
                      call 1
                      i64.popcnt
                      br 8 (;@1;)
                      i64.popcnt
                      block (result f64) ;; label = @10
                        br 8 (;@2;)
                        br 10
                        f64.const -nan:0xffffffffff7ff (;=NaN;)
                        f64.abs
                        i32.trunc_f64_u
                        i64.load8_u
                        loop (type 1) (param i64) (result i64) ;; label = @11
                          global.get 7
                          i32.eqz
                          if ;; label = @12
                            unreachable
                          end
                          global.get 7
                          i32.const 1
                          i32.sub
                          global.set 7
                          f64.convert_i64_u
                          i64.trunc_sat_f64_s
                          memory.size
                          i32.load16_s
                          block (result funcref) ;; label = @12
                            global.get 1
                            i64.eqz
                            i32.load8_s
                            loop (result f64) ;; label = @13
                              global.get 7
                              i32.eqz
                              if ;; label = @14
                                unreachable
                              end
                              global.get 7
                              i32.const 1
                              i32.sub
                              global.set 7
                              f32.const 0x1.d26ca6p+104 (;=36953950000000000000000000000000;)
                              global.get 0
                              i32.load8_u
                              global.get 1
                              f64.reinterpret_i64
                              memory.size
                              i32.popcnt
                              i64.load8_u
                              local.set 1
                              memory.size
                              memory.grow
                              f64.const 0x1.c3d6876d020c2p-733 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003906213435631747;)
                              i32.trunc_f64_u
                              i32.ctz
                              i32.extend8_s
                              local.tee 0
                              f64.load align=2
                              f64.nearest
                              local.tee 7
                              f64.const nan (;=NaN;)
                              local.get 7
                              local.get 7
                              f64.eq
                              select
                              f32.const 0x1.ffffep-130 (;=0.000000000000000000000000000000000000001469367;)
                              i64.trunc_sat_f32_s
                              local.tee 1
                              f32.const 0x1.0002p-133 (;=0.000000000000000000000000000000000000000091838;)
                              f32.sqrt
                              local.tee 8
                              f32.const nan (;=NaN;)
                              local.get 8
                              local.get 8
                              f32.eq
                              select
                              i32.reinterpret_f32
                              i32.load8_s
                              i32.load16_u
                              memory.size
                              i32.sub
                              f64.convert_i32_s
                              memory.size
                              return
                              f64.load align=2
                              f64.ceil
                              local.tee 9
                              f64.const nan (;=NaN;)
                              local.get 9
                              local.get 9
                              f64.eq
                              select
                              i64.const 4440268034858378663
                              br 0 (;@13;)
                              br 10 (;@3;)
                              f64.le
                              global.get 0
                              i64.load8_s
                              i64.ctz
                              block (type 4) (param i64) (result i32 i32) ;; label = @14
                                i64.ctz
                                i64.extend8_s
                                f32.convert_i64_s
                                f64.const -0x1.f017f46a3a818p+884 (;=-249942323367096150000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                i64.trunc_sat_f64_s
                                global.get 6
                                i64.xor
                                global.set 6
                                i32.reinterpret_f32
                                global.get 3
                                i32.xor
                                global.set 3
                                i32.const -1684433841
                                i32.const 1993806103
                              end
                              global.get 4
                              i32.xor
                              global.set 4
                              global.get 4
                              i32.xor
                              global.set 4
                              global.get 4
                              i32.xor
                              global.set 4
                              global.get 6
                              i64.xor
                              global.set 6
                              i64.reinterpret_f64
                              global.get 5
                              i64.xor
                              global.set 5
                              global.get 4
                              i32.xor
                              global.set 4
                              i64.reinterpret_f64
                              global.get 5
                              i64.xor
                              global.set 5
                              global.get 4
                              i32.xor
                              global.set 4
                              i32.reinterpret_f32
                              global.get 3
                              i32.xor
                              global.set 3
                              f64.const -0x1.fffffffffffffp+960 (;=-19490628022799996000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                            end
                            i64.reinterpret_f64
                            global.get 5
                            i64.xor
                            global.set 5
                            global.get 4
                            i32.xor
                            global.set 4
                            ref.null func
                          end
                          drop
                          global.get 4
                          i32.xor
                          global.set 4
                        end
                        global.get 6
                        i64.xor
                        global.set 6
                        f64.const -nan:0xf7fffffffffff (;=NaN;)
                      end
                      i64.reinterpret_f64
                      global.get 5
                      i64.xor
                      global.set 5
                      global.get 6
                      i64.xor
                      global.set 6
                      i64.reinterpret_f64
                      global.get 5
                      i64.xor
                      global.set 5
                    end
                  end
                  global.get 4
                  i32.xor
                  global.set 4
                  drop
                  drop
                  global.get 4
                  i32.xor
                  global.set 4
                end
                i32.reinterpret_f32
                global.get 3
                i32.xor
                global.set 3
                global.get 6
                i64.xor
                global.set 6
                i32.reinterpret_f32
                global.get 3
                i32.xor
                global.set 3
              end
            end
          end
          i64.const -717118350770414387
        end
        global.get 6
        i64.xor
        global.set 6
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
        i32.const -4096
      end
      global.get 4
      i32.xor
      global.set 4
      global.get 4
      i32.xor
      global.set 4
      global.get 6
      i64.xor
      global.set 6
      i64.reinterpret_f64
      global.get 5
      i64.xor
      global.set 5
      i32.const 2103171250
    end
    global.get 4
    i32.xor
    global.set 4
    global.get 6
    i64.xor
    global.set 6
  )
  (func (;4;) (type 5) (param f32 f64) (result f64)
    (local f64 f32 f32 f32 f32 f64 f32 f64 f64 f32 f64)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    ref.null extern
    local.get 0
    f32.const -nan:0x77ffff (;=NaN;)
    f32.add
    local.tee 3
    f32.const nan (;=NaN;)
    local.get 3
    local.get 3
    f32.eq
    select
    memory.size
    i32.load8_u
    memory.grow
    global.get 0
    i64.extend_i32_s
    f32.convert_i64_s
    block (type 3) (result i32) ;; label = @1
      loop (result funcref) ;; label = @2
        global.get 7
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 7
        i32.const 1
        i32.sub
        global.set 7
        block (type 3) (result i32) ;; label = @3
          ref.null extern
          local.get 0
          f32.floor
          local.tee 4
          f32.const nan (;=NaN;)
          local.get 4
          local.get 4
          f32.eq
          select
          f32.abs
          f32.ceil
          local.tee 5
          f32.const nan (;=NaN;)
          local.get 5
          local.get 5
          f32.eq
          select
          f32.neg
          f32.floor
          local.tee 6
          f32.const nan (;=NaN;)
          local.get 6
          local.get 6
          f32.eq
          select
          i64.trunc_f32_s
          block (type 4) (param i64) (result i32 i32) ;; label = @4
            i64.eqz
            i32.load16_s offset=3876 align=1
            i64.load16_u align=1
            f32.const 0x1.a88288p-83 (;=0.00000000000000000000000017145818;)
            memory.size
            f64.load align=4
            local.tee 2
            i64.trunc_sat_f64_s
            i64.extend32_s
            i64.clz
            global.get 1
            i64.ne
            i32.load8_u
            block ;; label = @5
              f64.const -0x1.42a245b1fc4cfp+118 (;=-418802715157769700000000000000000000;)
              f64.abs
              i32.const 64
              i32.load8_u
              f32.convert_i32_s
              i32.const -382558564
              f32.reinterpret_i32
              i32.const 1321392924
              br_if 3 (;@2;)
              local.tee 0
              f64.const -0x1.ed96c6bae8adep+313 (;=-32174671653414966000000000000000000000000000000000000000000000000000000000000000000000000000000;)
              f64.abs
              f64.sqrt
              local.tee 7
              f64.const nan (;=NaN;)
              local.get 7
              local.get 7
              f64.eq
              select
              i32.trunc_f64_s
              i32.popcnt
              f32.load
              f32.ne
              i64.load8_u
              ref.null func
              loop (result i64) ;; label = @6
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
                ref.null extern
                ref.null func
                local.get 2
                block ;; label = @7
                  global.get 0
                  global.get 2
                  global.get 0
                  i64.extend_i32_u
                  i64.popcnt
                  memory.size
                  f32.const -0x1.4d3eap-123 (;=-0.00000000000000000000000000000000000012241474;)
                  f32.const 0x1.10d256p-12 (;=0.00026018298;)
                  ref.null extern
                  f64.const 0x1.p-1074 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005;)
                  i32.const 543887422
                  ref.null func
                  f32.const -0x1.d635e6p-72 (;=-0.00000000000000000000038894904;)
                  i64.trunc_sat_f32_s
                  i64.extend8_s
                  nop
                  memory.size
                  i32.load16_s align=1
                  i32.load8_s
                  f64.load offset=4673 align=2
                  i64.trunc_f64_s
                  i64.ctz
                  f64.const -0x1.72b71ed39b5aep-879 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003592811010644113;)
                  i32.trunc_f64_s
                  i32.load16_u align=1
                  i32.load16_s
                  i64.load
                  block ;; label = @8
                    br 6 (;@2;)
                    block ;; label = @9
                    end
                    block (result f32) ;; label = @9
                      br 1 (;@8;)
                      block ;; label = @10
                        f32.const -0x1.8fc666p-69 (;=-0.000000000000000000002645489;)
                        i64.const 1356423287318904069
                        i64.popcnt
                        f64.convert_i64_s
                        memory.size
                        i32.load16_s
                        br_table 0 (;@10;) 2 (;@8;) 3 (;@7;) 4 (;@6;) 5 (;@5;) 8 (;@2;) 2 (;@8;)
                        local.set 1
                        i64.trunc_sat_f32_s
                        i64.ctz
                        i32.const -5
                        i32.load8_s
                        br_table 0 (;@10;) 2 (;@8;) 3 (;@7;) 4 (;@6;) 5 (;@5;) 8 (;@2;) 4 (;@6;)
                        i32.wrap_i64
                        i64.load8_u
                        i32.wrap_i64
                        i64.load8_u
                        f32.const 0x1.fffffep-64 (;=0.00000000000000000010842021;)
                        i64.trunc_sat_f32_u
                        i64.sub
                        f32.const -0x1.93ad56p-1 (;=-0.7884318;)
                        f32.trunc
                        local.tee 8
                        f32.const nan (;=NaN;)
                        local.get 8
                        local.get 8
                        f32.eq
                        select
                        f32.abs
                        global.set 2
                        i64.ctz
                        f64.const 0x1p-1019 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000017800590868057611;)
                        br 2 (;@8;)
                        i32.trunc_f64_s
                        block (type 3) (result i32) ;; label = @11
                          global.get 2
                          block (type 3) (result i32) ;; label = @12
                            global.get 2
                            i64.trunc_sat_f32_s
                            memory.size
                            loop (type 3) (result i32) ;; label = @13
                              global.get 7
                              i32.eqz
                              if ;; label = @14
                                unreachable
                              end
                              global.get 7
                              i32.const 1
                              i32.sub
                              global.set 7
                              global.get 0
                              f32.convert_i32_s
                              ref.null extern
                              block (result f64) ;; label = @14
                                local.get 2
                                f64.ceil
                                local.tee 9
                                f64.const nan (;=NaN;)
                                local.get 9
                                local.get 9
                                f64.eq
                                select
                                f64.trunc
                                local.tee 10
                                f64.const nan (;=NaN;)
                                local.get 10
                                local.get 10
                                f64.eq
                                select
                                block (type 3) (result i32) ;; label = @15
                                  ref.null extern
                                  ref.null extern
                                  ref.is_null
                                  i32.load8_s
                                  i64.load16_s align=1
                                  i64.popcnt
                                  block (type 4) (param i64) (result i32 i32) ;; label = @16
                                    i64.extend32_s
                                    local.get 1
                                    f64.neg
                                    br 14 (;@2;)
                                    f32.const 0x1.fcp-143 (;=0.000000000000000000000000000000000000000000178;)
                                    i32.trunc_sat_f32_s
                                    i32.load
                                    global.get 4
                                    i32.xor
                                    global.set 4
                                    i64.reinterpret_f64
                                    global.get 5
                                    i64.xor
                                    global.set 5
                                    global.get 6
                                    i64.xor
                                    global.set 6
                                    i32.const 2047
                                    i32.const -993540224
                                  end
                                  global.get 4
                                  i32.xor
                                  global.set 4
                                  global.get 4
                                  i32.xor
                                  global.set 4
                                  drop
                                  i32.const -1809077290
                                end
                                global.get 4
                                i32.xor
                                global.set 4
                              end
                              i64.reinterpret_f64
                              global.get 5
                              i64.xor
                              global.set 5
                              drop
                              i32.reinterpret_f32
                              global.get 3
                              i32.xor
                              global.set 3
                              i32.const -1611561333
                            end
                            global.get 4
                            i32.xor
                            global.set 4
                            global.get 4
                            i32.xor
                            global.set 4
                            global.get 6
                            i64.xor
                            global.set 6
                            i32.const 536870911
                          end
                          global.get 4
                          i32.xor
                          global.set 4
                          i32.reinterpret_f32
                          global.get 3
                          i32.xor
                          global.set 3
                          i32.const -2102519848
                        end
                        global.get 4
                        i32.xor
                        global.set 4
                        global.get 4
                        i32.xor
                        global.set 4
                        global.get 6
                        i64.xor
                        global.set 6
                      end
                      f32.const -0x1.d08a8ap-108 (;=-0.000000000000000000000000000000005591711;)
                    end
                    i32.reinterpret_f32
                    global.get 3
                    i32.xor
                    global.set 3
                  end
                  global.get 6
                  i64.xor
                  global.set 6
                  global.get 6
                  i64.xor
                  global.set 6
                  global.get 6
                  i64.xor
                  global.set 6
                  drop
                  global.get 4
                  i32.xor
                  global.set 4
                  i64.reinterpret_f64
                  global.get 5
                  i64.xor
                  global.set 5
                  drop
                  i32.reinterpret_f32
                  global.get 3
                  i32.xor
                  global.set 3
                  i32.reinterpret_f32
                  global.get 3
                  i32.xor
                  global.set 3
                  global.get 4
                  i32.xor
                  global.set 4
                  global.get 6
                  i64.xor
                  global.set 6
                  i32.reinterpret_f32
                  global.get 3
                  i32.xor
                  global.set 3
                  global.get 4
                  i32.xor
                  global.set 4
                end
                i64.reinterpret_f64
                global.get 5
                i64.xor
                global.set 5
                drop
                drop
                i32.reinterpret_f32
                global.get 3
                i32.xor
                global.set 3
                i64.const 7164359788408869794
              end
              global.get 6
              i64.xor
              global.set 6
              drop
              global.get 6
              i64.xor
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
            i32.xor
            global.set 4
            i32.reinterpret_f32
            global.get 3
            i32.xor
            global.set 3
            global.get 6
            i64.xor
            global.set 6
            i32.const -262144
            i32.const 7
          end
          global.get 4
          i32.xor
          global.set 4
          global.get 4
          i32.xor
          global.set 4
          drop
          i32.const 32768
        end
        global.get 4
        i32.xor
        global.set 4
        ref.null func
      end
      drop
      i32.const 2
    end
    global.get 4
    i32.xor
    global.set 4
    i32.reinterpret_f32
    global.get 3
    i32.xor
    global.set 3
    global.get 4
    i32.xor
    global.set 4
    i32.reinterpret_f32
    global.get 3
    i32.xor
    global.set 3
    drop
    f64.const 0x1.81d83fc8d3204p+896 (;=796248660832425100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
  )
  (func (;5;) (type 0) (param i32 i32) (result i32)
    (local f64 f32 f32 f32 f32 f64 f64 f32 f64)
    global.get 7
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    f64.const -0x1.e844e360ddd54p+621 (;=-16597649076299678000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
    f64.ceil
    local.tee 2
    f64.const nan (;=NaN;)
    local.get 2
    local.get 2
    f64.eq
    select
    f64.neg
    i64.trunc_f64_u
    f64.convert_i64_s
    f32.const -0x1.308eecp+119 (;=-790678500000000000000000000000000000;)
    f32.sqrt
    local.tee 3
    f32.const nan (;=NaN;)
    local.get 3
    local.get 3
    f32.eq
    select
    block (result i32) ;; label = @1
      f32.const 0x1.9edba8p+17 (;=212407.31;)
      f32.sqrt
      local.tee 4
      f32.const nan (;=NaN;)
      local.get 4
      local.get 4
      f32.eq
      select
      f32.abs
      memory.size
      i64.load32_s
      local.get 0
      i32.load8_s
      local.set 0
      i64.clz
      i64.ctz
      f64.reinterpret_i64
      i64.const 6520350931787473351
      i64.extend32_s
      f32.const -0x1.5bccbep-72 (;=-0.00000000000000000000028769323;)
      i32.const 828545381
      i64.load32_s align=2
      f32.const -0x1.bec80cp-34 (;=-0.00000000010158634;)
      i64.const 281474976710656
      global.get 2
      f32.const -0x1.03a50ap+93 (;=-10044517000000000000000000000;)
      f32.sub
      local.tee 5
      f32.const nan (;=NaN;)
      local.get 5
      local.get 5
      f32.eq
      select
      f32.const 0x1.fffffep-112 (;=0.00000000000000000000000000000000038518597;)
      f64.const 0x1.c543bd9c9288fp-781 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000013921474446508117;)
      block ;; label = @2
        f64.const 0x1.ffffcp-1056 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000259032;)
        br 0 (;@2;)
        ref.null func
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
            f32.const -nan:0x7fbfff (;=NaN;)
            global.set 2
            memory.size
            i64.const -2048
            i64.extend32_s
            br 2 (;@2;)
            i64.extend32_s
            f32.const -nan:0x7ffffb (;=NaN;)
            f32.sqrt
            local.tee 6
            f32.const nan (;=NaN;)
            local.get 6
            local.get 6
            f32.eq
            select
            global.get 1
            f64.convert_i64_s
            f64.nearest
            local.tee 7
            f64.const nan (;=NaN;)
            local.get 7
            local.get 7
            f64.eq
            select
            f64.floor
            local.tee 8
            f64.const nan (;=NaN;)
            local.get 8
            local.get 8
            f64.eq
            select
            i32.trunc_sat_f64_u
            br 0 (;@4;)
            i64.load8_u
            i64.extend8_s
            i64.extend16_s
            f64.const 0x1.p-1074 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005;)
            i64.trunc_f64_s
            i64.ctz
            i32.const -1628104526
            br_table 0 (;@4;) 1 (;@3;) 2 (;@2;) 1 (;@3;)
            i64.div_s
            i64.popcnt
            local.get 0
            i64.extend_i32_u
            i32.const -131072
            br_table 0 (;@4;) 1 (;@3;) 2 (;@2;) 1 (;@3;)
            i64.shr_s
            i64.const -2251799813685249
            br 2 (;@2;)
            i64.lt_s
            call 3
            ref.null extern
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
                local.get 0
                i64.load8_s
                f64.convert_i64_u
                i32.const 32
                global.get 4
                i32.xor
                global.set 4
                i64.reinterpret_f64
                global.get 5
                i64.xor
                global.set 5
              end
              i32.const -1431655766
            end
            global.get 4
            i32.xor
            global.set 4
            drop
            i32.reinterpret_f32
            global.get 3
            i32.xor
            global.set 3
            global.get 6
            i64.xor
            global.set 6
          end
        end
        global.get 4
        i32.xor
        global.set 4
        drop
        i64.reinterpret_f64
        global.get 5
        i64.xor
        global.set 5
      end
      i64.reinterpret_f64
      global.get 5
      i64.xor
      global.set 5
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
      global.get 6
      i64.xor
      global.set 6
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
      global.get 6
      i64.xor
      global.set 6
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
      global.get 6
      i64.xor
      global.set 6
      i64.reinterpret_f64
      global.get 5
      i64.xor
      global.set 5
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
      i32.const 1850737000
    end
    global.get 4
    i32.xor
    global.set 4
    i32.reinterpret_f32
    global.get 3
    i32.xor
    global.set 3
    i64.reinterpret_f64
    global.get 5
    i64.xor
    global.set 5
    i32.const -4096
  )
)
