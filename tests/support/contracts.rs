//! The example contracts for end-to-end tests of several crates, built once per test
//! binary by `scripts/build-contracts.sh` into the including crate's shared target
//! temporary directory (`CARGO_TARGET_TMPDIR/contracts`), so the test binaries of one
//! crate reuse one build. Included with `#[path]` rather than made a crate: it is a few
//! lines, and `env!` must name the including crate's directories.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The directory holding the built `<name>.wasm` files. Panics (fails the test) with
/// the install hint and the tail of the script's output when a toolchain is missing.
pub fn contracts() -> PathBuf {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("contracts");
        let result = Command::new("bash")
            .arg(root.join("scripts/build-contracts.sh"))
            .env("RIVET_CONTRACTS_OUT", &out)
            .output()
            .expect("running bash");
        let stderr = String::from_utf8_lossy(&result.stderr);
        let tail: Vec<_> = stderr.lines().rev().take(30).collect();
        assert!(
            result.status.success(),
            "scripts/build-contracts.sh failed ({}); install the contract toolchains with \
             scripts/setup.sh and `cargo install wit-bindgen-cli --version 0.61.1 --locked`:\n{}",
            result.status,
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
        out
    })
    .clone()
}
