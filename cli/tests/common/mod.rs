//! Helpers shared by the CLI's end-to-end tests: the example contracts built once
//! into the shared target tmp dir, and running the `rivet` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The example contracts, built once (`scripts/build-contracts.sh`; needs the
/// toolchains of `scripts/setup.sh`) into the shared target tmp dir.
pub fn contracts() -> PathBuf {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("contracts");
        let r = Command::new("bash")
            .arg(root.join("scripts/build-contracts.sh"))
            .env("RIVET_CONTRACTS_OUT", &out)
            .output()
            .expect("running bash");
        assert!(
            r.status.success(),
            "scripts/build-contracts.sh failed (toolchains: scripts/setup.sh):\n{}",
            String::from_utf8_lossy(&r.stderr)
        );
        out
    })
    .clone()
}

/// Runs `rivet ARGS EXTRA` in `dir`; returns (exit code, stdout, stderr).
pub fn run_rivet(dir: &Path, args: &[&str], extra: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rivet"))
        .args(args)
        .args(extra)
        .current_dir(dir)
        .output()
        .expect("running rivet");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
