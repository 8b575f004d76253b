//! Helpers shared by the CLI's end-to-end tests: the example contracts built once
//! into the shared target tmp dir, and running the `rivet` binary.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

#[path = "../../../tests/support/contracts.rs"]
mod support;
pub use support::contracts;

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
