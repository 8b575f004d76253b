//! Linker inputs and their decoded WIT worlds.
//!
//! A package carries the `component-type*` custom sections that wit-bindgen embeds in
//! a core module, verbatim. They are decoded here with wit-component into a
//! [`Resolve`] and the world the package implements, and the world's imports and
//! exports are flattened into [`Item`]s the resolver matches by name.
//!
//! The sections come from whoever built the package, so decoding treats them as hostile:
//! decoder errors become [`LinkError::Decode`], and a panic inside the third-party
//! decoder is caught and reported the same way rather than taking the host down.

use crate::error::LinkError;
use crate::names::ItemName;
use rivet_format::manifest::ItemKind;
use rivet_format::package::Package;
use rivet_format::CodeHash;
use wit_parser::{Function, InterfaceId, Resolve, WorldId, WorldItem, WorldKey};

/// One package as the linker sees it: a name for diagnostics, its code hash (its
/// identity in the manifest) and the WIT world sections it embeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkInput {
    /// Human-facing name (used in messages and in wiring files).
    pub name: String,
    /// The package's code hash.
    pub code_hash: CodeHash,
    /// The `component-type*` custom sections: (section name, contents).
    pub world_sections: Vec<(String, Vec<u8>)>,
    /// The package's exported core function names, sorted: tells the linker which
    /// post-return functions and destructors exist (empty when only the WIT is known).
    pub core_exports: Vec<String>,
}

impl LinkInput {
    /// The linker's view of a compiled package: its code hash and its
    /// `component-type*` custom sections (other custom sections are not WIT).
    pub fn from_package(name: impl Into<String>, package: &Package) -> LinkInput {
        LinkInput {
            name: name.into(),
            code_hash: package.code_hash(),
            world_sections: package
                .custom_sections
                .iter()
                .filter(|c| c.name.starts_with("component-type"))
                .map(|c| (c.name.clone(), c.bytes.clone()))
                .collect(),
            core_exports: {
                let mut names: Vec<String> = package
                    .exports
                    .iter()
                    .filter(|e| matches!(e.kind, rivet_format::package::ExportKind::Func(_)))
                    .map(|e| e.name.clone())
                    .collect();
                names.sort();
                names.dedup();
                names
            },
        }
    }
}

/// A world item whose name has a malformed version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("world item `{0}` has a malformed version")]
pub struct BadItemName(pub String);

/// What a world item points at inside its component's [`Resolve`].
#[derive(Debug, Clone)]
pub enum Target {
    /// A whole interface.
    Interface(InterfaceId),
    /// A world-level function.
    Function(Box<Function>),
}

/// One import or export of a component.
#[derive(Debug, Clone)]
pub struct Item {
    /// The world key as written (`ns:pkg/iface@ver` or a plain name).
    pub name: String,
    /// The parsed name used for matching.
    pub parsed: ItemName,
    /// Interface or function.
    pub kind: ItemKind,
    /// What it refers to.
    pub target: Target,
}

impl Item {
    /// The functions reachable through this item, in declaration order.
    pub fn functions(&self, resolve: &Resolve) -> Vec<String> {
        match &self.target {
            Target::Interface(id) => resolve.interfaces[*id].functions.keys().cloned().collect(),
            Target::Function(f) => vec![f.name.clone()],
        }
    }
}

/// A decoded component (or the host): its types and its flattened world.
#[derive(Debug)]
pub struct Unit {
    /// Display name (disambiguated with a hash prefix when names collide).
    pub name: String,
    /// Code hash; the host has none.
    pub hash: Option<CodeHash>,
    /// Qualified world name.
    pub world: String,
    /// All types, interfaces and worlds the component's sections describe.
    pub resolve: Resolve,
    /// Imports in world order.
    pub imports: Vec<Item>,
    /// Exports in world order.
    pub exports: Vec<Item>,
}

