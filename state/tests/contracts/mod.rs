//! Builds the example contracts once per test binary and compiles them to packages.

use rivet_format::package::Package;
use std::collections::BTreeMap;

#[path = "../../../tests/support/contracts.rs"]
mod support;
pub use support::contracts as build;

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
