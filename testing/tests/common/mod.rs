//! Shared by the harness tests: the example contracts built once per test binary by
//! scripts/build-contracts.sh into the target's shared temporary directory, and a
//! chain with some of them and the standard auth components linked.
#![allow(dead_code)]

use rivet_testing::Chain;

#[path = "../../../tests/support/contracts.rs"]
mod support;
pub use support::contracts;

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
