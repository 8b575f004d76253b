//! Tables and references end to end: growth limits, the exact `call_indirect` type
//! check, several tables, references across the host boundary, and helpers that trap
//! before doing any work.

mod common;
use common::*;
use rivet_compiler::{compile, CompileOptions};
use rivet_format::abi::TrapCode;
use rivet_runtime::instance::{CallError, CoreValue, Instance, LoadedPackage};
use std::sync::Arc;
use CoreValue::{ExternRef, FuncRef, I32};

fn with_opts(wat: &str, opts: &CompileOptions) -> Instance {
    let wasm = wat::parse_str(wat).expect("valid wat");
    let pkg = Arc::new(LoadedPackage::new(compile(&wasm, opts).expect("compiles")).unwrap());
    Instance::new(&pkg, &mut TestImports::default(), 100_000_000).expect("instantiates")
}

#[test]
fn table_grow_stops_at_the_declared_maximum_and_the_compiler_cap() {
    let wat = r#"(module
        (table $a 1 3 funcref)
        (table $b 0 externref)
        (func (export "grow_a") (param i32) (result i32)
            (table.grow $a (ref.null func) (local.get 0)))
        (func (export "grow_b") (param i32) (result i32)
            (table.grow $b (ref.null extern) (local.get 0)))
        (func (export "size_b") (result i32) (table.size $b)))"#;
    let opts = CompileOptions {
        max_table_elements: 5,
        ..CompileOptions::default()
    };
    let mut i = with_opts(wat, &opts);
    assert_eq!(call(&mut i, "grow_a", &[I32(2)]).unwrap(), [I32(1)]);
    assert_eq!(call(&mut i, "grow_a", &[I32(1)]).unwrap(), [I32(-1)]);
    assert_eq!(call(&mut i, "grow_b", &[I32(5)]).unwrap(), [I32(0)]);
    assert_eq!(call(&mut i, "grow_b", &[I32(1)]).unwrap(), [I32(-1)]);
    assert_eq!(call(&mut i, "grow_b", &[I32(-1)]).unwrap(), [I32(-1)]);
    assert_eq!(call(&mut i, "size_b", &[]).unwrap(), [I32(5)]);
    let big = r#"(module (table 6 funcref))"#;
    let wasm = wat::parse_str(big).unwrap();
    assert!(
        compile(&wasm, &opts).is_err(),
        "a minimum above the cap is refused"
    );
}

#[test]
fn call_indirect_checks_the_type_exactly_on_any_table() {
    let mut i = instance(
        r#"(module
        (type $ii (func (param i32) (result i32)))
        (type $ii2 (func (param i32) (result i32)))
        (type $v (func (result i32)))
        (table $t0 2 funcref)
        (table $t1 3 funcref)
        (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
        (func $seven (type $v) (i32.const 7))
        (elem (table $t1) (i32.const 1) func $inc $seven)
        (func (export "via") (param i32 i32) (result i32)
            (call_indirect $t1 (type $ii2) (local.get 0) (local.get 1)))
        (func (export "void") (param i32) (result i32)
            (call_indirect $t1 (type $v) (local.get 0)))
        (func (export "t0") (param i32) (result i32)
            (call_indirect $t0 (type $v) (local.get 0))))"#,
    );
    // Structurally equal types share a canonical id.
    assert_eq!(call(&mut i, "via", &[I32(41), I32(1)]).unwrap(), [I32(42)]);
    assert_eq!(call(&mut i, "void", &[I32(2)]).unwrap(), [I32(7)]);
    let trap = |r: Result<Vec<CoreValue>, CallError>| match r {
        Err(CallError::Trap(c)) => c,
        other => panic!("expected a trap, got {other:?}"),
    };
    assert_eq!(
        trap(call(&mut i, "via", &[I32(0), I32(2)])),
        TrapCode::IndirectTypeMismatch
    );
    assert_eq!(
        trap(call(&mut i, "void", &[I32(0)])),
        TrapCode::UninitElement
    );
    assert_eq!(
        trap(call(&mut i, "void", &[I32(3)])),
        TrapCode::UndefinedElement
    );
    assert_eq!(
        trap(call(&mut i, "void", &[I32(-1)])),
        TrapCode::UndefinedElement
    );
    assert_eq!(trap(call(&mut i, "t0", &[I32(1)])), TrapCode::UninitElement);
}

#[test]
fn references_cross_the_host_boundary_checked() {
    let mut i = instance(
        r#"(module
        (global $g (mut externref) (ref.null extern))
        (func $f (result i32) (i32.const 3))
        (elem declare func $f)
        (func (export "f") (result funcref) (ref.func $f))
        (func (export "keep") (param externref) (global.set $g (local.get 0)))
        (func (export "kept") (result externref) (global.get $g))
        (func (export "is_null") (param funcref) (result i32) (ref.is_null (local.get 0))))"#,
    );
    assert_eq!(call(&mut i, "f", &[]).unwrap(), [FuncRef(Some(0))]);
    call(&mut i, "keep", &[ExternRef(Some(77))]).unwrap();
    assert_eq!(call(&mut i, "kept", &[]).unwrap(), [ExternRef(Some(77))]);
    assert_eq!(call(&mut i, "is_null", &[FuncRef(None)]).unwrap(), [I32(1)]);
    assert_eq!(
        call(&mut i, "is_null", &[FuncRef(Some(0))]).unwrap(),
        [I32(0)]
    );
    // A funcref naming a function the instance does not have never gets in.
    assert!(matches!(
        call(&mut i, "is_null", &[FuncRef(Some(99))]),
        Err(CallError::BadArguments(_))
    ));
}

#[test]
fn bulk_table_operations_trap_before_any_work() {
    let mut i = instance(
        r#"(module
        (table $t 4 funcref)
        (func $a (result i32) (i32.const 1))
        (elem $e func $a $a)
        (func (export "fill") (param i32 i32)
            (table.fill $t (local.get 0) (ref.func $a) (local.get 1)))
        (func (export "init") (param i32 i32 i32)
            (table.init $t $e (local.get 0) (local.get 1) (local.get 2)))
        (func (export "drop") (elem.drop $e))
        (func (export "null") (param i32) (result i32)
            (ref.is_null (table.get $t (local.get 0)))))"#,
    );
    let trap = |r: Result<Vec<CoreValue>, CallError>| match r {
        Err(CallError::Trap(c)) => c,
        other => panic!("expected a trap, got {other:?}"),
    };
    assert_eq!(
        trap(call(&mut i, "fill", &[I32(2), I32(3)])),
        TrapCode::TableOutOfBounds
    );
    for k in 0..4 {
        assert_eq!(
            call(&mut i, "null", &[I32(k)]).unwrap(),
            [I32(1)],
            "entry {k}"
        );
    }
    call(&mut i, "init", &[I32(3), I32(1), I32(1)]).unwrap();
    assert_eq!(call(&mut i, "null", &[I32(3)]).unwrap(), [I32(0)]);
    assert_eq!(
        trap(call(&mut i, "init", &[I32(0), I32(1), I32(2)])),
        TrapCode::TableOutOfBounds
    );
    call(&mut i, "drop", &[]).unwrap();
    call(&mut i, "init", &[I32(0), I32(0), I32(0)]).unwrap();
    assert_eq!(
        trap(call(&mut i, "init", &[I32(0), I32(0), I32(1)])),
        TrapCode::TableOutOfBounds
    );
    assert_eq!(
        trap(call(&mut i, "null", &[I32(4)])),
        TrapCode::TableOutOfBounds
    );
}
