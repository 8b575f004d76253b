//! Shared by the harness tests: the example contracts built once per test binary by
//! scripts/build-contracts.sh into the target's shared temporary directory, and a
//! chain with some of them and the standard auth components linked.
#![allow(dead_code)]

use rivet_testing::Chain;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The directory holding the built `<name>.wasm` files.
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

/// The standard auth components, loaded into every chain.
pub const AUTH: &[&str] = &["auth-none", "auth-ed25519", "auth-multisig"];

/// A chain with the named examples and the auth components loaded and linked.
pub fn chain(names: &[&str]) -> Chain {
    let dir = contracts();
    let mut c = Chain::new().unwrap();
    for n in names.iter().chain(AUTH) {
        c.add_wasm_file(n, dir.join(format!("{n}.wasm"))).unwrap();
    }
    c.link().unwrap();
    c
}
