(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i64) (result i32 i32)))
  (type (;5;) (func (param f32 f64) (result f64)))
  (type (;6;) (func))
  (import "host" "mix" (func (;0;) (type 0) (param i32 i32) (result i32)))
  (import "host" "state" (func (;1;) (type 3) (result i32)))
  (import "host" "g64" (global (;0;) i64))
  (import "host" "gf32" (global (;1;) f32))
  (import "host" "gf64" (global (;2;) f64))
  (table (;0;) 52 funcref)
  (memory (;0;) 0 3)
  (global (;3;) i32 i32.const -1077483728)
  (global (;4;) (mut i32) i32.const 0)
  (global (;5;) (mut i64) i64.const 0)
  (global (;6;) (mut i64) i64.const 0)
  (global (;7;) (mut i32) i32.const 0)
  (global (;8;) (mut i32) i32.const 2000)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (table 0))
  (export "6" (memory 0))
  (export "7" (global 0))
  (export "8" (global 1))
  (export "9" (global 2))
  (export "10" (global 3))
  (export "11" (global 4))
  (export "\u{3d0}" (global 5))
  (export "13" (global 6))
  (export "\u{1d}" (global 7))
  (func (;2;) (type 4) (param i64) (result i32 i32)
    (local f32 f32 f32 f32 f64 f32 f64 f64 f64 f32 f64)
    global.get 8
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 8
    i32.const 1
    i32.sub
    global.set 8
    nop
    f32.const -0x1.fd74bep+3 (;=-15.920501;)
    i32.trunc_sat_f32_u
    f32.convert_i32_s
    nop
    f64.promote_f32
    local.tee 11
    f64.const nan (;=NaN;)
    local.get 11
    local.get 11
    f64.eq
    select
    f32.const 0x1.d3ac3p-108 (;=0.0000000000000000000000000000000056294042;)
    global.get 2
    i64.trunc_sat_f64_s
    f64.convert_i64_u
    f32.const -0x1.3ed1d2p-13 (;=-0.00015202504;)
    local.get 0
    f64.const 0x1.p-1025 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002781342323134;)
    f64.neg
    i32.trunc_f64_u
    memory.size
    if (type 2) (param i32) ;; label = @1
      if (type 6) ;; label = @2
      else
        loop (type 6) ;; label = @3
          global.get 8
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 8
          i32.const 1
          i32.sub
          global.set 8
          call 1
          i32.extend8_s
          call_indirect (type 6)
        end
        i64.const -2049
        i64.extend8_s
        i64.extend16_s
        local.tee 0
        table.size 0
        block ;; label = @3
          block (type 3) (result i32) ;; label = @4
            f32.const -0x1.585b72p-65 (;=-0.000000000000000000036460238;)
            f32.const 0x1.p-127 (;=0.000000000000000000000000000000000000005877472;)
            f32.copysign
            block ;; label = @5
            end
            memory.size
            f32.load align=2
            f32.const 0x1.deb492p+92 (;=9259508000000000000000000000;)
            i32.trunc_sat_f32_u
            f32.convert_i32_u
            f32.floor
            local.tee 1
            f32.const nan (;=NaN;)
            local.get 1
            local.get 1
            f32.eq
            select
            f32.mul
            local.tee 2
            f32.const nan (;=NaN;)
            local.get 2
            local.get 2
            f32.eq
            select
            f32.nearest
            local.tee 3
            f32.const nan (;=NaN;)
            local.get 3
            local.get 3
            f32.eq
            select
            f32.sub
            local.tee 4
            f32.const nan (;=NaN;)
            local.get 4
            local.get 4
            f32.eq
            select
            block (type 3) (result i32) ;; label = @5
              memory.size
              call 1
              i32.le_u
              call_indirect (type 6)
              i64.const 1125899906842623
              local.get 0
              local.tee 0
              f32.const 0x1.e2c402p-73 (;=0.0000000000000000000001996672;)
              f32.const 0x1.fep-142 (;=0.000000000000000000000000000000000000000000357;)
              f32.lt
              call 1
              f64.convert_i32_u
              br 2 (;@3;)
              f64.neg
              f64.floor
              local.tee 5
              f64.const nan (;=NaN;)
              local.get 5
              local.get 5
              f64.eq
              select
              f32.demote_f64
              local.tee 10
              f32.const nan (;=NaN;)
              local.get 10
              local.get 10
              f32.eq
              select
              memory.size
              i32.eqz
              f32.load
              f32.sqrt
              local.tee 6
              f32.const nan (;=NaN;)
              local.get 6
              local.get 6
              f32.eq
              select
              f32.const 0x1.8001p-132 (;=0.000000000000000000000000000000000000000275509;)
              i32.const 1265513245
              call 4
              i64.load align=2
              ref.null extern
              i32.const 16
              i32.clz
              memory.grow
              block (result i64) ;; label = @6
                global.get 2
                f64.sqrt
                local.tee 7
                f64.const nan (;=NaN;)
                local.get 7
                local.get 7
                f64.eq
                select
                call 4
                local.get 0
                br 0 (;@6;)
                i32.const 8
                i32.extend16_s
                if (type 6) ;; label = @7
                  ref.null func
                  ref.null func
                  memory.size
                  i32.load16_s align=1
                  i64.load16_u align=1
                  i32.wrap_i64
                  table.get 0
                  ref.is_null
                  i32.extend8_s
                  i64.extend_i32_u
                  table.size 0
                  block (type 3) (result i32) ;; label = @8
                    i64.const 2251799813685247
                    i64.clz
                    local.set 0
                    br 5 (;@3;)
                    local.get 0
                    i64.ctz
                    f64.convert_i64_s
                    f64.ceil
                    local.tee 8
                    f64.const nan (;=NaN;)
                    local.get 8
                    local.get 8
                    f64.eq
                    select
                    f64.neg
                    i32.const -67108864
                    call 4
                    i64.load8_s
                    f32.const 0x1.b3b02cp-5 (;=0.05318459;)
                    i32.reinterpret_f32
                    i32.extend8_s
                    i64.load8_s
                    ref.null func
                    f32.const 0x1.828e58p+104 (;=30626124000000000000000000000000;)
                    f32.abs
                    i32.trunc_f32_u
                    f64.const 0x1.f29fc3a78b79dp-56 (;=0.000000000000000027030465496128402;)
                    f64.abs
                    loop (result funcref) ;; label = @9
                      global.get 8
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 8
                      i32.const 1
                      i32.sub
                      global.set 8
                      i32.const -268435457
                      if ;; label = @10
                        memory.size
                        i32.const -2048
                        i64.extend_i32_s
                        i64.store align=1
                        i64.const 9025859796946726717
                        i64.eqz
                        i32.load8_u offset=166223
                        br_table 0 (;@10;) 1 (;@9;) 3 (;@7;) 7 (;@3;) 8 (;@2;) 9 (;@1;) 0 (;@10;)
                        i32.const 8388608
                        i32.ctz
                        i32.extend16_s
                        f32.reinterpret_i32
                        local.get 0
                        f64.convert_i64_s
                        call 4
                        f64.nearest
                        local.tee 9
                        f64.const nan (;=NaN;)
                        local.get 9
                        local.get 9
                        f64.eq
                        select
                        i32.trunc_f64_u
                        br_if 1 (;@9;)
                        f32.const 0x1.p-138 (;=0.00000000000000000000000000000000000000000287;)
                        f32.eq
                        ref.null func
                        ref.null func
                        ref.null extern
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
                          local.get 0
                          local.set 0
                          i32.const 573904400
                        end
                        global.get 4
                        i32.xor
                        global.set 4
                        drop
                        drop
                        drop
                        global.get 4
                        i32.xor
                        global.set 4
                      end
                      ref.null func
                    end
                    drop
                    i64.reinterpret_f64
                    global.get 5
                    i64.xor
                    global.set 5
                    global.get 4
                    i32.xor
                    global.set 4
                    drop
                    global.get 6
                    i64.xor
                    global.set 6
                    global.get 6
                    i64.xor
                    global.set 6
                    i64.reinterpret_f64
                    global.get 5
                    i64.xor
                    global.set 5
                    i32.const -1367213620
                  end
                  global.get 4
                  i32.xor
                  global.set 4
                  global.get 4
                  i32.xor
                  global.set 4
                  drop
                  drop
                  drop
                end
                i64.reinterpret_f64
                global.get 5
                i64.xor
                global.set 5
                i64.const -2673851571475046195
              end
              global.get 6
              i64.xor
              global.set 6
              global.get 4
              i32.xor
              global.set 4
              drop
              global.get 6
              i64.xor
              global.set 6
              i32.reinterpret_f32
              global.get 7
              i32.xor
              global.set 7
              i32.reinterpret_f32
              global.get 7
              i32.xor
              global.set 7
              i32.reinterpret_f32
              global.get 7
              i32.xor
              global.set 7
              global.get 4
              i32.xor
              global.set 4
              global.get 6
              i64.xor
              global.set 6
              global.get 6
              i64.xor
              global.set 6
              i32.const -758845148
            end
            global.get 4
            i32.xor
            global.set 4
            i32.reinterpret_f32
            global.get 7
            i32.xor
            global.set 7
            i32.const 2139095039
          end
          global.get 4
          i32.xor
          global.set 4
        end
        global.get 4
        i32.xor
        global.set 4
        global.get 6
        i64.xor
        global.set 6
      end
    else
      global.get 4
      i32.xor
      global.set 4
    end
    global.get 6
    i64.xor
    global.set 6
    i32.reinterpret_f32
    global.get 7
    i32.xor
    global.set 7
    i64.reinterpret_f64
    global.get 5
    i64.xor
    global.set 5
    i32.reinterpret_f32
    global.get 7
    i32.xor
    global.set 7
    i64.reinterpret_f64
    global.get 5
    i64.xor
    global.set 5
    i32.const -818627080
    i32.const -16777217
  )
  (func (;3;) (type 0) (param i32 i32) (result i32)
    (local f32 f64)
    global.get 8
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 8
    i32.const 1
    i32.sub
    global.set 8
    f64.const 0x1.ffffep-1055 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000518065;)
    i64.reinterpret_f64
    global.get 5
    i64.xor
    global.set 5
    i32.const 1888517095
  )
  (func (;4;) (type 6)
    (local f32 f64 f64 f64 f64 f64 f32 f64)
    global.get 8
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 8
    i32.const 1
    i32.sub
    global.set 8
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
      i64.const 5967250772170346257
      f32.const 0x1.773d08p-9 (;=0.0028628418;)
      i64.trunc_sat_f32_u
      f32.const -0x1.555554p-42 (;=-0.00000000000030316488;)
      call 4
      f32.sqrt
      local.tee 0
      f32.const nan (;=NaN;)
      local.get 0
      local.get 0
      f32.eq
      select
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
        global.get 1
        i32.const 905068738
        f64.convert_i32_u
        block (type 3) (result i32) ;; label = @3
          nop
          table.size 0
          f64.const -0x1.b4ab1119d459cp-86 (;=-0.00000000000000000000000002204611167703674;)
          f64.trunc
          local.tee 1
          f64.const nan (;=NaN;)
          local.get 1
          local.get 1
          f64.eq
          select
          f64.sqrt
          local.tee 2
          f64.const nan (;=NaN;)
          local.get 2
          local.get 2
          f64.eq
          select
          f64.store
          table.size 0
          i64.load16_u align=1
          f64.convert_i64_u
          f64.const -nan:0xffffff8000000 (;=NaN;)
          call 4
          i64.reinterpret_f64
          i64.clz
          loop (type 6) ;; label = @4
            global.get 8
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 8
            i32.const 1
            i32.sub
            global.set 8
            br 2 (;@2;)
            call 4
          end
          br 1 (;@2;)
          f64.reinterpret_i64
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
            i64.const 4694223422619984296
            i64.const -2408873914977417450
            i64.le_u
            i64.load align=2
            memory.size
            i64.extend_i32_u
            i64.add
            call 1
            i64.load8_u
            f32.const 0x1.ffep-138 (;=0.000000000000000000000000000000000000000005738;)
            br 3 (;@1;)
            i32.trunc_f32_s
            i32.ctz
            i32.load16_u align=1
            i32.load16_s
            f32.convert_i32_s
            table.size 0
            i32.load8_s
            f64.load offset=40015
            f64.trunc
            local.tee 3
            f64.const nan (;=NaN;)
            local.get 3
            local.get 3
            f64.eq
            select
            table.size 0
            br_if 3 (;@1;)
            i64.trunc_sat_f64_s
            i64.popcnt
            call 1
            i32.popcnt
            i32.eqz
            f64.convert_i32_s
            f64.floor
            local.tee 4
            f64.const nan (;=NaN;)
            local.get 4
            local.get 4
            f64.eq
            select
            call 1
            loop (type 3) (result i32) ;; label = @5
              global.get 8
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 8
              i32.const 1
              i32.sub
              global.set 8
              ref.null extern
              i64.const 268435455
              f64.convert_i64_s
              block (type 3) (result i32) ;; label = @6
                global.get 1
                ref.null func
                call 1
                br_if 4 (;@2;)
                ref.null extern
                i32.const 1397373566
                br_table 1 (;@5;) 2 (;@4;) 4 (;@2;) 5 (;@1;) 6 2 (;@4;)
                global.get 3
                br_if 6
                call 1
                f64.const 0x1.5e0c972f46fdap+402 (;=14123663394891134000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                i64.reinterpret_f64
                i64.ctz
                global.get 1
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
                  memory.size
                  f64.convert_i32_u
                  f64.ceil
                  local.tee 5
                  f64.const nan (;=NaN;)
                  local.get 5
                  local.get 5
                  f64.eq
                  select
                  block (type 3) (result i32) ;; label = @8
                    memory.size
                    i64.load align=4
                    table.size 0
                    i32.extend16_s
                    i32.load16_u
                    global.get 4
                    i32.xor
                    global.set 4
                    global.get 6
                    i64.xor
                    global.set 6
                    i32.const -2094780274
                  end
                  global.get 4
                  i32.xor
                  global.set 4
                  i64.reinterpret_f64
                  global.get 5
                  i64.xor
                  global.set 5
                  i32.const 16383
                end
                global.get 4
                i32.xor
                global.set 4
                i32.reinterpret_f32
                global.get 7
                i32.xor
                global.set 7
                global.get 6
                i64.xor
                global.set 6
                global.get 4
                i32.xor
                global.set 4
                drop
                drop
                i32.reinterpret_f32
                global.get 7
                i32.xor
                global.set 7
                i32.const 196606
              end
              global.get 4
              i32.xor
              global.set 4
              i64.reinterpret_f64
              global.get 5
              i64.xor
              global.set 5
              drop
              i32.const -1831048420
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
            i32.reinterpret_f32
            global.get 7
            i32.xor
            global.set 7
            global.get 6
            i64.xor
            global.set 6
            global.get 6
            i64.xor
            global.set 6
          end
          i64.reinterpret_f64
          global.get 5
          i64.xor
          global.set 5
          i64.reinterpret_f64
          global.get 5
          i64.xor
          global.set 5
          i32.const -513
        end
        global.get 4
        i32.xor
        global.set 4
        i64.reinterpret_f64
        global.get 5
        i64.xor
        global.set 5
        i32.reinterpret_f32
        global.get 7
        i32.xor
        global.set 7
      end
      i32.reinterpret_f32
      global.get 7
      i32.xor
      global.set 7
      global.get 6
      i64.xor
      global.set 6
      global.get 6
      i64.xor
      global.set 6
    end
  )
)
