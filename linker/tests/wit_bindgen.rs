//! Real wit-bindgen output (see tests/fixtures/README.md) decodes and links.

mod common;

use common::*;
use rivet_format::manifest::Provider;
use rivet_linker::{link, LinkInput};

fn guest() -> LinkInput {
    let wasm = include_bytes!("fixtures/wallet-wit-bindgen.wasm");
    let mut sections = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::CustomSection(c) = payload.unwrap() {
            if c.name().starts_with("component-type") {
                sections.push((c.name().to_string(), c.data().to_vec()));
            }
        }
    }
    assert_eq!(sections.len(), 1);
    LinkInput {
        name: "wallet".into(),
        code_hash: rivet_format::CodeHash::of(wasm),
        world_sections: sections,
        core_exports: Vec::new(),
    }
}

#[test]
fn wit_bindgen_world_links_against_the_host_and_a_note() {
    let wallet = guest();
    let basic = "package rivet:wallet@1.0.0;
interface basic {
    use rivet:base/types@0.1.0.{asset, account-id};
    receive-asset: func(asset: asset);
    balance: func(faucet: account-id) -> u64;
}
";
    let note = input("p2id", &[basic, &p2id_wit("1.0.0")], "p2id");
    let m = link(&[wallet.clone(), note.clone()], None).unwrap();
    let w = m.component(&wallet.code_hash).unwrap();
    assert_eq!(w.world, "rivet:wallet/wallet-account@1.0.0");
    let exported = w.export("rivet:wallet/basic@1.0.0").unwrap();
    assert_eq!(exported.functions, ["balance", "receive-asset"]);
    for host in ["rivet:base/account@0.1.0", "rivet:base/tx@0.1.0"] {
        assert_eq!(
            w.import(host).unwrap().provider,
            Provider::Host {
                interface: host.into()
            }
        );
    }
    let n = m.component(&note.code_hash).unwrap();
    assert_eq!(
        n.import("rivet:wallet/basic@1.0.0").unwrap().provider,
        Provider::Component {
            hash: wallet.code_hash,
            interface: "rivet:wallet/basic@1.0.0".into()
        }
    );
}

/// The example contracts' worlds (examples/contracts/wit) link into one manifest, and
/// the client's import of `types` (every WIT type kind, a resource included) checks.
#[test]
fn example_contract_worlds_link() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/contracts/wit/kitchen.wit"
    );
    let wit = std::fs::read_to_string(path).unwrap();
    let kitchen = input("kitchen", &[&wit], "kitchen");
    let client = input("kitchen-client", &[&wit], "kitchen-client");
    let m = link(&[client.clone(), kitchen.clone()], None).unwrap();
    assert_eq!(
        m.component(&client.code_hash)
            .unwrap()
            .import("rivet:kitchen/types@0.1.0")
            .unwrap()
            .provider,
        Provider::Component {
            hash: kitchen.code_hash,
            interface: "rivet:kitchen/types@0.1.0".into()
        }
    );
}
