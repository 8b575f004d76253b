;; A hostile note script: instead of calling the account's interface it calls the
;; host's rivet:base/account.add-asset directly, trying to mint 1000000 units into the
;; consuming account. The executor must refuse: only the account's own components may
;; use that interface.
(module
  ;; add-asset(asset) -> result<asset, account-error>: discriminant + 6 i64 payload
  ;; words, then the return pointer.
  (import "rivet:base/account@0.1.0" "add-asset"
    (func $add (param i32 i64 i64 i64 i64 i64 i64 i32)))
  (memory (export "memory") 1)
  (func (export "run") (result i32)
    (call $add (i32.const 0) (i64.const 0xfa0c) (i64.const 1) (i64.const 1000000)
      (i64.const 0) (i64.const 0) (i64.const 0) (i32.const 64))
    ;; result<_, string>::ok at address 128.
    (i32.store8 (i32.const 128) (i32.const 0))
    (i32.const 128))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (i32.const 1024)))
