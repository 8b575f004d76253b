//! The manifest: a component graph resolved ahead of time by the linker.
//!
//! A manifest lists every component of an application by its code hash, with the
//! interfaces and functions it exports and, for each of its imports, who provides it:
//! another component (by code hash and export name) or the host (an interface of the
//! `rivet:base` package). The runtime only ever executes graphs described by a
//! manifest, so everything here is checked on construction and on decoding: providers
//! exist, provide what is imported, are never the importer itself, and the graph has
//! no cycles (the runtime calls synchronously, so a cycle could never return).
//!
//! Each component also carries the [`tables`] the runtime executes (types, resources,
//! export -> core symbol, core import -> target by index), derived by the linker from
//! the package's WIT world, so the runtime never decodes WIT. Because the trailing
//! digest is a checksum anyone can recompute, a decoded manifest is not trusted: the
//! tables are checked too (every index in range, types as DAGs of bounded depth) and
//! every import wired to another component must have the same type as the export it
//! is wired to ([`types`]), resources compared by identity. A tampered manifest that
//! wires mismatched types is refused with [`ManifestError::TypeMismatch`].
//!
//! The encoding is canonical: components sorted by hash, exports and imports sorted by
//! name, function lists sorted, table exports sorted by key and core imports by
//! (module, name). [`Manifest::decode`] rejects any other order, so one graph has
//! exactly one byte form and one hash. The raw form (version 2) is:
//!
//! ```text
//! magic "RVMF" | version u16 | components: count u32, component* | blake3(all before) [32]
//! component = hash [32] | name str | world str
//!           | exports: count u32, (name str | kind u8 | functions: count u32, str*)*
//!           | imports: count u32, (name str | kind u8 | functions: count u32, str*
//!                                  | provider: 0 interface str | 1 hash [32] interface str)*
//!           | tables (see [`tables`])
//! str = len u32 | UTF-8 bytes;  integers little-endian
//! ```
//!
//! The trailing digest is the manifest's own hash ([`Manifest::hash`]); decoding
//! verifies it, so a corrupted manifest is refused before anything else is looked at.

mod check;
mod error;
pub mod graph;
pub mod tables;
pub mod types;

pub use error::ManifestError;
pub use tables::Tables;

use crate::codec::{Decoded, FormatError, Reader, Writer};
use crate::hash::CodeHash;
use crate::package::Package;
use check::check_component;
use thiserror::Error;

/// Magic bytes at the start of a manifest.
pub const MANIFEST_MAGIC: [u8; 4] = *b"RVMF";
/// The manifest format version this crate reads and writes.
pub const MANIFEST_VERSION: u16 = 2;
/// The WIT package whose interfaces the host provides (`rivet:base`, in `wit/`).
pub const HOST_PACKAGE: &str = "rivet:base";

/// Whether a world item is a whole interface or a single world-level function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    /// A named interface (`ns:pkg/iface@version`) or an inline world interface.
    Interface,
    /// A function imported or exported directly by the world.
    Function,
}

impl ItemKind {
    fn to_byte(self) -> u8 {
        match self {
            ItemKind::Interface => 0,
            ItemKind::Function => 1,
        }
    }

    fn from_byte(b: u8) -> Option<Self> {
        match b {
            0 => Some(ItemKind::Interface),
            1 => Some(ItemKind::Function),
            _ => None,
        }
    }
}

/// Something a component offers to others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The world key: `ns:pkg/iface@version`, or a plain kebab name.
    pub name: String,
    /// Interface or world-level function.
    pub kind: ItemKind,
    /// The functions callable through this export, sorted (for a world-level function,
    /// just its own name). Resource methods appear as `[method]res.name` etc.
    pub functions: Vec<String>,
}

/// Who satisfies an import.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Provider {
    /// Another component of the manifest, through its export named `interface`.
    Component {
        /// The providing component's code hash.
        hash: CodeHash,
        /// The provider's export name (its version may differ from the import's within
        /// semver compatibility).
        interface: String,
    },
    /// The runtime, through a `rivet:base` interface.
    Host {
        /// The host interface, e.g. `rivet:base/account@0.1.0`.
        interface: String,
    },
}

