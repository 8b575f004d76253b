//! The no_std Rust programs of `examples/programs`, built to wasm32 once per test
//! binary by `scripts/build-wasm-programs.sh` (tests comparing them with wasmi).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds every program into `CARGO_TARGET_TMPDIR/wasm-programs` and returns that
/// directory; fails with the install command when no wasm32 toolchain is present.
pub fn build_programs() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let out = tmp.join("wasm-programs");
    let status = Command::new("bash")
        .arg(root.join("scripts/build-wasm-programs.sh"))
        .env("WASM_PROGRAMS_OUT", &out)
        .env("WASM_PROGRAMS_TARGET", tmp.join("wasm-programs-build"))
        .status()
        .expect("run scripts/build-wasm-programs.sh");
    assert!(
        status.success(),
        "building the wasm programs failed ({status}); install a wasm32 toolchain: \
         `rustup target add wasm32-unknown-unknown`, or on Debian \
         `apt-get install -y rustc-web cargo-web rust-web-src lld-16`"
    );
    out
}
