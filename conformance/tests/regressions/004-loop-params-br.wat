;; From spec loop.wast "param-break": a branch back to a loop with parameters must pass
;; the new values (Rivet looped forever on the initial value).
(module
  (func (export "param-break") (result i32)
    (local $x i32)
    (i32.const 1)
    (loop (param i32) (result i32)
      (i32.const 4)
      (i32.add)
      (local.tee $x)
      (local.get $x)
      (i32.const 10)
      (i32.lt_u)
      (br_if 0))))