impl Unit {
    /// Builds a unit from a decoded world.
    pub fn from_world(
        name: String,
        hash: Option<CodeHash>,
        resolve: Resolve,
        world: WorldId,
    ) -> Result<Unit, BadItemName> {
        let w = &resolve.worlds[world];
        let world_name = match w.package {
            Some(pkg) => resolve.id_of_name(pkg, &w.name),
            None => w.name.clone(),
        };
        let imports = flatten(&resolve, w.imports.iter())?;
        let exports = flatten(&resolve, w.exports.iter())?;
        Ok(Unit {
            name,
            hash,
            world: world_name,
            resolve,
            imports,
            exports,
        })
    }
}

fn flatten<'a>(
    resolve: &Resolve,
    items: impl Iterator<Item = (&'a WorldKey, &'a WorldItem)>,
) -> Result<Vec<Item>, BadItemName> {
    let mut out = Vec::new();
    for (key, item) in items {
        let name = resolve.name_world_key(key);
        let (kind, target) = match item {
            WorldItem::Interface { id, .. } => (ItemKind::Interface, Target::Interface(*id)),
            WorldItem::Function(f) => (ItemKind::Function, Target::Function(Box::new(f.clone()))),
            // Types come along with the interfaces and functions that use them.
            WorldItem::Type { .. } => continue,
        };
        let parsed = ItemName::parse(&name).ok_or_else(|| BadItemName(name.clone()))?;
        out.push(Item {
            name,
            parsed,
            kind,
            target,
        });
    }
    Ok(out)
}

/// Decodes a package's world sections into a [`Unit`].
pub fn decode(input: &LinkInput) -> Result<Unit, LinkError> {
    let fail = |reason: String| LinkError::Decode {
        component: input.name.clone(),
        reason,
    };
    if input.world_sections.is_empty() {
        return Err(fail(
            "the package carries no component-type section (no WIT world)".into(),
        ));
    }
    if let Some((name, _)) = input
        .world_sections
        .iter()
        .find(|(n, _)| !n.starts_with("component-type"))
    {
        return Err(fail(format!(
            "section `{name}` is not a component-type section"
        )));
    }
    // The common case, one section in the current format (a component whose single
    // export is the world), decodes directly and keeps the world's own name.
    if let [(_, data)] = input.world_sections.as_slice() {
        if data.starts_with(b"\0asm") {
            let (resolve, world) = guarded(|| wit_parser::decoding::decode_world(data))
                .map_err(|e| fail(e.to_string()))?;
            return Unit::from_world(input.name.clone(), Some(input.code_hash), resolve, world)
                .map_err(|e| fail(e.to_string()));
        }
    }
    // Otherwise wit-component decodes (and merges) every component-type section of a
    // core module, so the sections are wrapped in a module holding nothing else. The
    // merged world is anonymous (`root:root/root`).
    let mut module = wasm_encoder::Module::new();
    for (name, data) in &input.world_sections {
        module.section(&wasm_encoder::CustomSection {
            name: name.as_str().into(),
            data: data.as_slice().into(),
        });
    }
    let wasm = module.finish();
    let (_, bindgen) =
        guarded(|| wit_component::metadata::decode(&wasm)).map_err(|e| fail(e.to_string()))?;
    Unit::from_world(
        input.name.clone(),
        Some(input.code_hash),
        bindgen.resolve,
        bindgen.world,
    )
    .map_err(|e| fail(e.to_string()))
}

/// Why a third-party WIT decoder gave up on untrusted bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecoderFailure {
    /// The decoder's own error (with its context chain).
    #[error("{0}")]
    Error(String),
    /// The decoder panicked (caught, so the host survives).
    #[error("the WIT decoder panicked on this section")]
    Panic,
}

/// Runs a third-party decoder on untrusted bytes, turning both its errors and any
/// panic into a [`DecoderFailure`].
fn guarded<T>(
    f: impl FnOnce() -> anyhow::Result<T> + std::panic::UnwindSafe,
) -> Result<T, DecoderFailure> {
    match std::panic::catch_unwind(f) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(DecoderFailure::Error(format!("{e:#}"))),
        Err(_) => Err(DecoderFailure::Panic),
    }
}
