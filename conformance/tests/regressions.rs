//! Mismatches between Rivet and wasmi found by differential testing or fuzzing, kept as
//! WAT files in `tests/regressions/`: each must now behave the same under both engines.

mod common;

use common::differential::{compare_module, wasmi_engine};
use std::path::PathBuf;

/// `RIVET_REGRESSION_FILE=path.wat` checks just that file (used while reducing a
/// mismatch before adding it here).
#[test]
fn regressions_agree_with_wasmi() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut files: Vec<PathBuf> = match std::env::var_os("RIVET_REGRESSION_FILE") {
        Some(file) => vec![PathBuf::from(file)],
        None => std::fs::read_dir(&dir)
            .expect("tests/regressions exists")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "wat"))
            .collect(),
    };
    files.sort();
    assert!(
        !files.is_empty(),
        "no regression files in {}",
        dir.display()
    );
    let engine = wasmi_engine();
    let mut failures = Vec::new();
    for file in &files {
        let wasm = wat_to_wasm(file);
        let report = compare_module(&engine, &wasm);
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        match (report.mismatch, report.skipped) {
            (Some(m), _) => failures.push(format!("{name}: {m}")),
            (None, Some(reason)) => failures.push(format!("{name}: not compared: {reason}")),
            (None, None) if report.calls_compared == 0 => {
                failures.push(format!("{name}: nothing compared"))
            }
            (None, None) => println!("{name}: {} calls agree", report.calls_compared),
        }
    }
    assert!(failures.is_empty(), "regressions:\n{}", failures.join("\n"));
}

fn wat_to_wasm(path: &std::path::Path) -> Vec<u8> {
    wat_text_to_wasm(&std::fs::read_to_string(path).expect("read regression"))
}

fn wat_text_to_wasm(text: &str) -> Vec<u8> {
    let buf = wast::parser::ParseBuffer::new(text).expect("lex regression");
    let mut wat: wast::Wat<'_> = wast::parser::parse(&buf).expect("parse regression");
    wat.encode().expect("encode regression")
}

/// wasmi 2.0.0 (the oracle) evaluates `select(1, x, i32.eqz(x))` wrongly: for x = 7 it
/// returns 1. Found by differential testing with wasm-smith's `disallow_traps` (which
/// emits this guard before divisions); Rivet's answer is the spec's. This known-answer
/// check keeps Rivet right where the oracle cannot be used.
#[test]
fn wasmi_select_eqz_bug() {
    use rivet_conformance::rivet::{
        self as rv, CallOutcome, CompileOutcome, InstantiateOutcome, NoImports,
    };
    use rivet_runtime::instance::CoreValue;
    let wasm = wat_text_to_wasm(
        r#"(module (func (export "f") (param i32) (result i32)
             i32.const 1 local.get 0 local.get 0 i32.eqz select))"#,
    );
    let CompileOutcome::Compiled(pkg) = rv::compile(&wasm) else {
        panic!("compile failed")
    };
    let InstantiateOutcome::Ready(mut instance) = rv::instantiate(&pkg, &mut NoImports) else {
        panic!("instantiate failed")
    };
    for (x, want) in [(7, 7), (0, 1), (-1, -1)] {
        let got = rv::invoke(&mut instance, "f", &[CoreValue::I32(x)], &mut NoImports);
        assert_eq!(
            got,
            CallOutcome::Returned(vec![CoreValue::I32(want)]),
            "f({x})"
        );
    }
}

/// wasmi 2.0.0 (the oracle) loses a value `local.get` pushed when the same local is set
/// later inside nested control flow (wasm-smith seed 7713, beyond the 3000 seeds of a
/// debug run): function 7 of `regressions/oracle-bugs/seed7713-wasmi-local-preservation.wat`
/// pushes its f32 parameter at the top level and stores that stack value's bits in
/// global "." at its end, so the spec's answer is the parameter's bits whatever the
/// nested code does; wasmi stores the overwritten local's 0.0. Known answer for Rivet.
#[test]
fn wasmi_local_preservation_bug() {
    assert_param_bits_stored(
        "seed7713-wasmi-local-preservation.wat",
        "7",
        f64::INFINITY,
        ".",
        &[100.0, -0.0, 1.5e-40],
    );
}