/// Something a component needs, and who provides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The world key as the importer wrote it.
    pub name: String,
    /// Interface or world-level function.
    pub kind: ItemKind,
    /// The functions the importer may call through this import, sorted.
    pub functions: Vec<String>,
    /// The resolved provider.
    pub provider: Provider,
}

/// One component of the graph: a package, its world and its resolved imports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// The package's code hash: the identity the runtime loads and verifies.
    pub hash: CodeHash,
    /// Human-facing package name, used in diagnostics only.
    pub name: String,
    /// The WIT world the package implements (`ns:pkg/world@version`).
    pub world: String,
    /// What the component offers, sorted by name.
    pub exports: Vec<Export>,
    /// What the component needs, sorted by name.
    pub imports: Vec<Import>,
    /// What the runtime executes for it.
    pub tables: Tables,
}

impl Component {
    /// The export named `name`, if any.
    pub fn export(&self, name: &str) -> Option<&Export> {
        self.exports.iter().find(|e| e.name == name)
    }

    /// The import named `name`, if any.
    pub fn import(&self, name: &str) -> Option<&Import> {
        self.imports.iter().find(|i| i.name == name)
    }
}

/// Why a package may not run under a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VerifyError {
    /// The manifest has no component with this hash.
    #[error("package {0} is not part of the manifest")]
    UnknownPackage(CodeHash),
    /// The package bytes are not a valid package at all.
    #[error("package {hash} does not decode: {error}")]
    Decode {
        /// The hash the package was expected to have.
        hash: CodeHash,
        /// What is wrong with the bytes.
        error: FormatError,
    },
    /// The package bytes do not hash to what the manifest records.
    #[error("package bytes hash to {actual}, but the manifest records {expected}: refusing a tampered or wrong package")]
    HashMismatch {
        /// What the manifest records.
        expected: CodeHash,
        /// What the bytes hash to.
        actual: CodeHash,
    },
}

/// A checked component graph with a canonical byte form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    components: Vec<Component>,
}

impl Manifest {
    /// Builds a manifest from components in any order: everything is put into canonical
    /// order, then the graph is checked (see the module docs).
    pub fn new(mut components: Vec<Component>) -> Result<Manifest, ManifestError> {
        for c in &mut components {
            c.exports.sort_by(|a, b| a.name.cmp(&b.name));
            c.imports.sort_by(|a, b| a.name.cmp(&b.name));
            for e in &mut c.exports {
                e.functions.sort();
            }
            for i in &mut c.imports {
                i.functions.sort();
            }
        }
        components.sort_by_key(|c| c.hash);
        let m = Manifest { components };
        m.check()?;
        Ok(m)
    }

    /// The components, sorted by code hash.
    pub fn components(&self) -> &[Component] {
        &self.components
    }

    /// The component with code hash `hash`.
    pub fn component(&self, hash: &CodeHash) -> Option<&Component> {
        self.components
            .binary_search_by(|c| c.hash.cmp(hash))
            .ok()
            .map(|i| &self.components[i])
    }

    /// The manifest's identity: blake3 of its canonical encoding (without the trailer).
    pub fn hash(&self) -> CodeHash {
        CodeHash::of(&self.body())
    }

    /// Decodes `package_bytes` and checks they are the package the manifest records
    /// under `hash` (see [`Manifest::verify_decoded`]). The runtime calls this before
    /// loading any package, so a manifest never runs code other than what was linked.
    pub fn verify_package(
        &self,
        hash: &CodeHash,
        package_bytes: &[u8],
    ) -> Result<(&Component, Package), VerifyError> {
        self.component(hash)
            .ok_or(VerifyError::UnknownPackage(*hash))?;
        let package = Package::decode(package_bytes)
            .map_err(|error| VerifyError::Decode { hash: *hash, error })?;
        let component = self.verify_decoded(hash, &package)?;
        Ok((component, package))
    }

    /// Checks that an already decoded package is the one recorded under `hash`: its
    /// [`Package::code_hash`] (which covers code, data and the embedded WIT world, but
    /// not debug info) must be exactly `hash`.
    pub fn verify_decoded(
        &self,
        hash: &CodeHash,
        package: &Package,
    ) -> Result<&Component, VerifyError> {
        let component = self
            .component(hash)
            .ok_or(VerifyError::UnknownPackage(*hash))?;
        let actual = package.code_hash();
        if actual != *hash {
            return Err(VerifyError::HashMismatch {
                expected: *hash,
                actual,
            });
        }
        Ok(component)
    }

