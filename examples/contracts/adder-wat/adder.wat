;; rivet:adder/adder@0.1.0, by hand: one function, no memory use. The WIT world is
;; attached as a component-type custom section by scripts/build-contracts.sh.
(module
  (memory (export "memory") 1)
  (func (export "rivet:adder/adder@0.1.0#add") (param i64 i64) (result i64)
    local.get 0
    local.get 1
    i64.add))
