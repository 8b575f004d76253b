//! Canonical-ABI conformance: runs the reference vectors against `rivet_runtime::cabi`.
//!
//! Reads the files named in `RIVET_CABI_VECTORS` (colon-separated) when set, otherwise
//! the vendored `conformance/vectors/vectors-dev.json` (produced by the Component
//! Model's reference implementation; format in `conformance/vectors/FORMAT.md`).
//! Prints one line per failing case and a final `N passed, M failed`.

use std::path::{Path, PathBuf};

use rivet_conformance::cabi_vectors::{run_file, Report};

/// The default vector file, vendored in this crate.
fn default_vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors/vectors-dev.json")
}

#[test]
fn cabi_vectors() {
    let files: Vec<PathBuf> = match std::env::var("RIVET_CABI_VECTORS") {
        Ok(v) if !v.is_empty() => v
            .split(':')
            .filter(|s| !s.is_empty())
            .map(PathBuf::from)
            .collect(),
        _ => vec![default_vectors()],
    };
    let mut report = Report::default();
    for f in &files {
        println!("cabi vectors: {}", f.display());
        if let Err(e) = run_file(f, &mut report) {
            panic!("{}: {e:#}", f.display());
        }
    }
    for line in &report.failures {
        println!("FAIL {line}");
    }
    for (section, (p, f)) in &report.by_section {
        println!("{section} cases: {p} passed, {f} failed");
    }
    println!("{} passed, {} failed", report.passed, report.failed);
    assert!(report.passed > 0, "no vector cases were run");
    assert_eq!(
        report.failed, 0,
        "{} canonical-ABI vector cases failed",
        report.failed
    );
}
