;; wasm-smith seed 7713 (differential, 10000 seeds), line-reduced. Function 7 pushes
;; local 0 (its f32 parameter) at the top level, runs a block that later sets local 0, and
;; finally stores the pushed value's bits in global 5 ("."). Rivet stores the parameter
;; (100.0 -> 0x42c80000); wasmi 2.0.0 stores the overwritten local (0.0), an oracle bug
;; in its preservation of `local.get` values across `local.set` (see tests/regressions.rs).
(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i64) (result i64)))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i64) (result i32 i32)))
  (type (;5;) (func (param f32 f64) (result f64)))
  (import "host" "mix64" (func (;0;) (type 1) (param i64) (result i64)))
  (import "host" "note" (func (;1;) (type 2) (param i32)))
  (import "host" "state" (func (;2;) (type 3) (result i32)))
  (import "host" "split" (func (;3;) (type 4) (param i64) (result i32 i32)))
  (import "host" "g32" (global (;0;) i32))
  (import "host" "gf64" (global (;1;) f64))
  (memory (;0;) 0 2)
  (global (;2;) f64 f64.const 0x1.c84a77cd6e5e2p-806 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000041766235031326863;))
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i32) i32.const 0)
  (global (;5;) (mut i32) i32.const 0)
  (global (;6;) (mut i64) i64.const 0)
  (global (;7;) (mut i32) i32.const 2000)
  (export "7" (func 7))
  (export "." (global 5))
  (func (;4;) (type 5) (param f32 f64) (result f64)
    (local f32 f64 f64 f64 f64 f32 f64 f32 f64 f32 f64)
    global.get 7
    global.set 7
    f32.const -nan (;=NaN;)
    f32.const nan (;=NaN;)
    local.get 2
    local.get 2
    f32.eq
    select
    local.set 0
    loop (result externref) ;; label = @1
      global.get 7
      if ;; label = @2
      end
      loop (type 3) (result i32) ;; label = @2
        global.get 7
        if ;; label = @3
        end
        global.get 7
        i32.const 1
        i32.sub
        global.set 7
        i64.const -2830669635863196104
        f64.const -0x1.77a329b0d3b1cp+993 (;=-122832842699003510000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
        i32.trunc_sat_f64_s
        i64.load8_u
        global.get 0
        if (type 4) (param i64) (result i32 i32) ;; label = @3
          global.get 2
          block (result f64) ;; label = @4
            memory.size
            f64.load align=2
            f64.const nan (;=NaN;)
            local.get 3
            local.get 3
            f64.eq
            select
            block (result i64) ;; label = @5
              br 3 (;@2;)
              loop ;; label = @6
                global.get 7
                if ;; label = @7
                end
                loop ;; label = @7
                  global.get 7
                  if ;; label = @8
                  end
                end
                block ;; label = @7
                  call 2
                  i64.load align=2
                  f64.reinterpret_i64
                  br 7
                  block ;; label = @8
                    local.get 0
                    global.get 2
                    block (result f64) ;; label = @9
                      loop (result i64) ;; label = @10
                        global.get 7
                        if ;; label = @11
                        end
                        block (type 3) (result i32) ;; label = @11
                          memory.size
                        end
                        br 2 (;@8;)
                        loop (type 3) (result i32) ;; label = @11
                          global.get 7
                          if ;; label = @12
                          end
                          global.get 1
                          f32.demote_f64
                          f32.const nan (;=NaN;)
                          local.get 11
                          local.get 11
                          f32.eq
                          select
                          ref.null func
                          memory.size
                          f32.convert_i32_u
                          i64.trunc_sat_f32_s
                          loop (type 3) (result i32) ;; label = @12
                            global.get 7
                            if ;; label = @13
                            end
                            global.get 1
                            i32.trunc_sat_f64_s
                            i64.extend_i32_s
                            loop ;; label = @13
                              global.get 7
                              if ;; label = @14
                              end
                              global.get 7
                              i32.const 1
                              i32.sub
                              global.set 7
                              ref.null extern
                              f32.const 0x1.00008p-132 (;=0.000000000000000000000000000000000000000183672;)
                              i64.trunc_f32_u
                              memory.size
                              if ;; label = @14
                                loop (type 3) (result i32) ;; label = @15
                                  global.get 7
                                  if ;; label = @16
                                  end
                                  br 3 (;@12;)
                                end
                                global.get 4
                                i32.xor
                                global.set 4
                              end
                              global.get 3
                              i64.xor
                              global.set 3
                              drop
                            end
                            global.set 3
                            i32.const -2067849654
                          end
                          global.get 4
                          i32.xor
                          global.set 4
                          global.set 3
                          drop
                          i32.reinterpret_f32
                          global.get 5
                          i32.xor
                          global.set 5
                          i32.const 860367364
                        end
                        global.set 4
                      end
                      global.set 3
                      f64.const nan:0xfffffffffffff (;=NaN;)
                    end
                    i64.reinterpret_f64
                    global.set 6
                    i64.reinterpret_f64
                    global.set 6
                    i32.reinterpret_f32
                    global.set 5
                  end
                end
              end
            end
            global.get 3
            i64.xor
            global.set 3
          end
          i64.reinterpret_f64
          global.set 6
          i64.reinterpret_f64
          i64.xor
          global.set 3
          i32.const 131072
          i32.const 134217727
        else
          global.get 3
          i64.xor
          global.set 3
          i32.const -134217729
          i32.const -1581541469
        end
        global.get 4
        i32.xor
        global.set 4
        global.set 4
        global.get 3
        i64.xor
        global.set 3
        i32.const 341173110
      end
      global.set 4
      ref.null extern
    end
    drop
    f64.const 0x1.p-1052 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020722615;)
  )
  (func (;5;) (type 3) (result i32)
    (local f32 f32 f32 f64 f64 f32 f32 f32 f64)
    global.get 7
    global.set 7
    block ;; label = @1
      br 0 (;@1;)
      loop (type 2) (param i32) ;; label = @2
        if ;; label = @3
        end
        memory.size
        f32.convert_i32_s
        f32.const nan (;=NaN;)
        local.get 0
        local.get 0
        f32.eq
        select
        i64.trunc_sat_f32_u
        call 3
        br_table 1 (;@1;) 1 (;@1;)
        loop (type 3) (result i32) ;; label = @3
          global.get 7
          if ;; label = @4
          end
          global.get 7
          global.set 7
          i64.const 7970256016604928452
          f64.reinterpret_i64
          global.get 1
          f32.const -0x1.55d1f6p-121 (;=-0.0000000000000000000000000000000000005022596;)
          i64.trunc_f32_s
          global.get 1
          i64.trunc_sat_f64_u
          call 6
          if (type 3) (result i32) ;; label = @4
            i64.const 8580219632956075994
            f32.const -0x1.fffffep+120 (;=-2658455800000000000000000000000000000;)
            f32.const 0x1.03f962p-25 (;=0.000000030264975;)
            call 5
            block ;; label = @5
              loop ;; label = @6
                global.get 7
                if ;; label = @7
                end
                global.get 7
                i32.const 1
                i32.sub
                global.set 7
              end
              i32.const 1186875691
              if ;; label = @6
              end
              loop (result f32) ;; label = @6
                global.get 7
                if ;; label = @7
                end
                global.get 7
                block (type 3) (result i32) ;; label = @7
                  i64.const 4629899879077064009
                  memory.size
                  f64.load
                  i32.trunc_sat_f64_u
                  loop (type 2) (param i32) ;; label = @8
                    global.get 7
                    if ;; label = @9
                      f32.const 0x1.012842p+23 (;=8426529;)
                      ref.null func
                      block ;; label = @10
                        f64.const 0x1.c8aa793cb036fp-291 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000044836312930763653;)
                        loop (type 3) (result i32) ;; label = @11
                          global.get 7
                          if ;; label = @12
                          end
                          global.get 7
                          i32.const 1
                          i32.sub
                          global.set 7
                          i32.const 1777736642
                          i64.load8_u
                          memory.size
                          f64.const 0x1.p-1063 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001012;)
                          f64.const nan (;=NaN;)
                          local.get 4
                          local.get 4
                          f64.eq
                          select
                          i64.trunc_sat_f64_s
                          block ;; label = @12
                            i64.const -93294096246957860
                            f32.convert_i64_u
                            f32.const nan (;=NaN;)
                            local.get 5
                            local.get 5
                            f32.eq
                            select
                            call 2
                            f32.load align=1
                            local.get 6
                            local.get 6
                            f32.eq
                            select
                            i64.const -8
                            global.get 0
                            f32.load
                            i64.trunc_sat_f32_u
                            f32.convert_i64_s
                            f32.const -nan:0x7ff800 (;=NaN;)
                            i32.reinterpret_f32
                            global.get 5
                            i32.xor
                            global.set 5
                            i32.reinterpret_f32
                            global.get 5
                            i32.xor
                            global.set 5
                            global.set 3
                            i32.reinterpret_f32
                            global.set 5
                          end
                          global.set 6
                          drop
                          global.set 3
                          i32.const 127
                        end
                        global.get 4
                        i32.xor
                        global.set 4
                        i64.reinterpret_f64
                        global.get 6
                        i64.xor
                        global.set 6
                      end
                      drop
                      i32.reinterpret_f32
                      global.get 5
                      i32.xor
                      global.set 5
                    end
                    global.get 4
                    i32.xor
                    global.set 4
                  end
                  global.get 3
                  i64.xor
                  global.set 3
                  i32.const -1813859162
                end
                global.set 4
                drop
                f32.const -0x1.3f3c3ep+75 (;=-47110820000000000000000;)
              end
              i32.reinterpret_f32
              global.set 5
            end
            drop
            i32.reinterpret_f32
            global.set 5
            i32.reinterpret_f32
            global.set 5
            global.get 3
            i64.xor
            global.set 3
            i32.const -2
          else
            i32.const 2147483647
          end
          global.set 4
          global.get 3
          i64.xor
          global.set 3
          global.set 3
          i64.reinterpret_f64
          global.set 6
          i64.reinterpret_f64
          global.set 6
          i32.const 1500583030
        end
        global.set 4
      end
    end
    i32.const 131064
  )
  (func (;6;) (type 3) (result i32)
    global.get 7
    if ;; label = @1
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    call 5
    i64.load16_s offset=78140
    i64.const 17592186044415
    i64.le_s
    ref.null func
    memory.size
    i32.const 15
    f64.convert_i32_u
    i32.trunc_sat_f64_u
    i64.extend_i32_s
    i64.const -6773491508129986666
    i64.lt_s
    global.get 2
    i64.trunc_f64_u
    ref.null extern
    loop (result i32) ;; label = @1
      global.get 7
      if ;; label = @2
      end
      global.get 7
      f64.convert_i32_s
      f64.const -0x1.9cc30b419f867p-975 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000050490986399772336;)
      i32.trunc_sat_f64_u
      f64.convert_i32_u
      i64.const 7868302800644603121
      global.set 6
      i64.reinterpret_f64
      global.set 6
      i64.reinterpret_f64
      global.set 6
      i32.const 580644810
    end
    global.get 4
    i32.xor
    global.set 4
    drop
    global.get 3
    i64.xor
    global.set 3
    i32.xor
    global.set 4
    drop
  )
  (func (;7;) (type 5) (param f32 f64) (result f64)
    (local f32 f64 f64 f32 f64 f64 f32 f32 f32 f64)
    global.get 7
    global.set 7
    local.get 0
    call 5
    block (type 2) (param i32) ;; label = @1
      br_if 0 (;@1;)
      call 5
      f32.const 0x1.fffffep-126 (;=0.000000000000000000000000000000000000023509886;)
      f32.const nan (;=NaN;)
      local.get 2
      local.get 2
      f32.eq
      select
      local.get 1
      i64.trunc_sat_f64_u
      loop (type 3) (result i32) ;; label = @2
        global.get 7
        if ;; label = @3
        end
        loop (type 3) (result i32) ;; label = @3
          global.get 7
          if ;; label = @4
          end
          global.get 7
          if ;; label = @4
            i32.const -16777217
            i64.load16_s align=1
            i32.const -1581548655
            if (type 4) (param i64) (result i32 i32) ;; label = @5
              call 5
              f64.convert_i32_u
              loop ;; label = @6
                global.get 7
                if ;; label = @7
                end
                global.get 7
                global.set 7
                global.get 2
                f64.const 0x1.ffffp-1058 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000647577;)
                i32.trunc_sat_f64_s
                call 5
                i32.store16
                i64.trunc_sat_f64_u
                f32.convert_i64_u
                block (type 3) (result i32) ;; label = @7
                  i32.const 2026103396
                  block ;; label = @8
                    ref.null extern
                    call 5
                    i64.load8_u
                    call 5
                    br_if 4 (;@4;)
                    loop (type 4) (param i64) (result i32 i32) ;; label = @9
                      global.get 7
                      if ;; label = @10
                      end
                      global.get 7
                      i32.const 1
                      block ;; label = @10
                        block (result f64) ;; label = @11
                          global.get 1
                          f64.const nan (;=NaN;)
                          local.get 3
                          local.get 3
                          f64.eq
                          select
                          f64.const nan (;=NaN;)
                          local.get 4
                          local.get 4
                          f64.eq
                          select
                          i64.trunc_sat_f64_s
                          f32.convert_i64_u
                          memory.size
                          f32.convert_i32_s
                          local.set 0
                          i32.reinterpret_f32
                          i64.extend_i32_u
                          block (type 4) (param i64) (result i32 i32) ;; label = @12
                            br 10 (;@2;)
                            if (result f64) ;; label = @13
                              loop (type 3) (result i32) ;; label = @14
                                global.get 7
                                if ;; label = @15
                                end
                                block (type 3) (result i32) ;; label = @15
                                  f64.const -nan:0xffffffffe0000 (;=NaN;)
                                  br 4 (;@11;)
                                  block ;; label = @16
                                    loop (type 3) (result i32) ;; label = @17
                                      br 11 (;@6;)
                                      loop (type 2) (param i32) ;; label = @18
                                        global.get 7
                                        if ;; label = @19
                                        end
                                        global.get 7
                                        i32.const 1
                                        i32.sub
                                        global.set 7
                                        i64.load8_s offset=26634
                                        f64.const -0x1.8ec4f028a34b7p+596 (;=-403979339673561250000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                        loop (result f64) ;; label = @19
                                          global.get 7
                                          global.get 4
                                          i32.xor
                                          global.set 4
                                          f64.const 0x1.p-1069 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000016;)
                                        end
                                        i64.reinterpret_f64
                                        global.get 6
                                        i64.xor
                                        global.set 6
                                        i64.reinterpret_f64
                                        global.get 6
                                        i64.xor
                                        global.set 6
                                        global.set 3
                                      end
                                    end
                                    global.set 5
                                  end
                                end
                              end
                              global.get 4
                              i32.xor
                              global.set 4
                              f64.const 0x1.095e1265235e6p+305 (;=67570384955589030000000000000000000000000000000000000000000000000000000000000000000000000000;)
                            else
                              f64.const -0x1.7e8531aa0674ep+153 (;=-17060974999411770000000000000000000000000000000;)
                            end
                            i64.reinterpret_f64
                            global.set 6
                          end
                          global.get 4
                          i32.xor
                          global.set 4
                          global.set 4
                          f64.const -0x1.a90bf7630f751p+5 (;=-53.13084294691965;)
                        end
                        i64.reinterpret_f64
                        global.set 6
                      end
                      i32.xor
                      global.set 4
                      global.set 3
                      i32.const -649651918
                      i32.const 524288
                    end
                    i32.xor
                    global.set 4
                    drop
                  end
                end
                global.get 4
                i32.xor
                global.set 4
                i32.reinterpret_f32
                global.get 5
                i32.xor
                global.set 5
              end
              i64.reinterpret_f64
              i64.xor
              global.set 3
              i32.const 2048
              i32.const 131071
            else
              global.get 3
              i64.xor
              global.set 3
              i32.const 2139095040
              i32.const 264811396
            end
            global.get 4
            i32.xor
            global.set 4
            global.set 4
          end
          i32.const -807330510
        end
      end
      global.get 4
      i32.xor
      global.set 4
      global.set 3
      i32.reinterpret_f32
      i32.xor
      global.set 4
    end
    i32.reinterpret_f32
    global.set 5
    f64.const -nan:0xff00000000000 (;=NaN;)
  )
)