;; From spec if.wast "param": a block parameter of `if` must reach the `else` arm.
(module
  (func (export "param") (param i32) (result i32)
    (i32.const 1)
    (if (param i32) (result i32) (local.get 0)
      (then (i32.const 2) (i32.add))
      (else (i32.const -2) (i32.add)))))
