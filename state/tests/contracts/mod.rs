//! Builds the example contracts once per test binary and compiles them to packages.

use rivet_format::package::Package;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Runs scripts/build-contracts.sh into this target's temp dir (once per process);
/// panics with the install hint when a toolchain is missing.
pub fn build() -> PathBuf {
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

/// Compiles the named contracts; panics listing every compiler rejection.
pub fn compile(names: &[&'static str]) -> BTreeMap<&'static str, Package> {
    let out = build();
    let mut packages = BTreeMap::new();
    let mut errors = Vec::new();
    for name in names {
        let path = out.join(format!("{name}.wasm"));
        let wasm = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        match rivet_compiler::compile(&wasm, &Default::default()) {
            Ok(p) => {
                packages.insert(*name, p);
            }
            Err(e) => errors.push(format!("{name}: {e}")),
        }
    }
    assert!(
        errors.is_empty(),
        "the compiler rejected contracts:\n{}",
        errors.join("\n")
    );
    packages
}

/// The hostile note script of `thief.wat`, with its WIT world attached.
#[allow(dead_code)] // Not every test binary including this module uses it.
pub fn thief() -> Package {
    let mut wasm = wat::parse_str(include_str!("thief.wat")).unwrap();
    let (name, data) =
        rivet_linker::embed::world_section(&[("thief.wit", include_str!("thief.wit"))], "thief")
            .unwrap();
    let mut body = Vec::new();
    leb128(&mut body, name.len() as u64);
    body.extend_from_slice(name.as_bytes());
    body.extend_from_slice(&data);
    wasm.push(0);
    leb128(&mut wasm, body.len() as u64);
    wasm.extend_from_slice(&body);
    rivet_compiler::compile(&wasm, &Default::default()).unwrap()
}

#[allow(dead_code)]
fn leb128(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}