    /// Checks the canonical order and the graph invariants listed in the module docs.
    pub fn check(&self) -> Result<(), ManifestError> {
        for pair in self.components.windows(2) {
            if pair[0].hash >= pair[1].hash {
                return Err(ManifestError::Unsorted(pair[1].hash));
            }
        }
        for c in &self.components {
            check_component(self, c)?;
        }
        self.check_acyclic()
    }

    fn index_of(&self, hash: &CodeHash) -> Option<usize> {
        self.components.binary_search_by(|c| c.hash.cmp(hash)).ok()
    }

    /// The provider graph (declared providers and table call targets) has no cycle.
    fn check_acyclic(&self) -> Result<(), ManifestError> {
        let edges: Vec<Vec<usize>> = self
            .components
            .iter()
            .map(|c| {
                let declared = c.imports.iter().filter_map(|i| match &i.provider {
                    Provider::Component { hash, .. } => self.index_of(hash),
                    Provider::Host { .. } => None,
                });
                let called = c.tables.imports.iter().filter_map(|i| match &i.kind {
                    tables::CoreImportKind::Func {
                        target: tables::CallTarget::Component { hash, .. },
                        ..
                    } => self.index_of(hash),
                    _ => None,
                });
                let mut out: Vec<usize> = declared.chain(called).collect();
                out.sort_unstable();
                out.dedup();
                out
            })
            .collect();
        match graph::find_cycle(&edges) {
            None => Ok(()),
            Some(path) => {
                let mut names: Vec<String> = path
                    .iter()
                    .map(|&(n, _)| self.components[n].name.clone())
                    .collect();
                names.push(self.components[path[0].0].name.clone());
                Err(ManifestError::Cycle(names))
            }
        }
    }

    /// The canonical encoding, ending with the manifest hash.
    pub fn encode(&self) -> Vec<u8> {
        let mut body = self.body();
        let digest = CodeHash::of(&body);
        body.extend_from_slice(&digest.0);
        body
    }

    fn body(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.raw(&MANIFEST_MAGIC);
        w.u16(MANIFEST_VERSION);
        w.u32(self.components.len() as u32);
        for c in &self.components {
            w.raw(&c.hash.0);
            w.str(&c.name);
            w.str(&c.world);
            w.u32(c.exports.len() as u32);
            for e in &c.exports {
                w.str(&e.name);
                w.u8(e.kind.to_byte());
                write_names(&mut w, &e.functions);
            }
            w.u32(c.imports.len() as u32);
            for i in &c.imports {
                w.str(&i.name);
                w.u8(i.kind.to_byte());
                write_names(&mut w, &i.functions);
                match &i.provider {
                    Provider::Host { interface } => {
                        w.u8(0);
                        w.str(interface);
                    }
                    Provider::Component { hash, interface } => {
                        w.u8(1);
                        w.raw(&hash.0);
                        w.str(interface);
                    }
                }
            }
            c.tables.encode(&mut w);
        }
        w.finish()
    }

