//! A manifest component made callable: its package, its WIT functions with their
//! canonical-ABI types, the core names wit-bindgen gives them, and each import
//! resolved to what serves it under the manifest.
//!
//! Core names follow wit-bindgen: an exported interface function is
//! `iface@ver#func` (`#[constructor]R`, `#[method]R.m`, `#[static]R.f`), its
//! post-return function `cabi_post_<export>`, a destructor `iface@ver#[dtor]R`; an
//! imported one is module `iface@ver`, name `func`, with `[resource-drop]R`; world-level
//! functions use their own name (module `$root` for imports). An exported resource's
//! intrinsics are imported from module `[export]iface@ver`: `[resource-new]R`,
//! `[resource-rep]R`, `[resource-drop]R`.

use super::pool::ContextPool;
use super::table::{Owner, ResourceKey};
use crate::cabi::func::CallContext;
use crate::cabi::{FlatType, FuncType, WitTypes};
use crate::instance::LoadedPackage;
use rivet_format::manifest::{Component, Provider};
use rivet_format::package::ValType;
use rivet_format::CodeHash;
use rivet_linker::input::{Target as WitTarget, Unit};
use rivet_linker::LinkInput;
use std::collections::HashMap;
use std::sync::Arc;
use wit_parser::{Function, Resolve, TypeDefKind, TypeId};

/// An exported component-level function.
#[derive(Debug)]
pub struct ExportFn {
    /// `iface@ver#func`, or the bare name of a world-level function.
    pub key: String,
    /// The core export to call.
    pub core: String,
    /// Its post-return function, when the package exports one.
    pub post_return: Option<String>,
    /// The function type.
    pub ty: FuncType,
}

/// Who serves an imported function.
#[derive(Debug, Clone)]
pub enum Target {
    /// Another component's export.
    Component {
        /// The provider's code hash.
        hash: CodeHash,
        /// The provider's export key (`iface@ver#func`).
        export: String,
    },
    /// A host interface.
    Host {
        /// The `rivet:base` interface.
        interface: String,
        /// The function name.
        function: String,
    },
}

/// What a core import of the package is.
#[derive(Debug, Clone)]
pub enum ImportFn {
    /// A component-level function (`name` is `iface#func` for messages).
    Func {
        /// Human-facing name.
        name: String,
        /// Its type (the caller's view).
        ty: Arc<FuncType>,
        /// Who serves it.
        target: Target,
    },
    /// `[resource-new]R` of an exported resource.
    ResourceNew(Arc<ResourceKey>),
    /// `[resource-rep]R` of an exported resource.
    ResourceRep(Arc<ResourceKey>),
    /// `[resource-drop]R`, of an exported or an imported resource.
    ResourceDrop(Arc<ResourceKey>),
}

impl ImportFn {
    /// The core signature the import must have.
    fn core_sig(&self) -> (Vec<ValType>, Vec<ValType>) {
        let conv = |v: &[FlatType]| {
            v.iter()
                .map(|t| match t {
                    FlatType::I32 => ValType::I32,
                    FlatType::I64 => ValType::I64,
                    FlatType::F32 => ValType::F32,
                    FlatType::F64 => ValType::F64,
                })
                .collect()
        };
        match self {
            ImportFn::Func { ty, .. } => {
                let s = ty.core_sig(CallContext::Lower);
                (conv(&s.params), conv(&s.results))
            }
            ImportFn::ResourceNew(_) | ImportFn::ResourceRep(_) => {
                (vec![ValType::I32], vec![ValType::I32])
            }
            ImportFn::ResourceDrop(_) => (vec![ValType::I32], vec![]),
        }
    }

    /// Whether the package's declared signature matches.
    pub fn matches(&self, params: &[ValType], results: &[ValType]) -> bool {
        let (p, r) = self.core_sig();
        p == params && r == results
    }
}

