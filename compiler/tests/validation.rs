//! Validation runs inside the translation pass; these tests pin down that the
//! result is still as if the whole module had been validated first: an invalid
//! module is reported as invalid whatever unsupported feature or limit comes
//! before the error, unsupported functions compiled to traps are still fully
//! validated, and equal input gives byte-identical packages.

use rivet_compiler::{compile, CompileError, CompileOptions, UnsupportedMode};

fn wasm(wat: &str) -> Vec<u8> {
    wat::parse_str(wat).expect("assembles")
}

fn trap_mode() -> CompileOptions {
    CompileOptions {
        unsupported_functions: UnsupportedMode::Trap,
        ..CompileOptions::default()
    }
}

fn assert_invalid(r: Result<rivet_format::package::Package, CompileError>, what: &str) {
    match r {
        Err(CompileError::Invalid { message, .. }) => {
            assert!(message.contains(what), "{message}")
        }
        other => panic!("expected an invalid-module error ({what}), got {other:?}"),
    }
}

#[test]
fn invalid_code_after_an_unsupported_function_is_reported_as_invalid() {
    let w = wasm(
        r#"(module
        (func (result f64) f64.const 1)
        (func (result i32) i64.const 1))"#,
    );
    assert_invalid(compile(&w, &CompileOptions::default()), "type mismatch");
    assert_invalid(compile(&w, &trap_mode()), "type mismatch");
}

#[test]
fn invalid_code_after_the_unsupported_operator_of_the_same_body() {
    // Translation stops at f32.add; the rest of the body is still validated.
    let w = wasm(
        r#"(module (func (result i32)
        f32.const 1 f32.const 2 f32.add drop
        i32.const 1 i64.const 2 i32.add))"#,
    );
    assert_invalid(compile(&w, &CompileOptions::default()), "type mismatch");
    assert_invalid(compile(&w, &trap_mode()), "type mismatch");
}

#[test]
fn unsupported_locals_and_signatures_still_validate_the_body() {
    for wat in [
        "(module (func (local f64) i32.const 1))",
        "(module (func (param f32) i32.const 1))",
    ] {
        assert_invalid(compile(&wasm(wat), &trap_mode()), "type mismatch");
    }
}

#[test]
fn an_invalid_later_section_beats_an_earlier_function_failure() {
    // The data section follows the code section; its offset expression is
    // invalid (an i64 where an i32 is expected).
    let w = wasm(
        r#"(module (memory 1)
        (func (result f64) f64.const 1)
        (data (i64.const 0) "x"))"#,
    );
    assert_invalid(compile(&w, &CompileOptions::default()), "type mismatch");
}

#[test]
fn the_first_unsupported_function_is_named_when_the_module_is_valid() {
    let w = wasm(
        r#"(module
        (func (result i32) i32.const 1)
        (func (result i32) v128.const i32x4 1 2 3 4 i32x4.extract_lane 0)
        (func (result i64) v128.const i64x2 1 2 i64x2.extract_lane 1))"#,
    );
    match compile(&w, &CompileOptions::default()) {
        Err(CompileError::Unsupported { func: 1, what, .. }) => {
            assert!(what.starts_with("v128.const"), "{what}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn limits_wait_for_validation() {
    // The memory minimum exceeds the cap (a limit, found before the code), but
    // a body is invalid: invalid wins.
    let opts = CompileOptions {
        max_memory_pages: 1,
        ..CompileOptions::default()
    };
    let bad = wasm("(module (memory 2) (func (result i32) i64.const 0))");
    assert_invalid(compile(&bad, &opts), "type mismatch");
    let ok = wasm("(module (memory 2) (func (result i32) i32.const 0))");
    assert!(matches!(compile(&ok, &opts), Err(CompileError::Limit(_))));
}

#[test]
fn packages_are_byte_identical_across_compilations() {
    let w = wasm(
        r#"(module (memory 1)
        (func $a (param i32 i64) (result i64) (local i32 i64)
            loop
                local.get 2 i32.const 1 i32.add local.tee 2
                local.get 0 i32.lt_u br_if 0
            end
            local.get 1 local.get 3 i64.add)
        (func (export "b") (param i32) (result i32)
            local.get 0 i64.const 5 call $a i32.wrap_i64
            local.get 0 i32.load offset=8 i32.add))"#,
    );
    let first = compile(&w, &CompileOptions::default()).unwrap().encode();
    for _ in 0..3 {
        assert_eq!(
            compile(&w, &CompileOptions::default()).unwrap().encode(),
            first
        );
    }
}
