//! The spec gate: runs every WebAssembly spec script in `conformance/testsuite/wasm-spec/`
//! and the listed ones of `wasm-spec-next/` (vendored from the WebAssembly testsuite;
//! see their README and LICENSE) through Rivet, prints per-file and total counts, and
//! fails on any failed directive and on any skip that is not SIMD or threads (or a
//! kind in [`TEMPORARILY_ALLOWED_SKIPS`]). Malformed text modules the `wast` parser
//! refuses are not Rivet's decision: they are counted apart, never as passes.

use rivet_conformance::wast::{self, SkipKind, Summary};
use std::path::PathBuf;

/// Skip kinds allowed until their support lands (none now: floats, tables and
/// references are all supported; only SIMD and threads may be skipped).
const TEMPORARILY_ALLOWED_SKIPS: &[&str] = &[];

/// The wasm-spec-next scripts that pass and belong to the gate (tables, references,
/// binary decoding, floats).
const NEXT_FILES: &[&str] = &[
    "binary.wast",
    "f32.wast",
    "f32_bitwise.wast",
    "f32_cmp.wast",
    "f64.wast",
    "f64_bitwise.wast",
    "f64_cmp.wast",
    "float_exprs.wast",
    "float_literals.wast",
    "float_memory.wast",
    "float_misc.wast",
    "memory_redundancy.wast",
    "ref_func.wast",
    "ref_is_null.wast",
    "ref_null.wast",
    "skip-stack-guard-page.wast",
    "table-sub.wast",
    "table.wast",
    "table_copy.wast",
    "table_fill.wast",
    "table_get.wast",
    "table_grow.wast",
    "table_init.wast",
    "table_set.wast",
    "table_size.wast",
    "type.wast",
];

fn testsuite() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testsuite");
    dir.canonicalize().unwrap_or(dir)
}

fn gate_files() -> Vec<PathBuf> {
    let dir = testsuite().join("wasm-spec");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the spec testsuite at {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "wast"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .wast files in {}", dir.display());
    let next = testsuite().join("wasm-spec-next");
    for name in NEXT_FILES {
        let path = next.join(name);
        assert!(path.is_file(), "gate file {} is missing", path.display());
        files.push(path);
    }
    files
}

/// Whether the gate accepts a skip of this kind.
fn allowed(kind: SkipKind) -> bool {
    matches!(kind, SkipKind::Simd | SkipKind::Threads)
        || TEMPORARILY_ALLOWED_SKIPS.contains(&kind.name())
}

#[test]
fn wasm_spec_testsuite() {
    let mut summary = Summary::default();
    let mut problems = Vec::new();
    for path in gate_files() {
        let report = match wast::run_file(&path) {
            Ok(report) => report,
            Err(err) => {
                problems.push(format!("{err}"));
                continue;
            }
        };
        println!("{}", report.summary_line());
        for failure in &report.failures {
            let tag = if failure.wrong_reason {
                " [wrong reason]"
            } else {
                ""
            };
            problems.push(format!("FAIL {}:{failure}{tag}", report.name));
        }
        for (reason, n) in &report.skips {
            let kind = SkipKind::of(reason);
            if !allowed(kind) {
                problems.push(format!(
                    "SKIP not allowed ({}): {}: {n} x {reason}",
                    kind.name(),
                    report.name
                ));
            }
        }
        summary.add(&report);
    }
    println!("{}", summary.parser_only_line());
    println!("{}", summary.final_line());
    assert!(summary.passed > 0, "nothing passed");
    assert!(
        problems.is_empty(),
        "the spec gate found {} problem(s) ({}); only SIMD/threads skips (and {:?} for now) \
         are allowed:\n{}",
        problems.len(),
        summary.final_line(),
        TEMPORARILY_ALLOWED_SKIPS,
        problems.join("\n")
    );
}

#[test]
fn skip_kinds_are_read_from_the_reasons() {
    let cases = [
        ("f32 values", SkipKind::Float),
        (
            "calls unsupported code: f64.add: contracts are integer-only",
            SkipKind::Float,
        ),
        (
            "unsupported: i8x16.add: SIMD is not supported",
            SkipKind::Simd,
        ),
        ("v128 values", SkipKind::Simd),
        // What the compiler says of modules and blocks that need a v128.
        (
            "unsupported module feature: v128 values are not supported",
            SkipKind::Simd,
        ),
        (
            "calls unsupported code: v128 block result: not supported",
            SkipKind::Simd,
        ),
        (
            "thread directive (not supported by this runner)",
            SkipKind::Threads,
        ),
        // Anything else, including sharing Rivet does not model, is not allowed.
        (
            "memory shared between instances (each instance owns its memory)",
            SkipKind::Other,
        ),
        (
            "unsupported module feature: only one table is supported",
            SkipKind::Other,
        ),
    ];
    for (reason, kind) in cases {
        assert_eq!(SkipKind::of(reason), kind, "{reason}");
    }
    assert!(!allowed(SkipKind::Other));
}