/// A component prepared for one manifest.
#[derive(Debug)]
pub struct Linked {
    /// Code hash.
    pub hash: CodeHash,
    /// Name in the manifest.
    pub name: String,
    /// The loaded package.
    pub package: Arc<LoadedPackage>,
    /// Exported functions by key.
    pub exports: HashMap<String, Arc<ExportFn>>,
    /// Exported functions also by `iface#func` (the key without the interface's
    /// `@version`), when that names exactly one export: resolved here once so a call
    /// by the short name is one lookup.
    short_exports: HashMap<String, Arc<ExportFn>>,
    /// Core imports by module, then name (looked up without building a key).
    pub imports: ImportMap,
    /// The global identity of every resource type the component's WIT mentions.
    pub resources: HashMap<TypeId, Arc<ResourceKey>>,
    /// Destructor export of each resource this component defines.
    pub dtors: HashMap<Arc<ResourceKey>, String>,
    /// Bytes of active data segments (what a fresh context copies).
    pub data_bytes: u64,
    /// Reused instances for this component's contexts.
    pub(crate) pool: ContextPool,
}

fn has_export(pkg: &LoadedPackage, name: &str) -> bool {
    pkg.package().export_func(name).is_some()
}

fn interface_resources(resolve: &Resolve, id: wit_parser::InterfaceId) -> Vec<(String, TypeId)> {
    resolve.interfaces[id]
        .types
        .iter()
        .filter(|(_, t)| matches!(resolve.types[**t].kind, TypeDefKind::Resource))
        .map(|(n, t)| (n.clone(), *t))
        .collect()
}

fn func_type(types: &mut WitTypes, f: &Function, what: &str) -> Result<Arc<FuncType>, String> {
    FuncType::from_wit(types, f)
        .map(Arc::new)
        .map_err(|e| format!("{what}: {e}"))
}

impl Linked {
    /// Decodes the package's WIT world and wires its imports as `component` says.
    pub fn new(package: Arc<LoadedPackage>, component: &Component) -> Result<Linked, String> {
        let input = LinkInput::from_package(component.name.clone(), package.package());
        let unit: Unit = rivet_linker::input::decode(&input).map_err(|e| e.to_string())?;
        let resolve = &unit.resolve;
        let mut types = WitTypes::new(resolve);
        let hash = component.hash;
        let mut exports = HashMap::new();
        let mut imports = HashMap::new();
        let mut resources = HashMap::new();
        let mut dtors = HashMap::new();

        for item in &unit.exports {
            match &item.target {
                WitTarget::Interface(id) => {
                    for (rname, tid) in interface_resources(resolve, *id) {
                        let key = Arc::new(ResourceKey {
                            owner: Owner::Component(hash),
                            interface: item.name.clone(),
                            name: rname.clone(),
                        });
                        resources.insert(tid, key.clone());
                        let dtor = format!("{}#[dtor]{rname}", item.name);
                        if has_export(&package, &dtor) {
                            dtors.insert(key.clone(), dtor);
                        }
                        let module = format!("[export]{}", item.name);
                        add_import(
                            &mut imports,
                            (module.clone(), format!("[resource-new]{rname}")),
                            ImportFn::ResourceNew(key.clone()),
                        );
                        add_import(
                            &mut imports,
                            (module.clone(), format!("[resource-rep]{rname}")),
                            ImportFn::ResourceRep(key.clone()),
                        );
                        add_import(
                            &mut imports,
                            (module, format!("[resource-drop]{rname}")),
                            ImportFn::ResourceDrop(key),
                        );
                    }
                    for (fname, f) in &resolve.interfaces[*id].functions {
                        let key = format!("{}#{fname}", item.name);
                        let ty = func_type(&mut types, f, &key)?;
                        add_export(&mut exports, &package, key, ty);
                    }
                }
                WitTarget::Function(f) => {
                    let ty = func_type(&mut types, f, &f.name)?;
                    add_export(&mut exports, &package, f.name.clone(), ty);
                }
            }
        }

        for item in &unit.imports {
            let Some(imp) = component.import(&item.name) else {
                // Imports the manifest does not list are never wired; calling one traps
                // at instantiation (has_func says no).
                continue;
            };
            let (owner, provider_iface) = match &imp.provider {
                Provider::Component { hash, interface } => (Owner::Component(*hash), interface),
                Provider::Host { interface } => (Owner::Host, interface),
            };
            let target = |fname: &str| match &imp.provider {
                Provider::Component { hash, interface } => Target::Component {
                    hash: *hash,
                    export: match item.target {
                        WitTarget::Interface(_) => format!("{interface}#{fname}"),
                        WitTarget::Function(_) => interface.clone(),
                    },
                },
                Provider::Host { interface } => Target::Host {
                    interface: interface.clone(),
                    function: fname.to_string(),
                },
            };
            match &item.target {
                WitTarget::Interface(id) => {
                    for (rname, tid) in interface_resources(resolve, *id) {
                        let key = Arc::new(ResourceKey {
                            owner: owner.clone(),
                            interface: provider_iface.clone(),
                            name: rname.clone(),
                        });
                        resources.insert(tid, key.clone());
                        add_import(
                            &mut imports,
                            (item.name.clone(), format!("[resource-drop]{rname}")),
                            ImportFn::ResourceDrop(key),
                        );
                    }
                    for (fname, f) in &resolve.interfaces[*id].functions {
                        let name = format!("{}#{fname}", item.name);
                        let ty = func_type(&mut types, f, &name)?;
                        add_import(
                            &mut imports,
                            (item.name.clone(), fname.clone()),
                            ImportFn::Func {
                                name,
                                ty,
                                target: target(fname),
                            },
                        );
                    }
                }
                WitTarget::Function(f) => {
                    let ty = func_type(&mut types, f, &f.name)?;
                    add_import(
                        &mut imports,
                        ("$root".to_string(), f.name.clone()),
                        ImportFn::Func {
                            name: f.name.clone(),
                            ty,
                            target: target(&f.name),
                        },
                    );
                }
            }
        }

        let data_bytes = package
            .package()
            .data
            .iter()
            .filter(|d| matches!(d.mode, rivet_format::package::DataMode::Active(_)))
            .map(|d| d.bytes.len() as u64)
            .sum();
        let mut linked = Linked {
            pool: ContextPool::unpooled(),
            short_exports: short_names(&exports),
            hash,
            name: component.name.clone(),
            package,
            exports,
            imports,
            resources,
            dtors,
            data_bytes,
        };
        linked.pool = ContextPool::new(&linked);
        Ok(linked)
    }