/// wasmi 2.0.0 (the oracle) loses a block parameter that a top-level `local.get`
/// pushed, when an `if` with parameters inside the block has an arm that writes
/// locals (wasm-smith seed 62412, beyond the seeds a test run checks): function 3
/// of `regressions/oracle-bugs/seed62412-wasmi-block-param.wat` xors its f32
/// parameter's bits into global "ȅ" at the block's end, whichever arm runs, so one
/// call from a zero global leaves the parameter's bits there; wasmi leaves 0.
/// wasmtime 50 agrees with Rivet. Known answer for Rivet.
#[test]
fn wasmi_block_param_bug() {
    assert_param_bits_stored(
        "seed62412-wasmi-block-param.wat",
        "3",
        -0.5,
        "\u{205}",
        &[7.0, -0.0, 1.5e-40],
    );
}

/// wasm-smith seed 70564 (beyond the seeds a test run checks): after the
/// differential's first four calls on one instance, global "513" holds -352624048
/// in Rivet (both engines) and in wasmtime 50 (wasmtime-py, same calls and host
/// functions); wasmi 2.0.0 leaves -352624045. Not reduced further: function 3
/// folds a deep nest of blocks with parameters into that global. Known answer
/// for Rivet.
#[test]
fn wasmi_global_xor_bug() {
    use rivet_runtime::instance::CoreValue::{I32, I64};
    assert_global_after_calls(
        "seed70564-wasmi-global-xor.wat",
        &[
            ("&", &[I32(0), I32(0x7fff_ffff)]),
            ("", &[I64(7)]),
            ("2", &[I64(8)]),
            ("3", &[I32(3)]),
        ],
        "513",
        I32(-352_624_048),
    );
}

/// wasm-smith seed 84782: function 3 of
/// `regressions/oracle-bugs/seed84782-wasmi-block-param-xor.wat` pushes its
/// parameter (`local.get 0`) inside a block with a parameter, under an `if` with
/// a parameter whose `else` arm runs (table 0 is empty), and xors it into global
/// "11" after the `if`; both loads it also xors in read 0, so `"3"(3)` leaves 3
/// there (traced by hand; wasmtime 50 agrees). wasmi 2.0.0 leaves 0: the same
/// family as seed 62412. Known answer for Rivet.
#[test]
fn wasmi_block_param_xor_bug() {
    use rivet_runtime::instance::CoreValue::I64;
    assert_global_after_calls(
        "seed84782-wasmi-block-param-xor.wat",
        &[
            ("", &[I64(0)]),
            ("1", &[]),
            ("2", &[I64(8)]),
            ("3", &[I64(3)]),
        ],
        "11",
        I64(3),
    );
}

/// wasm-smith seed 106619 (beyond the seeds a test run checks): function 2 folds
/// values into global "612" inside a deep nest of blocks. After `""(0)` and
/// `"2"(8)` the global holds 8 in Rivet (both engines) and in wasmtime 50
/// (wasmtime-py, same calls and host functions); wasmi 2.0.0 leaves 0 after the
/// differential's calls. Not reduced. Known answer for Rivet.
#[test]
fn wasmi_nested_global_bug() {
    use rivet_runtime::instance::CoreValue::{I32, I64};
    assert_global_after_calls(
        "seed106619-wasmi-nested-global.wat",
        &[("", &[I32(0)]), ("2", &[I64(8)])],
        "612",
        I64(8),
    );
}

/// wasm-smith seed 119710 (beyond the seeds a test run checks): after the
/// differential's returning calls up to `"5"(16)`, global "\u{641}az." holds
/// -81985529216486911 in Rivet (both engines) and in wasmtime 50 (wasmtime-py,
/// same calls and host functions); wasmi 2.0.0 leaves -81985529216486895. Not
/// reduced. Known answer for Rivet.
#[test]
fn wasmi_nested_global_i64_bug() {
    use rivet_runtime::instance::CoreValue::{F32, F64, I32, I64};
    assert_global_after_calls(
        "seed119710-wasmi-nested-global.wat",
        &[
            ("", &[I32(0), I32(0x7fff_ffff)]),
            ("1", &[I64(7)]),
            (
                "2",
                &[F32(3.0e9f32.to_bits()), F64((-2.0e-310f64).to_bits())],
            ),
            ("5", &[I64(16)]),
        ],
        "\u{641}az.",
        I64(-81_985_529_216_486_911),
    );
}

/// wasm-smith seed 121681 (beyond the seeds a test run checks): `"4"(4096)` leaves
/// 536875008 in global "10" in Rivet (both engines) and in wasmtime 50
/// (wasmtime-py, same host functions, alone or after the differential's earlier
/// calls); wasmi 2.0.0 leaves 536870912. Not reduced. Known answer for Rivet.
#[test]
fn wasmi_nested_global_shift_bug() {
    use rivet_runtime::instance::CoreValue::I64;
    assert_global_after_calls(
        "seed121681-wasmi-nested-global.wat",
        &[("4", &[I64(4096)])],
        "10",
        I64(536_875_008),
    );
}

