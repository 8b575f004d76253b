//! Regression tests: each one a bug found by the spec suite or differential runs.

mod common;
use common::*;
/// Pinned locals in registers a callee uses as scratch (endianness.wast).
#[test]
fn pinned_i64_local_survives_a_call() {
    let wat = r#"(module
  (memory 1)
  (func $i16_store_little (param $address i32) (param $value i32)
    (i32.store8 (local.get $address) (local.get $value))
    (i32.store8 (i32.add (local.get $address) (i32.const 1)) (i32.shr_u (local.get $value) (i32.const 8))))
  (func $i32_store_little (param $address i32) (param $value i32)
    (call $i16_store_little (local.get $address) (local.get $value))
    (call $i16_store_little (i32.add (local.get $address) (i32.const 2)) (i32.shr_u (local.get $value) (i32.const 16))))
  (func $i64_store_little (param $address i32) (param $value i64)
    (call $i32_store_little (local.get $address) (i32.wrap_i64 (local.get $value)))
    (call $i32_store_little (i32.add (local.get $address) (i32.const 4)) (i32.wrap_i64 (i64.shr_u (local.get $value) (i64.const 32)))))
  (func (export "i64_load") (param $value i64) (result i64)
    (call $i64_store_little (i32.const 0) (local.get $value))
    (i64.load (i32.const 0)))
  (func (export "mem") (param i32) (result i32) local.get 0 i32.load)
)"#;
    let pkg = load(wat);
    let mut i =
        rivet_runtime::instance::Instance::new(&pkg, &mut TestImports::default(), 1_000_000)
            .unwrap();
    let r = call(&mut i, "i64_load", &[I64(-1)]).unwrap();
    assert_eq!(r, vec![I64(-1)]);
}

/// A frame entered in unreachable code must not truncate its parent's values
/// (wasm-smith seed 796).
#[test]
fn unreachable_frames_keep_the_parents_values() {
    let mut i = instance(
        r#"(module (func (export "f") (param i32) (result i32)
            i32.const 1 i32.const 2
            block
                local.get 0 br_if 0
                unreachable
                loop (param i32) drop end
            end
            i32.add))"#,
    );
    assert_eq!(call(&mut i, "f", &[I32(1)]).unwrap(), vec![I32(3)]);
}
