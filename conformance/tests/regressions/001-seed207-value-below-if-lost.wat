;; Found by differential testing (wasm-smith seed 207), line-reduced. Calling export "\u{15}"
;; with (i32 0, i32 -2147483648) takes the `else` arm of the `if (result i32)`; the
;; i64 constant pushed before the `if` must reach the final `global.set 1` (wasmi:
;; -2941635291490223022; Rivet: 0). The `then` arm is `br 1` followed by dead code with
;; nested blocks and a loop with parameters: compiling the unreachable code corrupts the
;; location of the value below the `if` for the `else` path.
(module
  (type (;0;) (func (param i32 i32)))
  (memory (;0;) 1 2)
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 500)
  (export "\u{15}" (func 0))
  (export "\u{4d1}.j\u{1a}\u{7f}@" (global 1))
  (func (;0;) (type 0) (param i32 i32)
    global.get 2
    global.set 2
    i64.const -2941635291490223022
    local.get 0
    if (result i32) ;; label = @1
      br 1
      block ;; label = @2
        block (result i32) ;; label = @3
          local.get 1
          i64.const 910351905699355791
          i32.const 262143
          i64.extend_i32_u
          i64.rotl
          i64.store32 offset=41363 align=1
          i64.const 9148901014717094420
          i64.const 7867969745324453771
          block (result i32) ;; label = @4
            block ;; label = @5
              loop ;; label = @6
                global.get 2
                if ;; label = @7
                  block ;; label = @8
                  end
                  loop (result i32) ;; label = @8
                    global.get 2
                    if ;; label = @9
                    end
                    global.get 2
                    i32.const 1
                    loop (type 0) (param i32 i32) ;; label = @9
                      global.get 2
                      if ;; label = @10
                      end
                      global.get 2
                      i32.const 1
                      i32.sub
                      global.set 2
                      local.set 0
                      i64.load8_u offset=21552
                      memory.size
                      if ;; label = @10
                        i64.const -1
                        i32.const -1541988194
                        i64.load offset=3127 align=2
                        i64.mul
                        block ;; label = @11
                          i32.const 131073
                          i32.const -2049
                          i64.load16_s offset=61736
                          i32.wrap_i64
                          i32.add
                          i64.load8_s offset=35860
                          i64.eqz
                          i64.load32_u offset=8627
                          local.get 1
                          i64.extend_i32_u
                          i32.const 157344126
                          i32.const 699588187
                          i64.load16_s offset=47602
                          memory.size
                          loop (result i64) ;; label = @12
                            global.get 2
                            i64.extend_i32_u
                            local.get 0
                            local.set 0
                            local.get 0
                            loop (result i32) ;; label = @13
                              global.get 2
                              i32.const -1808458712
                              block (result i64) ;; label = @14
                                loop (result i64) ;; label = @15
                                  global.get 2
                                  i32.const -176567268
                                  block ;; label = @16
                                    block (result i64) ;; label = @17
                                      memory.size
                                      br_if 9 (;@8;)
                                      i32.const -524288
                                      memory.size
                                      i32.mul
                                      global.set 0
                                      i64.const -8193
                                    end
                                    global.get 1
                                    i64.xor
                                    global.set 1
                                  end
                                  global.get 0
                                  i32.xor
                                  global.set 0
                                  global.get 0
                                  i32.xor
                                  global.set 0
                                  i64.const -2178084493730268227
                                end
                              end
                              global.get 1
                              i64.xor
                              global.set 1
                              global.get 0
                              i32.xor
                              global.set 0
                            end
                            global.get 0
                            i32.xor
                            global.set 0
                            global.get 0
                            i32.xor
                            global.set 0
                          end
                          global.get 1
                          i64.xor
                          global.set 1
                          global.get 0
                          i32.xor
                          global.set 0
                          global.get 1
                          i64.xor
                          global.set 1
                          global.get 0
                          i32.xor
                          global.set 0
                          global.get 1
                          i64.xor
                          global.set 1
                          global.get 1
                          i64.xor
                          global.set 1
                        end
                        global.get 1
                        i64.xor
                        global.set 1
                      end
                      global.get 1
                      i64.xor
                      global.set 1
                    end
                    i32.const -873347538
                  end
                  global.get 0
                  i32.xor
                  global.set 0
                end
              end
            end
            i32.const -536870913
          end
          global.get 0
          i32.xor
          global.set 0
          global.get 1
          i64.xor
          global.set 1
          global.get 1
          i64.xor
          global.set 1
          i32.const 4
        end
        global.get 0
        i32.xor
        global.set 0
      end
    else
      i32.const 1023
    end
    global.get 0
    i32.xor
    global.set 0
    global.get 1
    i64.xor
    global.set 1
  )
  (func (;1;) (type 0) (param i32 i32)
    global.get 2
    global.set 2
    local.get 1
    i64.load32_u offset=46072 align=2
    loop (result i32) ;; label = @1
      global.get 2
      i64.load8_s offset=21601
      memory.size
      block ;; label = @2
        i64.const 35184372088832
        i32.const -262144
        i64.extend_i32_u
        i64.rem_u
        i64.const -4085157285595327789
        i64.lt_s
        if ;; label = @3
          loop ;; label = @4
            global.get 2
            if ;; label = @5
            end
            global.get 2
            i32.const 1
            i32.sub
            global.set 2
          end
          block (result i64) ;; label = @4
            block ;; label = @5
              loop ;; label = @6
                local.get 1
                local.get 0
                i64.load32_u offset=100822 align=1
                loop ;; label = @7
                  global.get 2
                  if ;; label = @8
                  end
                  global.get 2
                  i32.const 1
                  i32.sub
                  global.set 2
                  i32.const -2147483648
                  i64.load32_s offset=2426 align=2
                  loop (result i64) ;; label = @8
                    global.get 2
                    if ;; label = @9
                    end
                    global.get 2
                    i64.extend_i32_s
                    block (result i32) ;; label = @9
                      br 4 (;@5;)
                      block ;; label = @10
                        memory.size
                        local.get 0
                        loop (type 0) (param i32 i32) ;; label = @11
                          global.get 2
                          if ;; label = @12
                          end
                          global.get 2
                          i32.const 1
                          i32.sub
                          global.set 2
                          i64.load32_u offset=8832 align=1
                          i32.const 131070
                          i64.extend_i32_s
                          i64.ne
                          i32.rotl
                          block (result i64) ;; label = @12
                            loop (result i32) ;; label = @13
                              global.get 2
                              i64.extend_i32_s
                              block ;; label = @14
                              end
                              i32.const 127
                              br_if 3 (;@10;)
                              loop ;; label = @14
                                global.get 2
                                if ;; label = @15
                                end
                                global.get 2
                                i32.const 1
                                i32.sub
                                global.set 2
                              end
                              global.get 1
                              i64.xor
                              global.set 1
                              i32.const 2144070231
                            end
                            global.get 0
                            i32.xor
                            global.set 0
                            i64.const -17
                          end
                          global.get 1
                          i64.xor
                          global.set 1
                          global.get 0
                          i32.xor
                          global.set 0
                        end
                      end
                    end
                    global.get 0
                    i32.xor
                    global.set 0
                  end
                  global.get 1
                  i64.xor
                  global.set 1
                  global.get 1
                  i64.xor
                  global.set 1
                end
                global.get 1
                i64.xor
                global.set 1
                global.get 0
                i32.xor
                global.set 0
              end
            end
            i64.const -134217728
          end
          global.get 1
          i64.xor
          global.set 1
        end
      end
      global.get 0
      i32.xor
      global.set 0
      global.get 1
      i64.xor
      global.set 1
      i32.const -502123105
    end
    global.get 0
    i32.xor
    global.set 0
    global.get 1
    i64.xor
    global.set 1
  )
)