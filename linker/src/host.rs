//! The host's side of the graph: the `rivet:base` WIT package (`wit/base.wit`).
//!
//! The host is modelled as one more provider whose exports are every interface of
//! `rivet:base`, so host imports go through exactly the same name, version and
//! structural checks as imports between components.

use crate::input::{Item, Target, Unit};
use crate::names::ItemName;
use rivet_format::manifest::ItemKind;
use wit_parser::{PackageId, Resolve};

/// The `rivet:base` WIT source, embedded at build time.
pub const BASE_WIT: &str = include_str!("../../wit/base.wit");

/// Name the host goes by in diagnostics and in wiring files.
pub const HOST_NAME: &str = "host";

/// Parses the `rivet:base` package.
pub fn base_resolve() -> (Resolve, PackageId) {
    let mut resolve = Resolve::default();
    // The source is part of this crate and is parsed by a unit test, so failure here is
    // a build defect, not an input error.
    let pkg = resolve
        .push_source("wit/base.wit", BASE_WIT)
        .expect("wit/base.wit parses (checked by tests)");
    (resolve, pkg)
}

/// The host as a provider: exports every interface of `rivet:base`, imports nothing.
pub fn host_unit() -> Unit {
    let (resolve, pkg) = base_resolve();
    let exports = resolve.packages[pkg]
        .interfaces
        .values()
        .map(|&id| {
            let name = resolve.id_of(id).expect("package interfaces are named");
            Item {
                parsed: ItemName::parse(&name).expect("rivet:base versions are valid semver"),
                name,
                kind: ItemKind::Interface,
                target: Target::Interface(id),
            }
        })
        .collect();
    Unit {
        name: HOST_NAME.to_string(),
        hash: None,
        world: rivet_format::manifest::HOST_PACKAGE.to_string(),
        resolve,
        imports: Vec::new(),
        exports,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_package_parses_with_its_interfaces_and_worlds() {
        let (resolve, pkg) = base_resolve();
        let p = &resolve.packages[pkg];
        assert_eq!(p.name.to_string(), "rivet:base@0.1.0");
        let mut ifaces: Vec<&str> = p.interfaces.keys().map(String::as_str).collect();
        ifaces.sort();
        assert_eq!(ifaces, ["account", "note", "signature", "tx", "types"]);
        let mut worlds: Vec<&str> = p.worlds.keys().map(String::as_str).collect();
        worlds.sort();
        assert_eq!(
            worlds,
            [
                "account-component",
                "auth-component",
                "note-script",
                "tx-script"
            ]
        );
        let account = &resolve.interfaces[p.interfaces["account"]];
        for f in [
            "id",
            "nonce",
            "get-item",
            "set-item",
            "get-map-item",
            "set-map-item",
            "balance",
            "add-asset",
            "remove-asset",
        ] {
            assert!(account.functions.contains_key(f), "account.{f}");
        }
        let host = host_unit();
        let names: Vec<&str> = host.exports.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"rivet:base/account@0.1.0"), "{names:?}");
    }
}