/// wasm-smith seed 127549 (beyond the seeds a test run checks): after the
/// differential's returning calls up to `"5"(16, 100)`, global "14" still holds
/// 0 in Rivet (both engines) and in wasmtime 50 (wasmtime-py, same calls and host
/// functions); wasmi 2.0.0 writes 1096395591 there. Not reduced. Known answer for
/// Rivet.
#[test]
fn wasmi_nested_global_untouched_bug() {
    use rivet_runtime::instance::CoreValue::{F32, F64, I32, I64};
    assert_global_after_calls(
        "seed127549-wasmi-nested-global.wat",
        &[
            ("iW", &[I64(0)]),
            ("", &[I32(31)]),
            (
                "2",
                &[F32(3.0e9f32.to_bits()), F64((-2.0e-310f64).to_bits())],
            ),
            ("3", &[I32(3)]),
            ("5", &[I32(16), I32(100)]),
        ],
        "14",
        I32(0),
    );
}

/// wasm-smith seed 99616 (beyond the seeds a test run checks): after the
/// differential's calls up to `"3"(3)`, global `"[\u{18}\u{1d}4z"` holds
/// 2783616978846065230 in Rivet (both engines) and in wasmtime 51 (wasmtime-py,
/// same calls and host functions); wasmi 2.0.0 leaves 2783616978846065272 there
/// in a run over seeds 70 000-99 999 and 7316014294881031355 when the seed runs
/// alone. Not reduced. Known answer for Rivet.
#[test]
fn wasmi_i64_global_bug() {
    use rivet_runtime::instance::CoreValue::{F32, F64, I64};
    assert_global_after_calls(
        "seed99616-wasmi-i64-global.wat",
        &[
            ("\u{3}\u{12}", &[I64(0)]),
            ("", &[I64(7)]),
            (
                "2",
                &[F32(3.0e9f32.to_bits()), F64((-2.0e-310f64).to_bits())],
            ),
            ("3", &[I64(3)]),
        ],
        "[\u{18}\u{1d}4z",
        I64(2_783_616_978_846_065_230),
    );
}

/// wasm-smith seed 264299 (beyond the seeds a test run checks): after the
/// differential's calls up to `"4"(4096, 1)`, global `"13"` holds
/// 4489292999727139389 in Rivet (both engines) and in wasmtime 51 (wasmtime-py,
/// same calls and host functions); wasmi 2.0.0 leaves a different value on every
/// run (4489292999727143485 over seeds 260 000-279 999, 4489336652727773621 and
/// 4489335874836822453 alone). Not reduced. Known answer for Rivet.
#[test]
fn wasmi_i64_global_drift_bug() {
    use rivet_runtime::instance::CoreValue::{F32, F64, I32, I64};
    assert_global_after_calls(
        "seed264299-wasmi-i64-global.wat",
        &[
            (",J", &[I32(0), I32(i32::MAX)]),
            ("", &[I32(31)]),
            ("2", &[I64(8)]),
            ("3", &[F32(7.0f32.to_bits()), F64((-0.5f64).to_bits())]),
            ("4", &[I32(4096), I32(1)]),
        ],
        "13",
        I64(4_489_292_999_727_139_389),
    );
}

/// wasm-smith seed 278889 (beyond the seeds a test run checks): after
/// `""(0, i32::MAX)`, `"1"()` and `"2"(8)`, global `"13"` holds 8 in Rivet (both
/// engines) and in wasmtime 51 (wasmtime-py, same calls and host functions);
/// wasmi 2.0.0 leaves 0 there, alone or in a seed range. Not reduced. Known
/// answer for Rivet.
#[test]
fn wasmi_i64_global_set_bug() {
    use rivet_runtime::instance::CoreValue::{I32, I64};
    assert_global_after_calls(
        "seed278889-wasmi-i64-global-set.wat",
        &[("", &[I32(0), I32(i32::MAX)]), ("1", &[]), ("2", &[I64(8)])],
        "13",
        I64(8),
    );
}

/// wasm-smith seed 183982 (beyond the seeds a test run checks): `"4"(-inf, 1.5)`
/// returns 1.5 in Rivet (both engines) and in wasmtime 50 (wasmtime-py, on a fresh
/// instance or after the differential's earlier calls); wasmi 2.0.0 returns 0.0.
/// Not reduced. Known answer for Rivet.
#[test]
fn wasmi_float_result_bug() {
    use rivet_runtime::instance::CoreValue::{F32, F64};
    assert_returns(
        "seed183982-wasmi-float-result.wat",
        "4",
        &[F32(f32::NEG_INFINITY.to_bits()), F64(1.5f64.to_bits())],
        F64(1.5f64.to_bits()),
    );
}

