;; Found while fixing 005: a `br_if` to the function returns a spilled i64, so its
;; skipped code loads the value's words into a0/a1 and returns; after it, on the
;; path that did not branch, the slot cache believed a0/a1 held those words and
;; `global.set` stored a0/a1 (the import's result) instead of the value.
(module
  (import "host" "state" (func $s (result i32)))
  (global $g (mut i64) (i64.const 0))
  (export "9" (global $g))
  (func (export "3") (param i64) (result i64)
    (local $c i32)
    local.get 0
    call $s
    drop
    local.get $c
    br_if 0
    global.set $g
    i64.const 7
  )
)
