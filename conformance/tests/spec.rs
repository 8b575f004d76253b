//! Runs every WebAssembly spec script in `conformance/testsuite/wasm-spec/` (vendored
//! from the WebAssembly testsuite; see its README and LICENSE)
//! through Rivet, prints per-file and total counts, and fails if any directive failed
//! (skips, each with its reason, are allowed: unsupported features are not passes).
//! The files of `testsuite/wasm-spec-next/` that Rivet passes join the gate through
//! [`NEXT_FILES`]; the rest (tables, references, binary) wait for their features.

use std::path::PathBuf;

fn suite_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testsuite/wasm-spec");
    dir.canonicalize().unwrap_or(dir)
}

/// The `wasm-spec-next` scripts in the gate: every float file (soft float, bit-exact).
const NEXT_FILES: &[&str] = &[
    "f32",
    "f32_bitwise",
    "f32_cmp",
    "f64",
    "f64_bitwise",
    "f64_cmp",
    "float_exprs",
    "float_literals",
    "float_memory",
    "float_misc",
];

#[test]
fn wasm_spec_testsuite() {
    let dir = suite_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the spec testsuite at {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "wast"))
        .collect();
    let next = dir.with_file_name("wasm-spec-next");
    for name in NEXT_FILES {
        let path = next.join(format!("{name}.wast"));
        assert!(path.is_file(), "missing {}", path.display());
        files.push(path);
    }
    files.sort();
    assert!(!files.is_empty(), "no .wast files in {}", dir.display());

    let mut out = Vec::new();
    let summary =
        rivet_conformance::wast::run_files(&files, true, &mut out).expect("write to memory");
    let text = String::from_utf8_lossy(&out);
    println!("{text}");
    assert!(summary.passed > 0, "nothing passed");
    assert_eq!(
        summary.failed,
        0,
        "spec failures (see above): {}",
        summary.final_line()
    );
}
