//! Human and machine views of a manifest (`rivet link`, `rivet inspect`).
//!
//! Both views follow the manifest's canonical order, so they are as deterministic as
//! its bytes. Providers are shown by name and short hash; the JSON view carries full
//! hashes for tools.

use rivet_format::manifest::{ItemKind, Manifest, Provider};
use serde_json::{json, Value};
use std::fmt::Write;

/// The graph as indented text: each component, its exports, and each import with an
/// arrow to its provider (`as` names the provider's export when its version differs).
pub fn graph_text(m: &Manifest) -> String {
    let mut s = String::new();
    let n = m.components().len();
    let _ = writeln!(
        s,
        "manifest {} ({n} component{})",
        m.hash(),
        if n == 1 { "" } else { "s" }
    );
    for c in m.components() {
        let _ = writeln!(s, "{} {}  world {}", c.hash.short(), c.name, c.world);
        for e in &c.exports {
            let _ = writeln!(
                s,
                "    export {}{}: {}",
                kind_prefix(e.kind),
                e.name,
                e.functions.join(", ")
            );
        }
        for i in &c.imports {
            let (target, via) = match &i.provider {
                Provider::Host { interface } => ("host".to_string(), interface),
                Provider::Component { hash, interface } => {
                    let name = m.component(hash).map_or("?", |p| p.name.as_str());
                    (format!("{name} ({})", hash.short()), interface)
                }
            };
            let target = if *via == i.name {
                target
            } else {
                format!("{target} as {via}")
            };
            let _ = writeln!(
                s,
                "    import {}{} <- {target}",
                kind_prefix(i.kind),
                i.name
            );
        }
    }
    s
}

fn kind_prefix(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Interface => "",
        ItemKind::Function => "func ",
    }
}

fn kind_str(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Interface => "interface",
        ItemKind::Function => "function",
    }
}

/// The manifest as JSON (stable key order, full hashes).
pub fn to_json(m: &Manifest) -> Value {
    let components: Vec<Value> = m
        .components()
        .iter()
        .map(|c| {
            let exports: Vec<Value> = c
                .exports
                .iter()
                .map(|e| json!({"name": e.name, "kind": kind_str(e.kind), "functions": e.functions}))
                .collect();
            let imports: Vec<Value> = c
                .imports
                .iter()
                .map(|i| {
                    let provider = match &i.provider {
                        Provider::Host { interface } => {
                            json!({"host": true, "interface": interface})
                        }
                        Provider::Component { hash, interface } => json!({
                            "component": hash.to_hex(),
                            "name": m.component(hash).map(|p| p.name.clone()),
                            "interface": interface,
                        }),
                    };
                    json!({"name": i.name, "kind": kind_str(i.kind), "functions": i.functions, "provider": provider})
                })
                .collect();
            json!({
                "hash": c.hash.to_hex(),
                "name": c.name,
                "world": c.world,
                "exports": exports,
                "imports": imports,
            })
        })
        .collect();
    json!({"hash": m.hash().to_hex(), "components": components})
}

/// [`to_json`], pretty-printed.
pub fn json_text(m: &Manifest) -> String {
    format!("{:#}", to_json(m))
}
