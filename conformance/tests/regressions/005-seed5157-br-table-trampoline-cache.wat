;; Found by differential testing (wasm-smith seed 5157, release-build seed range),
;; reduced by hand. A `br_table` whose entries are a block and the function: the
;; branch value (local 0) is staged in a frame slot, the default (return) trampoline
;; loads it into a0/a1, and the block's trampoline after it is entered only from the
;; jump table. The slot cache believed a0/a1 still held the staged words there and
;; stored a0/a1 (the import's result) as the block's value: global "9" got 0 instead
;; of local 0.
(module
  (import "host" "state" (func $s (result i32)))
  (global $g (mut i64) (i64.const 0))
  (export "9" (global $g))
  (func (export "3") (param i64) (result i64)
    block
      call $s
      block (result i64)
        i32.const 915265358
        local.get 0
        i32.const 0
        br_table 0 2
      end
      global.set $g
      drop
    end
    i64.const 7
  )
)
