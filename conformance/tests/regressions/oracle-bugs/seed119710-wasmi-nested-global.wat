(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i64) (result i32 i32)))
  (type (;5;) (func (param f32 f64) (result f64)))
  (import "host" "mix" (func (;0;) (type 0) (param i32 i32) (result i32)))
  (import "host" "split" (func (;1;) (type 4) (param i64) (result i32 i32)))
  (import "host" "fmix" (func (;2;) (type 5) (param f32 f64) (result f64)))
  (import "host" "g64" (global (;0;) i64))
  (table (;0;) 0 externref)
  (table (;1;) 7 55 funcref)
  (table (;2;) 22 47 externref)
  (memory (;0;) 0 0)
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i32) i32.const 0)
  (global (;5;) (mut i32) i32.const 2000)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "6" (func 6))
  (export "7" (table 0))
  (export "8" (table 1))
  (export "9" (table 2))
  (export "10" (memory 0))
  (export "11" (global 0))
  (export "\u{138}C|" (global 1))
  (export "\u{641}az." (global 2))
  (export "14" (global 3))
  (export "15" (global 4))
  (elem (;0;) declare externref)
  (elem (;1;) declare externref)
  (func (;3;) (type 5) (param f32 f64) (result f64)
    (local f64 f64 f64 f32 f32 f32 f32 f32 f32 f32 f64)
    global.get 5
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    i32.const 1681578874
    f32.convert_i32_s
    i32.reinterpret_f32
    i64.load8_s
    i64.extend16_s
    table.size 2
    i32.load16_u
    i32.clz
    i64.load32_s align=2
    i64.rem_s
    local.get 2
    f32.demote_f64
    local.tee 11
    f32.const nan (;=NaN;)
    local.get 11
    local.get 11
    f32.eq
    select
    f64.promote_f32
    local.tee 12
    f64.const nan (;=NaN;)
    local.get 12
    local.get 12
    f64.eq
    select
    loop (type 3) (result i32) ;; label = @1
      global.get 5
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 5
      i32.const 1
      i32.sub
      global.set 5
      br 0 (;@1;)
      f64.const -nan:0xf7fffffffffff (;=NaN;)
      i32.trunc_sat_f64_s
      if (result f32) ;; label = @2
        ref.null func
        local.get 2
        i32.trunc_sat_f64_u
        loop (type 3) (result i32) ;; label = @3
          global.get 5
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 5
          i32.const 1
          i32.sub
          global.set 5
          ref.null extern
          table.size 2
          i64.const 5980970800912928622
          f64.const 0x1.p-1068 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000316;)
          local.set 2
          memory.size
          i64.extend_i32_s
          i64.const -8146704146920345792
          global.get 0
          local.get 2
          i32.trunc_f64_u
          i32.popcnt
          i64.load32_s
          f64.reinterpret_i64
          f64.ceil
          local.tee 3
          f64.const nan (;=NaN;)
          local.get 3
          local.get 3
          f64.eq
          select
          f64.sqrt
          local.tee 4
          f64.const nan (;=NaN;)
          local.get 4
          local.get 4
          f64.eq
          select
          i32.const -113366995
          local.get 0
          f32.ceil
          local.tee 5
          f32.const nan (;=NaN;)
          local.get 5
          local.get 5
          f32.eq
          select
          i64.trunc_f32_s
          f64.const 0x1.fffffffffp-1038 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000679038653104;)
          local.get 0
          i64.trunc_f32_u
          table.size 0
          f64.load align=4
          f32.demote_f64
          local.tee 11
          f32.const nan (;=NaN;)
          local.get 11
          local.get 11
          f32.eq
          select
          table.size 2
          block ;; label = @4
            memory.size
            if (result i64) ;; label = @5
              loop (type 3) (result i32) ;; label = @6
                global.get 5
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 5
                i32.const 1
                i32.sub
                global.set 5
                table.size 1
                i64.load32_s align=2
                i64.extend16_s
                i64.eqz
                i64.load32_s align=2
                f32.convert_i64_s
                i32.trunc_f32_s
                f32.const 0x1.ffff8p-132 (;=0.00000000000000000000000000000000000000036734;)
                loop (type 3) (result i32) ;; label = @7
                  global.get 5
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 5
                  i32.const 1
                  i32.sub
                  global.set 5
                  br 3 (;@4;)
                  f64.const 0x1.8p-1069 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000237;)
                  ref.null func
                  loop ;; label = @8
                    global.get 5
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 5
                    i32.const 1
                    i32.sub
                    global.set 5
                    global.get 0
                    loop (type 1) (param i64) (result i64) ;; label = @9
                      global.get 5
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 5
                      i32.const 1
                      i32.sub
                      global.set 5
                      i32.wrap_i64
                      call 6
                      i32.const -1814974568
                      i32.load8_s
                      i32.load8_s
                      br_table 1 (;@8;) 2 (;@7;) 3 (;@6;) 5 (;@4;) 6 (;@3;) 8 (;@1;) 3 (;@6;)
                      memory.size
                      i64.load32_s align=1
                      i32.wrap_i64
                      i64.load align=2
                      memory.size
                      i32.load16_u
                      i32.load align=1
                      i32.const 268435456
                      i32.mul
                      i64.load align=4
                      i64.rotr
                      i64.const 4035160652109154870
                      elem.drop 1
                      i64.extend16_s
                      br 4 (;@5;)
                      i64.extend16_s
                      f64.convert_i64_s
                      f64.const -nan:0xdffffffffffff (;=NaN;)
                      f64.neg
                      f64.le
                      call 6
                      i64.const 5554099123714356759
                      block (type 3) (result i32) ;; label = @10
                        i32.const -1073741824
                        i32.ctz
                        if (result f32) ;; label = @11
                          f32.const 0x1.fffffep+0 (;=1.9999999;)
                          f64.const -0x1.5f7ddf210e993p+164 (;=-32106604655959510000000000000000000000000000000000;)
                          i32.trunc_f64_u
                          i32.load8_u
                          br_if 5 (;@6;)
                          f64.const -0x1.faae5ed8ff0c9p+132 (;=-10775915988148355000000000000000000000000;)
                          i64.trunc_sat_f64_u
                          loop (type 4) (param i64) (result i32 i32) ;; label = @12
                            global.get 5
                            i32.eqz
                            if ;; label = @13
                              unreachable
                            end
                            global.get 5
                            i32.const 1
                            i32.sub
                            global.set 5
                            global.get 0
                            loop (type 3) (result i32) ;; label = @13
                              global.get 5
                              i32.eqz
                              if ;; label = @14
                                unreachable
                              end
                              global.get 5
                              i32.const 1
                              i32.sub
                              global.set 5
                              i32.const -1997895177
                              loop (type 3) (result i32) ;; label = @14
                                global.get 5
                                i32.eqz
                                if ;; label = @15
                                  unreachable
                                end
                                global.get 5
                                i32.const 1
                                i32.sub
                                global.set 5
                                f32.const -0x1.268006p-105 (;=-0.000000000000000000000000000000028359327;)
                                f32.ceil
                                local.tee 6
                                f32.const nan (;=NaN;)
                                local.get 6
                                local.get 6
                                f32.eq
                                select
                                ref.null func
                                ref.null extern
                                loop (result f32) ;; label = @15
                                  global.get 5
                                  i32.eqz
                                  if ;; label = @16
                                    unreachable
                                  end
                                  global.get 5
                                  i32.const 1
                                  i32.sub
                                  global.set 5
                                  local.get 2
                                  i32.const -16385
                                  memory.size
                                  global.get 0
                                  f32.convert_i64_u
                                  i64.trunc_sat_f32_u
                                  i64.ctz
                                  f32.const 0x1.0f6684p+66 (;=78225850000000000000;)
                                  f32.floor
                                  local.tee 7
                                  f32.const nan (;=NaN;)
                                  local.get 7
                                  local.get 7
                                  f32.eq
                                  select
                                  local.get 2
                                  i32.trunc_f64_u
                                  br 7 (;@8;)
                                  elem.drop 0
                                  br_if 1 (;@14;)
                                  memory.size
                                  call 6
                                  i32.trunc_f32_s
                                  if (type 4) (param i64) (result i32 i32) ;; label = @16
                                    local.get 0
                                    table.size 2
                                    br_if 8 (;@8;)
                                    loop ;; label = @17
                                      global.get 5
                                      i32.eqz
                                      if ;; label = @18
                                        unreachable
                                      end
                                      global.get 5
                                      i32.const 1
                                      i32.sub
                                      global.set 5
                                      loop (type 3) (result i32) ;; label = @18
                                        global.get 5
                                        i32.eqz
                                        if ;; label = @19
                                          unreachable
                                        end
                                        global.get 5
                                        i32.const 1
                                        i32.sub
                                        global.set 5
                                        global.get 0
                                        global.get 0
                                        i64.const -32769
                                        i64.div_s
                                        f64.const -nan:0xfffff80000000 (;=NaN;)
                                        i32.trunc_sat_f64_s
                                        select
                                        f64.const -0x1.417d0087ce06ep-509 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007493028759445878;)
                                        global.get 0
                                        global.get 0
                                        f32.const 0x1.7p-145 (;=0.000000000000000000000000000000000000000000032;)
                                        f32.ceil
                                        local.tee 8
                                        f32.const nan (;=NaN;)
                                        local.get 8
                                        local.get 8
                                        f32.eq
                                        select
                                        f32.nearest
                                        local.tee 9
                                        f32.const nan (;=NaN;)
                                        local.get 9
                                        local.get 9
                                        f32.eq
                                        select
                                        f32.trunc
                                        local.tee 10
                                        f32.const nan (;=NaN;)
                                        local.get 10
                                        local.get 10
                                        f32.eq
                                        select
                                        i32.reinterpret_f32
                                        global.get 1
                                        i32.xor
                                        global.set 1
                                        global.get 2
                                        i64.xor
                                        global.set 2
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
                                        i32.const 7
                                      end
                                      global.get 4
                                      i32.xor
                                      global.set 4
                                    end
                                    i32.reinterpret_f32
                                    global.get 1
                                    i32.xor
                                    global.set 1
                                    global.get 2
                                    i64.xor
                                    global.set 2
                                    i32.const 323190821
                                    i32.const -2049
                                  else
                                    global.get 2
                                    i64.xor
                                    global.set 2
                                    i32.const 582888225
                                    i32.const 65536
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
                                  global.get 4
                                  i32.xor
                                  global.set 4
                                  i64.reinterpret_f64
                                  global.get 3
                                  i64.xor
                                  global.set 3
                                  f32.const 0x1.7p-145 (;=0.000000000000000000000000000000000000000000032;)
                                end
                                i32.reinterpret_f32
                                global.get 1
                                i32.xor
                                global.set 1
                                drop
                                drop
                                i32.reinterpret_f32
                                global.get 1
                                i32.xor
                                global.set 1
                                i32.const -928326708
                              end
                              global.get 4
                              i32.xor
                              global.set 4
                            end
                            global.get 4
                            i32.xor
                            global.set 4
                            global.get 2
                            i64.xor
                            global.set 2
                            global.get 2
                            i64.xor
                            global.set 2
                            i32.const -539714571
                            i32.const 63
                          end
                          global.get 4
                          i32.xor
                          global.set 4
                          global.get 4
                          i32.xor
                          global.set 4
                        else
                          f32.const -0x1.e70b12p+105 (;=-77175082000000000000000000000000;)
                        end
                        i32.reinterpret_f32
                        global.get 1
                        i32.xor
                        global.set 1
                        i32.const 4
                      end
                      global.get 4
                      i32.xor
                      global.set 4
                    end
                    global.get 2
                    i64.xor
                    global.set 2
                  end
                  drop
                  i64.reinterpret_f64
                  global.get 3
                  i64.xor
                  global.set 3
                  i32.const -1260570237
                end
                global.get 4
                i32.xor
                global.set 4
                i32.reinterpret_f32
                global.get 1
                i32.xor
                global.set 1
              end
              global.get 4
              i32.xor
              global.set 4
              i64.const 745882004938078071
            else
              i64.const 3613460066766509676
            end
            global.get 2
            i64.xor
            global.set 2
          end
          global.get 4
          i32.xor
          global.set 4
          i32.reinterpret_f32
          global.get 1
          i32.xor
          global.set 1
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
          i64.reinterpret_f64
          global.get 3
          i64.xor
          global.set 3
          global.get 2
          i64.xor
          global.set 2
          global.get 2
          i64.xor
          global.set 2
          global.get 2
          i64.xor
          global.set 2
          global.get 2
          i64.xor
          global.set 2
          global.get 4
          i32.xor
          global.set 4
          drop
          i32.const 1066609949
        end
        global.get 4
        i32.xor
        global.set 4
        global.get 4
        i32.xor
        global.set 4
        drop
        f32.const 0x1.p-141 (;=0.000000000000000000000000000000000000000000359;)
      else
        f32.const 0x1.b0a63p-86 (;=0.000000000000000000000000021843201;)
      end
      i32.reinterpret_f32
      global.get 1
      i32.xor
      global.set 1
      i32.const 524287
    end
    global.get 4
    i32.xor
    global.set 4
    i64.reinterpret_f64
    global.get 3
    i64.xor
    global.set 3
    drop
    f64.const 0x1.864cd8f557baap+647 (;=890360709745528900000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
  )
  (func (;4;) (type 0) (param i32 i32) (result i32)
    (local f64 f32 f64)
    global.get 5
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    unreachable
    global.get 0
    i64.extend32_s
    i64.const 134217728
    i64.shl
    i32.wrap_i64
    call_indirect 1 (type 3)
    local.tee 0
    local.tee 1
    f32.reinterpret_i32
    global.get 0
    i32.const 2143289344
    local.tee 0
    global.get 0
    i64.eqz
    i32.popcnt
    ref.null func
    f32.const 0x1p+1 (;=2;)
    i32.trunc_sat_f32_s
    loop (result f32) ;; label = @1
      global.get 5
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 5
      i32.const 1
      i32.sub
      global.set 5
      i32.const 16777216
      global.get 0
      f64.const 0x1p-1019 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000017800590868057611;)
      f64.sqrt
      local.tee 2
      f64.const nan (;=NaN;)
      local.get 2
      local.get 2
      f64.eq
      select
      i64.reinterpret_f64
      i64.popcnt
      i64.const -17
      i64.gt_s
      br 0 (;@1;)
      i32.clz
      global.get 0
      i64.store8
      global.get 0
      block (type 4) (param i64) (result i32 i32) ;; label = @2
        ref.null extern
        i32.const 1113907575
        f32.convert_i32_s
        br 1 (;@1;)
        i32.reinterpret_f32
        global.get 1
        i32.xor
        global.set 1
        drop
        global.get 2
        i64.xor
        global.set 2
        i32.const -536870913
        i32.const 2047
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
      global.get 4
      i32.xor
      global.set 4
      f32.const -0x1.e99b2ep+91 (;=-4735180300000000000000000000;)
    end
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    global.get 4
    i32.xor
    global.set 4
    drop
    global.get 4
    i32.xor
    global.set 4
    global.get 4
    i32.xor
    global.set 4
    global.get 2
    i64.xor
    global.set 2
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    i32.const 577955103
  )
  (func (;5;) (type 4) (param i64) (result i32 i32)
    (local f32 f32 f64 f32 f32 f32 f32 f64)
    global.get 5
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    f64.const -nan:0xfffffffffffff (;=NaN;)
    local.get 0
    global.get 0
    table.size 0
    if (type 4) (param i64) (result i32 i32) ;; label = @1
      i64.extend16_s
      i64.extend16_s
      i64.extend8_s
      ref.null extern
      loop (result externref) ;; label = @2
        global.get 5
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 5
        i32.const 1
        i32.sub
        global.set 5
        ref.null extern
        table.size 0
        br_table 0 (;@2;) 0 (;@2;)
        elem.drop 0
        f64.const -0x1.37ea0a76f123ep-311 (;=-0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000029205628773201307;)
        local.get 0
        loop (result i32) ;; label = @3
          global.get 5
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 5
          i32.const 1
          i32.sub
          global.set 5
          loop ;; label = @4
            global.get 5
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 5
            i32.const 1
            i32.sub
            global.set 5
            i32.const -512
            f32.convert_i32_u
            memory.size
            i32.load16_u
            i64.load align=4
            local.set 0
            ref.null func
            ref.is_null
            f32.convert_i32_s
            f64.const -0x1.4bfdf92be3d1ep-810 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001899289968759007;)
            elem.drop 1
            f32.demote_f64
            local.tee 7
            f32.const nan (;=NaN;)
            local.get 7
            local.get 7
            f32.eq
            select
            f32.min
            local.tee 1
            f32.const nan (;=NaN;)
            local.get 1
            local.get 1
            f32.eq
            select
            f64.const 0x1.ab504a22f6742p-228 (;=0.0000000000000000000000000000000000000000000000000000000000000000000038696151104661995;)
            f64.abs
            br 0 (;@4;)
            i64.const -4734153320525709734
            memory.size
            call_indirect 1 (type 4)
            i64.load8_s
            local.get 0
            br 0 (;@4;)
            br 2 (;@2;)
            i64.extend16_s
            i64.lt_u
            i32.clz
            elem.drop 0
            f64.convert_i32_u
            f32.demote_f64
            local.tee 7
            f32.const nan (;=NaN;)
            local.get 7
            local.get 7
            f32.eq
            select
            f32.trunc
            local.tee 2
            f32.const nan (;=NaN;)
            local.get 2
            local.get 2
            f32.eq
            select
            local.get 0
            call 5
            call 4
            br 2 (;@2;)
            i32.load8_s
            f32.convert_i32_u
            f32.lt
            i64.load16_u align=1
            loop (type 4) (param i64) (result i32 i32) ;; label = @5
              global.get 5
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 5
              i32.const 1
              i32.sub
              global.set 5
              i64.extend32_s
              i64.popcnt
              memory.size
              i32.load8_u
              table.size 0
              table.get 0
              table.set 2
              f64.const 0x1.29092d6e03fa4p-349 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000010118133744106769;)
              i32.trunc_f64_s
              i64.const 3134688967003674983
              i64.store8
              i64.extend16_s
              i32.const 286331153
              i32.load8_s
              br_table 1 (;@4;) 2 (;@3;) 3 (;@2;) 3 (;@2;)
              i32.wrap_i64
              if (type 3) (result i32) ;; label = @6
                memory.size
                table.size 0
                if (result i64) ;; label = @7
                  local.get 0
                  call 1
                  f64.load align=2
                  i64.reinterpret_f64
                  i64.store align=1
                  i32.const -3
                  f32.load align=1
                  i32.trunc_sat_f32_u
                  f32.const -0x1.69ae3ep-26 (;=-0.000000021052584;)
                  f64.const 0x1.76a6d70e057c1p-672 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007468453443583073;)
                  br 4 (;@3;)
                  f64.nearest
                  local.tee 3
                  f64.const nan (;=NaN;)
                  local.get 3
                  local.get 3
                  f64.eq
                  select
                  i32.const 1073741823
                  ref.null extern
                  f64.const -nan:0xffffffc000000 (;=NaN;)
                  nop
                  global.get 0
                  local.tee 0
                  f32.const 0x1.fffffcp-127 (;=0.000000000000000000000000000000000000011754942;)
                  f32.trunc
                  local.tee 4
                  f32.const nan (;=NaN;)
                  local.get 4
                  local.get 4
                  f32.eq
                  select
                  i64.trunc_f32_u
                  block (result i32) ;; label = @8
                    block (result i32) ;; label = @9
                      block (result f32) ;; label = @10
                        br 7 (;@3;)
                        ref.null func
                        table.size 2
                        if (result f64) ;; label = @11
                          global.get 0
                          elem.drop 1
                          i32.const -4194304
                          i32.extend16_s
                          i32.ctz
                          call 6
                          i32.const -1232504240
                          i32.load8_s
                          f32.load
                          f32.trunc
                          local.tee 5
                          f32.const nan (;=NaN;)
                          local.get 5
                          local.get 5
                          f32.eq
                          select
                          memory.size
                          f32.const 0x1.cp-147 (;=0.00000000000000000000000000000000000000000001;)
                          f32.const -nan:0x7fc000 (;=NaN;)
                          nop
                          f32.ceil
                          local.tee 6
                          f32.const nan (;=NaN;)
                          local.get 6
                          local.get 6
                          f32.eq
                          select
                          br 8 (;@3;)
                          i32.trunc_sat_f32_s
                          i32.load16_u
                          i64.extend_i32_s
                          local.get 0
                          i64.rotl
                          local.tee 0
                          i64.extend8_s
                          call 1
                          i64.load16_u align=1
                          i64.extend8_s
                          local.tee 0
                          call 5
                          i64.load32_u align=1
                          br 6 (;@5;)
                          i64.load
                          block (type 1) (param i64) (result i64) ;; label = @12
                            f32.convert_i64_s
                            i32.reinterpret_f32
                            global.get 1
                            i32.xor
                            global.set 1
                            i64.const 2350831582864475258
                          end
                          global.get 2
                          i64.xor
                          global.set 2
                          global.get 4
                          i32.xor
                          global.set 4
                          i32.reinterpret_f32
                          global.get 1
                          i32.xor
                          global.set 1
                          global.get 4
                          i32.xor
                          global.set 4
                          i32.reinterpret_f32
                          global.get 1
                          i32.xor
                          global.set 1
                          global.get 2
                          i64.xor
                          global.set 2
                          f64.const 0x1.p-1050 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008289046;)
                        else
                          f64.const -0x1.96aaf030bf23fp+746 (;=-587998893597814300000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                        end
                        i64.reinterpret_f64
                        global.get 3
                        i64.xor
                        global.set 3
                        drop
                        f32.const -0x1p+121 (;=-2658456000000000000000000000000000000;)
                      end
                      i32.reinterpret_f32
                      global.get 1
                      i32.xor
                      global.set 1
                      i32.const -1275068416
                    end
                  end
                  global.get 4
                  i32.xor
                  global.set 4
                  global.get 2
                  i64.xor
                  global.set 2
                  drop
                  i64.reinterpret_f64
                  global.get 3
                  i64.xor
                  global.set 3
                  drop
                  global.get 4
                  i32.xor
                  global.set 4
                  i64.reinterpret_f64
                  global.get 3
                  i64.xor
                  global.set 3
                  i32.reinterpret_f32
                  global.get 1
                  i32.xor
                  global.set 1
                  global.get 4
                  i32.xor
                  global.set 4
                  i64.const -65537
                else
                  i64.const 22
                end
                global.get 2
                i64.xor
                global.set 2
              else
                i32.const -675497392
              end
              i32.const 16777216
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
            i64.reinterpret_f64
            global.get 3
            i64.xor
            global.set 3
            i32.reinterpret_f32
            global.get 1
            i32.xor
            global.set 1
            i32.reinterpret_f32
            global.get 1
            i32.xor
            global.set 1
          end
          i32.const -31718112
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
      end
      drop
      drop
      global.get 2
      i64.xor
      global.set 2
      i32.const 149875123
      i32.const 55
    else
      global.get 2
      i64.xor
      global.set 2
      i32.const -1048576
      i32.const 36116255
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
    i64.reinterpret_f64
    global.get 3
    i64.xor
    global.set 3
    i32.const 596724359
    i32.const -761541794
  )
  (func (;6;) (type 2) (param i32)
    (local f64 f64 f64 f32 f64)
    global.get 5
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    table.size 0
    br_table 0 0
    i32.const -536870913
    global.get 0
    f64.reinterpret_i64
    i64.trunc_f64_s
    i64.popcnt
    i64.ctz
    i64.store32
    f32.const -0x1.41dd1ep+54 (;=-22649147000000000;)
    block (type 3) (result i32) ;; label = @1
      global.get 0
      loop (type 4) (param i64) (result i32 i32) ;; label = @2
        global.get 5
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 5
        i32.const 1
        i32.sub
        global.set 5
        i32.const 127
        i32.load8_s
        i32.popcnt
        local.set 0
        i64.extend8_s
        i64.popcnt
        i32.const -1661971771
        i64.load32_u
        i64.const 1024
        i64.lt_u
        f32.convert_i32_u
        f32.const 0x1.fff8p-136 (;=0.000000000000000000000000000000000000000022957;)
        i64.trunc_sat_f32_s
        memory.size
        if (type 1) (param i64) (result i64) ;; label = @3
        end
        i64.extend16_s
        i64.clz
        table.size 1
        br_table 2 2
        i32.const 156378642
        i32.load
        i32.load align=1
        i64.load32_s align=2
        i64.rotl
        br 0 (;@2;)
        ref.null extern
        i64.const 1
        local.get 0
        i32.load align=2
        local.get 0
        global.get 0
        br 2
        i32.const 2066500357
        i32.popcnt
        i64.load16_s
        i64.eq
        i32.rem_s
        i64.load8_s
        f64.reinterpret_i64
        i64.trunc_sat_f64_s
        i64.clz
        i64.popcnt
        global.get 0
        i64.div_u
        i32.wrap_i64
        block (type 2) (param i32) ;; label = @3
          i64.load16_u
          i32.const -1759843852
          br_table 1 (;@2;) 1 (;@2;)
          f64.const -0x1.5c6957d75035p-526 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000006195477619880879;)
          loop (type 3) (result i32) ;; label = @4
            global.get 5
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 5
            i32.const 1
            i32.sub
            global.set 5
            loop (result i32) ;; label = @5
              global.get 5
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 5
              i32.const 1
              i32.sub
              global.set 5
              ref.null func
              i64.const 131072
              elem.drop 0
              f64.reinterpret_i64
              ref.null func
              memory.size
              f64.const 0x1.33fd810299b6cp-265 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000020293088611615077;)
              f32.demote_f64
              local.tee 4
              f32.const nan (;=NaN;)
              local.get 4
              local.get 4
              f32.eq
              select
              i64.trunc_f32_u
              ref.null extern
              elem.drop 1
              loop ;; label = @6
                global.get 5
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 5
                i32.const 1
                i32.sub
                global.set 5
                block ;; label = @7
                  f64.const -0x1.be63a3d1e250ep+473 (;=-42526699693302274000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                  f64.ceil
                  local.tee 1
                  f64.const nan (;=NaN;)
                  local.get 1
                  local.get 1
                  f64.eq
                  select
                  i64.reinterpret_f64
                  i32.const 1225582442
                  ref.null func
                  i32.const 2139095040
                  i32.extend16_s
                  memory.grow
                  f32.convert_i32_s
                  f32.neg
                  block (result i64) ;; label = @8
                    local.get 0
                    f32.const 0x1.4b651ap+31 (;=2779942100;)
                    i32.trunc_f32_s
                    i64.load32_s align=2
                    i64.ctz
                    table.size 0
                    i64.extend_i32_s
                    br 0 (;@8;)
                    f64.convert_i64_s
                    f64.trunc
                    local.tee 2
                    f64.const nan (;=NaN;)
                    local.get 2
                    local.get 2
                    f64.eq
                    select
                    ref.null func
                    loop (result i32) ;; label = @9
                      global.get 5
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 5
                      i32.const 1
                      i32.sub
                      global.set 5
                      table.size 2
                      br_if 9
                      ref.null extern
                      f32.const -0x1.64735ep-68 (;=-0.000000000000000000004717585;)
                      i64.trunc_sat_f32_s
                      table.size 0
                      call 6
                      local.get 0
                      if (type 1) (param i64) (result i64) ;; label = @10
                        call 1
                        i32.rotr
                        br_table 1 (;@9;) 3 (;@7;) 4 (;@6;) 5 (;@5;) 6 (;@4;) 7 (;@3;) 10 1 (;@9;)
                        br 10
                        loop ;; label = @11
                          global.get 5
                          i32.eqz
                          if ;; label = @12
                            unreachable
                          end
                          global.get 5
                          i32.const 1
                          i32.sub
                          global.set 5
                          f32.const -0x1.fffffep+112 (;=-10384593000000000000000000000000000;)
                          i32.const 262143
                          local.tee 0
                          if (type 3) (result i32) ;; label = @12
                            global.get 0
                            block (type 3) (result i32) ;; label = @13
                              table.size 1
                              elem.drop 1
                              f32.convert_i32_u
                              block (type 3) (result i32) ;; label = @14
                                i32.const 8191
                                f32.convert_i32_u
                                br 7 (;@7;)
                                i32.reinterpret_f32
                                elem.drop 1
                                loop (type 2) (param i32) ;; label = @15
                                  global.get 5
                                  i32.eqz
                                  if ;; label = @16
                                    unreachable
                                  end
                                  global.get 5
                                  i32.const 1
                                  i32.sub
                                  global.set 5
                                  f64.convert_i32_u
                                  f64.neg
                                  i64.reinterpret_f64
                                  f64.const 0x1.p-1062 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020237;)
                                  f64.ceil
                                  local.tee 3
                                  f64.const nan (;=NaN;)
                                  local.get 3
                                  local.get 3
                                  f64.eq
                                  select
                                  global.get 0
                                  i64.popcnt
                                  i64.const 7350042808397659145
                                  i64.extend32_s
                                  i64.le_u
                                  f64.load align=4
                                  global.get 0
                                  local.get 0
                                  nop
                                  i64.load16_u align=1
                                  i64.shr_s
                                  f64.const -nan:0xffffc00000000 (;=NaN;)
                                  f64.const -0x1.00af9bde2502ap+90 (;=-1241257196833528000000000000;)
                                  global.get 0
                                  loop (type 1) (param i64) (result i64) ;; label = @16
                                    global.get 5
                                    i32.eqz
                                    if ;; label = @17
                                      unreachable
                                    end
                                    global.get 5
                                    i32.const 1
                                    i32.sub
                                    global.set 5
                                    block (type 1) (param i64) (result i64) ;; label = @17
                                      call 5
                                      i32.rem_s
                                      br_if 13 (;@4;)
                                      loop ;; label = @18
                                        global.get 5
                                        i32.eqz
                                        if ;; label = @19
                                          unreachable
                                        end
                                        global.get 5
                                        i32.const 1
                                        i32.sub
                                        global.set 5
                                        memory.size
                                        f64.load align=1
                                        elem.drop 1
                                        br 13 (;@5;)
                                        i32.trunc_sat_f64_s
                                        i64.const -5665036792713086245
                                        block (type 1) (param i64) (result i64) ;; label = @19
                                          call 1
                                          i64.load8_s
                                          i64.store
                                          global.get 0
                                          call 1
                                          i32.or
                                          i64.load32_s align=1
                                          table.size 1
                                          memory.size
                                          i32.ge_s
                                          block (type 3) (result i32) ;; label = @20
                                            global.get 0
                                            ref.null extern
                                            ref.is_null
                                            memory.size
                                            i32.extend16_s
                                            i32.le_u
                                            f64.load
                                            i64.reinterpret_f64
                                            global.get 3
                                            i64.xor
                                            global.set 3
                                            global.get 2
                                            i64.xor
                                            global.set 2
                                            i32.const -1073741824
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
                                        global.get 4
                                        i32.xor
                                        global.set 4
                                      end
                                      i64.const 18014398509481984
                                    end
                                  end
                                  global.get 2
                                  i64.xor
                                  global.set 2
                                  i64.reinterpret_f64
                                  global.get 3
                                  i64.xor
                                  global.set 3
                                  i64.reinterpret_f64
                                  global.get 3
                                  i64.xor
                                  global.set 3
                                  global.get 2
                                  i64.xor
                                  global.set 2
                                  i64.reinterpret_f64
                                  global.get 3
                                  i64.xor
                                  global.set 3
                                  i64.reinterpret_f64
                                  global.get 3
                                  i64.xor
                                  global.set 3
                                  global.get 2
                                  i64.xor
                                  global.set 2
                                end
                                i32.const -163980761
                              end
                              global.get 4
                              i32.xor
                              global.set 4
                              i32.reinterpret_f32
                              global.get 1
                              i32.xor
                              global.set 1
                              i32.const -32768
                            end
                            global.get 4
                            i32.xor
                            global.set 4
                            global.get 2
                            i64.xor
                            global.set 2
                            i32.const 972171251
                          else
                            i32.const 2147483647
                          end
                          global.get 4
                          i32.xor
                          global.set 4
                          i32.reinterpret_f32
                          global.get 1
                          i32.xor
                          global.set 1
                        end
                        i64.const -1681748183265031461
                      end
                      global.get 2
                      i64.xor
                      global.set 2
                      drop
                      i32.const -286331154
                    end
                    global.get 4
                    i32.xor
                    global.set 4
                    drop
                    i64.reinterpret_f64
                    global.get 3
                    i64.xor
                    global.set 3
                    global.get 4
                    i32.xor
                    global.set 4
                    i64.const 1048575
                  end
                  global.get 2
                  i64.xor
                  global.set 2
                  i32.reinterpret_f32
                  global.get 1
                  i32.xor
                  global.set 1
                  drop
                  global.get 4
                  i32.xor
                  global.set 4
                  global.get 2
                  i64.xor
                  global.set 2
                end
              end
              drop
              global.get 2
              i64.xor
              global.set 2
              global.get 4
              i32.xor
              global.set 4
              drop
              i64.reinterpret_f64
              global.get 3
              i64.xor
              global.set 3
              drop
              i32.const 786521329
            end
          end
          global.get 4
          i32.xor
          global.set 4
          i64.reinterpret_f64
          global.get 3
          i64.xor
          global.set 3
        end
        global.get 4
        i32.xor
        global.set 4
        drop
        drop
        i32.reinterpret_f32
        global.get 1
        i32.xor
        global.set 1
        global.get 2
        i64.xor
        global.set 2
        i32.const -1059663149
        i32.const 286331153
      end
      global.get 4
      i32.xor
      global.set 4
    end
    global.get 4
    i32.xor
    global.set 4
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
  )
)
