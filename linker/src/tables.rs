//! The runtime tables of each component ([`rivet_format::manifest::tables`]): what the
//! runtime executes, derived here once from the package's WIT world so the runtime
//! never decodes WIT.
//!
//! Core names follow wit-bindgen: an exported interface function is
//! `iface@ver#func` (`#[constructor]R`, `#[method]R.m`, `#[static]R.f`), its
//! post-return function `cabi_post_<export>`, a destructor `iface@ver#[dtor]R`; an
//! imported one is module `iface@ver`, name `func`, with `[resource-drop]R`; world-level
//! functions use their own name (module `$root` for imports). An exported resource's
//! intrinsics are imported from module `[export]iface@ver`: `[resource-new]R`,
//! `[resource-rep]R`, `[resource-drop]R`. Post-return functions and destructors are
//! recorded only when the package exports them ([`LinkInput::core_exports`](crate::LinkInput)).
//!
//! Types are converted bottom-up into the table (aliases followed, definitions
//! memoised by `TypeId`), so each entry only refers to earlier ones. Types Rivet cannot
//! pass (floats, streams, ...) become [`TypeDef::Unsupported`]: linking succeeds and
//! the runtime refuses to prepare the component, as it always has.

use crate::error::LinkError;
use crate::input::{Target, Unit};
use rivet_format::manifest::tables::{
    CallTarget, CoreImport, CoreImportKind, ExportFn, FuncSig, Prim, ResourceDef, Tables, TypeDef,
    TypeRef, UNKNOWN_RESOURCE,
};
use rivet_format::manifest::{Import, Provider};
use rivet_format::CodeHash;
use std::collections::HashMap;
use wit_parser::{Function, Handle, InterfaceId, Resolve, Type, TypeDefKind, TypeId};

/// Deepest WIT nesting converted; deeper types become unsupported (bounded recursion
/// over untrusted WIT).
const MAX_DEPTH: usize = 100;

/// Builds one component's tables.
pub(crate) struct Builder<'r> {
    resolve: &'r Resolve,
    tables: Tables,
    memo: HashMap<TypeId, TypeRef>,
    resources: HashMap<TypeId, u32>,
}

fn interface_resources(resolve: &Resolve, id: InterfaceId) -> Vec<(String, TypeId)> {
    resolve.interfaces[id]
        .types
        .iter()
        .filter(|(_, t)| matches!(resolve.types[**t].kind, TypeDefKind::Resource))
        .map(|(n, t)| (n.clone(), *t))
        .collect()
}

fn functions(resolve: &Resolve, target: &Target) -> Vec<(String, Function)> {
    match target {
        Target::Interface(id) => resolve.interfaces[*id]
            .functions
            .iter()
            .map(|(n, f)| (n.clone(), f.clone()))
            .collect(),
        Target::Function(f) => vec![(f.name.clone(), (**f).clone())],
    }
}