    /// The export named `function`: an exact key, or `iface#func` without the
    /// interface's `@version` (when that names exactly one export).
    pub fn export(&self, function: &str) -> Option<&Arc<ExportFn>> {
        self.exports
            .get(function)
            .or_else(|| self.short_exports.get(function))
    }

    /// The core import `module.name`.
    pub fn import(&self, module: &str, name: &str) -> Option<&Arc<ImportFn>> {
        self.imports.get(module)?.get(name)
    }
}

/// Core imports by module, then name.
type ImportMap = HashMap<String, HashMap<String, Arc<ImportFn>>>;

fn add_import(imports: &mut ImportMap, (module, name): (String, String), f: ImportFn) {
    imports.entry(module).or_default().insert(name, Arc::new(f));
}

/// `iface#func` for every export whose key carries a version and whose short name is
/// unambiguous.
fn short_names(exports: &HashMap<String, Arc<ExportFn>>) -> HashMap<String, Arc<ExportFn>> {
    let mut count: HashMap<String, usize> = HashMap::new();
    let short = |k: &str| {
        let (iface, func) = k.split_once('#')?;
        let (name, _) = iface.split_once('@')?;
        Some(format!("{name}#{func}"))
    };
    for k in exports.keys() {
        if let Some(s) = short(k) {
            *count.entry(s).or_default() += 1;
        }
    }
    exports
        .iter()
        .filter_map(|(k, f)| {
            let s = short(k)?;
            (count.get(&s) == Some(&1) && !exports.contains_key(&s)).then(|| (s, f.clone()))
        })
        .collect()
}

fn add_export(
    exports: &mut HashMap<String, Arc<ExportFn>>,
    package: &LoadedPackage,
    key: String,
    ty: Arc<FuncType>,
) {
    let post = format!("cabi_post_{key}");
    let post_return = has_export(package, &post).then_some(post);
    let ty = Arc::try_unwrap(ty).unwrap_or_else(|a| (*a).clone());
    exports.insert(
        key.clone(),
        Arc::new(ExportFn {
            core: key.clone(),
            key,
            post_return,
            ty,
        }),
    );
}
