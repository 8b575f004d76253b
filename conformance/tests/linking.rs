//! Wasm-level linking in the spec runner, on Rivet's own scripts in `tests/linking/`:
//! every directive must pass, none may be skipped or left to the text parser.

use std::path::PathBuf;

#[test]
fn shared_items_and_unlinkable_imports() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/linking");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/linking exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wast"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut out = Vec::new();
    let summary = rivet_conformance::wast::run_files(&files, true, &mut out).unwrap();
    let text = String::from_utf8_lossy(&out);
    println!("{text}");
    assert_eq!(summary.failed, 0, "{text}");
    assert_eq!(summary.skipped, 0, "{text}");
    assert_eq!(summary.parser_only, 0, "{text}");
    assert!(summary.passed >= 50, "{text}");
}

/// Function references crossing instances (`tests/linking/funcrefs*.wast`): another
/// instance's function in a shared table or global, passed as an argument or
/// result, copied with table operations, checked for its signature, and written by
/// an instantiation that then trapped. Every directive passes, and their number is
/// pinned so that a directive silently dropped from the count shows up.
#[test]
fn cross_instance_function_references() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/linking");
    let mut out = Vec::new();
    let files = [dir.join("funcrefs.wast"), dir.join("funcrefs_trapped.wast")];
    let summary = rivet_conformance::wast::run_files(&files, true, &mut out).unwrap();
    let text = String::from_utf8_lossy(&out);
    println!("{text}");
    assert_eq!(summary.failed, 0, "{text}");
    assert_eq!(summary.skipped, 0, "{text}");
    assert_eq!(summary.parser_only, 0, "{text}");
    assert_eq!(summary.passed, 88, "{text}");
}
