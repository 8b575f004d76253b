//! The source templates of `rivet new` beyond the account and the note: a
//! transaction script, a plain component (no host interfaces), a C component, and
//! the host-side harness test crate scaffolded next to an account.
//!
//! Placeholders: `{name}` (kebab-case), `{ident}` (snake_case), `{sdk}` and
//! `{testing}` (absolute paths of this checkout's rivet-sdk and rivet-testing).

/// A transaction script's world: run(args) with the wallet imported.
pub const TX_WIT: &str = r#"package local:{name}@0.1.0;

world {name} {
    include rivet:base/tx-script@0.1.0;
    import rivet:wallet/basic@0.1.0;
}
"#;

/// A transaction script sending an asset from the executing wallet.
pub const TX_RS: &str = r#"//! The `{name}` transaction script: `run([faucet.prefix, faucet.suffix, amount,
//! script-hash limbs 0..4, recipient.prefix, recipient.suffix])` sends `amount` of
//! the faucet's asset from the executing wallet in a note for `script-hash`.

#![no_std]
extern crate alloc;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

rivet_sdk::wit_bindgen::generate!({
    world: "local:{name}/{name}",
    path: "wit",
    runtime_path: "rivet_sdk::wit_bindgen::rt",
    generate_all,
    with: {
        "rivet:base/types@0.1.0": rivet_sdk::types,
        "rivet:base/tx@0.1.0": rivet_sdk::tx,
    },
});

use rivet::wallet::basic;
use rivet_sdk::types::{AccountId, Asset, Digest};

struct Script;

impl Guest for Script {
    fn run(args: Vec<u64>) -> Result<(), String> {
        let [fp, fs, amount, h0, h1, h2, h3, rp, rs] = args[..] else {
            return Err(format!("{name} takes 9 arguments, got {}", args.len()));
        };
        let script = Digest { w0: h0, w1: h1, w2: h2, w3: h3 };
        let asset = Asset::fungible(AccountId::new(fp, fs), amount);
        basic::send_asset(asset, script, AccountId::new(rp, rs))?;
        Ok(())
    }
}

export!(Script);
"#;

/// A plain component's world: an interface, no host interfaces.
pub const COMPONENT_WIT: &str = r#"package local:{name}@0.1.0;

interface api {
    /// `a + b`; an error when the sum does not fit.
    add: func(a: s64, b: s64) -> result<s64, string>;
}

world {name} {
    export api;
}
"#;

/// A plain component: callable with `rivet call`, no account needed.
pub const COMPONENT_RS: &str = r#"//! The `{name}` component: exports `local:{name}/api`, uses no host interface, so
//! `rivet call APP {name} local:{name}/api#add 2 -3` runs it directly.

#![no_std]
extern crate alloc;

use alloc::string::String;

rivet_sdk::wit_bindgen::generate!({
    world: "local:{name}/{name}",
    path: "wit",
    runtime_path: "rivet_sdk::wit_bindgen::rt",
});

use exports::local::{ident}::api::Guest;

struct Component;

impl Guest for Component {
    fn add(a: i64, b: i64) -> Result<i64, String> {
        a.checked_add(b).ok_or_else(|| String::from("add: overflow"))
    }
}

export!(Component);
"#;

/// A C component's world.
pub const C_WIT: &str = r#"package local:{name}@0.1.0;

interface api {
    /// `a * b`, wrapping.
    mul: func(a: u64, b: u64) -> u64;
}

world {name} {
    export api;
}
"#;

/// A C component (bindings by `wit-bindgen c`, built by `rivet build`).
pub const C_SRC: &str = r#"// The `{name}` component in C: exports local:{name}/api. `rivet build` generates
// the bindings ({ident}.h) with `wit-bindgen c` and compiles with clang for wasm32.
#include "{ident}.h"

uint64_t exports_local_{ident}_api_mul(uint64_t a, uint64_t b) {
    return a * b;
}
"#;

/// The host-side test crate next to an account: `cargo test` in `<crate>/tests-host`.
pub const HARNESS_TOML: &str = r#"[package]
name = "{name}-tests"
version = "0.1.0"
edition = "2021"
publish = false

# Host-side tests of the contract one directory up, with the rivet-testing harness.
[dev-dependencies]
rivet-testing = { path = "{testing}" }

[workspace]
"#;

/// An empty library root for the test crate.
pub const HARNESS_LIB: &str = "//! Host-side tests live in tests/.\n";

/// The scaffolded account's harness test.
pub const HARNESS_TEST: &str = r#"//! Tests of the `{name}` account with rivet-testing: builds the contract and the
//! example auth-ed25519 component with `rivet build` (the `RIVET` environment variable
//! names the binary, default `rivet`), then bumps the counter in transactions the
//! harness signs with the account's test key, reads it with a view call, and checks
//! that a stranger's signature is refused.

use rivet_testing::{AccountKind, Chain, ExecError, Signer, Storage, Val, Word};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `rivet build DIR -o OUT`.
fn build(dir: &Path, out: &Path) {
    let rivet = std::env::var("RIVET").unwrap_or_else(|_| "rivet".into());
    let r = Command::new(&rivet)
        .arg("build")
        .arg(dir)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap_or_else(|e| panic!("running {rivet} build (set RIVET to the binary): {e}"));
    assert!(r.status.success(), "rivet build {} failed:\n{}", dir.display(), String::from_utf8_lossy(&r.stderr));
}

fn chain() -> Chain {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    build(&dir, &out.join("{name}.rvp"));
    // Every account has an auth component; this one is owned by one ed25519 key.
    build(&Path::new("{testing}").join("../examples/contracts/auth-ed25519"), &out.join("auth-ed25519.rvp"));
    let mut chain = Chain::new().unwrap();
    chain.add_wasm_file("{name}", out.join("{name}.rvp")).unwrap();
    chain.add_wasm_file("auth-ed25519", out.join("auth-ed25519.rvp")).unwrap();
    chain.link().unwrap();
    chain
}

#[test]
fn bump_then_get() {
    let mut c = chain();
    let acct = c
        .create_account("acct", AccountKind::Regular, &["{name}", "auth-ed25519"], Storage::with_slots(1, 0))
        .unwrap();
    let bump = |c: &Chain, by: u64| c.tx(acct).call("{name}", "local:{name}/api#bump", vec![Val::U64(by)]);
    c.run(&bump(&c, 2)).unwrap();
    c.run(&bump(&c, 3)).unwrap();
    assert_eq!(c.storage(acct, 0).unwrap(), Word::from_u64(5));
    let got = c.view(acct, "{name}", "local:{name}/api#get", vec![]).unwrap();
    assert_eq!(got, vec![Val::U64(5)]);
    // Overflow is refused and nothing is committed.
    let e = c.refused(&bump(&c, u64::MAX)).unwrap();
    assert!(matches!(e, ExecError::EntryRefused { .. }), "{e}");
    // So is a transaction signed by someone else's key.
    let stranger = Signer::Ed25519(Chain::test_key("stranger"));
    let e = c.refused(&bump(&c, 1).signed_by(stranger)).unwrap();
    assert!(matches!(e, ExecError::AuthRefused { .. }), "{e}");
    assert_eq!(c.replay_all().unwrap(), 2);
}
"#;
