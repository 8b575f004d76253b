//! `rivet new account|note|tx-script|component|c NAME`: scaffolds a contract that
//! builds with `rivet build`.
//!
//! A Rust crate is standalone (its own `[workspace]`), depends on `rivet-sdk` by path
//! (this checkout's `sdk/` unless `--sdk` says otherwise) and carries the WIT it
//! needs under `wit/deps/`, so wit-bindgen resolves `rivet:base` (and `rivet:wallet`)
//! without network access. An account also gets `tests-host/`, a host-side crate
//! whose `cargo test` builds the account and tests it with `rivet-testing`. A C
//! contract is a `.c` file plus `wit/`; `rivet build` generates its bindings.

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What kind of contract to scaffold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// An account component: storage, vault, an exported interface.
    Account,
    /// A note script: runs when its note is consumed; may refuse.
    Note,
    /// A transaction script: `run(args)`, here sending an asset from a wallet.
    TxScript,
    /// A plain component: an exported interface, no host interfaces.
    Component,
    /// A C component (wit-bindgen c + clang), no host interfaces.
    C,
}

/// Arguments of `rivet new`.
#[derive(clap::Args)]
pub struct Args {
    /// Account component or note script.
    pub kind: Kind,
    /// Crate, WIT package and world name: lowercase words joined by `-`.
    pub name: String,
    /// Parent directory of the new crate.
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Path of the rivet-sdk crate (default: this checkout's `sdk/`).
    #[arg(long)]
    pub sdk: Option<PathBuf>,
}

const BASE_WIT: &str = rivet_linker::host::BASE_WIT;
const WALLET_WIT: &str = include_str!("../../../examples/contracts/basic-wallet/wit/wallet.wit");

const CARGO_TOML: &str = r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
rivet-sdk = { path = "{sdk}" }

[profile.release]
panic = "abort"
opt-level = "s"
lto = true
codegen-units = 1
strip = "debuginfo"

[profile.dev]
panic = "abort"

# A contract is built on its own, for wasm32.
[workspace]
"#;

const ACCOUNT_WIT: &str = r#"package local:{name}@0.1.0;

interface api {
    /// Adds `by` to the counter in storage slot 0 and returns it; transaction
    /// scripts only.
    bump: func(by: u64) -> result<u64, string>;
    /// The counter.
    get: func() -> u64;
}

world {name} {
    include rivet:base/account-component@0.1.0;
    export api;
}
"#;

const ACCOUNT_RS: &str = r#"//! The `{name}` account component: exports `local:{name}/api`.

#![no_std]
extern crate alloc;

use alloc::string::String;

rivet_sdk::wit_bindgen::generate!({
    world: "local:{name}/{name}",
    path: "wit",
    runtime_path: "rivet_sdk::wit_bindgen::rt",
    with: {
        "rivet:base/types@0.1.0": rivet_sdk::types,
        "rivet:base/account@0.1.0": rivet_sdk::account,
        "rivet:base/tx@0.1.0": rivet_sdk::tx,
    },
});

use exports::local::{ident}::api::Guest;
use rivet_sdk::types::CallerKind;
use rivet_sdk::{account, caller, storage};

struct Contract;

impl Guest for Contract {
    fn bump(by: u64) -> Result<u64, String> {
        caller::require_kind("bump", CallerKind::TxScript)?;
        let next = storage::get_u64(0)?
            .checked_add(by)
            .ok_or_else(|| String::from("bump: counter overflow"))?;
        storage::set_u64(0, next)?;
        account::incr_nonce();
        Ok(next)
    }

