//! The example contracts (Rust, C, WAT) build with scripts/build-contracts.sh, compile
//! to packages with `rivet_compiler::compile`, and link into one manifest in which
//! every cross-contract import reaches the intended provider.
//!
//! Fails (never skips) when a contract toolchain is missing, with the install command.

mod contracts;

use rivet_format::manifest::{Manifest, Provider};
use rivet_format::package::Package;
use rivet_linker::LinkInput;
use std::collections::BTreeMap;

/// The contracts linked together (kitchen and kitchen-client are another test's).
const CONTRACTS: [&str; 10] = [
    "auth-ed25519",
    "auth-multisig",
    "basic-wallet",
    "p2id",
    "fungible-faucet",
    "counter-user",
    "counter-c",
    "adder-wat",
    "send-asset-tx",
    "mint-tx",
];

fn link(packages: &BTreeMap<&'static str, Package>) -> Manifest {
    let inputs: Vec<_> = packages
        .iter()
        .map(|(n, p)| LinkInput::from_package(*n, p))
        .collect();
    match rivet_linker::link(&inputs, None) {
        Ok(m) => m,
        Err(e) => panic!("linking the examples failed:\n{e}"),
    }
}

fn provider(m: &Manifest, packages: &BTreeMap<&str, Package>, who: &str, import: &str) -> Provider {
    let hash = packages[who].code_hash();
    let c = m
        .component(&hash)
        .unwrap_or_else(|| panic!("{who} is not in the manifest"));
    c.import(import)
        .unwrap_or_else(|| panic!("{who} has no import {import}: {:?}", c.imports))
        .provider
        .clone()
}

#[test]
fn examples_build_compile_and_link() {
    let packages = contracts::compile(&CONTRACTS);
    let manifest = link(&packages);
    let component = |name: &str, interface: &str| Provider::Component {
        hash: packages[name].code_hash(),
        interface: interface.into(),
    };
    let host = |interface: &str| Provider::Host {
        interface: interface.into(),
    };

    assert_eq!(
        provider(&manifest, &packages, "p2id", "rivet:wallet/basic@0.1.0"),
        component("basic-wallet", "rivet:wallet/basic@0.1.0")
    );
    assert_eq!(
        provider(
            &manifest,
            &packages,
            "counter-user",
            "rivet:counter/counter@0.1.0"
        ),
        component("counter-c", "rivet:counter/counter@0.1.0")
    );
    assert_eq!(
        provider(
            &manifest,
            &packages,
            "counter-user",
            "rivet:adder/adder@0.1.0"
        ),
        component("adder-wat", "rivet:adder/adder@0.1.0")
    );
    assert_eq!(
        provider(
            &manifest,
            &packages,
            "send-asset-tx",
            "rivet:wallet/basic@0.1.0"
        ),
        component("basic-wallet", "rivet:wallet/basic@0.1.0")
    );
    assert_eq!(
        provider(
            &manifest,
            &packages,
            "mint-tx",
            "rivet:faucet/fungible@0.1.0"
        ),
        component("fungible-faucet", "rivet:faucet/fungible@0.1.0")
    );
    for (who, iface) in [
        ("basic-wallet", "rivet:base/account@0.1.0"),
        ("basic-wallet", "rivet:base/tx@0.1.0"),
        ("p2id", "rivet:base/note@0.1.0"),
        ("fungible-faucet", "rivet:base/account@0.1.0"),
        ("counter-c", "rivet:base/account@0.1.0"),
        ("auth-ed25519", "rivet:base/signature@0.1.0"),
        ("auth-multisig", "rivet:base/signature@0.1.0"),
    ] {
        assert_eq!(
            provider(&manifest, &packages, who, iface),
            host(iface),
            "{who}"
        );
    }
    worlds_and_exports(&manifest, &packages);
    // The manifest is deterministic bytes.
    let again = link(&packages);
    assert_eq!(again.encode(), manifest.encode());
    for (name, p) in &packages {
        eprintln!(
            "{name}: {} bytes package, hash {}",
            p.encode().len(),
            p.code_hash().short()
        );
    }
}

/// Each contract's world is exactly the one it declares, its exports carry the
/// functions the WIT declares, and every core import is resolved.
fn worlds_and_exports(manifest: &Manifest, packages: &BTreeMap<&'static str, Package>) {
    // Each contract's world is exactly the one it declares (the SDK embeds none).
    for (name, world) in [
        ("basic-wallet", "rivet:wallet/basic-wallet@0.1.0"),
        ("p2id", "rivet:p2id/p2id@0.1.0"),
        ("auth-ed25519", "rivet:auth-ed25519/auth-ed25519@0.1.0"),
        ("fungible-faucet", "rivet:faucet/fungible-faucet@0.1.0"),
        ("counter-user", "rivet:counter-user/counter-user@0.1.0"),
        ("counter-c", "rivet:counter/counter-c@0.1.0"),
        ("adder-wat", "rivet:adder/adder-wat@0.1.0"),
        ("send-asset-tx", "rivet:send-asset-tx/send-asset-tx@0.1.0"),
        ("mint-tx", "rivet:mint-tx/mint-tx@0.1.0"),
    ] {
        let c = manifest.component(&packages[name].code_hash()).unwrap();
        assert_eq!(c.world, world, "{name}");
    }
    let p2id = manifest.component(&packages["p2id"].code_hash()).unwrap();
    assert!(
        p2id.import("rivet:base/account@0.1.0").is_none(),
        "{:?}",
        p2id.imports
    );
    // Exports carry the functions the WIT declares.
    let exports = |name: &str, iface: &str| {
        manifest
            .component(&packages[name].code_hash())
            .and_then(|c| c.export(iface))
            .map(|e| e.functions.clone())
            .unwrap_or_else(|| panic!("{name} does not export {iface}"))
    };
    assert_eq!(
        exports("basic-wallet", "rivet:wallet/basic@0.1.0"),
        ["balance", "pay-note-sender", "receive-asset", "send-asset"]
    );
    assert_eq!(
        exports("fungible-faucet", "rivet:faucet/fungible@0.1.0"),
        ["issued", "max-supply", "mint"]
    );
    assert_eq!(
        exports("counter-c", "rivet:counter/counter@0.1.0"),
        ["get", "increment"]
    );
    assert_eq!(exports("adder-wat", "rivet:adder/adder@0.1.0"), ["add"]);
    assert_eq!(exports("p2id", "run"), ["run"]);
    // Every core import of every package is a function the manifest resolved.
    for (name, p) in packages {
        let c = manifest.component(&p.code_hash()).unwrap();
        for i in &p.imports {
            let known = c
                .imports
                .iter()
                .any(|imp| imp.name == i.module && imp.functions.contains(&i.name));
            assert!(
                known,
                "{name}: core import {}#{} is not in its resolved WIT imports",
                i.module, i.name
            );
        }
    }
}
