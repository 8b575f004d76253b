//! A manifest component made callable, straight from the manifest's runtime tables
//! ([`rivet_format::manifest::tables`]): the linker already derived every export's core
//! symbol, post-return function and type, every core import's target and every
//! resource's identity, so preparing is a decode of those tables plus cheap checks
//! against the package (symbols exist with the signatures the types imply).
//!
//! Everything is index-keyed: a core import of the package (by its index in the
//! package's import list, which is what the engine reports) maps to an [`ImportFn`],
//! and a call to another component names the provider's index in the [`App`](super::App)
//! and the export's index in the provider's table.

use super::pool::ContextPool;
use super::table::{Owner, ResourceKey};
use crate::cabi::func::CallContext;
use crate::cabi::{CabiError, FlatType, FuncType, ResourceType, Type};
use crate::fasthash::FastMap;
use crate::instance::LoadedPackage;
use rivet_format::manifest::tables::{self, CoreImportKind, Prim, TypeDef, TypeRef};
use rivet_format::manifest::{Component, Manifest};
use rivet_format::package::{FuncSig, ImportKind, ValType};
use rivet_format::CodeHash;
use std::collections::HashMap;
use std::sync::Arc;
use thiserror::Error;

/// Why a manifest component's tables do not fit its package (the component-level
/// part of [`PrepareError`](super::PrepareError)).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WiringError {
    /// A function's type cannot be passed by the canonical ABI (floats, streams, an
    /// empty record...).
    #[error("function {function}: {error}")]
    Type {
        /// The export key or core import.
        function: String,
        /// Why.
        error: CabiError,
    },
    /// The package lacks a core function the tables name, or declares it with a core
    /// signature other than the one the function's type implies.
    #[error("core function {symbol} ({role}) is missing or has the wrong signature")]
    Symbol {
        /// The core export.
        symbol: String,
        /// What it is for (`export iface#f`, `post-return`, `destructor`).
        role: String,
    },
    /// A call target names a component the manifest does not have (cannot happen for
    /// a checked manifest).
    #[error("call target {0} is not a component of the manifest")]
    Target(CodeHash),
}

/// An exported component-level function.
#[derive(Debug)]
pub struct ExportFn {
    /// `iface@ver#func`, or the bare name of a world-level function.
    pub key: String,
    /// The same key, shared by the witnesses of every call.
    pub(crate) trace_key: Arc<str>,
    /// The component's name and this key, shared by the trace events of every call.
    pub(crate) trace_site: Arc<super::CallSite>,
    /// The core export to call.
    pub core: String,
    /// Its post-return function, when the package exports one.
    pub post_return: Option<String>,
    /// The function type.
    pub ty: FuncType,
    /// Whether a parameter holds a resource handle (then the call may have to run in
    /// the handle's home context): decided once here rather than on every call.
    pub(crate) params_have_handles: bool,
    /// The scalar layout of the signature, when it is all scalars: calls then take
    /// the fast path ([`crate::cabi::scalar`]), decided once here.
    pub(crate) scalar: Option<crate::cabi::ScalarSig>,
    /// The core export's pc and signature, resolved here so that a call looks
    /// nothing up by name.
    pub(crate) core_entry: (u32, FuncSig),
    /// The same for the post-return function.
    pub(crate) post_return_entry: Option<(u32, FuncSig)>,
}

