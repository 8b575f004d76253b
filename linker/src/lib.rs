//! The Rivet linker: packages in, a checked, hash-keyed [`Manifest`] out.
//!
//! Linking happens ahead of time so that the runtime only ever executes component
//! graphs that were checked as a whole. The pipeline:
//!
//! 1. [`input`]: each package's embedded WIT world (its `component-type*` custom
//!    sections) is decoded into a `Resolve`; inputs are deduplicated by code hash (the
//!    same hash with different metadata is an error) and sorted by hash, so the result
//!    never depends on the order packages were given in.
//! 2. [`resolve`]: every import gets exactly one provider (another component's export
//!    or a `rivet:base` host interface, see [`host`]) by name and semver rules
//!    ([`names`]), explicit [`wiring`] choices and interposed wrappers.
//! 3. [`typecheck`]: the import and the chosen export are compared structurally.
//! 4. [`graph`]: the provider graph must be acyclic (the runtime calls synchronously).
//! 5. The result becomes a [`Manifest`] (in `rivet-format`), whose canonical bytes and
//!    hash are the same for the same inputs in any order.
//!
//! Every failure is a [`LinkError`] naming the importing component and the WIT path.
//! [`render`] prints manifests for people and tools; [`embed`] builds the WIT sections
//! a package carries from WIT text (for hand-written contracts and tests).

#![warn(missing_docs)]

pub mod component;
pub mod embed;
pub mod error;
pub mod graph;
pub mod host;
pub mod input;
pub mod names;
pub mod render;
pub mod resolve;
mod tables;
pub mod typecheck;
pub mod wiring;

pub use error::{LinkError, LinkErrors};
pub use input::LinkInput;
pub use rivet_format::manifest::Manifest;
pub use wiring::Wiring;

use rivet_format::manifest::{Component, Export};
use rivet_format::CodeHash;
use std::collections::{BTreeMap, HashMap};

/// Links `inputs` (in any order) into a manifest, following `wiring` when given.
pub fn link(inputs: &[LinkInput], wiring: Option<&Wiring>) -> Result<Manifest, LinkErrors> {
    let graph = prepare(inputs)?;
    let default = Wiring::default();
    let resolution = resolve::resolve(&graph, wiring.unwrap_or(&default)).map_err(LinkErrors)?;
    graph::check_acyclic(&graph, &resolution)?;
    let imports: Vec<Vec<_>> = resolution
        .into_iter()
        .map(|imports| imports.into_iter().map(|(import, _)| import).collect())
        .collect();
    let hashes: Vec<CodeHash> = graph.units.iter().map(unit_hash).collect();
    let builders: Vec<tables::Builder> = graph
        .units
        .iter()
        .zip(&imports)
        .zip(&graph.core_exports)
        .map(|((unit, imports), core)| tables::Builder::new(unit, unit_hash(unit), core, imports))
        .collect();
    // Call targets are indices into the provider's export table.
    let export_keys: Vec<Vec<String>> = builders
        .iter()
        .map(|b| b.exports().iter().map(|e| e.key.clone()).collect())
        .collect();
    let export_index = |hash: &CodeHash, key: &str| {
        let keys = &export_keys[hashes.iter().position(|h| h == hash)?];
        keys.binary_search_by(|k| k.as_str().cmp(key))
            .ok()
            .map(|i| i as u32)
    };
    let mut all_tables = Vec::with_capacity(builders.len());
    for (b, (unit, imports)) in builders.into_iter().zip(graph.units.iter().zip(&imports)) {
        all_tables.push(
            b.finish(unit, imports, export_index)
                .map_err(|e| LinkErrors(vec![e]))?,
        );
    }
    let components = graph
        .units
        .iter()
        .zip(imports)
        .zip(all_tables)
        .zip(&graph.given_names)
        .map(|(((unit, imports), tables), given)| Component {
            hash: unit_hash(unit),
            name: given.clone(),
            world: unit.world.clone(),
            exports: unit
                .exports
                .iter()
                .map(|e| Export {
                    name: e.name.clone(),
                    kind: e.kind,
                    functions: e.functions(&unit.resolve),
                })
                .collect(),
            imports,
            tables,
        })
        .collect();
    Manifest::new(components).map_err(|e| LinkErrors(vec![LinkError::Manifest(e)]))
}

fn unit_hash(unit: &input::Unit) -> CodeHash {
    unit.hash.expect("components have hashes")
}

/// Deduplicates, sorts and decodes the inputs.
fn prepare(inputs: &[LinkInput]) -> Result<resolve::Graph, LinkErrors> {
    let mut errors = Vec::new();
    let mut by_hash: BTreeMap<_, &LinkInput> = BTreeMap::new();
    // Inputs are visited in a canonical order so the reported pair is order-independent.
    let mut sorted: Vec<&LinkInput> = inputs.iter().collect();
    sorted.sort_by(|a, b| {
        (a.code_hash, &a.name, &a.world_sections).cmp(&(b.code_hash, &b.name, &b.world_sections))
    });
    for input in sorted {
        match by_hash.get(&input.code_hash) {
            None => {
                by_hash.insert(input.code_hash, input);
            }
            Some(first) if *first == input => {}
            Some(first) => {
                let detail = if first.name != input.name {
                    format!("names `{}` and `{}`", first.name, input.name)
                } else {
                    "different WIT worlds".to_string()
                };
                let e = LinkError::DuplicateHash {
                    hash: input.code_hash.to_hex(),
                    first: first.name.clone(),
                    second: input.name.clone(),
                    detail,
                };
                if !errors.contains(&e) {
                    errors.push(e);
                }
            }
        }
    }
    let mut units = Vec::new();
    let mut given_names = Vec::new();
    let mut core_exports = Vec::new();
    for input in by_hash.values() {
        match input::decode(input) {
            Ok(u) => {
                units.push(u);
                given_names.push(input.name.clone());
                core_exports.push(input.core_exports.clone());
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(LinkErrors(errors));
    }
    // Components that share a name are told apart by a hash prefix in messages.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for n in &given_names {
        *counts.entry(n.clone()).or_default() += 1;
    }
    for u in &mut units {
        if counts[&u.name] > 1 {
            let short = u.hash.expect("components have hashes").short();
            u.name = format!("{}#{short}", u.name);
        }
    }
    Ok(resolve::Graph {
        units,
        given_names,
        core_exports,
        host: host::host_unit(),
    })
}