/// wasm-smith seed 191630 (beyond the seeds a test run checks):
/// `"7"(i32::MAX, i32::MIN)` returns `i32::MIN` in Rivet (both engines) and in
/// wasmtime 50 (wasmtime-py, on a fresh instance or after the differential's
/// earlier calls); wasmi 2.0.0 returns 0. Not reduced. Known answer for Rivet.
#[test]
fn wasmi_i32_result_bug() {
    use rivet_runtime::instance::CoreValue::I32;
    assert_returns(
        "seed191630-wasmi-i32-result.wat",
        "7",
        &[I32(i32::MAX), I32(i32::MIN)],
        I32(i32::MIN),
    );
}

/// Known answer for an oracle bug in `regressions/oracle-bugs/`: on a fresh
/// instance of `file`, `export(args)` returns the one value `want`.
fn assert_returns(
    file: &str,
    export: &str,
    args: &[rivet_runtime::instance::CoreValue],
    want: rivet_runtime::instance::CoreValue,
) {
    use common::differential::host::RivetHost;
    use rivet_conformance::rivet::{self as rv, CallOutcome};
    let pkg = oracle_bug_package(file);
    let mut host = RivetHost::default();
    let mut instance = oracle_bug_instance(file, &pkg, &mut host);
    let got = rv::invoke(&mut instance, export, args, &mut host);
    assert!(
        matches!(&got, CallOutcome::Returned(v) if v[..] == [want]),
        "{file}: {export}: {got:?}"
    );
}

/// Known answer for an oracle bug in `regressions/oracle-bugs/`: on one instance
/// of `file`, the differential's `calls` all return, then `global` holds `want`.
fn assert_global_after_calls(
    file: &str,
    calls: &[(&str, &[rivet_runtime::instance::CoreValue])],
    global: &str,
    want: rivet_runtime::instance::CoreValue,
) {
    use common::differential::host::RivetHost;
    use rivet_conformance::rivet::{self as rv, CallOutcome};
    let pkg = oracle_bug_package(file);
    let mut host = RivetHost::default();
    let mut instance = oracle_bug_instance(file, &pkg, &mut host);
    for (export, args) in calls {
        let got = rv::invoke(&mut instance, export, args, &mut host);
        assert!(matches!(got, CallOutcome::Returned(_)), "{export}: {got:?}");
    }
    assert_eq!(instance.global(global), Some(want), "{file}");
}

/// Known answer for an oracle bug in `regressions/oracle-bugs/`: on a fresh
/// instance of `file`, `export(x, y)` returns and leaves `x`'s bits in `global`,
/// for each `x` in `xs`.
fn assert_param_bits_stored(file: &str, export: &str, y: f64, global: &str, xs: &[f32]) {
    use common::differential::host::RivetHost;
    use rivet_conformance::rivet::{self as rv, CallOutcome};
    use rivet_runtime::instance::CoreValue;
    let pkg = oracle_bug_package(file);
    for &x in xs {
        let mut host = RivetHost::default();
        let mut instance = oracle_bug_instance(file, &pkg, &mut host);
        let args = [CoreValue::F32(x.to_bits()), CoreValue::F64(y.to_bits())];
        let got = rv::invoke(&mut instance, export, &args, &mut host);
        assert!(
            matches!(got, CallOutcome::Returned(_)),
            "{export}({x}): {got:?}"
        );
        assert_eq!(
            instance.global(global),
            Some(CoreValue::I32(x.to_bits() as i32)),
            "{export}({x})"
        );
    }
}

/// The module `file` in `regressions/oracle-bugs/`, compiled and loaded.
fn oracle_bug_package(file: &str) -> std::sync::Arc<rivet_runtime::instance::LoadedPackage> {
    use rivet_conformance::rivet::{self as rv, CompileOutcome};
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions/oracle-bugs")
        .join(file);
    let CompileOutcome::Compiled(pkg) = rv::compile(&wat_to_wasm(&path)) else {
        panic!("{file}: compile failed")
    };
    pkg
}

/// A fresh instance of `file`'s package `pkg` with the differential's host.
fn oracle_bug_instance(
    file: &str,
    pkg: &std::sync::Arc<rivet_runtime::instance::LoadedPackage>,
    host: &mut common::differential::host::RivetHost,
) -> Box<rivet_runtime::instance::Instance> {
    use rivet_conformance::rivet::{self as rv, InstantiateOutcome};
    let InstantiateOutcome::Ready(instance) = rv::instantiate(pkg, host) else {
        panic!("{file}: instantiate failed")
    };
    instance
}