/// Who serves an imported function.
#[derive(Debug, Clone)]
pub enum Target {
    /// Another component's export, by indices.
    Component {
        /// The provider's index in the app (components in manifest order).
        component: usize,
        /// The export's index in the provider's [`Linked::exports`].
        export: usize,
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

fn val_types(v: &[FlatType]) -> Vec<ValType> {
    v.iter()
        .map(|t| match t {
            FlatType::I32 => ValType::I32,
            FlatType::I64 => ValType::I64,
            FlatType::F32 => ValType::F32,
            FlatType::F64 => ValType::F64,
        })
        .collect()
}

impl ImportFn {
    /// The core signature the import must have.
    fn core_sig(&self) -> (Vec<ValType>, Vec<ValType>) {
        match self {
            ImportFn::Func { ty, .. } => {
                let s = ty.core_sig(CallContext::Lower);
                (val_types(&s.params), val_types(&s.results))
            }
            ImportFn::ResourceNew(_) | ImportFn::ResourceRep(_) => {
                (vec![ValType::I32], vec![ValType::I32])
            }
            ImportFn::ResourceDrop(_) => (vec![ValType::I32], vec![]),
        }
    }
}

/// A component prepared for one manifest.
#[derive(Debug)]
pub struct Linked {
    /// Code hash.
    pub hash: CodeHash,
    /// Name in the manifest.
    pub name: String,
    /// The same name, shared: what each trace event of a call carries (a reference
    /// count instead of a copy per event).
    pub(crate) trace_name: Arc<str>,
    /// The loaded package.
    pub package: Arc<LoadedPackage>,
    /// Exported functions, sorted by key (indices are the manifest's export indices).
    pub exports: Vec<Arc<ExportFn>>,
    /// Exported functions by exact key, and by `iface#func` (the key without the
    /// interface's `@version`) when that names exactly one export and is no exact key:
    /// one lookup per call.
    by_name: FastMap<String, usize>,
    /// What serves each core import of the package, by the package's import index
    /// (`None`: not wired, or declared with the wrong signature; instantiation fails).
    pub calls: Vec<Option<Arc<ImportFn>>>,
    /// The global identity of each entry of the component's resource table.
    pub resources: Vec<Arc<ResourceKey>>,
    /// Destructor export of each resource this component defines.
    pub dtors: HashMap<Arc<ResourceKey>, String>,
    /// Bytes of active data segments (what a fresh context copies).
    pub data_bytes: u64,
    /// Reused instances for this component's contexts.
    pub(crate) pool: ContextPool,
}

/// The component types of a table, built bottom-up (entries refer only to earlier
/// ones); an entry Rivet cannot pass is the reason, reported when a function uses it.
fn build_types(t: &tables::Tables) -> Vec<Result<Type, CabiError>> {
    let mut out: Vec<Result<Type, CabiError>> = Vec::with_capacity(t.types.len());
    for d in &t.types {
        let ty = build_type(t, &out, d);
        out.push(ty);
    }
    out
}

fn prim(p: Prim) -> Type {
    match p {
        Prim::Bool => Type::Bool,
        Prim::S8 => Type::S8,
        Prim::U8 => Type::U8,
        Prim::S16 => Type::S16,
        Prim::U16 => Type::U16,
        Prim::S32 => Type::S32,
        Prim::U32 => Type::U32,
        Prim::S64 => Type::S64,
        Prim::U64 => Type::U64,
        Prim::Char => Type::Char,
        Prim::String => Type::String,
        Prim::F32 => Type::F32,
        Prim::F64 => Type::F64,
    }
}

fn get(built: &[Result<Type, CabiError>], r: TypeRef) -> Result<Type, CabiError> {
    match r {
        TypeRef::Prim(p) => Ok(prim(p)),
        TypeRef::Def(i) => built
            .get(i as usize)
            .cloned()
            .unwrap_or_else(|| Err(CabiError::InvalidType(format!("type {i} out of range")))),
    }
}

fn build_type(
    t: &tables::Tables,
    built: &[Result<Type, CabiError>],
    d: &TypeDef,
) -> Result<Type, CabiError> {
    let g = |r: TypeRef| get(built, r);
    let opt = |r: Option<TypeRef>| r.map(g).transpose();
    let resource = |r: u32| ResourceType {
        name: t
            .resources
            .get(r as usize)
            .map_or_else(|| "resource".to_string(), |d| d.name.clone()),
        wit_id: None,
        index: Some(r),
    };
    match d {
        TypeDef::List(e) => Ok(Type::list(g(*e)?)),
        TypeDef::Record(name, fs) => {
            let fields = fs
                .iter()
                .map(|(n, r)| Ok((n.clone(), g(*r)?)))
                .collect::<Result<_, CabiError>>()?;
            Type::record(name.clone(), fields)
        }
        TypeDef::Tuple(ts) => Type::tuple(ts.iter().map(|r| g(*r)).collect::<Result<_, _>>()?),
        TypeDef::Variant(name, cs) => {
            let cases = cs
                .iter()
                .map(|(n, r)| Ok((n.clone(), opt(*r)?)))
                .collect::<Result<_, CabiError>>()?;
            Type::variant(name.clone(), cases)
        }
        TypeDef::Enum(name, cs) => Type::enum_(name.clone(), cs.clone()),
        TypeDef::Option(r) => Type::option(g(*r)?),
        TypeDef::Result(a, b) => Type::result(opt(*a)?, opt(*b)?),
        TypeDef::Flags(name, fs) => Type::flags(name.clone(), fs.clone()),
        TypeDef::Own(r) => Ok(Type::own(resource(*r))),
        TypeDef::Borrow(r) => Ok(Type::borrow(resource(*r))),
        TypeDef::Unsupported(why) => Err(CabiError::UnsupportedType(why.clone())),
    }
}

fn func_type(
    built: &[Result<Type, CabiError>],
    sig: &tables::FuncSig,
    function: &str,
) -> Result<FuncType, WiringError> {
    let err = |error| WiringError::Type {
        function: function.to_string(),
        error,
    };
    let params = sig
        .params
        .iter()
        .map(|(n, r)| Ok((n.clone(), get(built, *r)?)))
        .collect::<Result<_, CabiError>>()
        .map_err(err)?;
    let result = sig.result.map(|r| get(built, r)).transpose().map_err(err)?;
    FuncType::new(params, result).map_err(err)
}

impl Linked {
    /// Prepares `component` of `manifest` over its package: decodes the tables and
    /// checks every symbol they name against the package.
    pub fn new(
        package: Arc<LoadedPackage>,
        manifest: &Manifest,
        component: &Component,
    ) -> Result<Linked, WiringError> {
        let t = &component.tables;
        let built = build_types(t);
        let resources: Vec<Arc<ResourceKey>> = t
            .resources
            .iter()
            .map(|r| {
                Arc::new(ResourceKey {
                    owner: r.owner.map_or(Owner::Host, Owner::Component),
                    interface: r.interface.clone(),
                    name: r.name.clone(),
                })
            })
            .collect();
        let mut dtors = HashMap::new();
        for (r, key) in t.resources.iter().zip(&resources) {
            if let Some(d) = &r.dtor {
                check_symbol(&package, d, "destructor", &[ValType::I32], &[])?;
                dtors.insert(key.clone(), d.clone());
            }
        }
        let trace_name: Arc<str> = component.name.as_str().into();
        let mut exports = Vec::with_capacity(t.exports.len());
        for e in &t.exports {
            let ty = func_type(&built, &e.sig, &e.key)?;
            let core = ty.core_sig(CallContext::Lift);
            let (params, results) = (val_types(&core.params), val_types(&core.results));
            let core_entry = check_symbol(
                &package,
                &e.core,
                &format!("export {}", e.key),
                &params,
                &results,
            )?;
            let post_return_entry = match &e.post_return {
                Some(p) => Some(check_symbol(&package, p, "post-return", &results, &[])?),
                None => None,
            };
            let trace_key: Arc<str> = e.key.as_str().into();
            exports.push(Arc::new(ExportFn {
                key: e.key.clone(),
                trace_site: Arc::new(super::CallSite {
                    component: trace_name.clone(),
                    function: trace_key.clone(),
                }),
                trace_key,
                core: e.core.clone(),
                post_return: e.post_return.clone(),
                params_have_handles: super::tree::has_handles(ty.params_tuple()),
                scalar: ty.scalar_sig(),
                core_entry,
                post_return_entry,
                ty,
            }));
        }
        let mut calls = Vec::with_capacity(package.package().imports.len());
        for imp in &package.package().imports {
            let ImportKind::Func { sig, .. } = &imp.kind else {
                calls.push(None);
                continue;
            };
            let Some((_, c)) = t.import(&imp.module, &imp.name) else {
                calls.push(None);
                continue;
            };
            let f = import_fn(manifest, &built, &resources, c)?;
            let (p, r) = f.core_sig();
            calls.push((p == sig.params && r == sig.results).then(|| Arc::new(f)));
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
            by_name: names(&exports),
            hash: component.hash,
            name: component.name.clone(),
            trace_name,
            package,
            exports,
            calls,
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
        self.exports.get(*self.by_name.get(function)?)
    }

    /// What serves the package's core import number `index`.
    pub fn call(&self, index: usize) -> Option<&Arc<ImportFn>> {
        self.calls.get(index)?.as_ref()
    }
}

fn import_fn(
    manifest: &Manifest,
    built: &[Result<Type, CabiError>],
    resources: &[Arc<ResourceKey>],
    c: &tables::CoreImport,
) -> Result<ImportFn, WiringError> {
    let key = |r: u32| {
        resources
            .get(r as usize)
            .cloned()
            .ok_or_else(|| WiringError::Type {
                function: format!("{}.{}", c.module, c.name),
                error: CabiError::InvalidType(format!("resource {r} out of range")),
            })
    };
    Ok(match &c.kind {
        CoreImportKind::Func { name, sig, target } => {
            let ty = Arc::new(func_type(built, sig, name)?);
            let target = match target {
                tables::CallTarget::Host {
                    interface,
                    function,
                } => Target::Host {
                    interface: interface.clone(),
                    function: function.clone(),
                },
                tables::CallTarget::Component { hash, export } => Target::Component {
                    component: manifest
                        .components()
                        .binary_search_by(|c| c.hash.cmp(hash))
                        .map_err(|_| WiringError::Target(*hash))?,
                    export: *export as usize,
                },
            };
            ImportFn::Func {
                name: name.clone(),
                ty,
                target,
            }
        }
        CoreImportKind::ResourceNew(r) => ImportFn::ResourceNew(key(*r)?),
        CoreImportKind::ResourceRep(r) => ImportFn::ResourceRep(key(*r)?),
        CoreImportKind::ResourceDrop(r) => ImportFn::ResourceDrop(key(*r)?),
    })
}

fn check_symbol(
    package: &LoadedPackage,
    symbol: &str,
    role: &str,
    params: &[ValType],
    results: &[ValType],
) -> Result<(u32, FuncSig), WiringError> {
    match package.export_func(symbol) {
        Some((pc, sig)) if sig.params == params && sig.results == results => Ok((pc, sig.clone())),
        _ => Err(WiringError::Symbol {
            symbol: symbol.to_string(),
            role: role.to_string(),
        }),
    }
}

/// Every export's key, and `iface#func` for every export whose key carries a version
/// and whose short name is unambiguous and not itself a key.
fn names(exports: &[Arc<ExportFn>]) -> FastMap<String, usize> {
    let mut count: HashMap<String, usize> = HashMap::new();
    let short = |k: &str| {
        let (iface, func) = k.split_once('#')?;
        let (name, _) = iface.split_once('@')?;
        Some(format!("{name}#{func}"))
    };
    for e in exports {
        if let Some(s) = short(&e.key) {
            *count.entry(s).or_default() += 1;
        }
    }
    let exact = |s: &str| exports.binary_search_by(|e| e.key.as_str().cmp(s)).is_ok();
    let keys = exports.iter().enumerate().map(|(i, e)| (e.key.clone(), i));
    let shorts = exports.iter().enumerate().filter_map(|(i, e)| {
        let s = short(&e.key)?;
        (count.get(&s) == Some(&1) && !exact(&s)).then_some((s, i))
    });
    keys.chain(shorts).collect()
}