impl<'r> Builder<'r> {
    /// Exports and resources of `unit` (code hash `hash`, core exports `core`, sorted);
    /// `imports` are the manifest's resolved imports (resources they bring in are
    /// registered now, functions by [`Builder::finish`]).
    pub fn new(unit: &'r Unit, hash: CodeHash, core: &[String], imports: &[Import]) -> Self {
        let resolve = &unit.resolve;
        let mut b = Builder {
            resolve,
            tables: Tables::default(),
            memo: HashMap::new(),
            resources: HashMap::new(),
        };
        let has = |name: &str| core.binary_search_by(|c| c.as_str().cmp(name)).is_ok();
        for item in &unit.exports {
            let Target::Interface(id) = item.target else {
                continue;
            };
            for (rname, tid) in interface_resources(resolve, id) {
                let dtor = format!("{}#[dtor]{rname}", item.name);
                let r = b.resource(
                    tid,
                    Some(hash),
                    &item.name,
                    &rname,
                    has(&dtor).then_some(dtor),
                );
                let module = format!("[export]{}", item.name);
                for (intrinsic, kind) in [
                    ("new", CoreImportKind::ResourceNew(r)),
                    ("rep", CoreImportKind::ResourceRep(r)),
                    ("drop", CoreImportKind::ResourceDrop(r)),
                ] {
                    b.tables.imports.push(CoreImport {
                        module: module.clone(),
                        name: format!("[resource-{intrinsic}]{rname}"),
                        kind,
                    });
                }
            }
        }
        for item in &unit.imports {
            let (Some(imp), Target::Interface(id)) =
                (imports.iter().find(|i| i.name == item.name), &item.target)
            else {
                continue;
            };
            let (owner, interface) = match &imp.provider {
                Provider::Component { hash, interface } => (Some(*hash), interface),
                Provider::Host { interface } => (None, interface),
            };
            for (rname, tid) in interface_resources(resolve, *id) {
                let r = b.resource(tid, owner, interface, &rname, None);
                b.tables.imports.push(CoreImport {
                    module: item.name.clone(),
                    name: format!("[resource-drop]{rname}"),
                    kind: CoreImportKind::ResourceDrop(r),
                });
            }
        }
        for item in &unit.exports {
            for (fname, f) in functions(resolve, &item.target) {
                let key = match item.target {
                    Target::Interface(_) => format!("{}#{fname}", item.name),
                    Target::Function(_) => fname.clone(),
                };
                let post = format!("cabi_post_{key}");
                let sig = b.sig(&f);
                b.tables.exports.push(ExportFn {
                    core: key.clone(),
                    key,
                    post_return: has(&post).then_some(post),
                    sig,
                });
            }
        }
        b.tables.exports.sort_by(|x, y| x.key.cmp(&y.key));
        b
    }

    /// Adds the function imports of `unit`, their targets found through `export_index`
    /// (provider hash, export key -> index), and returns the finished tables.
    pub fn finish(
        mut self,
        unit: &Unit,
        imports: &[Import],
        export_index: impl Fn(&CodeHash, &str) -> Option<u32>,
    ) -> Result<Tables, LinkError> {
        for item in &unit.imports {
            let Some(imp) = imports.iter().find(|i| i.name == item.name) else {
                // Imports the manifest does not list are never wired; a package that
                // declares one fails to instantiate.
                continue;
            };
            for (fname, f) in functions(self.resolve, &item.target) {
                let (module, name) = match item.target {
                    Target::Interface(_) => (item.name.clone(), format!("{}#{fname}", item.name)),
                    Target::Function(_) => ("$root".to_string(), fname.clone()),
                };
                let target = match &imp.provider {
                    Provider::Host { interface } => CallTarget::Host {
                        interface: interface.clone(),
                        function: fname.clone(),
                    },
                    Provider::Component { hash, interface } => {
                        let key = match item.target {
                            Target::Interface(_) => format!("{interface}#{fname}"),
                            Target::Function(_) => interface.clone(),
                        };
                        let export = export_index(hash, &key).ok_or_else(|| LinkError::Tables {
                            component: unit.name.clone(),
                            reason: format!("{name}: the provider has no export {key}"),
                        })?;
                        CallTarget::Component {
                            hash: *hash,
                            export,
                        }
                    }
                };
                let sig = self.sig(&f);
                self.tables.imports.push(CoreImport {
                    module,
                    name: fname,
                    kind: CoreImportKind::Func { name, sig, target },
                });
            }
        }
        self.tables
            .imports
            .sort_by(|x, y| (&x.module, &x.name).cmp(&(&y.module, &y.name)));
        self.tables
            .imports
            .dedup_by(|x, y| (&x.module, &x.name) == (&y.module, &y.name));
        Ok(self.tables)
    }

    /// The exports built so far, for other components' targets.
    pub fn exports(&self) -> &[ExportFn] {
        &self.tables.exports
    }

    fn resource(
        &mut self,
        tid: TypeId,
        owner: Option<CodeHash>,
        interface: &str,
        name: &str,
        dtor: Option<String>,
    ) -> u32 {
        let r = self.tables.resources.len() as u32;
        self.tables.resources.push(ResourceDef {
            owner,
            interface: interface.to_string(),
            name: name.to_string(),
            dtor,
        });
        self.resources.insert(tid, r);
        r
    }

    fn sig(&mut self, f: &Function) -> FuncSig {
        let params = f
            .params
            .iter()
            .map(|p| (p.name.clone(), self.ty(&p.ty, 0)))
            .collect();
        let result = f.result.as_ref().map(|t| self.ty(t, 0));
        FuncSig { params, result }
    }

