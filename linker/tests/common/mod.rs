//! Fixtures: linker inputs built from WIT text, the way wit-bindgen embeds worlds, so
//! the tests need no wasm compiler.

#![allow(dead_code)]

use rivet_format::CodeHash;
use rivet_linker::{LinkErrors, LinkInput};
use wit_component::StringEncoding;
use wit_parser::Resolve;

/// The WIT of `rivet:wallet@<version>`'s `basic` interface as a provider exports it.
pub fn wallet_wit(version: &str) -> String {
    format!(
        r#"package rivet:wallet@{version};
interface basic {{
    use rivet:base/types@0.1.0.{{asset, account-id}};
    receive-asset: func(asset: asset);
    move-asset-to-note: func(asset: asset, note-idx: u32) -> result<_, string>;
    balance: func(faucet: account-id) -> u64;
}}
world wallet-account {{
    include rivet:base/account-component@0.1.0;
    export basic;
}}
"#
    )
}

/// A note script importing `rivet:wallet/basic@<version>`.
pub fn p2id_wit(version: &str) -> String {
    format!(
        r#"package rivet:p2id@1.0.0;
world p2id {{
    include rivet:base/note-script@0.1.0;
    import rivet:wallet/basic@{version};
}}
"#
    )
}

/// Encodes `world` of the last of `sources` (each a WIT file; `rivet:base` is always
/// available) as a `component-type` section, and wraps it as a linker input whose code
/// hash is that of [`package_bytes`].
pub fn input(name: &str, sources: &[&str], world: &str) -> LinkInput {
    let mut all = vec![rivet_linker::host::BASE_WIT];
    all.extend_from_slice(sources);
    input_raw(name, &all, world)
}

/// Like [`input`], without `rivet:base` (for importers with their own view of it).
pub fn input_raw(name: &str, sources: &[&str], world: &str) -> LinkInput {
    let mut resolve = Resolve::default();
    let mut last = None;
    for (i, src) in sources.iter().enumerate() {
        last = Some(
            resolve
                .push_source(&format!("{name}-{i}.wit"), src)
                .unwrap_or_else(|e| panic!("fixture {name}: {e:#}")),
        );
    }
    let world = resolve.select_world(&[last.unwrap()], Some(world)).unwrap();
    let section =
        wit_component::metadata::encode(&resolve, world, StringEncoding::UTF8, None, false)
            .unwrap();
    let mut i = LinkInput {
        name: name.to_string(),
        code_hash: CodeHash::default(),
        world_sections: vec![(format!("component-type:{name}"), section)],
        core_exports: Vec::new(),
    };
    i.code_hash = CodeHash::of(&package_bytes(&i));
    i
}

/// Stand-in for a package's bytes: whatever the code hash is computed over.
pub fn package_bytes(i: &LinkInput) -> Vec<u8> {
    let mut out = i.name.as_bytes().to_vec();
    for (n, d) in &i.world_sections {
        out.extend_from_slice(n.as_bytes());
        out.extend_from_slice(d);
    }
    out
}

pub fn wallet(version: &str) -> LinkInput {
    input(
        &format!("wallet-{version}"),
        &[&wallet_wit(version)],
        "wallet-account",
    )
}

pub fn p2id(version: &str) -> LinkInput {
    input("p2id", &[&wallet_wit(version), &p2id_wit(version)], "p2id")
}

/// The error messages of a failed link.
pub fn messages(e: LinkErrors) -> Vec<String> {
    e.0.iter().map(|e| e.to_string()).collect()
}

/// A minimal valid package carrying `input`'s WIT sections (for tamper tests).
pub fn package(input: &LinkInput) -> rivet_format::package::Package {
    use rivet_format::package::{CustomSection, Package};
    Package::interface_only(
        input
            .world_sections
            .iter()
            .map(|(name, bytes)| CustomSection {
                name: name.clone(),
                bytes: bytes.clone(),
            })
            .collect(),
    )
}