    fn get() -> u64 {
        storage::get_u64(0).unwrap_or(0)
    }
}

export!(Contract);
"#;

const NOTE_WIT: &str = r#"package local:{name}@0.1.0;

world {name} {
    include rivet:base/note-script@0.1.0;
    import rivet:wallet/basic@0.1.0;
}
"#;

const NOTE_RS: &str = r#"//! The `{name}` note script: inputs `[prefix, suffix]` name the account that may
//! consume it; its assets go to that account's wallet.

#![no_std]
extern crate alloc;

use alloc::string::String;

rivet_sdk::wit_bindgen::generate!({
    world: "local:{name}/{name}",
    path: "wit",
    runtime_path: "rivet_sdk::wit_bindgen::rt",
    generate_all,
    with: {
        "rivet:base/types@0.1.0": rivet_sdk::types,
        "rivet:base/note@0.1.0": rivet_sdk::note,
        "rivet:base/tx@0.1.0": rivet_sdk::tx,
    },
});

use rivet::wallet::basic;
use rivet_sdk::types::AccountId;
use rivet_sdk::{note, tx};

struct Script;

impl Guest for Script {
    fn run() -> Result<(), String> {
        let target = AccountId::from_inputs(&note::inputs())
            .ok_or_else(|| String::from("{name}: inputs must hold the target account id"))?;
        if tx::executing_account() != target {
            return Err(String::from("{name}: consumed by the wrong account"));
        }
        for asset in note::assets() {
            basic::receive_asset(asset)?;
        }
        Ok(())
    }
}

export!(Script);
"#;

/// True for WIT-compatible names: `-`-separated lowercase words starting with a letter.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name != "api"
        && name.split('-').all(|w| {
            w.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn fill(template: &str, name: &str, sdk: &Path) -> String {
    let testing = sdk
        .parent()
        .map_or_else(|| sdk.join("../testing"), |p| p.join("testing"));
    template
        .replace("{name}", name)
        .replace("{ident}", &name.replace('-', "_"))
        .replace("{sdk}", &sdk.display().to_string())
        .replace("{testing}", &testing.display().to_string())
}

/// The files of a new contract: (path relative to its directory, contents).
pub fn files(kind: Kind, name: &str, sdk: &Path) -> Vec<(PathBuf, String)> {
    use super::templates as t;
    let wit = PathBuf::from(format!("wit/{name}.wit"));
    if kind == Kind::C {
        return vec![
            (
                PathBuf::from(format!("{name}.c")),
                fill(t::C_SRC, name, sdk),
            ),
            (wit, fill(t::C_WIT, name, sdk)),
        ];
    }
    let mut out = vec![
        (PathBuf::from("Cargo.toml"), fill(CARGO_TOML, name, sdk)),
        (
            PathBuf::from("wit/deps/rivet-base/base.wit"),
            BASE_WIT.to_string(),
        ),
    ];
    match kind {
        Kind::Account => {
            out.push((
                PathBuf::from(format!("wit/{name}.wit")),
                fill(ACCOUNT_WIT, name, sdk),
            ));
            out.push((PathBuf::from("src/lib.rs"), fill(ACCOUNT_RS, name, sdk)));
            for (path, text) in [
                ("tests-host/Cargo.toml", t::HARNESS_TOML),
                ("tests-host/src/lib.rs", t::HARNESS_LIB),
                (&format!("tests-host/tests/{name}.rs"), t::HARNESS_TEST),
            ] {
                out.push((PathBuf::from(path), fill(text, name, sdk)));
            }
        }
        Kind::Note => {
            out.push((
                PathBuf::from("wit/deps/rivet-wallet/wallet.wit"),
                WALLET_WIT.to_string(),
            ));
            out.push((
                PathBuf::from(format!("wit/{name}.wit")),
                fill(NOTE_WIT, name, sdk),
            ));
            out.push((PathBuf::from("src/lib.rs"), fill(NOTE_RS, name, sdk)));
        }
        Kind::TxScript => {
            out.push((
                PathBuf::from("wit/deps/rivet-wallet/wallet.wit"),
                WALLET_WIT.to_string(),
            ));
            out.push((wit, fill(t::TX_WIT, name, sdk)));
            out.push((PathBuf::from("src/lib.rs"), fill(t::TX_RS, name, sdk)));
        }
        Kind::Component => {
            out.push((wit, fill(t::COMPONENT_WIT, name, sdk)));
            out.push((
                PathBuf::from("src/lib.rs"),
                fill(t::COMPONENT_RS, name, sdk),
            ));
        }
        Kind::C => unreachable!("returned above"),
    }
    out
}

/// Writes the crate; refuses to touch an existing directory.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !valid_name(&args.name) {
        bail!(
            "`{}` is not a valid contract name: use lowercase words joined by `-` (e.g. `my-wallet`), not `api`",
            args.name
        );
    }
    let sdk = match args.sdk {
        Some(p) => p,
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../sdk"),
    };
    let sdk = sdk
        .canonicalize()
        .with_context(|| format!("rivet-sdk not found at {} (pass --sdk)", sdk.display()))?;
    let root = args.dir.join(&args.name);
    if root.exists() {
        bail!("{} already exists", root.display());
    }
    for (rel, text) in files(args.kind, &args.name, &sdk) {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    println!(
        "created {} ({}); build it with: rivet build {}",
        root.display(),
        match args.kind {
            Kind::Account => "account component; host tests: cargo test in tests-host/",
            Kind::Note => "note script",
            Kind::TxScript => "transaction script",
            Kind::Component => "component",
            Kind::C => "C component",
        },
        root.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_wit_rules() {
        for ok in ["wallet", "my-note", "p2id", "a1-b2"] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in [
            "", "Wallet", "my_note", "-x", "x-", "1x", "a--b", "api", "x y",
        ] {
            assert!(!valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn templates_are_filled_completely() {
        for kind in [
            Kind::Account,
            Kind::Note,
            Kind::TxScript,
            Kind::Component,
            Kind::C,
        ] {
            for (path, text) in files(kind, "my-thing", Path::new("/sdk")) {
                for hole in ["{name}", "{ident}", "{sdk}", "{testing}"] {
                    assert!(
                        !text.contains(hole),
                        "{} still contains {hole}",
                        path.display()
                    );
                }
            }
        }
    }
}