    fn push(&mut self, d: TypeDef) -> TypeRef {
        self.tables.types.push(d);
        TypeRef::Def(self.tables.types.len() as u32 - 1)
    }

    fn ty(&mut self, ty: &Type, depth: usize) -> TypeRef {
        let prim = |p| TypeRef::Prim(p);
        match ty {
            Type::Bool => prim(Prim::Bool),
            Type::U8 => prim(Prim::U8),
            Type::U16 => prim(Prim::U16),
            Type::U32 => prim(Prim::U32),
            Type::U64 => prim(Prim::U64),
            Type::S8 => prim(Prim::S8),
            Type::S16 => prim(Prim::S16),
            Type::S32 => prim(Prim::S32),
            Type::S64 => prim(Prim::S64),
            Type::Char => prim(Prim::Char),
            Type::String => prim(Prim::String),
            Type::F32 => prim(Prim::F32),
            Type::F64 => prim(Prim::F64),
            Type::ErrorContext => self.push(TypeDef::Unsupported("error-context".into())),
            Type::Id(id) => self.def(*id, depth),
        }
    }

    fn opt(&mut self, ty: &Option<Type>, depth: usize) -> Option<TypeRef> {
        ty.as_ref().map(|t| self.ty(t, depth))
    }

    fn def(&mut self, id: TypeId, depth: usize) -> TypeRef {
        if let Some(t) = self.memo.get(&id) {
            return *t;
        }
        if depth >= MAX_DEPTH {
            return self.push(TypeDef::Unsupported(format!(
                "types nest deeper than {MAX_DEPTH}"
            )));
        }
        let d = depth + 1;
        let resolve = self.resolve;
        let def = &resolve.types[id];
        let name = def.name.clone();
        let t = match &def.kind {
            TypeDefKind::Type(t) => self.ty(t, d),
            TypeDefKind::Record(r) => {
                let fs = r
                    .fields
                    .iter()
                    .map(|f| (f.name.clone(), self.ty(&f.ty, d)))
                    .collect();
                self.push(TypeDef::Record(name, fs))
            }
            TypeDefKind::Tuple(t) => {
                let ts = t.types.iter().map(|t| self.ty(t, d)).collect();
                self.push(TypeDef::Tuple(ts))
            }
            TypeDefKind::Variant(v) => {
                let cs = v
                    .cases
                    .iter()
                    .map(|c| (c.name.clone(), self.opt(&c.ty, d)))
                    .collect();
                self.push(TypeDef::Variant(name, cs))
            }
            TypeDefKind::Enum(e) => {
                let cs = e.cases.iter().map(|c| c.name.clone()).collect();
                self.push(TypeDef::Enum(name, cs))
            }
            TypeDefKind::Flags(f) => {
                let fs = f.flags.iter().map(|c| c.name.clone()).collect();
                self.push(TypeDef::Flags(name, fs))
            }
            TypeDefKind::Option(t) => {
                let t = self.ty(t, d);
                self.push(TypeDef::Option(t))
            }
            TypeDefKind::Result(r) => {
                let (ok, err) = (self.opt(&r.ok, d), self.opt(&r.err, d));
                self.push(TypeDef::Result(ok, err))
            }
            TypeDefKind::List(t) => {
                let t = self.ty(t, d);
                self.push(TypeDef::List(t))
            }
            TypeDefKind::Handle(Handle::Own(r)) => {
                let r = self.resource_of(*r);
                self.push(TypeDef::Own(r))
            }
            TypeDefKind::Handle(Handle::Borrow(r)) => {
                let r = self.resource_of(*r);
                self.push(TypeDef::Borrow(r))
            }
            other => self.push(TypeDef::Unsupported(other.as_str().to_string())),
        };
        self.memo.insert(id, t);
        t
    }

    /// The resource-table index of the resource a handle refers to (aliases followed).
    fn resource_of(&self, mut id: TypeId) -> u32 {
        for _ in 0..MAX_DEPTH {
            if let Some(r) = self.resources.get(&id) {
                return *r;
            }
            match &self.resolve.types[id].kind {
                TypeDefKind::Type(Type::Id(next)) => id = *next,
                _ => return UNKNOWN_RESOURCE,
            }
        }
        UNKNOWN_RESOURCE
    }
}