    /// Decodes and fully validates a manifest: magic, version, trailing hash, canonical
    /// order and every graph invariant. Trailing bytes are an error.
    pub fn decode(bytes: &[u8]) -> Result<Manifest, FormatError> {
        let mut r = Reader::new(bytes);
        let magic = r.take(4, "manifest magic")?;
        if magic != MANIFEST_MAGIC {
            return Err(FormatError::new(0, "not a Rivet manifest (bad magic)"));
        }
        let at = r.offset();
        let version = r.u16("manifest version")?;
        if version != MANIFEST_VERSION {
            return Err(FormatError::new(
                at,
                format!(
                    "unsupported manifest version {version} (this build reads {MANIFEST_VERSION})"
                ),
            ));
        }
        // The trailer is checked first: nothing else in a corrupted manifest is trusted.
        if bytes.len() < 32 + r.offset() {
            return Err(FormatError::new(
                bytes.len(),
                "truncated manifest: no room for the trailing hash",
            ));
        }
        let body_len = bytes.len() - 32;
        let recorded = &bytes[body_len..];
        if CodeHash::of(&bytes[..body_len]).0 != recorded {
            return Err(FormatError::new(
                body_len,
                "manifest hash does not match its contents (corrupted or tampered)",
            ));
        }
        let mut r = Reader::new(&bytes[..body_len]);
        r.take(6, "manifest header")?;
        let n = r.count("component count", 32 + 4 + 4 + 4 + 4)?;
        let mut components = Vec::with_capacity(n);
        let mut offsets = Vec::with_capacity(n);
        for _ in 0..n {
            offsets.push(r.offset());
            components.push(read_component(&mut r)?);
        }
        r.finish("manifest")?;
        for (i, pair) in components.windows(2).enumerate() {
            if pair[0].hash >= pair[1].hash {
                return Err(FormatError::new(
                    offsets[i + 1],
                    "components are not strictly sorted by code hash",
                ));
            }
        }
        let m = Manifest { components };
        for (c, &at) in m.components.iter().zip(&offsets) {
            check_component(&m, c).map_err(|e| FormatError::new(at, e.to_string()))?;
        }
        m.check_acyclic()
            .map_err(|e| FormatError::new(6, e.to_string()))?;
        Ok(m)
    }
}

fn write_names(w: &mut Writer, names: &[String]) {
    w.u32(names.len() as u32);
    for n in names {
        w.str(n);
    }
}

fn read_kind(r: &mut Reader<'_>, what: &str) -> Result<ItemKind, FormatError> {
    let at = r.offset();
    let b = r.u8(what)?;
    ItemKind::from_byte(b).ok_or_else(|| FormatError::new(at, format!("{what}: unknown kind {b}")))
}

fn read_names(r: &mut Reader<'_>, what: &str) -> Decoded<Vec<String>> {
    let n = r.count(what, 4)?;
    let mut out: Vec<String> = Vec::with_capacity(n);
    for _ in 0..n {
        let at = r.offset();
        let s = r.str(what)?;
        if out.last().is_some_and(|prev| prev.as_str() >= s) {
            return Err(FormatError::new(
                at,
                format!("{what}: `{s}` is out of order or repeated"),
            ));
        }
        out.push(s.to_string());
    }
    Ok(out)
}

use tables::read_hash;

fn read_component(r: &mut Reader<'_>) -> Result<Component, FormatError> {
    let hash = read_hash(r, "component hash")?;
    let name = r.str("component name")?.to_string();
    let world = r.str("component world")?.to_string();
    let n = r.count("export count", 9)?;
    let mut exports: Vec<Export> = Vec::with_capacity(n);
    for _ in 0..n {
        let at = r.offset();
        let name = r.str("export name")?.to_string();
        if exports.last().is_some_and(|p| p.name >= name) {
            return Err(FormatError::new(
                at,
                format!("export `{name}` is out of order or repeated"),
            ));
        }
        let kind = read_kind(r, "export kind")?;
        let functions = read_names(r, "export functions")?;
        exports.push(Export {
            name,
            kind,
            functions,
        });
    }
    let n = r.count("import count", 14)?;
    let mut imports: Vec<Import> = Vec::with_capacity(n);
    for _ in 0..n {
        let at = r.offset();
        let name = r.str("import name")?.to_string();
        if imports.last().is_some_and(|p| p.name >= name) {
            return Err(FormatError::new(
                at,
                format!("import `{name}` is out of order or repeated"),
            ));
        }
        let kind = read_kind(r, "import kind")?;
        let functions = read_names(r, "import functions")?;
        let at = r.offset();
        let provider = match r.u8("provider tag")? {
            0 => Provider::Host {
                interface: r.str("host interface")?.to_string(),
            },
            1 => Provider::Component {
                hash: read_hash(r, "provider hash")?,
                interface: r.str("provider interface")?.to_string(),
            },
            t => return Err(FormatError::new(at, format!("unknown provider tag {t}"))),
        };
        imports.push(Import {
            name,
            kind,
            functions,
            provider,
        });
    }
    let tables = Tables::decode(r)?;
    Ok(Component {
        hash,
        name,
        world,
        exports,
        imports,
        tables,
    })
}

#[cfg(test)]
mod tests;
