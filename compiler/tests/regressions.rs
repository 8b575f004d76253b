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

/// Five pinned words leave exactly the five pool registers an i64 `select` holds.
#[test]
fn register_pressure_with_the_most_locals_pinned() {
    let mut i = instance(
        r#"(module
        (func (export "a") (param i32 i64 i64) (result i64)
            local.get 1 i64.const 1 i64.add
            local.get 2 i64.const 2 i64.add
            local.get 0 i32.const 1 i32.sub
            select)
        (func (export "b") (param i32 i64 i64) (result i64) (local i32 i32 i32 i32)
            loop
                local.get 3 local.get 4 i32.add local.set 5
                local.get 6 local.get 5 i32.add local.set 6
                local.get 3 i32.const 1 i32.add local.tee 3
                i32.const 3 i32.lt_u br_if 0
            end
            local.get 1 local.get 6 i64.extend_i32_u i64.add
            local.get 2 local.get 5 i64.extend_i32_s i64.sub
            local.get 0 local.get 3 i32.add i32.const 3 i32.ne
            select))"#,
    );
    assert_eq!(
        call(&mut i, "a", &[I32(1), I64(10), I64(20)]).unwrap(),
        vec![I64(22)]
    );
    assert_eq!(
        call(&mut i, "a", &[I32(2), I64(10), I64(20)]).unwrap(),
        vec![I64(11)]
    );
    // local 5 ends as 2, local 6 as 0 + 0 + 1 + 2 = 3, local 3 as 3.
    assert_eq!(
        call(&mut i, "b", &[I32(0), I64(10), I64(20)]).unwrap(),
        vec![I64(18)]
    );
    assert_eq!(
        call(&mut i, "b", &[I32(1), I64(10), I64(20)]).unwrap(),
        vec![I64(13)]
    );
}

/// A call that returns more values than it takes plus one: the results past the
/// six registers come back in the outgoing area and are copied to the caller's
/// operand slots, which lay over that area, so copying in order overwrote a word
/// before it was read (wasm-smith seed 2154999: the funcref's slot was the next
/// f64's high word). Every result must arrive whole.
#[test]
fn call_results_past_the_registers_arrive_whole() {
    let mut i = instance(
        r#"(module
        (func $six (param i32) (result i64 i64 f64 funcref f64 f64)
            i64.const 2375570430588765199
            i64.const -249721910373239979
            f64.const 0x1.ad2d9970ffcc5p+405
            ref.null func
            f64.const 0x1.fffffffffffffp-960
            f64.const 0x1.9p-1069)
        (func (export "six") (result i64 i64 i64 i64 i64)
            (local $e i64) (local $d i64) (local $c i64) (local $b i64)
            i32.const 0
            call $six
            i64.reinterpret_f64 local.set $e
            i64.reinterpret_f64 local.set $d
            drop
            i64.reinterpret_f64 local.set $c
            local.set $b
            local.get $b local.get $c local.get $d local.get $e)
        (func $eight (param i32) (result i32 i64 funcref i32 f64 i32 i64 i32)
            local.get 0
            i64.const 0x1111222233334444
            ref.null func
            i32.const 7
            f64.const -3
            i32.const 9
            i64.const -2
            i32.const 11)
        (func (export "eight") (result i64 i64 i64 i64 i64)
            (local $h i32) (local $g i64) (local $f i32) (local $e i64)
            (local $d i32) (local $null i32) (local $b i64)
            i32.const 5
            call $eight
            local.set $h local.set $g local.set $f
            i64.reinterpret_f64 local.set $e
            local.set $d
            ref.is_null local.set $null
            local.set $b
            i64.extend_i32_u local.get $b local.get $e local.get $g
            local.get $d
            local.get $f i32.const 8 i32.shl i32.or
            local.get $h i32.const 16 i32.shl i32.or
            local.get $null i32.const 24 i32.shl i32.or
            i64.extend_i32_u))"#,
    );
    assert_eq!(
        call(&mut i, "six", &[]).unwrap(),
        vec![
            I64(2375570430588765199),
            I64(-249721910373239979),
            I64(0x594a_d2d9_970f_fcc5),
            I64(0x03ff_ffff_ffff_ffff),
            I64(0x32),
        ]
    );
    assert_eq!(
        call(&mut i, "eight", &[]).unwrap(),
        vec![
            I64(5),
            I64(0x1111_2222_3333_4444),
            I64((-3.0f64).to_bits() as i64),
            I64(-2),
            I64(7 + (9 << 8) + (11 << 16) + (1 << 24)),
        ]
    );
}
